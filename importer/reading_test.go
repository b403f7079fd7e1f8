package importer_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/importer"
)

// rawSheet is one worksheet of a workbook built from XML by hand: head
// goes before <sheetData> (such as <cols>), rows inside it.
type rawSheet struct {
	name, head, rows string
}

// rawWorkbook writes a workbook from raw sheet XML, with the styles
// 0 general, 1 percent and 2 date, for cells a generator such as
// excelize cannot write (cached formula values, unknown cell types).
func rawWorkbook(t *testing.T, workbookPr string, sheets ...rawSheet) string {
	t.Helper()
	const ns = `xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"`
	const rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
	var list, rels strings.Builder
	parts := map[string]string{
		"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"_rels/.rels":         `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="` + rel + `/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/styles.xml":       `<styleSheet ` + ns + `><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="14"/></cellXfs></styleSheet>`,
	}
	for i, s := range sheets {
		fmt.Fprintf(&list, `<sheet name="%s" sheetId="%d" r:id="rId%d"/>`, s.name, i+1, i+1)
		fmt.Fprintf(&rels, `<Relationship Id="rId%d" Type="%s/worksheet" Target="worksheets/sheet%d.xml"/>`, i+1, rel, i+1)
		parts[fmt.Sprintf("xl/worksheets/sheet%d.xml", i+1)] = `<worksheet ` + ns + `>` + s.head + `<sheetData>` + s.rows + `</sheetData></worksheet>`
	}
	fmt.Fprintf(&rels, `<Relationship Id="rIdS" Type="%s/styles" Target="styles.xml"/>`, rel)
	parts["xl/workbook.xml"] = `<workbook ` + ns + ` xmlns:r="` + rel + `">` + workbookPr + `<sheets>` + list.String() + `</sheets></workbook>`
	parts["xl/_rels/workbook.xml.rels"] = `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels.String() + `</Relationships>`
	name := filepath.Join(t.TempDir(), "raw.xlsx")
	data, err := fixtures.ZipOf(parts)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// str is an inline-string cell.
func str(ref, text string) string {
	return `<c r="` + ref + `" t="inlineStr"><is><t xml:space="preserve">` + text + `</t></is></c>`
}

// driftHead is the header row of driftLayout's sheet.
var driftHead = `<row r="1">` + str("A1", "Verksamhet") + str("B1", "Budget helår") + str("C1", "Avvikelse (%)") + str("D1", "Inlämnad") + `</row>`

// problemsAt reads layout from file and returns every problem as
// "cell code value→expected", in order.
func problemsAt(t *testing.T, file string, layouts ...*importer.SheetLayout) []string {
	t.Helper()
	wb, err := importer.Open(file, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	for _, sl := range layouts {
		if _, err := wb.Read(sl); err != nil {
			t.Fatalf("Read(%s): %v", sl.Name, err)
		}
	}
	var out []string
	for _, p := range wb.Problems {
		s := p.Ref.Cell() + " " + string(p.Code)
		if p.Expected != "" {
			s += " " + p.Value + "→" + p.Expected
		}
		out = append(out, s)
	}
	return out
}

func TestDecimalsOfTypedNumbers(t *testing.T) {
	tests := []struct {
		name, cells string // row 2: label, B2 (whole tkr) and C2 (whole percent)
		want        []string
	}{
		{"US thousands comma", str("B2", "1,234"),
			[]string{"B2 import.number_as_text", "B2 import.thousands_separator 1.234→1234"}},
		{"negative thousands comma", str("B2", "-56,798"),
			[]string{"B2 import.number_as_text", "B2 import.thousands_separator -56.798→-56798"}},
		{"thousands point, U+2212 minus", str("B2", "−56.798"),
			[]string{"B2 import.number_as_text", "B2 import.thousands_separator -56.798→-56798"}},
		{"decimal comma in text", str("B2", "12,5"),
			[]string{"B2 import.number_as_text", "B2 import.too_many_decimals 12.5→13"}},
		{"typed 12.5", `<c r="B2"><v>12.5</v></c>`,
			[]string{"B2 import.too_many_decimals 12.5→13"}},
		{"typed 12.0 is whole", `<c r="B2"><v>12.0</v></c>`, nil},
		{"float noise within 15 digits", `<c r="B2"><v>-56174.000000000007</v></c>`, nil},
		{"percent cell 0.125 in a whole-percent column", `<c r="C2" s="1"><v>0.125</v></c>`,
			[]string{"C2 import.too_many_decimals 12.5→13"}},
		{"percent cell 0.03", `<c r="C2" s="1"><v>0.03</v></c>`, nil},
		{"formula result rounded as shown", `<c r="B2"><f>B3/3</f><v>12.333333333333334</v></c>` +
			`<c r="C2" s="1"><f>B2/B3</f><v>0.00974</v></c>`, nil},
		{"Swedish whole number text", str("B2", "1 234"), []string{"B2 import.number_as_text"}},
		{"four digits after the comma", str("B2", "1,2345"),
			[]string{"B2 import.number_as_text", "B2 import.too_many_decimals 1.2345→1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := rawWorkbook(t, "", rawSheet{name: "Drift", rows: driftHead + `<row r="2">` + str("A2", "Rad") + tt.cells + `</row>`})
			got := problemsAt(t, file, driftLayout)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("problems = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestUnnamedRow(t *testing.T) {
	tests := []struct {
		name, cells string // row 2, after the label cell
		label       string // the label cell, or "" for none
		want        []string
		kept        bool
	}{
		{"no label cell", `<c r="B2"><v>-1744</v></c><c r="C2"><v>1</v></c>`, "",
			[]string{"A2 import.row_unnamed Budget helår -1744; Avvikelse (%) 1"}, true},
		{"spaces", `<c r="B2"><v>5</v></c>`, str("A2", "   "), []string{"A2 import.row_unnamed Budget helår 5"}, true},
		{"no-break space", `<c r="B2"><v>5</v></c>`, str("A2", "\u00a0"), []string{"A2 import.row_unnamed Budget helår 5"}, true},
		{"zero-width space", `<c r="B2"><v>5</v></c>`, str("A2", "\u200b"), []string{"A2 import.row_unnamed Budget helår 5"}, true},
		{"mixed invisible", `<c r="B2"><v>5</v></c>`, str("A2", " \u200b\u00a0\ufeff\u2060 "), []string{"A2 import.row_unnamed Budget helår 5"}, true},
		{"date only", `<c r="D2" s="2"><v>45337</v></c>`, "", []string{"A2 import.row_unnamed Inlämnad 2024-02-15"}, true},
		{"named, with a zero-width space", `<c r="B2"><v>5</v></c>`, str("A2", "\u200bRad\u200b"), nil, true},
		{"control character only", `<c r="B2"><v>5</v></c>`, str("A2", "_x0001_"), []string{"A2 import.row_unnamed Budget helår 5"}, true},
		{"control characters and spaces", `<c r="B2"><v>5</v></c>`, str("A2", " _x0001__x001F_	"), []string{"A2 import.row_unnamed Budget helår 5"}, true},
		{"dash", `<c r="B2"><v>5</v></c>`, str("A2", "-"), []string{"A2 import.row_unnamed Budget helår 5"}, true},
		{"en dash with spaces", `<c r="B2"><v>5</v></c>`, str("A2", " – "), []string{"A2 import.row_unnamed Budget helår 5"}, true},
		{"numeric 0", `<c r="B2"><v>5</v></c>`, `<c r="A2"><v>0</v></c>`, []string{"A2 import.row_unnamed Budget helår 5"}, true},
		{"numeric 1744", `<c r="B2"><v>5</v></c>`, `<c r="A2"><v>1744</v></c>`, []string{"A2 import.row_unnamed Budget helår 5"}, true},
		{"Boolean", `<c r="B2"><v>5</v></c>`, `<c r="A2" t="b"><v>1</v></c>`, []string{"A2 import.row_unnamed Budget helår 5"}, true},
		{"named, with a control character", `<c r="B2"><v>5</v></c>`, str("A2", "_x0001_Rad"), nil, true},
		{"dash heading", "", str("A2", "-"), nil, false},
		{"heading", "", str("A2", "Varav:"), nil, false},
		{"empty row", "", str("A2", "\u200b"), nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := rawWorkbook(t, "", rawSheet{name: "Drift", rows: driftHead + `<row r="2">` + tt.label + tt.cells + `</row>`})
			wb, err := importer.Open(file, importer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer wb.Close()
			tb, err := wb.Read(driftLayout)
			if err != nil || tb == nil {
				t.Fatalf("Read = %v, %v", tb, err)
			}
			var got []string
			for _, p := range wb.Problems {
				got = append(got, p.Ref.Cell()+" "+string(p.Code)+" "+p.Text)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("problems = %q, want %q", got, tt.want)
			}
			if (len(tb.Rows) == 1) != tt.kept {
				t.Fatalf("rows = %d, want kept %v", len(tb.Rows), tt.kept)
			}
			if tt.kept {
				k := tb.Value(tb.Rows[0], "Verksamhet")
				if wantKind := map[bool]importer.Kind{true: importer.Invalid, false: importer.Text}[tt.want != nil]; k.Kind != wantKind {
					t.Errorf("label kind = %v, want %v", k.Kind, wantKind)
				}
				if k.Kind == importer.Text && k.Text != "Rad" {
					t.Errorf("label = %q, want \"Rad\" without invisible characters", k.Text)
				}
			}
		})
	}
}

func TestCellTypesDatesAndSheets(t *testing.T) {
	row := func(cells string) []rawSheet {
		return []rawSheet{{name: "Drift", rows: driftHead + `<row r="2">` + str("A2", "Rad") + cells + `</row>`}}
	}
	tests := []struct {
		name       string
		workbookPr string
		sheets     []rawSheet
		want       []string // "cell code text"
	}{
		{"Boolean in a number column", "", row(`<c r="B2" t="b"><v>1</v></c><c r="C2" t="b"><v>0</v></c>`),
			[]string{"B2 import.boolean TRUE", "C2 import.boolean FALSE"}},
		{"unknown cell type", "", row(`<c r="B2" t="x"><v>5</v></c>`), []string{"B2 import.unknown_cell_type 5"}},
		{"unknown cell type in the label column", "",
			[]rawSheet{{name: "Drift", rows: driftHead + `<row r="2"><c r="A2" t="zz"><v>Rad</v></c><c r="B2"><v>5</v></c></row>`}},
			[]string{"A2 import.unknown_cell_type Rad"}},
		{"serial 0 is 1900-01-00", "", row(`<c r="B2"><v>1</v></c><c r="D2" s="2"><v>0</v></c>`),
			[]string{"D2 import.bad_date 1900-01-00 (0)"}},
		{"serial 60 is 1900-02-29", "", row(`<c r="B2"><v>1</v></c><c r="D2" s="2"><v>60.5</v></c>`),
			[]string{"D2 import.bad_date 1900-02-29 (60.5)"}},
		{"serials 59 and 61 are days", "", []rawSheet{{name: "Drift", rows: driftHead +
			`<row r="2">` + str("A2", "Rad") + `<c r="B2"><v>1</v></c><c r="D2" s="2"><v>59</v></c></row>` +
			`<row r="3">` + str("A3", "Rad 2") + `<c r="B3"><v>1</v></c><c r="D3" s="2"><v>61</v></c></row>`}}, nil},
		{"serial 0 counting from 1904 is a day", `<workbookPr date1904="1"/>`, row(`<c r="B2"><v>1</v></c><c r="D2" s="2"><v>0</v></c>`), nil},
		{"hidden column with data: one warning at its first value", "", []rawSheet{{name: "Drift",
			head: `<sheetViews><sheetView workbookViewId="0"/></sheetViews><cols><col min="1" max="1" width="30"/><col min="2" max="2" width="0" hidden="1" customWidth="1"/></cols>`,
			rows: driftHead + `<row r="2">` + str("A2", "Rad") + `<c r="C2"><v>1</v></c></row>` +
				`<row r="3">` + str("A3", "Rad 2") + `<c r="B3"><v>5</v></c></row><row r="4">` + str("A4", "Rad 3") + `<c r="B4"><v>6</v></c></row>`}},
			[]string{"B3 import.hidden_column "}},
		{"hidden range, read with encoding/xml", "", []rawSheet{{name: "Drift",
			head: `<!-- a comment the fast scanner leaves to encoding/xml --><cols><col min="3" max="4" hidden="true"/></cols>`,
			rows: driftHead + `<row r="2">` + str("A2", "Rad") + `<c r="B2"><v>1</v></c><c r="D2" s="2"><v>45337</v></c></row>`}},
			[]string{"D2 import.hidden_column "}},
		{"column of width 0: hidden in Excel", "", []rawSheet{{name: "Drift",
			head: `<cols><col min="2" max="2" width="0" customWidth="1"/></cols>`,
			rows: driftHead + `<row r="2">` + str("A2", "Rad") + `<c r="B2"><v>5</v></c></row>`}},
			[]string{"B2 import.hidden_column "}},
		{"column of width 0.00, read with encoding/xml", "", []rawSheet{{name: "Drift",
			head: `<!-- c --><cols><col min="2" max="3" width="0.00" hidden="0"/></cols>`,
			rows: driftHead + `<row r="2">` + str("A2", "Rad") + `<c r="C2"><v>5</v></c></row>`}},
			[]string{"C2 import.hidden_column "}},
		{"column of width 0.5 is shown", "", []rawSheet{{name: "Drift",
			head: `<cols><col min="2" max="2" width="0.5" customWidth="1"/></cols>`,
			rows: driftHead + `<row r="2">` + str("A2", "Rad") + `<c r="B2"><v>5</v></c></row>`}}, nil},
		{"row of height 0: hidden in Excel", "", []rawSheet{{name: "Drift",
			rows: driftHead + `<row r="2" ht="0" customHeight="1">` + str("A2", "Rad") + `<c r="B2"><v>5</v></c></row>`}},
			[]string{"2 import.hidden_row "}},
		{"hidden column without data, bad bounds ignored", "", []rawSheet{{name: "Drift",
			head: `<cols><col min="3" max="3" hidden="1"/><col min="0" max="-1" hidden="1"/><col min="9" max="2" hidden="1"/></cols>`,
			rows: driftHead + `<row r="2">` + str("A2", "Rad") + `<c r="B2"><v>1</v></c></row>`}}, nil},
		{"two sheets named Drift", "", []rawSheet{{name: "Drift", rows: driftHead}, {name: "drift ", rows: driftHead}},
			[]string{` import.sheet_ambiguous "Drift", "drift "`}},
		{"sheet named with a zero-width space", "", []rawSheet{{name: "Drift", rows: driftHead}, {name: "Dri\u200bft", rows: driftHead}},
			[]string{" import.sheet_ambiguous \"Drift\", \"Dri\u200bft\""}},
		{"sheet named with a soft hyphen", "", []rawSheet{{name: "Drift", rows: driftHead}, {name: "Dr\u00adift", rows: driftHead}},
			[]string{" import.sheet_ambiguous \"Drift\", \"Dr\u00adift\""}},
		{"only a sheet named with a word joiner", "", []rawSheet{{name: "\u2060Drift", rows: driftHead}}, nil},
		{"letters spaced apart are another name", "", []rawSheet{{name: "Drift", rows: driftHead}, {name: "D r i f t", rows: driftHead}}, nil},
		{"one sheet named drift", "", []rawSheet{{name: " DRIFT", rows: driftHead}, {name: "Drift 2", rows: driftHead}}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wb, err := importer.Open(rawWorkbook(t, tt.workbookPr, tt.sheets...), importer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer wb.Close()
			if tb, err := wb.Read(driftLayout); err != nil || tb == nil {
				t.Fatalf("Read = %v, %v; problems %v", tb, err, wb.Problems)
			}
			var got []string
			for _, p := range wb.Problems {
				got = append(got, p.Ref.Cell()+" "+string(p.Code)+" "+p.Text)
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("problems = %q, want %q", got, tt.want)
			}
		})
	}
}

// TestFirstOfSameNamedSheets: of two sheets named alike, the first is
// read, as the sheet_ambiguous problem says: its values, its hidden
// columns and its part, by the fast scanner and by encoding/xml.
func TestFirstOfSameNamedSheets(t *testing.T) {
	first := driftHead + `<row r="2">` + str("A2", "Första") + `<c r="B2"><v>1</v></c></row>`
	second := driftHead + `<row r="2">` + str("A2", "Andra") + `<c r="B2"><v>2</v></c></row>`
	hideB := `<cols><col min="2" max="2" hidden="1"/></cols>`
	tests := []struct {
		name   string
		sheets []rawSheet
	}{
		{"same name", []rawSheet{{name: "Drift", rows: first}, {name: "Drift", head: hideB, rows: second}}},
		{"same name, read with encoding/xml", []rawSheet{{name: "Drift", rows: "<!-- c -->" + first}, {name: "Drift", head: hideB, rows: "<!-- c -->" + second}}},
		{"names alike", []rawSheet{{name: "drift", rows: first}, {name: "Drift", head: hideB, rows: second}}},
		{"names alike but for a zero-width space", []rawSheet{{name: "Dri\u200bft", rows: first}, {name: "Drift", head: hideB, rows: second}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wb, err := importer.Open(rawWorkbook(t, "", tt.sheets...), importer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer wb.Close()
			tb, err := wb.Read(driftLayout)
			if err != nil || tb == nil || len(tb.Rows) != 1 {
				t.Fatalf("Read = %v, %v", tb, err)
			}
			if got := tb.Value(tb.Rows[0], "Verksamhet").Text; got != "Första" {
				t.Errorf("Verksamhet = %q, want \"Första\" from the first sheet", got)
			}
			if got := tb.Value(tb.Rows[0], "Budget helår").Num.String(); got != "1" {
				t.Errorf("Budget helår = %s, want 1 from the first sheet", got)
			}
			if tb.Sheet != tt.sheets[0].name {
				t.Errorf("table sheet = %q, want %q", tb.Sheet, tt.sheets[0].name)
			}
			if got := wb.Parts()["Drift"]; tt.sheets[0].name == "Drift" && got != "xl/worksheets/sheet1.xml" {
				t.Errorf("part of Drift = %q, want the first sheet's", got)
			}
			var codes []string
			for _, p := range wb.Problems {
				codes = append(codes, string(p.Code))
			}
			if strings.Join(codes, ",") != "import.sheet_ambiguous" {
				t.Errorf("problems %v, want only import.sheet_ambiguous (no hidden column of the second sheet)", codes)
			}
		})
	}
}

// TestNFCText: text typed with combining marks (NFD, as macOS keyboards
// and some exports write it) is read in NFC, so that it compares, matches
// headers and labels, and shows as the precomposed form.
func TestNFCText(t *testing.T) {
	head := `<row r="1">` + str("A1", "Verksamhet") + str("B1", "Budget hela\u030ar") + str("C1", "Avvikelse (%)") + `</row>`
	tests := []struct{ typed, want string }{
		{"Hela\u030ar 2023", "Helår 2023"},
		{"A\u0308ldreomsorg", "Äldreomsorg"},
		{"Ledning", "Ledning"},
		{"Helår 2023", "Helår 2023"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			file := rawWorkbook(t, "", rawSheet{name: "Drift", rows: head + `<row r="2">` + str("A2", tt.typed) + `<c r="B2"><v>5</v></c></row>`})
			wb, err := importer.Open(file, importer.Options{})
			if err != nil {
				t.Fatal(err)
			}
			defer wb.Close()
			tb, err := wb.Read(driftLayout)
			if err != nil || tb == nil || len(tb.Rows) != 1 {
				t.Fatalf("Read = %v, %v; problems %v", tb, err, wb.Problems)
			}
			if got := tb.Value(tb.Rows[0], "Verksamhet").Text; got != tt.want {
				t.Errorf("Verksamhet = %q, want %q", got, tt.want)
			}
			if got := tb.Value(tb.Rows[0], "Budget helår").Num.String(); got != "5" {
				t.Errorf("Budget helår (header typed in NFD) = %q, want 5", got)
			}
		})
	}
	if got := importer.Normalize("HELA\u030aR 2023"); got != "helår 2023" {
		t.Errorf("Normalize(NFD) = %q, want \"helår 2023\"", got)
	}
}
