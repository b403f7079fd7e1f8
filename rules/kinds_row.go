package rules

import (
	"maps"
	"slices"
	"strings"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/expr"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

func sortedKeys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }

func init() {
	registerKind(spec.KindInfo{Name: "formula", Fields: []string{"column", "expr"}, Formula: true}, checkFormula,
		"formula", "formula.zero_divisor", "rounding")
}

func checkFormula(rc ruleCtx) runner {
	return perRow(func(r importer.Row) {
		if rc.when(r) && !rc.recomputed(r, rc.r.Column) {
			rc.formulaRow(rc.r, r, rowEnv{t: rc.t, r: r}, "formula")
		}
	})
}

// formulaRow checks that the stated value of f.Column in row r equals f.Expr
// computed from env. Rows missing an operand are skipped; so are rows where
// an operand could not be read (its own finding says why).
func (rc ruleCtx) formulaRow(f *spec.Rule, r importer.Row, env rowEnv, key string) {
	i := rc.t.Index(f.Column)
	n := rc.e.parse(f.Expr)
	if i < 0 || n == nil {
		return
	}
	stated := r.Values[i]
	if stated.Kind == importer.Invalid {
		return
	}
	col := rc.t.Columns[i].Spec
	if f.Decimals != nil {
		col = withDecimals(col, *f.Decimals)
	}
	// First the stated figures alone: when the result rounds to the stated
	// value the check passes and the intervals are not needed.
	penv := env
	penv.point = true
	if rc.pointAgrees(n, penv, stated, col) {
		rc.evaluated()
		return
	}
	if v, err := (evalCtx{env: penv, spec: rc.e.spec.Version}).eval(n); err == nil && v.kind == vNum &&
		stated.Kind == importer.Number && v.iv.Mid.Round(max(col.Decimals, -stated.Num.Exponent())).Equal(stated.Num) {
		rc.evaluated()
		return
	}
	v, err := evalCtx{env: env, spec: rc.e.spec.Version}.eval(n)
	a := args{"expr": rc.e.exprText(f.Expr), "col": col.Name}
	switch {
	case err == ErrDivisionByZero && f.ZeroDivisor == "empty":
		rc.evaluated()
		if stated.Kind != importer.Empty {
			rc.fail(rc.ref(stated), "formula.zero_divisor", a, "", stated.String())
		}
		return
	case err != nil, v.kind != vNum, stated.Kind != importer.Number:
		return
	}
	rc.checkSum(v.iv, stated, col, key, a)
}

// pointAgrees reports whether the formula n computed from the stated
// figures, in fixed point, rounds to the stated value; false when it
// does not or when fixed point cannot tell (formulaRow then asks
// decimal.Decimal, which would say the same).
func (rc ruleCtx) pointAgrees(n expr.Node, env rowEnv, stated importer.Value, col *importer.Column) bool {
	if stated.Kind != importer.Number {
		return false
	}
	v, ok := pointFixed(n, env)
	if !ok {
		return false
	}
	s, ok := fixedOf(stated.Num)
	if !ok {
		return false
	}
	r, ok := v.round(max(col.Decimals, -stated.Num.Exponent()))
	if !ok {
		return false
	}
	eq, ok := r.equal(s)
	return ok && eq
}

func withDecimals(c *importer.Column, d int32) *importer.Column {
	cc := *c
	cc.Decimals = d
	return &cc
}

func init() {
	registerKind(spec.KindInfo{Name: "compare", Fields: []string{"expr"}}, checkCompare,
		"compare")
}

func checkCompare(rc ruleCtx) runner {
	n := rc.e.parse(rc.r.Expr)
	if n == nil {
		return runner{}
	}
	return perRow(func(r importer.Row) {
		if !rc.when(r) {
			return
		}
		v, err := evalCtx{env: rowEnv{t: rc.t, r: r}, spec: rc.e.spec.Version}.eval(n)
		if err != nil || v.kind != vBool {
			return // an operand is missing or unreadable
		}
		rc.evaluated()
		if v.b {
			return
		}
		ref := rc.rowRef(r.Num)
		actual := ""
		if rc.r.Column != "" {
			cell := rc.t.Value(r, rc.r.Column)
			ref, actual = rc.ref(cell), cell.String()
		}
		rc.fail(ref, "compare", args{"expr": rc.e.exprText(rc.r.Expr), "values": rc.operands(n, r)}, "", actual)
	})
}

// operands lists the referenced columns of a row with their values:
// "Fel 20, Stickprov 16".
func (rc ruleCtx) operands(n expr.Node, r importer.Row) string {
	var parts []string
	seen := map[string]bool{}
	for _, c := range expr.Columns(n) {
		if c.Sheet != "" || seen[c.Column] {
			continue
		}
		seen[c.Column] = true
		v := rc.t.Value(r, c.Column)
		text := v.String()
		if v.Kind == importer.Number {
			text = numText(v.Num, rc.e.lang)
		}
		parts = append(parts, c.Column+" "+text)
	}
	return strings.Join(parts, ", ")
}
