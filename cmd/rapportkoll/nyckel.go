package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/rules"
)

const nyckelUsage = `Användning:
  rapportkoll nyckel skapa [--db DB] (--namnd NAMN | --roll ekonomi|revisor)
  rapportkoll nyckel lista [--db DB]
  rapportkoll nyckel aterkalla [--db DB] ID

skapa gör en åtkomstnyckel till webbsidan (rapportkoll serve) och skriver ut den en
enda gång; databasen sparar bara nyckelns SHA-256. En nämnds nyckel kontrollerar och
lämnar in den nämndens filer; ekonomi ser periodsidorna; revisor läser all historik.

lista visar nycklarnas nummer (ID), roll, nämnd och när de skapades och återkallades,
aldrig nycklarna själva.

aterkalla återkallar nyckeln med numret ID (till exempel en nyckel som kommit på
villovägar): den slutar gälla genast, också för den som redan är inloggad med den
(inom några sekunder). Återkallelsen läggs till i databasen och kan inte ångras;
skapa en ny nyckel åt mottagaren.
`

const nyckelUsageEN = `Usage:
  rapportkoll nyckel skapa [--db DB] (--namnd NAME | --roll ekonomi|revisor)
  rapportkoll nyckel lista [--db DB]
  rapportkoll nyckel aterkalla [--db DB] ID

skapa makes an access key to the web page (rapportkoll serve) and prints it once
only; the database keeps only the key's SHA-256. A department's key checks and
submits that department's files; ekonomi sees the period pages; revisor reads the
whole history.

lista shows the keys' numbers (ID), role, department and when they were created and
revoked, never the keys themselves.

aterkalla revokes the key numbered ID (a key gone astray, say): it stops working at
once, also for whoever is logged in with it (within a few seconds). The revocation
is appended to the database and cannot be undone; make a new key for its holder.
`

// runNyckel creates, lists and revokes access keys for the web page.
func runNyckel(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var g globals
	var db, namnd, roll string
	fs := g.flagSet("nyckel", stderr)
	fs.Usage = func() { fmt.Fprint(stderr, pickLang(rules.Lang(g.lang), nyckelUsage, nyckelUsageEN)) }
	fs.StringVar(&db, "db", "", "databasen: en fil (SQLite) eller postgres://…")
	fs.StringVar(&namnd, "namnd", "", "nämnden som nyckeln gäller")
	fs.StringVar(&roll, "roll", "", "ekonomi eller revisor")
	pos, code, ok := parseCommand(fs, args)
	if !ok {
		return code
	}
	e, err := g.env(stdout, stderr)
	if err != nil {
		return envFailure(stderr, err)
	}
	verb := ""
	if len(pos) > 0 {
		verb = pos[0]
	}
	var run func(*store.Store) int
	switch {
	case verb == "skapa" && len(pos) == 1:
		role, code := keyRole(e, namnd, roll)
		if code != exitOK {
			return code
		}
		run = func(st *store.Store) int { return createKey(ctx, e, st, role, namnd, stdout) }
	case verb == "lista" && len(pos) == 1:
		run = func(st *store.Store) int { return listKeys(ctx, e, st, stdout) }
	case verb == "aterkalla" && len(pos) == 2:
		id, err := strconv.ParseInt(pos[1], 10, 64)
		if err != nil || id <= 0 {
			return failf(stderr, pickLang(e.lang,
				"ogiltigt nyckelnummer %q: ange numret (ID) som rapportkoll nyckel lista visar",
				"invalid key number %q: give the number (ID) that rapportkoll nyckel lista shows"), exporter.Printable(pos[1]))
		}
		run = func(st *store.Store) int { return revokeKey(ctx, e, st, id, stdout) }
	case verb == "aterkalla":
		return failf(stderr, "%s", pickLang(e.lang,
			"ange nyckelns nummer, till exempel: rapportkoll nyckel aterkalla --db historik.db 3 (numren visar rapportkoll nyckel lista)",
			"give the key's number, for example: rapportkoll nyckel aterkalla --db history.db 3 (rapportkoll nyckel lista shows the numbers)"))
	default:
		return failf(stderr, "%s", pickLang(e.lang,
			"ange underkommandot skapa, lista eller aterkalla, till exempel: rapportkoll nyckel skapa --db historik.db --namnd Kulturnämnden",
			"name the subcommand skapa, lista or aterkalla, for example: rapportkoll nyckel skapa --db history.db --namnd Kulturnämnden"))
	}
	dsn, code := dbAddress(db, e)
	if code != exitOK {
		return code
	}
	st, err := store.Open(ctx, dsn, store.Options{ReadOnly: verb == "lista"})
	if err != nil {
		return dbFailure(e, err)
	}
	defer st.Close()
	return run(st)
}

