package exporter

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
)

// TestRewriteSheet: the surgery changes a worksheet only where it marks
// (the s attribute, cells and rows added in order) and lays it out, every
// other byte as it was.
func TestRewriteSheet(t *testing.T) {
	const ws = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">`
	mark := func(cells ...[2]int) map[[2]int]func(int) (int, error) {
		m := map[[2]int]func(int) (int, error){}
		for _, c := range cells {
			m[c] = func(old int) (int, error) { return 100 + old, nil }
		}
		return m
	}
	page := &pageSetup{header: "KS & co", footer: "Sida &P"}
	for _, tt := range []struct {
		name, in string
		edit     sheetEdit
		want     string // "" when the surgery must not handle it
	}{
		{"style replaced, others as they were",
			ws + `<sheetData><row r="2" spans="1:3"><c r="A2" s="3" t="s"><v>0</v></c><c r="B2" s="4"><v>1.50</v></c></row></sheetData></worksheet>`,
			sheetEdit{marks: mark([2]int{2, 2})},
			ws + `<sheetData><row r="2" spans="1:3"><c r="A2" s="3" t="s"><v>0</v></c><c r="B2" s="104"><v>1.50</v></c></row></sheetData></worksheet>`},
		{"style added to a cell without one",
			ws + `<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`,
			sheetEdit{marks: mark([2]int{1, 1})},
			ws + `<sheetData><row r="1"><c r="A1" t="s" s="100"><v>0</v></c></row></sheetData></worksheet>`},
		{"missing cell inserted in column order, with its column's style",
			ws + `<cols><col min="2" max="3" width="9" style="7"/></cols><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="D1"><v>4</v></c></row></sheetData></worksheet>`,
			sheetEdit{marks: mark([2]int{1, 3})},
			ws + `<cols><col min="2" max="3" width="9" style="7"/></cols><sheetData><row r="1"><c r="A1"><v>1</v></c><c r="C1" s="107"/><c r="D1"><v>4</v></c></row></sheetData></worksheet>`},
		{"missing cell after the last, with the row's style",
			ws + `<sheetData><row r="1" s="5" customFormat="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>`,
			sheetEdit{marks: mark([2]int{1, 2})},
			ws + `<sheetData><row r="1" s="5" customFormat="1"><c r="A1"><v>1</v></c><c r="B1" s="105"/></row></sheetData></worksheet>`},
		{"rows inserted before, between and after",
			ws + `<sheetData><row r="2"><c r="A2"><v>2</v></c></row><row r="4"/></sheetData></worksheet>`,
			sheetEdit{marks: mark([2]int{1, 1}, [2]int{3, 2}, [2]int{4, 1}, [2]int{9, 1})},
			ws + `<sheetData><row r="1"><c r="A1" s="100"/></row><row r="2"><c r="A2"><v>2</v></c></row><row r="3"><c r="B3" s="100"/></row><row r="4"><c r="A4" s="100"/></row><row r="9"><c r="A9" s="100"/></row></sheetData></worksheet>`},
		{"empty sheetData",
			ws + `<sheetData/></worksheet>`,
			sheetEdit{marks: mark([2]int{1, 1})},
			ws + `<sheetData><row r="1"><c r="A1" s="100"/></row></sheetData></worksheet>`},
		{"page setup and drawing inserted in schema order, tabSelected cleared",
			ws + `<sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews><sheetData/><pageMargins left="0.7"/><drawing r:id="rId1"/><tableParts count="0"/></worksheet>`,
			sheetEdit{page: page, drawing: "rIdRk1"},
			ws + `<sheetPr><pageSetUpPr fitToPage="1"/></sheetPr><sheetViews><sheetView tabSelected="0" workbookViewId="0"/></sheetViews><sheetData></sheetData><pageMargins left="0.7"/>` +
				`<pageSetup paperSize="9" orientation="landscape" fitToWidth="1" fitToHeight="0"/><headerFooter><oddHeader>&amp;CKS &amp; co</oddHeader><oddFooter>&amp;L&amp;A&amp;RSida &amp;P</oddFooter></headerFooter>` +
				`<drawing r:id="rId1"/><legacyDrawing xmlns:r="` + relNS + `" r:id="rIdRk1"/><tableParts count="0"/></worksheet>`},
		{"the department's paper size kept, its header replaced",
			ws + `<sheetPr><tabColor rgb="FF0000"/><pageSetUpPr fitToPage="0"/></sheetPr><sheetData/><pageSetup paperSize="8" orientation="portrait" r:id="rId2"></pageSetup><headerFooter><oddHeader>x</oddHeader></headerFooter></worksheet>`,
			sheetEdit{page: page},
			ws + `<sheetPr><tabColor rgb="FF0000"/><pageSetUpPr fitToPage="1"/></sheetPr><sheetData></sheetData><pageSetup paperSize="8" orientation="landscape" r:id="rId2" fitToWidth="1" fitToHeight="0"/>` +
				`<headerFooter><oddHeader>&amp;CKS &amp; co</oddHeader><oddFooter>&amp;L&amp;A&amp;RSida &amp;P</oddFooter></headerFooter></worksheet>`},
		{"spans widened to a cell added",
			ws + `<sheetData><row r="1" spans="2:3"><c r="B1"><v>1</v></c></row></sheetData></worksheet>`,
			sheetEdit{marks: mark([2]int{1, 5})},
			ws + `<sheetData><row r="1" spans="2:5"><c r="B1"><v>1</v></c><c r="E1" s="100"/></row></sheetData></worksheet>`},
		{"rows out of order",
			ws + `<sheetData><row r="3"/><row r="2"/></sheetData></worksheet>`,
			sheetEdit{marks: mark([2]int{4, 1})}, ""},
		{"cells out of order",
			ws + `<sheetData><row r="1"><c r="C1"/><c r="B1"/></row></sheetData></worksheet>`,
			sheetEdit{marks: mark([2]int{1, 4})}, ""},
		{"a row without its number",
			ws + `<sheetData><row><c r="A1"><v>1</v></c></row></sheetData></worksheet>`,
			sheetEdit{marks: mark([2]int{1, 1})}, ""},
		{"a cell without its reference",
			ws + `<sheetData><row r="1"><c><v>1</v></c></row></sheetData></worksheet>`,
			sheetEdit{marks: mark([2]int{1, 1})}, ""},
		{"a prefixed worksheet",
			`<x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData/></x:worksheet>`,
			sheetEdit{marks: mark([2]int{1, 1})}, ""},
		{"comments there already",
			ws + `<sheetData/><legacyDrawing r:id="rId3"/></worksheet>`,
			sheetEdit{drawing: "rIdRk1"}, ""},
		{"an element the surgery does not know after sheetData",
			ws + `<sheetData/><x14:foo/></worksheet>`,
			sheetEdit{page: page}, ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rewriteSheet([]byte(tt.in), tt.edit)
			if tt.want == "" {
				var u errUnhandled
				if !errors.As(err, &u) {
					t.Fatalf("rewriteSheet = %q, %v; want errUnhandled", got, err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if string(got) != tt.want {
				t.Errorf("rewriteSheet =\n%s\nwant\n%s", got, tt.want)
			}
			if err := wellFormed([]byte(strings.Replace(string(got), "<worksheet ", `<worksheet xmlns:r="`+relNS+`" `, 1))); err != nil {
				t.Errorf("not well-formed: %v", err)
			}
		})
	}
}

// TestEditWorkbook: the list put first and active, local names shifted.
func TestEditWorkbook(t *testing.T) {
	in := `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="` + relNS + `">` +
		`<bookViews><workbookView firstSheet="2" activeTab="3"/></bookViews><sheets><sheet name="A" sheetId="4" r:id="rId1"/><sheet name="B" sheetId="7" r:id="rId2"/></sheets>` +
		`<definedNames><definedName name="_xlnm.Print_Area" localSheetId="1">B!$A$1:$B$2</definedName><definedName name="g">A!$A$1</definedName></definedNames><calcPr/></workbook>`
	want := `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="` + relNS + `">` +
		`<bookViews><workbookView firstSheet="0" activeTab="0"/></bookViews><sheets><sheet name="Återkoppling &amp; x" sheetId="8" r:id="rIdRk0"/><sheet name="A" sheetId="4" r:id="rId1"/><sheet name="B" sheetId="7" r:id="rId2"/></sheets>` +
		`<definedNames><definedName name="n" localSheetId="0">x</definedName><definedName name="_xlnm.Print_Area" localSheetId="2">B!$A$1:$B$2</definedName><definedName name="g">A!$A$1</definedName></definedNames><calcPr/></workbook>`
	got, err := editWorkbook([]byte(in), "Återkoppling & x", "rIdRk0", []string{`<definedName name="n" localSheetId="0">x</definedName>`})
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("editWorkbook =\n%s\nwant\n%s", got, want)
	}
	noNames := strings.Replace(in, `<definedNames><definedName name="_xlnm.Print_Area" localSheetId="1">B!$A$1:$B$2</definedName><definedName name="g">A!$A$1</definedName></definedNames>`, "", 1)
	got, err = editWorkbook([]byte(noNames), "L", "rIdRk0", []string{`<definedName name="n" localSheetId="0">x</definedName>`})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(got), `</sheets><definedNames><definedName name="n" localSheetId="0">x</definedName></definedNames><calcPr/>`) {
		t.Errorf("editWorkbook without names = %s", got)
	}
}

