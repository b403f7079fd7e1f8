package importer

import (
	"github.com/shopspring/decimal"
)

// argCounts are the fewest and most arguments of each function; -1 is any
// number.
var argCounts = map[string][2]int{
	"SUM": {1, -1}, "COUNT": {1, -1}, "MIN": {1, -1}, "MAX": {1, -1}, "AVERAGE": {1, -1},
	"AND": {1, -1}, "OR": {1, -1},
	"ABS": {1, 1}, "NOT": {1, 1}, "ROUND": {2, 2}, "IF": {2, 3}, "IFERROR": {2, 2},
}

func (e *evaluator) call(n fCall) (fval, error) {
	if c := argCounts[n.name]; len(n.args) < c[0] || c[1] >= 0 && len(n.args) > c[1] {
		return fval{}, errFormulaSyntax
	}
	switch n.name {
	case "IF":
		cond, err := e.eval(n.args[0])
		if err != nil {
			return cond, err
		}
		b, ev := toLogical(cond)
		switch {
		case ev.kind == fError:
			return ev, nil
		case b:
			return e.result(n.args[1])
		case len(n.args) == 3:
			return e.result(n.args[2])
		}
		return fval{kind: fLogical}, nil
	case "IFERROR":
		v, err := e.result(n.args[0])
		if err != nil || v.kind != fError {
			return v, err
		}
		return e.result(n.args[1])
	case "ABS", "NOT":
		v, err := e.eval(n.args[0])
		if err != nil || v.kind == fError {
			return v, err
		}
		if n.name == "NOT" {
			b, ev := toLogical(v)
			if ev.kind == fError {
				return ev, nil
			}
			return fval{kind: fLogical, b: !b}, nil
		}
		d, ev := toNumber(v)
		if ev.kind == fError {
			return ev, nil
		}
		return numVal(d.Abs()), nil
	case "ROUND":
		return e.round(n.args[0], n.args[1])
	}
	return e.aggregate(n)
}

// result evaluates an argument returned as the function's value: an empty
// argument or an empty cell is 0 there, as in Excel.
func (e *evaluator) result(n fnode) (fval, error) {
	v, err := e.eval(n)
	if err == nil && v.kind == fEmpty {
		v = numVal(decimal.Zero)
	}
	return v, err
}

func (e *evaluator) round(xn, dn fnode) (fval, error) {
	var num [2]decimal.Decimal
	for i, n := range []fnode{xn, dn} {
		v, err := e.eval(n)
		if err != nil {
			return v, err
		}
		d, ev := toNumber(v)
		if ev.kind == fError {
			return ev, nil
		}
		num[i] = d
	}
	places := num[1].Truncate(0).IntPart()
	places = max(-310, min(places, maxSignificant))
	return boundedVal(num[0].Round(int32(places))), nil // half away from zero, as Excel
}

// aggregate computes SUM, COUNT, MIN, MAX, AVERAGE, AND and OR. In
// references only numbers (and, for AND and OR, logical values) count;
// values given directly are coerced.
func (e *evaluator) aggregate(n fCall) (fval, error) {
	var acc aggregator
	acc.name = n.name
	for _, a := range n.args {
		if r, ok := a.(fRef); ok {
			if err := e.eachCell(r, acc.addCell); err != nil {
				return fval{}, err
			}
		} else {
			v, err := e.eval(a)
			if err != nil {
				return v, err
			}
			acc.addDirect(v)
		}
		if acc.err.kind == fError {
			return acc.err, nil
		}
	}
	return acc.value(), nil
}

// eachCell calls fn with every cell of a reference, row by row.
func (e *evaluator) eachCell(r fRef, fn func(fval)) error {
	area := (r.col2 - r.col1 + 1) * (r.row2 - r.row1 + 1)
	if err := e.src.visitRange(area); err != nil {
		return err
	}
	sheet := e.refSheet(r)
	for row := r.row1; row <= r.row2; row++ {
		for col := r.col1; col <= r.col2; col++ {
			v, err := e.src.value(sheet, col, row)
			if err != nil {
				return err
			}
			fn(v)
		}
	}
	return nil
}

type aggregator struct {
	name     string
	sum      decimal.Decimal
	min, max decimal.Decimal
	count    int
	and, or  bool
	logicals int
	err      fval
}

// addCell adds a referenced cell's value.
func (a *aggregator) addCell(v fval) {
	switch v.kind {
	case fNumber:
		a.add(v.num)
	case fLogical:
		if a.name == "AND" || a.name == "OR" {
			a.logical(v.b)
		}
	case fError:
		if a.name != "COUNT" && a.err.kind != fError {
			a.err = v
		}
	}
}

// addDirect adds a value given as an argument.
func (a *aggregator) addDirect(v fval) {
	if a.name == "AND" || a.name == "OR" {
		b, ev := toLogical(v)
		if ev.kind == fError {
			a.addCell(ev)
			return
		}
		a.logical(b)
		return
	}
	d, ev := toNumber(v)
	if ev.kind == fError {
		a.addCell(ev)
		return
	}
	a.add(d)
}

func (a *aggregator) logical(b bool) {
	if a.logicals == 0 {
		a.and = true
	}
	a.logicals++
	a.and = a.and && b
	a.or = a.or || b
}

func (a *aggregator) add(d decimal.Decimal) {
	if a.count == 0 || d.LessThan(a.min) {
		a.min = d
	}
	if a.count == 0 || d.GreaterThan(a.max) {
		a.max = d
	}
	a.count++
	a.sum, _ = bounded(a.sum.Add(d))
}

func (a *aggregator) value() fval {
	switch a.name {
	case "COUNT":
		return numVal(decimal.NewFromInt(int64(a.count)))
	case "MIN":
		return numVal(a.min)
	case "MAX":
		return numVal(a.max)
	case "AVERAGE":
		if a.count == 0 {
			return errVal("#DIV/0!")
		}
		return boundedVal(a.sum.DivRound(decimal.NewFromInt(int64(a.count)), maxSignificant))
	case "AND", "OR":
		if a.logicals == 0 {
			return errVal("#VALUE!")
		}
		if a.name == "AND" {
			return fval{kind: fLogical, b: a.and}
		}
		return fval{kind: fLogical, b: a.or}
	}
	return boundedVal(a.sum)
}