// keyRole is the role skapa's flags ask for.
func keyRole(e *env, namnd, roll string) (string, int) {
	switch {
	case (namnd == "") == (roll == ""):
		return "", failf(e.stderr, "%s", pickLang(e.lang,
			"ange antingen --namnd NAMN eller --roll ekonomi|revisor",
			"give either --namnd NAME or --roll ekonomi|revisor"))
	case namnd != "":
		return store.RoleDepartment, exitOK
	case roll != store.RoleFinance && roll != store.RoleAuditor:
		return "", failf(e.stderr, "%s", fmt.Sprintf(pickLang(e.lang,
			"okänd roll %q: ange ekonomi eller revisor (en nämnds nyckel skapas med --namnd)",
			"unknown role %q: give ekonomi or revisor (a department's key is made with --namnd)"), roll))
	}
	return roll, exitOK
}

func createKey(ctx context.Context, e *env, st *store.Store, role, namnd string, stdout io.Writer) int {
	key, k, err := st.CreateKey(ctx, role, namnd, time.Now())
	if err != nil {
		return dbFailure(e, err)
	}
	e.log.Info().Int64(e.f("key"), k.ID).Str(e.f("role"), k.Role).Str(e.f("department"), exporter.Printable(k.Department)).Msg(tr(e.lang, "log.key_created"))
	who := k.Role
	if k.Department != "" {
		who = exporter.Printable(k.Department)
	}
	fmt.Fprintf(stdout, pickLang(e.lang,
		"Nyckel %d för %s (visas bara nu; spara den säkert och lämna den till mottagaren):\n%s\n",
		"Key %d for %s (shown only now; keep it safe and hand it to its holder):\n%s\n"), k.ID, who, key)
	return exitOK
}

// listKeys prints one line per key: id, role, department, created and
// revoked; never a key (only its hash is stored).
func listKeys(ctx context.Context, e *env, st *store.Store, stdout io.Writer) int {
	keys, err := st.ListKeys(ctx)
	if err != nil {
		return dbFailure(e, err)
	}
	if len(keys) == 0 {
		fmt.Fprintln(stdout, pickLang(e.lang, "Inga nycklar ännu (rapportkoll nyckel skapa).", "No keys yet (rapportkoll nyckel skapa)."))
		return exitOK
	}
	fmt.Fprintln(stdout, pickLang(e.lang, "ID\tRoll\tNämnd\tSkapad\tÅterkallad", "ID\tRole\tDepartment\tCreated\tRevoked"))
	for _, k := range keys {
		dept, revoked := "-", "-"
		if k.Department != "" {
			dept = exporter.Printable(k.Department)
		}
		if k.Revoked != "" {
			revoked = k.Revoked
		}
		fmt.Fprintf(stdout, "%d\t%s\t%s\t%s\t%s\n", k.ID, k.Role, dept, k.Created, revoked)
	}
	return exitOK
}

// revokeKey appends key id's revocation, once.
func revokeKey(ctx context.Context, e *env, st *store.Store, id int64, stdout io.Writer) int {
	keys, err := st.ListKeys(ctx)
	if err != nil {
		return dbFailure(e, err)
	}
	var found *store.KeyInfo
	for i := range keys {
		if keys[i].ID == id {
			found = &keys[i]
		}
	}
	switch {
	case found == nil:
		return failf(e.stderr, pickLang(e.lang,
			"det finns ingen nyckel med nummer %d; rapportkoll nyckel lista visar numren",
			"there is no key number %d; rapportkoll nyckel lista shows the numbers"), id)
	case found.Revoked != "":
		return failf(e.stderr, pickLang(e.lang,
			"nyckel %d är redan återkallad (%s)", "key %d is already revoked (%s)"), id, found.Revoked)
	}
	if err := st.RevokeKey(ctx, id, time.Now()); err != nil {
		return dbFailure(e, err)
	}
	e.log.Info().Int64(e.f("key"), id).Str(e.f("role"), found.Role).Str(e.f("department"), exporter.Printable(found.Department)).Msg(tr(e.lang, "log.key_revoked"))
	who := found.Role
	if found.Department != "" {
		who = exporter.Printable(found.Department)
	}
	fmt.Fprintf(stdout, pickLang(e.lang,
		"Nyckel %d för %s är återkallad: den gäller inte längre, inte heller för den som är inloggad med den.\n",
		"Key %d for %s is revoked: it no longer works, not even for whoever is logged in with it.\n"), id, who)
	return exitOK
}
