package exporter

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// overviewSheet is the name of Sammanställning's first sheet.
const overviewSheet = "Översikt"

// overviewFixed is how many columns of Översikt come before the spec's
// figures (nämnd, fil, period, status, fel, varningar, info, i totaler).
const overviewFixed = 8

// overview writes Översikt: one row per submission, those in the totals
// with figures first (the charts' range), each status coloured and its
// figures marked; below the table the municipality's total row, the
// statement of what the totals cover, and the charts.
func (c *consolidated) overview() error {
	w := newSheetWriter(c.f, overviewSheet)
	lang, h := c.run.Lang, c.st.header
	header := []cell{textCell(tr(lang, "head.department"), h), textCell(tr(lang, "head.file"), h), textCell(tr(lang, "head.period"), h), textCell(tr(lang, "head.status"), h),
		textCell(tr(lang, "head.errors"), h), textCell(tr(lang, "head.warnings"), h), textCell(tr(lang, "head.info"), h), textCell(tr(lang, "head.in_totals"), h)}
	for _, col := range c.run.Spec.Overview.Columns {
		label := col.Label
		if label == "" {
			label = col.Column
		}
		header = append(header, textCell(label, h))
	}
	w.next(header...)
	rows, charted := c.overviewOrder()
	for _, r := range rows {
		cells, err := c.overviewRow(r)
		if err != nil {
			return err
		}
		w.next(cells...)
	}
	if err := w.finish(1, len(header)); err != nil {
		return err
	}
	if err := c.overviewTotal(w); err != nil {
		return err
	}
	w.skip()
	key := "totals.default"
	if c.run.Strict {
		key = "totals.default.strict"
	}
	w.next(spanCell(tr(lang, key)))
	w.skip()
	if err := c.charts(w, charted); err != nil {
		return err
	}
	if w.err != nil {
		return w.err
	}
	return setDimension(c.f, overviewSheet, w.maxCol, w.row)
}

// overviewOrder returns the submissions in Översikt's order: those in the
// totals that have figures first, then the others, each in the run's
// order; charted is how many come first.
func (c *consolidated) overviewOrder() (rows []*check.Submission, charted int) {
	var rest []*check.Submission
	for _, r := range c.run.Results {
		if in, _ := c.run.InTotals(r); in && c.rootRow(r) != nil {
			rows = append(rows, r)
		} else {
			rest = append(rest, r)
		}
	}
	return append(rows, rest...), len(rows)
}

func (c *consolidated) overviewRow(r *check.Submission) ([]cell, error) {
	lang := c.run.Lang
	in, why := c.run.InTotals(r)
	inText := tr(lang, "in_totals.yes")
	switch {
	case !in:
		inText = catalog.Fill(lang, "in_totals.no", "why", why)
	case r.Status == rules.Rejected:
		inText = tr(lang, "in_totals.yes_errors")
	}
	status := textCell(statusWord(r.Status, lang), c.st.text)
	if id, ok := c.status[r.Status]; ok {
		status.style = id
	}
	cells := []cell{
		textCell(r.Department, c.st.text), textCell(c.name(r.File), c.st.text), textCell(r.Period, c.st.text), status,
		numCell(decimal.NewFromInt(int64(r.Findings.Count(rules.Error))), 0),
		numCell(decimal.NewFromInt(int64(r.Findings.Count(rules.Warning))), 0),
		numCell(decimal.NewFromInt(int64(r.Findings.Count(rules.Info))), 0),
		textCell(inText, c.st.text),
	}
	figures, err := c.overviewFigures(r)
	return append(cells, figures...), err
}

// rootRow is a submission's root row of the overview's sheet, when it has
// exactly one, or nil (findRoots).
func (c *consolidated) rootRow(r *check.Submission) *importer.Row { return c.roots[r] }

// findRoots finds every submission's root row of the overview's sheet
// once: its rows may be in a spool, read in full to find it.
func (c *consolidated) findRoots() error {
	c.roots = map[*check.Submission]*importer.Row{}
	sh := c.run.Spec.Sheet(c.run.Spec.Overview.Sheet)
	if sh == nil || sh.Parent == "" {
		return nil
	}
	several := errors.New("several roots")
	for _, r := range c.run.Results {
		t := r.Tables[sh.Name]
		if t == nil {
			continue
		}
		if roots, ok := r.Roots(sh.Name); ok { // a spooled sheet's, known without reading it
			if len(roots) == 1 {
				c.roots[r] = &roots[0]
			}
			continue
		}
		var root *importer.Row
		err := r.EachRow(sh.Name, func(row importer.Row) error {
			if t.Value(row, sh.Parent).Kind == importer.Empty {
				if root != nil {
					return several
				}
				root = &row
			}
			return nil
		})
		switch {
		case errors.Is(err, several):
		case err != nil:
			return err
		default:
			c.roots[r] = root
		}
	}
	return nil
}

