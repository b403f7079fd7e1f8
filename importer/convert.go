package importer

import (
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/importer/xlsx"
)

// convertRow turns a stored row into a data row; ok is false for rows to skip.
func (w *Workbook) convertRow(t *Table, xr *xlsx.Row) (Row, bool) {
	if len(xr.Cells) == 0 {
		return Row{}, false
	}
	r := Row{Num: xr.Num, Values: make([]Value, len(t.Columns))}
	ordered := strictlyIncreasing(xr.Cells)
	filled, numeric, numericFilled := false, false, false
	for i, tc := range t.Columns {
		v := Value{Row: int32(xr.Num), Col: int32(tc.Col)}
		if c := cellAt(xr.Cells, tc.Col, ordered); c != nil {
			v = w.convertCell(t, tc, c, v)
		}
		r.Values[i] = v
		if v.Kind != Empty {
			filled = true
		}
		if tc.Spec.Type.Numeric() {
			numeric = true
			numericFilled = numericFilled || v.Kind != Empty
		}
	}
	if !filled {
		return Row{}, false
	}
	if numeric && !numericFilled {
		t.Skipped++ // a heading such as "Varav:"
		return Row{}, false
	}
	w.checkHot(hotHidden)
	if xr.Hidden {
		w.report(Problem{Ref: Ref{File: w.File, Sheet: t.Sheet, Row: xr.Num}, Code: HiddenRow})
	}
	return r, true
}

// cellAt finds the cell of column col in a row's cells: by binary search
// when they are in strictly increasing column order, as the file format
// requires, else the last one of that column, as a spreadsheet would show.
func cellAt(cells []xlsx.Cell, col int, ordered bool) *xlsx.Cell {
	if ordered {
		i := sort.Search(len(cells), func(k int) bool { return cells[k].Col >= col })
		if i < len(cells) && cells[i].Col == col {
			return &cells[i]
		}
		return nil
	}
	for i := len(cells) - 1; i >= 0; i-- {
		if cells[i].Col == col {
			return &cells[i]
		}
	}
	return nil
}

func strictlyIncreasing(cells []xlsx.Cell) bool {
	for i := 1; i < len(cells); i++ {
		if cells[i].Col <= cells[i-1].Col {
			return false
		}
	}
	return true
}

// convertCell reads one stored cell according to its column's type.
func (w *Workbook) convertCell(t *Table, tc TableColumn, c *xlsx.Cell, v Value) Value {
	ref := Ref{File: w.File, Sheet: t.Sheet, Row: int(v.Row), Col: int(v.Col)}
	v.Formula = c.Formula
	problem := func(code Code, text string) Value { return w.problem(ref, tc.Header, v, code, text) }
	w.checkHot(hotFormula, hotError)
	if c.Formula && !c.Cached {
		rc, code, text := w.recompute(t.Sheet, c.Col, int(v.Row))
		if code != "" {
			v = problem(code, text)
			v.Text = "" // the formula is the problem's detail, not the cell's value
			return v
		}
		rc.Format = c.Format
		c = &rc
		if c.Value != "" && c.Type != xlsx.TypeError { // an empty result is an empty cell either way
			w.report(Problem{Ref: ref, Code: FormulaRecomputed, Column: tc.Header, Text: c.Value})
		}
	}
	switch {
	case c.Type == xlsx.TypeError:
		return problem(ExcelError, c.Value)
	}
	switch spec := tc.Spec; {
	case spec.Type.Numeric():
		return w.convertNumber(spec, c, v, ref, tc.Header)
	case spec.Type == TypeDate:
		w.checkHot(hotDate)
		d, ok := readDate(c, w.book.Date1904)
		if !ok {
			if strings.TrimSpace(c.Value) == "" {
				return v
			}
			return problem(BadDate, c.Value)
		}
		v.Kind, v.Num = Date, d
		return v
	default:
		s := strings.TrimSpace(cellText(c))
		if s == "" || (spec.Type == TypeTarget && isDash(s)) {
			return v
		}
		w.checkHot(hotText)
		if limit := spec.maxLength(); utf8.RuneCountInString(s) > limit {
			w.report(Problem{Ref: ref, Code: TextTooLong, Column: tc.Header, Text: truncate(s, 80)})
		}
		v.Kind, v.Text = Text, s
		return v
	}
}

