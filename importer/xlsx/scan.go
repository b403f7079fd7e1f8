package xlsx

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"sync"
	"unicode/utf8"
)

// errScan is returned by the fast scanner for input it does not handle;
// Rows then reads the sheet again with encoding/xml.
var errScan = errors.New("fast scanner cannot read this sheet")

// scanner reads the rows of a worksheet part byte by byte, without
// encoding/xml's token allocations. It handles exactly what worksheets
// hold in sheetData (rows, cells, values, formulas, inline and rich text,
// entities, namespace prefixes, comments) and reports errScan for anything
// else, so that no value is ever guessed.
type scanner struct {
	b       *Book
	r       *bufio.Reader
	row     Row
	lastRow int
	inData  bool
	text    []byte // scratch for cell text
	// names holds the qualified names of the elements open inside a row
	// (row, c, and those of rich text), one after another; ends marks
	// where each starts. A close tag must name the element it closes.
	names []byte
	ends  []int
	// part, when set, is the sheet part read: the hidden columns of its
	// head (cols) are noted in the Book as the scanner passes them, so
	// that HiddenColumns need not read the part again
	part string
	cols []ColRange
	// pooled says the scanner came from scanners (newPooledScanner)
	pooled bool
	// rowText holds the values of the row's numbers read by fastValue,
	// back to back; fixups says which cells they are, pending is the
	// span of the cell being read (end 0: none). See fastCell.
	rowText []byte
	fixups  []fixup
	pending span
	// made holds the strings made lately, once a cell has a text (most
	// parts a scanner reads have none)
	made *madeStrings
}

// madeStrings are the strings a scanner made lately, for cells that
// repeat them: shared strings by index modulo len(recent), and the last
// inline text of each of the first columns.
type madeStrings struct {
	recent   [64]recentString
	lastText [32]string
}

// madeStrings returns the scanner's madeStrings, made on first use.
func (s *scanner) madeStrings() *madeStrings {
	if s.made == nil {
		s.made = new(madeStrings)
	}
	return s.made
}

func newScanner(b *Book, r io.Reader) *scanner {
	return newScannerSize(b, r, 64<<10)
}

// scanners are scanners with their 64 KiB read buffers and their
// scratch (a row's cells and texts, the strings made lately): a check
// reads some twenty parts of each of a thousand workbooks, and a buffer
// each was a third of what it allocated, the strings made lately a
// seventh.
var scanners sync.Pool

// newPooledScanner is newScanner from scanners; release gives it back,
// after which the scanner must not be used.
func newPooledScanner(b *Book, r io.Reader) *scanner {
	s, _ := scanners.Get().(*scanner)
	if s == nil {
		return &scanner{b: b, r: bufio.NewReaderSize(r, 64<<10), pooled: true}
	}
	s.b, s.pooled = b, true
	s.r.Reset(r)
	return s
}

// Scratch larger than these is not kept for the next scanner.
const (
	keepCells = 1 << 10
	keepBytes = 64 << 10
)

// release gives a scanner of newPooledScanner back to scanners, with its
// scratch emptied: nothing it read stays reachable from the pool. It is
// called once, when the scanner is done with.
func (s *scanner) release() {
	if !s.pooled {
		return
	}
	s.r.Reset(nil)
	clear(s.row.Cells[:cap(s.row.Cells)]) // their strings
	if s.made != nil {
		*s.made = madeStrings{}
	}
	*s = scanner{r: s.r, made: s.made,
		row:   Row{Cells: reuse(s.row.Cells, keepCells)},
		text:  reuse(s.text, keepBytes),
		names: reuse(s.names, keepBytes), ends: reuse(s.ends, keepCells),
		rowText: reuse(s.rowText, keepBytes), fixups: reuse(s.fixups, keepCells)}
	scanners.Put(s)
}

// reuse returns buf emptied for reuse, or nil when it holds more than
// most elements.
func reuse[T any](buf []T, most int) []T {
	if cap(buf) > most {
		return nil
	}
	return buf[:0]
}

