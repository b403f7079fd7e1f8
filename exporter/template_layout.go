package exporter

import (
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// Column widths of the template, in characters: a minimum per column type,
// widened to the longest header, fixed text or list value, at most maxWidth.
const (
	textWidth   = 40 // names: long enough to read, text wraps
	listWidth   = 55 // a column other sheets choose from, and theirs: its dropdown shows whole goals
	numberWidth = 14
	dateWidth   = 12
	maxWidth    = 60
)

// portraitWidth is how wide (in characters) a sheet may be and still be
// printed upright; wider sheets are printed landscape.
const portraitWidth = 100

// width is the width of a template column: from its type, its header, the
// texts the template fills in and the values of its dropdown.
func (t *template) width(sh *spec.Sheet, c layoutCol) float64 {
	w := numberWidth
	switch c.spec.Type {
	case importer.TypeText, importer.TypeEmail:
		w = textWidth
	case importer.TypeDate:
		w = dateWidth
	}
	if c.spec.ListFrom != "" || t.listSource(sh, c.spec) {
		w = max(w, listWidth)
	}
	w = max(w, utf8.RuneCountInString(c.header)+2)
	for _, row := range sh.TemplateRows {
		w = max(w, utf8.RuneCountInString(row[c.spec.Name])+2)
	}
	for _, v := range t.choices(c.spec) {
		w = max(w, utf8.RuneCountInString(v)+4) // and the dropdown's arrow
	}
	return float64(min(w, maxWidth))
}

// listSource reports whether another sheet's dropdown lists this column
// (a list_from naming it).
func (t *template) listSource(sh *spec.Sheet, c *importer.Column) bool {
	for i := range t.spec.Sheets {
		for _, o := range t.spec.Sheets[i].Columns {
			if o.ListFrom != "" && importer.Normalize(o.ListFrom) == importer.Normalize(sh.Name) &&
				importer.Normalize(o.Name) == importer.Normalize(c.Name) {
				return true
			}
		}
	}
	return false
}

// choices are a column's dropdown values known when the template is
// written: an enum's values, or the short list its format pattern allows.
func (t *template) choices(c *importer.Column) []string {
	if c.Type == importer.TypeEnum {
		return c.Values
	}
	if c.Format != "" {
		return formatChoices(c.Format, t.year)
	}
	return nil
}

// setWidths gives the columns of a table sheet their widths and returns
// the sheet's width.
func (t *template) setWidths(sh *spec.Sheet, cols []layoutCol) (float64, error) {
	total := 0.0
	for _, c := range cols {
		w := t.width(sh, c)
		if err := t.f.SetColWidth(sh.Name, c.letter, c.letter, w); err != nil {
			return 0, err
		}
		total += w
	}
	return total, nil
}

// pageSetup makes a sheet print on pages as wide as the paper (landscape
// when the sheet is wide), with its header rows repeated on every page and
// a header and footer naming the department, the period and the page.
func (t *template) pageSetup(sheet string, width float64, headerRows int) error {
	return printSetup(t.f, sheet, printOptions{headerRow: headerRows, header: t.pageHeader(),
		footer: "&L&A&RSida &P av &N", portrait: width <= portraitWidth})
}

// pageHeader is the printed header: the department on the left, the
// template's name and version in the middle, the period on the right.
// Each part is cut to fit, so that the header stays within Excel's 255
// characters however many "&" (written "&&") a name has.
func (t *template) pageHeader() string {
	h := "&C" + headerText(t.spec.Name+" "+t.spec.Version, 60)
	if t.opt.Department != "" {
		h = "&L" + headerText(t.opt.Department, 120) + h
	}
	if t.opt.Period != "" {
		h += "&R" + headerText(t.opt.Period, 60)
	}
	return h
}

// headerText is s for a printed header or footer: on one line, "&"
// doubled (it starts a code), cut with "…" to at most n UTF-16 units
// (Excel allows 255 for a whole header).
func headerText(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	var b strings.Builder
	used := 0
	for i, r := range s {
		part := string(r)
		if r == '&' {
			part = "&&"
		}
		units := len(utf16.Encode([]rune(part)))
		room := n - 1 // and "…"
		if i+len(string(r)) == len(s) {
			room = n // the last one needs no "…"
		}
		if used+units > room {
			b.WriteString("…")
			break
		}
		b.WriteString(part)
		used += units
	}
	return b.String()
}

// protect locks a sheet's fixed and computed cells. insertRows lets rows
// be inserted (the sheet's input rows may grow) and formatted (an inserted
// row takes the format of the one above; the department may change it);
// formatting rows and columns (their height and width) is always allowed.
func (t *template) protect(sheet string, insertRows bool) error {
	if t.opt.NoProtect {
		return nil
	}
	// No password: protection keeps the structure, it keeps nothing secret.
	return t.f.ProtectSheet(sheet, &excelize.SheetProtectionOptions{
		SelectLockedCells: true, SelectUnlockedCells: true, FormatColumns: true, FormatRows: true, AutoFilter: true,
		InsertRows: insertRows, FormatCells: insertRows,
	})
}
