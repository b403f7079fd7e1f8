package exporter

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"os"
	"path"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/exporter/appendtext"
)

// The template sheets of Sammanställning.xlsx (one row per source row,
// 250,000 for one large submission) are not built in excelize's memory
// model, which took 2 GiB and a minute for that many rows: their rows are
// written as sheet XML while they are produced, into a rowSink (memory,
// then a temporary file), and excelize writes the workbook around them
// with those sheets empty: their styles, column widths, panes, filters,
// page setup and comments as for any sheet. splice then puts each sheet's
// rows into its empty sheetData, copying every other part of the package
// as excelize compressed it.

// sinkMemory is how much sheet XML (compressed, when the sink deflates)
// a rowSink holds in memory before it moves to a temporary file; a
// variable for the tests.
var sinkMemory = 8 << 20

// rowSink holds the sheetData rows of one streamed sheet. A sink made
// with deflate set holds them compressed, as one raw deflate stream that
// splice copies into the package between the sheet's head and tail (a
// 250,000-row sheet is some 80 MB of XML, and writing it to a temporary
// file and reading it back to compress it was a fifth of that
// consolidation); crc and size are those of the rows uncompressed.
type rowSink struct {
	mem  bytes.Buffer
	file *os.File // once mem outgrew sinkMemory
	w    *bufio.Writer
	gone bool // the file was removed from its folder while open
	err  error
	row  []byte   // the row being written
	head []byte   // the start tag of the row being ended (endRow's)
	cols []string // the names of the columns written, A, B, ...
	// rowNum and rowText are the number of the row the last cell was
	// in and its text; styleText the s attribute of
	// each style id used (styleAttr's)
	rowNum    int
	rowText   []byte
	styleText [][]byte

	deflate bool
	// d compresses the rows on a goroutine of its own while they are
	// written, when deflate; it owns crc, size, stored and the store
	// (mem, file, w, err) until reader or close has waited for it
	d      *deflater
	chunk  []byte // the rows written since the last chunk went to d
	crc    uint32
	size   int64
	stored int64 // bytes in mem or the file
}

// deflater is a rowSink's compressor: full chunks of rows come in on
// work and go back, compressed into the sink's store, on free.
type deflater struct {
	work, free chan []byte
	done       chan struct{}
}

// deflateChunk is the size of the chunks of rows handed to the
// compressor; deflateChunks of them exist at once.
const (
	deflateChunk  = 256 << 10
	deflateChunks = 3
)

func (s *rowSink) write(b []byte) {
	if s.deflate {
		s.deflateWrite(b)
		return
	}
	if s.err != nil {
		return
	}
	s.store(b)
}

// deflateWrite adds b to the chunk being filled, handing full ones to the
// compressor (started with the first rows).
func (s *rowSink) deflateWrite(b []byte) {
	if s.d == nil {
		s.d = &deflater{work: make(chan []byte, deflateChunks), free: make(chan []byte, deflateChunks), done: make(chan struct{})}
		for range deflateChunks - 1 {
			s.d.free <- make([]byte, 0, deflateChunk)
		}
		s.chunk = make([]byte, 0, deflateChunk)
		go s.compress(s.d)
	}
	for len(b) > 0 {
		n := copy(s.chunk[len(s.chunk):cap(s.chunk)], b)
		s.chunk, b = s.chunk[:len(s.chunk)+n], b[n:]
		if len(s.chunk) == cap(s.chunk) {
			s.d.work <- s.chunk
			s.chunk = (<-s.d.free)[:0]
		}
	}
}

// compress is d's goroutine: it compresses the chunks into the store and
// ends with the stream flushed to a byte boundary, not final.
func (s *rowSink) compress(d *deflater) {
	defer close(d.done)
	fw := getFlater(storeWriter{s})
	defer func() {
		fw.Reset(io.Discard) // lets go of the sink
		putFlater(fw)
	}()
	for b := range d.work {
		s.crc = crc32.Update(s.crc, crc32.IEEETable, b)
		s.size += int64(len(b))
		if s.err == nil {
			if _, err := fw.Write(b); err != nil && s.err == nil {
				s.err = err
			}
		}
		d.free <- b
	}
	if err := fw.Flush(); err != nil && s.err == nil {
		s.err = err
	}
}

