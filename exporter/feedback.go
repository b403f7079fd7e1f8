package exporter

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// feedbackSheet is the name of the sheet listing the findings.
const feedbackSheet = "Återkoppling"

// fills are the cell fills of findings: red for errors, yellow for
// warnings; info findings get a comment but no fill.
var fills = map[rules.Severity]string{rules.Error: "FFC7CE", rules.Warning: "FFEB9C"}

// buildFeedback returns the department's own workbook with every cell that
// has a finding filled and commented, and a first sheet listing every
// finding with a link to its cell. The input file is only read, and only
// used when it is still the file that was checked (see openChecked); only
// the parts the package's relationships reach are carried over (see
// cleanPackage).
func buildFeedback(r *check.Submission, lang rules.Lang) ([]byte, error) {
	f, data, err := openChecked(r)
	if err != nil {
		return nil, err
	}
	large := largeSheets(r, f.GetSheetList())
	f.SetZipWriter(fastZip)
	defer f.Close()
	cleanPackage(f)
	if err := setDocProps(f, "Återkoppling "+r.Department); err != nil {
		return nil, err
	}
	cleared, largeSelected, left := patchSheets(f, sheetParts(f, r.Parts), usedRanges(r), headOf(data))
	for sheet := range large {
		delete(left, sheet) // its dimension stays as the department wrote it
	}
	unmarked, err := markCells(f, r.Findings, lang, large)
	if err != nil {
		return nil, err
	}
	if err := listFindings(f, r, lang, cleared, largeSelected, feedbackNotes(unmarked, lang)); err != nil {
		return nil, err
	}
	if err := setDimensions(f, left); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if _, err := f.WriteTo(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// markCells fills and comments every cell that has findings, except on
// the sheets in large, whose findings it counts by sheet instead. A cell's
// style is copied with the fill changed, so its number format and borders
// stay; copies are made once per (style, severity).
func markCells(f *excelize.File, fs rules.Findings, lang rules.Lang, large map[string]bool) (map[string]int, error) {
	type at struct{ sheet, cell string }
	byCell := map[at]rules.Findings{}
	var order []at
	unmarked := map[string]int{}
	for _, fd := range fs {
		if fd.Ref.Sheet == "" || fd.Ref.Row == 0 || fd.Ref.Col == 0 {
			continue
		}
		if large[fd.Ref.Sheet] {
			unmarked[fd.Ref.Sheet]++
			continue
		}
		k := at{fd.Ref.Sheet, fd.Ref.Cell()}
		if byCell[k] == nil {
			order = append(order, k)
		}
		byCell[k] = append(byCell[k], fd)
	}
	cache := map[[2]int]int{}
	existing := map[string][]excelize.Comment{}
	for _, k := range order {
		cellFs := byCell[k]
		worst := slices.MinFunc(cellFs, func(a, b rules.Finding) int { return int(a.Severity) - int(b.Severity) }).Severity
		if color, ok := fills[worst]; ok {
			if err := fillCell(f, k.sheet, k.cell, worst, color, cache); err != nil {
				return nil, err
			}
		}
		if _, ok := existing[k.sheet]; !ok {
			cs, err := f.GetComments(k.sheet)
			if err != nil {
				return nil, err
			}
			existing[k.sheet] = cs
		}
		if err := comment(f, k.sheet, k.cell, cellFs, existing[k.sheet], lang); err != nil {
			return nil, err
		}
	}
	return unmarked, nil
}

// markBelow bounds the sheets whose cells a feedback workbook marks: all
// of them together (their uncompressed parts) are at most this large.
// excelize reads a sheet it changes whole, at some 30 times its size in
// memory, so the sheets beyond it, in workbook order, are copied as they
// are and their findings only listed.
const markBelow = 4 << 20

// largeSheets returns the sheets of r's workbook, of those in sheets
// that findings mark, which are beyond markBelow, by the sizes the archive
// declares.
func largeSheets(r *check.Submission, sheets []string) map[string]bool {
	zr, err := zip.OpenReader(r.File)
	if err != nil {
		return nil
	}
	defer zr.Close()
	sizes := map[string]uint64{}
	for _, zf := range zr.File {
		sizes[strings.TrimPrefix(zf.Name, "/")] = zf.UncompressedSize64
	}
	marked := map[string]bool{}
	for _, fd := range r.Findings {
		if fd.Ref.Row > 0 && fd.Ref.Col > 0 {
			marked[fd.Ref.Sheet] = true
		}
	}
	large := map[string]bool{}
	used := uint64(0)
	for _, sheet := range sheets {
		size := sizes[r.Parts[sheet]]
		switch {
		case size >= markBelow: // copied as it is, never parsed, marked or not
			large[sheet] = true
		case marked[sheet] && used+size >= markBelow:
			large[sheet] = true
		case marked[sheet]:
			used += size
		}
	}
	return large
}

// feedbackNotes says, per sheet too large to mark, that its findings are
// only listed.
func feedbackNotes(unmarked map[string]int, lang rules.Lang) []string {
	var out []string
	for _, sheet := range slices.Sorted(maps.Keys(unmarked)) {
		n := strconv.Itoa(unmarked[sheet])
		limit := strconv.Itoa(markBelow>>20) + " MiB"
		out = append(out, catalog.Fill(lang, "feedback.unmarked", "sheet", sheet, "limit", limit, "n", n))
	}
	return out
}

func fillCell(f *excelize.File, sheet, ref string, sev rules.Severity, color string, cache map[[2]int]int) error {
	orig, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		return err
	}
	id, ok := cache[[2]int{orig, int(sev)}]
	if !ok {
		st, err := f.GetStyle(orig)
		if err != nil {
			return err
		}
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
		if id, err = f.NewStyle(st); err != nil {
			return err
		}
		cache[[2]int{orig, int(sev)}] = id
	}
	return f.SetCellStyle(sheet, ref, ref, id)
}

// comment adds one comment holding every finding of a cell, after any
// comment the department had written there.
func comment(f *excelize.File, sheet, ref string, fs rules.Findings, existing []excelize.Comment, lang rules.Lang) error {
	var lines []string
	for _, c := range existing {
		if c.Cell == ref {
			lines = append(lines, commentText(c))
			if err := f.DeleteComment(sheet, ref); err != nil {
				return err
			}
		}
	}
	for _, fd := range fs {
		lines = append(lines, severityWord(fd.Severity, lang)+": "+fd.Message)
	}
	text := strings.Join(lines, "\n\n")
	return f.AddComment(sheet, excelize.Comment{Author: "rapportkoll", Cell: ref, Width: 360, Height: 180,
		Paragraph: []excelize.RichTextRun{
			{Text: "rapportkoll:\n", Font: &excelize.Font{Bold: true}},
			{Text: text},
		}})
}

func commentText(c excelize.Comment) string {
	if c.Text != "" {
		return c.Text
	}
	var b strings.Builder
	for _, p := range c.Paragraph {
		b.WriteString(p.Text)
	}
	return b.String()
}

// usedRanges returns the used range to record as the dimension of each
// sheet the check read whole, which files written by programs often leave
// at A1: as the check found it, widened to the cells findings mark.
func usedRanges(r *check.Submission) map[string]importer.Extent {
	dims := maps.Clone(r.Extents)
	for _, fd := range r.Findings {
		if ext, ok := dims[fd.Ref.Sheet]; ok && fd.Ref.Row > 0 && fd.Ref.Col > 0 {
			ext.Cols, ext.Rows = max(ext.Cols, fd.Ref.Col), max(ext.Rows, fd.Ref.Row)
			dims[fd.Ref.Sheet] = ext
		}
	}
	return dims
}

// patchSheets edits the head of every sheet whose part is known before
// excelize reads it (see patchHead): tabSelected cleared and the dimension
// set. A sheet that excelize left in a temporary file (a large one) is
// copied as it is: heads gives its head, to tell whether it is selected.
// It returns whether every sheet was cleared, whether a large sheet is
// selected (then the active sheet stays; see activateFirst), and the
// sheets whose dimension is left for excelize to set: with the range to
// set, or nil when the range is not known.
func patchSheets(f *excelize.File, parts map[string]string, dims map[string]importer.Extent, heads func(part string) []byte) (cleared, largeSelected bool, left map[string]*importer.Extent) {
	cleared = true
	left = map[string]*importer.Extent{}
	for _, sheet := range f.GetSheetList() {
		ext, known := dims[sheet]
		part := parts[sheet]
		var data []byte
		if v, ok := f.Pkg.Load(part); ok && part != "" {
			data, _ = v.([]byte)
		} else if head := heads(part); part != "" && head != nil {
			if tabSelectedAttr.Match(head) {
				cleared, largeSelected = false, true
			}
			delete(left, sheet) // its dimension stays as the department wrote it
			continue
		}
		if !known && data != nil {
			// a sheet the check did not read: its range is found in its XML
			// here rather than by excelize per sheet, which looks every
			// sheet up by name through all of them (quadratic)
			ext, known = scanExtent(data)
		}
		if !known {
			left[sheet] = nil
		}
		ref := usedRef(ext.Cols, ext.Rows) // "" when not known
		out, headOK, dimOK := patchHead(data, ref)
		if headOK {
			f.Pkg.Store(part, out)
		} else {
			cleared = false
		}
		if ref != "" && !dimOK {
			left[sheet] = &ext
		}
	}
	return cleared, largeSelected, left
}

// headOf returns the head of a worksheet part of the checked workbook
// data (what comes before its cell data), reading at most 1 MiB of it, or
// nil.
func headOf(data []byte) func(part string) []byte {
	return func(part string) []byte {
		if part == "" {
			return nil
		}
		zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return nil
		}
		for _, zf := range zr.File {
			if strings.TrimPrefix(zf.Name, "/") != part {
				continue
			}
			rc, err := zf.Open()
			if err != nil {
				return nil
			}
			defer rc.Close()
			b, _ := io.ReadAll(io.LimitReader(rc, 1<<20))
			if end := headEnd(b); end >= 0 {
				return b[:end]
			}
			return nil
		}
		return nil
	}
}

