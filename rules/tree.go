package rules

import (
	"cmp"
	"slices"
	"strconv"
	"strings"

	"github.com/rapportkoll/rapportkoll/importer"
)

// maxRootNames is how many root rows a tree.roots finding names.
const maxRootNames = 20

// treeAcc checks a tree rule as the sheet's rows arrive. Rows link to
// their parent through the parent column by name; each parent gets the
// running sums of its children, so that no child row is kept. Only the
// rows that are parents are kept (or read again at the end, when a parent
// row came before the first row naming it).
type treeAcc struct {
	rc        ruleCtx
	cols      []int                // table positions of the rule's columns
	first     *nameIndex           // normalized name → row number of its first row
	emptyRow  int                  // the last row without a name, or 0
	nodes     map[string]*treeNode // by the normalized name children give
	rootNames []string             // the first root rows' names
	roots     int
	rows      int
	// A streamed sheet's names go to spill once first holds spillAfter
	// (0: never); at the end, firsts has the first row of each node's name.
	spillAfter int
	spill      *nameSpill
	firsts     map[string]int
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

// parentRef is a child's parent cell, for unknown-parent findings.
type parentRef struct {
	ref  importer.Ref
	text string
}

func checkTree(rc ruleCtx) runner {
	a := &treeAcc{rc: rc, cols: rc.columns(rc.r.Columns), first: newNameIndex(), nodes: map[string]*treeNode{}, spillAfter: rc.spillAfter}
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
		p = importer.Normalize(pv.Text)
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
		if len(a.rootNames) < maxRootNames {
			a.rootNames = append(a.rootNames, kv.Text)
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
	a.unknownParents()
	parents := a.parents()
	if a.cycles(parents) {
		return
	}
	if rc.r.Roots == "one" && a.rows > 0 {
		rc.evaluated()
		if a.roots != 1 {
			names := quoteList(a.rootNames)
			if a.roots > len(a.rootNames) {
				names += ", …"
			}
			rc.fail(rc.sheetRef(), "tree.roots", args{"n": strconv.Itoa(a.roots), "names": names, "col": rc.sheet.Parent}, "1", strconv.Itoa(a.roots))
		}
	}
	for j, i := range a.cols {
		col := rc.t.Columns[i].Spec
		for _, n := range parents {
			p := n.row.Values[i]
			if p.Kind != importer.Number {
				continue
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
func (a *treeAcc) cycles(parents []*treeNode) bool {
	rc := a.rc
	found := false
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
			var names []string
			for _, c := range cyc {
				names = append(names, rc.t.Value(c.row, rc.sheet.Key).Text)
			}
			rc.evaluated()
			rc.fail(rc.ref(rc.t.Value(cyc[0].row, rc.sheet.Parent)), "tree.cycle",
				args{"path": strings.Join(append(names, names[0]), " → "), "col": rc.sheet.Parent}, "", "")
			found = true
		}
		for _, j := range path {
			state[j] = 2
		}
	}
	return found
}
