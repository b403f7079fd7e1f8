// Package importer reads submitted report workbooks into typed tables:
// every value an exact decimal, a text or a date, each with its cell
// reference, following the reading rules of DESIGN.md (tolerant sheet and
// header matching, Swedish number text, percent-formatted cells, cached
// formula values). Problems found while reading are returned as Problems,
// never as panics; an error is returned only when the workbook itself
// cannot be read.
package importer

import (
	"os"
	"strconv"
	"strings"

	"github.com/rapportkoll/rapportkoll/importer/xlsx"
)

// Options tune Open.
type Options struct {
	// Limits bound unpacking (zip bombs); zero means xlsx.DefaultLimits.
	Limits xlsx.Limits
	// MaxProblems is how many problems of one code are kept per sheet
	// before the rest are only counted; zero means 50.
	MaxProblems int
	// Data, when not nil, is the whole file, already read by the caller:
	// the file is then not opened again (name only names it).
	Data []byte
	// File, when Data is nil and File is not, is the file opened by the
	// caller (OpenInput), of Size bytes; it is read through and not closed.
	File *os.File
	Size int64
}

// Problem is something wrong found while reading, at a place.
type Problem struct {
	Ref    Ref
	Code   Code
	Column string // the column's header or label, where one applies
	Text   string // the cell's text, or a detail such as the missing headers
	Count  int    // for MoreProblems: how many were left out; for DuplicatePart: how many parts
	Limit  int    // for TooManySheets: how many sheets are read
	// Value and Expected, for a number read with more decimals than its
	// column states: the value as read and what to write instead, in
	// plain form ("1.234", "1234"); Unit is the column's unit ("tkr",
	// "%" or "") and Decimals its number of decimals.
	Value, Expected, Unit string
	Decimals              int32
}

// Workbook is an opened submission.
type Workbook struct {
	File     string // the name as given
	Problems []Problem
	// Fallbacks lists the sheets the fast scanner handed to encoding/xml,
	// with the reason, for the operator's log.
	Fallbacks []string
	book      *xlsx.Book
	sheetKeys []string // NameKey of each of book's sheets, once asked for
	opt       Options
	counts    map[string]int
	checks    map[Code]*Check

	calc    *calculator // made on the first formula without a cached value
	quiet   bool        // a sheet read again: problems and checks were counted the first time
	extents map[string]Extent
	hot     [nHot]Check // the checks of hotCodes, which checks points to
}

// hotCode names the checks made on every cell or row, counted through
// pointers rather than the map.
type hotCode int

const (
	hotFormula hotCode = iota
	hotError
	hotNotNumber
	hotTooLarge
	hotAsText
	hotDate
	hotText
	hotHidden
	hotDecimals
	hotThousands
	hotUnnamed
	hotUnknownType
	nHot
)

var hotCodes = [nHot]Code{FormulaNoValue, ExcelError, NotANumber, NumberTooLarge, NumberAsText, BadDate, TextTooLong, HiddenRow, TooManyDecimals, ThousandsComma, RowUnnamed, UnknownCellType}

// checkHot counts evaluations of checks made on every cell.
func (w *Workbook) checkHot(hs ...hotCode) {
	if w.quiet {
		return
	}
	for _, h := range hs {
		w.hot[h].Evaluated++
	}
}

// Check counts how often a reading check ran and how often it failed.
type Check struct{ Evaluated, Failed int }

// Checks returns the counts of every reading check that ran, by code.
func (w *Workbook) Checks() map[Code]Check {
	out := make(map[Code]Check, len(w.checks))
	for c, n := range w.checks {
		if *n != (Check{}) {
			out[c] = *n
		}
	}
	return out
}

func (w *Workbook) check(codes ...Code) {
	if w.quiet {
		return
	}
	for _, c := range codes {
		n := w.checks[c]
		if n == nil {
			n = &Check{}
			w.checks[c] = n
		}
		n.Evaluated++
	}
}

