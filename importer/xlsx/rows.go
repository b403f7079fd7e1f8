package xlsx

import (
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"iter"
	"strconv"
	"strings"
)

// CellType is the stored type of a cell.
type CellType uint8

// Cell types, from the t attribute of <c>.
const (
	TypeNumber  CellType = iota // a number (t="n" or none)
	TypeString                  // shared, inline or formula string
	TypeBool                    // t="b": "1" or "0"
	TypeError                   // t="e": "#DIV/0!", "#REF!", ...
	TypeDate                    // t="d": ISO 8601 text
	TypeUnknown                 // any other t: Value is the stored text, not to be trusted
)

// Cell is one non-empty cell as stored.
type Cell struct {
	Col     int // 1-based
	Type    CellType
	Value   string // raw stored value; shared strings resolved
	Format  FormatClass
	Formula bool // the cell has a formula; Value is its cached result
	Cached  bool // a value was stored (<v> or <is>); false for a formula never calculated
	// Expr is the formula's text, without "=", read only by FormulaRows;
	// empty for a shared formula's followers and for data tables.
	Expr string
}

// Row is one stored row with its non-empty cells in column order.
type Row struct {
	Num    int // 1-based
	Hidden bool
	Cells  []Cell
}

// Rows streams the rows of the named sheet. The Row passed to the loop is
// reused: copy what must outlive an iteration. Iteration stops at the first
// error, which is yielded with a zero Row.
func (b *Book) Rows(sheet string) iter.Seq2[*Row, error] {
	return func(yield func(*Row, error) bool) {
		s, known := b.sheet(sheet)
		part := s.part
		switch {
		case !known:
			yield(nil, fmt.Errorf("%w: %s", ErrSheetMissing, sheet))
			return
		case part == "":
			// The workbook lists the sheet, but its relationship names no part.
			yield(nil, &StructureError{Fault: FaultSheetLink, Sheet: sheet})
			return
		}
		done, err := b.readRows(part, sheet, readFast, 0, yield)
		if err != nil && !errors.Is(err, ErrTooLarge) {
			// The fast scanner met something it does not handle: read the
			// sheet again with encoding/xml, after the rows already given.
			if b.OnFallback != nil {
				b.OnFallback(sheet, err)
			}
			_, err = b.readRows(part, sheet, readXML, done, yield)
		}
		if err != nil {
			yield(nil, err)
		}
	}
}

// FormulaRows streams the rows of the named sheet as Rows does, with each
// formula's text in Cell.Expr. It reads with encoding/xml, slower than
// Rows: it is meant for the few workbooks whose formulas must be computed.
func (b *Book) FormulaRows(sheet string) iter.Seq2[*Row, error] {
	return func(yield func(*Row, error) bool) {
		part := b.partOf(sheet)
		if part == "" {
			yield(nil, fmt.Errorf("%w: %s", ErrSheetMissing, sheet))
			return
		}
		if _, err := b.readRows(part, sheet, readFormulas, 0, yield); err != nil {
			yield(nil, err)
		}
	}
}

func (b *Book) partOf(sheet string) string {
	s, _ := b.sheet(sheet)
	return s.part
}

// sheet finds the first sheet of the workbook named exactly name: the one
// a reader of a workbook with two sheets of one name reads (and says so).
func (b *Book) sheet(name string) (Sheet, bool) {
	for _, s := range b.Sheets {
		if s.Name == name {
			return s, true
		}
	}
	return Sheet{}, false
}

// readMode is how readRows reads a sheet part.
type readMode uint8

const (
	readFast     readMode = iota // the fast scanner
	readXML                      // encoding/xml
	readFormulas                 // encoding/xml, keeping formulas' text
)

// rowSource is what reads rows: the fast scanner or encoding/xml.
type rowSource interface{ next() (*Row, error) }

// readRows yields the rows of a sheet part after the first skip ones; it
// returns how many rows it has given in all. A nil error means the sheet
// was read to its end or the consumer stopped.
func (b *Book) readRows(part, sheet string, mode readMode, skip int, yield func(*Row, error) bool) (int, error) {
	rc, f, err := b.open(part)
	if err != nil {
		return skip, sheetFault(err, part, sheet, 0)
	}
	defer rc.Close()
	limit := int64(f.CompressedSize64)*b.lim.Ratio + 1<<20
	if limit > b.lim.TotalSize {
		limit = b.lim.TotalSize
	}
	var src0 io.Reader = rc
	if f.UncompressedSize64 >= readAheadFrom {
		ra := newReadAhead(rc)
		defer ra.Close() // before rc.Close, deferred earlier
		src0 = ra
	}
	lr := &limitedReader{r: src0, n: limit}
	var src rowSource
	if mode == readFast {
		sc := newPooledScanner(b, lr)
		defer sc.release() // the rows given hold copies, never the buffer
		sc.part = part
		src = sc
	} else {
		src = &sheetReader{b: b, d: xml.NewDecoder(lr), formulas: mode == readFormulas}
	}
	n, last := 0, 0
	for {
		row, err := src.next()
		switch {
		case err == io.EOF:
			// Read to the end of the part, so that the archive's checksum
			// is verified: a damaged byte must not pass as a value.
			if _, err := io.Copy(io.Discard, lr); err != nil && !lr.exceeded {
				return n, sheetFault(err, part, sheet, last)
			}
			return max(n, skip), nil
		case lr.exceeded:
			return max(n, skip), fmt.Errorf("%w: sheet %s unpacks to more than %d bytes", ErrTooLarge, sheet, limit)
		case errors.Is(err, errScan):
			return n, err
		case err != nil:
			return n, sheetFault(err, part, sheet, last)
		}
		n, last = n+1, row.Num
		if n <= skip {
			continue
		}
		if !yield(row, nil) {
			return n, nil
		}
	}
}

