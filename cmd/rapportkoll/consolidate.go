package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// version is the tool's version, written into manifest.json.
const version = "0.4.0"

// consolidateOutputs writes a consolidation's outputs; a test makes it
// fail after the consolidation was recorded.
var consolidateOutputs = exporter.Consolidate

type consolidateOptions struct {
	globals
	out     string
	strict  bool
	workers int
	period  string
	db      string
	prior   priorFlag
}

func runConsolidate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	start := time.Now()
	var o consolidateOptions
	fs := o.flagSet("consolidate", stderr)
	fs.StringVar(&o.out, "o", "", "utmapp")
	fs.BoolVar(&o.strict, "strict", false, "lämna avvisade inlämningar utanför totalerna")
	fs.IntVar(&o.workers, "j", runtime.NumCPU(), "antal filer som kontrolleras samtidigt")
	fs.StringVar(&o.period, "period", "", "perioden som sammanställs, till exempel \"Helår 2023\"")
	fs.StringVar(&o.db, "db", "", "spara sammanställningen och inlämningarna i historiken: en fil (SQLite) eller postgres://… (annars RAPPORTKOLL_DB)")
	registerPrior(fs, &o.prior)
	inputs, code, ok := parseCommand(fs, args)
	if !ok {
		return code
	}
	if o.out == "" {
		return failf(stderr, "%s", pickLang(rules.Lang(o.lang), "ange utmapp med -o, till exempel: rapportkoll consolidate inlamnat -o ut",
			"name the output folder with -o, for example: rapportkoll consolidate inlamnat -o ut"))
	}
	dsn := cmp.Or(o.db, os.Getenv("RAPPORTKOLL_DB"))
	fromHistory := len(inputs) == 0
	if fromHistory && (dsn == "" || strings.TrimSpace(o.period) == "") {
		return failf(stderr, "%s", pickLang(rules.Lang(o.lang),
			"ange en mapp eller filer att sammanställa, till exempel: rapportkoll consolidate inlamnat -o ut; eller, för att sammanställa periodens senaste inlämningar ur historiken, både --db och --period: rapportkoll consolidate --db historik.db --period \"Helår 2023\" -o ut",
			"name a folder or files to consolidate, for example: rapportkoll consolidate inlamnat -o ut; or, to consolidate the period's latest submissions from the history, both --db and --period: rapportkoll consolidate --db history.db --period \"Helår 2023\" -o ut"))
	}
	e, err := o.env(stdout, stderr)
	if err != nil {
		return envFailure(stderr, err)
	}
	created, err := sourceDate(os.Getenv("SOURCE_DATE_EPOCH"), e.lang)
	if err != nil {
		return failf(stderr, "%v", err)
	}
	if code, ok := checkNamedInputs(inputs, e.lang, stderr); !ok {
		return code
	}
	// A replacement a stopped run left half-done is finished or undone
	// first; then the folder is refused before anything is read (and
	// looked at again at the swap) if it holds what rapportkoll did not
	// write.
	if err := exporter.RecoverOutDir(o.out); err != nil {
		return outDirFailure(stderr, o.out, err, e.lang)
	}
	var files []string
	if !fromHistory {
		files, err = expandInputs(inputs, e)
		if err != nil {
			return failf(stderr, "%v", err)
		}
		if len(files) == 0 {
			return failf(stderr, pickLang(e.lang, "hittade inga .xlsx-filer i %s", "found no .xlsx files in %s"), strings.Join(inputs, ", "))
		}
	}
	// The files found in folders count too: a link in the input folder may
	// point into the output folder.
	read := append(slices.Clip(inputs), files...)
	// Last year's workbooks are inputs too: the output folder may not be
	// or hold them.
	pin, code, ok := findPrior(e, o.prior, stderr)
	if !ok {
		return code
	}
	read = append(read, pin.all()...)
	if err := exporter.CheckOutDir(o.out, read); err != nil {
		return outDirFailure(stderr, o.out, err, e.lang)
	}
	// The history, when named, is opened before the files are checked: a
	// database that cannot be used stops the run before anything is done.
	var st *store.Store
	if dsn != "" {
		st, err = store.Open(ctx, dsn, store.Options{})
		if err != nil {
			return dbFailure(e, err)
		}
		defer st.Close()
	}
	consolidateCollector.apply()
	priors, priorRead, err := loadPrior(ctx, e, pin, o.workers)
	if err != nil {
		return failf(stderr, "%v", err)
	}
	ly := lastYear{files: priors}
	var priorMu sync.Mutex
	if st != nil {
		ly.lookup = storePrior(ctx, e, st, func(p exporter.PriorInput) {
			priorMu.Lock()
			priorRead = append(priorRead, p)
			priorMu.Unlock()
		})
	}
	var results []*check.Submission
	var pc check.PeriodChoice
	var kept *keptRun
	if fromHistory {
		if kept, code, ok = checkKept(ctx, e, st, &o, ly); !ok {
			return code
		}
		results, pc = kept.results, kept.pc
	} else {
		if results, pc, code, ok = checkFiles(ctx, e, &o, files, ly); !ok {
			closeAll(results)
			return code
		}
	}
	defer closeAll(results)
	exporter.SortPriorInputs(priorRead) // the history's, in the order the workers asked
	run := exporter.Run{Spec: e.spec, Results: results, Strict: o.strict, Period: pc.Period, Version: version, Lang: e.lang, Workers: o.workers,
		Created: created, Prior: priorRead}
	if st != nil {
		// Recorded before the outputs are written, so that they can carry
		// the chain value after the record (see recordConsolidation).
		var ref *exporter.HistoryRef
		if kept != nil {
			run.Workbooks = kept.workbooks
			ref, err = recordKept(ctx, e, st, run, kept.recs)
		} else {
			ref, err = recordConsolidation(ctx, e, st, run, pc.Period)
		}
		if err != nil {
			return dbFailure(e, err)
		}
		run.History = ref
	}
	return writeConsolidation(e, &o, run, read, stdout, start)
}

