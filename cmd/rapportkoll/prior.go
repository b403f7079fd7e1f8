package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// priorFlag is --foregaende, given once or more: last year's workbooks
// (folders or files), which the cross-period rules compare this year's
// reports with.
type priorFlag []string

func (p *priorFlag) String() string { return strings.Join(*p, ",") }

func (p *priorFlag) Set(v string) error {
	*p = append(*p, v)
	return nil
}

// registerPrior declares --foregaende on a command's flags.
func registerPrior(fs *flag.FlagSet, p *priorFlag) {
	fs.Var(p, "foregaende", "föregående års arbetsböcker (mapp eller fil; kan anges flera gånger) att jämföra med")
}

// priorInputs are last year's workbooks: the arguments of --foregaende
// and the files found in them.
type priorInputs struct {
	named, files []string
}

// all is every path read for last year, for the output folder's checks.
func (p priorInputs) all() []string { return append(append([]string{}, p.named...), p.files...) }

// findPrior checks that every --foregaende argument can be opened (a
// mistyped path is exit 2, as for other inputs) and lists the workbooks.
func findPrior(e *env, named []string, stderr io.Writer) (priorInputs, int, bool) {
	if len(named) == 0 {
		return priorInputs{}, 0, true
	}
	if code, ok := checkNamedInputs(named, e.lang, stderr); !ok {
		return priorInputs{}, code, false
	}
	files, err := expandInputs(named, e)
	if err != nil {
		return priorInputs{}, failf(stderr, "%v", err), false
	}
	if len(files) == 0 {
		return priorInputs{}, failf(stderr, "%s", pickLang(e.lang,
			"hittade inga .xlsx-filer i "+strings.Join(named, ", ")+" (--foregaende)",
			"found no .xlsx files in "+strings.Join(named, ", ")+" (--foregaende)")), false
	}
	return priorInputs{named: named, files: files}, 0, true
}

// loadPrior reads last year's workbooks through the same pipeline as this
// year's (never modifying them) and returns their figures by department
// and period. A file that cannot be read, or names no department or
// period, is logged and left out: the departments it would have served
// get the cross-period rules' "nothing to compare with". Of two files for
// the same department and period the later (in name order) is used, and
// the log says so. read lists every file read, for the manifest.
func loadPrior(ctx context.Context, e *env, in priorInputs, workers int) (ps *rules.Priors, read []exporter.PriorInput, err error) {
	if len(in.files) == 0 {
		return nil, nil, nil
	}
	subs, err := check.All(ctx, e.spec, in.files, check.Options{Lang: e.lang, KeepTables: true}, max(1, workers), nil)
	if err != nil {
		return nil, nil, fmt.Errorf("%s", pickLang(e.lang, "avbruten", "interrupted"))
	}
	for _, sub := range subs {
		read = append(read, exporter.PriorInput{Path: strings.ToValidUTF8(sub.File, "\uFFFD"), SHA256: sub.SHA256, Size: sub.Size,
			Department: sub.Department, Period: sub.Period})
	}
	exporter.SortPriorInputs(read)
	for _, sub := range subs {
		if sub.Status == rules.Unreadable || sub.Department == "" || sub.Period == "" {
			e.log.Warn().Str(e.f("file"), exporter.Printable(sub.File)).Msg(tr(e.lang, "log.prior.unusable"))
		}
	}
	ps, replaced := check.Priors(e.spec, subs)

	for _, old := range replaced {
		e.log.Warn().Str(e.f("file"), exporter.Printable(old.File)).Str(e.f("department"), exporter.Short(old.Department)).
			Str(e.f("period"), exporter.Short(old.Period)).Msg(tr(e.lang, "log.prior.replaced"))
	}
	e.log.Info().Int(e.f("reports"), ps.Len()).Int(e.f("files"), len(in.files)).Msg(tr(e.lang, "log.prior.read"))
	return ps, read, nil
}

// lastYear is where a run finds last year's reports: the files of
// --foregaende, which win, and the history (--db), asked for a department
// the files do not cover.
type lastYear struct {
	files  *rules.Priors
	lookup func(department, period string) *rules.Prior
}

// storePrior asks the history for last year's report of a department
// (store.PriorLookup), logging what it found and what it could not read;
// used, when not nil, is told of each report found (for the manifest).
func storePrior(ctx context.Context, e *env, st *store.Store, used func(exporter.PriorInput)) func(department, period string) *rules.Prior {
	return st.PriorLookup(ctx, func(department, period string, sp *store.Prior) {
		if used != nil {
			used(exporter.PriorInput{Department: sp.Record.Department, Period: sp.Record.Period, Record: sp.Record.ID, Consolidation: sp.Consolidation})
		}
		e.log.Info().Str(e.f("department"), exporter.Short(department)).Str(e.f("period"), exporter.Short(period)).
			Int64(e.f("record"), sp.Record.ID).Int64(e.f("consolidation"), sp.Consolidation).Msg(tr(e.lang, "log.prior.from_db"))
	}, func(department, period string, err error) {
		e.log.Warn().Err(err).Str(e.f("department"), exporter.Short(department)).Str(e.f("period"), exporter.Short(period)).
			Msg(tr(e.lang, "log.prior.db_error"))
	})
}
