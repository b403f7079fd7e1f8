package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// readBoth reads a sheet part's XML with the fast scanner and with
// encoding/xml. fastErr is the scanner's error, if any.
func readBoth(t testing.TB, b *Book, sheetXML []byte) (fast, std []string, fastErr, stdErr error) {
	collect := func(src rowSource) ([]string, error) {
		var out []string
		for {
			r, err := src.next()
			if err != nil {
				if err.Error() == "EOF" {
					return out, nil
				}
				return out, err
			}
			out = append(out, describeRow(r)...)
		}
	}
	fast, fastErr = collect(newScanner(b, bytes.NewReader(sheetXML)))
	std, stdErr = collect(&sheetReader{b: b, d: xml.NewDecoder(bytes.NewReader(sheetXML))})
	return
}

// describeRow is a row's cells as readBoth compares them.
func describeRow(r *Row) []string {
	var out []string
	for _, c := range r.Cells {
		out = append(out, fmt.Sprintf("%d/%d h%v t%d f%d %v %v %q", r.Num, c.Col, r.Hidden, c.Type, c.Format, c.Formula, c.Cached, c.Value))
	}
	if len(r.Cells) == 0 {
		out = append(out, fmt.Sprintf("%d/- h%v", r.Num, r.Hidden))
	}
	return out
}

func testBook() *Book {
	return &Book{strings: sstOf("delad & text", "två"), styles: []FormatClass{FormatGeneral, FormatPercent, FormatDate}}
}

func TestScannerMatchesEncodingXML(t *testing.T) {
	cases := []string{
		`<?xml version="1.0"?><worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><v>-56174</v></c></row></sheetData></worksheet>`,
		`<x:worksheet xmlns:x="m"><x:sheetData><x:row><x:c t="inlineStr"><x:is><x:t>utan r</x:t></x:is></x:c><x:c s="1"><x:v>-0.07</x:v></x:c></x:row></x:sheetData></x:worksheet>`,
		`<worksheet><sheetData><row r="3" hidden="1" spans="1:3" x14ac:dyDescent="0.25"><c r="C3" t="str"><f>A1&amp;"x"</f><v>a&lt;b&gt;&quot;c&apos;&#229;&#x2212;</v></c><c r="D3"><f t="shared" si="0"/></c><c r="E3"/></row></sheetData></worksheet>`,
		`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><r><rPr><b/></rPr><t xml:space="preserve">Rik </t></r><r><t>text</t></r><rPh sb="0" eb="1"><t>ふ</t></rPh></is></c></row><row r="2"/></sheetData></worksheet>`,
		"<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"str\"><v>rad1\r\nrad2\rrad3</v></c><c r=\"B1\" t=\"e\"><v>#DIV/0!</v></c><c r=\"C1\" t=\"b\"><v>1</v></c><c r=\"D1\" s=\"2\"><v>45337</v></c></row></sheetData></worksheet>",
		`<worksheet><sheetData/></worksheet>`,
		`<worksheet><sheetPr><tabColor rgb="FF0000"/></sheetPr><dimension ref="A1:B2"/><sheetData><row r="2"><c r="B2" t="s"><v> 1 </v></c></row></sheetData><mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells></worksheet>`,
		`<worksheet><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>A_x000D_B</t></is></c></row></sheetData></worksheet>`,
		// values repeated down a column, as fastCell keeps them: shared
		// strings by index, inline texts by column, numbers one string a row
		`<worksheet><sheetData>` +
			`<row r="1"><c r="A1" t="s"><v>1</v></c><c r="B1" t="inlineStr"><is><t>Resultat</t></is></c><c r="C1"><v>-1000</v></c><c r="D1"><v></v></c><c r="E1" s="1"><v>0.5</v></c><c r="F1" t="inlineStr"><is><t>A_x000D_B</t></is></c><c r="G1" t="s"><v>01</v></c></row>` +
			`<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="inlineStr"><is><t>Resultat</t></is></c><c r="C2"><v>7</v></c><c r="D2" t="n"><v>12.25</v></c><c r="F2" t="inlineStr"><is><t>A_x000D_B</t></is></c><c r="G2" t="s"><v> 0 </v></c></row>` +
			`<row r="3"><c r="A3" t="s"><v>0</v></c><c r="B3" t="inlineStr"><is><t>Annat</t></is></c><c r="C3" t="str"><v>-5</v></c><c r="D3"><v>8</v></c><c r="E3" t="b"><v>1</v></c><c r="F3"><is><t>9</t></is></c></row>` +
			`<row r="4"><c r="B4" t="inlineStr"><is><t>Andra</t></is></c><c r="C4"><v>3</v></c><c r="D4" t="s"><v>1</v></c></row>` +
			`</sheetData></worksheet>`,
	}
	for i, src := range cases {
		fast, std, fe, se := readBoth(t, testBook(), []byte(src))
		if fe != nil || se != nil {
			t.Errorf("case %d: errors fast %v, std %v", i, fe, se)
			continue
		}
		if strings.Join(fast, "\n") != strings.Join(std, "\n") {
			t.Errorf("case %d:\nfast:\n%s\nencoding/xml:\n%s", i, strings.Join(fast, "\n"), strings.Join(std, "\n"))
		}
	}
}

