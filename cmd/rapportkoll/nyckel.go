package main

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
	"github.com/rapportkoll/rapportkoll/exporter"
)

const nyckelUsage = `Användning:
  rapportkoll nyckel skapa [--db DB] (--namnd NAMN | --roll ekonomi|revisor)

Skapar en åtkomstnyckel till webbsidan (rapportkoll serve) och skriver ut den en
enda gång; databasen sparar bara nyckelns SHA-256. En nämnds nyckel kontrollerar och
lämnar in den nämndens filer; ekonomi ser periodsidorna; revisor läser all historik.
`

// runNyckel creates an access key for the web page.
func runNyckel(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var g globals
	var db, namnd, roll string
	fs := g.flagSet("nyckel", stderr)
	fs.Usage = func() { fmt.Fprint(stderr, nyckelUsage) }
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
	role := roll
	switch {
	case len(pos) != 1 || pos[0] != "skapa":
		return failf(stderr, "%s", pickLang(e.lang,
			"ange underkommandot skapa, till exempel: rapportkoll nyckel skapa --db historik.db --namnd Kulturnämnden",
			"name the subcommand skapa, for example: rapportkoll nyckel skapa --db history.db --namnd Kulturnämnden"))
	case (namnd == "") == (roll == ""):
		return failf(stderr, "%s", pickLang(e.lang,
			"ange antingen --namnd NAMN eller --roll ekonomi|revisor",
			"give either --namnd NAME or --roll ekonomi|revisor"))
	case namnd != "":
		role = store.RoleDepartment
	case roll != store.RoleFinance && roll != store.RoleAuditor:
		return failf(stderr, "%s", fmt.Sprintf(pickLang(e.lang,
			"okänd roll %q: ange ekonomi eller revisor (en nämnds nyckel skapas med --namnd)",
			"unknown role %q: give ekonomi or revisor (a department's key is made with --namnd)"), roll))
	}
	dsn, code := dbAddress(db, e)
	if code != exitOK {
		return code
	}
	st, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		return dbFailure(e, err)
	}
	defer st.Close()
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
