package server

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/importer"
)

// maxRegister is how many departments a register form may name.
const maxRegister = 500

// setRegister sets the departments expected to submit for a period from
// its page (the form field namnder, one per line), like rapportkoll
// period namnder: the finance key only; appended to the history and
// logged.
func (s *Server) setRegister(w http.ResponseWriter, r *http.Request, p principal) {
	lang := langOf(r)
	if p.key.Role != store.RoleFinance {
		s.fail(w, r, http.StatusForbidden, say(lang, "err.forbidden"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	depts := registerLines(r.PostFormValue("namnder"))
	if len(depts) == 0 || len(depts) > maxRegister {
		s.fail(w, r, http.StatusBadRequest, say(lang, "register.empty"))
		return
	}
	period := strings.TrimSpace(r.PathValue("period"))
	if err := s.cfg.Store.SetRegister(r.Context(), period, depts, s.cfg.now()); err != nil {
		s.cfg.Log.Error().Err(err).Msg("registret kunde inte sparas")
		s.fail(w, r, http.StatusServiceUnavailable, say(lang, "err.store"))
		return
	}
	s.cfg.Log.Info().Int64("nyckel", p.key.ID).Str("period", exporter.Printable(period)).Int("nämnder", len(depts)).Msg("periodens nämnder ändrade")
	if wantsJSON(r) {
		writeJSON(w, http.StatusOK, map[string]any{"period": period, "departments": depts})
		return
	}
	http.Redirect(w, r, "/period/"+url.PathEscape(period)+langQuery(lang), http.StatusSeeOther)
}

// registerLines is the departments of a form's text, one per line,
// trimmed, each once (compared as names are), in the order given.
func registerLines(text string) []string {
	var out []string
	seen := map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		name := strings.TrimSpace(line)
		k := importer.NameKey(name)
		if k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, name)
	}
	return out
}
