package exporter

import (
	"bytes"
	"errors"
	"io"
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
	// marks are the run's errors and warnings by source cell; status the
	// styles of Översikt's status cells.
	marks  *marks
	status map[rules.Status]int
	// sinks are the rows of the streamed sheets, by sheet (stream.go);
	// roots the root rows of the overview's sheet, by submission (nil:
	// none, or not exactly one).
	sinks map[string]*rowSink
	roots map[*check.Submission]*importer.Row
	// cells is the row being made of a template sheet (dataRow's,
	// totalRow's), reused: a sheet may have 250,000 rows.
	cells []cell
}

// buildConsolidated returns the bytes of Sammanställning.xlsx.
func buildConsolidated(run Run) ([]byte, error) {
	var buf bytes.Buffer
	if err := writeConsolidated(&buf, run); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// writeConsolidated writes Sammanställning.xlsx to w: the streamed
// sheets' rows go to w as they are spliced in, not held in memory again.
func writeConsolidated(w io.Writer, run Run) error {
	f := excelize.NewFile()
	f.SetZipWriter(fastZip)
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	c := &consolidated{run: run, f: f, st: st, name: FileNames(run.Results), sinks: map[string]*rowSink{}}
	defer func() {
		for _, s := range c.sinks {
			s.close()
		}
	}()
	if err := c.findRoots(); err != nil {
		return err
	}
	c.marks = newMarks(f, run, c.name)
	if c.status, err = statusStyles(f); err != nil {
		return err
	}
	if err := setDocProps(f, "Sammanställning "+run.Spec.Name+" "+run.Spec.Version, run.Created); err != nil {
		return err
	}
	if err := f.SetSheetName("Sheet1", overviewSheet); err != nil {
		return err
	}
	if err := c.overview(); err != nil {
		return err
	}
	for i := range run.Spec.Sheets {
		if err := c.templateSheet(&run.Spec.Sheets[i]); err != nil {
			return err
		}
	}
	if err := c.findings(); err != nil {
		return err
	}
	if err := c.sources(); err != nil {
		return err
	}
	if err := c.printSetup(); err != nil {
		return err
	}
	var pkg bytes.Buffer
	if _, err := f.WriteTo(&pkg); err != nil {
		return err
	}
	return spliceTo(w, pkg.Bytes(), c.sinks)
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
		if col.Type.Numeric() || col.Type == importer.TypeDate {
			// never text in a number column: the cell stays empty, and
			// its mark says what was there
			if col.Type == importer.TypeDate {
				return cell{style: c.st.date}
			}
			return cell{style: c.numberCell(decimal.Zero, col, bold).style}
		}
		return textCell(canonical(v.Text, col), c.st.text)
	}
	return cell{}
}

// canonical is an enum value in the spec's spelling when it matches one
// the way the rules match them (importer.Normalize), so that filters do
// not split "Delvis  uppfyllt" from "Delvis uppfyllt"; other text as is.
func canonical(s string, col *importer.Column) string {
	if col.Type != importer.TypeEnum {
		return s
	}
	n := importer.Normalize(s)
	for _, allowed := range col.Values {
		if importer.Normalize(allowed) == n {
			return allowed
		}
	}
	return s
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
	w := newStreamedSheetWriter(c.f, sh.Name)
	c.sinks[sh.Name] = w.rows
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
	// The totals are summed as the rows go by (one pass over each
	// submission's rows, which may come from a spool).
	var g *grouper
	if sh.Totals == "by_key" {
		g = c.newGrouper(sh, cols)
	}
	for _, r := range c.run.Results {
		if t := r.Tables[sh.Name]; t != nil {
			if err := c.submissionRows(w, sh, cols, assessed, g, r, t); err != nil {
				return err
			}
		}
	}
	if g != nil {
		if err := c.totals(w, sh, cols, g); err != nil {
			return err
		}
	}
	return w.finish(1, len(header))
}

