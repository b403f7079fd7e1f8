// Package check is the check of one submission from its source to its
// result, for every front end (the command line, and later the store and
// the web server): it opens a source (a file, or bytes from an upload),
// hashes it, reads it with the importer, streams large sheets past the
// rules evaluator (package rules) and keeps what the outputs need, and
// returns a Submission. All checks many sources on a worker pool, with
// progress through a callback and cancellation through a context;
// CheckBatch and CheckPeriod add the findings that need every submission
// of a run. It writes nothing but the temporary file a tree's names spill
// to (Options.TempDir).
package check

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// InternalRule is the rule of a file whose check failed from a bug.
const InternalRule = "internal.error"

// Submission is everything known about one checked source.
type Submission struct {
	Source
	Department string // Info!Nämnd
	Period     string // Info!Period
	// PeriodRef is the cell Period was read from (Row 0 when unknown).
	PeriodRef importer.Ref
	Status    rules.Status
	Findings  rules.Findings
	Checks    []rules.Check
	// Tables holds the sheets read, by spec sheet name, when Options.KeepTables
	// is set; RowsRead counts data rows per spec sheet name.
	Tables   map[string]*importer.Table
	RowsRead map[string]int
	// NotKept lists the spec sheets whose rows Options.KeepTables did not
	// keep, being larger than Options.KeepTablesBelow (their Tables entry
	// has no rows); each has a consolidate.sheet_too_large finding.
	NotKept []string
	// Spooled holds, with Options.KeepTables and SpoolTables, the rows of the spec sheets
	// larger than Options.KeepTablesBelow in temporary files instead of
	// memory (their Tables entry has the columns and no rows); EachRow
	// reads a sheet's rows either way, and Close removes the files.
	Spooled map[string]*RowSpool
	// NoFeedbackWorkbook is set, with Options.KeepTables, when the
	// workbook is too large for a feedback workbook (FeedbackBelow,
	// FeedbackStringsBelow); it has a consolidate.no_feedback_workbook
	// finding.
	NoFeedbackWorkbook bool
	// Assessed holds the computed target assessments (see
	// rules.Assessments).
	Assessed rules.Assessments
	// Took is how long the check took.
	Took time.Duration
	// Input is the file's bytes as checked, with Options.KeepInput.
	Input []byte
	// Changes, set by a caller that keeps a history (consolidate --db),
	// is what changed since the department's previous submission of the
	// period, for the feedback; nil for a first submission.
	Changes *Changes
}

// Changes is what changed since a department's previous submission of the
// same period, as the history's comparison found it; the lines are in the
// user's language, written by the caller.
type Changes struct {
	Since                  int64 // the previous submission's sequence number
	SameFile               bool  // the same bytes (SHA-256)
	Fixed, New, Figures    []string
	NFixed, NNew, NFigures int // all of them; the lines may be the first few
	RowsAdded, RowsRemoved int
}

// Source is what a Submission knows of its source: the name, the hash
// and size of its bytes, and from the importer what the feedback writer
// needs of the workbook's parts.
type Source struct {
	File   string // as given
	SHA256 string // of the file's bytes; empty when it could not be read
	Size   int64
	// Fallbacks lists sheets read with encoding/xml instead of the fast
	// scanner (importer.Workbook.Fallbacks).
	Fallbacks []string
	// Extents are the used ranges of the sheets read whole
	// (importer.Workbook.Extents).
	Extents map[string]importer.Extent
	// Parts maps each worksheet's name to its part in the archive
	// (importer.Workbook.Parts); nil when the workbook could not be opened.
	Parts map[string]string
	// Tabs are the workbook's sheets in tab order
	// (importer.Workbook.SheetNames); nil when it could not be opened.
	Tabs []string
}