// checkFiles checks the files of a consolidation, then the batch and the
// period; a --period that no file states stops the run.
func checkFiles(ctx context.Context, e *env, o *consolidateOptions, files []string, ly lastYear) ([]*check.Submission, check.PeriodChoice, int, bool) {
	results, err := checkAll(ctx, e, files, o.workers, true, ly, progressOut(e.stderr, o.quiet), nil)
	if err != nil {
		return results, check.PeriodChoice{}, failf(e.stderr, "%v", err), false
	}
	check.CheckBatch(results, e.lang)
	pc := check.CheckPeriod(results, o.period, e.lang)
	logPeriod(e, pc)
	if pc.Given && pc.Count == 0 && pc.Others > 0 {
		// A mistyped --period would reject every department.
		return results, pc, failf(e.stderr, "%s", pickLang(e.lang,
			"ingen inlämning gäller perioden \""+o.period+"\" (de gäller "+statedPeriods(results)+"). Kontrollera --period; inget skrevs.",
			"no submission is for the period \""+o.period+"\" (they are for "+statedPeriods(results)+"). Check --period; nothing was written.")), false
	}
	return results, pc, 0, true
}

// writeConsolidation writes a checked (and, with --db, recorded) run's
// outputs and the summary, and returns the exit code.
func writeConsolidation(e *env, o *consolidateOptions, run exporter.Run, read []string, stdout io.Writer, start time.Time) int {
	e.log.Info().Int(e.f("submissions"), len(run.Results)).Msg(tr(e.lang, "log.writing"))
	m, err := consolidateOutputs(o.out, run, exporter.Options{Inputs: read})
	if err != nil {
		code := outDirFailure(e.stderr, o.out, err, e.lang)
		if run.History != nil {
			fmt.Fprintf(e.stderr, pickLang(e.lang,
				"rapportkoll: sammanställningen är ändå sparad i historiken som post %d (historiken ändras aldrig i efterhand), men dess utdata skrevs inte. Rätta felet ovan och kör igen; körningen sparas då som en ny post.\n",
				"rapportkoll: the consolidation is stored in the history all the same, as record %d (the history is never changed afterwards), but its outputs were not written. Fix the error above and run again; that run is stored as a new record.\n"),
				run.History.Record)
		}
		return code
	}
	for _, nf := range m.NoFeedback {
		e.log.Warn().Str(e.f("file"), nf.File).Str(e.f("reason"), nf.Reason).Msg(tr(e.lang, "log.no_feedback"))
	}
	e.log.Info().Str(e.f("out_dir"), o.out).Int(e.f("files"), len(m.Outputs)).Msg(tr(e.lang, "log.written"))
	if err := exporter.WriteSummary(stdout, run.Results, o.out, e.lang); err != nil {
		return failf(e.stderr, pickLang(e.lang, "kunde inte skriva sammanfattningen: %v", "could not write the summary: %v"), err)
	}
	if h := run.History; h != nil {
		fmt.Fprintf(stdout, pickLang(e.lang, "Sparad i historiken %s: post %d, kedjans värde %s\n",
			"Stored in the history %s: record %d, chain value %s\n"), h.Database, h.Record, h.Chain)
	}
	logDone(e, start)
	return exitCode(run.Results)
}

