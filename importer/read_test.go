package importer_test

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

var update = flag.Bool("update", false, "update golden files")

const fixtureDir = "../fixtures/inlamnat"

// readAll reads every sheet of the default spec from a workbook.
func readAll(t *testing.T, file string) (map[string]*importer.Table, []importer.Problem) {
	t.Helper()
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	wb, err := importer.Open(file, importer.Options{})
	if err != nil {
		t.Fatalf("Open(%s): %v", file, err)
	}
	defer wb.Close()
	tables := map[string]*importer.Table{}
	for _, sl := range s.Layouts() {
		tb, err := wb.Read(sl)
		if err != nil {
			t.Fatalf("Read(%s): %v", sl.Name, err)
		}
		if tb != nil {
			tables[sl.Name] = tb
		}
	}
	return tables, wb.Problems
}

// dump renders tables as TSV: sheet, cell, column, kind, value.
func dump(s *spec.Spec, tables map[string]*importer.Table) string {
	var b strings.Builder
	for _, sh := range s.Sheets {
		tb := tables[sh.Name]
		if tb == nil {
			continue
		}
		for _, r := range tb.Rows {
			for i, v := range r.Values {
				if v.Kind == importer.Empty {
					continue
				}
				fmt.Fprintf(&b, "%s\t%s\t%s\t%d\t%s\n", tb.Sheet, tb.Ref(v).Cell(), tb.Columns[i].Spec.Name, v.Kind, v.String())
			}
		}
	}
	return b.String()
}

func TestKommunstyrelsenGolden(t *testing.T) {
	tables, problems := readAll(t, filepath.Join(fixtureDir, "kommunstyrelsen-2023.xlsx"))
	s, _ := spec.Default()
	got := dump(s, tables)
	golden := filepath.Join("testdata", "kommunstyrelsen-2023.tsv")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatalf("%v (run go test ./importer -update)", err)
	}
	if got != string(want) {
		t.Errorf("tables differ from %s; run go test ./importer -update and review the diff", golden)
	}
	for _, p := range problems {
		if p.Code != importer.NumberAsText {
			t.Errorf("unexpected problem %s at %s", p.Code, p.Ref)
		}
	}
}

// find returns the value of column col in the row whose key is key.
func find(t *testing.T, tb *importer.Table, key, col string) importer.Value {
	t.Helper()
	k := tb.Index(tb.Layout.Key)
	for _, r := range tb.Rows {
		if r.Values[k].Text == key {
			return tb.Value(r, col)
		}
	}
	t.Fatalf("%s: no row %q", tb.Sheet, key)
	return importer.Value{}
}