// Options tune File and Bytes.
type Options struct {
	Lang       rules.Lang
	Import     importer.Options
	KeepTables bool
	// KeepInput keeps a copy of the bytes checked in Submission.Input,
	// when the file was read into memory whole (up to 16 MiB; a larger
	// one is read through its descriptor and its Input is nil).
	KeepInput bool
	// StreamAbove is the sheet size (uncompressed bytes of its part) from
	// which a sheet's rows are checked as they are read and then dropped,
	// so that memory does not grow with the rows; 0 means DefaultStreamAbove,
	// a negative value streams every sheet that can be.
	StreamAbove int64
	// TreeNamesInMemory is how many names a tree rule of a streamed sheet
	// keeps in memory before it moves them to a temporary file; 0 means
	// rules.DefaultTreeNamesInMemory, a negative value keeps them all in
	// memory.
	TreeNamesInMemory int
	// KeepTablesBelow bounds KeepTables: a sheet whose part is this large
	// or larger (uncompressed) is checked as it streams past and its rows
	// are not kept; 0 means DefaultKeepTablesBelow.
	KeepTablesBelow int64
	// SpoolTables, with KeepTables, keeps the rows of a sheet over
	// KeepTablesBelow in a temporary file instead of leaving them out
	// (Submission.Spooled, read with EachRow; the caller closes the
	// submission). For a caller that reads them in order once or twice
	// (consolidate); others get NotKept and its finding.
	SpoolTables bool
	// TreeParents is how many distinct parents a tree rule follows before
	// it reports the tree as not fully checked; 0 means
	// rules.DefaultTreeParents.
	TreeParents int
	// TempDir is the folder of the temporary file a tree's names spill to;
	// "" means the system's (os.TempDir).
	TempDir string
	// Spill, when not nil, gives the storage a tree's names spill to
	// instead of a temporary file in TempDir (the web page keeps them in
	// memory, bounded); an error of its storage is reported as the tree's
	// check not completed.
	Spill func() (rules.SpillFile, error)
	// Priors are last year's reports (see Prior), for the rules that
	// compare with them; nil: none, which those rules say once each.
	Priors *rules.Priors
	// PriorFor looks up last year's report of a department that Priors
	// does not hold (so Priors wins): it is called once per file, after
	// the file's identity sheet is read, with its department and last
	// year's period (rules.PriorPeriod), and returns nil for none. All
	// calls it from every worker at once.
	PriorFor func(department, period string) *rules.Prior
}

// DefaultStreamAbove is the sheet size from which rows are not kept: about
// 20,000 rows of the Drift sheet. Smaller sheets are kept whole, which
// costs little and spares reading a sheet twice.
const DefaultStreamAbove = 4 << 20

// DefaultKeepTablesBelow is the largest sheet whose rows KeepTables keeps
// (for Sammanställning.xlsx): 4 MiB of sheet data, some 15,000 to 30,000
// Drift rows. A larger sheet would take more memory in the consolidated
// workbook than a whole batch; it is checked fully all the same.
const DefaultKeepTablesBelow = 4 << 20

// FeedbackStringsBelow is the largest shared-string table (uncompressed)
// of a workbook that gets a feedback workbook: excelize, which writes it,
// reads the whole table into memory to save the workbook, and more to add
// to it (5 million strings took 1.9 GB). It is excelize's own
// UnzipXMLSizeLimit. Real reports have tables of some kilobytes.
const FeedbackStringsBelow = 16 << 20

// FeedbackBelow is the largest workbook (all its parts uncompressed) that
// gets a feedback workbook: excelize holds every part of a workbook it
// saves in memory (a 1,000,000-row sheet took 620 MB).
const FeedbackBelow = 64 << 20

// NoFeedbackRule is the finding of a workbook too large for a feedback
// workbook.
const NoFeedbackRule = "consolidate.no_feedback_workbook"

// SheetTooLargeRule is the finding of a sheet whose rows are too many to
// copy into Sammanställning.xlsx.
const SheetTooLargeRule = "consolidate.sheet_too_large"

func (o Options) keepTablesBelow() int64 {
	if o.KeepTablesBelow == 0 {
		return DefaultKeepTablesBelow
	}
	return o.KeepTablesBelow
}

func (o Options) streamAbove() int64 {
	if o.StreamAbove == 0 {
		return DefaultStreamAbove
	}
	return o.StreamAbove
}

