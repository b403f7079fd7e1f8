package exporter

import (
	"strings"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// totalGroup is the rows of one key across departments.
type totalGroup struct {
	label, parent string
	sums          map[int]decimal.Decimal // by column index in cols
	rows, depts   int
}

// totals writes the municipality's totals below the departments' rows: per
// key (post, activity, project), the exact sums of the amount and number
// columns over the submissions that enter the totals, and the columns that
// do not add up (Avvikelse (%), Andel fel) recomputed from those sums with
// the sheet's formula rules.
func (c *consolidated) totals(w *sheetWriter, sh *spec.Sheet, cols []tableColumn) {
	groups, order, n := c.group(sh, cols)
	if n == 0 {
		return
	}
	w.skip()
	w.next(cell{text: catalog.Fill(c.run.Lang, "totals.title", "departments", counted(c.run.Lang, "count.departments", n)), style: c.st.bold, span: true})
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
			case hasSum(g.sums, i) && summable(tc.spec):
				cells = append(cells, c.numberCell(g.sums[i], tc.spec, true))
			case hasKey(computed, tc.spec.Name) && tc.spec.Pattern == "":
				cells = append(cells, c.numberCell(computed[tc.spec.Name], tc.spec, true))
			default:
				cells = append(cells, cell{})
			}
		}
		src := catalog.Fill(c.run.Lang, "totals.source", "rows", counted(c.run.Lang, "count.summed_rows", g.rows),
			"departments", counted(c.run.Lang, "count.departments", g.depts))
		w.next(append(cells, textCell(src, c.st.text))...)
	}
}

func hasKey(m map[string]decimal.Decimal, k string) bool { _, ok := m[k]; return ok }

func hasSum(m map[int]decimal.Decimal, k int) bool { _, ok := m[k]; return ok }

// summable reports whether a column's figures add up across departments.
func summable(col *importer.Column) bool {
	return col.Type == importer.TypeAmount || col.Type == importer.TypeNumber
}

// group sums the rows of the submissions in the totals by key.
func (c *consolidated) group(sh *spec.Sheet, cols []tableColumn) (map[string]*totalGroup, []string, int) {
	groups := map[string]*totalGroup{}
	var order []string
	n := 0
	for _, r := range c.run.Results {
		t := r.Tables[sh.Name]
		if in, _ := c.run.InTotals(r); !in || t == nil {
			continue
		}
		n++
		seen := map[string]bool{}
		for _, row := range t.Rows {
			label := t.Value(row, sh.Key).Text
			k := importer.Normalize(label)
			if k == "" {
				continue
			}
			g := groups[k]
			if g == nil {
				g = &totalGroup{label: strings.TrimSpace(label), parent: t.Value(row, sh.Parent).Text, sums: map[int]decimal.Decimal{}}
				groups[k] = g
				order = append(order, k)
			}
			g.rows++
			if !seen[k] {
				g.depts++
				seen[k] = true
			}
			for i, tc := range cols {
				if v := tc.value(t, row); v.Kind == importer.Number && summable(tc.spec) {
					g.sums[i] = g.sums[i].Add(v.Num)
				}
			}
		}
	}
	return groups, order, n
}