// sheetFault makes err a *StructureError naming the sheet and its part;
// last is the last row read before it.
func sheetFault(err error, part, sheet string, last int) error {
	se := faultOf(err, part)
	se.Sheet = sheet
	if se.After == 0 {
		se.After = last
	}
	return se
}

type sheetReader struct {
	b        *Book
	d        *xml.Decoder
	row      Row
	lastRow  int
	inData   bool
	formulas bool // keep formulas' text in Cell.Expr
}

// next returns the next <row> of <sheetData>.
func (r *sheetReader) next() (*Row, error) {
	for {
		tok, err := r.d.Token()
		if err != nil {
			if err == io.EOF && !r.inData && r.lastRow == 0 {
				return nil, io.EOF
			}
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "sheetData":
				r.inData = true
			case "row":
				if r.inData {
					return r.readRow(t)
				}
			}
		case xml.EndElement:
			if t.Name.Local == "sheetData" {
				return nil, io.EOF
			}
		}
	}
}

func (r *sheetReader) readRow(start xml.StartElement) (*Row, error) {
	row := &r.row
	row.Num, row.Hidden, row.Cells = r.lastRow+1, false, row.Cells[:0]
	for _, a := range start.Attr {
		switch a.Name.Local {
		case "r":
			n, err := rowNumber(a.Value, r.lastRow)
			if err != nil {
				return nil, err
			}
			row.Num = n
		case "hidden":
			row.Hidden = row.Hidden || a.Value == "1" || a.Value == "true"
		case "ht":
			row.Hidden = row.Hidden || zeroSize(a.Value) // a row of height 0 is hidden in Excel
		}
	}
	r.lastRow = row.Num
	lastCol := 0
	for {
		tok, err := r.d.Token()
		if err != nil {
			return nil, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local != "c" {
				if err := r.d.Skip(); err != nil {
					return nil, err
				}
				continue
			}
			c, keep, err := r.readCell(t, row.Num, lastCol)
			if err != nil {
				return nil, atRow(err, row.Num)
			}
			lastCol = c.Col
			if keep {
				row.Cells = append(row.Cells, c)
			}
		case xml.EndElement:
			if t.Name.Local == "row" {
				return row, nil
			}
		}
	}
}

// readCell reads one <c>; keep is false for cells with no value.
func (r *sheetReader) readCell(start xml.StartElement, rowNum, lastCol int) (c Cell, keep bool, err error) {
	c.Col = lastCol + 1
	typ, style := "", ""
	for _, a := range start.Attr {
		switch a.Name.Local {
		case "r":
			n, err := cellColumn(a.Value, rowNum, lastCol)
			if err != nil {
				return c, false, err
			}
			c.Col = n
		case "t":
			typ = a.Value
		case "s":
			style = a.Value
		}
	}
	c.Format = r.b.styleClass(style)
	c, keep, err = r.cellBody(c, typ)
	return c, keep, charError(err, c.Col)
}

// charError makes a character XML does not allow, met inside a cell, a
// fault at that cell, as the fast scanner reports it.
func charError(err error, col int) error {
	var syn *xml.SyntaxError
	if !errors.As(err, &syn) {
		return err
	}
	if se := faultOf(err, ""); se.Fault == FaultChar {
		se.Col = col
		return se
	}
	return err
}

// cellBody reads the elements of a <c> after its start tag.
func (r *sheetReader) cellBody(c Cell, typ string) (Cell, bool, error) {
	var v strings.Builder
	hasV := false
	for {
		tok, err := r.d.Token()
		if err != nil {
			return c, false, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "v":
				hasV = true
				if err := readText(r.d, &v); err != nil {
					return c, false, err
				}
			case "f":
				c.Formula = true
				if err := r.readFormula(t, &c); err != nil {
					return c, false, err
				}
			case "is":
				s, err := readRichText(r.d, t.Name)
				if err != nil {
					return c, false, err
				}
				hasV = true
				v.WriteString(s)
			default:
				if err := r.d.Skip(); err != nil {
					return c, false, err
				}
			}
		case xml.EndElement:
			if t.Name.Local != "c" {
				continue
			}
			return r.b.finish(c, typ, v.String(), hasV)
		}
	}
}

// maxExpr bounds the formula text kept; Excel allows 8,192 characters.
const maxExpr = 8192