func TestKommunstyrelsenFigures(t *testing.T) {
	tables, _ := readAll(t, filepath.Join(fixtureDir, "kommunstyrelsen-2023.xlsx"))
	tests := []struct {
		sheet, key, col string
		want            string
		cell            string
	}{
		{"Drift", "Resultat", "Budget helår", "-728902", "C24"},
		{"Drift", "Resultat", "Utfall helår", "-750925", "D24"},
		{"Drift", "Äldre och personer med funktionsnedsättning", "Avvikelse (%)", "1", "F19"},
		{"Drift", "Färdtjänst/riksfärdtjänst", "Avvikelse (%)", "-1", "F21"},
		{"Drift", "Infrastruktur (Övrigt)", "Avvikelse (%)", "-859", "F17"},
		{"Resultaträkning", "Verksamhetens kostnader", "Budget helår", "-774627", "C8"},
		{"Indikatorer", "Fordon med förnyelsebara drivmedel i fordonsflottan (%)", "Etappmål", ">80", "F12"},
		{"Indikatorer", "Sjukfrånvaro (KF) (%)", "Etappmål", "<7,8 %", "F21"},
		{"Personal", "Personalomsättning (%)", "Förändring", "-8.7", "D3"},
		{"Intern kontroll", "Totalt", "Stickprov", "114", "B12"},
	}
	for _, tt := range tests {
		v := find(t, tables[tt.sheet], tt.key, tt.col)
		if v.String() != tt.want || tables[tt.sheet].Ref(v).Cell() != tt.cell {
			t.Errorf("%s %q %s = %s at %s, want %s at %s", tt.sheet, tt.key, tt.col, v.String(), tables[tt.sheet].Ref(v).Cell(), tt.want, tt.cell)
		}
	}
	// The year columns of Indikatorer carry their years.
	ind := tables["Indikatorer"]
	years := []int{}
	for _, i := range ind.Indexes("Utfall") {
		years = append(years, ind.Columns[i].Year)
	}
	if fmt.Sprint(years) != "[2021 2022 2023]" {
		t.Errorf("Indikatorer years = %v, want [2021 2022 2023]", years)
	}
	fordon := ind.Rows[10]
	if got := fordon.Values[ind.Indexes("Utfall")[2]]; got.String() != "61.7" {
		t.Errorf("Fordon 2023 = %s, want 61.7", got.String())
	}
	for _, r := range ind.Rows {
		if ind.Value(r, "Indikator").Text == "Sjukfrånvaro (KF) (%)" {
			if got := r.Values[ind.Indexes("Utfall")[0]].String(); got != "8.5" {
				t.Errorf("Sjukfrånvaro KF 2021 = %s, want 8.5 (text \"8,5 %%\")", got)
			}
		}
	}
	if got := tables["Drift"].Skipped; got != 3 {
		t.Errorf("Drift skipped %d heading rows, want 3 (Varav:)", got)
	}
	info := tables["Info"]
	if d := info.Value(info.Rows[0], "Inlämnad"); d.Kind != importer.Date || d.String() != "2024-02-15" {
		t.Errorf("Info Inlämnad = %v %q, want date 2024-02-15", d.Kind, d.String())
	}
}

// TestReorderedHeader reads a fixture whose Drift columns are in another
// order, with line breaks, odd case and spaces in the headers and a title
// row above them.
func TestReorderedHeader(t *testing.T) {
	tables, problems := readAll(t, filepath.Join(fixtureDir, "kultur-och-fritidsnamnden-2023.xlsx"))
	d := tables["Drift"]
	if d == nil {
		t.Fatalf("Drift not read; problems: %v", problems)
	}
	if d.HeaderRow != 2 {
		t.Errorf("HeaderRow = %d, want 2", d.HeaderRow)
	}
	for _, name := range []string{"Verksamhet", "Ingår i", "Utfall helår", "Avvikelse (%)"} {
		if d.Index(name) < 0 {
			t.Errorf("column %q not found", name)
		}
	}
	root := find(t, d, "Resultat", "Avvikelse (%)")
	if root.Kind != importer.Number {
		t.Errorf("Resultat Avvikelse (%%) kind %v, want a number", root.Kind)
	}
}

// build writes a small workbook for a test; fill gets the file.
func build(t *testing.T, fill func(f *excelize.File)) string {
	t.Helper()
	f := excelize.NewFile()
	fill(f)
	name := filepath.Join(t.TempDir(), "test.xlsx")
	if err := f.SaveAs(name); err != nil {
		t.Fatal(err)
	}
	return name
}

var driftLayout = &importer.SheetLayout{Name: "Drift", Required: true, Key: "Verksamhet", Columns: []importer.Column{
	{Header: "Verksamhet", Type: importer.TypeText, Required: true},
	{Header: "Budget helår", Type: importer.TypeAmount, Required: true},
	{Header: "Avvikelse (%)", Type: importer.TypePercent, Required: true},
	{Header: "Inlämnad", Type: importer.TypeDate},
}}

func init() {
	if err := driftLayout.Compile(); err != nil {
		panic(err)
	}
}

