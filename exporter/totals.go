package exporter

import (
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
// run may have hundreds of thousands of keys.
type totalGroup struct {
	label, parent string
	sums          []colSum // by column index in cols, summable columns only
	rows          int
	// depts are the departments that have the key, in run order, with
	// how many of their rows have it.
	depts []deptRows
	// flagged and missing are, by column, the source cells of summed
	// values with an error or warning, and of values that could not be
	// read (left out of the sum); nil until there is one.
	flagged, missing map[int][]string
}

// colSum is the sum of one column of a totalGroup; ok once a value was
// added.
type colSum struct {
	d  decimal.Decimal
	ok bool
}

type deptRows struct {
	name string
	rows int
	sub  *check.Submission
}

// sum is the sum of column i, when any value was added.
func (g *totalGroup) sum(i int) (decimal.Decimal, bool) {
	if i >= len(g.sums) {
		return decimal.Decimal{}, false
	}
	return g.sums[i].d, g.sums[i].ok
}

// maxNoted is how many source cells a total's comment names.
const maxNoted = 6

// totals writes the municipality's totals below the departments' rows: per
// key (post, activity, project), the exact sums of the amount and number
// columns over the submissions that enter the totals, and the columns that
// do not add up (Avvikelse (%), Andel fel) recomputed from those sums with
// the sheet's formula rules.
func (c *consolidated) totals(w *sheetWriter, sh *spec.Sheet, cols []tableColumn, gr *grouper) error {
	groups, order, covered := gr.groups, gr.order, gr.covered
	if len(covered) == 0 {
		return nil
	}
	w.skip()
	w.next(cell{text: catalog.Fill(c.run.Lang, "totals.title", "departments", counted(c.run.Lang, "count.departments", len(covered))), style: c.st.bold, span: true})
	for _, line := range c.coverage(sh, covered) {
		w.next(spanCell(line))
	}
	for _, k := range order {
		g := groups[k]
		values := map[string]decimal.Decimal{}
		for i, tc := range cols {
			if s, ok := g.sum(i); ok && tc.spec.Pattern == "" {
				values[tc.spec.Name] = s
			}
		}
		computed := rules.Compute(c.run.Spec, sh, values)
		cells := make([]cell, 0, len(cols)+2)
		cells = append(cells, textCell(tr(c.run.Lang, "totals.row"), c.st.bold))
		for i, tc := range cols {
			switch {
			case tc.spec.Name == sh.Key:
				cells = append(cells, textCell(g.label, c.st.bold))
			case tc.spec.Name == sh.Parent:
				cells = append(cells, textCell(g.parent, c.st.text))
			case hasSum(g, i) && summable(tc.spec), len(g.missing[i]) > 0:
				sum, _ := g.sum(i)
				cl := c.numberCell(sum, tc.spec, true)
				if !hasSum(g, i) {
					cl = cell{style: cl.style} // every value unreadable: no sum
				}
				cl, err := c.totalMark(cl, g.flagged[i], g.missing[i])
				if err != nil {
					return err
				}
				cells = append(cells, cl)
			case hasKey(computed, tc.spec.Name) && tc.spec.Pattern == "":
				cells = append(cells, c.numberCell(computed[tc.spec.Name], tc.spec, true))
			default:
				cells = append(cells, cell{})
			}
		}
		w.next(append(cells, textCell(c.rowSource(g, len(covered)), c.st.text))...)
	}
	return w.err
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

func hasKey(m map[string]decimal.Decimal, k string) bool { _, ok := m[k]; return ok }

func hasSum(g *totalGroup, i int) bool { _, ok := g.sum(i); return ok }

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
			several = append(several, d.name+" ("+strconv.Itoa(d.rows)+")")
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
	groups  map[string]*totalGroup
	order   []string
	covered []*check.Submission
	// width is the length of a group's sums (the last summable column
	// and 1); key and parent the index of the key and parent columns of
	// the submission being summed
	width, key, parent int
}

func (c *consolidated) newGrouper(sh *spec.Sheet, cols []tableColumn) *grouper {
	g := &grouper{c: c, sh: sh, cols: cols, groups: map[string]*totalGroup{}}
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
	tg := g.groups[k]
	if tg == nil {
		tg = &totalGroup{label: strings.TrimSpace(label), parent: valueAt(row, g.parent).Text, sums: make([]colSum, g.width)}
		g.groups[k] = tg
		g.order = append(g.order, k)
	}
	tg.rows++
	if n := len(tg.depts); n == 0 || tg.depts[n-1].sub != r {
		tg.depts = append(tg.depts, deptRows{name: c.label(r), sub: r})
	}
	tg.depts[len(tg.depts)-1].rows++ // this submission's rows come together
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
			if s := &tg.sums[i]; s.ok {
				s.d = s.d.Add(v.Num)
			} else {
				*s = colSum{v.Num, true} // decimals are immutable: shared, not copied
			}
			if len(c.marks.at[cellOf(r, t, v)]) > 0 {
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
