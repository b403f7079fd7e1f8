package rules

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
	"github.com/rapportkoll/rapportkoll/rules/spec"
	"github.com/shopspring/decimal"
)

// maxCycleNames is how many rows a tree.cycle finding names.
const maxCycleNames = 10

// DefaultTreeParents is how many distinct parents a tree follows: each
// costs its row and the running sums of its children (some 4 KiB), so a
// sheet where every row is the parent of the next would otherwise cost
// memory by the row. Beyond it the tree is reported as not fully checked
// (tree.limit).
const DefaultTreeParents = 20_000

// treeAcc checks a tree rule as the sheet's rows arrive. Rows link to
// their parent through the parent column by name; each parent gets the
// running sums of its children, so that no child row is kept. Only the
// rows that are parents are kept (or read again at the end, when a parent
// row came before the first row naming it).
type treeAcc struct {
	rc       ruleCtx
	cols     []int                // table positions of the rule's columns
	first    *nameIndex           // normalized name → row number of its first row
	emptyRow int                  // the last row without a name, or 0
	nodes    map[string]*treeNode // by the normalized name children give
	rootRows []rootRow            // the first root rows
	roots    int
	rows     int
	// maxParents bounds len(nodes); children of parents beyond it are
	// counted in overKids and not checked.
	maxParents int
	overKids   int
	// A streamed sheet's names go to spill once first holds spillAfter
	// (0: never); at the end, firsts has the first row of each node's name.
	spillAfter int
	spill      *nameSpill
	firsts     map[string]int
	// parentText and parentName are the last parent cell's text and its
	// normalized name: children of one parent mostly stand together
	parentText, parentName string
}

// parentKey returns the normalized name of a parent cell's text.
func (a *treeAcc) parentKey(text string) string {
	if text != a.parentText || a.parentName == "" {
		a.parentText, a.parentName = text, importer.Normalize(text)
	}
	return a.parentName
}

// treeNode is a name some row gives as its parent.
type treeNode struct {
	row  importer.Row // the row of that name, once known
	have bool
	kids int
	sums []colSum    // the children's sums, by rule column
	refs []parentRef // the first children's parent cells
	more int         // children beyond refs
}

// rootRow is a row with an empty parent cell.
type rootRow struct {
	num  int
	name string // normalized
	text string
	ref  importer.Ref // its parent cell
}

// parentRef is a child's parent cell, for unknown-parent findings.
type parentRef struct {
	ref  importer.Ref
	text string
}

func init() {
	registerKind(spec.KindInfo{Name: "tree", Fields: []string{"columns"}, NeedsKey: true, NeedsParent: true}, checkTree,
		"tree.sum", "tree.parent", "tree.duplicate", "tree.cycle",
		"tree.incomplete", "tree.roots", "tree.no_root", "tree.limit", "rounding")
}

func checkTree(rc ruleCtx) runner {
	a := &treeAcc{rc: rc, cols: rc.columns(rc.r.Columns), first: newNameIndex(), nodes: map[string]*treeNode{}, spillAfter: rc.spillAfter, maxParents: rc.maxParents}
	if a.maxParents <= 0 {
		a.maxParents = DefaultTreeParents
	}
	return runner{row: a.row, finish: a.finish}
}

func (a *treeAcc) row(r importer.Row) {
	rc := a.rc
	a.rows++
	kv := rc.t.Value(r, rc.sheet.Key)
	k := importer.Normalize(kv.Text)
	pv := rc.t.Value(r, rc.sheet.Parent)
	hasParent := pv.Kind == importer.Text
	p := ""
	if hasParent {
		p = a.parentKey(pv.Text)
	}
	registered, spilled := true, false
	switch {
	case k == "":
		a.emptyRow = r.Num // rows without a name: the last one counts
	case a.spill != nil:
		// whether this is its name's first row is known at the end (settle)
		a.spill.add(k, r.Num, hasParent && p == k)
		spilled = true
	default:
		if firstRow, dup := a.first.add(k, r.Num); dup {
			rc.evaluated()
			rc.fail(rc.ref(kv), "tree.duplicate", args{"row": strconv.Itoa(firstRow)}, "", kv.Text)
			registered = false
		} else if a.spillAfter > 0 && a.first.len() >= a.spillAfter {
			a.startSpill()
		}
	}
	if n := a.nodes[k]; n != nil && registered && !(spilled && n.have) {
		n.row, n.have = r, true // for a spilled name, the first row is checked at the end
	}
	if !hasParent {
		a.roots++
		if len(a.rootRows) <= maxPerRule {
			ref := rc.ref(pv)
			if i := rc.t.Index(rc.sheet.Parent); ref.Col == 0 && i >= 0 {
				ref.Row, ref.Col = r.Num, rc.t.Columns[i].Col
			}
			a.rootRows = append(a.rootRows, rootRow{r.Num, k, kv.Text, ref})
		}
		return
	}
	rc.evaluated()
	if p == k {
		if spilled {
			return // an error if this is the name's first row, a child of it otherwise: see settle
		}
		if registered {
			rc.fail(rc.ref(pv), "tree.parent", args{"col": rc.sheet.Parent}, "", pv.Text)
			return
		}
	}
	a.addChild(p, r, rc.ref(pv), pv.Text)
}

