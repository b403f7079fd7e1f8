package rules

import (
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/importer"
)

// sumOf adds the values of column i over rows; ok is false when none has a
// value or one could not be read (its own finding says so; no follow-on).
// Empty cells count as zero.
func sumOf(t *importer.Table, rows []importer.Row, i int) (sum Interval, ok bool) {
	sum = Exact(decimal.Zero)
	col := t.Columns[i].Spec
	for _, r := range rows {
		switch v := cellVal(r.Values[i], col); v.kind {
		case vInvalid:
			return sum, false
		case vNum:
			sum, ok = sum.Add(v.iv), true
		}
	}
	return sum, ok
}

// sumMid adds the stated values of column i over rows, as sumOf does but
// without intervals.
func sumMid(rows []importer.Row, i int) (sum decimal.Decimal, ok bool) {
	for _, r := range rows {
		switch v := r.Values[i]; v.Kind {
		case importer.Invalid:
			return sum, false
		case importer.Number:
			sum, ok = sum.Add(v.Num), true
		}
	}
	return sum, ok
}

// checkSum compares a computed figure with the stated value in cell v and
// records a rounding note or a failure.
func (rc ruleCtx) checkSum(computed Interval, v importer.Value, col *importer.Column, key string, a args) {
	rc.evaluated()
	verdict, expected := Compare(computed, v.Num, col.Decimals, col.Exact)
	if a == nil {
		a = args{}
	}
	a["col"] = col.Name
	a["diff"] = numText(v.Num.Sub(expected).Abs(), rc.e.lang) + unit(col, rc.e.lang)
	switch verdict {
	case Rounding:
		rc.note(rc.ref(v), "rounding", a, expected.String(), v.Num.String())
	case Differs:
		rc.fail(rc.ref(v), key, a, expected.String(), v.Num.String())
	}
}

// unit is the unit word of a column's figures in messages.
func unit(col *importer.Column, lang Lang) string {
	switch col.Type {
	case importer.TypeAmount:
		return " tkr"
	case importer.TypePercent:
		return pick(lang, " procentenheter", " percentage points")
	}
	return ""
}

// node is a row of a tree.
type node struct {
	row      importer.Row
	parent   int // index into nodes, -1 for a root or an unknown parent
	children []int
}

func checkTree(rc ruleCtx) {
	nodes, ok := rc.buildTree()
	if !ok {
		return
	}
	for _, name := range rc.r.Columns {
		i := rc.t.Index(name)
		if i < 0 {
			continue
		}
		for _, n := range nodes {
			p := n.row.Values[i]
			if len(n.children) == 0 || p.Kind != importer.Number {
				continue
			}
			kids := make([]importer.Row, len(n.children))
			for k, c := range n.children {
				kids[k] = nodes[c].row
			}
			col := rc.t.Columns[i].Spec
			if mid, ok := sumMid(kids, i); ok && mid.Round(max(col.Decimals, -p.Num.Exponent())).Equal(p.Num) {
				rc.evaluated() // agrees exactly: no intervals needed
				continue
			}
			if sum, ok := sumOf(rc.t, kids, i); ok {
				rc.checkSum(sum, p, col, "tree.sum", args{"n": strconv.Itoa(len(kids))})
			}
		}
	}
}

// buildTree links rows to their parents through the parent column,
// reporting duplicate names, unknown parents, cycles and the number of
// roots. ok is false when the tree is too broken to check sums.
func (rc ruleCtx) buildTree() ([]node, bool) {
	nodes := make([]node, len(rc.t.Rows))
	byKey := map[string]int{}
	for i, r := range rc.t.Rows {
		nodes[i] = node{row: r, parent: -1}
		k := rc.key(r)
		if first, dup := byKey[k]; dup && k != "" {
			rc.evaluated()
			rc.fail(rc.ref(rc.t.Value(r, rc.sheet.Key)), "tree.duplicate", args{"row": strconv.Itoa(nodes[first].row.Num)}, "", rc.t.Value(r, rc.sheet.Key).Text)
			continue
		}
		byKey[k] = i
	}
	var roots []string
	for i, r := range rc.t.Rows {
		pv := rc.t.Value(r, rc.sheet.Parent)
		if pv.Kind != importer.Text {
			roots = append(roots, rc.t.Value(r, rc.sheet.Key).Text)
			continue
		}
		rc.evaluated()
		p, found := byKey[importer.Normalize(pv.Text)]
		if !found || p == i {
			rc.fail(rc.ref(pv), "tree.parent", args{"col": rc.sheet.Parent}, "", pv.Text)
			continue
		}
		nodes[i].parent = p
	}
	if rc.breakCycles(nodes) {
		return nodes, false
	}
	for i := range nodes {
		if p := nodes[i].parent; p >= 0 {
			nodes[p].children = append(nodes[p].children, i)
		}
	}
	if rc.r.Roots == "one" && len(rc.t.Rows) > 0 {
		rc.evaluated()
		if len(roots) != 1 {
			rc.fail(rc.sheetRef(), "tree.roots", args{"n": strconv.Itoa(len(roots)), "names": quoteList(roots), "col": rc.sheet.Parent}, "1", strconv.Itoa(len(roots)))
		}
	}
	return nodes, true
}

