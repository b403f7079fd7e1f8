package rules

import (
	"fmt"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/expr"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

func init() {
	registerKind(spec.KindInfo{Name: "summary", Fields: []string{"items", "column"}}, checkSummary,
		"summary", "rounding")
}

// checkSummary checks the figures stated in a summary sheet (key → value)
// against aggregates of the detail sheets. Figures the sheet does not state
// are not checked.
func checkSummary(rc ruleCtx) runner {
	vi := rc.t.Index(rc.r.Column)
	if vi < 0 {
		return runner{}
	}
	rows := map[string]importer.Row{}
	return runner{
		row:    func(r importer.Row) { rows[rc.key(r)] = r },
		finish: func() { rc.summary(vi, rows) },
		late:   true,
	}
}

func (rc ruleCtx) summary(vi int, rows map[string]importer.Row) {
	for _, it := range rc.r.Items {
		r, ok := rows[importer.Normalize(it.Key)]
		if !ok || r.Values[vi].Kind != importer.Number {
			continue
		}
		n := rc.e.parse(it.Expr)
		if n == nil {
			continue
		}
		v, err := evalCtx{spec: rc.e.spec.Version, agg: rc.e.aggregate}.eval(n)
		if err != nil || v.kind != vNum {
			continue // a detail sheet is missing or unreadable
		}
		rc.checkSum(v.iv, r.Values[vi], rc.t.Columns[vi].Spec, "summary", args{"key": it.Key})
	}
}

// aggregate evaluates root, count, sum and sum_leaves over a detail sheet.
func (e *evaluator) aggregate(c expr.Call) (val, error) {
	if len(c.Args) == 0 {
		return val{}, fmt.Errorf("%s needs a sheet", c.Func)
	}
	var name string
	switch a := c.Args[0].(type) {
	case expr.Str:
		name = a.Value
	case expr.Name:
		name = a.Name
	}
	sh := e.spec.Sheet(name)
	if sh == nil || e.tables[sh.Name] == nil {
		return val{kind: vEmpty}, nil
	}
	t := e.tables[sh.Name]
	rc := ruleCtx{e: e, sheet: sh, t: t}
	rows := rc.itemRows()
	switch c.Func {
	case "count":
		return e.count(t, rows, c.Args[1:])
	case "root":
		r, ok := rc.root()
		if !ok || len(c.Args) != 2 {
			return val{kind: vEmpty}, nil
		}
		return evalCtx{env: rowEnv{t: t, r: r}, spec: e.spec.Version}.eval(c.Args[1])
	case "sum", "sum_leaves":
		if c.Func == "sum_leaves" {
			rows = rc.leaves(rows)
		}
		return e.sum(t, rows, c.Args[1:])
	}
	return val{}, fmt.Errorf("unknown function %s", c.Func)
}

// itemRows are a table's rows other than its total rows.
func (rc ruleCtx) itemRows() []importer.Row {
	var out []importer.Row
	for _, r := range rc.t.Rows {
		if !rc.isTotal(r) {
			out = append(out, r)
		}
	}
	return out
}

// leaves are the rows no other row names as its parent.
func (rc ruleCtx) leaves(rows []importer.Row) []importer.Row {
	parents := map[string]bool{}
	for _, r := range rows {
		if p := rc.t.Value(r, rc.sheet.Parent); p.Kind == importer.Text {
			parents[importer.Normalize(p.Text)] = true
		}
	}
	var out []importer.Row
	for _, r := range rows {
		if !parents[rc.key(r)] {
			out = append(out, r)
		}
	}
	return out
}

func (e *evaluator) count(t *importer.Table, rows []importer.Row, cond []expr.Node) (val, error) {
	n := 0
	for _, r := range rows {
		if len(cond) > 0 {
			v, err := evalCtx{env: rowEnv{t: t, r: r}, spec: e.spec.Version}.eval(cond[0])
			if err != nil {
				return val{}, err
			}
			if v.kind != vBool || !v.b {
				continue
			}
		}
		n++
	}
	return val{kind: vNum, iv: Exact(decimal.NewFromInt(int64(n)))}, nil
}

func (e *evaluator) sum(t *importer.Table, rows []importer.Row, args []expr.Node) (val, error) {
	if len(args) != 1 {
		return val{}, fmt.Errorf("sum needs a sheet and a column")
	}
	col, ok := args[0].(expr.Col)
	i := t.Index(col.Name)
	if !ok || i < 0 {
		return val{kind: vEmpty}, nil
	}
	s, ok := sumOf(t, rows, i)
	if !ok {
		return val{kind: vEmpty}, nil
	}
	return val{kind: vNum, iv: s}, nil
}