// Open sniffs and opens the workbook at name. A returned error wraps one of
// the sentinel errors of this package (ErrLegacyXLS, ErrEncrypted, ...).
func Open(name string, opt Options) (*Workbook, error) {
	if opt.Limits == (xlsx.Limits{}) {
		opt.Limits = xlsx.DefaultLimits
	}
	if opt.MaxProblems == 0 {
		opt.MaxProblems = 50
	}
	b, err := openBook(name, opt.Data, opt.File, opt.Size, opt.Limits)
	if err != nil {
		return nil, err
	}
	w := &Workbook{File: name, book: b, opt: opt, counts: map[string]int{}, checks: map[Code]*Check{}}
	for i, c := range hotCodes {
		w.checks[c] = &w.hot[i]
	}
	w.checkArchive(name)
	b.OnFallback = func(sheet string, err error) {
		if !w.quiet {
			w.Fallbacks = append(w.Fallbacks, sheet+": "+err.Error())
		}
	}
	return w, nil
}

// checkArchive reports a workbook with more sheets than are read and an
// archive holding a part twice (which copy Excel shows is not certain).
func (w *Workbook) checkArchive(name string) {
	w.check(TooManySheets, DuplicatePart)
	b := w.book
	if b.SheetCount > len(b.Sheets) {
		w.report(Problem{Ref: Ref{File: name}, Code: TooManySheets, Text: strconv.Itoa(b.SheetCount), Limit: len(b.Sheets)})
	}
	if n := len(b.Duplicates); n > 0 {
		names := b.Duplicates[:min(n, 5)]
		text := strings.Join(names, ", ")
		if n > len(names) {
			text += ", …"
		}
		w.report(Problem{Ref: Ref{File: name}, Code: DuplicatePart, Text: text, Count: n})
	}
}

// Close releases the file.
func (w *Workbook) Close() error {
	return w.book.Close()
}

// Date1904 reports whether the workbook counts dates from 1904.
func (w *Workbook) Date1904() bool { return w.book.Date1904 }

// SheetNames lists the workbook's sheets in order.
func (w *Workbook) SheetNames() []string {
	out := make([]string, len(w.book.Sheets))
	for i, s := range w.book.Sheets {
		out[i] = s.Name
	}
	return out
}

// Parts maps every worksheet's name to the path of its XML part in the
// archive, for a writer that patches the workbook without parsing it.
func (w *Workbook) Parts() map[string]string {
	out := make(map[string]string, len(w.book.Sheets))
	for _, s := range w.book.Sheets {
		if _, dup := out[s.Name]; !dup { // the first of a name, the one read
			out[s.Name] = s.Part()
		}
	}
	return out
}

// FindSheet finds the first sheet of a name, compared as NameKey compares
// names: ignoring case, spacing, invisible characters ("Dri\u200bft") and
// the Unicode form.
func (w *Workbook) FindSheet(name string) (xlsx.Sheet, bool) {
	n := NameKey(name)
	for i, k := range w.bookSheetKeys() {
		if k == n {
			return w.book.Sheets[i], true
		}
	}
	return xlsx.Sheet{}, false
}

// bookSheetKeys is the NameKey of each of the workbook's sheets, made
// once: every sheet of the spec is looked for among them.
func (w *Workbook) bookSheetKeys() []string {
	if w.sheetKeys == nil {
		w.sheetKeys = make([]string, len(w.book.Sheets))
		for i, s := range w.book.Sheets {
			w.sheetKeys[i] = NameKey(s.Name)
		}
	}
	return w.sheetKeys
}

// sameNamed lists, quoted, every sheet whose name matches name as
// FindSheet matches it ("Drift", "drift "), in workbook order.
func (w *Workbook) sameNamed(name string) []string {
	n := NameKey(name)
	var out []string
	for i, k := range w.bookSheetKeys() {
		if k == n {
			out = append(out, `"`+w.book.Sheets[i].Name+`"`)
		}
	}
	return out
}

