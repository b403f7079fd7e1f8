package main

import (
	"bufio"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"
	"time"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

type submitOptions struct {
	globals
	db        string
	format    string
	keepFiles bool
	allCells  bool
	workers   int
	prior     priorFlag
	lastYear  lastYear // --foregaende, then the history
}

// receipt is what submit prints for a stored file.
type receipt struct {
	ID         int64  `json:"id"`
	Department string `json:"department"`
	Period     string `json:"period"`
	Seq        int64  `json:"sequence"`
	File       string `json:"file"`
	SHA256     string `json:"sha256"`
	Status     string `json:"status"`
	Errors     int    `json:"errors"`
	Warnings   int    `json:"warnings"`
	Infos      int    `json:"infos"`
	Chain      string `json:"chain"`
	// Changes is what changed since the submission this one replaces;
	// absent for a department's first submission of the period.
	Changes *changes `json:"changes,omitempty"`
}

// changes counts what changed since the previous submission of the same
// department and period (store.Compare), for the receipt.
type changes struct {
	Since        int64 `json:"since_sequence"`
	SinceRecord  int64 `json:"since_record"`
	FindingsFix  int   `json:"findings_fixed"`
	FindingsNew  int   `json:"findings_new"`
	FactsChanged int   `json:"facts_changed"`
	RowsAdded    int   `json:"rows_added"`
	RowsRemoved  int   `json:"rows_removed"`
	SameFile     bool  `json:"same_file"` // the same bytes (SHA-256) as the one replaced
	diff         *store.Diff
}

// runSubmit checks files like check and stores each in the history.
func runSubmit(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	start := time.Now()
	var o submitOptions
	fs := o.flagSet("submit", stderr)
	fs.StringVar(&o.db, "db", "", "databasen: en fil (SQLite) eller postgres://…")
	fs.StringVar(&o.format, "format", "text", "text eller json")
	fs.BoolVar(&o.keepFiles, "keep-files", false, "spara också arbetsböckerna i databasen")
	fs.IntVar(&o.workers, "j", runtime.NumCPU(), "antal filer som kontrolleras samtidigt")
	registerPrior(fs, &o.prior)
	allCellsFlags(fs, &o.allCells)
	files, code, ok := parseCommand(fs, args)
	if !ok {
		return code
	}
	if code, ok := checkFormat(stderr, o.format, "text", "json"); !ok {
		return code
	}
	e, err := o.env(stdout, stderr)
	if err != nil {
		return envFailure(stderr, err)
	}
	if len(files) == 0 {
		return failf(stderr, "%s", pickLang(e.lang,
			"ange minst en fil att lämna in, till exempel: rapportkoll submit --db historik.db inlamnat/*.xlsx",
			"name at least one file to submit, for example: rapportkoll submit --db history.db submitted/*.xlsx"))
	}
	checkCollector.apply()
	dsn, code := dbAddress(o.db, e)
	if code != exitOK {
		return code
	}
	files, err = expandInputs(files, e)
	if err != nil {
		return failf(stderr, "%v", err)
	}
	pin, code, ok := findPrior(e, o.prior, stderr)
	if !ok {
		return code
	}
	if o.lastYear.files, _, err = loadPrior(ctx, e, pin, o.workers); err != nil {
		return failf(stderr, "%v", err)
	}
	st, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		return dbFailure(e, err)
	}
	defer st.Close()
	o.lastYear.lookup = storePrior(ctx, e, st, nil)
	code = checkAndStore(ctx, e, st, &o, files)
	if code != exitFailed {
		logDone(e, start)
	}
	return code
}