// problem reports a cell that cannot be read and returns it as Invalid.
func (w *Workbook) problem(ref Ref, header string, v Value, code Code, text string) Value {
	w.report(Problem{Ref: ref, Code: code, Column: header, Text: text})
	v.Kind, v.Text = Invalid, text
	return v
}

func (w *Workbook) convertNumber(spec *Column, c *xlsx.Cell, v Value, ref Ref, header string) Value {
	problem := func(code Code, text string) Value { return w.problem(ref, header, v, code, text) }
	var d decimal.Decimal
	w.checkHot(hotNotNumber, hotTooLarge, hotAsText)
	switch c.Type {
	case xlsx.TypeNumber:
		n, err := ParseStored(c.Value)
		if err != nil {
			return problem(NotANumber, c.Value)
		}
		if c.Format == xlsx.FormatPercent {
			n = n.Shift(2)
		}
		d = n
	case xlsx.TypeString, xlsx.TypeDate:
		s := strings.TrimSpace(c.Value)
		if s == "" || isDash(s) {
			return v
		}
		n, _, err := ParseNumber(s)
		if err != nil {
			return problem(NotANumber, s)
		}
		if !c.Formula {
			w.report(Problem{Ref: ref, Code: NumberAsText, Column: header, Text: s})
		}
		d = n
	default:
		return problem(NotANumber, c.Value)
	}
	if max := spec.maxAbs(); !fewerIntegerDigits(d, max) && d.Abs().GreaterThan(max) {
		return problem(NumberTooLarge, c.Value)
	}
	if c.Formula {
		// a computed value is stated as its format shows it
		d = d.Round(spec.Decimals)
	}
	v.Kind, v.Num = Number, d
	return v
}

// fewerIntegerDigits reports, without allocating, whether d has fewer
// digits before the point than max, so that |d| < max for certain.
func fewerIntegerDigits(d, max decimal.Decimal) bool {
	return d.NumDigits()+int(d.Exponent()) < max.NumDigits()+int(max.Exponent())
}

func isDash(s string) bool { return s == "-" || s == "–" || s == "—" || s == "\u2212" }

// cellText is a cell's value as text; numbers keep their stored form, with
// percent-formatted ones shown as percent.
func cellText(c *xlsx.Cell) string {
	if c.Type == xlsx.TypeNumber {
		d, err := ParseStored(c.Value)
		if err != nil {
			return c.Value
		}
		if c.Format == xlsx.FormatPercent {
			return d.Shift(2).String() + " %"
		}
		return d.String()
	}
	return c.Value
}

// readDate reads a serial day number or ISO text as days since 1899-12-30.
func readDate(c *xlsx.Cell, date1904 bool) (decimal.Decimal, bool) {
	if c.Type == xlsx.TypeNumber {
		d, err := ParseStored(c.Value)
		if err != nil || d.IsNegative() || d.GreaterThan(decimal.NewFromInt(2958465)) {
			return decimal.Zero, false
		}
		if date1904 {
			d = d.Add(decimal.NewFromInt(1462))
		}
		return d, true
	}
	s := strings.TrimSpace(c.Value)
	for _, layout := range []string{time.DateOnly, "2006-01-02T15:04:05", time.DateTime, "2006-01-02T15:04:05Z"} {
		if tm, err := time.Parse(layout, s); err == nil {
			whole := int64(tm.Sub(excelEpoch) / (24 * time.Hour))
			secs := int64(tm.Sub(excelEpoch)%(24*time.Hour)) / int64(time.Second)
			return decimal.NewFromInt(whole).Add(decimal.NewFromInt(secs).Div(decimal.NewFromInt(86400))), true
		}
	}
	return decimal.Zero, false
}

var defaultMaxAbs = map[ColumnType]decimal.Decimal{
	TypeAmount:  decimal.New(1, 12), // 10^12 tkr
	TypePercent: decimal.New(1, 6),
	TypeNumber:  decimal.New(1, 12),
}

func (c *Column) maxAbs() decimal.Decimal {
	if c.MaxAbs != "" {
		if d, err := decimal.NewFromString(c.MaxAbs); err == nil {
			return d
		}
	}
	return defaultMaxAbs[c.Type]
}

func (c *Column) maxLength() int {
	if c.MaxLength > 0 {
		return c.MaxLength
	}
	return 2000
}

// truncate shortens s to at most n runes, marking the cut with "…".
func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n]) + "…"
}
