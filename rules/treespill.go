package rules

import (
	"cmp"
	"slices"
	"strconv"

	"github.com/rapportkoll/rapportkoll/importer"
)

// DefaultTreeNamesInMemory is how many names a tree rule of a streamed
// sheet keeps in memory (some 35 bytes each) before it moves them to a
// temporary file, so that a sheet's rows cost no memory however many
// there are.
const DefaultTreeNamesInMemory = 100_000

// startSpill moves the names to a temporary file. Without one, they stay
// in memory.
func (a *treeAcc) startSpill() {
	s, err := newNameSpill(a.rc.spill)
	if err != nil {
		a.spillAfter = 0
		return
	}
	a.first.each(func(name []byte, row int) { s.add(string(name), row, false) })
	a.first, a.spill = nil, s
}

// treeEvent is a finding of a row's check that a spilled tree can only
// make at the end: a duplicate name (first is the name's first row) or a
// row naming itself as its parent (first is 0).
type treeEvent struct{ row, first int }

// settle ends a tree whose names went to a temporary file. It finds each
// name's first row, one partition at a time; reports the duplicates and
// the first rows naming themselves as parent, in row order, as the check
// of each row would have; adds the later rows naming themselves as parent
// to their name's children; and lets parents read again the first row of
// a name whose node has a later row. false means the file failed, which
// is reported.
func (a *treeAcc) settle() bool {
	rc := a.rc
	defer a.spill.close()
	a.firsts = map[string]int{}
	var events []treeEvent
	var dupSelf []int
	dups, hidden := 0, 0
	byRow := func(x, y treeEvent) int { return cmp.Compare(x.row, y.row) }
	keep := func(e treeEvent) { // only the first maxPerRule can be shown
		events = append(events, e)
		if len(events) >= 4*maxPerRule {
			slices.SortFunc(events, byRow)
			hidden += len(events) - maxPerRule
			events = events[:maxPerRule]
		}
	}
	for p := range spillParts {
		seen := newNameIndex()
		err := a.spill.partition(p, func(name []byte, row int, self bool) {
			first, dup := seen.add(string(name), row)
			switch {
			case dup:
				dups++
				keep(treeEvent{row, first})
				if self {
					dupSelf = append(dupSelf, row)
					if k := string(name); a.nodes[k] == nil {
						a.nodes[k] = &treeNode{sums: make([]colSum, len(a.cols))}
					}
				}
			case self:
				keep(treeEvent{row, 0})
			}
		})
		if err != nil {
			rc.add(Error, rc.sheetRef(), "tree.incomplete", args{"col": rc.sheet.Parent}, "", err.Error())
			return false
		}
		seen.each(func(name []byte, row int) {
			if a.nodes[string(name)] != nil {
				a.firsts[string(name)] = row
			}
		})
	}
	for name, n := range a.nodes {
		if first, ok := a.firsts[name]; ok && n.have && n.row.Num != first {
			n.row, n.have = importer.Row{}, false // a later row of the name: parents reads the first
		}
	}
	slices.SortFunc(events, byRow)
	if len(events) > maxPerRule {
		hidden += len(events) - maxPerRule
		events = events[:maxPerRule]
	}
	nums := map[int]bool{}
	for _, e := range events {
		nums[e.row] = true
	}
	for _, num := range dupSelf {
		nums[num] = true
	}
	var rows map[int]importer.Row
	if len(nums) > 0 {
		rows = rc.fetch(nums)
	}
	rc.e.checks[rc.r.ID].Evaluated += dups
	for _, e := range events {
		r, ok := rows[e.row]
		if !ok {
			hidden++
			continue
		}
		if e.first > 0 {
			kv := rc.t.Value(r, rc.sheet.Key)
			rc.fail(rc.ref(kv), "tree.duplicate", args{"row": strconv.Itoa(e.first)}, "", kv.Text)
		} else {
			pv := rc.t.Value(r, rc.sheet.Parent)
			rc.fail(rc.ref(pv), "tree.parent", args{"col": rc.sheet.Parent}, "", pv.Text)
		}
	}
	rc.failHidden(hidden)
	slices.Sort(dupSelf)
	for _, num := range dupSelf {
		if r, ok := rows[num]; ok {
			pv := rc.t.Value(r, rc.sheet.Parent)
			a.addChild(importer.Normalize(pv.Text), r, rc.ref(pv), pv.Text)
		}
	}
	return true
}
