package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
)

// cacheParts are the parts of a small workbook for the part cache's tests;
// the tests change some of them.
func cacheParts() map[string]string {
	return map[string]string{
		"[Content_Types].xml": `<Types/>`,
		"_rels/.rels":         `<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<workbook xmlns:r="r"><workbookPr date1904="0"/><sheets><sheet name="Info" sheetId="1" r:id="rId1"/>` +
			`<sheet name="Drift" sheetId="2" state="hidden" r:id="rId2"/><sheet name="Tom &amp; mer" sheetId="3" r:id="rId9"/></sheets></workbook>`,
		"xl/_rels/workbook.xml.rels": `<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/>` +
			`<Relationship Id="rId2" Type="x/worksheet" Target="/xl/worksheets/sheet2.xml"/>` +
			`<Relationship Id="rId3" Type="x/styles" Target="styles.xml"/><Relationship Id="rId4" Type="x/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
		"xl/styles.xml": `<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="0.0%"/></numFmts>` +
			`<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="9"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs></styleSheet>`,
		"xl/sharedStrings.xml":     `<sst><si><t>a</t></si></sst>`,
		"xl/worksheets/sheet1.xml": `<worksheet><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData></worksheet>`,
		"xl/worksheets/sheet2.xml": `<worksheet><sheetData/></worksheet>`,
	}
}

// zipParts writes parts into an archive as archive/zip does (deflated,
// with data descriptors), in name order.
func zipParts(t testing.TB, parts map[string]string) []byte {
	t.Helper()
	data, err := fixtures.ZipOf(parts)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// describeBook is what a book read of its structure, or the error.
func describeBook(b *Book, err error) string {
	if err != nil {
		return "error: " + err.Error()
	}
	defer b.Close()
	return fmt.Sprintf("sheets %+v count %d date1904 %v strings %q (%d) styles %v",
		b.Sheets, b.SheetCount, b.Date1904, b.sstPart, b.strings.len(), b.styles)
}

// openUncached is OpenBytes without the part cache.
func openUncached(data []byte, lim Limits) (*Book, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrNotZip, err)
	}
	return newBook(zr, nil, nil, lim)
}

// TestPartCacheSameAsReading: a book whose parts come from the cache reads
// as one that reads them, for workbooks that differ in each part the
// cache keeps and for limits that change what is read.
func TestPartCacheSameAsReading(t *testing.T) {
	few, small := DefaultLimits, DefaultLimits
	few.Sheets, small.PartSize = 2, 200
	tests := []struct {
		name   string
		change func(map[string]string)
		lim    Limits
	}{
		{"template", func(map[string]string) {}, DefaultLimits},
		{"fewer sheets read", func(map[string]string) {}, few},
		{"parts over the size limit", func(map[string]string) {}, small},
		{"date1904", func(p map[string]string) {
			p["xl/workbook.xml"] = strings.Replace(p["xl/workbook.xml"], `date1904="0"`, `date1904="1"`, 1)
		}, DefaultLimits},
		{"sheet renamed", func(p map[string]string) {
			p["xl/workbook.xml"] = strings.Replace(p["xl/workbook.xml"], `"Info"`, `"Inf0"`, 1)
		}, DefaultLimits},
		{"workbook read by encoding/xml", func(p map[string]string) {
			p["xl/workbook.xml"] = strings.Replace(p["xl/workbook.xml"], `<workbook `, `<!-- c --><workbook `, 1)
		}, DefaultLimits},
		{"other styles", func(p map[string]string) {
			p["xl/styles.xml"] = strings.Replace(p["xl/styles.xml"], `"0.0%"`, `"yyyy-mm-dd"`, 1)
		}, DefaultLimits},
		{"styles elsewhere", func(p map[string]string) {
			p["xl/_rels/workbook.xml.rels"] = strings.Replace(p["xl/_rels/workbook.xml.rels"], `Target="styles.xml"`, `Target="/st/s.xml"`, 1)
			p["st/s.xml"] = p["xl/styles.xml"]
		}, DefaultLimits},
		{"workbook in another folder", func(p map[string]string) {
			p["_rels/.rels"] = strings.Replace(p["_rels/.rels"], `xl/workbook.xml`, `wb/book.xml`, 1)
			p["wb/book.xml"] = p["xl/workbook.xml"]
			p["wb/_rels/book.xml.rels"] = strings.ReplaceAll(p["xl/_rels/workbook.xml.rels"], `Target="`, `Target="../xl/`)
		}, DefaultLimits},
		{"broken styles", func(p map[string]string) { p["xl/styles.xml"] = `<styleSheet><cellXfs>` }, DefaultLimits},
		{"broken relationships", func(p map[string]string) { p["xl/_rels/workbook.xml.rels"] = `<Relationships><` }, DefaultLimits},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := cacheParts()
			tt.change(p)
			data := zipParts(t, p)
			want := describeBook(openUncached(data, tt.lim))
			for i := range 3 { // read, then from the cache
				if got := describeBook(OpenBytes(data, tt.lim)); got != want {
					t.Errorf("OpenBytes #%d = %s\nwant %s", i+1, got, want)
				}
			}
		})
	}
}

// entryAt returns the zip entry of part in data.
func entryAt(t *testing.T, data []byte, part string) *zip.File {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		if f.Name == part {
			return f
		}
	}
	t.Fatalf("no %s", part)
	return nil
}

// TestPartCacheChecksTheArchive: a part whose compressed bytes are those
// of a part in the cache but whose archive says otherwise (another
// checksum in its data descriptor or in the central directory, other
// bytes) fails as reading it fails, not as the cached part.
func TestPartCacheChecksTheArchive(t *testing.T) {
	good := zipParts(t, cacheParts())
	if got := describeBook(OpenBytes(good, DefaultLimits)); strings.HasPrefix(got, "error") {
		t.Fatal(got)
	}
	for _, part := range []string{"xl/styles.xml", "xl/workbook.xml", "xl/_rels/workbook.xml.rels", "_rels/.rels"} {
		f := entryAt(t, good, part)
		off, _ := f.DataOffset()
		end := int(off) + int(f.CompressedSize64)
		if f.Flags&0x8 == 0 || binary.LittleEndian.Uint32(good[end:]) != 0x08074b50 {
			t.Fatalf("%s has no data descriptor", part)
		}
		cdCRC := bytes.LastIndex(good, binary.LittleEndian.AppendUint32(nil, f.CRC32)) // the central directory's
		tests := []struct {
			name string
			at   int
		}{
			{"data descriptor's checksum", end + 4},
			{"central directory's checksum", cdCRC},
			{"compressed byte", int(off) + int(f.CompressedSize64)/2},
		}
		for _, tt := range tests {
			t.Run(part+"/"+tt.name, func(t *testing.T) {
				bad := bytes.Clone(good)
				bad[tt.at] ^= 0x55
				want := describeBook(openUncached(bad, DefaultLimits))
				if got := describeBook(OpenBytes(bad, DefaultLimits)); got != want {
					t.Errorf("OpenBytes = %s\nwant %s", got, want)
				}
			})
		}
	}
}

// TestPartCacheBounded: many workbooks that differ keep no more than
// partCacheMax parts, and workers share the cache.
func TestPartCacheBounded(t *testing.T) {
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range partCacheMax {
				p := cacheParts()
				p["xl/styles.xml"] = strings.Replace(p["xl/styles.xml"], `"0.0%"`, fmt.Sprintf(`"0.%0*d%%"`, 1+w*partCacheMax+i, 0), 1)
				data := zipParts(t, p)
				want := describeBook(openUncached(data, DefaultLimits))
				for range 2 {
					if got := describeBook(OpenBytes(data, DefaultLimits)); got != want {
						t.Errorf("OpenBytes = %s\nwant %s", got, want)
						return
					}
				}
			}
		})
	}
	wg.Wait()
	if n := parts.len(); n > partCacheMax {
		t.Errorf("the part cache holds %d parts, want at most %d", n, partCacheMax)
	}
}

// FuzzPartCache changes bytes of a workbook whose parts are in the cache
// (three of the fuzzer's bytes at a time: a position in two, then what
// the byte there is XORed with) and requires it to open as it opens without the cache.
func FuzzPartCache(f *testing.F) {
	f.Add([]byte{})
	f.Add([]byte{10, 1, 200, 0x55})
	f.Add([]byte{255, 255, 128, 1, 0, 7})
	good := zipParts(f, cacheParts())
	f.Fuzz(func(t *testing.T, edits []byte) {
		if got := describeBook(OpenBytes(good, DefaultLimits)); strings.HasPrefix(got, "error") {
			t.Fatal(got)
		}
		bad := bytes.Clone(good)
		for i := 0; i+2 < len(edits); i += 3 {
			at := int(binary.LittleEndian.Uint16(edits[i:])) % len(bad)
			bad[at] ^= edits[i+2]
		}
		want := describeBook(openUncached(bad, DefaultLimits))
		for i := range 2 {
			if got := describeBook(OpenBytes(bad, DefaultLimits)); got != want {
				t.Fatalf("OpenBytes #%d = %s\nwant %s", i+1, got, want)
			}
		}
	})
}