// File checks the submission at path and returns what was found. It
// never fails: a file that cannot be read gets status Unreadable and a
// finding that says why and what to do.
func File(s *spec.Spec, path string, opt Options) (sub *Submission) {
	start := time.Now()
	sub = &Submission{Source: Source{File: path}, RowsRead: map[string]int{}}
	defer func() { sub.Took = time.Since(start) }()
	defer internalError(sub, opt.Lang)
	f, size, err := importer.OpenInput(path, importer.MaxFileSize)
	if err != nil {
		return unreadable(sub, err, opt.Lang)
	}
	defer f.Close()
	buf := inputs.Get().(*bytes.Buffer)
	defer putInput(buf) // after evaluate, whose workbook and goroutines are done with it
	if err := readInput(sub, f, size, &opt.Import, buf); err != nil {
		return unreadable(sub, err, opt.Lang)
	}
	if opt.KeepInput && opt.Import.Data != nil {
		sub.Input = bytes.Clone(opt.Import.Data) // buf goes back to the pool
	}
	return evaluate(s, sub, opt)
}

// Bytes checks a submission held in memory (an upload), named name in the
// findings; as File, it never fails. No temporary file is made but the
// one a tree's names may spill to.
func Bytes(s *spec.Spec, name string, data []byte, opt Options) (sub *Submission) {
	start := time.Now()
	sub = &Submission{Source: Source{File: name}, RowsRead: map[string]int{}}
	defer func() { sub.Took = time.Since(start) }()
	defer internalError(sub, opt.Lang)
	if n := int64(len(data)); n > importer.MaxFileSize {
		return unreadable(sub, &importer.SizeError{Name: name, Size: n, Limit: importer.MaxFileSize}, opt.Lang)
	}
	sum := sha256.Sum256(data)
	sub.SHA256, sub.Size = hex.EncodeToString(sum[:]), int64(len(data))
	opt.Import.Data, opt.Import.File, opt.Import.Size = data, nil, 0
	return evaluate(s, sub, opt)
}

// internalError turns a panic of the check into a finding: a bug must not
// stop the batch; the file is reported, not the stack. It is deferred.
func internalError(sub *Submission, lang rules.Lang) {
	if p := recover(); p != nil {
		sub.Status = rules.Unreadable
		sub.Findings = append(sub.Findings, rules.Finding{Severity: rules.Error, Rule: InternalRule,
			Ref: importer.Ref{File: filepath.Base(sub.File)}, Actual: fmt.Sprint(p),
			Message: catalog.Get(lang, "check.internal")})
	}
}

