package importer

import (
	"errors"
	"strings"
	"time"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/importer/xlsx"
)

// Bounds of computing formulas saved without a cached value, per workbook:
// a chain of references deeper than maxFormulaDepth, more than
// maxFormulaVisits cells read, more than maxFormulaTime spent or more than
// maxIndexCells cells held leave the formulas concerned not calculated.
const (
	maxFormulaDepth  = 100
	maxFormulaVisits = 100_000
	maxFormulaTime   = 5 * time.Second
	maxIndexCells    = 200_000
)

// calcCell is a stored cell as the calculator keeps it.
type calcCell struct {
	typ     xlsx.CellType
	formula bool
	cached  bool
	value   string
	expr    string
}

type calcKey struct {
	sheet    string
	col, row int
}

// calcSheet holds a sheet's cells; partial when they did not all fit.
type calcSheet struct {
	cells   map[[2]int]calcCell
	partial bool
}

// calculator computes, with exact decimals and within the bounds above,
// the formulas of one workbook that were saved without a cached value, as
// files written by programs (excelize, openpyxl) rather than by Excel or
// LibreOffice are. It reads the sheets it needs once, with their formulas.
type calculator struct {
	book   *xlsx.Book
	sheets map[string]*calcSheet
	held   int
	visits int
	// spent is the time computing took in all before this call, from
	// callStart on: only computing counts, not the reading between the
	// workbook's formulas, so that how loaded the machine is while a large
	// sheet is read does not decide which formulas get computed.
	spent     time.Duration
	callStart time.Time
	depth     int
	active    map[calcKey]bool
	memo      map[calcKey]fval
	exceeded  bool // a bound of the whole workbook was reached
}

func newCalculator(b *xlsx.Book) *calculator {
	return &calculator{book: b, sheets: map[string]*calcSheet{}, active: map[calcKey]bool{}, memo: map[calcKey]fval{}}
}

// recompute calculates the formula at col, row of sheet, which has no
// cached value. When it cannot, code says why (FormulaNoValue or
// FormulaCircular) and text is the formula, for the message.
func (w *Workbook) recompute(sheet string, col, row int) (c xlsx.Cell, code Code, text string) {
	if w.calc == nil {
		w.calc = newCalculator(w.book)
	}
	k := w.calc
	k.callStart = time.Now()
	defer func() { k.spent += time.Since(k.callStart) }()
	w.check(FormulaCircular)
	if cc, ok := k.cell(sheet, col, row); ok && cc.expr != "" {
		text = "=" + truncate(cc.expr, 80)
	}
	v, err := k.value(sheet, col, row)
	switch {
	case errors.Is(err, errCircular):
		return c, FormulaCircular, text
	case err != nil:
		return c, FormulaNoValue, text
	}
	c = xlsx.Cell{Col: col, Formula: true, Cached: true}
	switch v.kind {
	case fEmpty:
		c.Type, c.Value = xlsx.TypeNumber, "0" // =A1 of an empty A1 shows 0
	case fNumber:
		c.Type, c.Value = xlsx.TypeNumber, v.num.String()
	case fText:
		c.Type, c.Value = xlsx.TypeString, v.text
	case fLogical:
		c.Type, c.Value = xlsx.TypeBool, map[bool]string{false: "0", true: "1"}[v.b]
	case fError:
		c.Type, c.Value = xlsx.TypeError, v.text
	}
	return c, "", text
}

// value is a cell's value: its cached one, or its formula computed.
func (k *calculator) value(sheet string, col, row int) (fval, error) {
	if k.exceeded {
		return fval{}, errFormulaLimit
	}
	k.visits++
	if k.visits > maxFormulaVisits || k.visits%256 == 0 && k.overTime() {
		k.exceeded = true
		return fval{}, errFormulaLimit
	}
	sheet, ok := k.sheetName(sheet)
	if !ok {
		return errVal("#REF!"), nil
	}
	c, ok := k.cell(sheet, col, row)
	switch {
	case !ok && k.sheets[sheet].partial:
		return fval{}, errFormulaLimit // not held: its value is unknown
	case !ok:
		return fval{}, nil
	case !c.formula || c.cached:
		return storedVal(c), nil
	}
	key := calcKey{sheet, col, row}
	if v, ok := k.memo[key]; ok {
		return v, nil
	}
	if k.active[key] {
		return fval{}, errCircular
	}
	if k.depth >= maxFormulaDepth {
		return fval{}, errFormulaLimit
	}
	n, err := parseFormula(c.expr)
	if err != nil {
		return fval{}, err
	}
	k.active[key] = true
	k.depth++
	v, err := (&evaluator{src: k, sheet: sheet}).eval(n)
	k.depth--
	delete(k.active, key)
	switch {
	case err != nil:
	case v.kind == fEmpty:
		v = numVal(decimal.Zero) // =A1 of an empty A1 is 0
	case v.kind == fNumber:
		v.num = RoundSignificant(v.num, 15) // as Excel keeps a cell's value
	}
	if err == nil {
		k.memo[key] = v
	}
	return v, err
}

// visitRange charges a range's cells to the budget before they are read.
func (k *calculator) visitRange(cells int) error {
	if k.exceeded || cells > maxFormulaVisits-k.visits {
		return errFormulaLimit
	}
	return nil
}

// storedVal is the value of a cell that is not computed here.
func storedVal(c calcCell) fval {
	switch c.typ {
	case xlsx.TypeNumber:
		d, err := ParseStored(c.value)
		if err != nil {
			return errVal("#VALUE!")
		}
		if d, ok := bounded(d); ok {
			return numVal(d)
		}
		return errVal("#NUM!")
	case xlsx.TypeBool:
		return fval{kind: fLogical, b: c.value == "1" || strings.EqualFold(c.value, "true")}
	case xlsx.TypeError:
		return errVal(c.value)
	case xlsx.TypeString:
		if c.value == "" {
			return fval{kind: fText}
		}
	}
	return fval{kind: fText, text: c.value}
}

// sheetName finds a sheet named in a formula, ignoring case as Excel does.
func (k *calculator) sheetName(name string) (string, bool) {
	if _, ok := k.sheets[name]; ok {
		return name, true
	}
	for _, s := range k.book.Sheets {
		if strings.EqualFold(s.Name, name) {
			return s.Name, true
		}
	}
	return "", false
}

// cell looks a cell up, reading its sheet on first use.
func (k *calculator) cell(sheet string, col, row int) (calcCell, bool) {
	s := k.sheets[sheet]
	if s == nil {
		s = k.load(sheet)
		k.sheets[sheet] = s
	}
	c, ok := s.cells[[2]int{row, col}]
	return c, ok
}

// load reads a sheet's cells with their formulas, as many as fit in
// maxIndexCells for the whole workbook.
func (k *calculator) load(sheet string) *calcSheet {
	s := &calcSheet{cells: map[[2]int]calcCell{}}
	for xr, err := range k.book.FormulaRows(sheet) {
		if err != nil {
			s.partial = true
			break
		}
		if k.held+len(xr.Cells) > maxIndexCells || k.overTime() {
			s.partial = true
			break
		}
		for _, c := range xr.Cells {
			s.cells[[2]int{xr.Num, c.Col}] = calcCell{typ: c.Type, formula: c.Formula, cached: c.Cached, value: c.Value, expr: c.Expr}
		}
		k.held += len(xr.Cells)
	}
	return s
}

// overTime reports whether computing has taken more than maxFormulaTime.
func (k *calculator) overTime() bool {
	return k.spent+time.Since(k.callStart) > maxFormulaTime
}