// overviewFigures returns the cells of the overview's columns (the spec's
// Overview: Drift's Budget, Utfall, Avvikelse and Avvikelse (%) in the
// default) from a submission's root row of that sheet, when it has
// exactly one, marked where the source cell has findings.
func (c *consolidated) overviewFigures(r *check.Submission) ([]cell, error) {
	root := c.rootRow(r)
	if root == nil {
		return nil, nil
	}
	sh := c.run.Spec.Sheet(c.run.Spec.Overview.Sheet)
	t := r.Tables[sh.Name]
	var out []cell
	for _, oc := range c.run.Spec.Overview.Columns {
		v := t.Value(*root, oc.Column)
		col := sh.Column(oc.Column)
		if col == nil {
			out = append(out, cell{})
			continue
		}
		cl, err := c.marks.mark(c.valueCell(v, col, false), cellOf(r, t, v))
		if err != nil {
			return nil, err
		}
		out = append(out, cl)
	}
	return out, nil
}

// overviewTotal writes, below the table, the municipality's total of the
// overview's figures over the submissions in the totals: amounts summed
// exactly, the other figures (Avvikelse (%)) computed from the sums by the
// sheet's formula rules.
func (c *consolidated) overviewTotal(w *sheetWriter) error {
	sh := c.run.Spec.Sheet(c.run.Spec.Overview.Sheet)
	if sh == nil || len(c.run.Spec.Overview.Columns) == 0 {
		return nil
	}
	sums := map[string]decimal.Decimal{}
	// missing are, per column, the departments in the totals whose figure
	// is not in the sum (no single row for the whole department, or a
	// figure that could not be read): the sum is marked and the figures
	// computed from incomplete sums are left empty.
	missing := map[string][]string{}
	var noRoot []string
	n := 0
	for _, r := range c.run.Results {
		if in, _ := c.run.InTotals(r); !in {
			continue
		}
		n++
		root := c.rootRow(r)
		if root == nil {
			noRoot = append(noRoot, Printable(r.Department))
		}
		t := r.Tables[sh.Name]
		for _, oc := range c.run.Spec.Overview.Columns {
			col := sh.Column(oc.Column)
			if col == nil || !summable(col) {
				continue
			}
			if root == nil || t == nil {
				missing[oc.Column] = append(missing[oc.Column], Printable(r.Department))
				continue
			}
			if v := t.Value(*root, oc.Column); v.Kind == importer.Number {
				sums[oc.Column] = sums[oc.Column].Add(v.Num)
			} else {
				missing[oc.Column] = append(missing[oc.Column], Printable(r.Department))
			}
		}
	}
	if n == 0 || len(noRoot) == n {
		return nil
	}
	complete := map[string]decimal.Decimal{}
	for k, v := range sums {
		if len(missing[k]) == 0 {
			complete[k] = v
		}
	}
	computed := rules.Compute(c.run.Spec, sh, complete)
	covers := catalog.Fill(c.run.Lang, "overview.total.covers", "n", strconv.Itoa(n-len(noRoot)))
	if len(noRoot) > 0 {
		covers += "; " + catalog.Fill(c.run.Lang, "overview.total.no_root", "sheet", sh.Name, "departments", strings.Join(noRoot, ", "))
	}
	cells := []cell{textCell(tr(c.run.Lang, "overview.total"), c.st.bold), textCell(covers, c.st.text)}
	for len(cells) < overviewFixed {
		cells = append(cells, cell{})
	}
	for _, oc := range c.run.Spec.Overview.Columns {
		col := sh.Column(oc.Column)
		switch {
		case col != nil && summable(col) && hasKey(sums, oc.Column):
			cl, err := c.totalMark(c.numberCell(sums[oc.Column], col, true), nil, missing[oc.Column])
			if err != nil {
				return err
			}
			cells = append(cells, cl)
		case col != nil && hasKey(computed, oc.Column):
			cells = append(cells, c.numberCell(computed[oc.Column], col, true))
		default:
			cells = append(cells, cell{})
		}
	}
	w.skip()
	w.next(cells...)
	return nil
}