func TestRelPath(t *testing.T) {
	for _, tt := range []struct{ dir, part, want string }{
		{"xl", "xl/worksheets/sheet3.xml", "worksheets/sheet3.xml"},
		{"xl/worksheets", "xl/comments1.xml", "../comments1.xml"},
		{"xl/worksheets", "xl/drawings/vmlDrawing1.vml", "../drawings/vmlDrawing1.vml"},
		{"", "xl/a.xml", "xl/a.xml"},
		{"a/b", "c/d.xml", "../../c/d.xml"},
	} {
		if got := relPath(tt.dir, tt.part); got != tt.want {
			t.Errorf("relPath(%q, %q) = %q, want %q", tt.dir, tt.part, got, tt.want)
		}
	}
}

// TestHasUnsafe: the piecewise scan finds what xmlSafe changes, and a
// character cut between two pieces is no fault; remembered, the answer is
// the same.
func TestHasUnsafe(t *testing.T) {
	pad := strings.Repeat("a", 64<<10-1)
	for _, tt := range []struct {
		name, data string
		want       bool
	}{
		{"plain", "<x>hej</x>", false},
		{"å across pieces", pad + "å" + pad + "ö", false},
		{"control character in the second piece", pad + "å" + pad + "\x01", true},
		{"invalid UTF-8 at the end", pad + "\xc3", true},
		{"U+FFFE", "<x>\uFFFE</x>", true},
	} {
		t.Run(tt.name, func(t *testing.T) {
			data, err := fixtures.Zip([]fixtures.Entry{{Name: "x.xml", Data: tt.data}})
			if err != nil {
				t.Fatal(err)
			}
			zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
			if err != nil {
				t.Fatal(err)
			}
			got, err := hasUnsafe(zr.File[0])
			if err != nil || got != tt.want {
				t.Errorf("hasUnsafe = %v, %v; want %v (xmlSafe changes it: %v)", got, err, tt.want, firstUnsafe([]byte(tt.data)) >= 0)
			}
			for range 2 { // asked, then remembered
				if got, err := hasUnsafeMemo(zr.File[0]); err != nil || got != tt.want {
					t.Errorf("hasUnsafeMemo = %v, %v; want %v", got, err, tt.want)
				}
			}
			// the same bytes under another header (a damaged or hostile
			// copy: a checksum error, say) get their own answer, not the
			// one remembered
			for _, damage := range []func(*zip.File){
				func(f *zip.File) { f.CRC32 ^= 1 },
				func(f *zip.File) { f.UncompressedSize64-- },
			} {
				bad := *zr.File[0]
				damage(&bad)
				want, wantErr := hasUnsafe(&bad)
				if got, err := hasUnsafeMemo(&bad); got != want || (err == nil) != (wantErr == nil) {
					t.Errorf("hasUnsafeMemo of a damaged copy = %v, %v; hasUnsafe says %v, %v", got, err, want, wantErr)
				}
			}
		})
	}
}