func TestCellReading(t *testing.T) {
	file := build(t, func(f *excelize.File) {
		f.SetSheetName("Sheet1", " drift ")
		f.SetCellStr(" drift ", "A1", "Rapport 2023")
		f.SetSheetRow(" drift ", "A3", &[]any{"VERKSAMHET", "Budget\nhelår", "Avvikelse  (%)", "Inlämnad"})
		pct, _ := f.NewStyle(&excelize.Style{NumFmt: 9})
		custom := "0,0 %"
		pct2, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &custom})
		rows := [][]any{
			{"Text i belopp", "abc", nil},                    // 4
			{"För stort", "1e20", nil},                       // 5
			{"Procentformat", -1744, nil},                    // 6
			{"Svensk text", "−3 277", "−3 %"},                // 7
			{"Felvärde", nil, nil},                           // 8
			{"Varav:", nil, nil},                             // 9
			{"Streck", "-", "-"},                             // 10
			{"Flyttal", nil, nil},                            // 11
			{"Datum som text", 1, nil, "2024-02-30"},         // 12
			{"Anpassat procentformat", 5, nil, "2024-02-15"}, // 13
			{"Formel", nil, nil},                             // 14
		}
		for i, r := range rows {
			ref := fmt.Sprintf("A%d", 4+i)
			f.SetSheetRow(" drift ", ref, &r)
		}
		f.SetCellDefault(" drift ", "B5", "1e20")
		f.SetCellDefault(" drift ", "C6", "0.0097")
		f.SetCellStyle(" drift ", "C6", "C6", pct)
		f.SetCellFormula(" drift ", "C8", "1/0")
		f.SetCellFormula(" drift ", "B8", "1/0")
		f.SetCellFormula(" drift ", "B14", "B6*2")
		f.SetCellFormula(" drift ", "C14", "MYUDF(1)")
		f.SetCellDefault(" drift ", "B11", "-56174.000000000007")
		f.SetCellDefault(" drift ", "C13", "0.125")
		f.SetCellStyle(" drift ", "C13", "C13", pct2)
	})
	// excelize writes no cached value for formulas: B8, C8, B14 and C14
	// have none, so the importer computes what it can (B14, and #DIV/0! for B8, C8).
	wb, err := importer.Open(file, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	tb, err := wb.Read(driftLayout)
	if err != nil || tb == nil {
		t.Fatalf("Read = %v, %v; problems %v", tb, err, wb.Problems)
	}
	got := map[string]string{}
	for _, r := range tb.Rows {
		for _, v := range r.Values {
			if v.Kind != importer.Empty {
				got[tb.Ref(v).Cell()] = fmt.Sprintf("%d:%s", v.Kind, v.String())
			}
		}
	}
	want := map[string]string{
		"B6": "1:-1744", "C6": "1:0.97", // 0.0097 formatted as percent is 0,97 %
		"B7": "1:-3277", "C7": "1:-3",
		"B11": "1:-56174",
		"C13": "1:12.5", // 0.125 formatted "0,0 %" is 12,5 %
		"D13": "3:2024-02-15",
		"B12": "1:1",
		"B14": "1:-3488", // computed here: the file has no cached value
	}
	for cell, w := range want {
		if got[cell] != w {
			t.Errorf("%s = %q, want %q", cell, got[cell], w)
		}
	}
	for _, cell := range []string{"B10", "C10"} {
		if _, ok := got[cell]; ok {
			t.Errorf("%s = %q, want empty for \"-\"", cell, got[cell])
		}
	}
	codes := map[string]importer.Code{}
	for _, p := range wb.Problems {
		codes[p.Ref.Cell()] += " " + p.Code
		if p.Ref.File != file || p.Ref.Sheet != " drift " {
			t.Errorf("problem %s has ref %+v", p.Code, p.Ref)
		}
	}
	wantCodes := map[string]importer.Code{
		"B4": " " + importer.NotANumber, "B5": " " + importer.NumberTooLarge,
		"B7": " " + importer.NumberAsText, "C7": " " + importer.NumberAsText,
		"B8":  " " + importer.ExcelError, // 1/0 computes to #DIV/0!
		"C8":  " " + importer.ExcelError,
		"C14": " " + importer.FormulaNoValue, // a function not computed here
		"B14": " import.formula_recomputed",
		"D12": " " + importer.BadDate,
		"C6":  " " + importer.TooManyDecimals, // 0,97 % typed in a column of whole percent
		"C13": " " + importer.TooManyDecimals, // 12,5 %
	}
	for cell, w := range wantCodes {
		if codes[cell] != w {
			t.Errorf("problem at %s = %q, want %q", cell, codes[cell], w)
		}
	}
	if len(codes) != len(wantCodes) {
		t.Errorf("problems = %v, want %v", codes, wantCodes)
	}
	if tb.Skipped != 2 {
		t.Errorf("Skipped = %d, want 2 (Varav: and a row of dashes)", tb.Skipped)
	}
	for _, r := range tb.Rows {
		if tb.Value(r, "Verksamhet").Text == "Text i belopp" && tb.Value(r, "Budget helår").Kind != importer.Invalid {
			t.Errorf("abc in an amount cell should be Invalid")
		}
	}
}

