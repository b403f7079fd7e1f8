package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// version is the tool's version, written into manifest.json.
const version = "0.4.0"

type consolidateOptions struct {
	globals
	out     string
	strict  bool
	workers int
	period  string
}

func runConsolidate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var o consolidateOptions
	fs := o.flagSet("consolidate", stderr)
	fs.StringVar(&o.out, "o", "", "utmapp")
	fs.BoolVar(&o.strict, "strict", false, "lämna avvisade inlämningar utanför totalerna")
	fs.IntVar(&o.workers, "j", runtime.NumCPU(), "antal filer som kontrolleras samtidigt")
	fs.StringVar(&o.period, "period", "", "perioden som sammanställs, till exempel \"Helår 2023\"")
	inputs, err := parseInterleaved(fs, args)
	if err == flag.ErrHelp {
		return exitOK
	}
	if err != nil {
		return exitFailed
	}
	if o.out == "" {
		return failf(stderr, "ange utmapp med -o, till exempel: rapportkoll consolidate inlamnat -o ut")
	}
	if len(inputs) == 0 {
		return failf(stderr, "ange en mapp eller filer att sammanställa, till exempel: rapportkoll consolidate inlamnat -o ut")
	}
	e, err := o.env(stdout, stderr)
	if err != nil {
		return envFailure(stderr, err)
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
	files, err := expandInputs(inputs, e)
	if err != nil {
		return failf(stderr, "%v", err)
	}
	if len(files) == 0 {
		return failf(stderr, "hittade inga .xlsx-filer i %s", strings.Join(inputs, ", "))
	}
	// The files found in folders count too: a link in the input folder may
	// point into the output folder.
	read := append(slices.Clip(inputs), files...)
	if err := exporter.CheckOutDir(o.out, read); err != nil {
		return outDirFailure(stderr, o.out, err, e.lang)
	}
	softMemoryLimit()
	results, err := checkAll(ctx, e, files, o.workers, true, progressOut(stderr, o.quiet))
	if err != nil {
		return failf(stderr, "%v", err)
	}
	check.CheckBatch(results, e.lang)
	pc := check.CheckPeriod(results, o.period, e.lang)
	logPeriod(e, pc)
	if pc.Given && pc.Count == 0 && pc.Others > 0 {
		// A mistyped --period would reject every department.
		return failf(stderr, "%s", pickLang(e.lang,
			"ingen inlämning gäller perioden \""+o.period+"\" (de gäller "+statedPeriods(results)+"). Kontrollera --period; inget skrevs.",
			"no submission is for the period \""+o.period+"\" (they are for "+statedPeriods(results)+"). Check --period; nothing was written."))
	}
	run := exporter.Run{Spec: e.spec, Results: results, Strict: o.strict, Version: version, Lang: e.lang, Workers: o.workers}
	e.log.Info().Int("inlämningar", len(results)).Msg("skriver sammanställning, återkoppling och rapporter")
	m, err := exporter.Consolidate(o.out, run, exporter.Options{Inputs: read})
	if err != nil {
		return outDirFailure(stderr, o.out, err, e.lang)
	}
	for _, nf := range m.NoFeedback {
		e.log.Warn().Str("fil", nf.File).Str("orsak", nf.Reason).Msg("ingen återkopplingsarbetsbok gjordes, bara texten, som säger varför")
	}
	e.log.Info().Str("utmapp", o.out).Int("filer", len(m.Outputs)).Msg("sammanställning skriven")
	if err := exporter.WriteSummary(stdout, results, o.out, e.lang); err != nil {
		return failf(stderr, "kunde inte skriva sammanfattningen: %v", err)
	}
	return exitCode(results)
}

// logPeriod tells the operator which period is consolidated and why.
func logPeriod(e *env, c check.PeriodChoice) {
	how := "flest inlämningar anger den"
	if c.Given {
		how = "angiven med --period"
	}
	ev := e.log.Info()
	if c.Others > 0 || c.Count == 0 {
		ev = e.log.Warn()
	}
	ev.Str("period", c.Period).Str("vald", how).Int("inlämningar", c.Count).Int("andra_perioder", c.Others).
		Msg("sammanställer en period; inlämningar av andra perioder räknas inte in i totalerna")
}

// checkAll checks the files on several workers (check.All) and returns
// the results in the order of files. keepTables keeps what was read, for
// the consolidation. Each file is logged, and the progress bar drawn, as
// it is checked.
func checkAll(ctx context.Context, e *env, files []string, workers int, keepTables bool, progress io.Writer) ([]*check.Submission, error) {
	// -j 0 or less checks one file at a time
	results, err := check.All(ctx, e.spec, files, check.Options{Lang: e.lang, KeepTables: keepTables}, max(1, workers),
		func(done, total int, sub *check.Submission) {
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
	e.log.Info().Str("fil", file).Str("nämnd", exporter.Short(r.Department)).Str("period", exporter.Short(r.Period)).
		Str("status", string(r.Status)).Int("rader", rows).Int("fynd", len(r.Findings)).Dur("tid", took).Msg("kontrollerad")
	for _, f := range r.Fallbacks {
		e.log.Info().Str("fil", file).Str("blad", exporter.Printable(f)).Msg("bladet lästes med encoding/xml i stället för den snabba läsaren")
	}
}

// consolidateMemory is the soft memory limit of a consolidation: the Go
// runtime collects garbage harder as the heap nears it, instead of letting
// the heap grow to twice what is live while the combined workbook is built
// (README, "Performance"). It is soft: a larger batch still runs, with more
// collection. GOMEMLIMIT, when set, is used instead.
const consolidateMemory = 256 << 20

func softMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(consolidateMemory)
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
