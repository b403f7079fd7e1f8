package exporter

import (
	"bytes"
	"slices"
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

// consolidated builds Sammanställning.xlsx.
type consolidated struct {
	run  Run
	f    *excelize.File
	st   styles
	name func(file string) string // FileNames of the run
}

// buildConsolidated returns the bytes of Sammanställning.xlsx.
func buildConsolidated(run Run) ([]byte, error) {
	f := excelize.NewFile()
	f.SetZipWriter(fastZip)
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	c := &consolidated{run: run, f: f, st: st, name: FileNames(run.Results)}
	if err := setDocProps(f, "Sammanställning "+run.Spec.Name+" "+run.Spec.Version, run.Created); err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", "Översikt"); err != nil {
		return nil, err
	}
	if err := c.overview(); err != nil {
		return nil, err
	}
	for i := range run.Spec.Sheets {
		if err := c.templateSheet(&run.Spec.Sheets[i]); err != nil {
			return nil, err
		}
	}
	if err := c.findings(); err != nil {
		return nil, err
	}
	if err := c.sources(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

func (c *consolidated) overview() error {
	w := newSheetWriter(c.f, "Översikt")
	h := c.st.header
	header := []cell{textCell(tr(c.run.Lang, "head.department"), h), textCell(tr(c.run.Lang, "head.file"), h), textCell(tr(c.run.Lang, "head.period"), h), textCell(tr(c.run.Lang, "head.status"), h),
		textCell(tr(c.run.Lang, "head.errors"), h), textCell(tr(c.run.Lang, "head.warnings"), h), textCell(tr(c.run.Lang, "head.info"), h), textCell(tr(c.run.Lang, "head.in_totals"), h)}
	for _, col := range c.run.Spec.Overview.Columns {
		label := col.Label
		if label == "" {
			label = col.Column
		}
		header = append(header, textCell(label, h))
	}
	w.next(header...)
	for _, r := range c.run.Results {
		in, why := c.run.InTotals(r)
		inText := tr(c.run.Lang, "in_totals.yes")
		if !in {
			inText = catalog.Fill(c.run.Lang, "in_totals.no", "why", why)
		}
		cells := []cell{
			textCell(r.Department, c.st.text), textCell(c.name(r.File), c.st.text), textCell(r.Period, c.st.text),
			textCell(statusWord(r.Status, c.run.Lang), c.st.text),
			numCell(decimal.NewFromInt(int64(r.Findings.Count(rules.Error))), 0),
			numCell(decimal.NewFromInt(int64(r.Findings.Count(rules.Warning))), 0),
			numCell(decimal.NewFromInt(int64(r.Findings.Count(rules.Info))), 0),
			textCell(inText, c.st.text),
		}
		cells = append(cells, c.overviewFigures(r)...)
		w.next(cells...)
	}
	return w.finish(1, len(header))
}

// overviewFigures returns the cells of the overview's columns (the spec's
// Overview: Drift's Budget, Utfall, Avvikelse and Avvikelse (%) in the
// default) from a submission's root row of that sheet, when it has
// exactly one.
func (c *consolidated) overviewFigures(r *check.Submission) []cell {
	sh := c.run.Spec.Sheet(c.run.Spec.Overview.Sheet)
	if sh == nil || r.Tables[sh.Name] == nil {
		return nil
	}
	t := r.Tables[sh.Name]
	var roots []importer.Row
	for _, row := range t.Rows {
		if sh.Parent != "" && t.Value(row, sh.Parent).Kind == importer.Empty {
			roots = append(roots, row)
		}
	}
	if len(roots) != 1 {
		return nil
	}
	var out []cell
	for _, oc := range c.run.Spec.Overview.Columns {
		v := t.Value(roots[0], oc.Column)
		col := sh.Column(oc.Column)
		if v.Kind != importer.Number || col == nil {
			out = append(out, cell{})
			continue
		}
		out = append(out, c.valueCell(v, col, false))
	}
	return out
}

// valueCell writes a typed value: numbers exact with a number format
// (percentages as fractions formatted as percent, as Excel users expect),
// dates as dates, text as text.
func (c *consolidated) valueCell(v importer.Value, col *importer.Column, bold bool) cell {
	switch v.Kind {
	case importer.Number:
		return c.numberCell(v.Num, col, bold)
	case importer.Date:
		return numCell(v.Num, c.st.date)
	case importer.Text, importer.Invalid:
		return textCell(v.Text, c.st.text)
	}
	return cell{}
}

func (c *consolidated) numberCell(d decimal.Decimal, col *importer.Column, bold bool) cell {
	switch {
	case col.Type == importer.TypePercent:
		st := c.st.percent
		if col.Decimals > 0 {
			st = c.st.percent1
		}
		if bold {
			st = c.st.percentBold
		}
		return numCell(d.Shift(-2), st)
	case col.Decimals > 0 || d.Exponent() < 0:
		return numCell(d, pickStyle(bold, c.st.number1Bold, c.st.number1))
	}
	return numCell(d, pickStyle(bold, c.st.amountBold, c.st.amount))
}

func pickStyle(bold bool, b, plain int) int {
	if bold {
		return b
	}
	return plain
}

// tableColumn is a column of a consolidated template sheet: a spec column,
// for year columns one per year found in any submission.
type tableColumn struct {
	spec   *importer.Column
	header string
	year   int
}

// columnsOf lists the columns of a spec sheet as found across submissions.
func (c *consolidated) columnsOf(sh *spec.Sheet) []tableColumn {
	var out []tableColumn
	for i := range sh.Columns {
		col := &sh.Columns[i]
		if col.Pattern == "" {
			out = append(out, tableColumn{spec: col, header: col.Header})
			continue
		}
		seen := map[string]tableColumn{}
		for _, r := range c.run.Results {
			if t := r.Tables[sh.Name]; t != nil {
				for _, tc := range t.Columns {
					if tc.Spec.Name == col.Name {
						h := strings.Join(strings.Fields(tc.Header), " ")
						seen[strings.ToLower(h)] = tableColumn{spec: col, header: h, year: tc.Year}
					}
				}
			}
		}
		var found []tableColumn
		for _, tc := range seen {
			found = append(found, tc)
		}
		slices.SortFunc(found, func(a, b tableColumn) int {
			if a.year != b.year {
				return a.year - b.year
			}
			return strings.Compare(a.header, b.header)
		})
		if len(found) == 0 {
			found = []tableColumn{{spec: col, header: col.Name}}
		}
		out = append(out, found...)
	}
	return out
}

// value returns the value of column tc in row r of table t.
func (tc tableColumn) value(t *importer.Table, r importer.Row) importer.Value {
	for i, col := range t.Columns {
		if col.Spec.Name == tc.spec.Name && (tc.spec.Pattern == "" || strings.EqualFold(strings.Join(strings.Fields(col.Header), " "), tc.header)) {
			return r.Values[i]
		}
	}
	return importer.Value{}
}

func (c *consolidated) templateSheet(sh *spec.Sheet) error {
	if _, err := c.f.NewSheet(sh.Name); err != nil {
		return err
	}
	w := newSheetWriter(c.f, sh.Name)
	cols := c.columnsOf(sh)
	header := []cell{textCell(tr(c.run.Lang, "head.department"), c.st.header)}
	for _, tc := range cols {
		header = append(header, textCell(tc.header, c.st.header))
	}
	assessed := c.hasAssessments(sh.Name)
	if assessed {
		header = append(header, textCell(tr(c.run.Lang, "head.assessment"), c.st.header))
	}
	header = append(header, textCell(tr(c.run.Lang, "head.source"), c.st.header))
	w.next(header...)
	for _, r := range c.run.Results {
		t := r.Tables[sh.Name]
		if t == nil {
			continue
		}
		for _, row := range t.Rows {
			cells := []cell{textCell(r.Department, c.st.text)}
			for _, tc := range cols {
				cells = append(cells, c.valueCell(tc.value(t, row), tc.spec, false))
			}
			if assessed {
				cells = append(cells, textCell(r.Assessed[sh.Name][row.Num], c.st.text))
			}
			w.next(append(cells, textCell(c.source(r, t, row), c.st.text))...)
		}
	}
	if sh.Totals == "by_key" {
		c.totals(w, sh, cols)
	}
	return w.finish(1, len(header))
}

// hasAssessments reports whether any submission has computed target
// assessments on the sheet (Indikatorer).
func (c *consolidated) hasAssessments(sheet string) bool {
	for _, r := range c.run.Results {
		if len(r.Assessed[sheet]) > 0 {
			return true
		}
	}
	return false
}

// source is where a row came from: "kommunstyrelsen-2023.xlsx!Drift!A15".
func (c *consolidated) source(r *check.Submission, t *importer.Table, row importer.Row) string {
	return c.name(r.File) + "!" + t.Sheet + "!A" + strconv.Itoa(row.Num)
}

// findings lists every finding of every submission.
func (c *consolidated) findings() error {
	if _, err := c.f.NewSheet("Fel och varningar"); err != nil {
		return err
	}
	w := newSheetWriter(c.f, "Fel och varningar")
	h := c.st.header
	w.next(textCell(tr(c.run.Lang, "head.department"), h), textCell(tr(c.run.Lang, "head.file"), h), textCell(tr(c.run.Lang, "head.severity"), h), textCell(tr(c.run.Lang, "head.rule"), h),
		textCell(tr(c.run.Lang, "head.sheet"), h), textCell(tr(c.run.Lang, "head.cell"), h), textCell(tr(c.run.Lang, "head.message"), h), textCell(tr(c.run.Lang, "head.expected"), h), textCell(tr(c.run.Lang, "head.actual"), h))
	for _, r := range c.run.Results {
		for _, f := range r.Findings {
			w.next(textCell(r.Department, c.st.text), textCell(c.name(r.File), c.st.text),
				textCell(severityWord(f.Severity, c.run.Lang), c.st.text), textCell(f.Rule, c.st.text),
				textCell(f.Ref.Sheet, c.st.text), textCell(f.Ref.Cell(), c.st.text), textCell(f.Message, c.st.text),
				textCell(f.Expected, c.st.text), textCell(f.Actual, c.st.text))
		}
	}
	return w.finish(1, 9)
}

// sources lists every input file with its hash and what was read from it.
func (c *consolidated) sources() error {
	if _, err := c.f.NewSheet("Källor"); err != nil {
		return err
	}
	w := newSheetWriter(c.f, "Källor")
	h := c.st.header
	header := []cell{textCell(tr(c.run.Lang, "head.file"), h), textCell(tr(c.run.Lang, "head.sha256"), h), textCell(tr(c.run.Lang, "head.size"), h), textCell(tr(c.run.Lang, "head.department"), h),
		textCell(tr(c.run.Lang, "head.period"), h), textCell(tr(c.run.Lang, "head.version"), h), textCell(tr(c.run.Lang, "head.status"), h)}
	for _, sh := range c.run.Spec.Sheets {
		header = append(header, textCell(catalog.Fill(c.run.Lang, "head.rows", "sheet", sh.Name), h))
	}
	w.next(header...)
	for _, r := range c.run.Results {
		cells := []cell{textCell(c.name(r.File), c.st.text), textCell(r.SHA256, c.st.text),
			numCell(decimal.NewFromInt(r.Size), 0), textCell(r.Department, c.st.text), textCell(r.Period, c.st.text),
			textCell(c.templateVersion(r), c.st.text), textCell(statusWord(r.Status, c.run.Lang), c.st.text)}
		for _, sh := range c.run.Spec.Sheets {
			cells = append(cells, numCell(decimal.NewFromInt(int64(r.RowsRead[sh.Name])), 0))
		}
		w.next(cells...)
	}
	if err := w.finish(1, len(header)); err != nil {
		return err
	}
	// Below the table, outside its filter: what made these figures (tool,
	// spec, the options that change results) and the history's chain value.
	w.skip()
	strict := catalog.Get(c.run.Lang, "word.no")
	if c.run.Strict {
		strict = catalog.Get(c.run.Lang, "word.yes")
	}
	w.next(spanCell(catalog.Fill(c.run.Lang, "sources.provenance", "version", c.run.Version,
		"spec", c.run.Spec.Name+" "+c.run.Spec.Version, "period", c.run.Period, "strict", strict)))
	if h := c.run.History; h != nil {
		w.next(spanCell(catalog.Fill(c.run.Lang, "sources.history", "chain", h.Chain,
			"record", strconv.FormatInt(h.Record, 10), "database", h.Database)))
	}
	if d := c.run.created(); d != "" {
		w.next(spanCell(catalog.Fill(c.run.Lang, "sources.created", "date", d)))
	}
	if w.err != nil {
		return w.err
	}
	return setDimension(c.f, "Källor", w.maxCol, w.row)
}

// templateVersion is the template version a submission states (the
// spec's Identity).
func (c *consolidated) templateVersion(r *check.Submission) string {
	id := c.run.Spec.Identity
	sh := c.run.Spec.Sheet(id.Sheet)
	if sh == nil || id.TemplateVersion == "" {
		return ""
	}
	if t := r.Tables[sh.Name]; t != nil && len(t.Rows) > 0 {
		return t.Value(t.Rows[0], id.TemplateVersion).String()
	}
	return ""
}