// TestScannerRecentSharedStrings: shared strings whose indexes fall in
// one slot of the scanner's recent strings are each read as themselves.
func TestScannerRecentSharedStrings(t *testing.T) {
	var texts []string
	for i := range 200 {
		texts = append(texts, fmt.Sprintf("text %d", i))
	}
	b := &Book{strings: sstOf(texts...), styles: []FormatClass{FormatGeneral}}
	var sheet strings.Builder
	sheet.WriteString("<worksheet><sheetData>")
	for r, i := range []int{0, 64, 64, 128, 0, 1, 65, 1, 199} {
		fmt.Fprintf(&sheet, `<row r="%d"><c r="A%d" t="s"><v>%d</v></c><c r="B%d" t="s"><v>%d</v></c></row>`, r+1, r+1, i, r+1, (i+64)%200)
	}
	sheet.WriteString("</sheetData></worksheet>")
	fast, std, fe, se := readBoth(t, b, []byte(sheet.String()))
	if fe != nil || se != nil {
		t.Fatalf("errors fast %v, std %v", fe, se)
	}
	if strings.Join(fast, "\n") != strings.Join(std, "\n") {
		t.Errorf("fast:\n%s\nencoding/xml:\n%s", strings.Join(fast, "\n"), strings.Join(std, "\n"))
	}
}

// TestScannerDefersToEncodingXML: what the scanner does not handle it
// reports as errScan, never as a value.
func TestScannerDefersToEncodingXML(t *testing.T) {
	for _, src := range []string{
		`<worksheet><sheetData><row r="1"><!-- en kommentar --><c r="A1"><v>1</v></c></row></sheetData></worksheet>`,
		`<worksheet><sheetData><row r="1"><c r="A1" t="str"><v><![CDATA[x<y]]></v></c></row></sheetData></worksheet>`,
		`<worksheet><sheetData><row r="1"><c r="A1" t="str"><v>&nbsp;</v></c></row></sheetData></worksheet>`,
	} {
		_, _, fe, _ := readBoth(t, testBook(), []byte(src))
		if fe != errScan {
			t.Errorf("%s: fast scanner error = %v, want errScan", src, fe)
		}
	}
}

