package server

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/importer"
)

// cookieName is the session cookie.
const cookieName = "rapportkoll_session"

// maxSessions bounds the sessions kept; the oldest go first.
const maxSessions = 10_000

// principal is who a request acts for: a stored key, and the owner of the
// checks it caches (its session, or its key for a bearer).
type principal struct {
	key   store.Key
	owner string
}

func (p principal) isDepartment() bool { return p.key.Role == store.RoleDepartment }

// mayRead says whether p may see department's submissions.
func (p principal) mayRead(department string) bool {
	switch p.key.Role {
	case store.RoleFinance, store.RoleAuditor:
		return true
	case store.RoleDepartment:
		return importer.NameKey(p.key.Department) == importer.NameKey(department)
	}
	return false
}

type session struct {
	key     store.Key
	expires time.Time
}

// sessions are the logins, in memory: a restart logs everybody out.
type sessions struct {
	mu  sync.Mutex
	m   map[string]session
	ttl time.Duration
	now func() time.Time
}

func newSessions(ttl time.Duration, now func() time.Time) *sessions {
	return &sessions{m: map[string]session{}, ttl: ttl, now: now}
}

func (ss *sessions) create(k store.Key) (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	id := base64.RawURLEncoding.EncodeToString(b)
	ss.mu.Lock()
	defer ss.mu.Unlock()
	now := ss.now()
	if len(ss.m) >= maxSessions {
		var oldest string
		var at time.Time
		for id, s := range ss.m {
			if s.expires.Before(now) {
				delete(ss.m, id)
			} else if oldest == "" || s.expires.Before(at) {
				oldest, at = id, s.expires
			}
		}
		if len(ss.m) >= maxSessions {
			delete(ss.m, oldest)
		}
	}
	ss.m[id] = session{key: k, expires: now.Add(ss.ttl)}
	return id, nil
}

func (ss *sessions) get(id string) (store.Key, bool) {
	ss.mu.Lock()
	defer ss.mu.Unlock()
	s, ok := ss.m[id]
	if !ok {
		return store.Key{}, false
	}
	if s.expires.Before(ss.now()) {
		delete(ss.m, id)
		return store.Key{}, false
	}
	return s.key, true
}

func (ss *sessions) delete(id string) {
	ss.mu.Lock()
	delete(ss.m, id)
	ss.mu.Unlock()
}

// who finds the request's principal: a bearer key, else the session
// cookie. ok is false when there is none.
func (s *Server) who(r *http.Request) (principal, bool) {
	if h := r.Header.Get("Authorization"); h != "" {
		scheme, key, _ := strings.Cut(h, " ")
		if !strings.EqualFold(scheme, "Bearer") || strings.TrimSpace(key) == "" {
			return principal{}, false
		}
		k, err := s.cfg.Store.LookupKey(r.Context(), key)
		if err != nil {
			s.loginFailed(r, err, "bearer")
			return principal{}, false
		}
		return principal{key: k, owner: "key:" + strconv.FormatInt(k.ID, 10)}, true
	}
	return s.whoCookie(r)
}

// whoCookie finds the principal of the request's session cookie.
func (s *Server) whoCookie(r *http.Request) (principal, bool) {
	c, err := r.Cookie(cookieName)
	if err != nil {
		return principal{}, false
	}
	k, ok := s.sessions.get(c.Value)
	if !ok {
		return principal{}, false
	}
	if revoked, err := s.revoked.revoked(r.Context(), k.ID); revoked {
		// the key was revoked after the login: its sessions end now
		if err != nil {
			s.cfg.Log.Error().Err(err).Msg("återkallade nycklar kunde inte läsas; sessionen släpps inte in")
			return principal{}, false
		}
		s.sessions.delete(c.Value)
		s.cache.dropOwner("session:" + c.Value)
		s.cfg.Log.Warn().Int64("nyckel", k.ID).Msg("nyckeln är återkallad; sessionen avslutad")
		return principal{}, false
	}
	return principal{key: k, owner: "session:" + c.Value}, true
}

type ctxKey struct{}

// authed lets only a request with a key through to h.
func (s *Server) authed(h func(http.ResponseWriter, *http.Request, principal)) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		p, ok := s.who(r)
		if !ok {
			w.Header().Set("WWW-Authenticate", `Bearer realm="rapportkoll"`)
			s.fail(w, r, http.StatusUnauthorized, say(langOf(r), "login.needed"))
			return
		}
		h(w, r.WithContext(context.WithValue(r.Context(), ctxKey{}, p)), p)
	}
}

func (s *Server) loginFailed(r *http.Request, err error, how string) {
	ev := s.cfg.Log.Warn().Str("sätt", how).Str("från", r.RemoteAddr)
	if !errors.Is(err, store.ErrNoKey) {
		ev = s.cfg.Log.Error().Err(err).Str("sätt", how).Str("från", r.RemoteAddr)
	}
	ev.Msg("inloggning misslyckades")
}

// login turns a posted key into a session cookie.
func (s *Server) login(w http.ResponseWriter, r *http.Request) {
	lang := langOf(r)
	r.Body = http.MaxBytesReader(w, r.Body, 4<<10)
	body, err := io.ReadAll(r.Body)
	if err != nil {
		s.fail(w, r, http.StatusRequestEntityTooLarge, say(lang, "login.failed"))
		return
	}
	form, err := url.ParseQuery(string(body))
	key := strings.TrimSpace(form.Get("nyckel"))
	if err != nil || key == "" {
		s.loginFailed(r, store.ErrNoKey, "formulär")
		s.fail(w, r, http.StatusBadRequest, say(lang, "login.failed"))
		return
	}
	k, err := s.cfg.Store.LookupKey(r.Context(), key)
	if err != nil {
		s.loginFailed(r, err, "formulär")
		s.fail(w, r, http.StatusForbidden, say(lang, "login.failed"))
		return
	}
	id, err := s.sessions.create(k)
	if err != nil {
		s.fail(w, r, http.StatusInternalServerError, say(lang, "err.store"))
		return
	}
	s.cfg.Log.Info().Int64("nyckel", k.ID).Str("roll", k.Role).Str("nämnd", exporter.Printable(k.Department)).Msg("inloggad")
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: id, Path: "/", HttpOnly: true, Secure: s.cfg.TLS,
		SameSite: http.SameSiteLaxMode, MaxAge: int(s.cfg.SessionTTL.Seconds())})
	http.Redirect(w, r, "/"+langQuery(lang), http.StatusSeeOther)
}

func (s *Server) logout(w http.ResponseWriter, r *http.Request) {
	if c, err := r.Cookie(cookieName); err == nil {
		s.sessions.delete(c.Value)
		s.cache.dropOwner("session:" + c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", HttpOnly: true, Secure: s.cfg.TLS,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	http.Redirect(w, r, "/"+langQuery(langOf(r)), http.StatusSeeOther)
}