// evaluate reads the source opt.Import gives and feeds its sheets to the
// rules: a large sheet is evaluated as it streams past, in a goroutine of
// its own, unless something needs all of its rows afterwards.
func evaluate(s *spec.Spec, res *Submission, opt Options) *Submission {
	file := res.File
	wb, err := importer.Open(file, opt.Import)
	if err != nil {
		return unreadable(res, err, opt.Lang)
	}
	defer wb.Close()
	marker, hasMarker := wb.TemplateMarker()
	kept := rules.KeptSheets(s)
	sp := tempSpill(opt.TempDir)
	defer sp.closeAll()
	spillTo := sp.create
	if opt.Spill != nil {
		spillTo = opt.Spill
	}
	var pipes []*RowPipe
	defer func() {
		for _, p := range pipes {
			p.Abandon() // a sheet that broke off, or a panic: the rules goroutine must end
		}
	}()
	priors := opt.Priors
	if opt.PriorFor != nil {
		priors = &rules.Priors{} // this file's, filled once its department is known
	}
	ss := rules.NewSession(s, rules.SessionOptions{Lang: opt.Lang, TreeNamesInMemory: opt.TreeNamesInMemory,
		TreeParents: opt.TreeParents, Spill: spillTo, Priors: priors})
	tables := map[string]*importer.Table{}
	for _, sh := range rules.ReadOrder(s) {
		sl := &sh.SheetLayout
		// A large sheet is evaluated as it streams past, unless something
		// needs all of its rows afterwards.
		size := wb.SheetSize(sl.Name)
		keepTable := opt.KeepTables && size < opt.keepTablesBelow()
		var spool *RowSpool // a large sheet's rows go to a temporary file
		if opt.KeepTables && !keepTable {
			if !opt.SpoolTables {
				res.NotKept = append(res.NotKept, sh.Name)
			} else if sp, err := newSpool(opt.TempDir); err == nil {
				spool = sp
			} else {
				res.NotKept = append(res.NotKept, sh.Name)
			}
		}
		keep := keepTable || hasMarker || kept[sh.Name] || size < opt.streamAbove()
		var fetch rules.FetchFunc // rows of a streamed sheet are read again when needed
		if !keep {
			fetch = func(nums map[int]bool) map[int]importer.Row {
				out := map[int]importer.Row{}
				wb.Rescan(sl, func(_ *importer.Table, r importer.Row) {
					if nums[r.Num] {
						out[r.Num] = r
					}
				})
				return out
			}
		}
		var run *rules.SheetRun
		var pipe *RowPipe
		var use func(importer.Row) // where a row read goes: the rules, and the spool when there is one
		start := func(t *importer.Table) {
			run = ss.Begin(sh, t, fetch)
			use = run.Row
			if spool != nil {
				checkRow, sp := use, spool
				use = func(r importer.Row) {
					checkRow(r)
					sp.add(r)
				}
			}
			if fetch != nil { // a streamed sheet is checked (and spooled) on a goroutine of its own
				pipe = StartRowPipe(use)
				pipes = append(pipes, pipe)
				use = pipe.Add
			}
		}
		identity := s.IsIdentity(sh)
		t, err := wb.Scan(sl, func(t *importer.Table, r importer.Row) {
			res.RowsRead[sl.Name]++
			if identity {
				res.Department = t.Value(r, s.Identity.Department).Text
				v := t.Value(r, s.Identity.Period)
				res.Period, res.PeriodRef = v.Text, t.Ref(v)
				res.PeriodRef.File = filepath.Base(file)
			}
			if run == nil {
				start(t)
			}
			use(r)
		})
		if pipe != nil {
			pipe.Close()
		}
		keepSpool(res, sl.Name, spool, t, err)
		if err != nil {
			res.Status = rules.Unreadable
			res.Findings = append(res.Findings, rules.OpenFailure(filepath.Base(file), err, opt.Lang))
			break
		}
		if t != nil {
			if run == nil {
				start(t)
			}
			run.End()
			tables[sl.Name] = t
			if opt.PriorFor != nil && s.IsIdentity(sh) {
				findPrior(priors, res, opt)
			}
		}
	}
	res.Fallbacks, res.Extents, res.Parts, res.Tabs = wb.Fallbacks, wb.Extents(), wb.Parts(), wb.SheetNames()
	problems := wb.Problems
	if noTemplateSheet(s, wb) {
		// the workbook's own problems (too many sheets, parts twice) stay
		problems = slices.DeleteFunc(slices.Clone(problems), func(p importer.Problem) bool { return p.Ref.Sheet != "" })
		problems = append(problems, importer.Problem{Ref: importer.Ref{File: file}, Code: importer.NotTemplate,
			Text: strings.Join(wb.SheetNames(), ", ")})
	}
	for _, p := range problems {
		p.Ref.File = filepath.Base(p.Ref.File)
		res.Findings = append(res.Findings, rules.ProblemFinding(p, opt.Lang))
	}
	res.Checks = importChecks(wb.Checks())
	if hasMarker && res.Status != rules.Unreadable {
		fs, check := rules.CheckTemplate(marker, tables, opt.Lang)
		res.Findings = append(res.Findings, fs...)
		res.Checks = append(res.Checks, check)
	}
	if res.Status != rules.Unreadable {
		fs, checks, assessed := ss.Finish()
		res.Assessed = assessed
		res.Findings = append(res.Findings, fs...)
		res.Checks = append(res.Checks, checks...)
	}
	res.Findings = append(res.Findings, notKeptFindings(res, tables, opt)...)
	for name, sp := range res.Spooled {
		if res.Status == rules.Unreadable {
			sp.Close()
			delete(res.Spooled, name)
		} else if t := tables[name]; t != nil {
			keepRoots(sp, s.Sheet(name), t)
			t.Rows = nil // the spool has them all
		}
	}
	if opt.KeepTables {
		if f, ok := noFeedbackFinding(file, wb, opt.Lang); ok {
			res.NoFeedbackWorkbook = true
			res.Findings = append(res.Findings, f)
		}
	}
	res.Findings.Sort()
	if opt.KeepTables {
		res.Tables = tables
	}
	if res.Status == "" {
		res.Status = rules.StatusOf(res.Findings)
	}
	return res
}

