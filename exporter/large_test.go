package exporter_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// consolidateOne checks file as consolidate does (a large sheet's rows
// spooled) and writes the outputs, returning the result and the output
// folder.
func consolidateOne(t *testing.T, file string) (*check.Submission, string) {
	return consolidateWith(t, file, check.Options{KeepTables: true, SpoolTables: true})
}

// consolidateWith is consolidateOne with the check's options given.
func consolidateWith(t *testing.T, file string, opt check.Options) (*check.Submission, string) {
	t.Helper()
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	r := check.File(s, file, opt)
	t.Cleanup(func() { r.Close() })
	check.CheckBatch([]*check.Submission{r}, rules.Swedish)
	out := filepath.Join(t.TempDir(), "ut")
	if _, err := exporter.Consolidate(out, exporter.Run{Spec: s, Results: []*check.Submission{r}, Version: "test"}, exporter.Options{}); err != nil {
		t.Fatal(err)
	}
	return r, out
}

// selectedParts returns the worksheet parts of a workbook that are
// selected (tabSelected).
func selectedParts(t *testing.T, data []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") || !strings.HasSuffix(zf.Name, ".xml") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(b, []byte(`tabSelected="1"`)) || bytes.Contains(b, []byte(`tabSelected="true"`)) {
			out = append(out, zf.Name)
		}
	}
	return out
}