// breakCycles reports every cycle of parents once, at its first row.
func (rc ruleCtx) breakCycles(nodes []node) bool {
	found := false
	state := make([]uint8, len(nodes)) // 0 unseen, 1 on the current path, 2 done
	for start := range nodes {
		var path []int
		i := start
		for i >= 0 && state[i] == 0 {
			state[i] = 1
			path = append(path, i)
			i = nodes[i].parent
		}
		if i >= 0 && state[i] == 1 { // back on the current path: a cycle
			k := 0
			for path[k] != i {
				k++
			}
			var names []string
			first := path[k]
			for _, j := range path[k:] {
				names = append(names, rc.t.Value(nodes[j].row, rc.sheet.Key).Text)
				if nodes[j].row.Num < nodes[first].row.Num {
					first = j
				}
			}
			rc.evaluated()
			rc.fail(rc.ref(rc.t.Value(nodes[first].row, rc.sheet.Parent)), "tree.cycle",
				args{"path": strings.Join(append(names, names[0]), " → "), "col": rc.sheet.Parent}, "", "")
			found = true
		}
		for _, j := range path {
			state[j] = 2
		}
	}
	return found
}

func checkTotalRow(rc ruleCtx) {
	totals := rc.e.totals[rc.sheet.Name]
	var items []importer.Row
	for _, r := range rc.t.Rows {
		if _, isTotal := totals[r.Num]; !isTotal {
			items = append(items, r)
		}
	}
	for _, r := range rc.t.Rows {
		if _, isTotal := totals[r.Num]; !isTotal {
			continue
		}
		sums := map[string]val{}
		for _, name := range rc.r.Columns {
			i := rc.t.Index(name)
			if i < 0 {
				continue
			}
			sum, ok := sumOf(rc.t, items, i)
			if !ok {
				sums[name] = val{kind: vInvalid}
				continue
			}
			sums[name] = val{kind: vNum, iv: sum}
			if v := r.Values[i]; v.Kind == importer.Number {
				rc.checkSum(sum, v, rc.t.Columns[i].Spec, "total_row", nil)
			}
		}
		rc.recomputeTotals(r, sums)
	}
}

// recomputeTotals checks the total row's derived columns (Andel fel) from
// the summed figures, using the sheet's formula rule for each column.
func (rc ruleCtx) recomputeTotals(r importer.Row, sums map[string]val) {
	for _, col := range rc.r.Recompute {
		for k := range rc.sheet.Rules {
			f := &rc.sheet.Rules[k]
			if f.Kind == "formula" && f.Column == col {
				rc.formulaRow(f, r, rowEnv{t: rc.t, r: r, override: sums}, "total_row.recompute")
			}
		}
	}
}

func checkCrossSheet(rc ruleCtx) {
	other := rc.e.tables[rc.e.spec.Sheet(rc.r.Sheet).Name]
	if other == nil {
		return
	}
	oc := ruleCtx{e: rc.e, sheet: rc.e.spec.Sheet(rc.r.Sheet), t: other, r: rc.r}
	root, ok := oc.root()
	if !ok {
		return
	}
	for _, r := range rc.t.Rows {
		if rc.key(r) != importer.Normalize(rc.r.Row) {
			continue
		}
		for _, mine := range sortedKeys(rc.r.Pairs) {
			v, o := rc.t.Value(r, mine), other.Value(root, rc.r.Pairs[mine])
			if v.Kind != importer.Number || o.Kind != importer.Number {
				continue
			}
			col := rc.sheet.Column(mine)
			oiv := cellVal(o, oc.sheet.Column(rc.r.Pairs[mine])).iv
			rc.checkSum(oiv, v, col, "cross_sheet", args{
				"row": rc.r.Row, "sheet": other.Sheet, "other": other.Ref(o).Cell(), "col": mine,
			})
		}
	}
}

// root returns the single row of the table without a parent.
func (rc ruleCtx) root() (importer.Row, bool) {
	var found []importer.Row
	for _, r := range rc.t.Rows {
		if rc.t.Value(r, rc.sheet.Parent).Kind == importer.Empty {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		return importer.Row{}, false
	}
	return found[0], true
}
