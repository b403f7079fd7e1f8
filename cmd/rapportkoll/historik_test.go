package main

import (
	"crypto/sha256"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
	"github.com/rapportkoll/rapportkoll/fixtures"
)

// kommunstyrelsen writes the seed's workbook; fixed corrects its Drift
// percentage, as a resubmission would.
func kommunstyrelsen(t *testing.T, dir, name string, fixed bool) string {
	t.Helper()
	wb := fixtures.Kommunstyrelsen()
	if fixed {
		for _, sh := range wb.Sheets {
			for _, row := range sh.Rows {
				if sh.Name == "Drift" && len(row) > 5 && row[0] == "Äldre och personer med funktionsnedsättning" {
					row[5] = fixtures.Pct("-1")
				}
			}
		}
	}
	file := filepath.Join(dir, name)
	if err := wb.WriteFile(file); err != nil {
		t.Fatal(err)
	}
	return file
}

type receipts struct {
	Receipts []receipt `json:"receipts"`
}

func TestSubmitHistorik(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "historik.db")
	first := kommunstyrelsen(t, dir, "ks.xlsx", false)
	code, out, stderr := runCLI(t, "submit", "-q", "--format", "json", "--db", db, first, filepath.Join(inlamnat, "kultur-och-fritidsnamnden-2023.xlsx"))
	if code != exitErrors {
		t.Fatalf("submit = %d, want %d (Kommunstyrelsen is rejected); stderr:\n%s", code, exitErrors, stderr)
	}
	var got receipts
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got.Receipts) != 2 {
		t.Fatalf("submit --format json: %v\n%s", err, out)
	}
	if r := got.Receipts[0]; r.Department != "Kommunstyrelsen" || r.Seq != 1 || r.Status != "rejected" || len(r.Chain) != 64 || len(r.SHA256) != 64 {
		t.Errorf("receipt = %+v", r)
	}

	t.Setenv("RAPPORTKOLL_DB", db) // the flag's default
	second := kommunstyrelsen(t, dir, "ks-rättad.xlsx", true)
	code, out, stderr = runCLI(t, "submit", "-q", "--keep-files", second)
	if code != exitErrors || !strings.Contains(out, "Kvitto: Kommunstyrelsen, Helår 2023, inlämning 2") || !strings.Contains(out, "post 3, kedjan ") {
		t.Errorf("resubmit = %d, want %d and a receipt for submission 2:\n%s%s", code, exitErrors, out, stderr)
	}
	// The receipt of a resubmission says what changed since the first.
	for _, want := range []string{
		"sedan inlämning 1: 1 fynd åtgärdade, 0 nya fynd, 1 värden ändrade, 0 rader tillagda, 0 borttagna",
		"åtgärdat: Drift!F", "[drift.avvikelse_procent]",
		"ändrat: Drift!F", "Avvikelse (%): 1 → -1",
		"rapportkoll historik diff 1 3 visar allt",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("resubmit receipt lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out[:strings.Index(out, "Kvitto:")], "sedan inlämning") {
		t.Errorf("changes shown before the receipt:\n%s", out)
	}
	third := kommunstyrelsen(t, dir, "ks-igen.xlsx", false)
	code, out, _ = runCLI(t, "submit", "-q", "--format", "json", "--lang", "en", third)
	got = receipts{}
	if err := json.Unmarshal([]byte(out), &got); err != nil || len(got.Receipts) != 1 {
		t.Fatalf("third submit --format json = %d, %v\n%s", code, err, out)
	}
	if c := got.Receipts[0].Changes; c == nil || c.Since != 2 || c.SinceRecord != 3 || c.FindingsNew != 1 || c.FindingsFix != 0 || c.FactsChanged != 1 || c.SameFile {
		t.Errorf("third submission's changes = %+v, want since 2 (record 3), 1 new finding, 1 figure", c)
	}
	code, out, _ = runCLI(t, "submit", "-q", third)
	if !strings.Contains(out, "samma fil som inlämning 3 (samma SHA-256): inget har ändrats") {
		t.Errorf("the same file again = %d:\n%s", code, out)
	}
	// The same file judged otherwise: last year's report is in the history
	// now, so Kultur's 2023 file gets the restated figure's warning.
	runCLI(t, "submit", "-q", filepath.Join("..", "..", "fixtures", "foregaende", "kultur-och-fritidsnamnden-2022.xlsx"))
	code, out, _ = runCLI(t, "submit", "-q", filepath.Join(inlamnat, "kultur-och-fritidsnamnden-2023.xlsx"))
	if !strings.Contains(out, "samma fil som inlämning 1 (samma SHA-256), men fynden skiljer sig") ||
		!strings.Contains(out, "nytt: Personal!B2:") || strings.Contains(out, "inget har ändrats") {
		t.Errorf("the same file with last year in the history = %d:\n%s", code, out)
	}

	st, err := store.Open(t.Context(), db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	kept, err := st.Load(t.Context(), 3)
	st.Close()
	if err != nil || kept.Workbook == nil || fmt.Sprintf("%x", sha256.Sum256(kept.Workbook)) != kept.SHA256 {
		t.Errorf("--keep-files: record 3 holds no workbook or another one (%v)", err)
	}

	code, _, stderr = runCLI(t, "submit", "-q", filepath.Join(dir, "saknas.xlsx"))
	if code != exitErrors || !strings.Contains(stderr, "saknas.xlsx: inte sparad i historiken") {
		t.Errorf("submit of a missing file = %d, want %d and why it was not stored:\n%s", code, exitErrors, stderr)
	}

	code, out, _ = runCLI(t, "historik", "list", "--namnd", "kommunstyrelsen")
	if code != exitOK || strings.Count(out, "Kommunstyrelsen") != 4 || strings.Contains(out, "Kultur") {
		t.Errorf("historik list --namnd = %d:\n%s", code, out)
	}
	code, out, _ = runCLI(t, "historik", "list", "--format", "json", "--period", "Delår april 2024")
	if code != exitOK || strings.TrimSpace(out) != `{
  "submissions": []
}` {
		t.Errorf("historik list of an empty period = %d:\n%s", code, out)
	}

	code, out, _ = runCLI(t, "historik", "diff", "1", "3")
	for _, want := range []string{
		"Drift!F", // the cell
		"äldre och personer med funktionsnedsättning, Avvikelse (%): 1 → -1",
		"Åtgärdade fynd (1):", // the error is gone
		"drift.avvikelse_procent",
		"Nya fynd (0):",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("historik diff 1 3 = %d, lacks %q:\n%s", code, want, out)
		}
	}
	code, out, _ = runCLI(t, "historik", "diff", "--format", "json", "--lang", "en", "1", "3")
	var d struct {
		Changed []store.FactChange `json:"facts_changed"`
		Fixed   []store.Finding    `json:"findings_fixed"`
	}
	if err := json.Unmarshal([]byte(out), &d); code != exitOK || err != nil || len(d.Changed) != 1 || len(d.Fixed) != 1 {
		t.Errorf("historik diff --format json = %d, %v:\n%s", code, err, out)
	}

	code, out, _ = runCLI(t, "historik", "verify")
	if code != exitOK || !strings.Contains(out, "Historiken stämmer: 7 poster") {
		t.Errorf("historik verify = %d, want 0:\n%s", code, out)
	}

	// Someone drops a trigger over a raw connection and changes a figure.
	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"DROP TRIGGER submissions_no_update", "UPDATE submissions SET facts = json_set(facts, '$[3].value', '0') WHERE record_id = 2"} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	raw.Close()
	code, out, _ = runCLI(t, "historik", "verify")
	if code != exitErrors || !strings.Contains(out, "post 2 (Kultur- och fritidsnämnden, Helår 2023, inlämning 1") ||
		!strings.Contains(out, "innehållet har ändrats") {
		t.Errorf("historik verify after tampering = %d, want 1 naming record 2:\n%s", code, out)
	}
	code, out, _ = runCLI(t, "historik", "verify", "--format", "json")
	if code != exitErrors || !strings.Contains(out, `"id": 2`) || !strings.Contains(out, `"ok": false`) {
		t.Errorf("historik verify --format json after tampering = %d:\n%s", code, out)
	}
}

