package importer

import (
	"sort"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"golang.org/x/text/unicode/norm"

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
	unnamed := false
	if k := t.keyPos - 1; k >= 0 {
		w.checkHot(hotUnnamed)
		key := cellAt(xr.Cells, t.Columns[k].Col, ordered)
		unnamed = noName(r.Values[k], key) && w.unnamedRow(t, r, k)
	}
	if numeric && !numericFilled && !unnamed {
		t.Skipped++ // a heading such as "Varav:", or a template row not filled in
		if len(t.Headings) < maxHeadings {
			t.Headings = append(t.Headings, r)
		}
		return Row{}, false
	}
	for i, h := range t.hidden {
		if v := r.Values[i]; h && v.Kind != Empty {
			t.hidden[i] = false // one problem per column
			w.report(Problem{Ref: Ref{File: w.File, Sheet: t.Sheet, Row: int(v.Row), Col: int(v.Col)}, Code: HiddenColumn, Column: t.Columns[i].Header})
		}
	}
	w.checkHot(hotHidden)
	if xr.Hidden {
		w.report(Problem{Ref: Ref{File: w.File, Sheet: t.Sheet, Row: xr.Num}, Code: HiddenRow})
	}
	return r, true
}

// maxHeadings bounds the heading rows a table keeps (Table.Headings).
const maxHeadings = 1000

// unnamedRow reports a row whose label cell is blank or no name (noName)
// while other cells hold values: it would drop out of every total by name. The label is
// made Invalid, so that rules do not report it again; ok is false when
// the row has no values to name.
func (w *Workbook) unnamedRow(t *Table, r Row, k int) bool {
	var vals []string
	for i, v := range r.Values {
		if i == k || v.Kind == Empty {
			continue
		}
		if len(vals) == maxUnnamedValues {
			vals = append(vals, "…")
			break
		}
		s := v.String()
		if v.Kind == Text {
			s = `"` + truncate(s, 40) + `"`
		}
		vals = append(vals, t.Columns[i].Header+" "+s)
	}
	if len(vals) == 0 {
		return false
	}
	key := &r.Values[k]
	w.report(Problem{Ref: Ref{File: w.File, Sheet: t.Sheet, Row: int(key.Row), Col: int(key.Col)},
		Code: RowUnnamed, Column: t.Columns[k].Header, Text: strings.Join(vals, "; ")})
	key.Kind = Invalid
	return true
}

// maxUnnamedValues is how many values an unnamed row's problem names.
const maxUnnamedValues = 4

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
	switch c.Type {
	case xlsx.TypeError:
		return problem(ExcelError, c.Value)
	case xlsx.TypeUnknown:
		w.checkHot(hotUnknownType)
		return problem(UnknownCellType, truncate(c.Value, 80))
	}
	switch spec := tc.Spec; {
	case spec.Type.Numeric():
		return w.convertNumber(t, spec, c, v, ref, tc.Header)
	case spec.Type == TypeDate:
		w.checkHot(hotDate)
		d, ok := readDate(c, w.book.Date1904)
		if !ok {
			if strings.TrimSpace(c.Value) == "" {
				return v
			}
			return problem(BadDate, badDateText(c, w.book.Date1904))
		}
		v.Kind, v.Num = Date, d
		return v
	default:
		s := nfc(trimInvisible(cellText(c)))
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

func (w *Workbook) convertNumber(t *Table, spec *Column, c *xlsx.Cell, v Value, ref Ref, header string) Value {
	problem := func(code Code, text string) Value { return w.problem(ref, header, v, code, text) }
	var d decimal.Decimal
	w.checkHot(hotNotNumber, hotTooLarge, hotAsText)
	switch c.Type {
	case xlsx.TypeNumber:
		n, err := t.storedNumber(c.Col, c.Value)
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
	case xlsx.TypeBool:
		return problem(BooleanNotNumber, boolText(c.Value))
	default:
		return problem(NotANumber, c.Value)
	}
	if max := spec.maxAbs(); !fewerIntegerDigits(d, max) && d.Abs().GreaterThan(max) {
		return problem(NumberTooLarge, c.Value)
	}
	if c.Formula {
		// a computed value is stated as its format shows it
		d = d.Round(spec.Decimals)
	} else {
		w.checkDecimals(spec, d, c, ref, header)
	}
	v.Kind, v.Num = Number, d
	return v
}

// boolText names a stored Boolean as Excel shows it.
func boolText(v string) string {
	switch strings.TrimSpace(v) {
	case "1", "true":
		return "TRUE"
	case "0", "false":
		return "FALSE"
	}
	return v
}

// checkDecimals reports a typed number with more decimals than its column
// states, such as 12.5 in a column of whole tkr, and text such as "1,234"
// there, where the comma most likely separates thousands. The value is
// kept as read; the rules see it with its own decimals.
func (w *Workbook) checkDecimals(spec *Column, d decimal.Decimal, c *xlsx.Cell, ref Ref, header string) {
	w.checkHot(hotDecimals, hotThousands)
	// the problem is made only when there is one: d.String() is the cost
	problem := func(text string) Problem {
		return Problem{Ref: ref, Column: header, Value: d.String(), Unit: spec.unit(), Decimals: spec.Decimals, Text: text}
	}
	typed := c.Type == xlsx.TypeString
	if typed {
		text := strings.TrimSpace(c.Value)
		if whole, ok := thousandsGrouped(text); ok && spec.Decimals < 3 {
			p := problem(text)
			p.Code, p.Expected = ThousandsComma, whole
			w.report(p)
			return
		}
	}
	if -d.Exponent() <= spec.Decimals {
		return // the common case, without rounding
	}
	if r := d.Round(spec.Decimals); !r.Equal(d) {
		p := problem(d.String())
		if typed {
			p.Text = strings.TrimSpace(c.Value)
		}
		p.Code, p.Expected = TooManyDecimals, r.String()
		w.report(p)
	}
}

// thousandsGrouped reports whether s is a number of one to three digits,
// a comma or point, and exactly three digits ("1,234", "-56.798"), and
// returns it without the separator ("1234", "-56798").
func thousandsGrouped(s string) (string, bool) {
	sign := ""
	for _, p := range []string{"-", "\u2212", "+"} {
		if rest, ok := strings.CutPrefix(s, p); ok {
			s = rest
			if p != "+" {
				sign = "-"
			}
			break
		}
	}
	i := strings.IndexAny(s, ",.")
	if i < 1 || i > 3 || len(s)-i-1 != 3 {
		return "", false
	}
	for j := 0; j < len(s); j++ {
		if j != i && (s[j] < '0' || s[j] > '9') {
			return "", false
		}
	}
	return sign + s[:i] + s[i+1:], true
}

// unit is how values of the column are counted, for messages.
func (c *Column) unit() string {
	switch c.Type {
	case TypeAmount:
		return "tkr"
	case TypePercent:
		return "%"
	}
	return ""
}

// fewerIntegerDigits reports, without allocating, whether d has fewer
// digits before the point than max, so that |d| < max for certain.
func fewerIntegerDigits(d, max decimal.Decimal) bool {
	return d.NumDigits()+int(d.Exponent()) < max.NumDigits()+int(max.Exponent())
}

// trimInvisible trims white space, no-break spaces, control characters
// (_x0001_) and characters that show nothing (zero-width spaces, joiners,
// soft hyphens, byte-order marks, fillers) from both ends: a cell holding
// only those is empty.
func trimInvisible(s string) string {
	return strings.TrimFunc(s, func(r rune) bool {
		return isSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) || r == '\u115f' || r == '\u1160' ||
			r == '\u3164' || r == '\uffa0' || r == '\u2800'
	})
}

