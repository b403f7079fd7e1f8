package server

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
	"github.com/rapportkoll/rapportkoll/fixtures"
)

func TestSubmit(t *testing.T) {
	s := newSite(t, nil)
	ksFile := fixture(t, "kommunstyrelsen-2023.xlsx")
	kulturFile := fixture(t, "kultur-och-fritidsnamnden-2023.xlsx")
	tests := []struct {
		name   string
		key    string
		data   []byte
		status int
		want   []string
	}{
		{"first submission", s.keys[ks], ksFile, 200, []string{"Kvitto: inlämnad", `<dd class="seq">1</dd>`, "Underkänd"}},
		{"resubmission shows what changed", s.keys[ks], fixedKommunstyrelsen(t), 200,
			[]string{`<dd class="seq">2</dd>`, "Ändrat sedan inlämning 1", "Drift F19: 1 → -1", "Åtgärdat: 1 fynd"}},
		{"another department's workbook", s.keys[ks], kulturFile, 403,
			[]string{"Arbetsboken gäller Kultur- och fritidsnämnden (bladet Info), men din nyckel gäller Kommunstyrelsen"}},
		{"a finance key", s.keys["ekonomi"], kulturFile, 403, []string{"Bara en nämnds nyckel kan lämna in"}},
		{"an auditor's key", s.keys["revisor"], kulturFile, 403, []string{"Bara en nämnds nyckel"}},
		{"own workbook", s.keys[kultur], kulturFile, 200, []string{`<dd class="seq">1</dd>`, "Godkänd"}},
		{"not a workbook", s.keys[kultur], fixture(t, "trasig-html.xlsx"), 415, []string{"kunde inte läsas"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := s.upload("/inlamning", tt.key, "fil.xlsx", tt.data)
			if a.status != tt.status {
				t.Fatalf("POST /inlamning = %d, want %d: %s", a.status, tt.status, a.body)
			}
			for _, w := range tt.want {
				if !strings.Contains(a.body, w) {
					t.Errorf("page lacks %q:\n%s", w, a.body)
				}
			}
		})
	}
	list, err := s.st.List(context.Background(), storeFilter(""))
	if err != nil || len(list) != 3 {
		t.Fatalf("stored %d submissions (%v), want 3", len(list), err)
	}
	if !strings.Contains(s.log.String(), `"message":"inlämnad"`) || !strings.Contains(s.log.String(), `"message":"inlämning vägrad"`) {
		t.Errorf("log lacks the submits and the refusal: %s", s.log.String())
	}
}

func TestSubmitClosedPeriod(t *testing.T) {
	s := newSite(t, nil)
	if err := s.st.SetPeriodOpen(context.Background(), helar, false, time.Now()); err != nil {
		t.Fatal(err)
	}
	a := s.upload("/inlamning", s.keys[kultur], "k.xlsx", fixture(t, "kultur-och-fritidsnamnden-2023.xlsx"))
	if a.status != 403 || !strings.Contains(a.body, "Perioden Helår 2023 är stängd") {
		t.Errorf("POST /inlamning in a closed period = %d: %s", a.status, a.body)
	}
	// a workbook of a period never opened
	wb := fixtures.Kommunstyrelsen()
	for _, sh := range wb.Sheets {
		for _, row := range sh.Rows {
			if sh.Name == "Info" && len(row) > 1 && row[0] == "Period" {
				row[1] = "Helår 2031"
			}
		}
	}
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		t.Fatal(err)
	}
	a = s.upload("/inlamning", s.keys[ks], "k.xlsx", buf.Bytes())
	if a.status != 403 || !strings.Contains(a.body, "Perioden Helår 2031 är inte öppen för inlämning (kontrollera Period på bladet Info, cellen B") {
		t.Errorf("POST /inlamning for a period never opened = %d: %s", a.status, a.body)
	}
}

