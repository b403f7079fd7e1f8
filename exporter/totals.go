package exporter

import (
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// totalGroup is the rows of one key across departments, kept small: a
// run may have hundreds of thousands of keys. Its sums are in its
// grouper's arena, from at on.
type totalGroup struct {
	label, parent string
	at            int32
	rows          int32
	// depts are the departments that have the key, in run order, with
	// how many of their rows have it.
	depts []deptRows
	// flagged and missing are, by column, the source cells of summed
	// values with an error or warning, and of values that could not be
	// read (left out of the sum); nil until there is one.
	flagged, missing map[int][]string
}

type deptRows struct {
	name string
	rows int32
	sub  int32 // the index of the submission in the grouper's covered
}

// colSum is the exact sum of one column of a totalGroup, without
// pointers (the arena of a run of 250,000 keys is not scanned by the
// garbage collector): the coefficient n at exponent exp while it fits an
// int64, else (state sumBig) a decimal kept in the grouper's bigs.
type colSum struct {
	n     int64
	exp   int32
	state uint8
}

const (
	sumNone uint8 = iota
	sumInt
	sumBig
)

// maxNoted is how many source cells a total's comment names.
const maxNoted = 6

// totals writes the municipality's totals below the departments' rows: per
// key (post, activity, project), the exact sums of the amount and number
// columns over the submissions that enter the totals, and the columns that
// do not add up (Avvikelse (%), Andel fel) recomputed from those sums with
// the sheet's formula rules.
func (c *consolidated) totals(w *sheetWriter, sh *spec.Sheet, cols []tableColumn, gr *grouper) error {
	covered := gr.covered
	if len(covered) == 0 {
		return nil
	}
	w.skip()
	w.next(cell{text: catalog.Fill(c.run.Lang, "totals.title", "departments", counted(c.run.Lang, "count.departments", len(covered))), style: c.st.bold, span: true})
	for _, line := range c.coverage(sh, covered) {
		w.next(spanCell(line))
	}
	// The sums and the figures computed from them (rules.Compute, the
	// costly part) are made on a goroutine of their own, a batch ahead
	// of the rows written here.
	calcs := make(chan []totalCalc, 4)
	stop := make(chan struct{})
	defer close(stop)
	go gr.calculate(calcs, stop)
	n := 0
	for batch := range calcs {
		for _, tc := range batch {
			if err := c.totalRow(w, sh, cols, &gr.groups[n], tc, len(covered)); err != nil {
				return err
			}
			n++
		}
	}
	return w.err
}

// totalCalc is what a total row states of its group: the sums by column
// (ok where any value was summed) and the figures computed from them, by
// column (computedOK where computed).
type totalCalc struct {
	sums, computed []decimal.Decimal
	ok, computedOK []bool
}

// calculate sends the totalCalc of every group, in order, in batches,
// and closes out; it ends early when stop is closed.
func (g *grouper) calculate(out chan<- []totalCalc, stop <-chan struct{}) {
	defer close(out)
	const batchSize = 256
	comp := rules.NewComputer(g.c.run.Spec, g.sh)
	// where each column's computed figure is among comp's
	at := make([]int, len(g.cols))
	for i, col := range g.cols {
		at[i] = slices.Index(comp.Columns(), col.spec.Name)
	}
	got, gotOK := make([]decimal.Decimal, len(comp.Columns())), make([]bool, len(comp.Columns()))
	values := map[string]decimal.Decimal{}
	w := len(g.cols)
	for start := 0; start < len(g.groups); start += batchSize {
		size := min(batchSize, len(g.groups)-start)
		// one allocation of each kind for the batch
		figures, flags := make([]decimal.Decimal, 2*size*w), make([]bool, 2*size*w)
		batch := make([]totalCalc, size)
		for k := range batch {
			tg := &g.groups[start+k]
			tc := totalCalc{
				sums: figures[2*k*w : (2*k+1)*w], computed: figures[(2*k+1)*w : (2*k+2)*w],
				ok: flags[2*k*w : (2*k+1)*w], computedOK: flags[(2*k+1)*w : (2*k+2)*w],
			}
			clear(values)
			for i, col := range g.cols {
				tc.sums[i], tc.ok[i] = g.groupSum(tg, i)
				if tc.ok[i] && col.spec.Pattern == "" {
					values[col.spec.Name] = tc.sums[i]
				}
			}
			comp.Compute(values, got, gotOK)
			for i, j := range at {
				if j >= 0 && gotOK[j] {
					tc.computed[i], tc.computedOK[i] = got[j], true
				}
			}
			batch[k] = tc
		}
		select {
		case out <- batch:
		case <-stop:
			return
		}
	}
}

// totalRow writes the total row of group g.
func (c *consolidated) totalRow(w *sheetWriter, sh *spec.Sheet, cols []tableColumn, g *totalGroup, calc totalCalc, covered int) error {
	cells := append(c.cells[:0], textCell(tr(c.run.Lang, "totals.row"), c.st.bold))
	defer func() { c.cells = cells[:0] }()
	for i, tc := range cols {
		switch {
		case tc.spec.Name == sh.Key:
			cells = append(cells, textCell(g.label, c.st.bold))
		case tc.spec.Name == sh.Parent:
			cells = append(cells, textCell(g.parent, c.st.text))
		case calc.ok[i] && summable(tc.spec), len(g.missing[i]) > 0:
			cl := c.numberCell(calc.sums[i], tc.spec, true)
			if !calc.ok[i] {
				cl = cell{style: cl.style} // every value unreadable: no sum
			}
			cl, err := c.totalMark(cl, g.flagged[i], g.missing[i])
			if err != nil {
				return err
			}
			cells = append(cells, cl)
		case calc.computedOK[i] && tc.spec.Pattern == "":
			cells = append(cells, c.numberCell(calc.computed[i], tc.spec, true))
		default:
			cells = append(cells, cell{})
		}
	}
	w.next(append(cells, textCell(c.rowSource(g, covered), c.st.text))...)
	return nil
}

// totalMark marks a total that sums figures with errors or warnings
// (yellow) or lacks figures that could not be read (red), with a comment
// naming their source cells.
func (c *consolidated) totalMark(cl cell, flagged, missing []string) (cell, error) {
	if len(flagged) == 0 && len(missing) == 0 {
		return cl, nil
	}
	lang := c.run.Lang
	var lines []string
	sev := rules.Warning
	if len(missing) > 0 {
		sev = rules.Error
		lines = append(lines, catalog.Fill(lang, "totals.mark.missing", "cells", noted(missing)))
	}
	if len(flagged) > 0 {
		lines = append(lines, catalog.Fill(lang, "totals.mark.flagged", "cells", noted(flagged)))
	}
	st, err := c.marks.style(cl.style, sev)
	if err != nil {
		return cl, err
	}
	cl.style = st
	if c.marks.comments >= maxComments {
		c.marks.uncommented++
		return cl, nil
	}
	c.marks.comments++
	cl.comment = strings.Join(lines, "\n\n")
	return cl, nil
}

// noted lists at most maxNoted source cells, then "…".
func noted(cells []string) string {
	if len(cells) > maxNoted {
		return strings.Join(cells[:maxNoted], ", ") + ", …"
	}
	return strings.Join(cells, ", ")
}

// summable reports whether a column's figures add up across departments.
func summable(col *importer.Column) bool {
	return col.Type == importer.TypeAmount || col.Type == importer.TypeNumber
}

// rowSource says what a total row sums when that is not simply one row of
// every department covered: which departments have the key (when not
// all), and which have it on several rows and how many. "" when there is
// nothing to say.
func (c *consolidated) rowSource(g *totalGroup, covered int) string {
	lang := c.run.Lang
	var parts, several []string
	if len(g.depts) < covered {
		names := make([]string, len(g.depts))
		for i, d := range g.depts {
			names[i] = d.name
		}
		parts = append(parts, catalog.Fill(lang, "totals.only_in", "departments", strings.Join(names, ", ")))
	}
	for _, d := range g.depts {
		if d.rows > 1 {
			several = append(several, d.name+" ("+strconv.Itoa(int(d.rows))+")")
		}
	}
	if len(several) > 0 {
		parts = append(parts, catalog.Fill(lang, "totals.several_rows", "departments", strings.Join(several, ", ")))
	}
	return strings.Join(parts, "; ")
}

// coverage is the statement at the top of a totals block: the
// departments it covers, those rejected but included, and every other
// submission left out with why (grouped by reason).
func (c *consolidated) coverage(sh *spec.Sheet, covered []*check.Submission) []string {
	lang := c.run.Lang
	var names, rejected []string
	in := map[*check.Submission]bool{}
	for _, r := range covered {
		in[r] = true
		names = append(names, c.label(r))
		if r.Status == rules.Rejected {
			rejected = append(rejected, c.label(r))
		}
	}
	lines := []string{catalog.Fill(lang, "totals.covers", "departments", strings.Join(names, ", "))}
	var reasons []string
	byReason := map[string][]string{}
	for _, r := range c.run.Results {
		if in[r] {
			continue
		}
		why := tr(lang, "totals.not_on_sheet")
		if ok, reason := c.run.InTotals(r); !ok {
			why = reason
			if c.run.Strict && r.Status == rules.Rejected {
				why = tr(lang, "totals.reason.strict") // without the parentheses of Översikt's
			}
		}
		if byReason[why] == nil {
			reasons = append(reasons, why)
		}
		byReason[why] = append(byReason[why], c.label(r))
	}
	if len(reasons) > 0 {
		parts := make([]string, 0, len(reasons))
		for _, why := range reasons {
			parts = append(parts, strings.Join(byReason[why], ", ")+" ("+why+")")
		}
		lines = append(lines, catalog.Fill(lang, "totals.left_out", "list", strings.Join(parts, "; ")))
	}
	if len(rejected) > 0 {
		lines = append(lines, catalog.Fill(lang, "totals.with_errors", "departments", strings.Join(rejected, ", ")))
	}
	return lines
}

// label names a submission in a statement: its department, or its file
// when it names none.
func (c *consolidated) label(r *check.Submission) string {
	if d := strings.TrimSpace(r.Department); d != "" {
		return d
	}
	return c.name(r.File)
}

// grouper sums the rows of the submissions in the totals by key as they
// are written; covered are the submissions in the totals with rows on the
// sheet.
type grouper struct {
	c       *consolidated
	sh      *spec.Sheet
	cols    []tableColumn
	groups  []totalGroup     // in the order their keys first appear
	index   map[string]int32 // by normalised key
	sums    []colSum         // width per group
	bigs    map[int32]decimal.Decimal
	parents map[string]string // one copy of each parent's text
	// deptSlab holds the first deptRows of groups, a block at a time
	deptSlab []deptRows
	covered  []*check.Submission
	// width is the number of sums of a group (up to the last summable
	// column); key and parent the index of the key and parent columns of
	// the submission being summed
	width, key, parent int
}

func (c *consolidated) newGrouper(sh *spec.Sheet, cols []tableColumn) *grouper {
	g := &grouper{c: c, sh: sh, cols: cols, index: map[string]int32{}, bigs: map[int32]decimal.Decimal{}, parents: map[string]string{}}
	for i, tc := range cols {
		if summable(tc.spec) {
			g.width = i + 1
		}
	}
	return g
}

// begin starts the rows of submission r's table t and reports whether
// they are summed.
func (g *grouper) begin(r *check.Submission, t *importer.Table) bool {
	if in, _ := g.c.run.InTotals(r); !in || r.RowCount(g.sh.Name) == 0 {
		return false
	}
	g.covered = append(g.covered, r)
	g.key, g.parent = t.Index(g.sh.Key), t.Index(g.sh.Parent)
	// room for a group per row, made once rather than by doubling
	n := r.RowCount(g.sh.Name)
	if len(g.groups) == 0 {
		g.index = make(map[string]int32, n) // a map grown by doubling was a third of add's time
	}
	g.groups = slices.Grow(g.groups, n)
	g.sums = slices.Grow(g.sums, n*g.width)
	return true
}

// add sums one row of the submission begun; at is columnIndex(t, cols).
func (g *grouper) add(r *check.Submission, t *importer.Table, at []int, row importer.Row) {
	c := g.c
	label := valueAt(row, g.key).Text
	k := importer.Normalize(label)
	if k == "" {
		return
	}
	n, ok := g.index[k]
	if !ok {
		parent := valueAt(row, g.parent).Text
		if p, ok := g.parents[parent]; ok {
			parent = p
		} else {
			g.parents[parent] = parent
		}
		n = int32(len(g.groups))
		g.index[k] = n
		g.groups = append(g.groups, totalGroup{label: strings.TrimSpace(label), parent: parent, at: int32(len(g.sums))})
		g.sums = append(g.sums, make([]colSum, g.width)...)
	}
	tg := &g.groups[n]
	tg.rows++
	sub := int32(len(g.covered) - 1)
	switch d := len(tg.depts); {
	case d == 0:
		// a key's first department, from a slab: of 250,000 keys most
		// are in one department, and each had an allocation of its own
		if len(g.deptSlab) == cap(g.deptSlab) {
			g.deptSlab = make([]deptRows, 0, 1024)
		}
		g.deptSlab = append(g.deptSlab, deptRows{name: c.label(r), sub: sub})
		n := len(g.deptSlab)
		tg.depts = g.deptSlab[n-1 : n : n] // a second department moves it
	case tg.depts[d-1].sub != sub:
		tg.depts = append(tg.depts, deptRows{name: c.label(r), sub: sub})
	}
	tg.depts[len(tg.depts)-1].rows++ // this submission's rows come together
	marked := c.marks.onSheet(r, t.Sheet)
	for i, tc := range g.cols {
		if !summable(tc.spec) {
			continue
		}
		v := valueAt(row, at[i])
		at := func() string {
			return c.name(r.File) + ": " + t.Sheet + "!" + importer.Ref{Sheet: t.Sheet, Row: int(v.Row), Col: int(v.Col)}.Cell()
		}
		switch {
		case v.Kind == importer.Number:
			g.addSum(tg.at+int32(i), v.Num)
			if marked && len(c.marks.at[cellOf(r, t, v)]) > 0 {
				if tg.flagged == nil {
					tg.flagged = map[int][]string{}
				}
				tg.flagged[i] = append(tg.flagged[i], at())
			}
		case v.Kind == importer.Invalid || v.Kind == importer.Text:
			if tg.missing == nil {
				tg.missing = map[int][]string{}
			}
			tg.missing[i] = append(tg.missing[i], at())
		}
	}
}

// addSum adds d to sum j of the arena, exactly: as decimal.Zero.Add(d)
// and then .Add for each further value would, in an int64 while the
// coefficients fit and share the exponent.
func (g *grouper) addSum(j int32, d decimal.Decimal) {
	s := &g.sums[j]
	small := d.Exponent() <= 0 && d.NumDigits() <= 18
	switch {
	case s.state == sumNone && small:
		*s = colSum{n: d.CoefficientInt64(), exp: d.Exponent(), state: sumInt}
		return
	case s.state == sumInt && small && d.Exponent() == s.exp:
		c := d.CoefficientInt64()
		if sum := s.n + c; (c >= 0) == (sum >= s.n) { // no overflow
			s.n = sum
			return
		}
	}
	g.bigs[j] = g.sum(j).Add(d)
	s.state = sumBig
}

// sum is sum j of the arena (zero when none was added).
func (g *grouper) sum(j int32) decimal.Decimal {
	switch g.sums[j].state {
	case sumInt:
		return decimal.New(g.sums[j].n, g.sums[j].exp)
	case sumBig:
		return g.bigs[j]
	}
	return decimal.Zero
}

// groupSum is the sum of column i of group tg, when any value was added.
func (g *grouper) groupSum(tg *totalGroup, i int) (decimal.Decimal, bool) {
	if i >= g.width {
		return decimal.Decimal{}, false
	}
	j := tg.at + int32(i)
	return g.sum(j), g.sums[j].state != sumNone
}