// addChild adds row r to the sums of its parent p; ref and text are its
// parent cell.
func (a *treeAcc) addChild(p string, r importer.Row, ref importer.Ref, text string) {
	n := a.nodes[p]
	if n == nil && len(a.nodes) >= a.maxParents {
		a.overKids++
		return
	}
	if n == nil {
		n = &treeNode{sums: make([]colSum, len(a.cols))}
		a.nodes[p] = n
	}
	n.kids++
	for j, i := range a.cols {
		n.sums[j].add(r.Values[i], a.rc.t.Columns[i].Spec)
	}
	if len(n.refs) < maxPerRule {
		n.refs = append(n.refs, parentRef{ref, text})
	} else {
		n.more++
	}
}

// firstRow returns the row number of name's first row.
func (a *treeAcc) firstRow(name string) (int, bool) {
	switch {
	case name == "":
		return a.emptyRow, a.emptyRow != 0
	case a.firsts != nil:
		num, ok := a.firsts[name]
		return num, ok
	}
	return a.first.get(name)
}

func (a *treeAcc) finish() {
	rc := a.rc
	if a.spill != nil && !a.settle() {
		return
	}
	// Each mistake of the tree is reported whatever the others are.
	a.unknownParents()
	parents := a.parents()
	onCycle := a.cycles(parents)
	a.checkRoots()
	if a.overKids > 0 {
		rc.add(Warning, rc.sheetRef(), "tree.limit", args{"max": numText(decimal.NewFromInt(int64(a.maxParents)), rc.e.lang),
			"n": numText(decimal.NewFromInt(int64(a.overKids)), rc.e.lang), "col": rc.sheet.Parent}, "", "")
	}
	for j, i := range a.cols {
		col := rc.t.Columns[i].Spec
		for _, n := range parents {
			p := n.row.Values[i]
			if p.Kind != importer.Number || onCycle[n] {
				continue // a row on a cycle has no meaningful sum
			}
			if mid, ok := n.sums[j].sum(); ok && mid.Round(max(col.Decimals, -p.Num.Exponent())).Equal(p.Num) {
				rc.evaluated() // agrees exactly: no intervals needed
				continue
			}
			if sum, ok := n.sums[j].interval(); ok {
				rc.checkSum(sum, p, col, "tree.sum", args{"n": strconv.Itoa(n.kids)})
			}
		}
	}
}

// checkRoots reports, for a tree of one root, a sheet without a root row
// and, at its parent cell, every root row beyond the one that others
// belong to (the root with the most children, the first of them on a tie).
func (a *treeAcc) checkRoots() {
	rc := a.rc
	if rc.r.Roots != "one" || a.rows == 0 {
		return
	}
	rc.evaluated()
	if a.roots == 0 {
		rc.fail(rc.sheetRef(), "tree.no_root", args{"col": rc.sheet.Parent}, "1", "0")
		return
	}
	if a.roots == 1 {
		return
	}
	main, most := 0, -1
	for i, r := range a.rootRows {
		kids := 0
		if n := a.nodes[r.name]; n != nil && r.name != "" {
			if first, ok := a.firstRow(r.name); ok && first == r.num {
				kids = n.kids
			}
		}
		if kids >= most { // on a tie the last: a total row usually ends the table

			main, most = i, kids
		}
	}
	root := a.rootRows[main]
	shown := 0
	for i, r := range a.rootRows {
		if i == main || shown == maxPerRule {
			continue
		}
		shown++
		rc.fail(r.ref, "tree.roots", args{"n": strconv.Itoa(a.roots), "root": root.text, "row": strconv.Itoa(root.num), "col": rc.sheet.Parent}, "", "")
	}
	rc.failHiddenOf("tree.roots", a.roots-1-shown)
}