// "Lämna in" on a result page submits the file just checked, without
// sending it again; the JSON receipt says what was stored.
func TestSubmitCheckedFile(t *testing.T) {
	s := newSite(t, nil)
	c := s.browser(s.keys[kultur])
	body, ct := multipartBody(t, "k.xlsx", fixture(t, "kultur-och-fritidsnamnden-2023.xlsx"))
	res := s.do(c, http.MethodPost, "/kontroll", "", body, ct)
	m := regexp.MustCompile(`name="kontroll" value="([^"]+)"`).FindStringSubmatch(res.body)
	if m == nil {
		t.Fatalf("result page has no Lämna in form: %s", res.body)
	}
	body, ct = multipartBody(t, "", nil, "kontroll", m[1])
	a := s.do(c, http.MethodPost, "/inlamning", "", body, ct, "Accept", "application/json")
	var got struct {
		Receipt struct {
			Sequence   int64
			Department string
			SHA256     string
			Chain      string
		}
	}
	if err := json.Unmarshal(a.raw, &got); err != nil || a.status != 200 {
		t.Fatalf("POST /inlamning kontroll=%s = %d %s (%v)", m[1], a.status, a.raw, err)
	}
	if got.Receipt.Sequence != 1 || got.Receipt.Department != kultur || len(got.Receipt.SHA256) != 64 || len(got.Receipt.Chain) != 64 {
		t.Errorf("receipt = %+v", got.Receipt)
	}
	// another session cannot submit it
	body, ct = multipartBody(t, "", nil, "kontroll", m[1])
	if a := s.do(s.browser(s.keys[kultur]), http.MethodPost, "/inlamning", "", body, ct); a.status != 404 {
		t.Errorf("POST /inlamning of another session's check = %d, want 404", a.status)
	}
}

func TestPeriodAndHistoryPages(t *testing.T) {
	s := newSite(t, nil)
	if a := s.upload("/inlamning", s.keys[ks], "k.xlsx", fixture(t, "kommunstyrelsen-2023.xlsx")); a.status != 200 {
		t.Fatalf("POST /inlamning = %d: %s", a.status, a.body)
	}
	period := "/period/" + url.PathEscape(helar)
	tests := []struct {
		name, key, path string
		status          int
		want            []string
	}{
		{"finance sees the period", s.keys["ekonomi"], period, 200, []string{
			"Perioden är öppen", "1 av 3 förväntade nämnder har lämnat in",
			`<tr class="rejected"><th scope="row">Kommunstyrelsen</th><td>avvisad</td>`,
			`<tr class="missing"><th scope="row">Grundskolenämnden</th><td>saknas</td>`,
			`<tr class="missing"><th scope="row">Kultur- och fritidsnämnden</th><td>saknas</td>`}},
		{"the auditor too", s.keys["revisor"], period, 200, []string{"Grundskolenämnden"}},
		{"a department does not", s.keys[kultur], period, 403, []string{"ger inte tillgång"}},
		{"own history", s.keys[ks], "/historik/" + ks, 200, []string{`<th scope="row">Helår 2023</th><td class="num">1</td><td>avvisad</td>`}},
		{"history, normalised name", s.keys[ks], "/historik/kommunstyrelsen", 200, []string{"Helår 2023"}},
		{"another department's history", s.keys[kultur], "/historik/" + ks, 403, []string{"ger inte tillgång"}},
		{"finance reads a history", s.keys["ekonomi"], "/historik/" + ks, 200, []string{"avvisad"}},
		{"the auditor reads a history", s.keys["revisor"], "/historik/" + ks, 200, []string{"avvisad"}},
		{"own submission's findings", s.keys[ks], "/post/1", 200, []string{"<td>Drift</td><td>F19</td><td>fel</td>", "Underkänd"}},
		{"another department's submission", s.keys[kultur], "/post/1", 403, []string{"ger inte tillgång"}},
		{"no such submission", s.keys["revisor"], "/post/99", 404, []string{"finns inte"}},
		{"no key", "", period, 401, []string{"Logga in"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := s.do(nil, http.MethodGet, tt.path, tt.key, nil, "")
			if a.status != tt.status {
				t.Fatalf("GET %s = %d, want %d: %s", tt.path, a.status, tt.status, a.body)
			}
			for _, w := range tt.want {
				if !strings.Contains(a.body, w) {
					t.Errorf("page lacks %q:\n%s", w, a.body)
				}
			}
		})
	}
	a := s.do(nil, http.MethodGet, period, s.keys["ekonomi"], nil, "", "Accept", "application/json")
	var got struct {
		Open        bool
		Departments []periodRow
	}
	if err := json.Unmarshal(a.raw, &got); err != nil || !got.Open || len(got.Departments) != 3 ||
		!got.Departments[0].Submitted || got.Departments[1].Submitted {
		t.Errorf("GET %s (JSON) = %s (%v)", period, a.raw, err)
	}
}