// keepSpool records the spool of a sheet just read (err: how its reading
// ended), or, when it could not be written, closes it and records the
// sheet as not kept, as before spools.
func keepSpool(res *Submission, name string, spool *RowSpool, t *importer.Table, err error) {
	if spool == nil {
		return
	}
	ferr := spool.finish()
	if err != nil || t == nil || ferr != nil {
		spool.Close()
		if err == nil && t != nil {
			res.NotKept = append(res.NotKept, name)
		}
		return
	}
	if res.Spooled == nil {
		res.Spooled = map[string]*RowSpool{}
	}
	res.Spooled[name] = spool
}

// keepRoots records in a spool the first two roots of its sheet: the
// rows a streamed sheet's rules kept are its first roots (rules.SheetRun),
// those of a sheet kept whole all of its rows.
func keepRoots(sp *RowSpool, sh *spec.Sheet, t *importer.Table) {
	if sh == nil || sh.Parent == "" {
		return
	}
	sp.hasRoots = true
	for _, r := range t.Rows {
		if len(sp.roots) < 2 && t.Value(r, sh.Parent).Kind == importer.Empty {
			sp.roots = append(sp.roots, r)
		}
	}
}

// notKeptFindings reports the sheets whose rows KeepTables did not keep,
// and drops the rows their tables hold (the first roots of a streamed
// sheet), so that no part of such a sheet is copied.
func notKeptFindings(res *Submission, tables map[string]*importer.Table, opt Options) rules.Findings {
	var out rules.Findings
	for _, name := range res.NotKept {
		t := tables[name]
		if t == nil {
			continue
		}
		t.Rows = nil
		limit := sizeText(opt.keepTablesBelow())
		rows := rules.NumText(decimal.NewFromInt(int64(res.RowsRead[name])), opt.Lang)
		out = append(out, rules.Finding{Severity: rules.Warning, Rule: SheetTooLargeRule,
			Ref:     importer.Ref{File: filepath.Base(res.File), Sheet: t.Sheet},
			Message: catalog.Fill(opt.Lang, "check.sheet_too_large", "rows", rows, "limit", limit),
			Actual:  strconv.Itoa(res.RowsRead[name])})
	}
	return out
}

// noFeedbackFinding says why a workbook is too large for a feedback
// workbook, if it is.
func noFeedbackFinding(file string, wb *importer.Workbook, lang rules.Lang) (rules.Finding, bool) {
	f := rules.Finding{Severity: rules.Warning, Rule: NoFeedbackRule, Ref: importer.Ref{File: filepath.Base(file)}}
	switch {
	case wb.UnpackedSize() >= FeedbackBelow:
		limit := sizeText(FeedbackBelow)
		f.Actual = strconv.FormatInt(wb.UnpackedSize(), 10)
		f.Message = catalog.Fill(lang, "check.no_feedback.size", "limit", limit)
	case wb.SharedStringsSize() >= FeedbackStringsBelow:
		limit := sizeText(FeedbackStringsBelow)
		f.Actual = strconv.FormatInt(wb.SharedStringsSize(), 10)
		f.Message = catalog.Fill(lang, "check.no_feedback.strings", "limit", limit)
	default:
		return rules.Finding{}, false
	}
	return f, true
}

// sizeText is a size in bytes as "4 MiB", "512 KiB" or "100 byte".
func sizeText(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return strconv.FormatInt(n>>20, 10) + " MiB"
	case n >= 1<<10 && n%(1<<10) == 0:
		return strconv.FormatInt(n>>10, 10) + " KiB"
	}
	return strconv.FormatInt(n, 10) + " byte"
}

// readWholeMax is the largest file read into memory at once.
const readWholeMax = 16 << 20

// noTemplateSheet reports whether the workbook has none of the spec's sheets.
func noTemplateSheet(s *spec.Spec, wb *importer.Workbook) bool {
	for _, sl := range s.Layouts() {
		if _, ok := wb.FindSheet(sl.Name); ok {
			return false
		}
	}
	return true
}

