package main

import (
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/importer"
)

const periodUsage = `Användning:
  rapportkoll period oppna PERIOD [--db DB] [--namnder A,B,…]   öppna perioden för inlämning
  rapportkoll period stang PERIOD [--db DB]                      stäng perioden
  rapportkoll period namnder PERIOD --namnder A,B,… [--db DB]    ange vilka nämnder som ska lämna in
  rapportkoll period visa PERIOD [--db DB]                       visa periodens läge och nämnder

En nämnd kan lämna in på webbsidan (rapportkoll serve) bara när perioden är öppen.
Ändringarna läggs till i databasen; inget tidigare skrivs över.
`

// runPeriod opens and closes periods and sets their register of
// departments.
func runPeriod(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var g globals
	var db, namnder string
	fs := g.flagSet("period", stderr)
	fs.Usage = func() { fmt.Fprint(stderr, periodUsage) }
	fs.StringVar(&db, "db", "", "databasen: en fil (SQLite) eller postgres://…")
	fs.StringVar(&namnder, "namnder", "", "nämnderna som ska lämna in, åtskilda med komma")
	pos, code, ok := parseCommand(fs, args)
	if !ok {
		return code
	}
	e, err := g.env(stdout, stderr)
	if err != nil {
		return envFailure(stderr, err)
	}
	if len(pos) != 2 || !strings.Contains(" oppna stang namnder visa ", " "+pos[0]+" ") || importer.NameKey(pos[1]) == "" {
		fmt.Fprint(stderr, periodUsage)
		return exitFailed
	}
	verb, period := pos[0], strings.TrimSpace(pos[1])
	if store.CheckPeriodName(period) != nil {
		return failf(stderr, pickLang(e.lang,
			"ogiltigt periodnamn %q: ange till exempel \"Helår 2023\" (bokstäver eller siffror, inga styrtecken, högst %d tecken)",
			"invalid period name %q: give for example \"Helår 2023\" (letters or digits, no control characters, at most %d characters)"),
			exporter.Short(period), store.MaxPeriodName)
	}
	depts := splitList(namnder)
	if verb == "namnder" && len(depts) == 0 {
		return failf(stderr, "%s", pickLang(e.lang, "ange nämnderna med --namnder A,B,…", "name the departments with --namnder A,B,…"))
	}
	dsn, code := dbAddress(db, e)
	if code != exitOK {
		return code
	}
	st, err := store.Open(ctx, dsn, store.Options{ReadOnly: verb == "visa"})
	if err != nil {
		return dbFailure(e, err)
	}
	defer st.Close()
	now := time.Now()
	if len(depts) > 0 && verb != "visa" {
		if err := st.SetRegister(ctx, period, depts, now); err != nil {
			return dbFailure(e, err)
		}
		e.log.Info().Str(e.f("period"), exporter.Printable(period)).Strs(e.f("departments"), depts).Msg(tr(e.lang, "log.period_departments"))
	}
	if verb == "oppna" || verb == "stang" {
		if err := st.SetPeriodOpen(ctx, period, verb == "oppna", now); err != nil {
			return dbFailure(e, err)
		}
		e.log.Info().Str(e.f("period"), exporter.Printable(period)).Bool(e.f("open"), verb == "oppna").Msg(tr(e.lang, "log.period_changed"))
	}
	ps, err := st.Period(ctx, period)
	if err != nil {
		return dbFailure(e, err)
	}
	state := pickLang(e.lang, "stängd", "closed")
	if ps.Open {
		state = pickLang(e.lang, "öppen", "open")
	}
	list := pickLang(e.lang, "(inga angivna)", "(none given)")
	if len(ps.Departments) > 0 {
		list = exporter.Printable(strings.Join(ps.Departments, ", "))
	}
	fmt.Fprintf(stdout, pickLang(e.lang, "Period %s: %s. Nämnder: %s\n", "Period %s: %s. Departments: %s\n"),
		exporter.Printable(period), state, list)
	return exitOK
}

// splitList splits a comma-separated list, dropping empty entries.
func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}
