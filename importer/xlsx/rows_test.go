package xlsx_test

import (
	"archive/zip"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/importer/xlsx"
)

// writeZip writes a workbook from raw parts; sheet is the sheet1.xml body.
func writeZip(t testing.TB, dir, sheet, sharedStrings, workbookPr string) string {
	t.Helper()
	name := filepath.Join(dir, "raw.xlsx")
	f, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	zw := zip.NewWriter(f)
	parts := map[string]string{
		"[Content_Types].xml": `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`,
		"_rels/.rels":         `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` + workbookPr +
			`<x:sheets><x:sheet name="Drift" sheetId="1" r:id="rId1"/><x:sheet name="Dold" sheetId="2" state="hidden" r:id="rId1"/></x:sheets></x:workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>
<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="/xl/sharedStrings.xml"/>
<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>`,
		"xl/sharedStrings.xml": `<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">` + sharedStrings + `</sst>`,
		"xl/styles.xml": `<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="0,0&quot; %&quot;"/><numFmt numFmtId="165" formatCode="0.0%"/></numFmts>
<cellXfs count="5"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs></styleSheet>`,
		"xl/worksheets/sheet1.xml": `<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>` + sheet + `</x:sheetData></x:worksheet>`,
	}
	for n, body := range parts {
		w, err := zw.Create(n)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return name
}

func readRows(t *testing.T, name string) []string {
	t.Helper()
	b, err := xlsx.Open(name, xlsx.DefaultLimits)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer b.Close()
	var out []string
	for r, err := range b.Rows("Drift") {
		if err != nil {
			t.Fatalf("Rows: %v", err)
		}
		for _, c := range r.Cells {
			out = append(out, fmt.Sprintf("%d/%d t%d f%d %v %q", r.Num, c.Col, c.Type, c.Format, c.Formula, c.Value))
		}
	}
	return out
}

func TestRows(t *testing.T) {
	sst := `<si><t>Politisk &amp; styrelse</t></si><si><r><rPr><b/></rPr><t xml:space="preserve">Rik </t></r><r><t>text</t></r><rPh><t>ふりがな</t></rPh></si><si><t>A_x000D_B</t></si>`
	sheet := `<x:row r="1"><x:c r="A1" t="s"><x:v>0</x:v></x:c><x:c r="C1" t="s"><x:v>1</x:v></x:c></x:row>
<x:row><x:c t="inlineStr"><x:is><x:t>utan r</x:t></x:is></x:c><x:c><x:v>-56174</x:v></x:c><x:c s="1"><x:v>-7.0000000000000007E-2</x:v></x:c></x:row>
<x:row r="5" hidden="1"><x:c r="B5" t="b"><x:v>1</x:v></x:c><x:c r="C5" t="e"><x:v>#DIV/0!</x:v></x:c><x:c r="D5" s="2"><x:v>45337</x:v></x:c><x:c r="E5" t="str"><x:f>A1&amp;"x"</x:f><x:v>ab</x:v></x:c><x:c r="F5"><x:f>1+1</x:f></x:c><x:c r="G5" s="3"><x:v>1</x:v></x:c><x:c r="H5" s="4"><x:v>0.5</x:v></x:c><x:c r="I5" t="s"><x:v>2</x:v></x:c><x:c r="J5"/></x:row>`
	got := readRows(t, writeZip(t, t.TempDir(), sheet, sst, `<x:workbookPr date1904="1"/>`))
	want := []string{
		`1/1 t1 f0 false "Politisk & styrelse"`,
		`1/3 t1 f0 false "Rik text"`,
		`2/1 t1 f0 false "utan r"`,
		`2/2 t0 f0 false "-56174"`,
		`2/3 t0 f1 false "-7.0000000000000007E-2"`,
		`5/2 t2 f0 false "1"`,
		`5/3 t3 f0 false "#DIV/0!"`,
		`5/4 t0 f2 false "45337"`,
		`5/5 t1 f0 true "ab"`,
		`5/6 t0 f0 true ""`,
		`5/7 t0 f0 false "1"`,
		`5/8 t0 f1 false "0.5"`,
		`5/9 t1 f0 false "A\rB"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	b, _ := xlsx.Open(writeZip(t, t.TempDir(), sheet, sst, `<x:workbookPr date1904="1"/>`), xlsx.DefaultLimits)
	defer b.Close()
	if !b.Date1904 || len(b.Sheets) != 2 || !b.Sheets[1].Hidden || b.Sheets[0].Hidden {
		t.Errorf("book = 1904 %v, sheets %+v", b.Date1904, b.Sheets)
	}
}

func TestClassifyFormat(t *testing.T) {
	tests := []struct {
		code string
		want xlsx.FormatClass
	}{
		{"0%", xlsx.FormatPercent}, {"0.0 %", xlsx.FormatPercent}, {`0" %"`, xlsx.FormatGeneral},
		{"#,##0", xlsx.FormatGeneral}, {"yyyy-mm-dd", xlsx.FormatDate}, {"[$-41D]d mmmm yyyy", xlsx.FormatDate},
		{`#,##0 "tkr";[Red]-#,##0 "tkr"`, xlsx.FormatGeneral}, {`0\%`, xlsx.FormatGeneral}, {"[h]:mm", xlsx.FormatDate},
		{"General", xlsx.FormatGeneral},
	}
	for _, tt := range tests {
		if got := xlsx.ClassifyFormat(tt.code); got != tt.want {
			t.Errorf("ClassifyFormat(%q) = %d, want %d", tt.code, got, tt.want)
		}
	}
}

func TestLimits(t *testing.T) {
	sheet := `<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>` + strings.Repeat("<!-- padding -->", 200000)
	name := writeZip(t, t.TempDir(), sheet, "", "")
	if _, err := xlsx.Open(name, xlsx.Limits{TotalSize: 1 << 20, PartSize: 1 << 20, Ratio: 100}); !errors.Is(err, xlsx.ErrTooLarge) {
		t.Errorf("Open with a 1 MiB limit = %v, want ErrTooLarge", err)
	}
	b, err := xlsx.Open(name, xlsx.Limits{TotalSize: 8 << 20, PartSize: 1 << 20, Ratio: 1 << 20})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	n := 0
	for _, err := range b.Rows("Drift") {
		if err != nil {
			t.Fatalf("Rows: %v", err)
		}
		n++
	}
	if n != 1 {
		t.Errorf("read %d rows, want 1", n)
	}
	if _, err := xlsx.Open(filepath.Join(t.TempDir(), "none.xlsx"), xlsx.DefaultLimits); !errors.Is(err, xlsx.ErrNotZip) {
		t.Errorf("Open(missing) = %v, want ErrNotZip", err)
	}
}

func TestCorruptSheet(t *testing.T) {
	name := writeZip(t, t.TempDir(), `<x:row r="1"><x:c r="A1" t="s"><x:v>7</x:v></x:c></x:row>`, "", "")
	b, err := xlsx.Open(name, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	for _, err := range b.Rows("Drift") {
		if err == nil {
			t.Fatal("want an error for a shared-string index out of range")
		}
		var se *xlsx.StructureError
		if !errors.As(err, &se) || !errors.Is(err, xlsx.ErrCorrupt) {
			t.Fatalf("error = %v, want a *StructureError wrapping ErrCorrupt", err)
		}
		got := xlsx.StructureError{Fault: se.Fault, Part: se.Part, Sheet: se.Sheet, Row: se.Row, Col: se.Col, Value: se.Value}
		want := xlsx.StructureError{Fault: xlsx.FaultSharedString, Part: "xl/worksheets/sheet1.xml", Sheet: "Drift", Row: 1, Col: 1, Value: "7"}
		if got != want {
			t.Errorf("error = %+v, want %+v", got, want)
		}
	}
	for _, err := range b.Rows("Saknas") {
		if !errors.Is(err, xlsx.ErrSheetMissing) {
			t.Errorf("Rows(missing sheet) = %v, want ErrSheetMissing", err)
		}
	}
}

// TestLargeSharedStrings: a table large enough to be held outside the Go
// heap gives every cell its string, the first, the last and a rich one
// alike, refuses an index past its end as a smaller table does, and once
// the book is closed a read fails with an error rather than memory gone.
func TestLargeSharedStrings(t *testing.T) {
	const n = 60_000 // some 1.8 MB of part: more than offHeapFrom
	var sst strings.Builder
	for i := range n - 1 {
		fmt.Fprintf(&sst, "<si><t>Verksamhet %05d</t></si>", i)
	}
	sst.WriteString(`<si><r><t xml:space="preserve">Sista </t></r><r><t>&amp; rik</t></r><rPh><t>ふ</t></rPh></si>`)
	cell := func(row, index int) string {
		return fmt.Sprintf(`<x:row r="%d"><x:c r="A%d" t="s"><x:v>%d</x:v></x:c></x:row>`, row, row, index)
	}
	name := writeZip(t, t.TempDir(), cell(1, 0)+cell(2, n/2)+cell(3, n-1)+cell(4, n), sst.String(), "")
	b, err := xlsx.Open(name, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	var fault *xlsx.StructureError
	for r, err := range b.Rows("Drift") {
		if err != nil {
			if !errors.As(err, &fault) {
				t.Fatalf("Rows: %v", err)
			}
			break
		}
		got = append(got, r.Cells[0].Value)
	}
	want := []string{"Verksamhet 00000", fmt.Sprintf("Verksamhet %05d", n/2), "Sista & rik"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("values %q, want %q", got, want)
	}
	if fault == nil || fault.Fault != xlsx.FaultSharedString || fault.Row != 4 || fault.Value != fmt.Sprint(n) {
		t.Errorf("index %d: fault %+v, want FaultSharedString at row 4", n, fault)
	}
	if err := b.Close(); err != nil {
		t.Fatal(err)
	}
	b.Close()
	for _, err := range b.Rows("Drift") {
		if err == nil {
			t.Error("a closed book read a row")
		}
		break
	}
	// A book in memory can still read its sheet once closed, but no longer
	// its shared strings.
	data, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if b, err = xlsx.OpenBytes(data, xlsx.DefaultLimits); err != nil {
		t.Fatal(err)
	}
	b.Close()
	for _, err := range b.Rows("Drift") {
		if !errors.As(err, &fault) || fault.Fault != xlsx.FaultSharedString || fault.Row != 1 {
			t.Errorf("closed book in memory: %v, want FaultSharedString at row 1", err)
		}
		break
	}
}

// TestScannersForgetTheirBook: the scanners a book reads with go back to
// a pool; read after one another, books with other shared strings and
// inline texts in the same places give their own.
func TestScannersForgetTheirBook(t *testing.T) {
	sheet := `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>%s</t></is></c></row>`
	var books []*xlsx.Book
	for i := range 3 {
		text := fmt.Sprintf("bok %d", i)
		b, err := xlsx.Open(writeZip(t, t.TempDir(), fmt.Sprintf(sheet, text), "<si><t>"+text+"</t></si>", ""), xlsx.DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		defer b.Close()
		books = append(books, b)
	}
	for i := range 6 {
		var got []string
		for r, err := range books[i%3].Rows("Drift") {
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range r.Cells {
				got = append(got, c.Value)
			}
		}
		if want := fmt.Sprintf("bok %d", i%3); strings.Join(got, ",") != want+","+want {
			t.Errorf("book %d: cells %q, want %q twice", i%3, got, want)
		}
	}
}