func importChecks(m map[importer.Code]importer.Check) []rules.Check {
	out := make([]rules.Check, 0, len(m))
	for code, c := range m {
		out = append(out, rules.Check{Rule: string(code), Evaluated: c.Evaluated, Failed: c.Failed})
	}
	slices.SortFunc(out, func(a, b rules.Check) int { return strings.Compare(a.Rule, b.Rule) })
	return out
}

// unreadable is the result of a file that could not be opened as a workbook.
func unreadable(res *Submission, err error, lang rules.Lang) *Submission {
	res.Status = rules.Unreadable
	res.Findings = rules.Findings{rules.OpenFailure(filepath.Base(res.File), err, lang)}
	res.Checks = []rules.Check{{Rule: string(importer.WorkbookUnusable), Evaluated: 1, Failed: 1}}
	return res
}

// inputs are the buffers File reads files into: a batch reads a
// thousand, and their bytes were a sixth of what a check allocated.
// Nothing read from a workbook refers to its bytes (the importer copies
// what it keeps), so a buffer is reused once its check has ended.
var inputs = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// pooledInputMax is the largest buffer kept in inputs.
const pooledInputMax = 1 << 20

// poisonInputs, set by a test, overwrites a buffer's bytes when it is
// given back, so that anything still pointing into them shows.
var poisonInputs bool

func putInput(buf *bytes.Buffer) {
	if poisonInputs {
		data := buf.Bytes()
		for i := range data {
			data[i] = 0xff
		}
	}
	if buf.Cap() <= pooledInputMax {
		buf.Reset()
		inputs.Put(buf)
	}
}

// readInput hashes an opened input and sets what the importer reads: a
// file of usual size is read once into buf, hashed and unpacked from
// memory; a larger one is hashed, then read again through the same
// descriptor.
func readInput(res *Submission, f *os.File, size int64, opt *importer.Options, buf *bytes.Buffer) error {
	h := sha256.New()
	if size <= readWholeMax {
		// read into a buffer of the size stat gave (a file that grew
		// meanwhile grows it)
		buf.Grow(int(size) + bytes.MinRead)
		_, err := buf.ReadFrom(io.LimitReader(f, readWholeMax+1))
		data := buf.Bytes()
		if err != nil {
			return fmt.Errorf("%w: %v", importer.ErrFileAccess, err)
		}
		h.Write(data)
		res.SHA256, res.Size = hex.EncodeToString(h.Sum(nil)), int64(len(data))
		opt.Data = data
		return nil
	}
	n, err := io.Copy(h, io.NewSectionReader(f, 0, size))
	if err != nil {
		return fmt.Errorf("%w: %v", importer.ErrFileAccess, err)
	}
	res.SHA256, res.Size = hex.EncodeToString(h.Sum(nil)), n
	opt.File, opt.Size = f, n
	return nil
}

// tempSpill gives a tree's names a temporary file in dir. It is removed
// at once where the system allows an open file to be removed (nothing is
// left behind, even if the check stops half-way), and by Close otherwise.
func tempSpill(dir string) *spills { return &spills{dir: dir} }

// spills makes a check's temporary files and closes (and removes) those a
// stopped check left open: a sheet that breaks off mid-way never reaches
// the end where a tree closes its file.
type spills struct {
	dir   string
	mu    sync.Mutex
	files []*tempFile
}

func (s *spills) create() (rules.SpillFile, error) {
	f, err := os.CreateTemp(s.dir, "rapportkoll-namn-*")
	if err != nil {
		return nil, err
	}
	t := &tempFile{File: f, gone: os.Remove(f.Name()) == nil}
	s.mu.Lock()
	s.files = append(s.files, t)
	s.mu.Unlock()
	return t, nil
}

// closeAll closes every file not closed yet.
func (s *spills) closeAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, t := range s.files {
		t.Close()
	}
}

type tempFile struct {
	*os.File
	gone   bool // removed from its folder while open
	closed bool
}

func (t *tempFile) Close() error {
	if t.closed {
		return nil
	}
	t.closed = true
	err := t.File.Close()
	if !t.gone {
		os.Remove(t.Name())
	}
	return err
}