// unknownParents reports every child whose parent name is no row's name.
func (a *treeAcc) unknownParents() {
	var refs []parentRef
	more := 0
	for name, n := range a.nodes {
		if _, ok := a.firstRow(name); !ok {
			refs = append(refs, n.refs...)
			more += n.more
		}
	}
	slices.SortFunc(refs, func(x, y parentRef) int { return cmp.Compare(x.ref.Row, y.ref.Row) })
	for _, u := range refs {
		a.rc.fail(u.ref, "tree.parent", args{"col": a.rc.sheet.Parent}, "", u.text)
	}
	a.rc.failHidden(more)
}

// parents returns the rows that have children, in row order, reading again
// the rows that came before the first child naming them.
func (a *treeAcc) parents() []*treeNode {
	missing := map[int]bool{}
	for name, n := range a.nodes {
		if num, ok := a.firstRow(name); ok && !n.have {
			missing[num] = true
		}
	}
	if len(missing) > 0 {
		rows := a.rc.fetch(missing)
		for name, n := range a.nodes {
			if num, _ := a.firstRow(name); !n.have {
				r, ok := rows[num]
				if !ok {
					continue
				}
				n.row, n.have = r, true
			}
		}
	}
	var out []*treeNode
	for _, n := range a.nodes {
		if n.have {
			out = append(out, n)
		}
	}
	// Each node is the first row of its own name: row numbers are distinct.
	slices.SortFunc(out, func(x, y *treeNode) int { return cmp.Compare(x.row.Num, y.row.Num) })
	return out
}

// parentOf returns the node n's own row names as its parent, if that name
// is a row of the sheet.
func (a *treeAcc) parentOf(n *treeNode) *treeNode {
	pv := a.rc.t.Value(n.row, a.rc.sheet.Parent)
	if pv.Kind != importer.Text {
		return nil
	}
	p := importer.Normalize(pv.Text)
	if num, ok := a.firstRow(p); !ok || num == n.row.Num {
		return nil
	}
	return a.nodes[p]
}

// cycles reports every cycle of parents once, at its first row, naming its
// rows from there. Only rows with children can be on a cycle.
func (a *treeAcc) cycles(parents []*treeNode) map[*treeNode]bool {
	rc := a.rc
	on := map[*treeNode]bool{}
	state := map[*treeNode]uint8{} // 0 unseen, 1 on the current path, 2 done
	for _, start := range parents {
		var path []*treeNode
		n := start
		for n != nil && n.have && state[n] == 0 {
			state[n] = 1
			path = append(path, n)
			n = a.parentOf(n)
		}
		if n != nil && state[n] == 1 { // back on the current path: a cycle
			k := slices.Index(path, n)
			cyc := path[k:]
			m := 0
			for j, c := range cyc {
				if c.row.Num < cyc[m].row.Num {
					m = j
				}
			}
			cyc = append(slices.Clone(cyc[m:]), cyc[:m]...)
			for _, c := range cyc {
				on[c] = true
			}
			rc.evaluated()
			rc.fail(rc.ref(rc.t.Value(cyc[0].row, rc.sheet.Parent)), "tree.cycle",
				args{"path": a.cyclePath(cyc), "col": rc.sheet.Parent}, "", "")
		}
		for _, j := range path {
			state[j] = 2
		}
	}
	return on
}

// cyclePath names the rows of a cycle from its first, and the first
// again: at most maxCycleNames of them, then how many more there are.
func (a *treeAcc) cyclePath(cyc []*treeNode) string {
	rc := a.rc
	var names []string
	for _, c := range cyc[:min(len(cyc), maxCycleNames)] {
		names = append(names, rc.t.Value(c.row, rc.sheet.Key).Text)
	}
	if more := len(cyc) - len(names); more > 0 {
		n := numText(decimal.NewFromInt(int64(more)), rc.e.lang)
		names = append(names, catalog.Fill(rc.e.lang, "tree.cycle.more", "n", n))
	}
	return strings.Join(append(names, names[0]), " → ")
}
