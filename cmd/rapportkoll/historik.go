package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/rapportkoll/rapportkoll/rules"
	"io"
	"os"
	"strconv"
	"text/tabwriter"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
	"github.com/rapportkoll/rapportkoll/exporter"
)

type historikOptions struct {
	globals
	db     string
	format string
	period string
	namnd  string
}

// runHistorik runs historik list, diff and verify.
func runHistorik(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 && (args[0] == "-h" || args[0] == "-help" || args[0] == "--help") {
		fmt.Fprint(stderr, usageIn(rules.Swedish))
		return exitOK
	}
	if len(args) == 0 || (args[0] != "list" && args[0] != "diff" && args[0] != "verify") {
		return failf(stderr, "ange list, diff A B eller verify, till exempel: rapportkoll historik list --period \"Helår 2023\"")
	}
	sub := args[0]
	var o historikOptions
	fs := o.flagSet("historik "+sub, stderr)
	fs.StringVar(&o.db, "db", "", "databasen: en fil (SQLite) eller postgres://…")
	fs.StringVar(&o.format, "format", "text", "text eller json")
	if sub == "list" {
		fs.StringVar(&o.period, "period", "", "bara denna period")
		fs.StringVar(&o.namnd, "namnd", "", "bara denna nämnd")
	}
	pos, code, ok := parseCommand(fs, args[1:])
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
	var a, b int64
	switch {
	case sub == "diff" && len(pos) == 2:
		a, err = strconv.ParseInt(pos[0], 10, 64)
		if err == nil {
			b, err = strconv.ParseInt(pos[1], 10, 64)
		}
		if err != nil {
			return failf(stderr, "%s", pickLang(e.lang,
				"ange två postnummer ur rapportkoll historik list, till exempel: rapportkoll historik diff 3 7",
				"give two record numbers from rapportkoll historik list, for example: rapportkoll historik diff 3 7"))
		}
	case sub == "diff":
		return failf(stderr, "%s", pickLang(e.lang, "historik diff jämför två inlämningar: rapportkoll historik diff A B",
			"historik diff compares two submissions: rapportkoll historik diff A B"))
	case len(pos) > 0:
		return failf(stderr, "%s", pickLang(e.lang, "okänt argument "+strconv.Quote(pos[0]), "unexpected argument "+strconv.Quote(pos[0])))
	}
	dsn, code := dbAddress(o.db, e)
	if code != exitOK {
		return code
	}
	st, err := store.Open(ctx, dsn, store.Options{ReadOnly: true})
	if err != nil {
		return dbFailure(e, err)
	}
	defer st.Close()
	switch sub {
	case "list":
		return historikList(ctx, e, st, &o)
	case "diff":
		return historikDiff(ctx, e, st, o.format, a, b)
	}
	return historikVerify(ctx, e, st, o.format)
}

func historikList(ctx context.Context, e *env, st *store.Store, o *historikOptions) int {
	list, err := st.List(ctx, store.Filter{Period: o.period, Department: o.namnd})
	if err != nil {
		return dbFailure(e, err)
	}
	// Consolidations are of no department: listed unless --namnd is given.
	cons := []store.ConsolidationSummary{}
	if o.namnd == "" {
		if cons, err = st.ListConsolidations(ctx, o.period); err != nil {
			return dbFailure(e, err)
		}
	}
	if o.format == "json" {
		out := map[string]any{"submissions": list}
		if len(cons) > 0 { // absent, as before consolidations were stored, when there are none
			out["consolidations"] = cons
		}
		return writeJSON(e, out)
	}
	tw := tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, pickLang(e.lang, "Post\tNämnd\tPeriod\tInlämning\tMottagen (UTC)\tFil\tStatus\tFel\tVarningar\tSHA-256",
		"Record\tDepartment\tPeriod\tSubmission\tReceived (UTC)\tFile\tStatus\tErrors\tWarnings\tSHA-256"))
	for _, m := range list {
		fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\t%s\t%s\t%d\t%d\t%s\n", m.ID, orUnknown(e, m.Department), orUnknown(e, m.Period),
			m.Seq, m.Received, exporter.Printable(m.File), statusWord(e, m.Status), m.Errors, m.Warnings, short(m.SHA256))
	}
	tw.Flush()
	if len(list) == 0 {
		fmt.Fprintln(e.stdout, pickLang(e.lang, "Inga inlämningar.", "No submissions."))
	}
	if len(cons) > 0 {
		fmt.Fprintln(e.stdout)
		tw = tabwriter.NewWriter(e.stdout, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, pickLang(e.lang, "Sammanställning, post\tPeriod\tGjord (UTC)\tFiler\tKedjans värde efter",
			"Consolidation, record\tPeriod\tMade (UTC)\tFiles\tChain value after"))
		for _, c := range cons {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%d\t%s\n", c.ID, orUnknown(e, c.Period), c.Created, c.Inputs, c.Chain)
		}
		tw.Flush()
	}
	return exitOK
}