// newScannerSize sizes the read buffer for a part of about size bytes:
// small parts get small buffers (a batch reads thousands of them).
func newScannerSize(b *Book, r io.Reader, size int64) *scanner {
	return &scanner{b: b, r: bufio.NewReaderSize(r, int(min(max(size+16, 4<<10), 64<<10)))}
}

// tag is one markup element: its local name, whether it closes (</c>) or is
// empty (<c/>), and its raw attributes.
type tag struct {
	name         []byte
	qname        []byte // the name as written, with its prefix
	attrs        []byte
	close, empty bool
}

// nextTag skips text up to the next tag and reads it. Comments and
// processing instructions are skipped. The returned slices are valid until
// the next read.
func (s *scanner) nextTag(keepText bool) (tag, error) {
	for {
		if err := s.toTag(keepText); err != nil {
			return tag{}, err
		}
		t, skip, err := s.readTag()
		if err == nil && s.inData && (len(t.attrs) > 0 || t.close && t.empty) && !s.plain(t) {
			return t, errScan // unquoted, or with an entity: encoding/xml decides
		}
		if err != nil || !skip {
			return t, err
		}
	}
}

// toTag reads up to and past the next '<', keeping the text before it
// when asked (without the '<'). A '<' next in the buffer, as between a
// sheet's tags, is passed without a search.
func (s *scanner) toTag(keepText bool) error {
	if !keepText && s.r.Buffered() > 0 {
		if b, _ := s.r.Peek(1); b[0] == '<' {
			s.r.Discard(1)
			return nil
		}
	}
	chunk, err := s.r.ReadSlice('<')
	if err := s.skipped(chunk, keepText); err != nil {
		return err
	}
	for err == bufio.ErrBufferFull {
		chunk, err = s.r.ReadSlice('<')
		if err := s.skipped(chunk, keepText); err != nil {
			return err
		}
	}
	if err != nil {
		return err
	}
	if keepText {
		s.text = s.text[:len(s.text)-1] // the '<'
	}
	return nil
}

// skipped keeps the text read up to a tag, or checks it when it is not
// kept: text between elements must be XML characters too, as encoding/xml
// requires (it then says where).
func (s *scanner) skipped(chunk []byte, keep bool) error {
	if keep {
		s.text = append(s.text, chunk...)
		return nil
	}
	if len(chunk) > 1 && badChar(chunk) >= 0 { // most often chunk is the '<' alone
		return errScan
	}
	return nil
}

// readTag reads from after '<' up to the matching '>'.
func (s *scanner) readTag() (t tag, skip bool, err error) {
	first, err := s.r.Peek(1)
	if err != nil {
		return t, false, err
	}
	switch first[0] {
	case '!', '?':
		return t, true, s.skipSpecial()
	}
	raw, err := s.r.ReadSlice('>')
	if err != nil {
		return t, false, errScan // a tag longer than the buffer, or cut off
	}
	raw = raw[:len(raw)-1]
	// One pass: where the name ends, whether every quote is closed (a '>'
	// inside an attribute value would have cut the tag short), and whether
	// a character may need checking.
	end, dq, sq, high := -1, 0, 0, false
	for i, c := range raw {
		if c < 0x20 || c >= utf8.RuneSelf {
			if !isSpace(c) {
				high = true // a control character or not ASCII: see badChar below
			}
		}
		switch c {
		case '<':
			return t, false, errScan // markup cut short: encoding/xml says where
		case '"':
			dq++
		case '\'':
			sq++
		case ' ', '\t', '\r', '\n':
			if end < 0 {
				end = i
			}
		}
	}
	if dq%2 != 0 || sq%2 != 0 || high && badChar(raw) >= 0 {
		return t, false, errScan
	}
	if end < 0 {
		end = len(raw)
	}
	t.name, t.attrs = raw[:end], raw[end:]
	if len(t.name) > 0 && t.name[0] == '/' {
		t.close, t.name = true, t.name[1:]
	}
	if n := len(t.attrs); n > 0 && t.attrs[n-1] == '/' {
		t.empty, t.attrs = true, t.attrs[:n-1]
	} else if n := len(t.name); n > 0 && t.name[n-1] == '/' && len(t.attrs) == 0 {
		t.empty, t.name = true, t.name[:n-1]
	}
	t.qname = t.name
	for i, c := range t.name { // names are short: no bytes.IndexByte call
		if c == ':' {
			t.name = t.name[i+1:]
			break
		}
	}
	return t, false, nil
}

