package exporter

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"fmt"
	"hash/crc32"
	"io"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// TestAppendDecimalText: the fast text of a decimal is its String(), for
// generated coefficients and exponents and the edges.
func TestAppendDecimalText(t *testing.T) {
	ds := []decimal.Decimal{decimal.Zero, decimal.New(0, -3), decimal.New(-1, -18), decimal.New(-9223372036854775808, -4),
		decimal.New(9223372036854775807, -18), decimal.New(5, 3), decimal.New(-10, -1), decimal.New(-5, -1),
		decimal.RequireFromString("123456789012345678901234.5670"), decimal.New(1, -19)}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 20000 {
		c := rng.Int64() >> rng.IntN(63)
		if rng.IntN(2) == 0 {
			c = -c
		}
		ds = append(ds, decimal.New(c, -int32(rng.IntN(21))))
	}
	for _, d := range ds {
		if got, want := string(appendDecimalText(nil, d)), d.String(); got != want {
			t.Fatalf("appendDecimalText(%s e%d) = %q, want %q", d.Coefficient(), d.Exponent(), got, want)
		}
	}
}

// TestAppendEscaped: a streamed text is escaped exactly as excelize
// escapes an inline string (xml.EscapeText, line feeds kept), fast path
// or not.
func TestAppendEscaped(t *testing.T) {
	for _, s := range []string{"plain", "Stora nämnden", "a&b<c>\"d'", "tab\there", "rad\nrad", "bad\xffutf8", "non\uFFFEchar", "\uFFFF", "ersatt\uFFFD", "𝄞", "\x01"} {
		var want bytes.Buffer
		_ = xml.EscapeText(&want, []byte(s))
		w := strings.ReplaceAll(want.String(), "&#xA;", "\n")
		if got := string(appendEscaped(nil, s)); got != w {
			t.Errorf("appendEscaped(%q) = %q, want %q", s, got, w)
		}
	}
}

// TestStreamedCellsReadBack: a streamed sheet reads back, in excelize,
// cell for cell the same values and styles as the same cells written
// through excelize: hostile texts (spaces at the ends, line breaks,
// control characters, "_x0041_", markup, 40,000 characters), exact
// decimals, empty styled cells, and row heights of wrapped text; its rows
// held in memory and in a temporary file (sinkMemory made small),
// compressed and spliced between the sheet's head and tail (every part's
// size and checksum verified on reading).
func TestStreamedCellsReadBack(t *testing.T) {
	for _, mem := range []int{sinkMemory, 64} {
		t.Run(fmt.Sprint(mem), func(t *testing.T) {
			defer func(old int) { sinkMemory = old }(sinkMemory)
			sinkMemory = mem
			streamedCellsReadBack(t)
		})
	}
}

func streamedCellsReadBack(t *testing.T) {
	texts := []string{"plain", " lead", "trail ", "\tTab", "rad1\nrad2", "a\r\nb", "ctl\x01\x1f", "_x0041_", "_x005F_x0041_",
		"_xZZZZ_", "__x0041__x0042_", "bad\xffutf8", "nonchar\uFFFE", "ersatt\uFFFD", "<b>&amp;\"'</b>", "åäö – ≤ 𝄞", strings.Repeat("x𝄞", 20000), "=SUM(A1)"}
	nums := []string{"0", "-0.5", "1.50", "123456789012345678901234567890.123", "-1e-20", "7e5"}
	f := excelize.NewFile()
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		t.Fatal(err)
	}
	sinks := map[string]*rowSink{}
	var rows [][]cell
	for i, s := range texts {
		row := []cell{textCell(s, st.text), {}, cell{style: st.amount}}
		if i < len(nums) {
			row[1] = numCell(decimal.RequireFromString(nums[i]), st.number1)
		}
		if i%3 == 0 {
			row = append(row, wrapCell(strings.Repeat("ord ", 40), st.wrap))
		}
		rows = append(rows, row)
	}
	for _, name := range []string{"excelize", "stream"} {
		if _, err := f.NewSheet(name); err != nil {
			t.Fatal(err)
		}
		w := newSheetWriter(f, name)
		if name == "stream" {
			w = newStreamedSheetWriter(f, name)
			sinks[name] = w.rows
		}
		for _, r := range rows {
			w.next(r...)
		}
		if err := w.finish(1, 3); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		t.Fatal(err)
	}
	data, err := splice(buf.Bytes(), sinks)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range sinks {
		s.close()
	}
	readWhole(t, data) // excelize does not verify the checksums
	g, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	for r := 1; r <= len(rows); r++ {
		for col := 1; col <= 4; col++ {
			ref, _ := excelize.CoordinatesToCellName(col, r)
			want, got := cellState(t, g, "excelize", ref), cellState(t, g, "stream", ref)
			if col == 1 && strings.Contains(texts[r-1], "_x") {
				// excelize's shared strings decode "_xHHHH_" (shared/PITFALLS.md
				// C10); the streamed cell reads back as written
				want = fmt.Sprintf("text style %d %q", st.text, texts[r-1])
			}
			if got != want {
				t.Errorf("%s: streamed %.80s, want %.80s", ref, got, want)
			}
		}
		wh, _ := g.GetRowHeight("excelize", r)
		gh, _ := g.GetRowHeight("stream", r)
		if wh != gh {
			t.Errorf("row %d: height %v, want %v", r, gh, wh)
		}
	}
	wd, _ := g.GetSheetDimension("excelize")
	gd, _ := g.GetSheetDimension("stream")
	if wd != gd || gd == "" {
		t.Errorf("dimension %q, want %q", gd, wd)
	}
}