// The finance department opens and closes a period on its page; an
// auditor may not; the auditors' chain check reads the history.
func TestPeriodOpenCloseAndVerify(t *testing.T) {
	s := newSite(t, nil)
	if a := s.upload("/inlamning", s.keys[kultur], "k.xlsx", fixture(t, "kultur-och-fritidsnamnden-2023.xlsx")); a.status != 200 {
		t.Fatalf("POST /inlamning = %d", a.status)
	}
	period := "/period/" + url.PathEscape(helar)
	if a := s.do(nil, http.MethodGet, period, s.keys["ekonomi"], nil, ""); !strings.Contains(a.body, "Stäng perioden") {
		t.Errorf("the finance page of an open period lacks Stäng perioden")
	}
	if a := s.do(nil, http.MethodGet, period, s.keys["revisor"], nil, ""); strings.Contains(a.body, "Stäng perioden") {
		t.Errorf("the auditor's period page offers Stäng perioden")
	}
	for _, tt := range []struct {
		key, path string
		status    int
	}{
		{s.keys["revisor"], period + "/stang", 403},
		{s.keys[kultur], period + "/stang", 403},
		{s.keys["ekonomi"], period + "/stang", 200},
	} {
		if a := s.do(nil, http.MethodPost, tt.path, tt.key, nil, "", "Accept", "application/json"); a.status != tt.status {
			t.Errorf("POST %s = %d, want %d", tt.path, a.status, tt.status)
		}
	}
	if a := s.upload("/inlamning", s.keys[kultur], "k.xlsx", fixture(t, "kultur-och-fritidsnamnden-2023.xlsx")); a.status != 403 {
		t.Errorf("POST /inlamning after the period was closed on its page = %d, want 403", a.status)
	}
	if !strings.Contains(s.log.String(), `"message":"period ändrad"`) {
		t.Errorf("the period change is not logged")
	}
	a := s.do(nil, http.MethodGet, "/verifiering", s.keys["revisor"], nil, "")
	if a.status != 200 || !strings.Contains(a.body, "Alla 1 poster stämmer") {
		t.Errorf("GET /verifiering = %d: %s", a.status, a.body)
	}
	if a := s.do(nil, http.MethodGet, "/verifiering", s.keys[kultur], nil, ""); a.status != 403 {
		t.Errorf("GET /verifiering with a department key = %d, want 403", a.status)
	}
}

// The period page lists the period's consolidations; a consolidation's
// page lists the submissions it used, for auditors and finance only.
func TestConsolidationPages(t *testing.T) {
	s := newSite(t, nil)
	a := s.upload("/inlamning", s.keys[ks], "k.xlsx", fixture(t, "kommunstyrelsen-2023.xlsx"), "Accept", "application/json")
	var got struct{ Receipt struct{ ID int64 } }
	if err := json.Unmarshal(a.raw, &got); err != nil || got.Receipt.ID == 0 {
		t.Fatalf("POST /inlamning = %d %s", a.status, a.raw)
	}
	c := &store.Consolidation{Period: helar, Created: store.FormatTime(time.Now()), SpecName: "verksamhetsberattelse",
		SpecVersion: "2023.1", ToolVersion: "test", Inputs: []store.Input{
			{Record: got.Receipt.ID, File: "kommunstyrelsen-2023.xlsx", SHA256: strings.Repeat("a", 64), Department: ks, InTotals: true},
			{File: "trasig.xlsx"},
		}}
	if err := s.st.AppendConsolidation(context.Background(), nil, c); err != nil {
		t.Fatal(err)
	}
	period := "/period/" + url.PathEscape(helar)
	if a := s.do(nil, http.MethodGet, period, s.keys["revisor"], nil, ""); !strings.Contains(a.body, `<a href="/sammanstallning/2">2</a>`) {
		t.Errorf("the period page does not list consolidation 2: %s", a.body)
	}
	a = s.do(nil, http.MethodGet, "/sammanstallning/2", s.keys["revisor"], nil, "")
	for _, w := range []string{`<th scope="row">Kommunstyrelsen</th><td>kommunstyrelsen-2023.xlsx</td><td>ja</td>`, `<a href="/post/1">1</a>`, "(inte sparad)"} {
		if !strings.Contains(a.body, w) {
			t.Errorf("GET /sammanstallning/2 = %d, lacks %q: %s", a.status, w, a.body)
		}
	}
	for _, tt := range []struct {
		key, path string
		status    int
	}{
		{s.keys[ks], "/sammanstallning/2", 403},
		{s.keys["ekonomi"], "/sammanstallning/2", 200},
		{s.keys["ekonomi"], "/sammanstallning/1", 404}, // a submission
		{s.keys["ekonomi"], "/sammanstallning/x", 404},
	} {
		if a := s.do(nil, http.MethodGet, tt.path, tt.key, nil, ""); a.status != tt.status {
			t.Errorf("GET %s = %d, want %d", tt.path, a.status, tt.status)
		}
	}
}
