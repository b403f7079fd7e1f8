package importer_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/importer"
)

// describeTable is what a test compares of a table read: its header row,
// columns (with the year a pattern captured) and rows, and the problems.
func describeTable(tb *importer.Table, problems []importer.Problem) string {
	var b strings.Builder
	if tb != nil {
		fmt.Fprintf(&b, "header row %d\n", tb.HeaderRow)
		for _, c := range tb.Columns {
			fmt.Fprintf(&b, "column %s %q at %d, year %d\n", c.Spec.Name, c.Header, c.Col, c.Year)
		}
		for _, r := range tb.Rows {
			fmt.Fprintf(&b, "row %d: %v\n", r.Num, r.Values)
		}
	}
	for _, p := range problems {
		fmt.Fprintf(&b, "problem %s %s %s %s\n", p.Code, p.Ref.Cell(), p.Column, p.Text)
	}
	return b.String()
}

// TestHeaderMemo: a header row resolved once for a layout is resolved
// the same for the next workbook that has it, wherever it stands, with
// titles above it, duplicated and year columns; a row that is no header
// stays none.
func TestHeaderMemo(t *testing.T) {
	layout := importer.SheetLayout{Name: "Indikatorer", Required: true, Key: "Indikator", Columns: []importer.Column{
		{Header: "Indikator", Type: importer.TypeText, Required: true},
		{Name: "Utfall", Header: "Utfall", Pattern: `^(\d{4})$`, Repeat: true, Type: importer.TypeNumber, Required: true},
		{Name: "Etappmål", Header: "Etappmål", Pattern: `^etappmål (\d{4})$`, Type: importer.TypeText},
	}}
	header := []any{"Indikator", "2022", "2023", "ETAPPMÅL  2023", "Etappmål 2024", "Indikator"}
	sheets := map[string][][]any{
		"header first":        {header, {"Andel", 1, 2, "≥3"}},
		"titles above":        {{"Indikatorer 2023"}, {"Fyll i"}, header, {"Andel", 4, 5, "≥6"}},
		"other titles":        {{"Indikatorer"}, header, {"Andel", 7, 8, "≥9"}},
		"header missing":      {{"Indikator", "2023"}, {"Andel", 1}},
		"header row repeated": {header, header, {"Andel", 1, 2, "3"}},
	}
	files := map[string]string{}
	for name, rows := range sheets {
		files[name] = build(t, func(f *excelize.File) {
			f.SetSheetName("Sheet1", "Indikatorer")
			for i, r := range rows {
				f.SetSheetRow("Indikatorer", fmt.Sprintf("A%d", i+1), &r)
			}
		})
	}
	read := func(name string) string {
		wb, err := importer.Open(files[name], importer.Options{})
		if err != nil {
			t.Fatal(err)
		}
		defer wb.Close()
		tb, err := wb.Read(&layout)
		if err != nil {
			t.Fatal(err)
		}
		return describeTable(tb, wb.Problems)
	}
	order := []string{"header first", "titles above", "other titles", "header missing", "header row repeated"}
	want := map[string]string{}
	for _, name := range order {
		if err := layout.Compile(); err != nil { // an empty memo
			t.Fatal(err)
		}
		want[name] = read(name)
	}
	if !strings.Contains(want["titles above"], "header row 3\n") || !strings.Contains(want["titles above"], "column_duplicate E3") {
		t.Fatalf("titles above read as\n%s", want["titles above"])
	}
	if err := layout.Compile(); err != nil {
		t.Fatal(err)
	}
	for range 2 {
		for _, name := range order {
			if got := read(name); got != want[name] {
				t.Errorf("%s, after the others:\n%s\nwant\n%s", name, got, want[name])
			}
		}
	}
}
