// Package server is rapportkoll's web page (rapportkoll serve): a
// department checks a workbook and sees its findings at the cell,
// downloads the annotated workbook and submits it to the history; the
// finance department sees a period's status per department; auditors read
// the history. Standard library only: net/http, html/template, embed.
package server

import (
	"context"
	"embed"
	"errors"
	stdlog "log"
	"net"
	"net/http"
	"runtime"
	"time"

	"github.com/rs/zerolog"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

//go:embed web
var webFiles embed.FS

// Config is what a server needs; zero fields take the defaults.
type Config struct {
	Store       *store.Store
	Spec        *spec.Spec
	Log         zerolog.Logger
	ToolVersion string
	// MaxUpload bounds a request body; 0 means DefaultMaxUpload.
	MaxUpload int64
	// MaxChecks is how many checks run at once; 0 means the number of CPUs.
	MaxChecks int
	// QueueWait is how long a check waits for a free slot before the
	// answer is 503; 0 means DefaultQueueWait.
	QueueWait time.Duration
	// ChecksPerMinute is how many checks one key may ask for in a minute;
	// 0 means DefaultChecksPerMinute.
	ChecksPerMinute int
	// SessionTTL is how long a login lasts; 0 means DefaultSessionTTL.
	SessionTTL time.Duration
	// TLS marks the session cookie Secure.
	TLS bool
	// DropFiles stores submissions without their workbooks' bytes (serve
	// --keep-files=false). By default "Lämna in" keeps them, as the upload
	// is in memory anyway: the period's Sammanställning.xlsx is built from
	// them.
	DropFiles bool

	now               func() time.Time
	beforeCheck       func()        // tests: called while a check holds its slot
	readHeaderTimeout time.Duration // tests: instead of DefaultReadHeaderTimeout
	bodyTimeout       time.Duration // tests: instead of DefaultBodyTimeout
}

// Defaults.
const (
	DefaultMaxUpload  = 20 << 20
	DefaultQueueWait  = 2 * time.Second
	DefaultSessionTTL = 8 * time.Hour
	// DefaultReadHeaderTimeout is how long a client may take to send its
	// request's headers (a client that trickles them is cut off).
	DefaultReadHeaderTimeout = 10 * time.Second
)

// Server is the web page.
type Server struct {
	cfg      Config
	slots    chan struct{} // checks and feedback workbooks being built
	uploads  chan struct{} // request bodies being read or held
	sessions *sessions
	cache    *checkCache
	pages    *pages
	rate     *rateLimit[int64]
	logins   *logins
	revoked  *revocations
	perKey   *keyPlaces // the bodies each key has being read
	handler  http.Handler
}

// New makes a server.
func New(cfg Config) (*Server, error) {
	if cfg.MaxUpload <= 0 {
		cfg.MaxUpload = DefaultMaxUpload
	}
	if cfg.MaxChecks <= 0 {
		cfg.MaxChecks = runtime.NumCPU()
	}
	if cfg.QueueWait <= 0 {
		cfg.QueueWait = DefaultQueueWait
	}
	if cfg.ChecksPerMinute <= 0 {
		cfg.ChecksPerMinute = DefaultChecksPerMinute
	}
	if cfg.SessionTTL <= 0 {
		cfg.SessionTTL = DefaultSessionTTL
	}
	if cfg.now == nil {
		cfg.now = time.Now
	}
	if cfg.Store == nil || cfg.Spec == nil {
		return nil, errors.New("server: a store and a spec are needed")
	}
	p, err := parsePages()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, slots: make(chan struct{}, cfg.MaxChecks), uploads: make(chan struct{}, 2*cfg.MaxChecks+2), pages: p,
		sessions: newSessions(cfg.SessionTTL, cfg.now, maxSessions, MaxSessionsPerKey), cache: newServerCache(cfg)}
	s.rate = newRateLimit[int64](cfg.ChecksPerMinute, cfg.now)
	s.logins = newLogins(cfg.now)
	s.perKey = newKeyPlaces(MaxUploadsPerKey)
	s.revoked = &revocations{ttl: revocationTTL, now: cfg.now, load: cfg.Store.RevokedKeys}
	s.handler = s.routes()
	return s, nil
}

