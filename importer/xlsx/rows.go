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
	TypeNumber CellType = iota // a number (t="n" or none)
	TypeString                 // shared, inline or formula string
	TypeBool                   // t="b": "1" or "0"
	TypeError                  // t="e": "#DIV/0!", "#REF!", ...
	TypeDate                   // t="d": ISO 8601 text
)

// Cell is one non-empty cell as stored.
type Cell struct {
	Col     int // 1-based
	Type    CellType
	Value   string // raw stored value; shared strings resolved
	Format  FormatClass
	Formula bool // the cell has a formula; Value is its cached result
	Cached  bool // a value was stored (<v> or <is>); false for a formula never calculated
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
		part := ""
		for _, s := range b.Sheets {
			if s.Name == sheet {
				part = s.part
			}
		}
		if part == "" {
			yield(nil, fmt.Errorf("%w: %s", ErrSheetMissing, sheet))
			return
		}
		done, err := b.readRows(part, sheet, true, 0, yield)
		if err != nil && !errors.Is(err, ErrTooLarge) {
			// The fast scanner met something it does not handle: read the
			// sheet again with encoding/xml, after the rows already given.
			if b.OnFallback != nil {
				b.OnFallback(sheet, err)
			}
			_, err = b.readRows(part, sheet, false, done, yield)
		}
		if err != nil {
			yield(nil, err)
		}
	}
}

// rowSource is what reads rows: the fast scanner or encoding/xml.
type rowSource interface{ next() (*Row, error) }

// readRows yields the rows of a sheet part after the first skip ones; it
// returns how many rows it has given in all. A nil error means the sheet
// was read to its end or the consumer stopped.
func (b *Book) readRows(part, sheet string, fast bool, skip int, yield func(*Row, error) bool) (int, error) {
	rc, f, err := b.open(part)
	if err != nil {
		return skip, err
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
	var src rowSource = &sheetReader{b: b, d: xml.NewDecoder(lr)}
	if fast {
		src = newScannerSize(b, lr, int64(f.UncompressedSize64))
	}
	n := 0
	for {
		row, err := src.next()
		switch {
		case err == io.EOF:
			return max(n, skip), nil
		case lr.exceeded:
			return max(n, skip), fmt.Errorf("%w: sheet %s unpacks to more than %d bytes", ErrTooLarge, sheet, limit)
		case errors.Is(err, errScan):
			return n, err
		case err != nil:
			return n, fmt.Errorf("%w: sheet %s: %v", ErrCorrupt, sheet, err)
		}
		n++
		if n <= skip {
			continue
		}
		if !yield(row, nil) {
			return n, nil
		}
	}
}

type sheetReader struct {
	b       *Book
	d       *xml.Decoder
	row     Row
	lastRow int
	inData  bool
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
			n, err := strconv.Atoi(a.Value)
			if err != nil || n < 1 || n > 1<<20 {
				return nil, fmt.Errorf("bad row number %q", a.Value)
			}
			row.Num = n
		case "hidden":
			row.Hidden = a.Value == "1" || a.Value == "true"
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
			c, keep, err := r.readCell(t, lastCol+1)
			if err != nil {
				return nil, err
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
func (r *sheetReader) readCell(start xml.StartElement, col int) (c Cell, keep bool, err error) {
	c.Col = col
	typ, style := "", ""
	for _, a := range start.Attr {
		switch a.Name.Local {
		case "r":
			if n := colNumber(a.Value); n > 0 {
				c.Col = n
			} else {
				return c, false, fmt.Errorf("bad cell reference %q", a.Value)
			}
		case "t":
			typ = a.Value
		case "s":
			style = a.Value
		}
	}
	c.Format = r.b.styleClass(style)
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
				if err := r.d.Skip(); err != nil {
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

// finish completes a cell from its t attribute and stored text.
func (b *Book) finish(c Cell, typ, v string, hasV bool) (Cell, bool, error) {
	switch typ {
	case "s":
		if !hasV {
			c.Type = TypeString // <c t="s"/>: an empty cell, whatever its type says
			break
		}
		i, err := strconv.Atoi(strings.TrimSpace(v))
		if err != nil || i < 0 || i >= b.strings.len() {
			return c, false, fmt.Errorf("shared string index %q out of range", v)
		}
		c.Type, c.Value = TypeString, b.strings.at(i)
	case "str", "inlineStr":
		c.Type, c.Value = TypeString, v
	case "b":
		c.Type, c.Value = TypeBool, v
	case "e":
		c.Type, c.Value = TypeError, v
	case "d":
		c.Type, c.Value = TypeDate, v
	default:
		c.Type, c.Value = TypeNumber, v
	}
	c.Cached = hasV
	keep := hasV && (c.Value != "" || c.Type == TypeString)
	if c.Formula && !hasV {
		keep = true // a formula with no cached value is worth reporting
	}
	return c, keep, nil
}

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

// colNumber returns the 1-based column of an A1 reference ("AB12" gives 28),
// or 0 when the reference is malformed.
func colNumber[T string | []byte](ref T) int {
	n, i := 0, 0
	for ; i < len(ref); i++ {
		c := ref[i]
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		if c < 'A' || c > 'Z' {
			break
		}
		n = n*26 + int(c-'A'+1)
		if n > 16384 {
			return 0
		}
	}
	if i == 0 {
		return 0
	}
	return n
}
