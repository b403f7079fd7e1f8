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

// maxSessions bounds the sessions kept; the oldest of a key go first
// (MaxSessionsPerKey), and when every key's are live a login is refused
// rather than another key's session dropped.
const maxSessions = 10_000

// principal is who a request acts for: a stored key, and the owner of the
// checks it caches (its session, or its key for a bearer).
type principal struct {
	key   store.Key
	owner owner
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
	mu     sync.Mutex
	m      map[string]session
	ttl    time.Duration
	now    func() time.Time
	max    int // all keys together
	perKey int // one key: its oldest session goes first
}

func newSessions(ttl time.Duration, now func() time.Time, max, perKey int) *sessions {
	return &sessions{m: map[string]session{}, ttl: ttl, now: now, max: max, perKey: perKey}
}

// errTooManySessions is the error of a login when the table is full of
// other keys' live sessions.
var errTooManySessions = errors.New("too many sessions")

// create makes a session of k. When k has perKey sessions, its oldest
// goes (dropped, for the cache); other keys' live sessions never do.
func (ss *sessions) create(k store.Key) (id string, dropped []owner, err error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", nil, err
	}
	id = base64.RawURLEncoding.EncodeToString(b)
	ss.mu.Lock()
	defer ss.mu.Unlock()
	now := ss.now()
	n, oldest := 0, ""
	for sid, s := range ss.m {
		switch {
		case s.expires.Before(now):
			delete(ss.m, sid)
			dropped = append(dropped, sessionOwner(s.key, sid))
		case s.key.ID == k.ID:
			if n++; oldest == "" || s.expires.Before(ss.m[oldest].expires) {
				oldest = sid
			}
		}
	}
	if n >= ss.perKey {
		dropped = append(dropped, sessionOwner(ss.m[oldest].key, oldest))
		delete(ss.m, oldest)
	}
	if len(ss.m) >= ss.max {
		return "", dropped, errTooManySessions
	}
	ss.m[id] = session{key: k, expires: now.Add(ss.ttl)}
	return id, dropped, nil
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
		return principal{key: k, owner: owner{k.ID, "key:" + strconv.FormatInt(k.ID, 10)}}, true
	}
	return s.whoCookie(r)
}

// sessionOwner is the owner of the checks of k's session id.
func sessionOwner(k store.Key, id string) owner { return owner{k.ID, "session:" + id} }

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
		s.cache.dropOwner(sessionOwner(k, c.Value))
		s.cfg.Log.Warn().Int64("nyckel", k.ID).Msg("nyckeln är återkallad; sessionen avslutad")
		return principal{}, false
	}
	return principal{key: k, owner: sessionOwner(k, c.Value)}, true
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
	if herr := s.logins.allowAddr(r); herr != nil {
		s.fail(w, r, herr.status, herr.msg)
		return
	}
	k, err := s.cfg.Store.LookupKey(r.Context(), key)
	if err != nil {
		s.loginFailed(r, err, "formulär")
		s.fail(w, r, http.StatusForbidden, say(lang, "login.failed"))
		return
	}
	if herr := s.logins.allowKey(r, k.ID); herr != nil {
		s.fail(w, r, herr.status, herr.msg)
		return
	}
	id, dropped, err := s.sessions.create(k)
	for _, d := range dropped {
		s.cache.dropOwner(d)
	}
	switch {
	case errors.Is(err, errTooManySessions):
		s.cfg.Log.Warn().Int("sessioner", maxSessions).Msg("för många inloggningar; 503")
		s.fail(w, r, http.StatusServiceUnavailable, say(lang, "login.full"))
		return
	case err != nil:
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
		if k, ok := s.sessions.get(c.Value); ok {
			s.cache.dropOwner(sessionOwner(k, c.Value))
		}
		s.sessions.delete(c.Value)
	}
	http.SetCookie(w, &http.Cookie{Name: cookieName, Value: "", Path: "/", HttpOnly: true, Secure: s.cfg.TLS,
		SameSite: http.SameSiteLaxMode, MaxAge: -1})
	http.Redirect(w, r, "/"+langQuery(langOf(r)), http.StatusSeeOther)
}