// A database that cannot be used: a clear message in the user's language
// and exit 2, never a stack trace.
func TestHistorikDatabaseProblems(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "anteckningar.db")
	os.WriteFile(text, []byte(strings.Repeat("inte en databas\n", 400)), 0o644)
	other := filepath.Join(dir, "annan.db")
	if db, err := sql.Open("sqlite", other); err == nil {
		db.Exec("CREATE TABLE kunder (id INTEGER)")
		db.Close()
	}
	newer := filepath.Join(dir, "nyare.db")
	if code, _, stderr := runCLI(t, "submit", "-q", "--db", newer, filepath.Join(inlamnat, "grundskolenamnden-2023.xlsx")); code != exitOK {
		t.Fatalf("submit: %d\n%s", code, stderr)
	}
	if db, err := sql.Open("sqlite", newer); err == nil {
		db.Exec("INSERT INTO rapportkoll_schema (version_id, is_applied) VALUES (99, 1)")
		db.Close()
	}
	file := filepath.Join(inlamnat, "kultur-och-fritidsnamnden-2023.xlsx")
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no database", []string{"historik", "list"}, "ange historikens databas med --db"},
		{"no database, submit", []string{"submit", file}, "ange historikens databas med --db"},
		{"missing", []string{"historik", "verify", "--db", filepath.Join(dir, "saknas.db")}, "saknas.db finns inte"},
		{"missing folder", []string{"submit", "--db", filepath.Join(dir, "saknas", "h.db"), file}, "finns inte"},
		{"not a database", []string{"historik", "list", "--db", text}, "är ingen databas"},
		{"not a database, submit", []string{"submit", "--db", text, file}, "är ingen databas"},
		{"not a database, English", []string{"historik", "list", "--lang", "en", "--db", text}, "is not a database"},
		{"another program's", []string{"submit", "--db", other, file}, "är ingen historik från rapportkoll"},
		{"newer schema", []string{"historik", "verify", "--db", newer}, "skapad av en nyare rapportkoll"},
		{"newer schema, submit", []string{"submit", "--db", newer, file}, "skapad av en nyare rapportkoll"},
		{"postgres down", []string{"historik", "list", "--db", "postgres://rapportkoll@127.0.0.1:1/x?connect_timeout=2"}, "kunde inte öppna databasen postgres://rapportkoll@127.0.0.1:1/x"},
		{"bad record", []string{"historik", "diff", "--db", newer, "1", "x"}, "ange två postnummer"},
		{"bad subcommand", []string{"historik", "ta-bort"}, "ange list, diff A B eller verify"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			os.Unsetenv("RAPPORTKOLL_DB")
			code, _, stderr := runCLI(t, append(tt.args, "-q")...)
			if code != exitFailed || !strings.Contains(stderr, tt.want) {
				t.Errorf("%v = %d, want %d and %q in:\n%s", tt.args, code, exitFailed, tt.want, stderr)
			}
			if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
				t.Errorf("stack trace:\n%s", stderr)
			}
		})
	}
	b, _ := os.ReadFile(other)
	if strings.Contains(string(b), "rapportkoll_schema") {
		t.Error("submit wrote into another program's database")
	}
}

