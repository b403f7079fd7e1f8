package main

import (
	"context"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
	"github.com/rapportkoll/rapportkoll/exporter"
)

// submitted submits files to db and returns their receipts.
func submitted(t *testing.T, db string, args ...string) []receipt {
	t.Helper()
	code, out, stderr := runCLI(t, append([]string{"submit", "-q", "--format", "json", "--db", db}, args...)...)
	var got receipts
	if err := json.Unmarshal([]byte(out), &got); err != nil || code == exitFailed {
		t.Fatalf("submit %v = %d, %v:\n%s%s", args, code, err, out, stderr)
	}
	return got.Receipts
}

// lastConsolidation is the history's latest consolidation record.
func lastConsolidation(t *testing.T, db string) *store.Consolidation {
	t.Helper()
	st, err := store.Open(context.Background(), db, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	list, err := st.ListConsolidations(context.Background(), "")
	if err != nil || len(list) == 0 {
		t.Fatalf("ListConsolidations = %v, %v", list, err)
	}
	c, err := st.LoadConsolidation(context.Background(), list[len(list)-1].ID)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// recordCount is the number of records historik verify counts.
func recordCount(t *testing.T, db string) int {
	t.Helper()
	_, out, _ := runCLI(t, "historik", "verify", "--db", db, "--format", "json")
	var v struct {
		Records int `json:"records"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("historik verify: %v\n%s", err, out)
	}
	return v.Records
}

// consolidate --db --period without files consolidates the latest kept
// submission of each department of the period: after a resubmission, the
// new one; the one consolidation record names exactly those records and
// no submission record is added; the outputs are those of a consolidation
// of files, and carry the chain value after the record.
func TestConsolidateFromHistory(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "historik.db")
	first := submitted(t, db, "--keep-files", kommunstyrelsen(t, dir, "ks.xlsx", false),
		filepath.Join(inlamnat, "grundskolenamnden-2023.xlsx"))
	fixedDir := filepath.Join(dir, "rättad")
	if err := os.Mkdir(fixedDir, 0o755); err != nil {
		t.Fatal(err)
	}
	again := submitted(t, db, "--keep-files", kommunstyrelsen(t, fixedDir, "ks.xlsx", true))
	if len(first) != 2 || len(again) != 1 {
		t.Fatalf("receipts %+v then %+v", first, again)
	}
	before := recordCount(t, db)

	dir2, code, stdout, stderr := consolidate(t, "-q", "--db", db, "--period", "helår 2023")
	if code != exitOK && code != exitErrors {
		t.Fatalf("consolidate --db --period = %d; stderr:\n%s", code, stderr)
	}
	for _, f := range []string{"Sammanställning.xlsx", "report.json", "manifest.json", "feedback/Kommunstyrelsen.xlsx",
		"feedback/Kommunstyrelsen.txt", "feedback/Grundskolenämnden.xlsx", "feedback/Grundskolenämnden.txt"} {
		if _, err := os.Stat(filepath.Join(dir2, filepath.FromSlash(f))); err != nil {
			t.Errorf("output %s: %v", f, err)
		}
	}
	if n := recordCount(t, db); n != before+1 {
		t.Errorf("records after = %d, want %d (one consolidation record, no submission records)", n, before+1)
	}
	c := lastConsolidation(t, db)
	var used []int64
	for _, in := range c.Inputs {
		used = append(used, in.Record)
	}
	slices.Sort(used)
	if want := []int64{first[1].ID, again[0].ID}; !slices.Equal(used, want) || c.Period != "helår 2023" && c.Period != "Helår 2023" {
		t.Errorf("the consolidation %d (%s) names records %v, want %v (Grundskolenämnden's and Kommunstyrelsen's resubmission)",
			c.ID, c.Period, used, want)
	}
	head, vcode, vout := historyHead(t, db)
	if vcode != exitOK {
		t.Fatalf("historik verify = %d:\n%s", vcode, vout)
	}
	kallor, m := outputsHistory(t, dir2)
	got := chainInKallor.FindStringSubmatch(kallor)
	if got == nil || got[1] != head || got[2] != itoa64(c.ID) || m == nil || m.Chain != head || m.Record != c.ID {
		t.Errorf("Källor %q, manifest %+v; want the head %s after record %d", kallor, m, head, c.ID)
	}
	if !strings.Contains(stdout, "Sparad i historiken "+db+": post "+itoa64(c.ID)) {
		t.Errorf("stdout does not name the record:\n%s", stdout)
	}
	// The manifest names the workbooks by the names they were submitted
	// with, and their SHA-256 are the records'.
	data, _ := os.ReadFile(filepath.Join(dir2, "manifest.json"))
	var man exporter.Manifest
	if err := json.Unmarshal(data, &man); err != nil {
		t.Fatal(err)
	}
	var inputs []string
	for _, in := range man.Inputs {
		inputs = append(inputs, in.Path+" "+in.SHA256)
	}
	slices.Sort(inputs)
	want := []string{"grundskolenamnden-2023.xlsx " + first[1].SHA256, "ks.xlsx " + again[0].SHA256}
	if !slices.Equal(inputs, want) {
		t.Errorf("manifest inputs %v, want %v", inputs, want)
	}
	// The resubmission's feedback says what changed, as with files.
	txt, _ := os.ReadFile(filepath.Join(dir2, "feedback", "Kommunstyrelsen.txt"))
	if !strings.Contains(string(txt), "Sedan förra inlämningen (nr 1)") {
		t.Errorf("Kommunstyrelsen's feedback does not say what changed:\n%s", txt)
	}
}

// A department whose latest submission has no kept workbook stops the
// run (an older kept one is not taken in its place): the message names
// the department, the record and the file and says what to do, exit 2,
// nothing written, nothing recorded.
func TestConsolidateFromHistoryNotKept(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "historik.db")
	submitted(t, db, "--keep-files", kommunstyrelsen(t, dir, "ks.xlsx", false), filepath.Join(inlamnat, "grundskolenamnden-2023.xlsx"))
	fixedDir := filepath.Join(dir, "rättad")
	if err := os.Mkdir(fixedDir, 0o755); err != nil {
		t.Fatal(err)
	}
	latest := submitted(t, db, kommunstyrelsen(t, fixedDir, "ks-rättad.xlsx", true)) // without --keep-files
	before := recordCount(t, db)
	for _, tt := range []struct{ lang, want string }{
		{"sv", "Kommunstyrelsen: den senaste inlämningen för perioden (post " + itoa64(latest[0].ID) + ", ks-rättad.xlsx) sparades utan arbetsboken och kan inte sammanställas ur historiken. Lämna in igen med rapportkoll submit --keep-files"},
		{"en", "Kommunstyrelsen: the latest submission for the period (record " + itoa64(latest[0].ID) + ", ks-rättad.xlsx) was stored without its workbook and cannot be consolidated from the history. Submit again with rapportkoll submit --keep-files"},
	} {
		t.Run(tt.lang, func(t *testing.T) {
			out, code, _, stderr := consolidate(t, "-q", "--lang", tt.lang, "--db", db, "--period", "Helår 2023")
			if code != exitFailed || !strings.Contains(stderr, tt.want) || strings.Contains(stderr, "Grundskolenämnden") {
				t.Errorf("exit %d, want 2; stderr lacks %q or names another department:\n%s", code, tt.want, stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("an output folder was written")
			}
		})
	}
	if n := recordCount(t, db); n != before {
		t.Errorf("records after = %d, want %d: nothing recorded", n, before)
	}
	if _, code, _ := historyHead(t, db); code != exitOK {
		t.Errorf("historik verify = %d", code)
	}
}

// No submission for the period: exit 2, the message names the periods
// the history has; no files without both --db and --period: a message
// naming both forms.
func TestConsolidateFromHistoryUsage(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "historik.db")
	submitted(t, db, "--keep-files", kommunstyrelsen(t, dir, "ks.xlsx", false))
	t.Setenv("RAPPORTKOLL_DB", "")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"wrong period", []string{"--db", db, "--period", "Helår 2031"},
			"historiken " + db + " har ingen inlämning för perioden \"Helår 2031\" (den har inlämningar för \"Helår 2023\"). Kontrollera --period; inget skrevs."},
		{"wrong period en", []string{"--lang", "en", "--db", db, "--period", "Helår 2031"},
			"the history " + db + " holds no submission for the period \"Helår 2031\" (it holds submissions for \"Helår 2023\"). Check --period; nothing was written."},
		{"no db", []string{"--period", "Helår 2023"},
			"ange en mapp eller filer att sammanställa, till exempel: rapportkoll consolidate inlamnat -o ut; eller, för att sammanställa periodens senaste inlämningar ur historiken, både --db och --period"},
		{"no period", []string{"--db", db},
			"både --db och --period: rapportkoll consolidate --db historik.db --period \"Helår 2023\" -o ut"},
		{"no period en", []string{"--lang", "en", "--db", db},
			"or, to consolidate the period's latest submissions from the history, both --db and --period"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, code, _, stderr := consolidate(t, append([]string{"-q"}, tt.args...)...)
			if code != exitFailed || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, want 2; stderr lacks %q:\n%s", code, tt.want, stderr)
			}
			if _, err := os.Stat(out); err == nil {
				t.Error("an output folder was written")
			}
		})
	}
	if n := recordCount(t, db); n != 1 {
		t.Errorf("records = %d, want 1", n)
	}
}

// A kept workbook changed in the database is never consolidated: exit 2,
// the message names the department and record and says to run historik
// verify; nothing is written or recorded.
func TestConsolidateFromHistoryTampered(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "historik.db")
	recs := submitted(t, db, "--keep-files", kommunstyrelsen(t, dir, "ks.xlsx", false))
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	for _, q := range []string{"DROP TRIGGER submissions_no_update",
		"UPDATE submissions SET workbook = CAST('PK not the workbook' AS BLOB) WHERE record_id = " + itoa64(recs[0].ID)} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	out, code, _, stderr := consolidate(t, "-q", "--db", db, "--period", "Helår 2023")
	want := "Kommunstyrelsen: den sparade arbetsboken i post " + itoa64(recs[0].ID) + " stämmer inte med postens SHA-256, så den sammanställs inte. Kör rapportkoll historik verify --db " + db
	if code != exitFailed || !strings.Contains(stderr, want) {
		t.Errorf("exit %d, want 2; stderr lacks %q:\n%s", code, want, stderr)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("an output folder was written")
	}
	var n int
	if err := raw.QueryRow("SELECT COUNT(*) FROM records").Scan(&n); err != nil || n != 1 {
		t.Errorf("records = %d (%v), want 1: nothing recorded", n, err)
	}
}

// With a register of the period, as on the web page: an expected
// department that has not submitted is named and missing from the
// consolidation, one that submitted without being in the register is
// named and left out.
func TestConsolidateFromHistoryRegister(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "historik.db")
	recs := submitted(t, db, "--keep-files", kommunstyrelsen(t, dir, "ks.xlsx", false), filepath.Join(inlamnat, "grundskolenamnden-2023.xlsx"))
	if code, out, stderr := runCLI(t, "period", "namnder", "Helår 2023", "--db", db, "--namnder", "Kommunstyrelsen,Kultur"); code != exitOK {
		t.Fatalf("period namnder = %d:\n%s%s", code, out, stderr)
	}
	_, code, _, stderr := consolidate(t, "-q", "--db", db, "--period", "Helår 2023")
	for _, want := range []string{
		"rapportkoll: Kultur finns i periodens förteckning över nämnder men har inte lämnat in; sammanställningen saknar nämnden.",
		"rapportkoll: Grundskolenämnden (post " + itoa64(recs[1].ID) + ") finns inte i periodens förteckning över nämnder och lämnas utanför.",
	} {
		if !strings.Contains(stderr, want) {
			t.Errorf("stderr lacks %q:\n%s", want, stderr)
		}
	}
	c := lastConsolidation(t, db)
	if code != exitErrors || len(c.Inputs) != 1 || c.Inputs[0].Record != recs[0].ID {
		t.Errorf("exit %d (want 1: Kommunstyrelsen is rejected); the consolidation names %+v, want only record %d", code, c.Inputs, recs[0].ID)
	}
}