// skipSpecial skips a processing instruction (<?xml ...?>); comments,
// CDATA and declarations are left to encoding/xml.
func (s *scanner) skipSpecial() error {
	head, err := s.r.Peek(1)
	if err != nil || head[0] != '?' {
		return errScan
	}
	if _, err := s.r.ReadSlice('>'); err != nil {
		return errScan
	}
	return nil
}

var (
	nameSheetData = []byte("sheetData")
	nameRow       = []byte("row")
	nameC         = []byte("c")
	nameV         = []byte("v")
	nameF         = []byte("f")
	nameIs        = []byte("is")
	nameT         = []byte("t")
	nameRPh       = []byte("rPh")
	nameSi        = []byte("si")
	nameSst       = []byte("sst")
)

// sharedStrings reads the <si> items of a shared-strings part of size
// bytes uncompressed (as its zip entry says; 0 when unknown).
func (s *scanner) sharedStrings(size int64) (sharedStrings, error) {
	out := newSharedStrings(size)
	if err := s.readSharedStrings(&out, size); err != nil {
		out.release()
		return sharedStrings{}, err
	}
	return out, nil
}

func (s *scanner) readSharedStrings(out *sharedStrings, size int64) error {
	var text []byte
	for {
		t, err := s.nextTag(false)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return err
		}
		if bytes.Equal(t.name, nameSst) && !t.close && out.len() == 0 {
			out.reserve(t.attrs, size)
			continue
		}
		if !bytes.Equal(t.name, nameSi) || t.close {
			continue
		}
		if t.empty {
			out.add(nil)
			continue
		}
		s.names, s.ends = s.names[:0], s.ends[:0]
		if text, err = s.richTextAppend(text[:0], t.qname); err != nil {
			return err
		}
		if bytes.Contains(text, []byte("_x")) {
			text = []byte(unescapeOOXML(string(text)))
		}
		out.add(text)
	}
}

// next returns the next row of sheetData, or io.EOF after it.
func (s *scanner) next() (*Row, error) {
	for {
		t, err := s.nextTag(false)
		if err != nil {
			if err == io.EOF && !s.inData && s.lastRow == 0 {
				return nil, io.EOF
			}
			if s.inData {
				return nil, unexpected(err) // the part ends inside sheetData
			}
			return nil, err
		}
		switch {
		case bytes.Equal(t.name, nameSheetData):
			if !s.inData && s.part != "" {
				s.b.noteHead(s.part, s.cols)
			}
			if t.close || t.empty {
				return nil, io.EOF
			}
			s.inData = true
		case !s.inData && s.part != "" && bytes.Equal(t.name, nameCol) && !t.close:
			s.cols = colOf(s.cols, t)
		case s.inData && bytes.Equal(t.name, nameRow) && !t.close:
			return s.readRow(t)
		case s.inData && !t.close && len(t.attrs) > 0 && !validAttrs(t.attrs):
			return nil, errScan // a <c> outside a row
		}
	}
}

// attr returns the value of attribute name in raw attributes, matching
// local names (x14ac:dyDescent is "dyDescent").
func attr(attrs []byte, name string) ([]byte, bool) {
	var out []byte
	found := false
	eachAttr(attrs, func(key, val []byte) bool {
		if string(key) == name {
			out, found = val, true
			return false
		}
		return true
	})
	return out, found
}