// recordConsolidation stores every checked file as a submission (as
// submit does, without the workbooks) and then one consolidation record
// naming them, all in one transaction, and returns where it is with the
// chain value after it.
//
// It runs before the outputs are written: the outputs carry the chain
// value, and a record's content (the period, how totals are made, which
// submissions) never depends on the outputs' bytes, so it can be fixed
// first. If writing the outputs then fails, the record stays (the history
// is append-only) and the message says so; a failure here writes nothing.
func recordConsolidation(ctx context.Context, e *env, st *store.Store, run exporter.Run, period string) (*exporter.HistoryRef, error) {
	base := exporter.FileNames(run.Results)
	var subs []*store.Record
	inputs := make([]store.Input, 0, len(run.Results))
	for _, res := range run.Results {
		in, _ := run.InTotals(res)
		input := store.Input{File: base(res.File), SHA256: res.SHA256, Department: res.Department, InTotals: in}
		rec, why := buildRecord(e, res, base, false)
		if rec == nil {
			// Named in the consolidation all the same, with record 0.
			fmt.Fprintln(e.stderr, "rapportkoll: "+why)
		} else {
			input.Sub = rec
			subs = append(subs, rec)
		}
		inputs = append(inputs, input)
	}
	c := &store.Consolidation{Period: period, Created: store.FormatTime(time.Now()), SpecName: e.spec.Name,
		SpecVersion: e.spec.Version, ToolVersion: version, Strict: run.Strict, Inputs: inputs}
	if err := st.AppendConsolidation(ctx, subs, c); err != nil {
		return nil, err
	}
	// Each department's feedback says what changed since its previous
	// submission of the period (a failure to read it is logged: the
	// outputs are still written, historik diff shows it).
	for i, in := range inputs {
		if in.Sub == nil {
			continue
		}
		ch, err := feedbackChanges(ctx, st, e, in.Sub)
		if err != nil {
			e.log.Warn().Err(err).Str(e.f("file"), exporter.Printable(in.Sub.File)).Msg(tr(e.lang, "log.changes_failed"))
			continue
		}
		run.Results[i].Changes = ch
	}
	for _, rec := range subs {
		e.log.Info().Str(e.f("file"), exporter.Printable(rec.File)).Int64(e.f("record"), rec.ID).Int64(e.f("submission"), rec.Seq).Msg(tr(e.lang, "log.stored"))
	}
	e.log.Info().Int64(e.f("record"), c.ID).Str(e.f("chain"), c.Chain).Msg(tr(e.lang, "log.stored_run"))
	return &exporter.HistoryRef{Database: exporter.Printable(st.Where()), Record: c.ID, Chain: c.Chain}, nil
}