// charts adds to Översikt, below what w wrote, two native charts built
// from its cells (so they follow edits) side by side: the overview's
// amounts that are stated (budget against outcome) as clustered columns,
// and those computed by a formula rule (the deviation) as bars, for the
// first n rows.
func (c *consolidated) charts(w *sheetWriter, n int) error {
	sh := c.run.Spec.Sheet(c.run.Spec.Overview.Sheet)
	if sh == nil || n == 0 {
		return nil
	}
	var stated, derived []excelize.ChartSeries
	for i, oc := range c.run.Spec.Overview.Columns {
		col := sh.Column(oc.Column)
		if col == nil || col.Type != importer.TypeAmount {
			continue
		}
		name, _ := excelize.ColumnNumberToName(overviewFixed + 1 + i)
		s := excelize.ChartSeries{
			Name:       fmt.Sprintf("'%s'!$%s$1", overviewSheet, name),
			Categories: fmt.Sprintf("'%s'!$A$2:$A$%d", overviewSheet, n+1),
			Values:     fmt.Sprintf("'%s'!$%s$2:$%s$%d", overviewSheet, name, name, n+1),
		}
		if derivedColumn(sh, oc.Column) {
			derived = append(derived, s)
		} else {
			stated = append(stated, s)
		}
	}
	at := []string{"A" + strconv.Itoa(w.row+1), chartColumn(w.widths, chartWidth+20) + strconv.Itoa(w.row+1)}
	height := uint(min(max(260, 60+28*n), 1200)) // a bar per department, within reason
	noVary := false
	for i, ch := range []struct {
		typ    excelize.ChartType
		series []excelize.ChartSeries
		title  string
	}{{excelize.Col, stated, "overview.chart.budget"}, {excelize.Bar, derived, "overview.chart.deviate"}} {
		if len(ch.series) == 0 {
			continue
		}
		err := c.f.AddChart(overviewSheet, at[i], &excelize.Chart{
			Type: ch.typ, Series: ch.series, VaryColors: &noVary,
			Title:     excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: tr(c.run.Lang, ch.title)}}},
			Legend:    excelize.ChartLegend{Position: "bottom"},
			Dimension: excelize.ChartDimension{Width: chartWidth, Height: height},
			XAxis:     excelize.ChartAxis{TickLabelPosition: excelize.ChartTickLabelLow, Font: excelize.Font{Color: "404040"}},
			YAxis:     excelize.ChartAxis{MajorGridLines: true, NumFmt: excelize.ChartNumFmt{CustomNumFmt: "#,##0"}, Font: excelize.Font{Color: "404040"}},
		})
		if err != nil {
			return err
		}
	}
	sortContentTypes(c.f)
	return nil
}

// sortContentTypes orders the default content types of a workbook by
// extension: AddChart adds those of images in map order, which would make
// the bytes differ from run to run.
func sortContentTypes(f *excelize.File) {
	if f.ContentTypes == nil {
		return
	}
	d := f.ContentTypes.Defaults
	sort.SliceStable(d, func(i, j int) bool { return d[i].Extension < d[j].Extension })
}

// chartWidth is the width of a chart on Översikt, in pixels.
const chartWidth = 520

// chartColumn is the first column whose left edge is at least px pixels
// from the sheet's left edge, given the column widths in characters as
// sheetWriter.finish sets them.
func chartColumn(widths []int, px int) string {
	left := 0
	for i, wd := range widths {
		if left >= px {
			name, _ := excelize.ColumnNumberToName(i + 1)
			return name
		}
		left += colWidth(wd)*7 + 5
	}
	name, _ := excelize.ColumnNumberToName(len(widths) + 1)
	return name
}

// derivedColumn reports whether a formula rule of sh computes column.
func derivedColumn(sh *spec.Sheet, column string) bool {
	for i := range sh.Rules {
		if sh.Rules[i].IsFormula() && sh.Rules[i].Column == column {
			return true
		}
	}
	return false
}

// hasKey reports whether m has k.
func hasKey(m map[string]decimal.Decimal, k string) bool { _, ok := m[k]; return ok }