func historikDiff(ctx context.Context, e *env, st *store.Store, format string, a, b int64) int {
	ra, err := st.Load(ctx, a)
	if err == nil {
		var rb *store.Record
		rb, err = st.Load(ctx, b)
		if err == nil {
			return writeDiff(e, format, store.Compare(ra, rb))
		}
		a = b
	}
	if errors.Is(err, store.ErrNotFound) {
		return failf(e.stderr, "%s", pickLang(e.lang,
			fmt.Sprintf("det finns ingen post %d i %s. Se rapportkoll historik list.", a, st.Where()),
			fmt.Sprintf("there is no record %d in %s. See rapportkoll historik list.", a, st.Where())))
	}
	return dbFailure(e, err)
}

func writeDiff(e *env, format string, d *store.Diff) int {
	if format == "json" {
		return writeJSON(e, map[string]any{"from": d.From, "to": d.To, "facts_changed": d.Changed,
			"rows_added": d.RowsAdded, "rows_removed": d.RowsRemoved, "findings_fixed": d.Fixed, "findings_new": d.New})
	}
	w := e.stdout
	fmt.Fprintf(w, pickLang(e.lang, "Från %s\ntill %s\n", "From %s\nto   %s\n"), ident(e, d.From), ident(e, d.To))
	head := func(sv, en string, n int) { fmt.Fprintf(w, "\n%s (%d):\n", pickLang(e.lang, sv, en), n) }
	head("Ändrade värden", "Figures changed", len(d.Changed))
	for _, c := range d.Changed {
		fmt.Fprintf(w, "  %s\n", figureLine(e, c))
	}
	head("Tillagda rader", "Rows added", len(d.RowsAdded))
	for _, r := range d.RowsAdded {
		fmt.Fprintf(w, "  %s: %s\n", exporter.Printable(r.Sheet), exporter.Printable(r.Row))
	}
	head("Borttagna rader", "Rows removed", len(d.RowsRemoved))
	for _, r := range d.RowsRemoved {
		fmt.Fprintf(w, "  %s: %s\n", exporter.Printable(r.Sheet), exporter.Printable(r.Row))
	}
	head("Åtgärdade fynd", "Findings fixed", len(d.Fixed))
	writeFindings(e, d.Fixed)
	head("Nya fynd", "New findings", len(d.New))
	writeFindings(e, d.New)
	return exitOK
}

func writeFindings(e *env, fs []store.Finding) {
	for _, f := range fs {
		fmt.Fprintf(e.stdout, "  %s\n", findingLine(f, true))
	}
}

// findingLine gives a stored finding as a line: "Drift!F19: [error: ]message
// [rule]".
func findingLine(f store.Finding, severity bool) string {
	where := f.Sheet
	if f.Cell != "" {
		where += "!" + f.Cell
	}
	s := exporter.Printable(where) + ": "
	if severity {
		s += f.Severity + ": "
	}
	return s + exporter.Printable(f.Message) + " [" + f.Rule + "]"
}