// submissionRows writes the rows of submission r's table t, and sums
// them with g (when not nil and r is in the totals) on a goroutine of
// their own, beside the rows written.
func (c *consolidated) submissionRows(w *sheetWriter, sh *spec.Sheet, cols []tableColumn, assessed bool, g *grouper, r *check.Submission, t *importer.Table) error {
	at := columnIndex(t, cols)
	var sums *check.RowPipe
	if g != nil && g.begin(r, t) {
		sums = check.StartRowPipe(func(row importer.Row) { g.add(r, t, at, row) })
		defer sums.Abandon() // the rows broke off, or a panic: its goroutine must end
	}
	err := r.EachRow(sh.Name, func(row importer.Row) error {
		if sums != nil {
			sums.Add(row)
		}
		return c.dataRow(w, sh, cols, at, assessed, r, t, row)
	})
	if err == nil && sums != nil {
		sums.Close() // every row summed; a panic of the sums is raised here
	}
	return err
}

// columnIndex is, for each of cols, the index of its value in t's rows
// (tableColumn.value's), -1 when t does not have it.
func columnIndex(t *importer.Table, cols []tableColumn) []int {
	out := make([]int, len(cols))
	for j, tc := range cols {
		out[j] = -1
		for i, col := range t.Columns {
			if col.Spec.Name == tc.spec.Name && (tc.spec.Pattern == "" || strings.EqualFold(strings.Join(strings.Fields(col.Header), " "), tc.header)) {
				out[j] = i
				break
			}
		}
	}
	return out
}

// valueAt is the value at index i of a row (columnIndex), empty for -1.
func valueAt(row importer.Row, i int) importer.Value {
	if i < 0 || i >= len(row.Values) {
		return importer.Value{}
	}
	return row.Values[i]
}