// wait hands the last chunk to the compressor and waits for it to end.
func (s *rowSink) wait() {
	if s.d == nil {
		return
	}
	if len(s.chunk) > 0 {
		s.d.work <- s.chunk
	}
	close(s.d.work)
	<-s.d.done
	s.d, s.chunk = nil, nil
}

// storeWriter is the compressor's way into the sink's store.
type storeWriter struct{ s *rowSink }

func (w storeWriter) Write(b []byte) (int, error) {
	w.s.store(b)
	return len(b), w.s.err
}

// store keeps b in memory, then in a temporary file once there is more
// than sinkMemory.
func (s *rowSink) store(b []byte) {
	if s.err != nil {
		return
	}
	s.stored += int64(len(b))
	if s.w != nil {
		_, s.err = s.w.Write(b)
		return
	}
	s.mem.Write(b)
	if s.mem.Len() < sinkMemory {
		return
	}
	f, err := os.CreateTemp("", "rapportkoll-sammanstallning-*")
	if err != nil {
		s.err = fmt.Errorf("a temporary file for a large sheet: %w", err)
		return
	}
	s.file, s.gone = f, os.Remove(f.Name()) == nil
	s.w = bufio.NewWriterSize(f, 1<<20)
	_, s.err = s.mem.WriteTo(s.w)
	s.mem = bytes.Buffer{}
}

// reader returns the rows written: compressed, a deflate stream without
// its final block, when the sink deflates.
func (s *rowSink) reader() (io.Reader, error) {
	s.wait()
	if s.err != nil {
		return nil, s.err
	}
	if s.w == nil {
		return bytes.NewReader(s.mem.Bytes()), nil
	}
	if err := s.w.Flush(); err != nil {
		return nil, err
	}
	return io.NewSectionReader(s.file, 0, s.stored), nil
}

// close removes the temporary file, if any.
func (s *rowSink) close() {
	s.wait()
	if s.file != nil {
		s.file.Close()
		if !s.gone {
			os.Remove(s.file.Name())
		}
		s.file = nil
	}
}

// beginRow starts row n.
func (s *rowSink) beginRow() { s.row = s.row[:0] }

// endRow writes row n with the cells put since beginRow, height in
// points when not 0.
func (s *rowSink) endRow(n int, height float64) {
	if len(s.row) == 0 && height == 0 {
		return
	}
	b := append(s.head[:0], `<row r="`...)
	b = strconv.AppendInt(b, int64(n), 10)
	b = append(b, '"')
	if height > 0 {
		b = append(b, ` ht="`...)
		b = strconv.AppendFloat(b, height, 'f', -1, 64)
		b = append(b, `" customHeight="1"`...)
	}
	b = append(b, '>')
	s.head = b
	s.write(b)
	s.write(s.row)
	s.write(rowEnd)
}

var rowEnd = []byte(`</row>`)

// number puts a numeric cell, d's exact text (never through float64),
// and returns the text's length.
func (s *rowSink) number(col, row, style int, d decimal.Decimal) int {
	s.row = s.cellStart(col, row, style, "")
	s.row = append(s.row, `><v>`...)
	n := len(s.row)
	s.row = appendDecimalText(s.row, d)
	n = len(s.row) - n
	s.row = append(s.row, `</v></c>`...)
	return n
}

// appendDecimalText appends d.String(), without its allocations when the
// coefficient fits an int64.
func appendDecimalText(b []byte, d decimal.Decimal) []byte { return appendtext.Decimal(b, d, true) }

// text puts an inline string cell, as excelize's SetCellStr would store
// it: cut to Excel's 32,767 characters, "_xHHHH_" escaped so that it
// reads back as written, control characters as excelize writes them.
func (s *rowSink) text(col, row, style int, text string) {
	s.row = s.cellStart(col, row, style, "inlineStr")
	s.row = append(s.row, `><is><t`...)
	text = cutCellText(text)
	if text != "" && (isEdgeSpace(text[0]) || isEdgeSpace(text[len(text)-1])) {
		s.row = append(s.row, ` xml:space="preserve"`...)
	}
	s.row = append(s.row, '>')
	if plainASCII(text) {
		s.row = append(s.row, text...)
	} else {
		s.row = appendEscaped(s.row, escapeBstr(text))
	}
	s.row = append(s.row, `</t></is></c>`...)
}

