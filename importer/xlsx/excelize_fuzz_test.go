package xlsx

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"
)

// buildWorkbook packs a worksheet made by buildSheet into a whole workbook
// with shared strings and styles (percent and date formats), counting
// dates from 1904 when choices say so.
func buildWorkbook(t testing.TB, choices []byte) []byte {
	date1904 := len(choices) > 0 && choices[len(choices)-1]%2 == 1
	pr := ""
	if date1904 {
		pr = `<workbookPr date1904="1"/>`
	}
	parts := []struct{ name, body string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`},
		{"xl/workbook.xml", `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">` + pr + `<sheets><sheet name="Drift" sheetId="1" r:id="rId1"/></sheets></workbook>`},
		{"xl/_rels/workbook.xml.rels", `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>`},
		{"xl/styles.xml", `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="3"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="14"/></cellXfs></styleSheet>`},
		{"xl/sharedStrings.xml", `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2" uniqueCount="2"><si><t>delad &amp; text</t></si><si><r><t>tv</t></r><r><t>å</t></r></si></sst>`},
		{"xl/worksheets/sheet1.xml", buildSheetAs(choices, true)},
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		w, err := zw.Create(p.name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(p.body))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// FuzzSameAsExcelize builds workbooks (values, entities, rich text runs
// with xml:space and phonetic runs, namespace prefixes, rows and cells
// without r, empty, boolean, error and formula cells, shared strings,
// 1904 dates) and requires the same cell values from this package as from
// excelize, and the same date system. Sheets the fast scanner hands to
// encoding/xml are compared all the same. The cells are well formed: where
// content contradicts its type (text in a shared-string cell) excelize
// guesses (shared string 0) and this package refuses the sheet, which
// FuzzScanner covers against encoding/xml.
func FuzzSameAsExcelize(f *testing.F) {
	f.Add([]byte("seed"))
	f.Add([]byte{4, 1, 2, 1, 3, 0, 1, 4, 5, 0, 2, 6, 1, 1, 3, 1, 0, 2, 4, 1})
	f.Add([]byte{0, 2, 3, 1, 1, 0, 1, 1, 4, 8, 1, 0, 0, 3, 5, 1, 0, 1, 2, 4, 3, 3, 1})
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, choices []byte) {
		data := buildWorkbook(t, choices)
		name := filepath.Join(dir, "fuzz.xlsx")
		if err := os.WriteFile(name, data, 0o644); err != nil {
			t.Fatal(err)
		}
		ef, eerr := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
		if eerr != nil {
			t.Skip("excelize cannot open it")
		}
		defer ef.Close()
		rows, eerr := ef.GetRows("Drift", excelize.Options{RawCellValue: true})
		if eerr != nil {
			t.Skip("excelize cannot read the sheet")
		}
		want := map[[2]int]string{}
		for r, row := range rows {
			for c, v := range row {
				if v != "" {
					want[[2]int{r + 1, c + 1}] = v
				}
			}
		}
		b, err := Open(name, DefaultLimits)
		if err != nil {
			t.Fatalf("excelize reads it, this package does not open it: %v", err)
		}
		defer b.Close()
		props, _ := ef.GetWorkbookProps()
		if e1904 := props.Date1904 != nil && *props.Date1904; e1904 != b.Date1904 {
			t.Errorf("date1904 %v, excelize %v", b.Date1904, e1904)
		}
		got := map[[2]int]string{}
		for row, err := range b.Rows("Drift") {
			if err != nil {
				t.Fatalf("excelize reads the sheet, this package fails: %v\n%s", err, buildSheetAs(choices, true))
			}
			for _, c := range row.Cells {
				if c.Value != "" {
					got[[2]int{row.Num, c.Col}] = c.Value
				}
			}
		}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("row %d col %d = %q, excelize %q\n%s", k[0], k[1], got[k], w, buildSheetAs(choices, true))
			}
		}
		for k, g := range got {
			if _, ok := want[k]; !ok {
				t.Errorf("row %d col %d = %q, excelize has no value\n%s", k[0], k[1], g, buildSheetAs(choices, true))
			}
		}
	})
}