// checkAndStore checks the files on o.workers goroutines and stores them
// as they and the ones before them are checked, in the order given, so
// that storing overlaps checking. Then it prints the report and a receipt
// per file stored.
//
// Unlike check and consolidate, two files of one department and period in
// the same run are not rejected as duplicates: they are stored as
// submission n and n+1, the second a resubmission.
func checkAndStore(ctx context.Context, e *env, st *store.Store, o *submitOptions, files []string) int {
	ctx, cancel := context.WithCancel(ctx)
	results := make([]*check.Submission, len(files))
	ready := make([]chan struct{}, len(files))
	for i := range ready {
		ready[i] = make(chan struct{})
	}
	sr := &submitRun{e: e, st: st, o: o, base: exporter.FileNames(nameOnly(files)), receipts: []receipt{},
		records: make([]*store.Record, len(files)), why: make([]string, len(files))}
	finished := make(chan struct{})
	go func() {
		// Each record is made by the worker that checked its file, so
		// that the storing below, one transaction at a time, only stores.
		checkInto(ctx, e, files, o.workers, o.lastYear, o.keepFiles, progressOut(e.stderr, o.quiet), results, ready, func(i int, res *check.Submission) {
			sr.records[i], sr.why[i] = buildRecord(e, res, sr.base, o.keepFiles)
			res.Tables = nil // the record holds the facts now
		})
		close(finished)
	}()
	defer func() { cancel(); <-finished }()
	for i := 0; i < len(files); {
		<-ready[i]
		// The files checked within groupWait of this one are stored in one
		// transaction: one wait for the disk for the lot, all of them or
		// none.
		j := i + 1
		wait := time.NewTimer(groupWait)
	group:
		for j < len(files) && j-i < maxGroup {
			select {
			case <-ready[j]:
				j++
			case <-wait.C:
				break group
			}
		}
		wait.Stop()
		if code, stop := sr.store(ctx, results[i:j], sr.records[i:j], sr.why[i:j]); stop {
			return code
		}
		i = j
	}
	if o.format == "text" {
		out, _ := exporter.NewOutput("text", e.stdout, exporter.OutputOptions{Lang: e.lang, FileName: sr.base, AllCells: o.allCells})
		if err := exporter.WriteAll(out, results); err != nil {
			return failf(e.stderr, pickLang(e.lang, "kunde inte skriva rapporten: %v", "could not write the report: %v"), err)
		}
		fmt.Fprintln(e.stdout)
	}
	if err := printReceipts(e, o.format, sr.receipts); err != nil {
		return failf(e.stderr, pickLang(e.lang, "kunde inte skriva kvittot: %v", "could not write the receipt: %v"), err)
	}
	return sr.code
}

// submitRun is what a submit has stored so far.
type submitRun struct {
	e        *env
	st       *store.Store
	o        *submitOptions
	base     func(string) string
	receipts []receipt
	code     int
	// records and why are each file's record, or why it has none, made
	// as the file is checked
	records []*store.Record
	why     []string
}

// store stores a group of checked files in one transaction; stop says the
// run must end now, with code.
func (sr *submitRun) store(ctx context.Context, results []*check.Submission, records []*store.Record, whys []string) (code int, stop bool) {
	e := sr.e
	var group []*store.Record
	for k, res := range results {
		if res == nil {
			return sr.interrupted(), true
		}
		if res.Status == rules.Rejected || res.Status == rules.Unreadable {
			sr.code = exitErrors
		}
		rec, why := records[k], whys[k]
		if rec == nil {
			fmt.Fprintln(e.stderr, "rapportkoll: "+why)
			sr.code = exitErrors
			continue
		}
		group = append(group, rec)
	}
	if len(group) == 0 {
		return 0, false
	}
	if err := sr.st.AppendAll(ctx, group); err != nil {
		if ctx.Err() != nil {
			return sr.interrupted(), true
		}
		printReceipts(e, sr.o.format, sr.receipts)
		return dbFailure(e, err), true
	}
	for _, rec := range group {
		e.log.Info().Str(e.f("file"), exporter.Printable(rec.File)).Int64(e.f("record"), rec.ID).Int64(e.f("submission"), rec.Seq).Msg(tr(e.lang, "log.stored"))
		ch, err := sr.changesOf(ctx, rec)
		if err != nil {
			// Stored all the same: the receipt is printed without the
			// changes, which historik diff can still show.
			e.log.Warn().Err(err).Str(e.f("file"), exporter.Printable(rec.File)).Msg(tr(e.lang, "log.changes_failed"))
		}
		sr.receipts = append(sr.receipts, receipt{ID: rec.ID, Department: rec.Department, Period: rec.Period, Seq: rec.Seq,
			File: rec.File, SHA256: rec.SHA256, Status: rec.Status, Errors: rec.Errors, Warnings: rec.Warnings,
			Infos: rec.Infos, Chain: rec.Chain, Changes: ch})
		rec.Facts, rec.Findings = nil, nil // the receipt holds what it shows
	}
	clear(records) // and the report, stored, is not held to the end of the run
	return 0, false
}

