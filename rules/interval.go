package rules

import (
	"errors"

	"github.com/shopspring/decimal"
)

// Interval is a stated figure and the exact range it stands for: a value
// stated with d decimals means [v − ½·10^−d, v + ½·10^−d] (DESIGN.md,
// "Rounding-aware consistency"; the idea of XBRL Calculations 1.1). Mid is
// the value computed from the stated figures themselves.
type Interval struct {
	Lo, Mid, Hi decimal.Decimal
	// point marks an exact value (Lo, Mid and Hi the same): arithmetic on
	// points computes one value instead of three.
	point bool
}

// divScale is the number of decimals kept by divisions; far beyond any
// stated figure.
const divScale = 20

var half = decimal.New(5, -1)

// Stated returns the interval of a figure stated with the given decimals;
// a value written with more decimals than that keeps its own.
func Stated(v decimal.Decimal, decimals int32) Interval {
	if e := -v.Exponent(); e > decimals {
		decimals = e
	}
	h := half.Shift(-decimals)
	return Interval{Lo: v.Sub(h), Mid: v, Hi: v.Add(h)}
}

// Exact returns the interval of an exact value, such as a count.
func Exact(v decimal.Decimal) Interval { return Interval{Lo: v, Mid: v, Hi: v, point: true} }

// Add returns a + b.
func (a Interval) Add(b Interval) Interval {
	if a.point && b.point {
		return Exact(a.Mid.Add(b.Mid))
	}
	return Interval{Lo: a.Lo.Add(b.Lo), Mid: a.Mid.Add(b.Mid), Hi: a.Hi.Add(b.Hi)}
}

// Neg returns −a.
func (a Interval) Neg() Interval {
	if a.point {
		return Exact(a.Mid.Neg())
	}
	return Interval{Lo: a.Hi.Neg(), Mid: a.Mid.Neg(), Hi: a.Lo.Neg()}
}

// Sub returns a − b.
func (a Interval) Sub(b Interval) Interval {
	if a.point && b.point {
		return Exact(a.Mid.Sub(b.Mid))
	}
	return a.Add(b.Neg())
}

// Mul returns a × b.
func (a Interval) Mul(b Interval) Interval {
	if a.point && b.point {
		return Exact(a.Mid.Mul(b.Mid))
	}
	p := []decimal.Decimal{a.Lo.Mul(b.Lo), a.Lo.Mul(b.Hi), a.Hi.Mul(b.Lo), a.Hi.Mul(b.Hi)}
	return Interval{Lo: decimal.Min(p[0], p[1:]...), Mid: a.Mid.Mul(b.Mid), Hi: decimal.Max(p[0], p[1:]...)}
}

// ErrDivisionByZero is returned by Div when the divisor's value is zero.
var ErrDivisionByZero = errors.New("division by zero")

// Div returns a / b. When b's interval contains zero but its value does
// not, the result's range is unbounded on that side and is taken from the
// value alone.
func (a Interval) Div(b Interval) (Interval, error) {
	if b.Mid.IsZero() {
		return Interval{}, ErrDivisionByZero
	}
	mid := a.Mid.DivRound(b.Mid, divScale)
	if a.point && b.point {
		return Exact(mid), nil
	}
	if b.Lo.Sign() != b.Hi.Sign() || b.Lo.IsZero() || b.Hi.IsZero() {
		return Interval{Lo: mid, Mid: mid, Hi: mid}, nil
	}
	q := []decimal.Decimal{
		a.Lo.DivRound(b.Lo, divScale), a.Lo.DivRound(b.Hi, divScale),
		a.Hi.DivRound(b.Lo, divScale), a.Hi.DivRound(b.Hi, divScale),
	}
	return Interval{Lo: decimal.Min(q[0], q[1:]...), Mid: mid, Hi: decimal.Max(q[0], q[1:]...)}, nil
}

// Abs returns |a|.
func (a Interval) Abs() Interval {
	if a.point {
		return Exact(a.Mid.Abs())
	}
	switch {
	case a.Lo.Sign() >= 0:
		return a
	case a.Hi.Sign() <= 0:
		return a.Neg()
	}
	return Interval{Lo: decimal.Zero, Mid: a.Mid.Abs(), Hi: decimal.Max(a.Lo.Abs(), a.Hi)}
}

// Overlaps reports whether a and b share at least one value (edges count).
func (a Interval) Overlaps(b Interval) bool {
	return a.Lo.LessThanOrEqual(b.Hi) && b.Lo.LessThanOrEqual(a.Hi)
}

// Verdict is the outcome of comparing a computed figure with a stated one.
type Verdict uint8

// Verdicts.
const (
	Agrees   Verdict = iota // the computed value, rounded as stated, is the stated value
	Rounding                // differs, but within the rounding of the figures involved
	Differs                 // differs beyond rounding
)

// Compare compares a computed interval with a stated value of the given
// decimals. The computed value is rounded half away from zero (Excel's
// ROUND) to the stated decimals; expected is that rounded value.
func Compare(computed Interval, stated decimal.Decimal, decimals int32, exact bool) (v Verdict, expected decimal.Decimal) {
	if e := -stated.Exponent(); e > decimals {
		decimals = e
	}
	expected = computed.Mid.Round(decimals)
	st := Stated(stated, decimals)
	if exact {
		st = Exact(stated)
	}
	switch {
	case expected.Equal(stated):
		return Agrees, expected
	case computed.Overlaps(st):
		return Rounding, expected
	}
	return Differs, expected
}