// Handler is the whole site, with its security headers and protection
// against cross-origin requests.
func (s *Server) Handler() http.Handler { return s.handler }

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", s.home)
	mux.HandleFunc("POST /logga-in", s.login)
	mux.HandleFunc("POST /logga-ut", s.logout)
	mux.HandleFunc("POST /kontroll", s.authed(s.kontroll))
	mux.HandleFunc("POST /inlamning", s.authed(s.inlamning))
	mux.HandleFunc("GET /aterkoppling/{id}", s.authed(s.download))
	mux.HandleFunc("GET /period/{period}", s.authed(s.period))
	mux.HandleFunc("GET /period", s.authed(s.periodQuery))
	mux.HandleFunc("POST /period/{period}/oppna", s.authed(s.setPeriod(true)))
	mux.HandleFunc("POST /period/{period}/stang", s.authed(s.setPeriod(false)))
	mux.HandleFunc("POST /period/{period}/namnder", s.authed(s.setRegister))
	mux.HandleFunc("POST /period/{period}/sammanstallning", s.authed(s.sammanstallning))
	mux.HandleFunc("GET /verifiering", s.authed(s.verify))
	mux.HandleFunc("GET /sammanstallning/{id}", s.authed(s.consolidation))
	mux.HandleFunc("GET /historik/{namnd}", s.authed(s.historik))
	mux.HandleFunc("GET /post/{id}", s.authed(s.record))
	mux.HandleFunc("GET /static/style.css", serveCSS)
	mux.HandleFunc("/", s.notFound(mux))
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.cfg.Log.Warn().Str("väg", r.URL.Path).Str("origin", r.Header.Get("Origin")).Msg("begäran från annan webbplats vägrad")
		s.fail(w, r, http.StatusForbidden, say(langOf(r), "err.crossorigin"))
	}))
	return headers(cop.Handler(mux), s.cfg.TLS)
}

// headers sets the headers every answer has; over TLS also
// Strict-Transport-Security.
func headers(next http.Handler, tls bool) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if tls {
			h.Set("Strict-Transport-Security", "max-age=31536000")
		}
		h.Set("Content-Security-Policy", "default-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Add("Vary", "Accept") // a page or JSON (wantsJSON)
		next.ServeHTTP(w, r)
	})
}

// HTTPServer is an http.Server for the site with every timeout set.
func (s *Server) HTTPServer(addr string) *http.Server {
	rht := s.cfg.readHeaderTimeout
	if rht <= 0 {
		rht = DefaultReadHeaderTimeout
	}
	return &http.Server{
		Addr:              addr,
		Handler:           s.handler,
		ReadHeaderTimeout: rht,
		ReadTimeout:       2 * time.Minute, // a 20 MiB upload on a slow line
		WriteTimeout:      3 * time.Minute, // the upload, the check and the answer
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          stdlog.New(newHTTPErrorLog(s.cfg.Log, s.cfg.now), "", 0), // TLS handshakes, broken connections
	}
}

// Serve listens on addr and serves until ctx ends, then shuts down
// gracefully: requests under way get ShutdownWait to finish. With
// certFile and keyFile it serves HTTPS. ready, unless nil, gets the
// address listened on.
func (s *Server) Serve(ctx context.Context, addr, certFile, keyFile string, ready func(net.Addr)) error {
	hs := s.HTTPServer(addr)
	if certFile != "" {
		// loaded before listening: a wrong file is an error, not a
		// "serving https" followed by one
		tc, err := tlsConfig(certFile, keyFile)
		if err != nil {
			return err
		}
		hs.TLSConfig = tc
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	if ready != nil {
		ready(ln.Addr())
	}
	errc := make(chan error, 1)
	go func() {
		if certFile != "" {
			errc <- hs.ServeTLS(ln, "", "") // the certificate is in hs.TLSConfig
		} else {
			errc <- hs.Serve(ln)
		}
	}()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), ShutdownWait)
	defer cancel()
	err = hs.Shutdown(sctx)
	<-errc
	return err
}

// ShutdownWait is how long a shutdown waits for requests under way.
const ShutdownWait = 30 * time.Second

// serveCSS serves the one style sheet.
func serveCSS(w http.ResponseWriter, r *http.Request) {
	b, err := webFiles.ReadFile("web/style.css")
	if err != nil {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	w.Header().Set("Cache-Control", "max-age=3600")
	w.Write(b)
}