// TestRowsFallBack: a sheet the scanner cannot read is read with
// encoding/xml, said through OnFallback, with the same values.
func TestRowsFallBack(t *testing.T) {
	sheet := `<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row><x:row r="2"><!-- c --><x:c r="A2"><x:v>2</x:v></x:c></x:row>`
	name := writeZipInternal(t, sheet)
	b, err := Open(name, DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var fellBack []string
	b.OnFallback = func(sheet string, err error) { fellBack = append(fellBack, sheet) }
	var got []string
	for r, err := range b.Rows("Drift") {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprintf("%d=%s", r.Num, r.Cells[0].Value))
	}
	if strings.Join(got, ",") != "1=1,2=2" || len(fellBack) != 1 {
		t.Errorf("rows %v, fallbacks %v; want 1=1,2=2 and one fallback", got, fellBack)
	}
}

func writeZipInternal(t *testing.T, sheet string) string {
	name := filepath.Join(t.TempDir(), "raw.xlsx")
	f, _ := os.Create(name)
	defer f.Close()
	zw := zip.NewWriter(f)
	for n, body := range map[string]string{
		"[Content_Types].xml":        `<Types/>`,
		"xl/workbook.xml":            `<workbook xmlns:r="r"><sheets><sheet name="Drift" sheetId="1" r:id="rId1"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
		"xl/worksheets/sheet1.xml":   `<x:worksheet xmlns:x="m"><x:sheetData>` + sheet + `</x:sheetData></x:worksheet>`,
	} {
		w, _ := zw.Create(n)
		w.Write([]byte(body))
	}
	zw.Close()
	return name
}

// FuzzScanner builds worksheets from the fuzzer's bytes, a choice at a
// time (prefixes, missing r, cell types, entities, rich text, empty and
// self-closing elements), and requires the fast scanner either to read
// them exactly as encoding/xml does or to defer to it.
func FuzzScanner(f *testing.F) {
	f.Add([]byte("seed"))
	f.Add([]byte{0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 200, 201, 202})
	f.Fuzz(func(t *testing.T, choices []byte) {
		src := buildSheet(choices)
		fast, std, fe, se := readBoth(t, testBook(), []byte(src))
		if fe == errScan {
			return
		}
		if (fe == nil) != (se == nil) {
			t.Fatalf("fast error %v, encoding/xml error %v\n%s", fe, se, src)
		}
		var fs, ss *StructureError
		if errors.As(fe, &fs) && errors.As(se, &ss) && (fs.Fault != ss.Fault || fs.Row != ss.Row || fs.Col != ss.Col) {
			t.Fatalf("fast fault %v, encoding/xml fault %v\n%s", fe, se, src)
		}
		if fe == nil && strings.Join(fast, "\n") != strings.Join(std, "\n") {
			t.Fatalf("differ on\n%s\nfast:\n%s\nencoding/xml:\n%s", src, strings.Join(fast, "\n"), strings.Join(std, "\n"))
		}
	})
}

// buildSheet writes a worksheet driven by choices, including cells whose
// content does not fit their type (a shared-string cell holding text).
func buildSheet(choices []byte) string { return buildSheetAs(choices, false) }

// buildSheetAs is buildSheet; with wellFormed every cell's content fits
// its type, as the file format requires and Excel writes.
func buildSheetAs(choices []byte, wellFormed bool) string {
	i := 0
	pick := func(n int) int {
		if i >= len(choices) {
			return 0
		}
		i++
		return int(choices[i-1]) % n
	}
	prefix := []string{"", "x:"}[pick(2)]
	// mutate, now and then, puts one of alts where s was: XML that
	// encoding/xml reads otherwise than a glance would (an entity in an
	// attribute, a repeated attribute) or refuses (an unquoted value, an
	// element closed by another's tag). Well-formed sheets never get one.
	mutate := func(s string, alts ...string) string {
		if wellFormed || pick(8) != 0 {
			return s
		}
		return alts[pick(len(alts))]
	}
	texts := []string{"1", "-56174", "0.30000000000000004", "a &amp; b", "&lt;tag&gt;", "&#229;&#x2212;", " mellan slag ", "", "rad\r\nrad", "1E-3", "#REF!", "_x0041_",
		"a\x1bb", "\xff", "&#27;", "a\uffffb"} // the last four are no XML: both readers must refuse them
	var b strings.Builder
	b.WriteString(`<?xml version="1.0" encoding="UTF-8"?><` + prefix + `worksheet xmlns:x="m"><` + prefix + `dimension ref="A1"/><` + prefix + `sheetData>`)
	rows := pick(5)
	num := 0 // the row's number: its r, or one after the row before it
	for r := 1; r <= rows; r++ {
		k := pick(3)
		attrs := []string{"", fmt.Sprintf(` r="%d"`, r*2), fmt.Sprintf(` r="%d" hidden="1" spans="1:4"`, r*2)}[k]
		attrs = mutate(attrs, fmt.Sprintf(` r="&#%d;"`, '0'+r*2), fmt.Sprintf(` r="%d" r="%d"`, r*2, r*2+1), fmt.Sprintf(` r=%d`, r*2),
			fmt.Sprintf(` r="%d" hidden="0" hidden="1"`, r*2), fmt.Sprintf(` r="%d" x:r="%d"`, r*2, r*2+1), fmt.Sprintf(` r="%d" hidden`, r*2))
		if num++; k > 0 {
			num = r * 2
		}
		if pick(6) == 0 {
			b.WriteString("<" + prefix + "row" + attrs + "/>")
			continue
		}
		b.WriteString("<" + prefix + "row" + attrs + ">")
		for c := 1; c <= pick(5); c++ {
			rn := num
			if !wellFormed {
				rn = r * 2 // may differ from the row's number: both readers must refuse it alike
			}
			ref := []string{"", fmt.Sprintf(` r="%c%d"`, 'A'+c, rn)}[pick(2)]
			typ := []string{"", ` t="s"`, ` t="str"`, ` t="inlineStr"`, ` t="b"`, ` t="e"`, ` t="n"`}[pick(7)]
			style := []string{"", ` s="1"`, ` s="2"`, ` s="9"`}[pick(4)]
			if wellFormed {
				b.WriteString(wellFormedCell("<"+prefix+"c"+ref+typ+style, prefix, typ, pick))
				continue
			}
			typ = mutate(typ, ` t="&#115;"`, ` t=s`, ` t="s" t="n"`, ` t='s'`, ` t = "s"`, ` t="s"t="n"`)
			ref = mutate(ref, fmt.Sprintf(` r="%c%d" r="A%d"`, 'A'+c, rn, rn), fmt.Sprintf(` r="&#%d;%d"`, 'A'+c, rn), ` r=`)
			open := "<" + prefix + "c" + ref + typ + style
			// the close tags of v, t and c, sometimes another's
			endV := mutate("</"+prefix+"v>", "</x>", "</y:v>", "</"+prefix+"v></"+prefix+"x>", "</"+prefix+"t>")
			endT := mutate("</"+prefix+"t>", "</x>", "</y:t>", "</"+prefix+"v>")
			endC := mutate("</"+prefix+"c>", "</x>", "</y:c>", "</"+prefix+"x></"+prefix+"c>", "</"+prefix+"row>")
			switch pick(6) {
			case 0:
				b.WriteString(open + "/>")
			case 4:
				b.WriteString(open + "><" + prefix + "is><" + prefix + "t>" + texts[pick(len(texts))] + endT + "</" + prefix + "is>" + endC)
			case 1:
				space := mutate(` xml:space="preserve"`, ` xml:space=preserve`, ` xml:space="&#112;reserve"`, ` xml:space="preserve" xml:space="default"`)
				b.WriteString(open + "><" + prefix + "is><" + prefix + "r><" + prefix + "t" + space + ">" + texts[pick(len(texts))] + endT + mutate("</"+prefix+"r>", "</"+prefix+"is>", "</x>") + "<" + prefix + "rPh><" + prefix + "t>x</" + prefix + "t></" + prefix + "rPh></" + prefix + "is>" + endC)
			case 2:
				b.WriteString(open + "><" + prefix + "f>SUM(A1:A2)&amp;\"\"" + mutate("</"+prefix+"f>", "</x>", "</"+prefix+"v>") + "<" + prefix + "v>" + texts[pick(len(texts))] + endV + endC)
			case 3:
				b.WriteString(open + "><" + prefix + "f" + mutate(` t="shared" si="0"`, ` t=shared si="0"`, ` t="shared" t="array"`, ` t="&#115;hared"`) + "/>" + endC)
			default:
				v := texts[pick(len(texts))]
				if typ == ` t="s"` {
					v = fmt.Sprint(pick(2))
				}
				b.WriteString(open + "><" + prefix + "v>" + v + endV + endC)
			}
		}
		b.WriteString(mutate("</"+prefix+"row>", "</x>", "</y:row>", "</"+prefix+"c></"+prefix+"row>"))
	}
	b.WriteString("</" + prefix + "sheetData></" + prefix + "worksheet>")
	return b.String()
}

// wellFormedCell writes a cell whose content fits its type.
func wellFormedCell(open, p, typ string, pick func(int) int) string {
	v := func(text string) string { return open + "><" + p + "v>" + text + "</" + p + "v></" + p + "c>" }
	numbers := []string{"1", "-56174", "0.30000000000000004", "1E-3", "45337", "-0.25"}
	texts := []string{"a &amp; b", "&lt;tag&gt;", "&#229;&#x2212;", " mellan slag ", "rad\r\nrad", "_x0041_", "Total"}
	if pick(5) == 0 {
		return open + "/>"
	}
	switch typ {
	case ` t="s"`:
		return v(fmt.Sprint(pick(2)))
	case ` t="inlineStr"`:
		t := texts[pick(len(texts))]
		if pick(2) == 0 {
			return open + "><" + p + "is><" + p + "t>" + t + "</" + p + "t></" + p + "is></" + p + "c>"
		}
		return open + "><" + p + "is><" + p + "r><" + p + "t xml:space=\"preserve\">" + t + "</" + p + "t></" + p + "r><" + p + "r><" + p + "t>!</" + p + "t></" + p + "r><" + p + "rPh><" + p + "t>x</" + p + "t></" + p + "rPh></" + p + "is></" + p + "c>"
	case ` t="b"`:
		return v(fmt.Sprint(pick(2)))
	case ` t="e"`:
		return v([]string{"#REF!", "#DIV/0!", "#N/A"}[pick(3)])
	case ` t="str"`:
		return open + "><" + p + "f>A1&amp;\"x\"</" + p + "f><" + p + "v>" + texts[pick(len(texts))] + "</" + p + "v></" + p + "c>"
	}
	n := numbers[pick(len(numbers))]
	if pick(2) == 0 {
		return open + "><" + p + "f>SUM(A1:A2)</" + p + "f><" + p + "v>" + n + "</" + p + "v></" + p + "c>"
	}
	return v(n)
}

// TestScanStylesMatchesDecode compares the fast styles reader with
// encoding/xml on every fixture and on a workbook written by hand.
func TestScanStylesMatchesDecode(t *testing.T) {
	files, _ := filepath.Glob("../../fixtures/inlamnat/*-2023.xlsx")
	files = append(files, writeZipInternal(t, ""))
	for _, name := range files {
		b, err := Open(name, DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		for part := range b.files {
			if !strings.HasSuffix(part, "styles.xml") {
				continue
			}
			fast, err := b.scanStyles(part)
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			std, err := b.decodeStyles(part)
			if err != nil {
				t.Errorf("%s: %v", name, err)
			}
			if len(std) == 0 || fmt.Sprint(fast) != fmt.Sprint(std) {
				t.Errorf("%s: scanned %v, decoded %v", name, fast, std)
			}
		}
		b.Close()
	}
}

// TestScanSharedStringsMatchesDecode compares the fast shared-strings
// reader with encoding/xml on every fixture.
func TestScanSharedStringsMatchesDecode(t *testing.T) {
	files, _ := filepath.Glob("../../fixtures/inlamnat/*-2023.xlsx")
	for _, name := range files {
		b, err := Open(name, DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		for part := range b.files {
			if !strings.HasSuffix(part, "sharedStrings.xml") {
				continue
			}
			fast, err1 := b.scanSharedStrings(part)
			std, err2 := b.decodeSharedStrings(part)
			if err1 != nil || err2 != nil || std.len() == 0 || strings.Join(fast.all(), "\x00") != strings.Join(std.all(), "\x00") {
				t.Errorf("%s: fast %d strings (%v), encoding/xml %d (%v)", name, fast.len(), err1, std.len(), err2)
			}
		}
		b.Close()
	}
}

// TestScanWorkbookMatchesDecode compares the fast workbook and
// relationships readers with encoding/xml on every fixture.
func TestScanWorkbookMatchesDecode(t *testing.T) {
	files, _ := filepath.Glob("../../fixtures/inlamnat/*-2023.xlsx")
	for _, name := range files {
		b, err := Open(name, DefaultLimits)
		if err != nil {
			t.Fatal(err)
		}
		fast := fmt.Sprint(b.Sheets, b.Date1904)
		if err := b.decodeWorkbook(b.workbookPath()); err != nil {
			t.Fatal(err)
		}
		for i := range b.Sheets { // decodeWorkbook leaves rIds; Open resolved them to parts
			b.Sheets[i].part = ""
		}
		var fastNoParts []Sheet
		b2, _ := Open(name, DefaultLimits)
		for _, s := range b2.Sheets {
			s.part = ""
			fastNoParts = append(fastNoParts, s)
		}
		if got, want := fmt.Sprint(fastNoParts, b2.Date1904), fmt.Sprint(b.Sheets, b.Date1904); got != want || len(b.Sheets) < 10 {
			t.Errorf("%s: scanned %s, decoded %s (%s)", name, got, want, fast)
		}
		var rs xmlRels
		if err := b.decodePart("xl/_rels/workbook.xml.rels", &rs); err != nil {
			t.Fatal(err)
		}
		scanned, err := b.relsOf("xl/_rels/workbook.xml.rels")
		if err != nil || fmt.Sprint(scanned) != fmt.Sprint(rs) || len(rs.Rels) == 0 {
			t.Errorf("%s: rels scanned %v (%v), decoded %v", name, scanned, err, rs)
		}
		b.Close()
		b2.Close()
	}
}

// TestScannerDefersOnMalformedMarkup: where encoding/xml reads a sheet
// otherwise than a glance would, or refuses it, the scanner defers to it
// (errScan), and Rows then gives what encoding/xml gives: never a value
// the scanner guessed (issue 11).
func TestScannerDefersOnMalformedMarkup(t *testing.T) {
	for _, tc := range []struct {
		name, rows string
		want       string // what encoding/xml gives: its cells, or part of its error
	}{
		{"end tag of another element", `<x:row r="1"><x:c r="B1"><x:v>2</x:x></x:c></x:row>`, "closed by </x>"},
		{"end tag with another prefix", `<x:row r="1"><x:c r="B1"><x:v>2</y:v></x:c></x:row>`, "closed by </v> in space y"},
		{"stray end tag in a cell", `<x:row r="1"><x:c r="B1"><x:v>2</x:v></x:x></x:c></x:row>`, "closed by </x>"},
		{"cell closed by another prefix", `<x:row r="1"><x:c r="B1"><x:v>2</x:v></c></x:row>`, "closed by </c>"},
		{"rich text closed by another element", `<x:row r="1"><x:c r="B1" t="inlineStr"><x:is><x:r><x:t>a</x:t></x:is></x:r></x:c></x:row>`, "closed by </is>"},
		{"end tag with an attribute", `<x:row r="1"><x:c r="B1"><x:v>2</x:v t="s"></x:c></x:row>`, "invalid characters between </v and >"},
		{"cell inside rich text", `<x:row r="1"><x:c r="B1" t="inlineStr"><x:is><x:c t=s/><x:t>a</x:t></x:is></x:c></x:row>`, "unquoted or missing attribute value"},
		{"unquoted attribute of a formula", `<x:row r="1"><x:c r="B1"><x:f t=shared si="0"/><x:v>2</x:v></x:c></x:row>`, "unquoted or missing attribute value"},
		{"unquoted attribute", `<x:row r="1"><x:c r="B1" t=s><x:v>0</x:v></x:c></x:row>`, "unquoted or missing attribute value"},
		{"attribute without value", `<x:row r="1" hidden><x:c r="B1"><x:v>0</x:v></x:c></x:row>`, "attribute name without = in element"},
		{"character reference in t", `<x:row r="1"><x:c r="B1" t="&#115;"><x:v>0</x:v></x:c></x:row>`, "1/2 hfalse t1 f0 false true \"delad & text\""},
		{"character reference in row r", `<x:row r="&#49;"><x:c><x:v>7</x:v></x:c></x:row>`, "1/1 hfalse t0 f0 false true \"7\""},
		{"repeated row r", `<x:row r="1" r="3"><x:c r="B3"><x:v>7</x:v></x:c></x:row>`, "3/2 hfalse t0 f0 false true \"7\""},
		{"repeated t, the last counts", `<x:row r="1"><x:c r="B1" t="str" t="s"><x:v>1</x:v></x:c></x:row>`, "1/2 hfalse t1 f0 false true \"två\""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			sheet := `<x:worksheet xmlns:x="m"><x:sheetData>` + tc.rows + `</x:sheetData></x:worksheet>` // as writeZipInternal writes it
			fast, std, fe, se := readBoth(t, testBook(), []byte(sheet))
			if fe != errScan {
				t.Fatalf("fast scanner gave %q, %v; want errScan", fast, fe)
			}
			got := strings.Join(std, "\n")
			if se != nil {
				got = se.Error()
			}
			if !strings.Contains(got, tc.want) {
				t.Fatalf("encoding/xml gave %q, want %q", got, tc.want)
			}
			// Through Rows, which falls back on errScan, in a workbook (with
			// no shared strings): what encoding/xml gives there.
			b, err := Open(writeZipInternal(t, tc.rows), DefaultLimits)
			if err != nil {
				t.Fatal(err)
			}
			defer b.Close()
			_, std, _, se = readBoth(t, b, []byte(sheet))
			var rows []string
			var rowsErr error
			for r, err := range b.Rows("Drift") {
				if err != nil {
					rowsErr = err
					break
				}
				rows = append(rows, describeRow(r)...)
			}
			if strings.Join(rows, "\n") != strings.Join(std, "\n") || (rowsErr == nil) != (se == nil) {
				t.Fatalf("Rows gave %q, %v; encoding/xml %q, %v", rows, rowsErr, std, se)
			}
		})
	}
}

func TestPlainText(t *testing.T) {
	tests := []struct {
		text string
		want bool
	}{
		{"", true},
		{"-1000", true},
		{"Verksamhet 1", true},
		{"tab\tand\nline", true},
		{"Helår", true},
		{"a&amp;b", false},
		{"Helår &amp; mer", false},
		{"å\r\n", false},
		{"rad\r", false},
		{"\x1b", false},
		{"ok\x1b", false},
		{"é\x01", false},
		{"\xff", false},
		{"å\xef\xbf\xbe", false}, // U+FFFE
	}
	for _, tt := range tests {
		if got := plainText([]byte(tt.text)); got != tt.want {
			t.Errorf("plainText(%q) = %v, want %v", tt.text, got, tt.want)
		}
	}
}