// changesOf compares a stored resubmission with the submission it
// replaces; nil for a first submission and for a file that states no
// department or period (unreadable files are not one another's
// resubmissions).
func (sr *submitRun) changesOf(ctx context.Context, rec *store.Record) (*changes, error) {
	prev, err := sr.st.Previous(ctx, rec)
	if err != nil || prev == nil {
		return nil, err
	}
	d := store.Compare(prev, rec)
	c := &changes{Since: prev.Seq, SinceRecord: prev.ID, FindingsFix: len(d.Fixed), FindingsNew: len(d.New),
		FactsChanged: len(d.Changed), RowsAdded: len(d.RowsAdded), RowsRemoved: len(d.RowsRemoved),
		SameFile: prev.SHA256 == rec.SHA256}
	if sr.o.format == "text" {
		c.diff = d
	}
	return c, nil
}

func (sr *submitRun) interrupted() int {
	printReceipts(sr.e, sr.o.format, sr.receipts)
	return failf(sr.e.stderr, "%s", pickLang(sr.e.lang, "avbruten; filerna med kvitto ovan sparades", "interrupted; the files with a receipt above were stored"))
}

// maxGroup is the most files stored in one transaction, and groupWait
// how long the first of them waits for the others to be checked: a
// transaction waits for the disk (fsync) once, so storing 1,000 files one
// by one waited a thousand times.
const (
	maxGroup  = 100
	groupWait = 100 * time.Millisecond
)