// setDimensions records the used ranges patchSheets left, reading a sheet
// when its range is not known.
func setDimensions(f *excelize.File, left map[string]*importer.Extent) error {
	for _, sheet := range f.GetSheetList() {
		ext, ok := left[sheet]
		if !ok {
			continue
		}
		if ext == nil {
			rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
			if err != nil {
				return err
			}
			ext = &importer.Extent{Rows: len(rows)}
			for _, r := range rows {
				ext.Cols = max(ext.Cols, len(r))
			}
		}
		if err := setDimension(f, sheet, ext.Cols, ext.Rows); err != nil {
			return err
		}
	}
	return nil
}

// listFindings adds the first sheet: a heading, the status and one row per
// finding with a link to its cell.
func listFindings(f *excelize.File, r *check.Submission, lang rules.Lang, cleared, largeSelected bool, notes []string) error {
	name := feedbackSheet
	if idx, _ := f.GetSheetIndex(name); idx >= 0 {
		name = feedbackSheet + " (rapportkoll)"
	}
	if _, err := f.NewSheet(name); err != nil {
		return err
	}
	putFirst(f)
	if err := activateFirst(f, cleared, largeSelected); err != nil {
		return err
	}
	st, err := newStyles(f)
	if err != nil {
		return err
	}
	w := newSheetWriter(f, name)
	w.next(cell{text: feedbackTitle(r, lang, func(s string) string { return s }), style: st.title, span: true})
	w.next(spanCell(catalog.Fill(lang, "feedback.status.advice", append(counts(lang, r.Findings), "status", statusWord(r.Status, lang))...)))
	for _, n := range notes {
		w.next(spanCell(n))
	}
	w.skip()
	h := st.header
	w.next(textCell(tr(lang, "head.severity"), h), textCell(tr(lang, "head.sheet"), h), textCell(tr(lang, "head.cell"), h),
		textCell(tr(lang, "head.message"), h), textCell(tr(lang, "head.expected"), h), textCell(tr(lang, "head.actual"), h),
		textCell(tr(lang, "head.rule"), h))
	headerRow := w.row
	for _, fd := range sortedBySeverity(r.Findings) {
		where := textCell(fd.Ref.Cell(), st.text)
		if fd.Ref.Sheet != "" {
			target := fd.Ref.Cell()
			if target == "" || fd.Ref.Col == 0 {
				target = "A" + strconv.Itoa(max(fd.Ref.Row, 1))
			}
			where.link = "'" + strings.ReplaceAll(fd.Ref.Sheet, "'", "''") + "'!" + target
			if where.text == "" {
				where.text = "→"
			}
		}
		w.next(textCell(severityWord(fd.Severity, lang), st.text), textCell(fd.Ref.Sheet, st.text), where,
			textCell(fd.Message, st.text), textCell(fd.Expected, st.text), textCell(fd.Actual, st.text), textCell(fd.Rule, st.text))
	}
	return w.finish(headerRow, 7)
}

