package server

import (
	"crypto/tls"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// notFound answers a path no route has: 404, or 405 with Allow when a
// route has the path for another method (the catch-all pattern "/" would
// hide ServeMux's own 405).
func (s *Server) notFound(mux *http.ServeMux) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var allow []string
		for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPost} {
			if m == r.Method {
				continue
			}
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := mux.Handler(probe); pattern != "/" && pattern != "" {
				allow = append(allow, m)
			}
		}
		if len(allow) == 0 {
			s.fail(w, r, http.StatusNotFound, say(langOf(r), "err.notfound"))
			return
		}
		w.Header().Set("Allow", strings.Join(allow, ", "))
		s.fail(w, r, http.StatusMethodNotAllowed, say(langOf(r), "err.method", "method", strconv.Quote(r.Method), "allow", strings.Join(allow, ", ")))
	}
}

// tlsConfig loads the certificate and allows TLS 1.2 only with AEAD
// suites (TLS 1.3's are all AEAD).
func tlsConfig(certFile, keyFile string) (*tls.Config, error) {
	cert, err := tls.LoadX509KeyPair(certFile, keyFile)
	if err != nil {
		return nil, err
	}
	return &tls.Config{Certificates: []tls.Certificate{cert}, MinVersion: tls.VersionTLS12, CipherSuites: []uint16{
		tls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, tls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
		tls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, tls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
		tls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, tls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
	}}, nil
}

// httpErrorLog is net/http's error log (TLS handshakes, broken
// connections) as warnings of the server's log, without net/http's
// "http: " prefix, at most httpErrorsPerMinute a minute: any client can
// cause them, so the rest are only counted, and the count is logged.
type httpErrorLog struct {
	mu      sync.Mutex
	log     zerolog.Logger
	now     func() time.Time
	start   time.Time
	n, lost int
}

const httpErrorsPerMinute = 60

func newHTTPErrorLog(log zerolog.Logger, now func() time.Time) *httpErrorLog {
	return &httpErrorLog{log: log, now: now}
}

func (l *httpErrorLog) Write(p []byte) (int, error) {
	msg := strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(string(p)), "http: "))
	l.mu.Lock()
	defer l.mu.Unlock()
	if now := l.now(); now.Sub(l.start) >= time.Minute {
		if l.lost > 0 {
			l.log.Warn().Str("från", "net/http").Int("utelämnade", l.lost).Msg("fler fel från net/http än som loggas; de övriga utelämnades")
		}
		l.start, l.n, l.lost = now, 0, 0
	}
	if l.n++; l.n > httpErrorsPerMinute {
		l.lost++
		return len(p), nil
	}
	l.log.Warn().Str("från", "net/http").Msg(msg)
	return len(p), nil
}