// checkInto checks files[i] into results[i] on workers goroutines, then
// calls after(i, results[i]) on the same goroutine, closing ready[i] when
// it is done (or skipped because ctx ended: results[i] nil). With
// keepInput each result holds the bytes checked (check.Options.KeepInput).
func checkInto(ctx context.Context, e *env, files []string, workers int, ly lastYear, keepInput bool, progress io.Writer, results []*check.Submission, ready []chan struct{}, after func(int, *check.Submission)) {
	jobs := make(chan int)
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	for range max(1, min(workers, len(files))) {
		wg.Go(func() {
			for i := range jobs {
				start := time.Now()
				results[i] = check.File(e.spec, files[i], check.Options{Lang: e.lang, KeepTables: true, KeepInput: keepInput, Priors: ly.files, PriorFor: ly.lookup})
				logChecked(e, results[i], time.Since(start))
				after(i, results[i])
				keptGrew()
				mu.Lock()
				done++
				drawProgress(progress, done, len(files), e.lang)
				mu.Unlock()
				close(ready[i])
			}
		})
	}
	for i := range files {
		if ctx.Err() != nil {
			close(ready[i])
			continue
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	if progress != nil {
		fmt.Fprintln(progress)
	}
}

// nameOnly gives FileNames what it needs before the files are checked.
func nameOnly(files []string) []*check.Submission {
	out := make([]*check.Submission, len(files))
	for i, f := range files {
		out[i] = &check.Submission{Source: check.Source{File: f}}
	}
	return out
}

// buildRecord makes the record of one checked file, or says why it is not
// stored.
func buildRecord(e *env, res *check.Submission, base func(string) string, keepFiles bool) (*store.Record, string) {
	name := exporter.Printable(res.File)
	if res.SHA256 == "" {
		return nil, pickLang(e.lang,
			name+": inte sparad i historiken, filen kunde inte läsas alls (se felet ovan).",
			name+": not stored in the history, the file could not be read at all (see the error above).")
	}
	// The report as WriteJSON writes it, into a buffer about its size
	// (a generated department's: 11 KB, 9 findings and 67 checks).
	report := exporter.AppendJSON(make([]byte, 0, 1024+512*len(res.Findings)+128*len(res.Checks)), exporter.NewReport(e.spec, []*check.Submission{res}, base))
	var workbook []byte
	if keepFiles {
		workbook, res.Input = res.Input, nil // the very bytes checked
		if workbook == nil {
			// a file over 16 MiB, checked through its descriptor: read
			// again, and kept only if unchanged
			b, err := readWhole(res.File)
			sum := sha256.Sum256(b)
			if err != nil || hex.EncodeToString(sum[:]) != res.SHA256 {
				return nil, pickLang(e.lang,
					name+": inte sparad i historiken, filen ändrades medan den kontrollerades. Lämna in den igen.",
					name+": not stored in the history, the file changed while it was checked. Submit it again.")
			}
			workbook = b
		}
	}
	rec := store.FromResult(e.spec, res, report, version, time.Now(), workbook)
	rec.Prepare() // here, on the worker, rather than in the append
	return rec, ""
}

// readWhole reads a submitted file, no larger than the check accepts.
func readWhole(file string) ([]byte, error) {
	f, err := os.Open(file)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, importer.MaxFileSize+1))
	if err == nil && int64(len(b)) > importer.MaxFileSize {
		err = fmt.Errorf("larger than %d bytes", importer.MaxFileSize)
	}
	return b, err
}

// printReceipts prints the receipts through a buffer: one write for a
// run's receipts, not several for each.
func printReceipts(e *env, format string, receipts []receipt) error {
	bw := bufio.NewWriter(e.stdout)
	be := *e
	be.stdout = bw
	err := writeReceipts(&be, format, receipts)
	if ferr := bw.Flush(); err == nil {
		err = ferr
	}
	return err
}

func writeReceipts(e *env, format string, receipts []receipt) error {
	if format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		enc.SetEscapeHTML(false)
		return enc.Encode(map[string]any{"receipts": receipts})
	}
	for _, r := range receipts {
		_, err := fmt.Fprintf(e.stdout, pickLang(e.lang,
			"Kvitto: %s, %s, inlämning %d: %s (%s), %d fel, %d varningar\n  SHA-256 %s\n  post %d, kedjan %s\n",
			"Receipt: %s, %s, submission %d: %s (%s), %d errors, %d warnings\n  SHA-256 %s\n  record %d, chain %s\n"),
			orUnknown(e, r.Department), orUnknown(e, r.Period), r.Seq, exporter.Printable(r.File), statusWord(e, r.Status),
			r.Errors, r.Warnings, r.SHA256, r.ID, r.Chain)
		if err != nil {
			return err
		}
		if r.Changes != nil {
			if err := writeChanges(e, r.ID, r.Changes); err != nil {
				return err
			}
		}
	}
	return nil
}

func orUnknown(e *env, s string) string {
	if s == "" {
		return pickLang(e.lang, "(okänd)", "(unknown)")
	}
	return exporter.Printable(s)
}

func statusWord(e *env, status string) string {
	sv := map[string]string{"unreadable": "oläsbar", "rejected": "avvisad", "accepted_with_warnings": "godkänd med varningar", "accepted": "godkänd"}
	en := map[string]string{"unreadable": "unreadable", "rejected": "rejected", "accepted_with_warnings": "accepted with warnings", "accepted": "accepted"}
	if w := pickLang(e.lang, sv[status], en[status]); w != "" {
		return w
	}
	return status
}

// shownChanges is how many lines of each kind a receipt lists; historik
// diff lists them all.
const shownChanges = 5