// sortedBySeverity orders errors first, then warnings, then info, each in
// sheet and cell order.
func sortedBySeverity(fs rules.Findings) rules.Findings {
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b rules.Finding) int { return int(a.Severity) - int(b.Severity) })
	return out
}

// noWorkbookText says in the department's text why it got no feedback
// workbook.
func noWorkbookText(err error, lang rules.Lang) string {
	reason := catalog.Fill(lang, "feedback.no_workbook.error", "err", err.Error())
	switch {
	case errors.Is(err, errChanged):
		reason = tr(lang, "feedback.no_workbook.changed")
	case errors.Is(err, errTooManySheets):
		reason = tr(lang, "feedback.no_workbook.sheets")
	}
	return catalog.Fill(lang, "feedback.no_workbook", "reason", reason) + "\n"
}

// feedbackText is a short summary in the user's language for an e-mail to the
// department; noWorkbook, when not nil, is why its feedback workbook is
// missing.
func feedbackText(r *check.Submission, workbook string, lang rules.Lang, noWorkbook error) string {
	var b strings.Builder
	// Text from the workbook is escaped and shortened, as in the terminal.
	b.WriteString(feedbackTitle(r, lang, Short) + "\n")
	b.WriteString(catalog.Fill(lang, "feedback.file", "file", Short(base(r.File))) + "\n")
	b.WriteString(catalog.Fill(lang, "feedback.status", append(counts(lang, r.Findings), "status", statusWord(r.Status, lang))...) + "\n")
	if noWorkbook != nil {
		b.WriteString(noWorkbookText(noWorkbook, lang))
	}
	for _, sec := range []struct {
		sev   rules.Severity
		title string
	}{{rules.Error, tr(lang, "feedback.to_fix")}, {rules.Warning, tr(lang, "feedback.to_check")}} {
		n := 0
		for _, fd := range r.Findings {
			if fd.Severity != sec.sev {
				continue
			}
			if n == 0 {
				fmt.Fprintf(&b, "\n%s:\n", sec.title)
			}
			n++
			fmt.Fprintf(&b, "%d. %s: %s\n", n, Short(place(fd.Ref, lang)), Printable(fd.Message))
		}
	}
	if n := r.Findings.Count(rules.Info); n > 0 {
		b.WriteString("\n" + catalog.Fill(lang, "feedback.notes", "n", strconv.Itoa(n)))
		if workbook != "" {
			b.WriteString(catalog.Fill(lang, "feedback.notes.where", "workbook", workbook, "sheet", feedbackSheet))
		}
		b.WriteString("\n")
	}
	if r.Findings.Count(rules.Error) == 0 && r.Findings.Count(rules.Warning) == 0 {
		b.WriteString("\n" + tr(lang, "feedback.clean") + "\n")
	}
	return b.String()
}

// place is "Drift!F19", "Drift" or "" for a finding's location.
func place(ref importer.Ref, lang rules.Lang) string {
	if ref.Sheet == "" {
		return tr(lang, "feedback.place.file")
	}
	if c := ref.Cell(); c != "" {
		return ref.Sheet + "!" + c
	}
	return ref.Sheet
}

// feedbackTitle is "Återkoppling: Kulturnämnden, Helår 2023"; a file that
// names no department is titled by its file name, and no period is left
// out rather than shown as ", ". show escapes text from the workbook.
func feedbackTitle(r *check.Submission, lang rules.Lang, show func(string) string) string {
	dept := strings.TrimSpace(r.Department)
	if dept == "" {
		dept = base(r.File)
	}
	if strings.TrimSpace(r.Period) == "" {
		return catalog.Fill(lang, "feedback.title.no_period", "dept", show(dept))
	}
	return catalog.Fill(lang, "feedback.title", "dept", show(dept), "period", show(r.Period))
}