// The messages for what only a live system produces (a lock held too long,
// a full disk, a read-only file), in both languages.
func TestDatabaseFailureMessages(t *testing.T) {
	tests := []struct {
		err    error
		sv, en string
	}{
		{store.ErrLocked, "är låst av ett annat program", "is locked by another program"},
		{store.ErrDiskFull, "disken är full: h.db kunde inte skrivas, och inget av inlämningen sparades", "the disk is full"},
		{store.ErrReadOnly, "är skrivskyddad", "is read-only"},
		{store.ErrSchemaOlder, "har en äldre form", "has an older schema"},
		{store.ErrFailed, "databasen h.db gav ett fel: boom", "the database h.db failed: boom"},
	}
	for _, tt := range tests {
		for _, lang := range []string{"sv", "en"} {
			var out, errb strings.Builder
			g := globals{lang: lang, quiet: true}
			e, err := g.env(&out, &errb)
			if err != nil {
				t.Fatal(err)
			}
			code := dbFailure(e, &store.Error{Err: tt.err, Where: "h.db", Cause: errors.New("boom")})
			want := map[string]string{"sv": tt.sv, "en": tt.en}[lang]
			if code != exitFailed || !strings.Contains(errb.String(), want) {
				t.Errorf("dbFailure(%v, %s) = %d %q, want %d and %q", tt.err, lang, code, errb.String(), exitFailed, want)
			}
		}
	}
}