// writeChanges says under a receipt what changed since the submission it
// replaces: the counts, the first few findings fixed and new and figures
// changed, and the historik diff command that lists everything.
func writeChanges(e *env, id int64, c *changes) error {
	w := e.stdout
	if c.SameFile && c.FindingsFix == 0 && c.FindingsNew == 0 {
		_, err := fmt.Fprintf(w, pickLang(e.lang, "  samma fil som inlämning %d (samma SHA-256): inget har ändrats\n",
			"  the same file as submission %d (same SHA-256): nothing changed\n"), c.Since)
		return err
	}
	if c.SameFile {
		// The same bytes judged otherwise: another spec or last year.
		if _, err := fmt.Fprintf(w, pickLang(e.lang, "  samma fil som inlämning %d (samma SHA-256), men fynden skiljer sig (andra regler eller ett annat föregående år):\n",
			"  the same file as submission %d (same SHA-256), but the findings differ (other rules or another last year):\n"), c.Since); err != nil {
			return err
		}
	}
	_, err := fmt.Fprintf(w, pickLang(e.lang,
		"  sedan inlämning %d: %d fynd åtgärdade, %d nya fynd, %d värden ändrade, %d rader tillagda, %d borttagna\n",
		"  since submission %d: %d findings fixed, %d new findings, %d figures changed, %d rows added, %d removed\n"),
		c.Since, c.FindingsFix, c.FindingsNew, c.FactsChanged, c.RowsAdded, c.RowsRemoved)
	if err != nil || c.diff == nil {
		return err
	}
	list := func(sv, en string, lines []string) {
		for i, l := range lines {
			if i == shownChanges {
				fmt.Fprintf(w, pickLang(e.lang, "    … och %d till\n", "    … and %d more\n"), len(lines)-i)
				break
			}
			fmt.Fprintf(w, "    %s %s\n", pickLang(e.lang, sv, en), l)
		}
	}
	findings := func(fs []store.Finding) []string {
		out := make([]string, len(fs))
		for i, f := range fs {
			out[i] = findingLine(f, false)
		}
		return out
	}
	list("åtgärdat:", "fixed:", findings(c.diff.Fixed))
	list("nytt:", "new:", findings(c.diff.New))
	figures := make([]string, len(c.diff.Changed))
	for i, ch := range c.diff.Changed {
		figures[i] = figureLine(e, ch)
	}
	list("ändrat:", "changed:", figures)
	_, err = fmt.Fprintf(w, pickLang(e.lang, "    rapportkoll historik diff %d %d visar allt\n", "    rapportkoll historik diff %d %d lists everything\n"),
		c.SinceRecord, id)
	return err
}

// feedbackChanges is what changed since the submission rec replaces, for
// the feedback of consolidate --db: the counts and the first few lines of
// each kind; nil for a first submission and for a file that states no
// department or period (store.Previous).
func feedbackChanges(ctx context.Context, st *store.Store, e *env, rec *store.Record) (*check.Changes, error) {
	prev, err := st.Previous(ctx, rec)
	if err != nil || prev == nil {
		return nil, err
	}
	d := store.Compare(prev, rec)
	ch := &check.Changes{Since: prev.Seq, SameFile: prev.SHA256 == rec.SHA256, NFixed: len(d.Fixed), NNew: len(d.New),
		NFigures: len(d.Changed), RowsAdded: len(d.RowsAdded), RowsRemoved: len(d.RowsRemoved)}
	for _, f := range d.Fixed[:min(len(d.Fixed), shownChanges)] {
		ch.Fixed = append(ch.Fixed, findingLine(f, false))
	}
	for _, f := range d.New[:min(len(d.New), shownChanges)] {
		ch.New = append(ch.New, findingLine(f, false))
	}
	for _, c := range d.Changed[:min(len(d.Changed), shownChanges)] {
		ch.Figures = append(ch.Figures, figureLine(e, c))
	}
	return ch, nil
}
