// Command rapportkoll checks and consolidates the Excel reports that a
// municipality's departments submit each period.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"runtime/pprof"
	"slices"
	"strings"

	"github.com/rs/zerolog"

	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// Exit codes, kept stable for scripts.
const (
	exitOK     = 0 // ran; no errors found
	exitErrors = 1 // ran; at least one submission rejected or unreadable
	exitFailed = 2 // could not run: bad arguments, bad spec, ...
)

// exitCode is the exit code of a run that checked results: 1 when one was
// rejected or could not be read, else 0.
func exitCode(results []*check.Submission) int {
	for _, r := range results {
		if r.Status == rules.Rejected || r.Status == rules.Unreadable {
			return exitErrors
		}
	}
	return exitOK
}

const usage = `rapportkoll – kontrollerar nämndernas rapporter i Excel.

Användning:
  rapportkoll --version                        skriv ut versionen
  rapportkoll check [flaggor] FIL.xlsx|MAPP...   kontrollera inlämnade arbetsböcker
  rapportkoll consolidate MAPP|FIL... -o UTMAPP   kontrollera och sammanställ en period
  rapportkoll consolidate --db DB --period PERIOD -o UTMAPP   sammanställ periodens senaste inlämningar ur historiken
  rapportkoll template -o Mall.xlsx [--namnd NAMN] [--period "Helår 2023"]   skapa mallen som nämnderna fyller i
  rapportkoll spec                             skriv ut den inbyggda mallspecifikationen (YAML)
  rapportkoll submit [--db DB] FIL.xlsx|MAPP...   kontrollera och spara i historiken; skriver ett kvitto per fil
  rapportkoll historik list|diff A B|verify [--db DB]   visa, jämför och kontrollera historiken
  rapportkoll nyckel skapa [--db DB] (--namnd NAMN | --roll ekonomi|revisor)   skapa en åtkomstnyckel till webbsidan
  rapportkoll nyckel lista|aterkalla ID [--db DB]   visa nycklarna (aldrig själva nyckeln), återkalla en
  rapportkoll period oppna|stang|namnder|visa PERIOD [--db DB] [--namnder A,B,…]   öppna och stäng en period
  rapportkoll serve [--db DB] [--addr 127.0.0.1:8080] [--max-upload 20MiB] [--tls-cert F --tls-key F]   webbsidan för nämnderna och ekonomi

Flaggor för alla kommandon:
  --spec FIL              mallspecifikation (YAML) i stället för den inbyggda
  --lang sv|en            språk för meddelanden (standard sv)
  --log-format console|json   loggformat på stderr (standard console)
  -q                      tyst: ingen logg utom fel

Flaggor för check:
  --format text|json      text (standard) eller rapporten som JSON på stdout
  --min-severity error|warning|info   visa bara fynd av minst denna allvarlighet
                          i texten (standard info: alla); räkningarna och JSON har alla
  --alla-celler           en rad per cell; annars blir ett upprepat fynd av samma regel
                          på ett blad en rad med cellerna som områden (B4:E8, C10);
                          JSON har alltid ett fynd per cell (engelska: --all-cells)
  -j N                    antal filer som kontrolleras samtidigt (standard: antal kärnor)

Flaggor för consolidate:
  -o UTMAPP               skriv Sammanställning.xlsx, feedback/, report.json och
                          manifest.json hit (allt eller inget). En tidigare utmapp från
                          rapportkoll ersätts; en mapp med andra eller ändrade filer,
                          eller som är eller innehåller det som ska läsas, vägras (slutkod 2)
  --strict                lämna avvisade inlämningar utanför kommunens totaler
  --period PERIOD         perioden som sammanställs, till exempel "Helår 2023"; andra
                          perioder avvisas (standard: den period flest inlämningar anger,
                          vid lika den senaste)
  -j N                    antal filer som kontrolleras och återkopplingar som skrivs
                          samtidigt (standard: antal kärnor)
  --db FIL|postgres://…   spara filerna och sammanställningen i historiken. Utan filer och
                          med --period: sammanställ ur historiken den senaste inlämningen av
                          varje nämnd för perioden (i periodens förteckning, om den har en),
                          kontrollerad igen med den nuvarande mallspecifikationen; arbetsboken
                          måste vara sparad (submit --keep-files), annars skrivs inget
                          (slutkod 2). Sammanställningen sparas som en post som pekar på
                          de inlämningar den använde

Flaggor för check, consolidate och submit:
  --foregaende MAPP|FIL   föregående års arbetsböcker (kan anges flera gånger): varje
                          nämnds siffror för föregående år jämförs med samma nämnds
                          rapport för samma period året innan (Helår 2023 mot Helår 2022);
                          skillnader utöver avrundning är varningar. Med --db (consolidate,
                          submit) hämtas föregående år ur historiken: periodens senaste
                          sammanställning som tog med nämnden, annars nämndens senaste godkända
                          inlämning; --foregaende går före historiken. Utan båda säger varje
                          sådan regel en gång att inget fanns att jämföra med

Flaggor för template:
  -o FIL                  mallens filnamn (skrivs helt eller inte alls; en befintlig
                          fil skrivs aldrig över)
  --namnd NAMN            förifyll nämndens namn på bladet Info
  --period PERIOD         förifyll perioden, till exempel "Helår 2023" (ger också årtalen)
  --no-protect            lämna bladen oskyddade (annars skyddade utan lösenord)

Flaggor för submit och historik:
  --db FIL|postgres://…   historikens databas: en SQLite-fil (skapas av submit om den
                          saknas) eller en PostgreSQL-adress (standard: RAPPORTKOLL_DB)
  --format text|json      text (standard) eller JSON på stdout
  --keep-files            submit: spara också arbetsböckerna i databasen
  --alla-celler           submit: en rad per cell i texten, som för check
  --period PERIOD, --namnd NAMN   historik list: bara denna period eller nämnd
  historik diff A B       vad som ändrats från post A till post B (nummer ur historik list):
                          värden, tillagda och borttagna rader, åtgärdade och nya fynd
  historik verify         räknar om varje posts hash och kedjan; slutkod 0 när allt stämmer,
                          1 när en post inte gör det (den första nämns), 2 när det inte gick

Miljövariabler:
  RAPPORTKOLL_DB          historikens databas när --db inte anges
  GOMEMLIMIT              mjuk minnesgräns (annars sätter consolidate 256MiB, check och submit 28MiB plus det som hålls kvar)
  GOGC                    skräpsamlarens GOGC (annars sätter consolidate 200, check och submit 400)
  SOURCE_DATE_EPOCH       consolidate, template: körningens datum, sekunder sedan 1970-01-01 UTC
                          (till exempel 1700000000): arbetsböckernas datum, och i
                          manifest.json och Källor; utan den bär utdata inget datum
  RAPPORTKOLL_CPUPROFILE  skriv en CPU-profil av körningen till denna fil (go tool pprof)

Slutkoder:
  0  inga fel hittades (varningar och info tillåts); alla inlämningar godkända
  1  minst en fil har fel eller kunde inte läsas
  2  kunde inte köras (felaktiga argument, felaktig mallspecifikation)

Exempel:
  rapportkoll check fixtures/inlamnat/*.xlsx
  rapportkoll check --format json inlamnat/kommunstyrelsen-2023.xlsx > rapport.json
  rapportkoll consolidate fixtures/inlamnat -o ut
  rapportkoll consolidate fixtures/inlamnat --foregaende fixtures/foregaende -o ut
  rapportkoll consolidate --db historik.db --period "Helår 2023" -o ut
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	stopProfile := startProfile(os.Getenv("RAPPORTKOLL_CPUPROFILE"), os.Stderr)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stopProfile()
	stop()
	os.Exit(code)
}

// startProfile writes a CPU profile of the whole run to file, for
// `go tool pprof` (README, "Performance"); "" profiles nothing.
func startProfile(file string, stderr io.Writer) (stop func()) {
	if file == "" {
		return func() {}
	}
	f, err := os.Create(file)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(stderr, "rapportkoll: ingen CPU-profil: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}

// globals are the flags every command takes.
type globals struct {
	specFile  string
	lang      string
	logFormat string
	quiet     bool
}

// flagSet returns a command's flag set with the global flags registered;
// errors and -h print the usage to stderr.
func (g *globals) flagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() { fmt.Fprint(stderr, usageIn(rules.Lang(g.lang))) }
	g.register(fs)
	return fs
}

func (g *globals) register(fs *flag.FlagSet) {
	fs.StringVar(&g.specFile, "spec", "", "mallspecifikation (YAML)")
	fs.StringVar(&g.lang, "lang", "sv", "språk: sv eller en")
	fs.StringVar(&g.logFormat, "log-format", "console", "loggformat: console eller json")
	fs.BoolVar(&g.quiet, "q", false, "tyst")
}

// env is what a command needs, built from the global flags.
type env struct {
	spec   *spec.Spec
	lang   rules.Lang
	log    zerolog.Logger
	stdout io.Writer
	stderr io.Writer
}

func (g *globals) env(stdout, stderr io.Writer) (*env, error) {
	lang, err := rules.ParseLang(g.lang)
	if err != nil {
		return nil, err
	}
	log, err := newLogger(stderr, g.logFormat, g.quiet)
	if err != nil {
		return nil, err
	}
	s, err := loadSpec(g.specFile)
	if err != nil {
		return nil, err
	}
	return &env{spec: s, lang: lang, log: log, stdout: stdout, stderr: stderr}, nil
}

func loadSpec(file string) (*spec.Spec, error) {
	if file == "" {
		return spec.Default()
	}
	return spec.Load(file)
}

func newLogger(w io.Writer, format string, quiet bool) (zerolog.Logger, error) {
	level := zerolog.InfoLevel
	if quiet {
		level = zerolog.ErrorLevel
	}
	// Files are checked on several goroutines: one event is written at a time.
	switch format {
	case "json":
		return zerolog.New(zerolog.SyncWriter(w)).Level(level).With().Timestamp().Logger(), nil
	case "console", "":
		cw := zerolog.ConsoleWriter{Out: w, NoColor: !isTerminal(w), TimeFormat: "15:04:05"}
		return zerolog.New(zerolog.SyncWriter(cw)).Level(level).With().Timestamp().Logger(), nil
	}
	return zerolog.Nop(), fmt.Errorf("okänt loggformat %q (console eller json)", format)
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0 && os.Getenv("NO_COLOR") == ""
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitFailed
	}
	switch args[0] {
	case "--version", "-version", "version":
		return printVersion(stdout)
	case "-h", "-help", "--help", "help":
		fmt.Fprint(stdout, usage)
		return exitOK
	case "check":
		return runCheck(ctx, args[1:], stdout, stderr)
	case "consolidate":
		return runConsolidate(ctx, args[1:], stdout, stderr)
	case "template":
		return runTemplate(ctx, args[1:], stdout, stderr)
	case "submit":
		return runSubmit(ctx, args[1:], stdout, stderr)
	case "historik":
		return runHistorik(ctx, args[1:], stdout, stderr)
	case "nyckel":
		return runNyckel(ctx, args[1:], stdout, stderr)
	case "period":
		return runPeriod(ctx, args[1:], stdout, stderr)
	case "serve":
		return runServe(ctx, args[1:], stdout, stderr)
	case "spec":
		if _, err := stdout.Write(spec.DefaultYAML()); err != nil {
			return failf(stderr, "%v", err)
		}
		return exitOK
	}
	fmt.Fprintf(stderr, "rapportkoll: okänt kommando %q\n\n%s", args[0], usage)
	return exitFailed
}

// parseCommand parses a command's arguments (parseInterleaved): ok is
// false when the command is to end with code, after -h (exit 0) or a
// flag error (exit 2, the flag package has said why).
func parseCommand(fs *flag.FlagSet, args []string) (pos []string, code int, ok bool) {
	pos, err := parseInterleaved(fs, args)
	switch {
	case err == flag.ErrHelp:
		return nil, exitOK, false
	case err != nil:
		return nil, exitFailed, false
	}
	return pos, 0, true
}

// checkFormat refuses an output format other than the allowed ones.
func checkFormat(stderr io.Writer, format string, allowed ...string) (int, bool) {
	if slices.Contains(allowed, format) {
		return 0, true
	}
	return failf(stderr, "okänt format %q (%s)", format, strings.Join(allowed, " eller ")), false
}

// parseInterleaved parses flags that may stand before, between or after the
// positional arguments, and returns the positional ones.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var pos []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// failf reports that a command could not run.
func failf(stderr io.Writer, format string, args ...any) int {
	msg := fmt.Sprintf(format, args...)
	fmt.Fprintln(stderr, "rapportkoll: "+strings.TrimSpace(msg))
	return exitFailed
}

// envFailure explains why the global flags could not be used.
func envFailure(stderr io.Writer, err error) int {
	var l spec.ErrorList
	var e *spec.Error
	if errors.As(err, &l) || errors.As(err, &e) {
		return specFailure(stderr, err)
	}
	return failf(stderr, "%v", err)
}

// specFailure explains a spec that could not be loaded.
func specFailure(stderr io.Writer, err error) int {
	var l spec.ErrorList
	var e *spec.Error
	if errors.As(err, &l) || errors.As(err, &e) {
		return failf(stderr, "mallspecifikationen är felaktig:\n%v", err)
	}
	return failf(stderr, "%v", err)
}

// printVersion prints the tool's version, the built-in spec's name and
// version, and the Go version it was built with.
func printVersion(stdout io.Writer) int {
	s, err := spec.Default()
	if err != nil {
		return failf(stdout, "%v", err)
	}
	fmt.Fprintf(stdout, "rapportkoll %s (inbyggd mall %s %s, %s)\n", version, s.Name, s.Version, runtime.Version())
	return exitOK
}
