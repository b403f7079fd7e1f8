package exporter

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"
)

// fixedTime is written as the creation and modification time of every
// workbook, so that the same inputs give the same bytes.
var fixedTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// setDocProps gives a workbook fixed document properties, created and
// modified at the run's date when one is given and not zero (Run.Created),
// else at fixedTime.
func setDocProps(f *excelize.File, title string, at ...time.Time) error {
	t := fixedTime
	if len(at) > 0 && !at[0].IsZero() {
		t = at[0].UTC()
	}
	return f.SetDocProps(&excelize.DocProperties{
		Creator: "rapportkoll", LastModifiedBy: "rapportkoll", Title: title, Language: "sv-SE",
		Created: t.Format(time.RFC3339), Modified: t.Format(time.RFC3339),
	})
}

// styles are the cell styles of a generated workbook, created once.
type styles struct {
	header, title, text, bold, amount, amountBold, number1, number1Bold, percent, percent1, percentBold, date int
	// wrap is text that wraps in its column (messages, statements).
	wrap int
}

func newStyles(f *excelize.File) (styles, error) {
	var s styles
	var err error
	mk := func(st *excelize.Style) int {
		if err != nil {
			return 0
		}
		var id int
		id, err = f.NewStyle(st)
		return id
	}
	amountFmt, number1Fmt := "#,##0;-#,##0", "#,##0.0;-#,##0.0"
	bold := &excelize.Font{Bold: true}
	s.header = mk(&excelize.Style{Font: bold, Alignment: &excelize.Alignment{WrapText: true, Vertical: "top"},
		Fill:   excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"D9E1F2"}},
		Border: []excelize.Border{{Type: "bottom", Color: "808080", Style: 1}}})
	s.title = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 14}})
	s.text = mk(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}})
	s.bold = mk(&excelize.Style{Font: bold})
	s.amount = mk(&excelize.Style{CustomNumFmt: &amountFmt})
	s.amountBold = mk(&excelize.Style{CustomNumFmt: &amountFmt, Font: bold})
	s.number1 = mk(&excelize.Style{CustomNumFmt: &number1Fmt})
	s.number1Bold = mk(&excelize.Style{CustomNumFmt: &number1Fmt, Font: bold})
	s.percent = mk(&excelize.Style{NumFmt: 9})
	s.percent1 = mk(&excelize.Style{NumFmt: 10})
	s.percentBold = mk(&excelize.Style{NumFmt: 9, Font: bold})
	s.date = mk(&excelize.Style{NumFmt: 14})
	s.wrap = mk(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	return s, err
}

// sheetWriter writes rows into one sheet of a workbook and keeps track of
// column widths.
type sheetWriter struct {
	f      *excelize.File
	sheet  string
	row    int
	maxCol int
	widths []int
	err    error
	// lines is the most lines a wrapped cell of the current row takes.
	lines int
	// rows, when set, receives the cells as sheet XML (stream.go) and f
	// gets none, only the sheet's comments, widths, panes and filter.
	rows *rowSink
}

func newSheetWriter(f *excelize.File, sheet string) *sheetWriter {
	return &sheetWriter{f: f, sheet: sheet}
}

// newStreamedSheetWriter writes the rows of sheet, which must have no
// cells in f, as they come (stream.go); splice puts them into the saved
// workbook.
func newStreamedSheetWriter(f *excelize.File, sheet string) *sheetWriter {
	return &sheetWriter{f: f, sheet: sheet, rows: &rowSink{deflate: true}}
}

// cell is one value to write with its style. Exactly one of the value
// fields is used: num when isNum (a decimal written as an exact numeric
// cell), text (always stored as text, never as a formula), or neither
// (empty).
type cell struct {
	text  string
	num   decimal.Decimal // when isNum
	isNum bool
	style int
	link  string // an internal hyperlink target such as "'Drift'!F19"
	span  bool   // a title that may run across columns: no effect on widths
	// comment, when set, is a note on the cell (a mark's findings).
	comment string
	// wrap makes a long text wrap in a column at most wrapWidth wide, its
	// row as high as its lines.
	wrap bool
}

// wrapWidth is the width, in characters, of a column of wrapped text.
const wrapWidth = 58

// wrapCell is text that wraps in its column (a message).
func wrapCell(s string, style int) cell { return cell{text: s, style: style, wrap: true} }

