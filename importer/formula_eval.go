package importer

import (
	"errors"
	"strings"

	"github.com/shopspring/decimal"
)

// fkind is the kind of a formula value.
type fkind uint8

const (
	fEmpty fkind = iota // an empty cell
	fNumber
	fText
	fLogical
	fError // an Excel error value; text holds it
)

// fval is a value met while computing a formula, exact as a decimal.
type fval struct {
	kind fkind
	num  decimal.Decimal
	text string
	b    bool
}

func numVal(d decimal.Decimal) fval { return fval{kind: fNumber, num: d} }
func errVal(code string) fval       { return fval{kind: fError, text: code} }

// errCircular is a formula that depends on itself; errFormulaLimit one
// whose computation went beyond the bounds (depth, cells, time).
var (
	errCircular     = errors.New("circular reference")
	errFormulaLimit = errors.New("formula computation beyond its bounds")
)

// cellSource gives the evaluator the cells a formula refers to.
type cellSource interface {
	// value is a referenced cell's value, computing it when it is a
	// formula without a cached value.
	value(sheet string, col, row int) (fval, error)
	// visitRange charges the cells of a range to the budget before they
	// are read; it fails when there are too many.
	visitRange(cells int) error
}

// maxSignificant bounds the digits of every intermediate result; Excel
// keeps 15.
const maxSignificant = 40

// bounded keeps a number within Excel's range and maxSignificant digits;
// ok is false beyond Excel's largest number (#NUM!).
func bounded(d decimal.Decimal) (decimal.Decimal, bool) {
	if d.IsZero() {
		return decimal.Zero, true
	}
	mag := d.NumDigits() + int(d.Exponent()) // digits before the point
	switch {
	case mag > 308:
		return d, false
	case mag < -307:
		return decimal.Zero, true
	case d.NumDigits() > maxSignificant:
		return d.Round(int32(maxSignificant - mag)), true
	}
	return d, true
}

func boundedVal(d decimal.Decimal) fval {
	d, ok := bounded(d)
	if !ok {
		return errVal("#NUM!")
	}
	return numVal(d)
}

// evaluator computes one parsed formula on sheet.
type evaluator struct {
	src   cellSource
	sheet string
}

func (e *evaluator) eval(n fnode) (fval, error) {
	switch n := n.(type) {
	case fNum:
		return boundedVal(n.v), nil
	case fStr:
		return fval{kind: fText, text: n.s}, nil
	case fBool:
		return fval{kind: fLogical, b: n.b}, nil
	case fErr:
		return errVal(n.code), nil
	case fEmptyArg:
		return fval{}, nil
	case fRef:
		if n.isRange {
			return fval{}, errUnsupported // a range outside a function: implicit intersection
		}
		return e.src.value(e.refSheet(n), n.col1, n.row1)
	case fUnary:
		x, err := e.eval(n.x)
		if err != nil {
			return x, err
		}
		d, ev := toNumber(x)
		if ev.kind == fError {
			return ev, nil
		}
		return numVal(d.Neg()), nil
	case fBinary:
		return e.binary(n)
	case fCall:
		return e.call(n)
	}
	return fval{}, errUnsupported
}

func (e *evaluator) refSheet(r fRef) string {
	if r.sheet == "" {
		return e.sheet
	}
	return r.sheet
}

// toNumber coerces a value for arithmetic, as Excel does: empty is 0,
// TRUE 1, text a number or #VALUE!. ev is the error value, if any.
func toNumber(v fval) (d decimal.Decimal, ev fval) {
	switch v.kind {
	case fEmpty:
		return decimal.Zero, fval{}
	case fNumber:
		return v.num, fval{}
	case fLogical:
		if v.b {
			return decimal.NewFromInt(1), fval{}
		}
		return decimal.Zero, fval{}
	case fText:
		if d, err := ParseStored(strings.TrimSpace(v.text)); err == nil {
			if d, ok := bounded(d); ok {
				return d, fval{}
			}
		}
		return d, errVal("#VALUE!")
	}
	return d, v
}

func (e *evaluator) binary(n fBinary) (fval, error) {
	x, err := e.eval(n.x)
	if err != nil {
		return x, err
	}
	y, err := e.eval(n.y)
	if err != nil {
		return y, err
	}
	if x.kind == fError {
		return x, nil
	}
	if y.kind == fError {
		return y, nil
	}
	switch n.op {
	case "+", "-", "*", "/":
		a, ev := toNumber(x)
		if ev.kind == fError {
			return ev, nil
		}
		b, ev := toNumber(y)
		if ev.kind == fError {
			return ev, nil
		}
		return arith(n.op, a, b), nil
	}
	c := compare(x, y)
	var r bool
	switch n.op {
	case "=":
		r = c == 0
	case "<>":
		r = c != 0
	case "<":
		r = c < 0
	case ">":
		r = c > 0
	case "<=":
		r = c <= 0
	case ">=":
		r = c >= 0
	}
	return fval{kind: fLogical, b: r}, nil
}

func arith(op string, a, b decimal.Decimal) fval {
	switch op {
	case "+":
		return boundedVal(a.Add(b))
	case "-":
		return boundedVal(a.Sub(b))
	case "*":
		return boundedVal(a.Mul(b))
	}
	if b.IsZero() {
		return errVal("#DIV/0!")
	}
	return boundedVal(a.DivRound(b, maxSignificant))
}

// compare orders two values as Excel does: numbers before text before
// logical values, text without regard to case, an empty cell as 0 or "".
func compare(x, y fval) int {
	rank := func(v fval) int {
		switch v.kind {
		case fText:
			return 1
		case fLogical:
			return 2
		}
		return 0
	}
	if x.kind == fEmpty {
		x = emptyLike(y)
	}
	if y.kind == fEmpty {
		y = emptyLike(x)
	}
	if rx, ry := rank(x), rank(y); rx != ry {
		return rx - ry
	}
	switch x.kind {
	case fText:
		return strings.Compare(strings.ToLower(x.text), strings.ToLower(y.text))
	case fLogical:
		switch {
		case x.b == y.b:
			return 0
		case y.b:
			return -1
		}
		return 1
	}
	return x.num.Cmp(y.num)
}

// emptyLike is the value an empty cell compares as against other.
func emptyLike(other fval) fval {
	switch other.kind {
	case fText:
		return fval{kind: fText}
	case fLogical:
		return fval{kind: fLogical}
	}
	return numVal(decimal.Zero)
}

// toLogical coerces a condition: a number is TRUE when not 0.
func toLogical(v fval) (bool, fval) {
	switch v.kind {
	case fEmpty:
		return false, fval{}
	case fLogical:
		return v.b, fval{}
	case fNumber:
		return !v.num.IsZero(), fval{}
	case fText:
		switch strings.ToUpper(strings.TrimSpace(v.text)) {
		case "TRUE":
			return true, fval{}
		case "FALSE":
			return false, fval{}
		}
		return false, errVal("#VALUE!")
	}
	return false, v
}