func TestMissingSheetAndHeader(t *testing.T) {
	file := build(t, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Drift")
		f.SetSheetRow("Drift", "A1", &[]any{"Verksamhet", "Budgett helår", "Avvikelse (%)"})
		f.SetSheetRow("Drift", "A2", &[]any{"Politisk verksamhet", 1, 2})
	})
	wb, err := importer.Open(file, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	tb, _ := wb.Read(driftLayout)
	if tb != nil {
		t.Errorf("Read returned a table without a header row")
	}
	other := &importer.SheetLayout{Name: "Personal", Required: true, Columns: []importer.Column{{Header: "Nyckeltal", Type: importer.TypeText, Required: true}}}
	other.Compile()
	if tb, _ := wb.Read(other); tb != nil {
		t.Errorf("Read of a missing sheet returned a table")
	}
	var got []string
	for _, p := range wb.Problems {
		got = append(got, fmt.Sprintf("%s %s %s", p.Code, p.Ref.Cell(), p.Column))
	}
	want := []string{"import.column_missing 1 Budget helår", "import.sheet_missing  "}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("problems = %q, want %q", got, want)
	}
}

func TestHiddenRowAndManyProblems(t *testing.T) {
	file := build(t, func(f *excelize.File) {
		f.SetSheetName("Sheet1", "Drift")
		f.SetSheetRow("Drift", "A1", &[]any{"Verksamhet", "Budget helår", "Avvikelse (%)"})
		for r := 2; r < 100; r++ {
			f.SetSheetRow("Drift", fmt.Sprintf("A%d", r), &[]any{"x", "fel", 1})
		}
		f.SetRowVisible("Drift", 5, false)
	})
	wb, err := importer.Open(file, importer.Options{MaxProblems: 10})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	if _, err := wb.Read(driftLayout); err != nil {
		t.Fatal(err)
	}
	counts := map[importer.Code]int{}
	more := 0
	for _, p := range wb.Problems {
		counts[p.Code]++
		if p.Code == importer.MoreProblems {
			more = p.Count
		}
	}
	if counts[importer.NotANumber] != 10 || more != 88 || counts[importer.HiddenRow] != 1 {
		t.Errorf("counts = %v, more = %d; want 10 not_a_number, 88 more, 1 hidden row", counts, more)
	}
	if c := wb.Checks()[importer.NotANumber]; c.Failed != 98 || c.Evaluated != 196 {
		t.Errorf("check not_a_number = %+v, want 196 evaluated (two number columns), 98 failed", c)
	}
}

func TestDecimalsRounded(t *testing.T) {
	d, _, err := importer.ParseNumber("2,5")
	if err != nil || !d.Round(0).Equal(decimal.NewFromInt(3)) {
		t.Errorf("2,5 rounds to %s, want 3 (half away from zero)", d.Round(0))
	}
}
