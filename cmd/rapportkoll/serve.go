package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/server"
	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
)

const serveUsage = `Användning:
  rapportkoll serve [--db DB] [--addr 127.0.0.1:8080] [--max-upload 20MiB] [--tls-cert FIL --tls-key FIL]

Startar webbsidan där nämnderna kontrollerar och lämnar in sina arbetsböcker och
ekonomiavdelningen ser periodens läge. Skapa nycklar med rapportkoll nyckel skapa och
öppna perioden med rapportkoll period oppna. Avsluta med Ctrl-C (eller SIGTERM):
pågående begäranden får avslutas först.

Flaggor:
  --db FIL|postgres://…   historikens databas (standard: RAPPORTKOLL_DB)
  --addr VÄRD:PORT        adressen att lyssna på (standard 127.0.0.1:8080)
  --max-upload STORLEK    största begäran, till exempel 20MiB (standard)
  --checks N              antal kontroller samtidigt (standard: antal kärnor)
  --per-minute N          högst så många kontroller per nyckel och minut (standard 60)
  --keep-files=false      spara inte arbetsböckerna i databasen (standard: de sparas,
                          så att periodsidans Sammanställning.xlsx kan byggas av dem)
  --tls-cert FIL, --tls-key FIL   servera HTTPS med detta certifikat
`

// runServe parses serve's flags and runs the web page until SIGINT or
// SIGTERM.
func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var g globals
	var db, addr, maxUpload, cert, key string
	var checks, perMinute int
	var keepFiles bool
	fs := g.flagSet("serve", stderr)
	fs.Usage = func() { fmt.Fprint(stderr, serveUsage) }
	fs.StringVar(&db, "db", "", "databasen")
	fs.StringVar(&addr, "addr", "127.0.0.1:8080", "adressen att lyssna på")
	fs.StringVar(&maxUpload, "max-upload", "20MiB", "största begäran")
	fs.IntVar(&checks, "checks", 0, "antal kontroller samtidigt")
	fs.IntVar(&perMinute, "per-minute", server.DefaultChecksPerMinute, "kontroller per nyckel och minut")
	fs.BoolVar(&keepFiles, "keep-files", true, "spara arbetsböckerna")
	fs.StringVar(&cert, "tls-cert", "", "certifikat (PEM)")
	fs.StringVar(&key, "tls-key", "", "nyckel (PEM)")
	pos, code, ok := parseCommand(fs, args)
	if !ok {
		return code
	}
	e, err := g.env(stdout, stderr)
	if err != nil {
		return envFailure(stderr, err)
	}
	limit, err := parseSize(maxUpload)
	switch {
	case len(pos) > 0:
		return failf(stderr, "%s", pickLang(e.lang, "serve tar inga filer; se rapportkoll serve -h", "serve takes no files; see rapportkoll serve -h"))
	case err != nil:
		return failf(stderr, pickLang(e.lang, "ogiltig --max-upload %q: ange till exempel 20MiB eller 5000000", "invalid --max-upload %q: give for example 20MiB or 5000000"), maxUpload)
	case (cert == "") != (key == ""):
		return failf(stderr, "%s", pickLang(e.lang, "ange både --tls-cert och --tls-key, eller ingen av dem", "give both --tls-cert and --tls-key, or neither"))
	}
	dsn, code := dbAddress(db, e)
	if code != exitOK {
		return code
	}
	ctx, stop := signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
	defer stop()
	st, err := store.Open(ctx, dsn, store.Options{})
	if err != nil {
		return dbFailure(e, err)
	}
	defer st.Close()
	serveMemoryLimit()
	srv, err := server.New(server.Config{Store: st, Spec: e.spec, Log: e.log, ToolVersion: version, MaxUpload: limit,
		MaxChecks: checks, ChecksPerMinute: perMinute, TLS: cert != "", DropFiles: !keepFiles})
	if err != nil {
		return failf(stderr, "%v", err)
	}
	err = srv.Serve(ctx, addr, cert, key, func(a net.Addr) {
		scheme := "http"
		if cert != "" {
			scheme = "https"
		}
		e.log.Info().Str(e.f("address"), scheme+"://"+a.String()).Str(e.f("database"), st.Where()).Msg(tr(e.lang, "log.serving"))
	})
	if err != nil && !errors.Is(err, http.ErrServerClosed) {
		return failf(stderr, pickLang(e.lang, "webbsidan kunde inte köras: %v", "the web page could not run: %v"), err)
	}
	e.log.Info().Msg(tr(e.lang, "log.served"))
	return exitOK
}

// serveMemory is the soft memory limit of the web page (unless GOMEMLIMIT
// is set): the Go collector works harder near it instead of letting the
// heap grow to twice what is live. The server's own bounds keep what is
// live below it with the default limits: the cache of checked files
// (96 MiB), the bodies being read (20 MiB each, two per key) and the
// checks running (one per core).
const serveMemory = 256 << 20

func serveMemoryLimit() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(serveMemory)
	}
}

// parseSize reads 20MiB, 512KiB, 1GiB or a number of bytes.
func parseSize(s string) (int64, error) {
	s = strings.TrimSpace(s)
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		n      int64
	}{{"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"GB", 1e9}, {"MB", 1e6}, {"kB", 1e3}, {"B", 1}} {
		if strings.HasSuffix(s, u.suffix) {
			s, mult = strings.TrimSpace(strings.TrimSuffix(s, u.suffix)), u.n
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 || n > (1<<40)/mult {
		return 0, errors.New("bad size")
	}
	return n * mult, nil
}
