package xlsx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"strconv"
)

// ColRange is a run of columns, from Min to Max (1-based, inclusive).
type ColRange struct{ Min, Max int }

// maxColRanges bounds how many hidden column ranges are kept per sheet.
const maxColRanges = 1 << 14

var nameCol = []byte("col")

// HiddenColumns returns the column ranges the sheet's head marks hidden
// (<cols><col min max hidden="1"/></cols>), or shows as hidden by giving
// them no width (width="0"). Only the part before <sheetData> is read.
func (b *Book) HiddenColumns(sheet string) ([]ColRange, error) {
	part := b.partOf(sheet)
	if part == "" {
		return nil, ErrSheetMissing
	}
	b.headsMu.Lock()
	cols, ok := b.heads[part]
	b.headsMu.Unlock()
	if ok {
		return cols, nil // read with the rows
	}
	out, err := b.scanCols(part)
	if errors.Is(err, errScan) {
		out, err = b.decodeCols(part)
	}
	return out, err
}

// colOf adds the columns a <col> tag hides to out.
func colOf(out []ColRange, t tag) []ColRange {
	h, _ := attr(t.attrs, "hidden")
	lo, _ := attr(t.attrs, "min")
	hi, _ := attr(t.attrs, "max")
	if w, ok := attr(t.attrs, "width"); ok && zeroSize(w) {
		h = []byte("1")
	}
	return addHidden(out, string(h), string(lo), string(hi))
}

// noteHead records the hidden columns of a part's head, read by the fast
// scanner on its way to the rows.
func (b *Book) noteHead(part string, cols []ColRange) {
	b.headsMu.Lock()
	defer b.headsMu.Unlock()
	if b.heads == nil {
		b.heads = map[string][]ColRange{}
	}
	b.heads[part] = cols
}

// scanCols reads the sheet head with the fast scanner.
func (b *Book) scanCols(part string) ([]ColRange, error) {
	rc, _, err := b.open(part)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	s := newPooledScanner(b, &limitedReader{r: rc, n: b.lim.PartSize})
	defer s.release()
	var out []ColRange
	for {
		t, err := s.nextTag(false)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		switch {
		case bytes.Equal(t.name, nameSheetData):
			return out, nil
		case bytes.Equal(t.name, nameCol) && !t.close:
			out = colOf(out, t)
		}
	}
}

// decodeCols reads the sheet head with encoding/xml.
func (b *Book) decodeCols(part string) ([]ColRange, error) {
	rc, _, err := b.open(part)
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	d := xml.NewDecoder(&limitedReader{r: rc, n: b.lim.PartSize})
	var out []ColRange
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		switch se.Name.Local {
		case "sheetData":
			return out, nil
		case "col":
			var h, lo, hi string
			zero := false
			for _, a := range se.Attr {
				switch a.Name.Local {
				case "hidden":
					h = a.Value
				case "min":
					lo = a.Value
				case "max":
					hi = a.Value
				case "width":
					zero = zeroSize(a.Value)
				}
			}
			if zero {
				h = "1"
			}
			out = addHidden(out, h, lo, hi)
		}
	}
}

// addHidden adds a <col> to out when it is hidden and its bounds are
// sound; others are left out.
func addHidden(out []ColRange, hidden, lo, hi string) []ColRange {
	if (hidden != "1" && hidden != "true") || len(out) >= maxColRanges {
		return out
	}
	a, err1 := strconv.Atoi(lo)
	z, err2 := strconv.Atoi(hi)
	if err1 != nil || err2 != nil || a < 1 || z < a || z > 16384 {
		return out
	}
	return append(out, ColRange{Min: a, Max: z})
}