// eachAttr calls fn with every attribute's local name and raw value, until
// fn returns false or the attributes end or are malformed.
func eachAttr(attrs []byte, fn func(key, val []byte) bool) {
	i, n := 0, len(attrs)
	for {
		for i < n && isSpace(attrs[i]) {
			i++
		}
		start := i
		for i < n && attrs[i] != '=' {
			i++
		}
		if i+1 >= n {
			return
		}
		key := attrs[start:i]
		for len(key) > 0 && isSpace(key[len(key)-1]) {
			key = key[:len(key)-1]
		}
		i++
		for i < n && isSpace(attrs[i]) {
			i++
		}
		if i >= n || (attrs[i] != '"' && attrs[i] != '\'') {
			return
		}
		q := attrs[i]
		end := bytes.IndexByte(attrs[i+1:], q)
		if end < 0 {
			return
		}
		if c := bytes.IndexByte(key, ':'); c >= 0 {
			key = key[c+1:]
		}
		if !fn(key, attrs[i+1:i+1+end]) {
			return
		}
		i += 2 + end
	}
}

// scanAttrs calls fn with every attribute's local name and raw value and
// reports whether the attributes are the plain form this scanner reads:
// name="value" or name='value' pairs, each name an ASCII XML name with at
// most one colon inside it, values without entities or carriage returns,
// and fn content (it returns false for a name it has seen already: which
// of two encoding/xml takes is for it to say). Anything else (an unquoted
// value, a name with no value, &#115;) is for encoding/xml to read or
// refuse.
func scanAttrs(attrs []byte, fn func(key, val []byte) bool) bool {
	i, n := 0, len(attrs)
	for {
		for i < n && isSpace(attrs[i]) {
			i++
		}
		if i == n {
			return true
		}
		start, colon := i, -1
		if !nameStart(attrs[i]) {
			return false
		}
		for i < n && nameByte[attrs[i]] {
			if attrs[i] == ':' {
				if colon >= 0 {
					return false
				}
				colon = i
			}
			i++
		}
		key := attrs[start:i]
		if colon >= 0 {
			if colon == i-1 {
				return false // "a:": encoding/xml's local name would be all of it
			}
			key = attrs[colon+1 : i]
		}
		for i < n && isSpace(attrs[i]) {
			i++
		}
		if i == n || attrs[i] != '=' {
			return false
		}
		i++
		for i < n && isSpace(attrs[i]) {
			i++
		}
		if i == n || attrs[i] != '"' && attrs[i] != '\'' {
			return false
		}
		q := attrs[i]
		i++
		vs := i
		for i < n && attrs[i] != q {
			if c := attrs[i]; c == '&' || c == '\r' {
				return false
			}
			i++
		}
		if i == n || !fn(key, attrs[vs:i]) {
			return false
		}
		i++
	}
}

// validAttrs reports whether scanAttrs takes attributes whose values
// nobody reads.
func validAttrs(attrs []byte) bool { return scanAttrs(attrs, anyAttr) }

func anyAttr(_, _ []byte) bool { return true }

// nameStart and isNameByte are the ASCII part of XML's name characters;
// a name with others is left to encoding/xml.
func nameStart(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || c == '_'
}

var nameByte = func() (t [256]bool) {
	for c := range 256 {
		t[c] = nameStart(byte(c)) || '0' <= c && c <= '9' || c == ':' || c == '.' || c == '-'
	}
	return t
}()

// push opens an element named qname inside a row.
func (s *scanner) push(qname []byte) {
	s.ends = append(s.ends, len(s.names))
	s.names = append(s.names, qname...)
}

// pop closes the innermost element, which must be named qname.
func (s *scanner) pop(qname []byte) bool {
	n := len(s.ends)
	if n == 0 {
		return false
	}
	open := s.names[s.ends[n-1]:]
	s.names, s.ends = s.names[:s.ends[n-1]], s.ends[:n-1]
	return bytes.Equal(open, qname)
}

