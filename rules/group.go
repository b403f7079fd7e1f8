package rules

import (
	"slices"
	"strconv"
	"strings"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
)

// GroupMin is how many findings of one rule with one severity on one sheet
// of one file make a group in the lists people read (Findings.Grouped).
const GroupMin = 4

// maxRanges is how many ranges a group's cell text names before it says
// how many more there are.
const maxRanges = 8

// A Group is one line of a list people read: a single finding, or a
// repeated finding of one rule with one severity on one sheet, its cells
// given as ranges ("B4:E8, C10"). Every member keeps its own cell, message
// and values: the report JSON and the marks in a feedback workbook use the
// members, never the group.
type Group struct {
	Finding          // the first member, with the group's message when Count > 1
	Count   int      // how many members; 1 for a single finding
	Cells   string   // the members' cells as ranges; Ref.Cell() when Count is 1
	Members Findings // the findings grouped, in the order given
}

// Grouped collects fs (sorted with Sort) into the lines of a list. A rule's
// findings at cells with one severity on one sheet of one file make one
// group when there are at least GroupMin of them; errors and warnings only
// when the rule has a group text in the catalogue (its messages differ
// only by the cell's value), since each one's own expected and stated
// values matter. A finding of a whole sheet (such as "N more findings not
// shown") is never grouped. The groups keep the order of their first
// members.
func (fs Findings) Grouped(lang Lang) []Group {
	type key struct {
		file, sheet, rule string
		sev               Severity
	}
	count := map[key]int{}
	for _, f := range fs {
		if f.Ref.Row > 0 {
			count[key{f.Ref.File, f.Ref.Sheet, f.Rule, f.Severity}]++
		}
	}
	grouped := func(f Finding, k key) bool {
		if count[k] < GroupMin || k.sheet == "" || f.Ref.Row <= 0 {
			return false
		}
		return k.sev == Info || catalog.Has(groupKey(k.rule))
	}
	out := make([]Group, 0, len(fs))
	at := map[key]int{}
	for _, f := range fs {
		k := key{f.Ref.File, f.Ref.Sheet, f.Rule, f.Severity}
		if !grouped(f, k) {
			out = append(out, Group{Finding: f, Count: 1, Cells: f.Ref.Cell(), Members: Findings{f}})
			continue
		}
		if i, ok := at[k]; ok {
			out[i].Members = append(out[i].Members, f)
			continue
		}
		at[k] = len(out)
		out = append(out, Group{Finding: f, Members: Findings{f}})
	}
	for i := range out {
		g := &out[i]
		if len(g.Members) == 1 {
			continue
		}
		g.Count = len(g.Members)
		g.Cells = Ranges(g.Members, lang)
		g.Message = groupMessage(g, lang)
		g.Expected, g.Actual = "", ""
	}
	return out
}

func groupKey(rule string) string { return "group." + rule }

// groupMessage is the rule's group text with the count and cells filled
// in, or the general one that quotes the first member's message.
func groupMessage(g *Group, lang Lang) string {
	n := strconv.Itoa(g.Count)
	if catalog.Has(groupKey(g.Rule)) {
		return catalog.Fill(lang, groupKey(g.Rule), "n", n, "cells", g.Cells)
	}
	return catalog.Fill(lang, "group.generic", "n", n, "cells", g.Cells,
		"cell", g.Ref.Cell(), "message", g.Members[0].Message)
}

// Ranges gives the cells of fs as A1 ranges, rectangles where the cells
// fill one ("B4:E8, C10, A12:A14"), whole rows as "4:6"; at most a few
// ranges, then how many more cells there are. The order is by row, then
// column, of each range's first cell.
func Ranges(fs Findings, lang Lang) string {
	cells := map[[2]int]bool{}
	rows := map[int]bool{}
	for _, f := range fs {
		switch {
		case f.Ref.Row > 0 && f.Ref.Col > 0:
			cells[[2]int{f.Ref.Row, f.Ref.Col}] = true
		case f.Ref.Row > 0:
			rows[f.Ref.Row] = true
		}
	}
	type rect struct{ r1, c1, r2, c2 int }
	var rects []rect
	// Runs of columns per row, then runs of equal spans down the rows.
	keys := make([][2]int, 0, len(cells))
	for k := range cells {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(a, b [2]int) int {
		if a[0] != b[0] {
			return a[0] - b[0]
		}
		return a[1] - b[1]
	})
	open := map[[2]int]int{} // column span → index of the rect ending on the row above
	var runs []rect
	for i := 0; i < len(keys); {
		j := i
		for j+1 < len(keys) && keys[j+1][0] == keys[i][0] && keys[j+1][1] == keys[j][1]+1 {
			j++
		}
		runs = append(runs, rect{keys[i][0], keys[i][1], keys[i][0], keys[j][1]})
		i = j + 1
	}
	for _, r := range runs {
		span := [2]int{r.c1, r.c2}
		if k, ok := open[span]; ok && rects[k].r2 == r.r1-1 {
			rects[k].r2 = r.r1
			continue
		}
		open[span] = len(rects)
		rects = append(rects, r)
	}
	rowList := make([]int, 0, len(rows))
	for r := range rows {
		rowList = append(rowList, r)
	}
	slices.Sort(rowList)
	for i := 0; i < len(rowList); {
		j := i
		for j+1 < len(rowList) && rowList[j+1] == rowList[j]+1 {
			j++
		}
		rects = append(rects, rect{rowList[i], 0, rowList[j], 0})
		i = j + 1
	}
	slices.SortStableFunc(rects, func(a, b rect) int {
		if a.r1 != b.r1 {
			return a.r1 - b.r1
		}
		return a.c1 - b.c1
	})
	parts := make([]string, 0, min(len(rects), maxRanges+1))
	left := 0
	for i, r := range rects {
		if i >= maxRanges {
			left += (r.r2 - r.r1 + 1) * max(r.c2-r.c1+1, 1)
			continue
		}
		a := importer.Ref{Sheet: "x", Row: r.r1, Col: r.c1}.Cell()
		b := importer.Ref{Sheet: "x", Row: r.r2, Col: r.c2}.Cell()
		if a == b {
			parts = append(parts, a)
		} else {
			parts = append(parts, a+":"+b)
		}
	}
	s := strings.Join(parts, ", ")
	if left > 0 {
		s += " " + catalog.Fill(lang, "group.more", "n", strconv.Itoa(left))
	}
	return s
}