// figureLine gives a changed figure as "Drift!D5  Kansli, Utfall helår: 1 → 2".
func figureLine(e *env, c store.FactChange) string {
	cell := c.ToCell
	if cell == "" {
		cell = c.FromCell
	}
	what := exporter.Printable(c.Column)
	if c.Row != "" {
		what = exporter.Printable(c.Row) + ", " + what
	}
	return fmt.Sprintf("%s!%s  %s: %s → %s", exporter.Printable(c.Sheet), cell, what, orEmpty(e, c.From), orEmpty(e, c.To))
}

func ident(e *env, id store.Ident) string {
	return fmt.Sprintf(pickLang(e.lang, "post %d (%s, %s, inlämning %d, %s)", "record %d (%s, %s, submission %d, %s)"),
		id.ID, orUnknown(e, id.Department), orUnknown(e, id.Period), id.Seq, exporter.Printable(id.File))
}

// brokenIdent names a record that does not verify: a submission by its
// department, period, number and file, a consolidation by its period.
func brokenIdent(e *env, b *store.Broken) string {
	if b.Kind == store.KindConsolidation {
		return fmt.Sprintf(pickLang(e.lang, "post %d (sammanställningen av %s)", "record %d (the consolidation of %s)"),
			b.ID, orUnknown(e, b.Period))
	}
	return ident(e, store.Ident{ID: b.ID, Department: b.Department, Period: b.Period, Seq: b.Seq, File: b.File})
}

func orEmpty(e *env, s string) string {
	if s == "" {
		return pickLang(e.lang, "(tom)", "(empty)")
	}
	return exporter.Printable(s)
}

// historikVerify exits 0 when every record and the chain check out, 1
// naming the first that does not, 2 when the check could not be made.
func historikVerify(ctx context.Context, e *env, st *store.Store, format string) int {
	v, err := st.Verify(ctx)
	if err != nil {
		return dbFailure(e, err)
	}
	code := exitOK
	if v.Broken != nil {
		code = exitErrors
	}
	if format == "json" {
		if c := writeJSON(e, map[string]any{"ok": v.Broken == nil, "records": v.Records, "chain": v.Head, "broken": v.Broken}); c != exitOK {
			return c
		}
		return code
	}
	if v.Broken == nil {
		fmt.Fprintf(e.stdout, pickLang(e.lang, "Historiken stämmer: %d poster, kedjans värde %s\n",
			"The history checks out: %d records, chain value %s\n"), v.Records, v.Head)
		return exitOK
	}
	b := v.Broken
	reason := map[string][2]string{
		store.BrokenHash:  {"innehållet har ändrats sedan den sparades (hashen stämmer inte)", "its content changed after it was stored (the hash does not match)"},
		store.BrokenChain: {"kedjan är bruten: posten följer inte på posten före", "the chain is broken: the record does not follow the one before it"},
		store.BrokenGap:   {"poster före den saknas", "records before it are missing"},
		store.BrokenOrder: {"inlämningsnumret följer inte på nämndens förra för perioden", "its submission number does not follow the department's previous one for the period"},
	}[b.Reason]
	fmt.Fprintf(e.stdout, pickLang(e.lang,
		"Historiken stämmer INTE: %s: %s.\nDe %d posterna före den stämmer (kedjans värde där %s). Spara databasen som den är och kontakta den som förvaltar rapportkoll.\n",
		"The history does NOT check out: %s: %s.\nThe %d records before it check out (chain value there %s). Keep the database as it is and contact whoever maintains rapportkoll.\n"),
		brokenIdent(e, b),
		pickLang(e.lang, reason[0], reason[1]), v.Records, v.Head)
	return exitErrors
}

func writeJSON(e *env, v any) int {
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return failf(e.stderr, "%v", err)
	}
	return exitOK
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}

// dbAddress is --db, else RAPPORTKOLL_DB.
func dbAddress(flagValue string, e *env) (string, int) {
	if flagValue != "" {
		return flagValue, exitOK
	}
	if v := os.Getenv("RAPPORTKOLL_DB"); v != "" {
		return v, exitOK
	}
	return "", failf(e.stderr, "%s", pickLang(e.lang,
		"ange historikens databas med --db FIL (eller --db postgres://…) eller miljövariabeln RAPPORTKOLL_DB",
		"name the history's database with --db FILE (or --db postgres://…) or the environment variable RAPPORTKOLL_DB"))
}

