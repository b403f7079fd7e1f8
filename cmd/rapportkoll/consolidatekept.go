package main

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// keptRun is a consolidation from the history (consolidate --db --period
// without files): the latest kept submission of each department of the
// period, as the web page's period consolidates (store.Plan), checked
// again from their workbooks with the current spec.
type keptRun struct {
	recs      []*store.Record
	results   []*check.Submission
	workbooks [][]byte
	pc        check.PeriodChoice
}

// checkKept plans the period's consolidation from the history, loads each
// department's latest submission with its workbook and checks it again.
// A department whose latest submission has no kept workbook stops the
// run, before anything is written or recorded: leaving it out, or taking
// an older submission of it, would make totals that look whole and are
// not (the web page shows what it leaves out before it is asked; the
// command line cannot).
func checkKept(ctx context.Context, e *env, st *store.Store, o *consolidateOptions, ly lastYear) (*keptRun, int, bool) {
	_, plan, err := st.Plan(ctx, o.period)
	if err != nil {
		return nil, dbFailure(e, err), false
	}
	var use []store.Planned
	var notKept []string
	for _, p := range plan {
		switch p.Use {
		case store.Included:
			use = append(use, p)
		case store.NotKept:
			notKept = append(notKept, notKeptLine(e, p))
		case store.Missing:
			fmt.Fprintln(e.stderr, "rapportkoll: "+pickLang(e.lang,
				exporter.Printable(p.Department)+" finns i periodens förteckning över nämnder men har inte lämnat in; sammanställningen saknar nämnden.",
				exporter.Printable(p.Department)+" is in the period's register of departments but has not submitted; the consolidation lacks it."))
		case store.Unlisted:
			fmt.Fprintln(e.stderr, "rapportkoll: "+pickLang(e.lang,
				exporter.Printable(p.Department)+" (post "+strconv.FormatInt(p.Sub.ID, 10)+") finns inte i periodens förteckning över nämnder och lämnas utanför. Lägg till den med rapportkoll period namnder om den ska med.",
				exporter.Printable(p.Department)+" (record "+strconv.FormatInt(p.Sub.ID, 10)+") is not in the period's register of departments and is left out. Add it with rapportkoll period namnder if it belongs."))
		}
	}
	if len(notKept) > 0 {
		return nil, failf(e.stderr, "%s", strings.Join(notKept, "\n")+"\n"+pickLang(e.lang, "Inget skrevs.", "Nothing was written.")), false
	}
	if len(use) == 0 {
		return nil, noSubmissionFor(ctx, e, st, o.period), false
	}
	kr := &keptRun{}
	for _, p := range use {
		rec, err := st.LoadKept(ctx, p.Sub.ID)
		if errors.Is(err, store.ErrWorkbookChanged) {
			return nil, failf(e.stderr, pickLang(e.lang,
				"%s: den sparade arbetsboken i post %d stämmer inte med postens SHA-256, så den sammanställs inte. Kör rapportkoll historik verify --db %s; inget skrevs.",
				"%s: the kept workbook of record %d does not match the record's SHA-256, so it is not consolidated. Run rapportkoll historik verify --db %s; nothing was written."),
				exporter.Printable(rec.Department), rec.ID, exporter.Printable(st.Where())), false
		}
		if err != nil {
			return nil, dbFailure(e, err), false
		}
		kr.recs, kr.workbooks = append(kr.recs, rec), append(kr.workbooks, rec.Workbook)
	}
	kr.results, kr.pc, err = store.Recheck(ctx, e.spec, kr.recs, o.period, check.Options{Lang: e.lang, KeepTables: true,
		SpoolTables: true, Priors: ly.files, PriorFor: ly.lookup}, o.workers, func(sub *check.Submission) { logChecked(e, sub, sub.Took) })
	if err != nil {
		closeAll(kr.results)
		return nil, failf(e.stderr, "%s", pickLang(e.lang, "avbruten", "interrupted")), false
	}
	logPeriod(e, kr.pc)
	return kr, 0, true
}

// notKeptLine says that a department's latest submission cannot be
// consolidated from the history, and what to do.
func notKeptLine(e *env, p store.Planned) string {
	id, file := strconv.FormatInt(p.Sub.ID, 10), exporter.Printable(p.Sub.File)
	return pickLang(e.lang,
		exporter.Printable(p.Department)+": den senaste inlämningen för perioden (post "+id+", "+file+") sparades utan arbetsboken och kan inte sammanställas ur historiken. Lämna in igen med rapportkoll submit --keep-files, eller sammanställ filerna med rapportkoll consolidate MAPP --db DB -o UTMAPP.",
		exporter.Printable(p.Department)+": the latest submission for the period (record "+id+", "+file+") was stored without its workbook and cannot be consolidated from the history. Submit again with rapportkoll submit --keep-files, or consolidate the files with rapportkoll consolidate FOLDER --db DB -o OUTDIR.")
}

// noSubmissionFor says that the history has no submission for period, and
// which periods it has.
func noSubmissionFor(ctx context.Context, e *env, st *store.Store, period string) int {
	all, err := st.List(ctx, store.Filter{})
	if err != nil {
		return dbFailure(e, err)
	}
	var periods []string
	seen := map[string]bool{}
	for _, m := range all {
		if k := importer.NameKey(m.Period); k != "" && !seen[k] {
			seen[k] = true
			periods = append(periods, "\""+exporter.Short(m.Period)+"\"")
		}
	}
	slices.Sort(periods)
	has := pickLang(e.lang, "den har inga inlämningar", "it holds no submissions")
	if len(periods) > 0 {
		has = pickLang(e.lang, "den har inlämningar för ", "it holds submissions for ") + strings.Join(periods, ", ")
	}
	return failf(e.stderr, pickLang(e.lang,
		"historiken %s har ingen inlämning för perioden \"%s\" (%s). Kontrollera --period; inget skrevs.",
		"the history %s holds no submission for the period \"%s\" (%s). Check --period; nothing was written."),
		exporter.Printable(st.Where()), exporter.Short(period), has)
}

// recordKept stores one consolidation record naming the submissions of
// the history it used (no new submission records, as the web page's
// download) and returns where it is with the chain value after it. Each
// department's feedback says what changed since its previous submission
// of the period, as with files.
func recordKept(ctx context.Context, e *env, st *store.Store, run exporter.Run, recs []*store.Record) (*exporter.HistoryRef, error) {
	c := &store.Consolidation{Period: run.Period, Created: store.FormatTime(time.Now()), SpecName: e.spec.Name,
		SpecVersion: e.spec.Version, ToolVersion: version, Strict: run.Strict,
		Inputs: store.UsedInputs(recs, run.Results, exporter.FileNames(run.Results), run.InTotals)}
	if err := st.AppendConsolidation(ctx, nil, c); err != nil {
		return nil, err
	}
	for i, rec := range recs {
		ch, err := feedbackChanges(ctx, st, e, rec)
		if err != nil {
			e.log.Warn().Err(err).Str(e.f("file"), exporter.Printable(rec.File)).Msg(tr(e.lang, "log.changes_failed"))
			continue
		}
		run.Results[i].Changes = ch
	}
	e.log.Info().Int64(e.f("record"), c.ID).Str(e.f("chain"), c.Chain).Msg(tr(e.lang, "log.stored_run"))
	return &exporter.HistoryRef{Database: exporter.Printable(st.Where()), Record: c.ID, Chain: c.Chain}, nil
}