// wrapChars is about how many characters of running text a line of a
// column wrapWidth wide holds (the width unit is a digit, wider than
// most letters).
const wrapChars = wrapWidth * 7 / 6

// lines is how many lines s takes wrapped in a column wrapWidth wide.
func lines(s string) int {
	n := 0
	for _, l := range strings.Split(s, "\n") {
		n += max(1, (utf8.RuneCountInString(l)+wrapChars-1)/wrapChars)
	}
	return n
}

func textCell(s string, style int) cell { return cell{text: s, style: style} }

func spanCell(s string) cell { return cell{text: s, span: true} }

func numCell(d decimal.Decimal, style int) cell { return cell{num: d, isNum: true, style: style} }

// next writes a row after the last one written.
func (w *sheetWriter) next(cells ...cell) {
	w.row++
	w.lines = 1
	if w.rows != nil {
		w.rows.beginRow()
	}
	for i, c := range cells {
		w.put(i+1, w.row, c)
	}
	// the height a wrapped text needs, set as the row is written
	// (readers do not compute it, and a stream writer could not later)
	height := 0.0
	if w.lines > 1 {
		height = float64(15 * min(w.lines, 27))
	}
	switch {
	case w.rows != nil:
		w.rows.endRow(w.row, height)
	case height > 0 && w.err == nil:
		w.err = w.f.SetRowHeight(w.sheet, w.row, height)
	}
}

// skip leaves an empty row.
func (w *sheetWriter) skip() { w.row++ }

func (w *sheetWriter) put(col, row int, c cell) {
	if w.err != nil {
		return
	}
	if w.rows != nil {
		w.streamPut(col, row, c)
		return
	}
	ref, err := excelize.CoordinatesToCellName(col, row)
	if err != nil {
		w.err = err
		return
	}
	width := 0
	switch {
	case c.isNum:
		// the decimal's exact text as a numeric cell: no float64 on the way
		s := c.num.String()
		w.err = w.f.SetCellDefault(w.sheet, ref, s)
		width = len(s) + 3
	case c.text != "":
		w.err = w.f.SetCellStr(w.sheet, ref, c.text)
		width = w.textWidth(c)
	}
	if w.err == nil && c.style != 0 {
		w.err = w.f.SetCellStyle(w.sheet, ref, ref, c.style)
	}
	if w.err == nil && c.link != "" {
		w.err = w.f.SetCellHyperLink(w.sheet, ref, c.link, "Location")
	}
	w.comment(ref, c)
	w.track(col, width, c)
}

// streamPut puts a cell into the rows of a streamed sheet.
func (w *sheetWriter) streamPut(col, row int, c cell) {
	width := 0
	switch {
	case c.isNum:
		// the decimal's exact text as a numeric cell: no float64 on the way
		width = w.rows.number(col, row, c.style, c.num) + 3
	case c.text != "":
		w.rows.text(col, row, c.style, c.text)
		width = w.textWidth(c)
	case c.style != 0:
		w.rows.styled(col, row, c.style)
	}
	if c.link != "" || c.comment != "" {
		// both are kept by excelize beside the sheet's cells: the link in
		// the sheet's tail, the comment in a part of its own
		ref, err := excelize.CoordinatesToCellName(col, row)
		if err != nil {
			w.err = err
			return
		}
		if c.link != "" {
			if w.err = w.f.SetCellHyperLink(w.sheet, ref, c.link, "Location"); w.err != nil {
				return
			}
		}
		w.comment(ref, c)
	}
	w.track(col, width, c)
}

// textWidth is the width a text cell asks of its column; a wrapped text
// also sets the lines of its row.
func (w *sheetWriter) textWidth(c cell) int {
	width := utf8.RuneCountInString(c.text)
	if c.wrap {
		width = min(width, wrapWidth)
		w.lines = max(w.lines, lines(c.text))
	}
	return width
}

// comment adds c's comment, if any, at ref.
func (w *sheetWriter) comment(ref string, c cell) {
	if w.err == nil && c.comment != "" {
		w.err = w.f.AddComment(w.sheet, excelize.Comment{Author: "rapportkoll", Cell: ref, Width: 360, Height: 180,
			Paragraph: []excelize.RichTextRun{{Text: "rapportkoll:\n", Font: &excelize.Font{Bold: true}}, {Text: c.comment}}})
	}
}

