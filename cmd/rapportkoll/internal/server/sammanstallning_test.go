package server

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

const grundskola = "Grundskolenämnden"

// appendWithoutWorkbook stores a submission as submit without
// --keep-files does.
func (s *site) appendWithoutWorkbook(name string, data []byte) *store.Record {
	s.t.Helper()
	sub := check.Bytes(s.srv.cfg.Spec, name, data, check.Options{KeepTables: true})
	rec := store.FromResult(s.srv.cfg.Spec, sub, []byte("{}"), "test", time.Now(), nil)
	if err := s.st.Append(context.Background(), rec); err != nil {
		s.t.Fatal(err)
	}
	return rec
}

// submitted posts a workbook to /inlamning and returns its record id.
func (s *site) submitted(key, name string, data []byte) int64 {
	s.t.Helper()
	a := s.upload("/inlamning", key, name, data, "Accept", "application/json")
	var got struct {
		Receipt struct {
			ID int64 `json:"id"`
		} `json:"receipt"`
	}
	if a.status != 200 || json.Unmarshal(a.raw, &got) != nil || got.Receipt.ID == 0 {
		s.t.Fatalf("POST /inlamning %s = %d: %s", name, a.status, a.body)
	}
	return got.Receipt.ID
}

func TestSammanstallning(t *testing.T) {
	s := newSite(t, nil)
	s.submitted(s.keys[ks], "ks.xlsx", fixture(t, "kommunstyrelsen-2023.xlsx"))
	ksLatest := s.submitted(s.keys[ks], "ks.xlsx", fixedKommunstyrelsen(t))
	kulturID := s.submitted(s.keys[kultur], "kultur.xlsx", fixture(t, "kultur-och-fritidsnamnden-2023.xlsx"))
	s.appendWithoutWorkbook("grundskolenamnden-2023.xlsx", fixture(t, "grundskolenamnden-2023.xlsx"))

	path := "/period/" + url.PathEscape(helar)
	page := s.do(nil, http.MethodGet, path, s.keys["ekonomi"], nil, "")
	for _, w := range []string{"Nämnder med i nedladdningen: 2.", "Inte med i nedladdningen", "<strong>" + grundskola + "</strong>: arbetsboken sparades inte",
		`action="/period/` + url.PathEscape(helar) + `/sammanstallning"`} {
		if !strings.Contains(page.body, w) {
			t.Errorf("period page lacks %q:\n%s", w, page.body)
		}
	}
	en := s.do(nil, http.MethodGet, path+"?lang=en", s.keys["ekonomi"], nil, "")
	for _, w := range []string{"Departments in the download: 2.", "<strong>" + grundskola + "</strong>: the workbook was not stored",
		`action="/period/` + url.PathEscape(helar) + `/sammanstallning?lang=en"`} {
		if !strings.Contains(en.body, w) {
			t.Errorf("English period page lacks %q:\n%s", w, en.body)
		}
	}
	if a := s.do(nil, http.MethodGet, path, s.keys["revisor"], nil, ""); strings.Contains(a.body, "/sammanstallning\"") {
		t.Errorf("the auditor's period page offers the download")
	}

	dl := s.do(nil, http.MethodPost, path+"/sammanstallning", s.keys["ekonomi"], nil, "")
	if dl.status != 200 {
		t.Fatalf("POST %s/sammanstallning = %d: %s", path, dl.status, dl.body)
	}
	wantCD := `attachment; filename="Sammanstallning-Helar-2023.xlsx"; filename*=UTF-8''Sammanst%C3%A4llning-Hel%C3%A5r-2023.xlsx`
	if got := dl.header.Get("Content-Disposition"); got != wantCD {
		t.Errorf("Content-Disposition = %q, want %q", got, wantCD)
	}
	f, err := excelize.OpenReader(bytes.NewReader(dl.raw))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := f.GetRows("Översikt")
	if err != nil {
		t.Fatal(err)
	}
	var depts []string
	for _, row := range rows[1:] {
		if len(row) == 0 || row[0] == "" {
			break // the submissions' rows end; the total row and the statement follow
		}
		depts = append(depts, row[0])
	}
	if want := []string{ks, kultur}; !slices.Equal(depts, want) {
		t.Errorf("Översikt departments = %q, want %q", depts, want)
	}

	id, err := strconv.ParseInt(dl.header.Get("X-Rapportkoll-Consolidation"), 10, 64)
	if err != nil {
		t.Fatalf("X-Rapportkoll-Consolidation = %q", dl.header.Get("X-Rapportkoll-Consolidation"))
	}
	c, err := s.st.LoadConsolidation(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	var used []int64
	for _, in := range c.Inputs {
		used = append(used, in.Record)
	}
	slices.Sort(used)
	if want := []int64{ksLatest, kulturID}; !slices.Equal(used, want) || c.Period != helar {
		t.Errorf("consolidation %d used records %v of %q, want %v of %q", id, used, c.Period, want, helar)
	}
	after := s.do(nil, http.MethodGet, path, s.keys["ekonomi"], nil, "")
	if !strings.Contains(after.body, `href="/sammanstallning/`+strconv.FormatInt(id, 10)+`"`) {
		t.Errorf("period page lacks the consolidation %d:\n%s", id, after.body)
	}
	if v, err := s.st.Verify(context.Background()); err != nil || v.Broken != nil {
		t.Errorf("history after the download: %+v, %v", v, err)
	}
	// in English: the workbook's words too; a second record
	dlEN := s.do(nil, http.MethodPost, path+"/sammanstallning?lang=en", s.keys["ekonomi"], strings.NewReader("strikt=1"),
		"application/x-www-form-urlencoded")
	fe, err := excelize.OpenReader(bytes.NewReader(dlEN.raw))
	if err != nil {
		t.Fatalf("POST ?lang=en = %d: %v", dlEN.status, err)
	}
	defer fe.Close()
	head, _ := fe.GetCellValue("Översikt", "A1")
	idEN, _ := strconv.ParseInt(dlEN.header.Get("X-Rapportkoll-Consolidation"), 10, 64)
	cEN, err := s.st.LoadConsolidation(context.Background(), idEN)
	if head != "Department" || err != nil || idEN <= id || !cEN.Strict {
		t.Errorf("English download: Översikt!A1 %q, record %d (%v) strict %v; want Department, a new strict record", head, idEN, err, cEN != nil && cEN.Strict)
	}
}

func TestSammanstallningRefused(t *testing.T) {
	s := newSite(t, nil)
	s.appendWithoutWorkbook("grundskolenamnden-2023.xlsx", fixture(t, "grundskolenamnden-2023.xlsx"))
	path := "/period/" + url.PathEscape(helar) + "/sammanstallning"
	tests := []struct {
		name   string
		key    string
		status int
		want   string
	}{
		{"a department's key", s.keys[ks], 403, "Din nyckel ger inte tillgång"},
		{"an auditor's key", s.keys["revisor"], 403, "Din nyckel ger inte tillgång"},
		{"nothing kept", s.keys["ekonomi"], 409, "Ingen förväntad nämnd har en sparad arbetsbok"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := s.do(nil, http.MethodPost, path, tt.key, nil, "")
			if a.status != tt.status || !strings.Contains(a.body, tt.want) {
				t.Errorf("POST %s = %d, want %d with %q: %s", path, a.status, tt.status, tt.want, a.body)
			}
		})
	}
	if list, _ := s.st.ListConsolidations(context.Background(), helar); len(list) != 0 {
		t.Errorf("refused downloads recorded %d consolidations", len(list))
	}
}