func findingsOf(r *check.Submission, rule string) []rules.Finding {
	var out []rules.Finding
	for _, f := range r.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// TestLargeSheetNotCopied: when a large sheet's rows cannot be spooled
// (here: the check is asked not to), a Drift sheet over the limit (20,000
// rows, 6 MB of sheet data, 80,000 cells that cannot be read) is checked
// fully, but its rows are not copied into Sammanställning.xlsx, the
// department is left out of the totals, and its cells are not marked in
// the feedback workbook: each with a line that says so.
func TestLargeSheetNotCopied(t *testing.T) {
	file := filepath.Join(t.TempDir(), "stor.xlsx")
	if err := fixtures.HostileFile(file, "bad", 80_000); err != nil {
		t.Fatal(err)
	}
	r, out := consolidateWith(t, file, check.Options{KeepTables: true})
	if !slices.Equal(r.NotKept, []string{"Drift"}) || len(r.Tables["Drift"].Rows) != 0 {
		t.Fatalf("NotKept = %v, %d Drift rows kept; want [Drift] and none", r.NotKept, len(r.Tables["Drift"].Rows))
	}
	too := findingsOf(r, check.SheetTooLargeRule)
	if len(too) != 1 || too[0].Ref.Sheet != "Drift" || too[0].Severity != rules.Warning || !strings.Contains(too[0].Message, "4 MiB") || too[0].Actual != "20001" {
		t.Errorf("sheet too large: %+v, want one warning at Drift stating the limit and the rows", too)
	}
	if n := len(findingsOf(r, "import.not_a_number")); n != 50 {
		t.Errorf("%d import.not_a_number findings, want 50 (the check stays complete)", n)
	}

	book, err := excelize.OpenFile(filepath.Join(out, "Sammanställning.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	if rows, _ := book.GetRows("Drift"); len(rows) != 1 {
		t.Errorf("Sammanställning Drift has %d rows, want the header only", len(rows))
	}
	if v, _ := book.GetCellValue("Översikt", "H2"); !strings.Contains(v, "nej – för stort för sammanställningen: Drift") {
		t.Errorf("Översikt!H2 = %q, want it to say the sheet was too large", v)
	}

	fb, err := excelize.OpenFile(filepath.Join(out, "feedback", "Stora nämnden.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer fb.Close()
	atCells := 0
	for _, f := range r.Findings {
		if f.Ref.Sheet == "Drift" && f.Ref.Row > 0 && f.Ref.Col > 0 {
			atCells++
		}
	}
	note := fmt.Sprintf("Cellerna i bladet Drift markeras inte: bladen med fynd har mer än 4 MiB data, gränsen för markeringar. Bladets %d fynd", atCells)
	if rows, _ := fb.GetRows("Återkoppling"); len(rows) < 3 || !strings.Contains(strings.Join(rows[2], " "), note) {
		t.Errorf("Återkoppling has no note on the unmarked sheet: %q", rows[:min(len(rows), 4)])
	}
	if st, _ := fb.GetCellStyle("Drift", "C3"); st != 0 {
		t.Errorf("Drift!C3 has style %d, want it left unmarked (0)", st)
	}
	if list := fb.GetSheetList(); list[0] != "Återkoppling" || fb.GetActiveSheetIndex() != 0 {
		t.Errorf("sheets %v, active %d; want Återkoppling first and active", list, fb.GetActiveSheetIndex())
	}
	data, err := os.ReadFile(filepath.Join(out, "feedback", "Stora nämnden.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if sel := selectedParts(t, data); len(sel) != 1 {
		t.Errorf("selected sheets %v, want Återkoppling alone", sel)
	}
}

// TestLargeSheetConsolidated: as consolidate checks it, a Drift sheet
// over 4 MiB (20,000 rows, 80,000 cells that cannot be read) is spooled
// and copied whole into Sammanställning.xlsx, row for row and value for
// value, the department in the totals, its totals below the rows, the
// sheet's dimension its used range; its cells are still not marked in the
// feedback workbook (the feedback writer's limit), which says so.
func TestLargeSheetConsolidated(t *testing.T) {
	file := filepath.Join(t.TempDir(), "stor.xlsx")
	if err := fixtures.HostileFile(file, "bad", 80_000); err != nil {
		t.Fatal(err)
	}
	r, out := consolidateOne(t, file)
	if r.Spooled["Drift"] == nil || len(r.NotKept) > 0 || len(findingsOf(r, check.SheetTooLargeRule)) > 0 {
		t.Fatalf("Drift not spooled: NotKept %v, findings %v", r.NotKept, findingsOf(r, check.SheetTooLargeRule))
	}
	var src []importer.Row
	if err := r.EachRow("Drift", func(row importer.Row) error { src = append(src, row); return nil }); err != nil {
		t.Fatal(err)
	}
	if len(src) != r.RowsRead["Drift"] || len(src) < 20_000 {
		t.Fatalf("%d rows spooled, %d read", len(src), r.RowsRead["Drift"])
	}
	book, err := excelize.OpenFile(filepath.Join(out, "Sammanställning.xlsx"), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	rows, err := book.GetRows("Drift")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) < 1+len(src)+2 {
		t.Fatalf("Sammanställning Drift has %d rows, want the header, %d data rows and the totals", len(rows), len(src))
	}
	tab := r.Tables["Drift"]
	for _, i := range []int{0, 1, len(src) / 2, len(src) - 1} {
		got := rows[1+i]
		for j, col := range tab.Columns {
			v := src[i].Values[j]
			if v.Kind != importer.Number || col.Spec.Type == importer.TypePercent {
				continue
			}
			if k := 1 + j; k >= len(got) || got[k] != v.Num.String() {
				t.Errorf("Drift row %d, %s: %q, want %s", i+2, col.Header, got[min(k, len(got)-1)], v.Num)
			}
		}
	}
	title := strings.Join(rows[1+len(src)+1], " ")
	if !strings.Contains(title, "Kommunen totalt") {
		t.Errorf("row %d after the data rows is %q, want the totals' title", 2+len(src)+1, title)
	}
	if dim, _ := book.GetSheetDimension("Drift"); !strings.HasSuffix(dim, fmt.Sprint(len(rows))) {
		t.Errorf("Drift's dimension %q, want it to end at row %d", dim, len(rows))
	}
	if v, _ := book.GetCellValue("Översikt", "H2"); strings.HasPrefix(v, "nej") {
		t.Errorf("Översikt!H2 = %q, want the department in the totals", v)
	}
	fb, err := excelize.OpenFile(filepath.Join(out, "feedback", "Stora nämnden.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer fb.Close()
	if rows, _ := fb.GetRows("Återkoppling"); len(rows) < 3 || !strings.Contains(strings.Join(rows[2], " "), "Cellerna i bladet Drift markeras inte") {
		t.Errorf("Återkoppling has no note on the unmarked sheet: %q", rows[:min(len(rows), 4)])
	}
}

// TestNoFeedbackWorkbook: a workbook over a feedback workbook's limits
// gets its feedback as text only, and a warning that states the limit.
func TestNoFeedbackWorkbook(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads workbooks of 20 and 70 MB unpacked")
	}
	for _, tt := range []struct {
		name, limit string
		write       func(file string) error
	}{
		{"shared strings over 16 MiB (700,000 unused, 20 MB)", "16 MiB",
			func(file string) error { return fixtures.HostileFile(file, "strings", 700_000) }},
		{"over 64 MiB unpacked (a Drift sheet of 240,000 rows, 70 MB)", "64 MiB",
			func(file string) error { return fixtures.LargeDriftFile(file, 240_000) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "stor.xlsx")
			if err := tt.write(file); err != nil {
				t.Fatal(err)
			}
			r, out := consolidateOne(t, file)
			no := findingsOf(r, check.NoFeedbackRule)
			if !r.NoFeedbackWorkbook || len(no) != 1 || !strings.Contains(no[0].Message, tt.limit) {
				t.Errorf("NoFeedbackWorkbook = %v, findings %+v; want set, with one stating %s", r.NoFeedbackWorkbook, no, tt.limit)
			}
			if _, err := os.Stat(filepath.Join(out, "feedback", "Stora nämnden.xlsx")); err == nil {
				t.Error("a feedback workbook was written")
			}
			text, err := os.ReadFile(filepath.Join(out, "feedback", "Stora nämnden.txt"))
			if err != nil || !strings.Contains(string(text), tt.limit) {
				t.Errorf("feedback text (%v) does not say why there is no workbook:\n%s", err, text)
			}
		})
	}
}
