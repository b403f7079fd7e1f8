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
	"time"
	"unicode/utf8"

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
func buildFeedback(r *check.Submission, lang rules.Lang, created time.Time) ([]byte, error) {
	if slices.ContainsFunc(r.Findings, func(fd rules.Finding) bool { return fd.Rule == string(importer.TooManySheets) }) {
		return nil, errTooManySheets
	}
	data, err := readChecked(r)
	if err != nil {
		return nil, err
	}
	return feedbackFrom(data, r, lang, created)
}

// feedbackFrom makes the feedback workbook from the checked bytes data:
// by package surgery (see surgery.go), or, where the package has what the
// surgery does not handle (errUnhandled says what), by excelize reading
// and writing the whole workbook (markOpened).
func feedbackFrom(data []byte, r *check.Submission, lang rules.Lang, created time.Time) ([]byte, error) {
	out, _, err := feedbackWhy(data, r, lang, created)
	return out, err
}

// feedbackWhy is feedbackFrom that also says, for the operator's log, why
// the surgery fell back to excelize ("" when it did not).
func feedbackWhy(data []byte, r *check.Submission, lang rules.Lang, created time.Time) (out []byte, fallback string, err error) {
	out, err = safeSurgery(data, r, lang, created)
	var u errUnhandled
	if !errors.As(err, &u) {
		return out, "", err
	}
	f, err := openData(data)
	if err != nil {
		return nil, u.why, err
	}
	out, err = markOpened(f, data, r, lang, created)
	return out, u.why, err
}

// safeSurgery is surgery with a panic turned into a fallback.
func safeSurgery(data []byte, r *check.Submission, lang rules.Lang, created time.Time) (out []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			out, err = nil, unhandled("internal error: %v", p)
		}
	}()
	return surgery(data, r, lang, created)
}