func TestDropFiles(t *testing.T) {
	s := newSite(t, func(c *Config) { c.DropFiles = true })
	id := s.submitted(s.keys[kultur], "kultur.xlsx", fixture(t, "kultur-och-fritidsnamnden-2023.xlsx"))
	rec, err := s.st.Load(context.Background(), id)
	if err != nil || rec.Workbook != nil {
		t.Fatalf("DropFiles: record %d kept %d bytes (%v), want none", id, len(rec.Workbook), err)
	}
	page := s.do(nil, http.MethodGet, "/period/"+url.PathEscape(helar), s.keys["ekonomi"], nil, "")
	if !strings.Contains(page.body, "<strong>"+kultur+"</strong>: arbetsboken sparades inte") {
		t.Errorf("period page does not say the workbook was not kept:\n%s", page.body)
	}
}

// Someone with a raw connection changes a kept workbook: the download
// refuses, names the department and records nothing.
func TestSammanstallningTamperedWorkbook(t *testing.T) {
	s := newSite(t, nil)
	id := s.submitted(s.keys[kultur], "kultur.xlsx", fixture(t, "kultur-och-fritidsnamnden-2023.xlsx"))
	db, err := sql.Open("sqlite", s.db)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, q := range []string{"DROP TRIGGER submissions_no_update",
		"UPDATE submissions SET workbook = X'504B0304' WHERE record_id = " + strconv.FormatInt(id, 10)} {
		if _, err := db.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	path := "/period/" + url.PathEscape(helar) + "/sammanstallning"
	a := s.do(nil, http.MethodPost, path, s.keys["ekonomi"], nil, "")
	if a.status != 409 || !strings.Contains(a.body, "Den sparade arbetsboken för "+kultur+" (post "+strconv.FormatInt(id, 10)+") stämmer inte") {
		t.Errorf("POST %s with a changed workbook = %d: %s", path, a.status, a.body)
	}
	if list, _ := s.st.ListConsolidations(context.Background(), helar); len(list) != 0 {
		t.Errorf("a refused download recorded %d consolidations", len(list))
	}
}