// dbFailure explains a database that could not be used, and exits 2.
func dbFailure(e *env, err error) int {
	var se *store.Error
	where := ""
	if errors.As(err, &se) {
		where = exporter.Printable(se.Where)
		if se.Cause != nil {
			e.log.Debug().Err(se.Cause).Str(e.f("database"), where).Msg(tr(e.lang, "log.db_error"))
		}
	}
	msg := func(sv, en string) int {
		return failf(e.stderr, "%s", fmt.Sprintf(pickLang(e.lang, sv, en), where))
	}
	switch {
	case errors.Is(err, store.ErrMissing):
		return msg("%s finns inte. Ange en befintlig databas med --db eller RAPPORTKOLL_DB; rapportkoll submit skapar en ny fil i en befintlig mapp.",
			"%s does not exist. Name an existing database with --db or RAPPORTKOLL_DB; rapportkoll submit creates a new file in an existing folder.")
	case errors.Is(err, store.ErrNotDatabase):
		return msg("%s är ingen databas (kanske en annan sorts fil). Ange historikens databasfil med --db.",
			"%s is not a database (perhaps another kind of file). Name the history's database file with --db.")
	case errors.Is(err, store.ErrNotRapportkoll):
		return msg("%s är ingen historik från rapportkoll (den innehåller något annat, eller inget har lämnats in ännu). Ange rätt databas med --db; rapportkoll ändrar inte den här.",
			"%s is not a rapportkoll history (it holds something else, or nothing has been submitted yet). Name the right database with --db; rapportkoll leaves this one alone.")
	case errors.Is(err, store.ErrSchemaNewer):
		return msg("databasen %s är skapad av en nyare rapportkoll. Uppdatera rapportkoll; den här versionen ändrar inte databasen.",
			"the database %s was made by a newer rapportkoll. Update rapportkoll; this version leaves the database alone.")
	case errors.Is(err, store.ErrSchemaOlder):
		return msg("databasen %s har en äldre form. Lämna in med rapportkoll submit en gång så uppgraderas den, och försök sedan igen.",
			"the database %s has an older schema. Submit with rapportkoll submit once to upgrade it, then try again.")
	case errors.Is(err, store.ErrLocked):
		return msg("databasen %s är låst av ett annat program. Vänta tills det är klart och försök igen; inget av det som inte fått kvitto sparades.",
			"the database %s is locked by another program. Wait until it is done and try again; nothing without a receipt was stored.")
	case errors.Is(err, store.ErrReadOnly):
		return msg("databasen %s är skrivskyddad. Ge skrivrätt till filen och dess mapp, eller ange en annan fil; inget av det som inte fått kvitto sparades.",
			"the database %s is read-only. Allow writing to the file and its folder, or name another file; nothing without a receipt was stored.")
	case errors.Is(err, store.ErrDiskFull):
		return msg("disken är full: %s kunde inte skrivas, och inget av inlämningen sparades. Frigör utrymme och lämna in igen.",
			"the disk is full: %s could not be written, and nothing of the submission was stored. Free some space and submit again.")
	case errors.Is(err, store.ErrCannotOpen):
		return failf(e.stderr, "%s", pickLang(e.lang, "kunde inte öppna databasen ", "could not open the database ")+where+": "+causeText(se)+
			pickLang(e.lang, ". Kontrollera sökvägen eller adressen och behörigheterna.", ". Check the path or address and the permissions."))
	}
	return failf(e.stderr, "%s", pickLang(e.lang, "databasen ", "the database ")+where+pickLang(e.lang, " gav ett fel: ", " failed: ")+causeText(se))
}

func causeText(se *store.Error) string {
	if se == nil || se.Cause == nil {
		return ""
	}
	return exporter.Printable(se.Cause.Error())
}