// nfc is s in Unicode normalization form C, so that text typed with
// combining marks ("Hela\u030ar", as macOS writes it) compares, matches
// and shows as the precomposed "Helår"; ASCII text is returned at once.
func nfc(s string) string {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return norm.NFC.String(s)
		}
	}
	return s
}

// noName reports whether a row's label names nothing: blank (only
// invisible or control characters), a dash, or a number or Boolean stored
// as such where a name is expected.
func noName(v Value, c *xlsx.Cell) bool {
	switch {
	case v.Kind == Empty:
		return true
	case v.Kind != Text:
		return false // unreadable: reported already
	case isDash(v.Text):
		return true
	}
	return c != nil && (c.Type == xlsx.TypeNumber || c.Type == xlsx.TypeBool)
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
// In the 1900 date system serial 0 is Excel's 1900-01-00 and 60 its
// 1900-02-29, days that never were, and both are refused. (Serials 1 to
// 59 are kept as stored, a day off against the calendar before
// 1900-03-01, so that a written workbook shows them as Excel did.)
func readDate(c *xlsx.Cell, date1904 bool) (decimal.Decimal, bool) {
	if c.Type == xlsx.TypeNumber {
		d, err := ParseStored(c.Value)
		if err != nil || d.IsNegative() || d.GreaterThan(decimal.NewFromInt(2958465)) {
			return decimal.Zero, false
		}
		switch day := d.IntPart(); {
		case date1904:
			d = d.Add(decimal.NewFromInt(1462))
		case day == 0 || day == 60:
			return decimal.Zero, false
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

// badDateText is how a cell that is no date is named: as Excel shows the
// two serials of the 1900 date system that are no days, else as stored.
func badDateText(c *xlsx.Cell, date1904 bool) string {
	if d, err := ParseStored(c.Value); err == nil && c.Type == xlsx.TypeNumber && !date1904 {
		switch d.IntPart() {
		case 0:
			return "1900-01-00 (" + c.Value + ")"
		case 60:
			return "1900-02-29 (" + c.Value + ")"
		}
	}
	return c.Value
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
	switch c.Type { // not defaultMaxAbs[c.Type]: this is asked of every number read
	case TypeAmount:
		return maxAmount
	case TypePercent:
		return maxPercent
	case TypeNumber:
		return maxNumber
	}
	return decimal.Decimal{}
}

var maxAmount, maxPercent, maxNumber = defaultMaxAbs[TypeAmount], defaultMaxAbs[TypePercent], defaultMaxAbs[TypeNumber]

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