// FuzzRewriteSheet: any worksheet XML is rewritten or refused as
// errUnhandled, never a panic, and a well-formed one stays well-formed.
func FuzzRewriteSheet(f *testing.F) {
	const ws = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">`
	for _, seed := range []string{
		ws + `<sheetData><row r="1"><c r="A1" s="2"><v>1</v></c></row><row r="3"/></sheetData><pageSetup paperSize="8"/></worksheet>`,
		ws + `<sheetPr/><cols><col min="1" max="2" style="3"/></cols><sheetData/><drawing r:id="rId1"/></worksheet>`,
		ws + `<sheetData><row r="2"><c r="B2" t="inlineStr"><is><t>x&gt;y</t></is></c></row></sheetData><extLst/></worksheet>`,
	} {
		f.Add([]byte(seed))
	}
	marks := map[[2]int]func(int) (int, error){}
	for _, k := range [][2]int{{1, 1}, {2, 2}, {3, 2}} {
		marks[k] = func(old int) (int, error) { return old + 1, nil }
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		out, err := rewriteSheet(data, sheetEdit{marks: marks, page: &pageSetup{header: "h", footer: "f"}, drawing: "rIdRk1"})
		if err != nil {
			var u errUnhandled
			if !errors.As(err, &u) {
				t.Fatalf("rewriteSheet: %v, want errUnhandled", err)
			}
			return
		}
		if wellFormed(data) == nil {
			if err := wellFormed(out); err != nil {
				t.Fatalf("well-formed input made ill-formed: %v\n%s", err, out)
			}
		}
	})
}
