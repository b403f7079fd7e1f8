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

// totalGroup is the rows of one key across departments.
type totalGroup struct {
	label, parent string
	sums          map[int]decimal.Decimal // by column index in cols
	rows          int
	depts         []string // the departments that have the key, in run order
	perDept       []int    // how many rows of each of depts have it
	// flagged and missing are, by column, the source cells of summed
	// values with an error or warning, and of values that could not be
	// read (left out of the sum).
	flagged, missing map[int][]string
}

// maxNoted is how many source cells a total's comment names.
const maxNoted = 6

// totals writes the municipality's totals below the departments' rows: per
// key (post, activity, project), the exact sums of the amount and number
// columns over the submissions that enter the totals, and the columns that
// do not add up (Avvikelse (%), Andel fel) recomputed from those sums with
// the sheet's formula rules.
func (c *consolidated) totals(w *sheetWriter, sh *spec.Sheet, cols []tableColumn) error {
	groups, order, covered := c.group(sh, cols)
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
			if s, ok := g.sums[i]; ok && tc.spec.Pattern == "" {
				values[tc.spec.Name] = s
			}
		}
		computed := rules.Compute(c.run.Spec, sh, values)
		cells := []cell{textCell(tr(c.run.Lang, "totals.row"), c.st.bold)}
		for i, tc := range cols {
			switch {
			case tc.spec.Name == sh.Key:
				cells = append(cells, textCell(g.label, c.st.bold))
			case tc.spec.Name == sh.Parent:
				cells = append(cells, textCell(g.parent, c.st.text))
			case hasSum(g.sums, i) && summable(tc.spec), len(g.missing[i]) > 0:
				cl := c.numberCell(g.sums[i], tc.spec, true)
				if !hasSum(g.sums, i) {
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

func hasSum(m map[int]decimal.Decimal, k int) bool { _, ok := m[k]; return ok }

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
		parts = append(parts, catalog.Fill(lang, "totals.only_in", "departments", strings.Join(g.depts, ", ")))
	}
	for i, n := range g.perDept {
		if n > 1 {
			several = append(several, g.depts[i]+" ("+strconv.Itoa(n)+")")
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

// group sums the rows of the submissions in the totals by key; covered
// are the submissions in the totals with rows on the sheet.
func (c *consolidated) group(sh *spec.Sheet, cols []tableColumn) (map[string]*totalGroup, []string, []*check.Submission) {
	groups := map[string]*totalGroup{}
	var order []string
	var covered []*check.Submission
	for _, r := range c.run.Results {
		t := r.Tables[sh.Name]
		if in, _ := c.run.InTotals(r); !in || t == nil || len(t.Rows) == 0 {
			continue
		}
		covered = append(covered, r)
		seen := map[string]bool{}
		for _, row := range t.Rows {
			label := t.Value(row, sh.Key).Text
			k := importer.Normalize(label)
			if k == "" {
				continue
			}
			g := groups[k]
			if g == nil {
				g = &totalGroup{label: strings.TrimSpace(label), parent: t.Value(row, sh.Parent).Text, sums: map[int]decimal.Decimal{},
					flagged: map[int][]string{}, missing: map[int][]string{}}
				groups[k] = g
				order = append(order, k)
			}
			g.rows++
			if !seen[k] {
				g.depts = append(g.depts, c.label(r))
				g.perDept = append(g.perDept, 0)
				seen[k] = true
			}
			g.perDept[len(g.perDept)-1]++ // this submission's rows come together
			for i, tc := range cols {
				v := tc.value(t, row)
				if !summable(tc.spec) {
					continue
				}
				at := c.name(r.File) + ": " + t.Sheet + "!" + importer.Ref{Sheet: t.Sheet, Row: int(v.Row), Col: int(v.Col)}.Cell()
				switch {
				case v.Kind == importer.Number:
					g.sums[i] = g.sums[i].Add(v.Num)
					if len(c.marks.at[cellOf(r, t, v)]) > 0 {
						g.flagged[i] = append(g.flagged[i], at)
					}
				case v.Kind == importer.Invalid || v.Kind == importer.Text:
					g.missing[i] = append(g.missing[i], at)
				}
			}
		}
	}
	return groups, order, covered
}