// isEdgeSpace reports whether a text that starts or ends with c keeps
// its white space only with xml:space="preserve".
func isEdgeSpace(c byte) bool { return c == '\t' || c == '\n' || c == '\r' || c == ' ' }

// plainASCII reports whether s is written as it is: printable ASCII with
// nothing to escape, not even a "_x" (escapeBstr, appendEscaped).
func plainASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c < 0x20 || c >= 0x7f, c == '&', c == '<', c == '>', c == '"', c == '\'', c == '_':
			return false
		}
	}
	return true
}

// styled puts an empty cell that has a style.
func (s *rowSink) styled(col, row, style int) {
	s.row = s.cellStart(col, row, style, "")
	s.row = append(s.row, `/>`...)
}

func (s *rowSink) cellStart(col, row, style int, typ string) []byte {
	for len(s.cols) < col {
		name, _ := excelize.ColumnNumberToName(len(s.cols) + 1)
		s.cols = append(s.cols, name)
	}
	if row != s.rowNum || len(s.rowText) == 0 {
		s.rowNum, s.rowText = row, strconv.AppendInt(s.rowText[:0], int64(row), 10)
	}
	b := append(s.row, `<c r="`...)
	b = append(b, s.cols[col-1]...)
	b = append(b, s.rowText...)
	b = append(b, '"')
	if style != 0 {
		b = append(b, s.styleAttr(style)...)
	}
	if typ != "" {
		b = append(b, ` t="`...)
		b = append(b, typ...)
		b = append(b, '"')
	}
	return b
}

// styleAttr is the attribute ` s="style"`, made once per style id
// (ids beyond 65,535 are made each time).
func (s *rowSink) styleAttr(style int) []byte {
	if style < 0 || style >= 1<<16 {
		return append(strconv.AppendInt([]byte(` s="`), int64(style), 10), '"')
	}
	for len(s.styleText) <= style {
		s.styleText = append(s.styleText, nil)
	}
	if s.styleText[style] == nil {
		s.styleText[style] = append(strconv.AppendInt([]byte(` s="`), int64(style), 10), '"')
	}
	return s.styleText[style]
}

// maxCellChars is the most UTF-16 units a cell holds (excelize's
// TotalCellChars, Excel's limit).
const maxCellChars = 32767

// cutCellText cuts s to maxCellChars UTF-16 units, as excelize does.
func cutCellText(s string) string { return cutUTF16(s, maxCellChars) }

// cutUTF16 cuts s to at most max UTF-16 units, at a character's start.
func cutUTF16(s string, max int) string {
	if len(s) <= max {
		return s
	}
	n := 0
	for i, r := range s {
		u := 1
		if r >= 0x10000 {
			u = 2
		}
		if n+u > max {
			return s[:i]
		}
		n += u
	}
	return s
}