// 16 submits at once onto a new database: each gets its receipt, the
// sequence of each department has no gap, and the chain verifies.
func TestConcurrentSubmits(t *testing.T) {
	db := filepath.Join(t.TempDir(), "historik.db")
	files := []string{"grundskolenamnden-2023.xlsx", "kommunstyrelsen-2023.xlsx", "kultur-och-fritidsnamnden-2023.xlsx", "grundskolenamnden-2023.xlsx"}
	var wg sync.WaitGroup
	stderrs := make([]string, 16)
	for i := range 16 {
		wg.Go(func() {
			_, _, stderrs[i] = runCLI(t, "submit", "-q", "--db", db, filepath.Join(inlamnat, files[i%4]))
		})
	}
	wg.Wait()
	for i, s := range stderrs {
		if s != "" {
			t.Errorf("submit %d: %s", i, s)
		}
	}
	code, out, _ := runCLI(t, "historik", "list", "--format", "json", "--db", db)
	var list struct {
		Submissions []store.Summary `json:"submissions"`
	}
	if err := json.Unmarshal([]byte(out), &list); code != exitOK || err != nil || len(list.Submissions) != 16 {
		t.Fatalf("historik list = %d, %v: %s", code, err, out)
	}
	seqs := map[string][]int64{}
	for _, m := range list.Submissions {
		seqs[m.Department] = append(seqs[m.Department], m.Seq)
	}
	want := map[string]string{"Grundskolenämnden": "[1 2 3 4 5 6 7 8]", "Kommunstyrelsen": "[1 2 3 4]", "Kultur- och fritidsnämnden": "[1 2 3 4]"}
	for d, w := range want {
		if got := fmt.Sprint(seqs[d]); got != w {
			t.Errorf("%s: sequence %s, want %s", d, got, w)
		}
	}
	if code, out, _ := runCLI(t, "historik", "verify", "--db", db); code != exitOK {
		t.Errorf("historik verify = %d:\n%s", code, out)
	}
}

// TestSubmitUnidentifiedFiles: files that state no department or period
// (the broken fixtures) are not one another's resubmissions: no receipt
// says what changed since another.
func TestSubmitUnidentifiedFiles(t *testing.T) {
	db := filepath.Join(t.TempDir(), "historik.db")
	broken := []string{filepath.Join(inlamnat, "trasig-csv.xlsx"), filepath.Join(inlamnat, "trasig-html.xlsx"), filepath.Join(inlamnat, "trasig-ods.xlsx")}
	runCLI(t, append([]string{"submit", "-q", "--db", db}, broken...)...)
	code, out, _ := runCLI(t, append([]string{"submit", "-q", "--db", db}, broken...)...)
	if code != exitErrors || !strings.Contains(out, "Kvitto:") || strings.Contains(out, "sedan inlämning") || strings.Contains(out, "samma fil") {
		t.Errorf("submit of unidentified files again = %d:\n%s", code, out)
	}
}