// drop closes the innermost element, closed by a tag already checked.
func (s *scanner) drop() {
	n := len(s.ends)
	s.names, s.ends = s.names[:s.ends[n-1]], s.ends[:n-1]
}

// plain reports whether a tag in sheetData is of the form the scanner
// reads: a close tag with nothing after its name, and attributes as
// validAttrs takes them (those of row and c, readRow and readCell check).
func (s *scanner) plain(t tag) bool {
	if t.close {
		return !t.empty && len(bytes.TrimLeft(t.attrs, " \t\r\n")) == 0
	}
	return rowOrCell(t.name) || validAttrs(t.attrs)
}

// rowOrCell reports whether name is row or c, whose attributes readRow and
// readCell check as they read them; an element so named anywhere else
// in sheetData is left to encoding/xml.
func rowOrCell(name []byte) bool {
	return len(name) == 1 && name[0] == 'c' || bytes.Equal(name, nameRow)
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

func (s *scanner) readRow(t tag) (*Row, error) {
	row := &s.row
	row.Num, row.Hidden, row.Cells = s.lastRow+1, false, row.Cells[:0]
	var r, hidden, ht []byte
	hasR, hasHidden, hasHt := false, false, false
	if !scanAttrs(t.attrs, func(key, val []byte) bool {
		seen := false // a name read twice: encoding/xml takes the last
		switch string(key) {
		case "r":
			seen, r, hasR = hasR, val, true
		case "hidden":
			seen, hidden, hasHidden = hasHidden, val, true
		case "ht":
			seen, ht, hasHt = hasHt, val, true
		}
		return !seen
	}) {
		return nil, errScan
	}
	if hasR {
		n, err := rowNumber(r, s.lastRow)
		if err != nil {
			return nil, err
		}
		row.Num = n
	}
	if hasHidden {
		row.Hidden = string(hidden) == "1" || string(hidden) == "true"
	}
	if hasHt && zeroSize(ht) {
		row.Hidden = true // a row of height 0 is hidden in Excel
	}
	s.lastRow = row.Num
	if t.empty {
		return row, nil
	}
	s.names, s.ends = s.names[:0], s.ends[:0]
	s.push(t.qname)
	lastCol := 0
	s.rowText, s.fixups = s.rowText[:0], s.fixups[:0]
	for {
		t, err := s.nextTag(false)
		if err != nil {
			return nil, unexpected(err)
		}
		switch {
		case t.close:
			if !s.pop(t.qname) {
				return nil, errScan // </x> where </row> belongs: encoding/xml says so
			}
			s.fixValues(row)
			return row, nil
		case bytes.Equal(t.name, nameC):
			s.pending = span{}
			row.Cells = append(row.Cells, Cell{})
			n := len(row.Cells) - 1
			keep, err := s.readCell(&row.Cells[n], t, row.Num, lastCol)
			if err != nil {
				return nil, atRow(err, row.Num)
			}
			lastCol = row.Cells[n].Col
			switch {
			case !keep:
				row.Cells = row.Cells[:n]
			case s.pending.end > 0:
				s.fixups = append(s.fixups, fixup{n, s.pending})
			}
		case !t.empty || bytes.Equal(t.name, nameRow):
			return nil, errScan // an element this scanner does not know
		}
	}
}

// fixValues gives the cells whose values lie in rowText their values:
// one string for the row's numbers, rather than one each.
func (s *scanner) fixValues(row *Row) {
	if len(s.fixups) == 0 {
		return
	}
	text := string(s.rowText)
	for _, f := range s.fixups {
		row.Cells[f.cell].Value = text[f.start:f.end]
	}
}

func unexpected(err error) error {
	if err == io.EOF {
		return io.ErrUnexpectedEOF
	}
	return err
}

// readCell reads a <c> into c, a zero Cell (the row's next, so that a
// cell is not copied on its way there); keep is false for a cell with no
// value.
func (s *scanner) readCell(c *Cell, t tag, rowNum, lastCol int) (keep bool, err error) {
	c.Col = lastCol + 1
	var ref, typ, style []byte
	hasRef, hasTyp, hasStyle := false, false, false
	if !scanAttrs(t.attrs, func(key, val []byte) bool {
		seen := false // a name read twice: encoding/xml takes the last
		if len(key) == 1 {
			switch key[0] {
			case 'r':
				seen, ref, hasRef = hasRef, val, true
			case 't':
				seen, typ, hasTyp = hasTyp, val, true
			case 's':
				seen, style, hasStyle = hasStyle, val, true
			}
		}
		return !seen
	}) {
		return false, errScan
	}
	if hasRef {
		n, err := cellColumn(ref, rowNum, lastCol)
		if err != nil {
			return false, err
		}
		c.Col = n
	}
	c.Format = s.b.styleClassBytes(style)
	typS := cellType(typ)
	if t.empty {
		*c, keep, err = s.b.finish(*c, typS, "", false)
		return keep, err
	}
	// Kept before fastValue, which moves on in the read buffer. Only a
	// plain <c> is closed by the </c> that fastValue looks for.
	s.push(t.qname)
	if len(t.qname) == 1 {
		if text, inline, ok := s.fastValue(); ok {
			s.drop()
			return s.fastCell(c, typS, text, inline)
		}
	}
	*c, keep, err = s.cellBody(*c, typS)
	return keep, atCol(err, c.Col)
}

// fastCell completes a cell whose value fastValue read, text (valid until
// the next read), as finish would: for a number, the text goes into the
// row's text (rowText), made a string once per row by readRow; a shared
// string or an inline text that the cell's column held in the row before
// is the string made then. Anything else is finish's.
func (s *scanner) fastCell(c *Cell, typS string, text []byte, inline bool) (keep bool, err error) {
	v := ""
	switch {
	case inline:
		last := &s.madeStrings().lastText
		if typS == "inlineStr" && c.Col < len(last) && string(text) == last[c.Col] {
			c.Type, c.Value, c.Cached = TypeString, last[c.Col], true
			return true, nil
		}
		v = unescapeOOXML(string(text))
		if typS == "inlineStr" && c.Col < len(last) && len(v) == len(text) {
			last[c.Col] = v
		}
	case (typS == "" || typS == "n") && len(text) > 0:
		s.pending = span{len(s.rowText), len(s.rowText) + len(text)}
		s.rowText = append(s.rowText, text...)
		c.Type, c.Cached = TypeNumber, true
		return true, nil
	case typS == "s":
		if i, ok := sharedIndex(text); ok && i < s.b.strings.len() {
			c.Type, c.Value, c.Cached = TypeString, s.shared(i), true
			return true, nil
		}
		v = string(text)
	default:
		v = string(text)
	}
	*c, keep, err = s.b.finish(*c, typS, v, true)
	return keep, err
}

// sharedIndex reads a shared string's index written as plain digits.
func sharedIndex(text []byte) (int, bool) {
	if len(text) == 0 || len(text) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range text {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}

// shared returns shared string i, which must be in range: the string made
// for it before when it is one of those used lately (a parent's name, a
// heading repeated on every row), else a new one.
func (s *scanner) shared(i int) string {
	recent := &s.madeStrings().recent
	e := &recent[i%len(recent)]
	if e.ok && e.i == i {
		return e.s
	}
	*e = recentString{i: i, s: s.b.strings.at(i), ok: true}
	return e.s
}

// recentString is a shared string made for a cell, by its index.
type recentString struct {
	i  int
	s  string
	ok bool
}

// span is where a cell's value lies in rowText.
type span struct{ start, end int }

// fixup is a kept cell whose value lies in rowText.
type fixup struct {
	cell int // index in Row.Cells
	span
}

// cellBody reads the elements of a <c> after its start tag.
func (s *scanner) cellBody(c Cell, typS string) (Cell, bool, error) {
	var value []byte
	hasV := false
	for {
		t, err := s.nextTag(false)
		if err != nil {
			return c, false, unexpected(err)
		}
		switch {
		case t.close:
			if !s.pop(t.qname) {
				return c, false, errScan // </x> where </c> belongs
			}
			return s.b.finish(c, typS, string(value), hasV)
		case bytes.Equal(t.name, nameV):
			hasV = true
			if !t.empty {
				if value, err = s.textUntilClose(t.qname); err != nil {
					return c, false, err
				}
			}
		case bytes.Equal(t.name, nameF):
			c.Formula = true
			if !t.empty {
				if _, err := s.textUntilClose(t.qname); err != nil {
					return c, false, err
				}
			}
		case bytes.Equal(t.name, nameIs):
			hasV = true
			if !t.empty {
				v, err := s.richText(t.qname)
				if err != nil {
					return c, false, err
				}
				value = []byte(v)
			}
		default:
			return c, false, errScan
		}
	}
}

var (
	litV     = []byte("<v>")
	litVEnd  = []byte("</v></c>")
	litIsT   = []byte("<is><t>")
	litIsEnd = []byte("</t></is></c>")
)

// fastValue reads the two commonest cell bodies whole from the buffer,
// `<v>text</v></c>` and `<is><t>text</t></is></c>`, when they are there
// exactly so, with no prefixes, attributes, entities or carriage returns.
// Anything else is left for the general path (ok false, nothing read).
//
// The text returned lies in the read buffer, valid until the next read;
// inline says it is an inline string's text, its _xHHHH_ escapes left in.
func (s *scanner) fastValue() (text []byte, inline, ok bool) {
	b, _ := s.r.Peek(min(s.r.Buffered(), 512))
	open, end := litV, litVEnd
	if !bytes.HasPrefix(b, litV) {
		if !bytes.HasPrefix(b, litIsT) {
			return nil, false, false
		}
		open, end = litIsT, litIsEnd
	}
	text = b[len(open):]
	i := bytes.IndexByte(text, '<')
	if i < 0 || !bytes.HasPrefix(text[i:], end) {
		return nil, false, false
	}
	text = text[:i]
	if !plainText(text) {
		return nil, false, false
	}
	s.r.Discard(len(open) + i + len(end))
	return text, len(open) == len(litIsT), true
}

// plainText reports whether a value's text has no entity, no carriage
// return and only characters XML allows: one pass over it, as values are
// short.
func plainText(text []byte) bool {
	for _, c := range text {
		switch {
		case c == '&' || c == '\r':
			return false
		case c < 0x20 || c >= utf8.RuneSelf:
			// not ASCII, or a control character: the whole text the long way
			return bytes.IndexByte(text, '&') < 0 && bytes.IndexByte(text, '\r') < 0 && badChar(text) < 0
		}
	}
	return true
}

// textUntilClose reads character data up to the next tag, which must close
// the element open (its qualified name), and returns it unescaped.
func (s *scanner) textUntilClose(open []byte) ([]byte, error) {
	s.push(open) // open is in the read buffer: keep it before reading on
	s.text = s.text[:0]
	t, err := s.nextTag(true)
	if err != nil {
		return nil, unexpected(err)
	}
	if !t.close {
		return nil, errScan // markup inside a value
	}
	if !s.pop(t.qname) {
		return nil, errScan // <v>2</x>: encoding/xml says the element is closed by the wrong tag
	}
	if i := badChar(s.text); i >= 0 {
		return nil, charFault(s.text[i:])
	}
	return unescapeXML(s.text)
}

// richText collects the <t> texts of an <is> element (open is its
// qualified name), leaving out phonetic runs, up to </is>.
func (s *scanner) richText(open []byte) (string, error) {
	out, err := s.richTextAppend(nil, open)
	if err != nil {
		return "", err
	}
	return unescapeOOXML(string(out)), nil
}

// richTextAppend appends to out the <t> texts up to the end tag of the
// element open (its qualified name: is or si), leaving out phonetic runs,
// with the _xHHHH_ escapes left in. Every element inside must be closed
// by its own name.
func (s *scanner) richTextAppend(out []byte, open []byte) ([]byte, error) {
	s.push(open)
	depth, skip := len(s.ends), 0
	for {
		t, err := s.nextTag(false)
		if err != nil {
			return nil, unexpected(err)
		}
		switch {
		case t.close:
			if !s.pop(t.qname) {
				return nil, errScan // closed by the wrong tag: encoding/xml says where
			}
			if len(s.ends) < depth {
				return out, nil
			}
			if bytes.Equal(t.name, nameRPh) {
				skip--
			}
		case rowOrCell(t.name):
			return nil, errScan // not in rich text: encoding/xml says what it is
		case t.empty:
		case bytes.Equal(t.name, nameT):
			text, err := s.textUntilClose(t.qname)
			if err != nil {
				return nil, err
			}
			if skip == 0 {
				out = append(out, text...)
			}
		default:
			s.push(t.qname)
			if bytes.Equal(t.name, nameRPh) {
				skip++
			}
		}
	}
}

// unescapeXML decodes entities and normalizes line ends as an XML parser
// does; it refuses what it cannot decode.
func unescapeXML(b []byte) ([]byte, error) {
	if bytes.IndexByte(b, '&') < 0 && bytes.IndexByte(b, '\r') < 0 {
		return b, nil
	}
	out := make([]byte, 0, len(b))
	for i := 0; i < len(b); i++ {
		switch c := b[i]; c {
		case '\r':
			out = append(out, '\n')
			if i+1 < len(b) && b[i+1] == '\n' {
				i++
			}
		case '&':
			end := bytes.IndexByte(b[i:], ';')
			if end < 0 {
				return nil, errScan
			}
			r, ok := entity(b[i+1 : i+end])
			if !ok {
				if r >= 0 {
					// &#27;: encoding/xml refuses it too
					return nil, &StructureError{Fault: FaultChar, Value: fmt.Sprintf("%U", r)}
				}
				return nil, errScan
			}
			out = utf8.AppendRune(out, r)
			i += end
		default:
			out = append(out, c)
		}
	}
	return out, nil
}

// entity decodes an entity or character reference; when it is not ok, the
// rune is the character referred to that XML does not allow, or -1.
func entity(name []byte) (rune, bool) {
	switch string(name) {
	case "amp":
		return '&', true
	case "lt":
		return '<', true
	case "gt":
		return '>', true
	case "quot":
		return '"', true
	case "apos":
		return '\'', true
	}
	if len(name) < 2 || name[0] != '#' {
		return -1, false
	}
	var n uint64
	var err error
	if name[1] == 'x' {
		n, err = strconv.ParseUint(string(name[2:]), 16, 32)
	} else {
		n, err = strconv.ParseUint(string(name[1:]), 10, 32)
	}
	if err != nil || n > utf8.MaxRune {
		return -1, false
	}
	if !validXMLChar(rune(n)) {
		return rune(n), false
	}
	return rune(n), true
}

// validXMLChar is the Char production of XML 1.0.
func validXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D || r >= 0x20 && r <= 0xD7FF || r >= 0xE000 && r <= 0xFFFD || r >= 0x10000 && r <= 0x10FFFF
}

// cellType returns a cell's t attribute as one of the known constant
// strings, without allocating for them.
func cellType(t []byte) string {
	switch string(t) {
	case "":
		return ""
	case "s":
		return "s"
	case "n":
		return "n"
	case "str":
		return "str"
	case "inlineStr":
		return "inlineStr"
	case "b":
		return "b"
	case "e":
		return "e"
	case "d":
		return "d"
	}
	return string(t)
}