// escapeBstr escapes the text "_xHHHH_", which readers decode as the
// character HHHH, so that it reads back as written: the "_" that starts
// it becomes "_x005F_" (the escape of "_").
func escapeBstr(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if isBstr(s[i:]) {
			b.WriteString("_x005F_")
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// isBstr reports whether s starts with "_xHHHH_" (H a hexadecimal digit).
func isBstr(s string) bool {
	if len(s) < 7 || s[0] != '_' || s[1] != 'x' || s[6] != '_' {
		return false
	}
	for _, c := range []byte(s[2:6]) {
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}
	return true
}

// appendEscaped appends s escaped for XML character data as excelize
// writes inline strings (xml.EscapeText, with line feeds kept as is).
func appendEscaped(b []byte, s string) []byte {
	clean := true
	for _, r := range s {
		switch {
		case r < 0x20 || r == '&' || r == '<' || r == '>' || r == '"' || r == '\'':
		case r == utf8.RuneError || r == 0xFFFE || r == 0xFFFF: // not valid in XML: xml.EscapeText replaces it
		default:
			continue
		}
		clean = false
		break
	}
	if clean {
		return append(b, s...)
	}
	var buf bytes.Buffer
	_ = xml.EscapeText(&buf, []byte(s))
	return append(b, bytes.ReplaceAll(buf.Bytes(), []byte("&#xA;"), []byte("\n"))...)
}

// emptySheetData are the ways a sheetData without cells is written
// (excelize writes the second).
var emptySheetData = [][]byte{[]byte("<sheetData/>"), []byte("<sheetData></sheetData>")}

// splice returns the package pkg with the rows of sinks (by sheet name)
// in the sheetData of their sheets, which must be empty; every other part
// is copied compressed as it is.
func splice(pkg []byte, sinks map[string]*rowSink) ([]byte, error) {
	var out bytes.Buffer
	if err := spliceTo(&out, pkg, sinks); err != nil {
		return nil, err
	}
	return out.Bytes(), nil
}

// spliceTo writes what splice returns to w; a *bytes.Buffer is grown to
// the size first.
func spliceTo(w io.Writer, pkg []byte, sinks map[string]*rowSink) error {
	if b, ok := w.(*bytes.Buffer); ok {
		// the package is its parts as they are and the sinks' rows,
		// which are compressed already: room for all at once
		size := len(pkg) + 64<<10
		for _, s := range sinks {
			s.wait()
			size += int(s.stored)
		}
		b.Grow(size)
	}
	zr, err := zip.NewReader(bytes.NewReader(pkg), int64(len(pkg)))
	if err != nil {
		return err
	}
	parts, err := packageSheets(zr)
	if err != nil {
		return err
	}
	byPart := map[string]*rowSink{}
	for name, s := range sinks {
		p, ok := parts[name]
		if !ok {
			return fmt.Errorf("splice: no part for sheet %q", name)
		}
		byPart[p] = s
	}
	zw := newFastZip(w)
	for _, zf := range zr.File {
		s := byPart[zf.Name]
		if s == nil {
			if err := zw.Copy(zf); err != nil {
				return err
			}
			continue
		}
		if err := spliceSheet(zw, zf, s); err != nil {
			return fmt.Errorf("splice %s: %w", zf.Name, err)
		}
		delete(byPart, zf.Name)
	}
	if len(byPart) > 0 {
		return errors.New("splice: a streamed sheet's part is missing")
	}
	return zw.Close()
}

func spliceSheet(zw *zip.Writer, zf *zip.File, s *rowSink) error {
	rc, err := zf.Open()
	if err != nil {
		return err
	}
	x, err := io.ReadAll(rc)
	rc.Close()
	if err != nil {
		return err
	}
	i, n := -1, 0
	for _, e := range emptySheetData {
		if c := bytes.Count(x, e); c > 0 {
			i, n = bytes.Index(x, e), len(e)
			if c > 1 {
				i = -1
			}
			break
		}
	}
	if i < 0 {
		return errors.New("the sheet's sheetData is not empty")
	}
	rows, err := s.reader()
	if err != nil {
		return err
	}
	head, tail := slices.Concat(x[:i], []byte("<sheetData>")), slices.Concat([]byte("</sheetData>"), x[i+n:])
	if s.deflate {
		return spliceDeflated(zw, zf.Name, head, rows, tail, s)
	}
	w, err := zw.Create(zf.Name)
	if err != nil {
		return err
	}
	if _, err := w.Write(head); err != nil {
		return err
	}
	if _, err := io.Copy(w, rows); err != nil {
		return err
	}
	_, err = w.Write(tail)
	return err
}

// spliceDeflated writes the part name as head, the sink's rows and tail,
// compressed: head and tail each by a compressor of their own (head
// flushed to a byte boundary, tail with the final block) around the rows'
// stream as the sink compressed it. A deflate stream may be cut into
// blocks so, each part referring back only within itself; the checksum of
// the whole is combined from the three.
func spliceDeflated(zw *zip.Writer, name string, head []byte, rows io.Reader, tail []byte, s *rowSink) error {
	var h, t bytes.Buffer
	fw := getFlater(&h)
	defer putFlater(fw)
	if _, err := fw.Write(head); err != nil {
		return err
	}
	if err := fw.Flush(); err != nil {
		return err
	}
	fw.Reset(&t)
	if _, err := fw.Write(tail); err != nil {
		return err
	}
	if err := fw.Close(); err != nil {
		return err
	}
	crc := crc32Combine(crc32Combine(crc32.ChecksumIEEE(head), s.crc, s.size), crc32.ChecksumIEEE(tail), int64(len(tail)))
	w, err := zw.CreateRaw(&zip.FileHeader{
		Name: name, Method: zip.Deflate, CRC32: crc,
		CreatorVersion: 20, ReaderVersion: 20, // as CreateHeader sets them (2.0: deflate)
		CompressedSize64:   uint64(h.Len()) + uint64(s.stored) + uint64(t.Len()),
		UncompressedSize64: uint64(len(head)) + uint64(s.size) + uint64(len(tail)),
	})
	if err != nil {
		return err
	}
	if _, err := w.Write(h.Bytes()); err != nil {
		return err
	}
	if n, err := io.Copy(w, rows); err != nil {
		return err
	} else if n != s.stored {
		return fmt.Errorf("%d of the rows' %d compressed bytes read back", n, s.stored)
	}
	_, err = w.Write(t.Bytes())
	return err
}

// crc32Combine is the IEEE CRC-32 of a then b from crc1 of a, crc2 of b
// and b's length, as zlib's crc32_combine computes it: crc1 is carried
// over len2 zero bytes by squaring the operator of one zero bit, in
// GF(2), then crc2 is added.
func crc32Combine(crc1, crc2 uint32, len2 int64) uint32 {
	if len2 <= 0 {
		return crc1 ^ crc2
	}
	var even, odd [32]uint32
	odd[0] = crc32.IEEE // the operator of one zero bit
	row := uint32(1)
	for n := 1; n < 32; n++ {
		odd[n] = row
		row <<= 1
	}
	gf2Square(&even, &odd) // two zero bits
	gf2Square(&odd, &even) // four
	for {
		gf2Square(&even, &odd) // the first is one zero byte
		if len2&1 != 0 {
			crc1 = gf2Times(&even, crc1)
		}
		if len2 >>= 1; len2 == 0 {
			break
		}
		gf2Square(&odd, &even)
		if len2&1 != 0 {
			crc1 = gf2Times(&odd, crc1)
		}
		if len2 >>= 1; len2 == 0 {
			break
		}
	}
	return crc1 ^ crc2
}

func gf2Times(mat *[32]uint32, vec uint32) uint32 {
	var sum uint32
	for i := 0; vec != 0; i, vec = i+1, vec>>1 {
		if vec&1 != 0 {
			sum ^= mat[i]
		}
	}
	return sum
}

func gf2Square(square, mat *[32]uint32) {
	for n := range 32 {
		square[n] = gf2Times(mat, mat[n])
	}
}

// packageSheets maps each sheet's name to its part, from xl/workbook.xml and
// its relationships.
func packageSheets(zr *zip.Reader) (map[string]string, error) {
	var book struct {
		Sheets []struct {
			Name string `xml:"name,attr"`
			ID   string `xml:"http://schemas.openxmlformats.org/officeDocument/2006/relationships id,attr"`
		} `xml:"sheets>sheet"`
	}
	var rels struct {
		Rels []struct {
			ID     string `xml:"Id,attr"`
			Target string `xml:"Target,attr"`
		} `xml:"Relationship"`
	}
	if err := readXMLPart(zr, "xl/workbook.xml", &book); err != nil {
		return nil, err
	}
	if err := readXMLPart(zr, "xl/_rels/workbook.xml.rels", &rels); err != nil {
		return nil, err
	}
	target := map[string]string{}
	for _, r := range rels.Rels {
		t := r.Target
		if strings.HasPrefix(t, "/") {
			t = strings.TrimPrefix(t, "/")
		} else {
			t = path.Join("xl", t)
		}
		target[r.ID] = t
	}
	out := map[string]string{}
	for _, sh := range book.Sheets {
		out[sh.Name] = target[sh.ID]
	}
	return out, nil
}

func readXMLPart(zr *zip.Reader, name string, v any) error {
	rc, err := zr.Open(name)
	if err != nil {
		return err
	}
	defer rc.Close()
	return xml.NewDecoder(rc).Decode(v)
}
