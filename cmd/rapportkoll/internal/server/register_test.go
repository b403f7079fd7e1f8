package server

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
)

// The finance department sets a period's expected departments and opens
// and closes it with the plain forms of its page, logged in in a browser.
func TestPeriodPageForms(t *testing.T) {
	s := newSite(t, nil)
	const delar = "Delår 2024"
	path := "/period/" + url.PathEscape(delar)
	form := "application/x-www-form-urlencoded"
	finance := s.browser(s.keys["ekonomi"])
	page := s.do(finance, http.MethodGet, path, "", nil, "")
	for _, w := range []string{"Perioden är inte öppnad", `action="` + path + `/oppna"`, `action="` + path + `/namnder"`, `name="namnder"`} {
		if !strings.Contains(page.body, w) {
			t.Errorf("page of a new period lacks %q:\n%s", w, page.body)
		}
	}
	tests := []struct {
		name   string
		client *http.Client
		key    string
		path   string
		body   string
		status int
		want   []string // the register afterwards
		open   bool     // the period open afterwards
	}{
		{"register", finance, "", path + "/namnder", url.Values{"namnder": {"Kommunstyrelsen\r\n  Miljönämnden \nkommunstyrelsen\n\n"}}.Encode(),
			303, []string{"Kommunstyrelsen", "Miljönämnden"}, false},
		{"an empty register", finance, "", path + "/namnder", "namnder=+%0A", 400, []string{"Kommunstyrelsen", "Miljönämnden"}, false},
		{"an auditor's register", nil, s.keys["revisor"], path + "/namnder", "namnder=X", 403, []string{"Kommunstyrelsen", "Miljönämnden"}, false},
		{"a department's register", nil, s.keys[ks], path + "/namnder", "namnder=X", 403, []string{"Kommunstyrelsen", "Miljönämnden"}, false},
		{"open", finance, "", path + "/oppna", "", 303, []string{"Kommunstyrelsen", "Miljönämnden"}, true},
		{"a department opens", nil, s.keys[ks], path + "/stang", "", 403, []string{"Kommunstyrelsen", "Miljönämnden"}, true},
		{"close", finance, "", path + "/stang", "", 303, []string{"Kommunstyrelsen", "Miljönämnden"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := s.do(tt.client, http.MethodPost, tt.path, tt.key, strings.NewReader(tt.body), form)
			if a.status != tt.status {
				t.Errorf("POST %s = %d, want %d: %s", tt.path, a.status, tt.status, a.body)
			}
			if tt.status == 303 && a.header.Get("Location") != path {
				t.Errorf("POST %s redirects to %q, want %q", tt.path, a.header.Get("Location"), path)
			}
			ps, err := s.st.Period(context.Background(), delar)
			if err != nil || !slices.Equal(ps.Departments, tt.want) || ps.Open != tt.open {
				t.Errorf("after POST %s: register %q, open %v (%v); want %q, %v", tt.path, ps.Departments, ps.Open, err, tt.want, tt.open)
			}
		})
	}
	page = s.do(finance, http.MethodGet, path, "", nil, "")
	for _, w := range []string{"Perioden är stängd", "0 av 2 förväntade nämnder har lämnat in", "<strong>Miljönämnden</strong>: har inte lämnat in",
		">Kommunstyrelsen\nMiljönämnden</textarea>"} {
		if !strings.Contains(page.body, w) {
			t.Errorf("period page afterwards lacks %q:\n%s", w, page.body)
		}
	}
	if !strings.Contains(s.log.String(), `"message":"periodens nämnder ändrade"`) {
		t.Errorf("the register change is not logged")
	}
	if a := s.do(nil, http.MethodGet, path, s.keys["revisor"], nil, ""); strings.Contains(a.body, `name="namnder"`) {
		t.Errorf("the auditor's period page offers the register form")
	}
}