// dataRow writes one source row of a template sheet: every value marked
// where its source cell has errors or warnings, findings about the whole
// row on its key cell (or, without a key, on its source), and the place
// of every source cell a finding names recorded for the links of Fel och
// varningar.
func (c *consolidated) dataRow(w *sheetWriter, sh *spec.Sheet, cols []tableColumn, at []int, assessed bool, r *check.Submission, t *importer.Table, row importer.Row) error {
	rowKey := markKey{r, t.Sheet, row.Num, 0}
	cells := append(c.cells[:0], textCell(r.Department, c.st.text))
	defer func() { c.cells = cells[:0] }()
	if !c.marks.onSheet(r, t.Sheet) { // no marks, no links to record
		for j, tc := range cols {
			cells = append(cells, c.valueCell(valueAt(row, at[j]), tc.spec, false))
		}
		if assessed {
			cells = append(cells, textCell(r.Assessed[sh.Name][row.Num], c.st.text))
		}
		w.next(append(cells, textCell(c.source(r, t, row), c.st.text))...)
		return nil
	}
	for j, tc := range cols {
		v := valueAt(row, at[j])
		k := cellOf(r, t, v)
		var cl cell
		var err error
		if tc.spec.Name == sh.Key {
			cl, err = c.marks.mark(c.valueCell(v, tc.spec, false), k, rowKey)
		} else {
			cl, err = c.marks.mark(c.valueCell(v, tc.spec, false), k)
		}
		if err != nil {
			return err
		}
		c.marks.wrote(k, w.sheet, len(cells)+1, w.row+1)
		cells = append(cells, cl)
	}
	if assessed {
		cells = append(cells, textCell(r.Assessed[sh.Name][row.Num], c.st.text))
	}
	src := textCell(c.source(r, t, row), c.st.text)
	c.marks.wrote(rowKey, w.sheet, len(cells)+1, w.row+1)
	if sh.Key == "" {
		var err error
		if src, err = c.marks.mark(src, rowKey); err != nil {
			return err
		}
	}
	w.next(append(cells, src)...)
	return nil
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

// findings lists every finding of every submission, errors first, then
// warnings, then info, each in the run's order: a rule's repeated finding
// on one sheet is one line with its cells as ranges (rules.Grouped). The
// cell links to where its first member's source cell was written.
func (c *consolidated) findings() error {
	if _, err := c.f.NewSheet("Fel och varningar"); err != nil {
		return err
	}
	w := newStreamedSheetWriter(c.f, "Fel och varningar")
	c.sinks["Fel och varningar"] = w.rows
	lang, h := c.run.Lang, c.st.header
	w.next(textCell(tr(lang, "head.department"), h), textCell(tr(lang, "head.file"), h), textCell(tr(lang, "head.severity"), h), textCell(tr(lang, "head.rule"), h),
		textCell(tr(lang, "head.sheet"), h), textCell(tr(lang, "head.cell"), h), textCell(tr(lang, "head.message"), h), textCell(tr(lang, "head.expected"), h), textCell(tr(lang, "head.actual"), h))
	type line struct {
		r *check.Submission
		g rules.Group
	}
	var lines []line
	for _, r := range c.run.Results {
		for _, g := range r.Findings.Grouped(lang) {
			lines = append(lines, line{r, g})
		}
	}
	slices.SortStableFunc(lines, func(a, b line) int { return int(a.g.Severity) - int(b.g.Severity) })
	for _, l := range lines {
		where := textCell(l.g.Cells, c.st.text)
		where.link = c.marks.link(l.r, l.g.Members)
		message := wrapCell(l.g.Message, c.st.wrap)
		w.next(textCell(l.r.Department, c.st.text), textCell(c.name(l.r.File), c.st.text),
			c.severityCell(l.g.Severity), textCell(l.g.Rule, c.st.text),
			textCell(l.g.Ref.Sheet, c.st.text), where, message,
			textCell(l.g.Expected, c.st.text), textCell(l.g.Actual, c.st.text))
	}
	if err := w.finish(1, 9); err != nil {
		return err
	}
	if n := c.marks.uncommented; n > 0 {
		// below the table, outside its filter
		w.skip()
		w.next(spanCell(catalog.Fill(lang, "mark.uncommented", "n", strconv.Itoa(n), "max", strconv.Itoa(maxComments))))
		if w.err != nil {
			return w.err
		}
		return setDimension(c.f, "Fel och varningar", w.maxCol, w.row)
	}
	return nil
}

// severityCell is a finding's severity, filled as its marks are.
func (c *consolidated) severityCell(s rules.Severity) cell {
	cl := textCell(severityWord(s, c.run.Lang), c.st.text)
	if _, ok := markColors[s]; ok {
		if id, err := c.marks.style(c.st.text, s); err == nil {
			cl.style = id
		}
	}
	return cl
}

// printSetup sets every sheet's page setup: landscape, one page wide, the
// header row repeated, the spec, sheet and period in the header and the
// page number in the footer; Översikt on one page when it is short.
func (c *consolidated) printSetup() error {
	lang := c.run.Lang
	header := "&L" + headerText(catalog.Fill(lang, "print.header", "spec", c.run.Spec.Name+" "+c.run.Spec.Version), 60) +
		"&C&A&R" + headerText(c.run.Period, 60)
	footer := "&C" + tr(lang, "print.footer")
	for _, sheet := range c.f.GetSheetList() {
		o := printOptions{headerRow: 1, header: header, footer: footer}
		if sheet == overviewSheet && len(c.run.Results) <= 40 {
			o.fitHeight = 1
		}
		if err := printSetup(c.f, sheet, o); err != nil {
			return err
		}
	}
	return nil
}

// sources lists every input file with its hash and what was read from it.
func (c *consolidated) sources() error {
	if _, err := c.f.NewSheet("Källor"); err != nil {
		return err
	}
	w := newStreamedSheetWriter(c.f, "Källor")
	c.sinks["Källor"] = w.rows
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
	for _, p := range c.run.Prior {
		if p.Path != "" {
			w.next(spanCell(catalog.Fill(c.run.Lang, "sources.prior.file", "file", Printable(p.Path), "sha256", p.SHA256,
				"department", Printable(p.Department), "period", Printable(p.Period))))
			continue
		}
		key := "sources.prior.submission"
		if p.Consolidation != 0 {
			key = "sources.prior.consolidation"
		}
		w.next(spanCell(catalog.Fill(c.run.Lang, key, "record", strconv.FormatInt(p.Record, 10),
			"consolidation", strconv.FormatInt(p.Consolidation, 10), "department", Printable(p.Department), "period", Printable(p.Period))))
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
	t := r.Tables[sh.Name]
	if t == nil {
		return ""
	}
	v := ""
	first := errors.New("first row")
	_ = r.EachRow(sh.Name, func(row importer.Row) error {
		v = t.Value(row, id.TemplateVersion).String()
		return first
	})
	return v
}