// markOpened marks the opened workbook f, whose bytes are data, with r's
// findings and returns the feedback workbook (buildFeedback, and
// FeedbackWorkbook for an upload); created is its date (zero: the fixed
// date of every output).
func markOpened(f *excelize.File, data []byte, r *check.Submission, lang rules.Lang, created time.Time) ([]byte, error) {
	tabs := f.GetSheetList()
	large := largeSheets(r, data, tabs)
	f.SetZipWriter(fastZip)
	defer f.Close()
	cleanPackage(f)
	if err := setDocProps(f, feedbackTitle(r, lang, func(s string) string { return s }), created); err != nil {
		return nil, err
	}
	parts := sheetParts(f, r.Parts)
	toPrint := printable(f, data, parts, large, markedSheets(r.Findings))
	cleared, largeSelected, left := patchSheets(f, parts, usedRanges(r), headOf(data))
	for sheet := range large {
		delete(left, sheet) // its dimension stays as the department wrote it
	}
	unmarked, err := markCells(f, r.Findings, lang, large)
	if err != nil {
		return nil, err
	}
	lines := feedbackLines(r, tabs, lang)
	sheet, headerRow, err := listFindings(f, r, lines, lang, cleared, largeSelected, feedbackNotes(r, unmarked, lang))
	if err != nil {
		return nil, err
	}
	if err := newPageSetup(r, lang).applyAll(f, sheet, headerRow, toPrint); err != nil {
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

// largeSheets returns the sheets of r's workbook (its checked bytes,
// data), of those in sheets that findings mark, which are beyond
// markBelow, by the sizes the archive declares.
func largeSheets(r *check.Submission, data []byte, sheets []string) map[string]bool {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil
	}
	sizes := map[string]uint64{}
	for _, zf := range zr.File {
		sizes[strings.TrimPrefix(zf.Name, "/")] = zf.UncompressedSize64
	}
	return largeBySize(r, sheets, r.Parts, sizes)
}

// largeBySize is largeSheets by the sizes of the parts and the parts of
// the sheets.
func largeBySize(r *check.Submission, sheets []string, parts map[string]string, sizes map[string]uint64) map[string]bool {
	marked := markedSheets(r.Findings)
	large := map[string]bool{}
	used := uint64(0)
	for _, sheet := range sheets {
		size := sizes[parts[sheet]]
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

// feedbackNotes says what changed since the previous submission (when the
// caller knows), and, per sheet too large to mark, that its findings are
// only listed.
func feedbackNotes(r *check.Submission, unmarked map[string]int, lang rules.Lang) []string {
	out := changeLines(r.Changes, lang)
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

// listFindings adds the first sheet: a heading, the status, what to do
// per severity, and one row per line (see feedbackLines) with a link to
// its first cell. It returns the sheet's name and its header row.
func listFindings(f *excelize.File, r *check.Submission, lines []feedbackLine, lang rules.Lang, cleared, largeSelected bool, notes []string) (string, int, error) {
	name := feedbackSheet
	if idx, _ := f.GetSheetIndex(name); idx >= 0 {
		name = feedbackSheet + " (rapportkoll)"
	}
	if _, err := f.NewSheet(name); err != nil {
		return "", 0, err
	}
	putFirst(f)
	if err := activateFirst(f, cleared, largeSelected); err != nil {
		return "", 0, err
	}
	st, err := newListStyles(f)
	if err != nil {
		return "", 0, err
	}
	c := listRows(r, lines, lang, notes, st)
	if st.err != nil {
		return "", 0, st.err
	}
	w := newSheetWriter(f, name)
	for _, row := range c.rows {
		if row == nil {
			w.skip()
			continue
		}
		w.next(row...)
	}
	if err := w.finish(c.headerRow, len(listWidths)); err != nil {
		return "", 0, err
	}
	return name, c.headerRow, layoutList(f, name, c)
}

// listContent is what the list of findings holds, apart from the
// workbook that holds it: its rows from row 1 (nil for an empty row), the
// rows whose text runs across every column (merged), the height in lines
// of the rows that need more than one, and the header row.
type listContent struct {
	rows      [][]cell
	wide      []int
	heights   map[int]int
	headerRow int
}

// listRows makes the content of the list, its cells styled with st.
func listRows(r *check.Submission, lines []feedbackLine, lang rules.Lang, notes []string, st *listStyles) listContent {
	c := listContent{heights: map[int]int{}}
	add := func(cells ...cell) { c.rows = append(c.rows, cells) }
	add(cell{text: feedbackTitle(r, lang, func(s string) string { return s }), style: st.title, span: true})
	total := 0.0
	for _, wd := range listWidths {
		total += wd
	}
	status := catalog.Fill(lang, "feedback.status", append(counts(lang, r.Findings), "status", statusWord(r.Status, lang))...)
	for _, text := range slices.Concat([]string{status}, notes, adviceLines(r.Findings, lang)) {
		add(cell{text: text, style: st.wrap, span: true})
		c.wide = append(c.wide, len(c.rows))
		c.heights[len(c.rows)] = textLines(text, total)
	}
	c.rows = append(c.rows, nil)
	h := st.header
	add(textCell(tr(lang, "head.severity"), h), textCell(tr(lang, "head.sheet"), h), textCell(tr(lang, "head.cell"), h),
		textCell(tr(lang, "head.message"), h), textCell(tr(lang, "head.expected"), h), textCell(tr(lang, "head.actual"), h),
		textCell(tr(lang, "head.rule"), h))
	c.headerRow = len(c.rows)
	for _, l := range lines {
		sheet, where := textCell(l.Ref.Sheet, st.text), textCell(l.Cells, st.wrap)
		if where.text == "" && l.Link != "" {
			where.text = "→"
		}
		// A group's ranges wrap; LibreOffice shows a link on one line, so
		// a group links from its sheet's name instead.
		if l.Count > 1 {
			sheet.link = l.Link
		} else {
			where.link = l.Link
		}
		add(textCell(severityWord(l.Severity, lang), st.severity[l.Severity]), sheet, where,
			textCell(l.Message, st.wrap), st.value(l.Expected), st.value(l.Actual), textCell(l.Rule, st.text))
		c.heights[len(c.rows)] = max(textLines(l.Message, listWidths[3]), textLines(l.Cells, listWidths[2]),
			textLines(l.Expected.Text, listWidths[4]), textLines(l.Actual.Text, listWidths[5]))
	}
	return c
}

// listWidths are the widths of the list's columns: Allvarlighet, Blad,
// Cell, Meddelande, Förväntat, Angivet, Regel. Cell and Meddelande wrap.
var listWidths = []float64{11, 18, 16, 72, 13, 13, 28}

// charsPerWidth is how many characters of text fit in a unit of column
// width (the width of a digit) on average, on the safe side: a row too
// high wastes a little paper, one too low hides text.
const charsPerWidth = 1.25

// layoutList sizes the list's columns, merges each of its wide rows
// across them, and gives rows of wrapped text the height of their lines
// (set, so that every program shows them so, rather than left to the
// reader).
func layoutList(f *excelize.File, sheet string, c listContent) error {
	for i, wd := range listWidths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(sheet, col, col, wd); err != nil {
			return err
		}
	}
	last, _ := excelize.ColumnNumberToName(len(listWidths))
	for _, row := range c.wide {
		n := strconv.Itoa(row)
		if err := f.MergeCell(sheet, "A"+n, last+n); err != nil {
			return err
		}
	}
	for _, row := range slices.Sorted(maps.Keys(c.heights)) {
		if n := c.heights[row]; n > 1 {
			if err := f.SetRowHeight(sheet, row, float64(rowHeight(n))); err != nil {
				return err
			}
		}
	}
	return nil
}

// rowHeight is the height in points of a row of n lines.
func rowHeight(n int) int { return min(n*lineHeight, 409) }

// textLines estimates how many lines text takes when wrapped at word
// boundaries in a column of width characters.
func textLines(text string, width float64) int {
	per := max(int(width*charsPerWidth)-1, 1)
	n := 0
	for _, para := range strings.Split(text, "\n") {
		lines, used := 1, 0
		for _, word := range strings.Fields(para) {
			w := utf8.RuneCountInString(word)
			switch {
			case used == 0:
				used = w
			case used+1+w <= per:
				used += 1 + w
			default:
				lines++
				used = w
			}
			for used > per { // a word longer than the line breaks anywhere
				lines++
				used -= per
			}
		}
		n += lines
	}
	return n
}

// listStyles are the styles of the list, made once each: the title, the
// header, text at the top of its cell, text that wraps, each severity's
// word (filled as its cells are) and numbers by format (made as they are
// met, by number).
type listStyles struct {
	title, header, text, wrap int
	severity                  map[rules.Severity]int
	numbers                   map[string]int
	number                    func(format string) (int, error)
	err                       error
}

func newListStyles(f *excelize.File) (*listStyles, error) {
	st, err := newStyles(f)
	if err != nil {
		return nil, err
	}
	top := &excelize.Alignment{Vertical: "top"}
	s := &listStyles{title: st.title, header: st.header, text: st.text, severity: map[rules.Severity]int{rules.Info: st.text}, numbers: map[string]int{},
		number: func(format string) (int, error) {
			return f.NewStyle(&excelize.Style{CustomNumFmt: &format, Alignment: &excelize.Alignment{Vertical: "top", Horizontal: "right", Indent: 1}})
		}}
	if s.wrap, err = f.NewStyle(&excelize.Style{Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"}}); err != nil {
		return nil, err
	}
	for _, sev := range []rules.Severity{rules.Error, rules.Warning} { // in order: the same bytes every run
		if s.severity[sev], err = f.NewStyle(&excelize.Style{Alignment: top, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fills[sev]}}}); err != nil {
			return nil, err
		}
	}
	return s, nil
}

// value is the cell of a value: an exact number in its format, or text.
func (s *listStyles) value(v listValue) cell {
	if v.Num == nil {
		return textCell(v.Text, s.wrap)
	}
	id, ok := s.numbers[v.Format]
	if !ok && s.err == nil {
		id, s.err = s.number(v.Format)
		s.numbers[v.Format] = id
	}
	return numCell(*v.Num, id)
}

// adviceLines say what to do with the findings of each severity there
// are.
func adviceLines(fs rules.Findings, lang rules.Lang) []string {
	var out []string
	if n := fs.Count(rules.Error); n > 0 {
		out = append(out, catalog.Fill(lang, "feedback.advice.error", "n", strconv.Itoa(n)))
	}
	if n := fs.Count(rules.Warning); n > 0 {
		out = append(out, catalog.Fill(lang, "feedback.advice.warning", "n", strconv.Itoa(n)))
	}
	if n := fs.Count(rules.Info); n > 0 {
		out = append(out, catalog.Fill(lang, "feedback.advice.info", "n", strconv.Itoa(n)))
	}
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

// feedbackText is a short summary in the user's language for an e-mail to
// the department; noWorkbook, when not nil, is why its feedback workbook
// is missing. It says what to do per severity, then lists the errors and
// warnings, and the first notes, as the Återkoppling sheet does: in the
// workbook's tab order, a repeated finding as one line.
func feedbackText(r *check.Submission, workbook string, lang rules.Lang, noWorkbook error) string {
	var b strings.Builder
	// Text from the workbook is escaped and shortened, as in the terminal.
	b.WriteString(feedbackTitle(r, lang, Short) + "\n")
	b.WriteString(catalog.Fill(lang, "feedback.file", "file", Short(base(r.File))) + "\n")
	b.WriteString(catalog.Fill(lang, "feedback.status", append(counts(lang, r.Findings), "status", statusWord(r.Status, lang))...) + "\n")
	if noWorkbook != nil {
		b.WriteString(noWorkbookText(noWorkbook, lang))
	}
	if advice := adviceLines(r.Findings, lang); len(advice) > 0 {
		b.WriteString("\n" + strings.Join(advice, "\n") + "\n")
	}
	if ch := changeLines(r.Changes, lang); len(ch) > 0 {
		b.WriteString("\n" + strings.Join(ch, "\n") + "\n")
	}
	lines := feedbackLines(r, tabOrder(r), lang)
	for _, sec := range []struct {
		sev   rules.Severity
		title string
		most  int // lines listed; the findings of the rest are counted
	}{
		{rules.Error, tr(lang, "feedback.to_fix"), len(lines)},
		{rules.Warning, tr(lang, "feedback.to_check"), len(lines)},
		{rules.Info, tr(lang, "feedback.notes.title"), textNotes},
	} {
		n, left := 0, 0
		for _, l := range lines {
			if l.Severity != sec.sev {
				continue
			}
			if n == sec.most {
				left += l.Count
				continue
			}
			if n == 0 {
				fmt.Fprintf(&b, "\n%s:\n", sec.title)
			}
			n++
			fmt.Fprintf(&b, "%d. %s: %s\n", n, Short(linePlace(l, lang)), Printable(l.Message))
		}
		if left > 0 {
			b.WriteString(catalog.Fill(lang, "feedback.notes.more", "n", strconv.Itoa(left)) + "\n")
		}
	}
	if workbook != "" && len(lines) > 0 {
		where := catalog.Fill(lang, "feedback.list.where.file", "workbook", workbook, "sheet", feedbackSheet)
		if slices.ContainsFunc(lines, func(l feedbackLine) bool { return l.Ref.Row > 0 && l.Ref.Col > 0 }) {
			where = catalog.Fill(lang, "feedback.list.where", "workbook", workbook, "sheet", feedbackSheet) // links to marked cells
		}
		b.WriteString("\n" + where + "\n")
	}
	if r.Findings.Count(rules.Error) == 0 && r.Findings.Count(rules.Warning) == 0 {
		b.WriteString("\n" + tr(lang, "feedback.clean") + "\n")
	}
	return b.String()
}

// textNotes is how many lines of notes the feedback text lists.
const textNotes = 30

// linePlace is "Drift!F19", "Drift" or "filen" for a line's location; a
// group's is its sheet, since its message names the cells.
func linePlace(l feedbackLine, lang rules.Lang) string {
	if l.Count > 1 && l.Ref.Sheet != "" {
		return l.Ref.Sheet
	}
	return place(l.Ref, lang)
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

// changeLines says what changed since the department's previous
// submission: a line of counts, then the findings fixed, the new ones and
// the figures changed; nothing for a first submission.
func changeLines(ch *check.Changes, lang rules.Lang) []string {
	if ch == nil {
		return nil
	}
	since := strconv.FormatInt(ch.Since, 10)
	if ch.SameFile && ch.NFixed == 0 && ch.NNew == 0 {
		return []string{catalog.Fill(lang, "feedback.changes.same", "since", since)}
	}
	out := []string{catalog.Fill(lang, "feedback.changes", "since", since, "fixed", strconv.Itoa(ch.NFixed),
		"new", strconv.Itoa(ch.NNew), "figures", strconv.Itoa(ch.NFigures),
		"added", strconv.Itoa(ch.RowsAdded), "removed", strconv.Itoa(ch.RowsRemoved))}
	for _, part := range []struct {
		key   string
		lines []string
		all   int
	}{{"feedback.changes.fixed", ch.Fixed, ch.NFixed}, {"feedback.changes.new", ch.New, ch.NNew}, {"feedback.changes.figure", ch.Figures, ch.NFigures}} {
		for _, l := range part.lines {
			out = append(out, catalog.Fill(lang, part.key, "line", Printable(l)))
		}
		if more := part.all - len(part.lines); more > 0 {
			out = append(out, catalog.Fill(lang, "feedback.changes.more", "n", strconv.Itoa(more)))
		}
	}
	return out
}
