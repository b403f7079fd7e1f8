package exporter

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// TemplateOptions choose what the template is pre-filled with.
type TemplateOptions struct {
	Department string // Info!Nämnd, may be empty
	Period     string // Info!Period, may be empty
	NoProtect  bool   // leave the sheets unprotected
	// Created is the workbook's date (SOURCE_DATE_EPOCH, read by cmd);
	// zero gives the fixed date of every output.
	Created time.Time
}

// defaultInputRows is how many rows a sheet prepares for input.
const defaultInputRows = 50

// template builds the workbook departments fill in.
type template struct {
	spec *spec.Spec
	opt  TemplateOptions
	f    *excelize.File
	st   styles
	year int
	// input is the unlocked style per number format, created once.
	input  map[string]int
	marker [][]any
	lists  [][]string // the columns of the hidden Listor sheet
}

// BuildTemplate returns the bytes of the template workbook for a spec.
func BuildTemplate(s *spec.Spec, opt TemplateOptions) ([]byte, error) {
	f := excelize.NewFile()
	f.SetZipWriter(fastZip)
	defer f.Close()
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	t := &template{spec: s, opt: opt, f: f, st: st, year: reportYear(opt.Period, s.Version), input: map[string]int{}}
	if err := setDocProps(f, "Mall "+s.Name+" "+s.Version, opt.Created); err != nil {
		return nil, err
	}
	if err := f.SetSheetName("Sheet1", "Instruktioner"); err != nil {
		return nil, err
	}
	t.marker = [][]any{{"rapportkoll-mall", s.Name, s.Version}}
	for i := range s.Sheets {
		if err := t.sheet(&s.Sheets[i]); err != nil {
			return nil, fmt.Errorf("%s: %w", s.Sheets[i].Name, err)
		}
	}
	if err := t.instructions(); err != nil {
		return nil, err
	}
	if err := t.hidden(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// reportYear takes the year from the period ("Helår 2023"), else from the
// spec's version ("2023.1").
func reportYear(period, version string) int {
	for _, s := range []string{period, version} {
		if y := rules.YearOf(s); y != 0 {
			return y
		}
	}
	return 0
}

// headers lists a column's headers in the template: one, or one per year
// for year columns.
func (t *template) headers(c *importer.Column) []string {
	if len(c.TemplateHeaders) == 0 {
		if c.Header != "" {
			return []string{c.Header}
		}
		return []string{c.Name}
	}
	r := strings.NewReplacer("{year}", strconv.Itoa(t.year), "{year-1}", strconv.Itoa(t.year-1), "{year-2}", strconv.Itoa(t.year-2))
	out := make([]string, len(c.TemplateHeaders))
	for i, h := range c.TemplateHeaders {
		out[i] = r.Replace(h)
	}
	return out
}

// layoutCol is a column of a template sheet.
type layoutCol struct {
	spec   *importer.Column
	header string
	letter string
}

func (t *template) columns(sh *spec.Sheet) []layoutCol {
	var out []layoutCol
	for i := range sh.Columns {
		for _, h := range t.headers(&sh.Columns[i]) {
			letter, _ := excelize.ColumnNumberToName(len(out) + 1)
			out = append(out, layoutCol{spec: &sh.Columns[i], header: h, letter: letter})
		}
	}
	return out
}

func (t *template) sheet(sh *spec.Sheet) error {
	if _, err := t.f.NewSheet(sh.Name); err != nil {
		return err
	}
	if sh.Layout == importer.LayoutKeyValue {
		return t.keyValueSheet(sh)
	}
	cols := t.columns(sh)
	w := newSheetWriter(t.f, sh.Name)
	header := make([]cell, len(cols))
	for i, c := range cols {
		header[i] = textCell(c.header, t.st.header)
	}
	w.next(header...)
	first, last := inputBlock(sh)
	formulas := t.formulas(sh, cols)
	for r := first; r <= last; r++ {
		var fixed map[string]string
		if k := r - first; k < len(sh.TemplateRows) {
			fixed = sh.TemplateRows[k]
		}
		if err := t.inputRow(sh, cols, r, fixed, formulas); err != nil {
			return err
		}
	}
	w.row = last
	t.markFormulas(sh, cols, formulas, first, last)
	if err := t.validations(sh, cols, formulas, first, last); err != nil {
		return err
	}
	if err := w.finish(1, 0); err != nil {
		return err
	}
	width, err := t.setWidths(sh, cols)
	if err != nil {
		return err
	}
	if err := t.f.SetPanes(sh.Name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := t.pageSetup(sh.Name, width, 1); err != nil {
		return err
	}
	return t.protect(sh.Name, sh.InsertRows)
}

// inputBlock is the rows of a table sheet the template prepares: the
// template's own rows, then the input rows.
func inputBlock(sh *spec.Sheet) (first, last int) {
	rows := sh.InputRows
	if rows == 0 {
		rows = defaultInputRows
	}
	return 2, 1 + len(sh.TemplateRows) + rows
}

// markFormulas records on the marker sheet where the sheet has formulas.
func (t *template) markFormulas(sh *spec.Sheet, cols []layoutCol, formulas map[string]string, first, last int) {
	if len(formulas) == 0 {
		return
	}
	var names []string
	for _, c := range cols {
		if formulas[c.letter] != "" {
			names = append(names, c.spec.Name)
		}
	}
	t.marker = append(t.marker, []any{sh.Name, first, last, strings.Join(names, "|")})
}