// closeAll removes the temporary files that hold the rows of the large
// sheets of results (check.Options.SpoolTables).
func closeAll(results []*check.Submission) {
	for _, r := range results {
		if r != nil {
			r.Close()
		}
	}
}

// logPeriod tells the operator which period is consolidated and why.
func logPeriod(e *env, c check.PeriodChoice) {
	how := tr(e.lang, "log.period.most")
	if c.Given {
		how = tr(e.lang, "log.period.given")
	}
	ev := e.log.Info()
	if c.Others > 0 || c.Count == 0 {
		ev = e.log.Warn()
	}
	ev.Str(e.f("period"), c.Period).Str(e.f("chosen"), how).Int(e.f("submissions"), c.Count).Int(e.f("other_periods"), c.Others).
		Msg(tr(e.lang, "log.period"))
}

// checkAll checks the files on several workers (check.All) and returns
// the results in the order of files. keepTables keeps what was read, for
// the consolidation, the rows of large sheets in temporary files that
// closeAll removes. Each file is logged, and the progress bar drawn, as
// it is checked.
func checkAll(ctx context.Context, e *env, files []string, workers int, keepTables bool, ly lastYear, progress io.Writer, checked func(*check.Submission)) ([]*check.Submission, error) {
	// -j 0 or less checks one file at a time
	results, err := check.All(ctx, e.spec, files, check.Options{Lang: e.lang, KeepTables: keepTables, SpoolTables: keepTables,
		Priors: ly.files, PriorFor: ly.lookup}, max(1, workers),
		func(done, total int, sub *check.Submission) {
			if checked != nil {
				checked(sub)
			}
			keptGrew()
			logChecked(e, sub, sub.Took)
			drawProgress(progress, done, total, e.lang)
		})
	if progress != nil {
		fmt.Fprintln(progress)
	}
	if err != nil {
		return results, errors.New(pickLang(e.lang, "avbruten", "interrupted"))
	}
	return results, nil
}

// progressOut is where the progress bar goes: stderr when it is a terminal
// and the run is not quiet, else nowhere.
func progressOut(stderr io.Writer, quiet bool) io.Writer {
	if quiet || !isTerminal(stderr) {
		return nil
	}
	return stderr
}

func drawProgress(w io.Writer, done, total int, lang rules.Lang) {
	if w == nil {
		return
	}
	const width = 30
	n := done * width / total
	fmt.Fprintf(w, "\r[%s%s] %s", strings.Repeat("#", n), strings.Repeat(" ", width-n),
		catalog.Fill(lang, "progress.files", "done", strconv.Itoa(done), "total", strconv.Itoa(total)))
}

// logChecked logs one checked file, and which sheets were read the slow way.
func logChecked(e *env, r *check.Submission, took time.Duration) {
	rows := 0
	for _, n := range r.RowsRead {
		rows += n
	}
	// Names and values from the workbook are escaped and shortened: the
	// console log prints them as they are.
	file := exporter.Printable(r.File)
	e.log.Info().Str(e.f("file"), file).Str(e.f("department"), exporter.Short(r.Department)).Str(e.f("period"), exporter.Short(r.Period)).
		Str(e.f("status"), string(r.Status)).Int(e.f("rows"), rows).Int(e.f("findings"), len(r.Findings)).Str(e.f("took"), dur(took)).Msg(tr(e.lang, "log.checked"))
	for _, f := range r.Fallbacks {
		e.log.Info().Str(e.f("file"), file).Str(e.f("sheet"), exporter.Printable(f)).Msg(tr(e.lang, "log.fallback"))
	}
}

// statedPeriods lists the periods the submissions state, quoted, in the
// order first met.
func statedPeriods(results []*check.Submission) string {
	var out []string
	for _, r := range results {
		p := "\"" + exporter.Short(strings.TrimSpace(r.Period)) + "\""
		if r.Period != "" && !slices.Contains(out, p) {
			out = append(out, p)
		}
	}
	return strings.Join(out, ", ")
}
