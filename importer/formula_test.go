package importer_test

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/importer"
)

// rawBook writes a workbook by hand: sheets by name, each the XML inside
// its <sheetData>, in order. Cells the way openpyxl writes formulas (no t,
// <v></v> or <v/>) cannot be made with excelize.
func rawBook(t testing.TB, sheets ...[2]string) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "raw.xlsx")
	var list, rels strings.Builder
	parts := map[string]string{}
	for i, s := range sheets {
		fmt.Fprintf(&list, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, s[0], i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, i+1)
		parts[fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)] = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>` + s[1] + `</sheetData></worksheet>`
	}
	parts["[Content_Types].xml"] = `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>`
	parts["_rels/.rels"] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`
	parts["xl/workbook.xml"] = `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>` + list.String() + `</sheets></workbook>`
	parts["xl/_rels/workbook.xml.rels"] = `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels.String() + `</Relationships>`
	data, err := fixtures.ZipOf(parts)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// driftRows is the Drift sheet's header (Verksamhet, Budget helår,
// Avvikelse (%)) and the rows given as the cells of columns A and B,
// from row 2.
func driftRows(rows ...string) string {
	var b strings.Builder
	b.WriteString(`<row r="1"><c r="A1" t="inlineStr"><is><t>Verksamhet</t></is></c><c r="B1" t="inlineStr"><is><t>Budget helår</t></is></c><c r="C1" t="inlineStr"><is><t>Avvikelse (%)</t></is></c></row>`)
	for i, r := range rows {
		n := i + 2
		fmt.Fprintf(&b, `<row r="%d"><c r="A%d" t="inlineStr"><is><t>rad %d</t></is></c>%s</row>`, n, n, n, strings.ReplaceAll(r, "{r}", fmt.Sprint(n)))
	}
	return b.String()
}

// readDrift reads the Drift sheet: the values by cell and the problems by
// cell, as "code" or "code text".
func readDrift(t testing.TB, file string) (values, problems map[string]string) {
	t.Helper()
	wb, err := importer.Open(file, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	tb, err := wb.Read(driftLayout)
	if err != nil || tb == nil {
		t.Fatalf("Read = %v, %v; problems %v", tb, err, wb.Problems)
	}
	values, problems = map[string]string{}, map[string]string{}
	for _, r := range tb.Rows {
		for i, v := range r.Values {
			if i > 0 && v.Kind == importer.Number {
				values[tb.Ref(v).Cell()] = v.String()
			}
		}
	}
	for _, p := range wb.Problems {
		problems[p.Ref.Cell()] = strings.TrimSpace(string(p.Code) + " " + p.Text)
	}
	return values, problems
}

const (
	b2 = `<c r="B{r}"><v>-34208</v></c>`
	b3 = `<c r="B{r}"><v>-6360</v></c>`
)

func TestUncachedFormulas(t *testing.T) {
	tests := []struct {
		name     string
		rows     []string
		other    string // a second sheet, "Extern finansiering"
		values   map[string]string
		problems map[string]string
	}{
		{name: "openpyxl <v></v>",
			rows:     []string{b2, b3, `<c r="B{r}"><f>SUM(B2,B3)</f><v></v></c>`},
			values:   map[string]string{"B2": "-34208", "B3": "-6360", "B4": "-40568"},
			problems: map[string]string{"B4": "import.formula_recomputed -40568"}},
		{name: "openpyxl <v/>",
			rows:     []string{b2, b3, `<c r="B{r}"><f>SUM(B2:B3)</f><v/></c>`},
			values:   map[string]string{"B2": "-34208", "B3": "-6360", "B4": "-40568"},
			problems: map[string]string{"B4": "import.formula_recomputed -40568"}},
		{name: "excelize, no <v>, t=n",
			rows:     []string{b2, `<c r="B{r}" t="n"><f>B2*2</f></c>`},
			values:   map[string]string{"B2": "-34208", "B3": "-68416"},
			problems: map[string]string{"B3": "import.formula_recomputed -68416"}},
		{name: "a formula of a formula",
			rows:     []string{`<c r="B{r}"><f>B3+1</f><v></v></c>`, `<c r="B{r}"><f>B4*2</f><v></v></c>`, `<c r="B{r}"><v>5</v></c>`},
			values:   map[string]string{"B2": "11", "B3": "10", "B4": "5"},
			problems: map[string]string{"B2": "import.formula_recomputed 11", "B3": "import.formula_recomputed 10"}},
		{name: "genuine empty-string result is an empty cell",
			rows:     []string{b2, `<c r="B{r}" t="str"><f>IF(COUNT(B2,Z2)&lt;2,"",B2)</f><v></v></c>`},
			values:   map[string]string{"B2": "-34208"},
			problems: map[string]string{}},
		{name: "the template's formula, computed empty",
			rows:     []string{b2, `<c r="B{r}"><f>IF(COUNT(B2,Z2)&lt;2,"",IFERROR(ROUND((Z2-B2),0),""))</f><v></v></c>`},
			values:   map[string]string{"B2": "-34208"},
			problems: map[string]string{}},
		{name: "rounded to the column's decimals",
			rows:     []string{`<c r="B{r}"><f>10/3</f><v></v></c>`},
			values:   map[string]string{"B2": "3"},
			problems: map[string]string{"B2": "import.formula_recomputed 3.33333333333333"}},
		{name: "another sheet, quoted",
			rows:     []string{`<c r="B{r}"><f>'Extern finansiering'!B2*2</f></c>`},
			other:    `<row r="2"><c r="B2"><v>100</v></c></row>`,
			values:   map[string]string{"B2": "200"},
			problems: map[string]string{"B2": "import.formula_recomputed 200"}},
		{name: "self reference",
			rows:     []string{`<c r="B{r}"><f>B2+1</f><v></v></c>`},
			values:   map[string]string{},
			problems: map[string]string{"B2": "import.formula_circular =B2+1"}},
		{name: "cycle of two",
			rows:     []string{`<c r="B{r}"><f>B3</f></c>`, `<c r="B{r}"><f>SUM(B2)</f></c>`},
			values:   map[string]string{},
			problems: map[string]string{"B2": "import.formula_circular =B3", "B3": "import.formula_circular =SUM(B2)"}},
		{name: "a cycle through a cached cell is no cycle",
			rows:     []string{`<c r="B{r}"><f>B3</f></c>`, `<c r="B{r}"><f>B2</f><v>4</v></c>`},
			values:   map[string]string{"B2": "4", "B3": "4"},
			problems: map[string]string{"B2": "import.formula_recomputed 4"}},
		{name: "REPT is not computed",
			rows:     []string{`<c r="B{r}"><f>LEN(REPT("x",2000000000))</f><v></v></c>`},
			values:   map[string]string{},
			problems: map[string]string{"B2": `import.formula_no_value =LEN(REPT("x",2000000000))`}},
		{name: "a huge range is not computed",
			rows:     []string{`<c r="B{r}"><f>SUM(A1:XFD1048576)</f></c>`},
			values:   map[string]string{},
			problems: map[string]string{"B2": "import.formula_no_value =SUM(A1:XFD1048576)"}},
		{name: "external reference",
			rows:     []string{`<c r="B{r}"><f>[1]Blad1!A1</f></c>`},
			values:   map[string]string{},
			problems: map[string]string{"B2": "import.formula_no_value =[1]Blad1!A1"}},
		{name: "a shared formula's follower",
			rows:     []string{b2, `<c r="B{r}"><f t="shared" si="0"/></c>`},
			values:   map[string]string{"B2": "-34208"},
			problems: map[string]string{"B3": "import.formula_no_value"}},
		{name: "division by zero",
			rows:     []string{`<c r="B{r}"><f>1/0</f></c>`},
			values:   map[string]string{},
			problems: map[string]string{"B2": "import.excel_error #DIV/0!"}},
		{name: "a sheet that does not exist",
			rows:     []string{`<c r="B{r}"><f>Nej!B2</f></c>`},
			values:   map[string]string{},
			problems: map[string]string{"B2": "import.excel_error #REF!"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			sheets := [][2]string{{"Drift", driftRows(tt.rows...)}}
			if tt.other != "" {
				sheets = append(sheets, [2]string{"Extern finansiering", tt.other})
			}
			values, problems := readDrift(t, rawBook(t, sheets...))
			if fmt.Sprint(values) != fmt.Sprint(tt.values) {
				t.Errorf("values = %v, want %v", values, tt.values)
			}
			if fmt.Sprint(problems) != fmt.Sprint(tt.problems) {
				t.Errorf("problems = %v, want %v", problems, tt.problems)
			}
		})
	}
}

// TestFormulaChain: a chain of 100,000 formulas (B2=B3, B3=B4, ...), which
// made excelize overflow the stack, is read in bounded time: every formula
// not calculated, reported at its cell, and no crash.
func TestFormulaChain(t *testing.T) {
	const n = 100_000
	rows := make([]string, n)
	for i := range rows {
		rows[i] = fmt.Sprintf(`<c r="B{r}"><f>B%d</f></c>`, i+3)
	}
	rows[n-1] = `<c r="B{r}"><v>1</v></c>`
	file := rawBook(t, [2]string{"Drift", driftRows(rows...)})
	start := time.Now()
	wb, err := importer.Open(file, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	tb, err := wb.Read(driftLayout)
	if err != nil || tb == nil {
		t.Fatalf("Read = %v, %v", tb, err)
	}
	if d := time.Since(start); d > 60*time.Second {
		t.Errorf("reading took %v", d)
	}
	if len(wb.Problems) == 0 || wb.Problems[0].Code != importer.FormulaNoValue || wb.Problems[0].Ref.Cell() != "B2" {
		t.Fatalf("first problem %+v, want formula_no_value at B2", wb.Problems[:min(1, len(wb.Problems))])
	}
	c := wb.Checks()[importer.FormulaNoValue]
	if c.Failed < n-200 {
		t.Errorf("formula_no_value failed %d times, want nearly all %d", c.Failed, n)
	}
}

// TestFormulaDepth: a chain of references deeper than 100 formulas is not
// calculated; a shorter one is.
func TestFormulaDepth(t *testing.T) {
	rows := make([]string, 150) // rows 2 to 151
	for i := range rows {
		rows[i] = fmt.Sprintf(`<c r="B{r}"><f>B%d</f></c>`, i+3)
	}
	rows[149] = `<c r="B{r}"><v>1</v></c>`
	values, problems := readDrift(t, rawBook(t, [2]string{"Drift", driftRows(rows...)}))
	if got := problems["B50"]; got != "import.formula_no_value =B51" {
		t.Errorf("B50 (101 formulas deep): %q, want formula_no_value", got)
	}
	if got := values["B51"]; got != "1" {
		t.Errorf("B51 (100 formulas deep) = %q, want 1", got)
	}
	if got := values["B2"]; got != "" {
		t.Errorf("B2 = %q, want not calculated", got)
	}
}

// FuzzRecompute: four formulas without cached values that may refer to
// one another (cycles, chains, other sheets) are each read as a value or
// reported at their cell, never a crash or a hang.
func FuzzRecompute(f *testing.F) {
	f.Add("B3+1", "SUM(B4:B5)", "'Extern finansiering'!B2*2", "B2")
	f.Add("B2", "B2+B3", `IF(COUNT(B4,B5)<2,"",IFERROR(ROUND((B5-B4),0),""))`, "1/0")
	f.Add(`LEN(REPT("x",2000000000))`, "SUM(A1:XFD1048576)", "[1]Blad1!A1", "-B3")
	f.Fuzz(func(t *testing.T, f1, f2, f3, f4 string) {
		var rows []string
		for _, s := range []string{f1, f2, f3, f4} {
			var b strings.Builder
			if err := xml.EscapeText(&b, []byte(s)); err != nil {
				t.Skip()
			}
			rows = append(rows, `<c r="B{r}"><f>`+b.String()+`</f><v></v></c>`)
		}
		file := rawBook(t, [2]string{"Drift", driftRows(rows...)}, [2]string{"Extern finansiering", `<row r="2"><c r="B2"><v>100</v></c></row>`})
		wb, err := importer.Open(file, importer.Options{})
		if err != nil {
			t.Skip()
		}
		defer wb.Close()
		tb, err := wb.Read(driftLayout)
		if err != nil || tb == nil {
			t.Skip() // XML the formulas made unreadable
		}
		reported := map[string]bool{}
		for _, p := range wb.Problems {
			reported[p.Ref.Cell()] = true
		}
		for _, r := range tb.Rows {
			v := r.Values[1]
			if v.Kind == importer.Invalid && !reported[tb.Ref(v).Cell()] {
				t.Errorf("%s is invalid and not reported", tb.Ref(v).Cell())
			}
		}
	})
}
