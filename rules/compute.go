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
	env := rowEnv{override: map[string]val{}}
	for name, v := range values {
		env.override[name] = val{kind: vNum, iv: Exact(v)}
	}
	out := map[string]decimal.Decimal{}
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
		if fast {
			if v, ok := computeFixed(n, env, d); ok {
				out[r.Column] = v
				continue
			}
		}
		v, err := evalCtx{env: env, spec: s.Version}.eval(n)
		if err != nil || v.kind != vNum {
			continue
		}
		out[r.Column] = v.iv.Mid.Round(d)
	}
	return out
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