func cellState(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	v, err := f.GetCellValue(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	typ, _ := f.GetCellType(sheet, ref)
	st, _ := f.GetCellStyle(sheet, ref)
	kind := "text"
	if typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber {
		kind = "number-or-empty"
	}
	return fmt.Sprintf("%s style %d %q", kind, st, v)
}

// TestCRC32Combine: the checksum combined from two parts' is the whole's.
func TestCRC32Combine(t *testing.T) {
	for _, c := range []struct{ a, b string }{{"", ""}, {"a", ""}, {"", "b"}, {"<sheetData>", "<row r=\"1\"/>"}, {strings.Repeat("x", 1000), strings.Repeat("åäö", 7777)}} {
		sameCRC(t, []byte(c.a), []byte(c.b))
	}
}

func FuzzCRC32Combine(f *testing.F) {
	f.Add([]byte("head"), []byte("rows"))
	f.Add([]byte{}, []byte{0, 0, 0})
	f.Fuzz(sameCRC)
}

func sameCRC(t *testing.T, a, b []byte) {
	want := crc32.ChecksumIEEE(slices.Concat(a, b))
	if got := crc32Combine(crc32.ChecksumIEEE(a), crc32.ChecksumIEEE(b), int64(len(b))); got != want {
		t.Fatalf("crc32Combine of %q and %q = %08x, want %08x", a, b, got, want)
	}
}

// readWhole fails unless every part of the package data reads to its end
// with its size and checksum right.
func readWhole(t *testing.T, data []byte) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		n, err := io.Copy(io.Discard, rc)
		rc.Close()
		if err != nil || uint64(n) != zf.UncompressedSize64 {
			t.Fatalf("%s: %d of %d bytes read: %v", zf.Name, n, zf.UncompressedSize64, err)
		}
	}
}

// FuzzStreamText: a streamed text cell is written byte for byte as the
// general path writes it (xml:space when the text starts or ends with
// white space; escapeBstr, then appendEscaped), plain ASCII fast path or
// not; cells of one row and of the next, styled or not, name their row
// and style as strconv writes them.
func FuzzStreamText(f *testing.F) {
	for _, s := range []string{"", "plain", " lead", "trail\t", "_x0041_", "a_b", "a&b", "åäö", "ctl\x01", "del\x7f", "\n"} {
		f.Add(s, 3, 17)
	}
	f.Fuzz(func(t *testing.T, text string, style, row int) {
		row = 1 + row&0xfffff
		style = style % (1 << 17)
		var s rowSink
		for n := range 3 {
			r := row + n/2 // two cells in one row, then one in the next
			s.row = s.row[:0]
			s.text(1+n, r, style, text)
			col, _ := excelize.ColumnNumberToName(1 + n)
			want := []byte(`<c r="` + col + strconv.Itoa(r) + `"`)
			if style != 0 {
				want = append(want, ` s="`+strconv.Itoa(style)+`"`...)
			}
			want = append(want, ` t="inlineStr"><is><t`...)
			cut := cutCellText(text)
			if cut != "" && strings.ContainsAny(cut[:1]+cut[len(cut)-1:], "\t\n\r ") {
				want = append(want, ` xml:space="preserve"`...)
			}
			want = append(want, '>')
			want = appendEscaped(want, escapeBstr(cut))
			want = append(want, `</t></is></c>`...)
			if !bytes.Equal(s.row, want) {
				t.Fatalf("text(%q, style %d, row %d):\n got %q\nwant %q", text, style, r, s.row, want)
			}
		}
	})
}
