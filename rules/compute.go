package rules

import (
	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/rules/expr"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// Compute evaluates the sheet's formula rules over the given column values
// (sums across departments, say) and returns the computed columns, rounded
// half away from zero to each rule's or column's decimals. A formula whose
// operands are not all given, or that divides by zero, is left out.
func Compute(s *spec.Spec, sh *spec.Sheet, values map[string]decimal.Decimal) map[string]decimal.Decimal {
	return compute(s, sh, values, true)
}

// compute is Compute, in fixed point first when fast (computeFixed).
func compute(s *spec.Spec, sh *spec.Sheet, values map[string]decimal.Decimal, fast bool) map[string]decimal.Decimal {
	c := NewComputer(s, sh)
	c.slow = !fast
	out := make([]decimal.Decimal, len(c.columns))
	ok := make([]bool, len(c.columns))
	c.Compute(values, out, ok)
	m := map[string]decimal.Decimal{}
	for i, col := range c.columns {
		if ok[i] {
			m[col] = out[i]
		}
	}
	return m
}

// Computer is Compute prepared once for the many rows of one sheet (a
// total row per key of a large consolidation): the formulas parsed and
// their places found once, the row's scratch reused. It is not safe for
// concurrent use.
type Computer struct {
	s        *spec.Spec
	formulas []formula
	columns  []string
	env      rowEnv
	slow     bool // never computeFixed (the tests' reference)
}

// formula is one formula rule of a Computer's sheet: the column it
// computes (an index into columns), its expression and its places.
type formula struct {
	column int
	n      expr.Node
	places int32
}

// NewComputer prepares Compute for sheet sh of s.
func NewComputer(s *spec.Spec, sh *spec.Sheet) *Computer {
	c := &Computer{s: s, env: rowEnv{override: map[string]val{}}}
	index := map[string]int{}
	for i := range sh.Rules {
		r := &sh.Rules[i]
		if !r.IsFormula() {
			continue
		}
		n, err := parseRule(r.Expr)
		if err != nil {
			continue
		}
		d := int32(0)
		if col := sh.Column(r.Column); col != nil {
			d = col.Decimals
		}
		if r.Decimals != nil {
			d = *r.Decimals
		}
		j, seen := index[r.Column]
		if !seen {
			j = len(c.columns)
			index[r.Column] = j
			c.columns = append(c.columns, r.Column)
		}
		c.formulas = append(c.formulas, formula{column: j, n: n, places: d})
	}
	return c
}

// Columns are the columns Compute computes, in the order of its out.
func (c *Computer) Columns() []string { return c.columns }

// Compute is Compute's result in out and ok, both as long as Columns:
// out[i] is column i computed from values when ok[i], and ok[i] is false
// when its formula's operands are not all given or it divides by zero.
// Where two rules compute one column, the last that can computes it.
func (c *Computer) Compute(values map[string]decimal.Decimal, out []decimal.Decimal, ok []bool) {
	env := c.env
	clear(env.override)
	for name, v := range values {
		env.override[name] = val{kind: vNum, iv: Exact(v)}
	}
	clear(ok)
	for _, f := range c.formulas {
		if !c.slow {
			if v, fine := computeFixed(f.n, env, f.places); fine {
				out[f.column], ok[f.column] = v, true
				continue
			}
		}
		v, err := evalCtx{env: env, spec: c.s.Version}.eval(f.n)
		if err != nil || v.kind != vNum {
			continue
		}
		out[f.column], ok[f.column] = v.iv.Mid.Round(f.places), true
	}
}

// computeFixed is n over env's exact values rounded to places decimals,
// computed in fixed point: the same number at the same exponent as
// eval's Mid.Round(places) (TestComputeFixed), when fixed point can
// compute it; ok is false otherwise. A total row of a large sheet's every
// group computed its formulas as intervals in decimal.Decimal, a third of
// consolidating it.
func computeFixed(n expr.Node, env rowEnv, places int32) (decimal.Decimal, bool) {
	f, ok := pointFixed(n, env)
	if !ok {
		return decimal.Decimal{}, false
	}
	if f, ok = f.round(places); !ok {
		return decimal.Decimal{}, false
	}
	m := f.m
	if k := f.e + places; k > 0 { // round leaves a value short of places as it is
		if m, ok = m.scale(k); !ok {
			return decimal.Decimal{}, false
		}
	} else if k < 0 {
		return decimal.Decimal{}, false
	}
	if m.hi != 0 || m.lo >= 1<<63 {
		return decimal.Decimal{}, false
	}
	c := int64(m.lo)
	if f.neg {
		c = -c
	}
	return decimal.New(c, -places), true
}