func (w *Workbook) report(p Problem) {
	if w.quiet {
		return
	}
	if p.Code != MoreProblems {
		n := w.checks[p.Code]
		if n == nil {
			n = &Check{Evaluated: 1}
			w.checks[p.Code] = n
		}
		n.Failed++
	}
	key := p.Ref.Sheet + "\x00" + string(p.Code)
	w.counts[key]++
	if w.counts[key] <= w.opt.MaxProblems {
		w.Problems = append(w.Problems, p)
	}
}

// flushCounts adds a MoreProblems problem for every code of sheet whose
// problems were cut off.
func (w *Workbook) flushCounts(sheet string) {
	for key, n := range w.counts {
		s, code, _ := strings.Cut(key, "\x00")
		if s == sheet && n > w.opt.MaxProblems {
			w.Problems = append(w.Problems, Problem{
				Ref: Ref{File: w.File, Sheet: sheet}, Code: MoreProblems,
				Text: code, Count: n - w.opt.MaxProblems,
			})
			w.counts[key] = w.opt.MaxProblems
		}
	}
}

// Read reads a whole sheet into a Table. It returns a nil Table, with a
// Problem, when a required sheet is missing or its header cannot be found;
// a nil Table and no Problem for a missing optional sheet.
func (w *Workbook) Read(sl *SheetLayout) (*Table, error) {
	return w.Scan(sl, func(t *Table, r Row) {
		t.Rows = append(t.Rows, r)
	})
}

// SheetSize is the uncompressed size of the sheet's data as the archive
// declares it, or 0 when the workbook has no such sheet: a cheap measure
// of how many rows a sheet has before reading it.
func (w *Workbook) SheetSize(name string) int64 {
	sh, ok := w.FindSheet(name)
	if !ok {
		return 0
	}
	return w.book.SheetSize(sh.Name)
}

// UnpackedSize returns the uncompressed size the archive declares for all
// of its parts.
func (w *Workbook) UnpackedSize() int64 { return w.book.UnpackedSize() }

// SharedStringsSize returns the uncompressed size the archive declares
// for the shared-string table, or 0 when there is none.
func (w *Workbook) SharedStringsSize() int64 { return w.book.SharedStringsSize() }

// Extent is the used range of a sheet: the last row and column holding a
// value or a formula.
type Extent struct{ Cols, Rows int }

func (e *Extent) add(xr *xlsx.Row) {
	for _, c := range xr.Cells {
		if c.Value != "" || c.Formula {
			e.Cols, e.Rows = max(e.Cols, c.Col), max(e.Rows, xr.Num)
		}
	}
}

// Extents returns the used range of every table sheet read whole, by the
// sheet's name in the workbook: what a writer must record as the sheet's
// dimension, known without reading the sheet again.
func (w *Workbook) Extents() map[string]Extent { return w.extents }

// Rescan reads a sheet again as Scan does, for a caller that kept only
// part of it the first time; problems and checks are not reported again.
func (w *Workbook) Rescan(sl *SheetLayout, fn func(*Table, Row)) error {
	w.quiet = true
	defer func() { w.quiet = false }()
	_, err := w.Scan(sl, fn)
	return err
}

// Scan reads a sheet row by row and calls fn for every data row; fn may keep
// the Row. Heading rows (a label and no values) and empty rows are skipped.
// The returned Table has no Rows unless fn adds them.
func (w *Workbook) Scan(sl *SheetLayout, fn func(*Table, Row)) (*Table, error) {
	sh, ok := w.FindSheet(sl.Name)
	if sl.Required {
		w.check(SheetMissing)
	}
	if ok {
		w.check(SheetHidden)
	}
	if !ok {
		if sl.Required {
			w.report(Problem{Ref: Ref{File: w.File, Sheet: sl.Name}, Code: SheetMissing, Text: sl.Name})
		}
		return nil, nil
	}
	if sh.Hidden {
		w.report(Problem{Ref: Ref{File: w.File, Sheet: sh.Name}, Code: SheetHidden})
	}
	w.check(SheetAmbiguous)
	if same := w.sameNamed(sl.Name); len(same) > 1 {
		w.report(Problem{Ref: Ref{File: w.File, Sheet: sh.Name}, Code: SheetAmbiguous, Column: sl.Name, Text: strings.Join(same, ", ")})
	}
	t := &Table{File: w.File, Sheet: sh.Name, Layout: sl}
	defer w.flushCounts(sh.Name)
	if sl.Layout == LayoutKeyValue {
		return w.scanKeyValue(t, sh, fn)
	}
	return w.scanTable(t, sh, fn)
}

