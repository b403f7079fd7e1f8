package rules

import (
	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// Compute evaluates the sheet's formula rules over the given column values
// (sums across departments, say) and returns the computed columns, rounded
// half away from zero to each rule's or column's decimals. A formula whose
// operands are not all given, or that divides by zero, is left out.
func Compute(s *spec.Spec, sh *spec.Sheet, values map[string]decimal.Decimal) map[string]decimal.Decimal {
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
		v, err := evalCtx{env: env, spec: s.Version}.eval(n)
		if err != nil || v.kind != vNum {
			continue
		}
		d := int32(0)
		if col := sh.Column(r.Column); col != nil {
			d = col.Decimals
		}
		if r.Decimals != nil {
			d = *r.Decimals
		}
		out[r.Column] = v.iv.Mid.Round(d)
	}
	return out
}
