package exporter

import (
	"archive/zip"
	"bytes"
	"slices"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// printTitles is the defined name of the rows printed at the top of every
// page.
const printTitles = "_xlnm.Print_Titles"

// pageSetup is the print layout of every sheet of a feedback workbook:
// A4 (unless the sheet names a paper size), landscape, as wide as one page and as long as it takes, a header naming
// the feedback (department and period) and a footer with the sheet's name
// and the page number.
type pageSetup struct {
	header, footer string
	// titles are the header rows to repeat on every page, by sheet; a
	// sheet that has print titles of its own keeps them.
	titles map[string]int
}

func newPageSetup(r *check.Submission, lang rules.Lang) pageSetup {
	dept := strings.TrimSpace(r.Department)
	if dept == "" {
		dept = base(r.File)
	}
	header := catalog.Fill(lang, "feedback.print.header.no_period", "dept", headerText(Printable(dept), 80))
	if p := strings.TrimSpace(r.Period); p != "" {
		header = catalog.Fill(lang, "feedback.print.header", "dept", headerText(Printable(dept), 80), "period", headerText(Printable(p), 80))
	}
	titles := map[string]int{}
	for _, t := range r.Tables {
		if t != nil && t.HeaderRow > 0 {
			titles[t.Sheet] = t.HeaderRow
		}
	}
	return pageSetup{header: header, footer: tr(lang, "feedback.print.footer"), titles: titles}
}

// apply sets the layout on sheet: a paper size the department chose
// stays, and so do its own print titles.
func (p pageSetup) apply(f *excelize.File, sheet string, ownTitles map[string]bool) error {
	o := printOptions{header: "&C" + p.header, footer: "&L&A&R" + p.footer, keepPaper: true}
	if row := p.titles[sheet]; row > 0 && !ownTitles[sheet] {
		o.titleFrom, o.headerRow = row, row // the table's header row alone
	}
	return printSetup(f, sheet, o)
}

// applyAll sets the layout on the feedback sheet and on the department's
// sheets in sheets. A department's sheet that excelize cannot lay out (a
// chart sheet, say) is printed as the department set it up: the page
// setup is a help, not a reason to send no feedback workbook.
func (p pageSetup) applyAll(f *excelize.File, feedback string, headerRow int, sheets []string) error {
	p.titles[feedback] = headerRow
	own := map[string]bool{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == printTitles {
			own[dn.Scope] = true
		}
	}
	if err := p.apply(f, feedback, own); err != nil {
		return err
	}
	for _, sheet := range sheets {
		_ = p.apply(f, sheet, own)
	}
	return nil
}

// printable returns the department's sheets, in tab order, whose page
// setup a feedback workbook sets: those excelize reads anyway (the sheets
// it marks) and the others as long as all of them together stay within
// markBelow, the bound of what excelize reads (see largeSheets); the
// sheets beyond, and those beyond maxPrintSheets, are copied as they are.
func printable(f *excelize.File, data []byte, parts map[string]string, large map[string]bool, marked map[string]bool) []string {
	sizes := map[string]uint64{}
	if zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data))); err == nil {
		for _, zf := range zr.File {
			sizes[strings.TrimPrefix(zf.Name, "/")] = zf.UncompressedSize64
		}
	}
	sheets := slices.DeleteFunc(f.GetSheetList(), func(sheet string) bool {
		part := parts[sheet]
		_, inMemory := f.Pkg.Load(part)
		return part != "" && !inMemory && !large[sheet] // left in a temporary file by excelize: copied as it is
	})
	return printableBySize(sheets, parts, sizes, large, marked)
}

// printableBySize is printable by the sizes of the parts, of sheets in tab
// order.
func printableBySize(sheets []string, parts map[string]string, sizes map[string]uint64, large, marked map[string]bool) []string {
	used := uint64(0)
	for sheet := range marked {
		if !large[sheet] {
			used += sizes[parts[sheet]]
		}
	}
	sharing := map[string]int{}
	for _, part := range parts {
		sharing[part]++
	}
	var out []string
	for _, sheet := range sheets {
		if len(out) == maxPrintSheets {
			break
		}
		part := parts[sheet]
		if large[sheet] {
			continue
		}
		if sharing[part] > 1 && part != "" {
			continue // one part listed as several sheets (a broken file): left as it is
		}
		if !marked[sheet] {
			if used+sizes[part] >= markBelow {
				continue
			}
			used += sizes[part]
		}
		out = append(out, sheet)
	}
	return out
}

// maxPrintSheets bounds the sheets whose page setup a feedback workbook
// sets: a template has a dozen; a workbook with thousands is copied as it
// is beyond these.
const maxPrintSheets = 100

// markedSheets are the sheets whose cells findings mark.
func markedSheets(fs rules.Findings) map[string]bool {
	out := map[string]bool{}
	for _, fd := range fs {
		if fd.Ref.Sheet != "" && fd.Ref.Row > 0 && fd.Ref.Col > 0 {
			out[fd.Ref.Sheet] = true
		}
	}
	return out
}

func quoteSheet(sheet string) string { return "'" + strings.ReplaceAll(sheet, "'", "''") + "'" }