// track records that column col was written, width characters wide.
func (w *sheetWriter) track(col, width int, c cell) {
	w.maxCol = max(w.maxCol, col)
	if c.span {
		return
	}
	for len(w.widths) < col {
		w.widths = append(w.widths, 0)
	}
	w.widths[col-1] = max(w.widths[col-1], width)
}

// finish sets column widths, freezes the rows above headerRow+1 and puts
// an autofilter on the header row when headerRow > 0.
func (w *sheetWriter) finish(headerRow, headerCols int) error {
	if w.err != nil {
		return w.err
	}
	if w.rows != nil && w.rows.err != nil {
		return w.rows.err
	}
	for i, wd := range w.widths {
		name, _ := excelize.ColumnNumberToName(i + 1)
		if err := w.f.SetColWidth(w.sheet, name, name, float64(colWidth(wd))); err != nil {
			return err
		}
	}
	if err := setDimension(w.f, w.sheet, w.maxCol, w.row); err != nil {
		return err
	}
	if headerRow == 0 || headerCols == 0 {
		return nil
	}
	top := fmt.Sprintf("A%d", headerRow+1)
	if err := w.f.SetPanes(w.sheet, &excelize.Panes{Freeze: true, YSplit: headerRow, TopLeftCell: top, ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	last, _ := excelize.CoordinatesToCellName(headerCols, max(w.row, headerRow+1))
	return w.f.AutoFilter(w.sheet, fmt.Sprintf("A%d:%s", headerRow, last), nil)
}

// colWidth is the width a column gets (in characters) for its widest
// text of wd characters.
func colWidth(wd int) int { return min(max(wd+2, 8), 60) }

// setDimension records the used range of a sheet. excelize leaves it at A1,
// and readers that trust it (openpyxl in read-only mode, and so pandas)
// would see one cell (shared/PITFALLS.md G1).
func setDimension(f *excelize.File, sheet string, cols, rows int) error {
	if ref := usedRef(cols, rows); ref != "" {
		return f.SetSheetDimension(sheet, ref)
	}
	return nil
}

// usedRef is the range "A1:…" of cols columns and rows rows, or "" when
// either is 0.
func usedRef(cols, rows int) string {
	if cols <= 0 || rows <= 0 {
		return ""
	}
	last, err := excelize.CoordinatesToCellName(cols, rows)
	if err != nil {
		return ""
	}
	return "A1:" + last
}

// printOptions are how a sheet prints: rows titleFrom (0: the first) to
// headerRow repeat on every page (none when headerRow is 0); fitHeight is
// how many pages high it may be (0: as many as needed; it is always one
// page wide); header and footer are Excel's header/footer codes (&L, &C,
// &R, &P, &N, &A). portrait prints a narrow sheet upright; keepPaper
// leaves a paper size the sheet already has (a department's choice).
type printOptions struct {
	titleFrom, headerRow, fitHeight int
	header, footer                  string
	portrait, keepPaper             bool
}

// paperA4 is the paper size A4 in a sheet's page setup (Letter, the
// default when none is given, is not used in Sweden).
const paperA4 = 9

// printSetup gives a sheet a page setup that prints legibly: A4 (landscape
// unless portrait), one page wide, the header rows repeated, a header and
// a footer. Sammanställning, the feedback workbooks and the template all
// print through it.
func printSetup(f *excelize.File, sheet string, o printOptions) error {
	yes, orientation, a4, wide := true, "landscape", paperA4, 1
	if o.portrait {
		orientation = "portrait"
	}
	layout := &excelize.PageLayoutOptions{Size: &a4, Orientation: &orientation, FitToWidth: &wide, FitToHeight: &o.fitHeight}
	if o.keepPaper {
		if was, err := f.GetPageLayout(sheet); err != nil {
			return err
		} else if was.Size != nil && *was.Size != 0 {
			layout.Size = nil
		}
	}
	if err := f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &yes}); err != nil {
		return err
	}
	if err := f.SetPageLayout(sheet, layout); err != nil {
		return err
	}
	if err := f.SetHeaderFooter(sheet, &excelize.HeaderFooterOptions{OddHeader: o.header, OddFooter: o.footer}); err != nil {
		return err
	}
	if o.headerRow <= 0 {
		return nil
	}
	from := max(o.titleFrom, 1)
	return f.SetDefinedName(&excelize.DefinedName{Name: printTitles, Scope: sheet,
		RefersTo: quoteSheet(sheet) + "!$" + strconv.Itoa(from) + ":$" + strconv.Itoa(o.headerRow)})
}