// readFormula reads an <f> element, keeping its text when asked for.
func (r *sheetReader) readFormula(start xml.StartElement, c *Cell) error {
	if !r.formulas {
		return r.d.Skip()
	}
	var sb strings.Builder
	if err := readText(r.d, &sb); err != nil {
		return err
	}
	for _, a := range start.Attr {
		if a.Name.Local == "t" && a.Value == "dataTable" {
			return nil // computed by Excel's what-if analysis, not by its text
		}
	}
	if sb.Len() <= maxExpr {
		c.Expr = sb.String()
	}
	return nil
}

// finish completes a cell from its t attribute and stored text.
func (b *Book) finish(c Cell, typ, v string, hasV bool) (Cell, bool, error) {
	switch typ {
	case "s":
		c.Type = TypeString
		iv := strings.TrimSpace(v)
		if !hasV || iv == "" {
			// <c t="s"/> or <v></v>: an empty cell, whatever its type
			// says, as excelize reads it
			hasV = false
			break
		}
		if !digits(iv) {
			return c, false, &StructureError{Fault: FaultStringIndex, Col: c.Col, Value: v}
		}
		i, err := strconv.Atoi(iv)
		if err != nil || i >= b.strings.len() {
			return c, false, &StructureError{Fault: FaultSharedString, Col: c.Col, Value: v}
		}
		c.Value = b.strings.at(i)
	case "str", "inlineStr":
		c.Type, c.Value = TypeString, v
	case "b":
		c.Type, c.Value = TypeBool, v
	case "e":
		c.Type, c.Value = TypeError, v
	case "d":
		c.Type, c.Value = TypeDate, v
	case "", "n":
		c.Type, c.Value = TypeNumber, v
	default:
		c.Type, c.Value = TypeUnknown, v
	}
	if c.Formula && hasV && v == "" && !textType(typ) {
		// <v></v> or <v/> under a formula, as openpyxl writes: no cached
		// value, not an empty result (that is t="str" with <v></v>)
		hasV = false
	}
	c.Cached = hasV
	keep := hasV && (c.Value != "" || c.Type == TypeString)
	if c.Formula && !hasV {
		keep = true // a formula with no cached value is worth reporting
	}
	return c, keep, nil
}

// textType reports whether a t attribute holds text, for which an empty
// stored value is a value.
func textType(typ string) bool { return typ == "str" || typ == "inlineStr" || typ == "s" }

func readText(d *xml.Decoder, sb *strings.Builder) error {
	for {
		tok, err := d.Token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.CharData:
			sb.Write(t)
		case xml.EndElement:
			return nil
		}
	}
}

// maxRow is the last row of a worksheet.
const maxRow = 1 << 20

// rowNumber reads a row's r attribute, which must follow the row before it
// (last): rows are stored in ascending order, each once.
func rowNumber[T string | []byte](v T, last int) (int, error) {
	n := 0
	for i := 0; i < len(v); i++ {
		if v[i] < '0' || v[i] > '9' || n > maxRow {
			return 0, &StructureError{Fault: FaultRowNumber, Value: string(v)}
		}
		n = n*10 + int(v[i]-'0')
	}
	if n < 1 || n > maxRow {
		return 0, &StructureError{Fault: FaultRowNumber, Value: string(v)}
	}
	if n <= last {
		return 0, &StructureError{Fault: FaultRowOrder, After: last, Value: string(v)}
	}
	return n, nil
}

// cellColumn returns the 1-based column of a cell's A1 reference ("AB12"
// gives 28), which must name a cell of row (the <row> it stands in) after
// the column lastCol of the cell before it. Column letters may be lower
// case, as some programs write them and Excel, LibreOffice and excelize
// read them; a row part missing, 0, signed or past 1048576 is a fault.
func cellColumn[T string | []byte](ref T, row, lastCol int) (int, error) {
	col, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c < 'A' || c > 'Z' {
			break
		}
		col = col*26 + int(c-'A'+1)
		if col > 16384 {
			return 0, &StructureError{Fault: FaultCellRef, Value: string(ref)}
		}
	}
	if i == 0 {
		return 0, &StructureError{Fault: FaultCellRef, Value: string(ref)}
	}
	n := 0
	for j := i; j < len(ref); j++ {
		c := ref[j]
		if c < '0' || c > '9' || n > maxRow {
			return 0, &StructureError{Fault: FaultCellRef, Col: col, Value: string(ref)}
		}
		n = n*10 + int(c-'0')
	}
	switch {
	case n < 1 || n > maxRow:
		return 0, &StructureError{Fault: FaultCellRef, Col: col, Value: string(ref)} // the column is known
	case n != row:
		return 0, &StructureError{Fault: FaultCellRow, Col: col, Value: string(ref)}
	case col <= lastCol:
		return 0, &StructureError{Fault: FaultCellOrder, Col: col, Value: string(ref)}
	}
	return col, nil
}

// digits reports whether s is a non-empty run of the digits 0-9.
func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// zeroSize reports whether a width or height attribute is zero ("0",
// "0.0"): Excel shows such a column or row as hidden.
func zeroSize[T string | []byte](v T) bool {
	zero := false
	for i := 0; i < len(v); i++ {
		switch v[i] {
		case '0':
			zero = true
		case '.':
		default:
			return false
		}
	}
	return zero
}