func (w *Workbook) scanTable(t *Table, sh xlsx.Sheet, fn func(*Table, Row)) (*Table, error) {
	var pending []pendingRow // rows before the header, kept until it is found
	found := false
	var ext Extent
	for xr, err := range w.book.Rows(sh.Name) {
		if err != nil {
			return nil, sheetError(err)
		}
		ext.add(xr)
		if !found {
			if xr.Num > headerSearchRows {
				break
			}
			pending = append(pending, pendingRow{xr.Num, cellTexts(xr)})
			if t.resolveHeaderRow(xr, pending[len(pending)-1].texts) {
				w.check(ColumnDuplicate)
				found = true
				t.keyPos = t.Index(t.Layout.Key) + 1
				w.markHidden(t, sh.Name)
				w.reportDuplicates(t)
			}
			continue
		}
		if r, ok := w.convertRow(t, xr); ok {
			fn(t, r)
		}
	}
	w.check(HeaderNotFound)
	if !found {
		w.reportMissingHeader(t, pending)
		return nil, nil
	}
	w.setExtent(sh.Name, ext) // the whole sheet was read
	return t, nil
}

// markHidden notes which of the table's columns the sheet hides, so that
// the first value read in each is reported (HiddenColumn). A head that
// cannot be read hides nothing: the rows, read next, report the damage.
func (w *Workbook) markHidden(t *Table, sheet string) {
	ranges, _ := w.book.HiddenColumns(sheet)
	t.hidden = make([]bool, len(t.Columns))
	for i, tc := range t.Columns {
		w.check(HiddenColumn)
		for _, r := range ranges {
			if tc.Col >= r.Min && tc.Col <= r.Max {
				t.hidden[i] = true
			}
		}
	}
}

func (w *Workbook) setExtent(sheet string, ext Extent) {
	if w.extents == nil {
		w.extents = map[string]Extent{}
	}
	w.extents[sheet] = ext
}

// headerSearchRows is how far down the header row is looked for.
const headerSearchRows = 20

type pendingRow struct {
	num   int
	texts map[int]string
}

func cellTexts(xr *xlsx.Row) map[int]string {
	m := make(map[int]string, len(xr.Cells))
	for _, c := range xr.Cells {
		if s := strings.TrimSpace(c.Value); s != "" {
			m[c.Col] = c.Value
		}
	}
	return m
}

func (w *Workbook) reportDuplicates(t *Table) {
	for _, d := range t.duplicates {
		w.report(Problem{Ref: Ref{File: w.File, Sheet: t.Sheet, Row: t.HeaderRow, Col: d.Col}, Code: ColumnDuplicate, Column: d.Header})
	}
}

// reportMissingHeader names the required columns missing from the row that
// came closest to being the header.
func (w *Workbook) reportMissingHeader(t *Table, rows []pendingRow) {
	bestRow, bestMissing := 0, []string(nil)
	for _, r := range rows {
		missing := t.missingRequired(r.texts)
		if bestMissing == nil || len(missing) < len(bestMissing) {
			bestRow, bestMissing = r.num, missing
		}
	}
	if bestMissing == nil {
		bestMissing = t.missingRequired(nil)
	}
	ref := Ref{File: w.File, Sheet: t.Sheet, Row: bestRow}
	if len(bestMissing) == len(t.missingRequired(nil)) {
		w.report(Problem{Ref: Ref{File: w.File, Sheet: t.Sheet}, Code: HeaderNotFound, Text: strings.Join(bestMissing, ", ")})
		return
	}
	for _, h := range bestMissing {
		w.report(Problem{Ref: ref, Code: ColumnMissing, Column: h})
	}
}
