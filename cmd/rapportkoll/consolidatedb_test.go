package main

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/exporter"
)

// historyHead is the chain value historik verify prints, and its exit code.
func historyHead(t *testing.T, db string) (string, int, string) {
	t.Helper()
	code, out, stderr := runCLI(t, "historik", "verify", "--db", db, "--format", "json")
	var v struct {
		OK      bool   `json:"ok"`
		Records int    `json:"records"`
		Chain   string `json:"chain"`
	}
	if err := json.Unmarshal([]byte(out), &v); err != nil {
		t.Fatalf("historik verify --format json: %v\n%s%s", err, out, stderr)
	}
	return v.Chain, code, out
}

// outputsHistory reads the history's line of Källor and manifest.json's
// history.
func outputsHistory(t *testing.T, dir string) (kallor string, m *exporter.HistoryRef) {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var man exporter.Manifest
	if err := json.Unmarshal(data, &man); err != nil {
		t.Fatal(err)
	}
	rows, err := openXLSX(t, filepath.Join(dir, "Sammanställning.xlsx")).GetRows("Källor")
	if err != nil {
		t.Fatal(err)
	}
	if last := rows[len(rows)-1]; len(last) == 1 {
		kallor = last[0]
	}
	return kallor, man.History
}

var chainInKallor = regexp.MustCompile(`^Historikens kedjevärde: ([0-9a-f]{64}) \(efter sammanställningens post (\d+) i (.+)\)$`)

// consolidate --db stores the files and the consolidation, and the outputs
// carry the chain value that historik verify prints; a second run adds
// records and a new head; tampering with the consolidation is named.
func TestConsolidateDB(t *testing.T) {
	db := filepath.Join(t.TempDir(), "historik.db")
	files, _ := filepath.Glob(filepath.Join(inlamnat, "*.xlsx"))

	heads := map[string]bool{}
	records := 0
	for run := 1; run <= 2; run++ {
		dir, code, stdout, stderr := consolidate(t, "-q", "--db", db, inlamnat)
		if code != exitErrors {
			t.Fatalf("run %d: exit = %d, want 1 as without --db; stderr:\n%s", run, code, stderr)
		}
		head, vcode, vout := historyHead(t, db)
		if vcode != exitOK {
			t.Fatalf("run %d: historik verify = %d:\n%s", run, vcode, vout)
		}
		kallor, m := outputsHistory(t, dir)
		got := chainInKallor.FindStringSubmatch(kallor)
		if got == nil || got[1] != head || got[3] != db {
			t.Errorf("run %d: Källor's last line = %q, want the head %s of %s", run, kallor, head, db)
		}
		if m == nil || m.Chain != head || m.Database != db || got == nil || itoa64(m.Record) != got[2] {
			t.Errorf("run %d: manifest history = %+v, want head %s, record as in Källor", run, m, head)
		}
		if !strings.Contains(stdout, "Sparad i historiken "+db) || !strings.Contains(stdout, head) {
			t.Errorf("run %d: stdout does not name the record:\n%s", run, stdout)
		}
		if heads[head] {
			t.Errorf("run %d: the head %s did not change", run, head)
		}
		heads[head] = true
		// Every file with bytes is stored (the empty one, trasig-tom-fil,
		// is too: it has a SHA-256), then one consolidation record.
		if m != nil && int(m.Record) <= records+1 {
			t.Errorf("run %d: consolidation is record %d, after %d before it", run, m.Record, records)
		}
		if m != nil {
			records = int(m.Record)
		}
	}

	code, out, _ := runCLI(t, "historik", "list", "--db", db, "--period", "helår 2023")
	if code != exitOK || !strings.Contains(out, "Sammanställning, post") || strings.Count(out, "Helår 2023  ") < 2 {
		t.Errorf("historik list does not show the two consolidations:\n%s", out)
	}
	code, out, _ = runCLI(t, "historik", "list", "--db", db, "--format", "json")
	var listed struct {
		Consolidations []struct {
			ID     int64  `json:"id"`
			Inputs int    `json:"inputs"`
			Chain  string `json:"chain"`
		} `json:"consolidations"`
	}
	if err := json.Unmarshal([]byte(out), &listed); err != nil || code != exitOK || len(listed.Consolidations) != 2 ||
		listed.Consolidations[1].Inputs != len(files) || !heads[listed.Consolidations[1].Chain] {
		t.Errorf("historik list --format json = %d, %v:\n%s", code, err, out)
	}
	code, out, _ = runCLI(t, "historik", "list", "--db", db)
	for h := range heads {
		if !strings.Contains(out, h) {
			t.Errorf("historik list lacks the chain value %s:\n%s", h, out)
		}
	}

	raw, err := sql.Open("sqlite", db)
	if err != nil {
		t.Fatal(err)
	}
	defer raw.Close()
	var n, last int
	var inTotals []string
	var inputs string
	raw.QueryRow("SELECT COUNT(*), MAX(record_id) FROM consolidations").Scan(&n, &last)
	raw.QueryRow("SELECT inputs FROM consolidations WHERE record_id = ?", last).Scan(&inputs)
	var ins []struct {
		Record   int64  `json:"record"`
		File     string `json:"file"`
		SHA256   string `json:"sha256"`
		InTotals bool   `json:"in_totals"`
	}
	if err := json.Unmarshal([]byte(inputs), &ins); err != nil || n != 2 || last != records || len(ins) != len(files) {
		t.Fatalf("consolidations: %d rows, last %d (want 2, %d); inputs %d of %d files (%v)", n, last, records, len(ins), len(files), err)
	}
	for _, in := range ins {
		var sha string
		raw.QueryRow("SELECT sha256 FROM submissions WHERE record_id = ?", in.Record).Scan(&sha)
		if in.Record != 0 && (in.Record >= int64(last) || sha != in.SHA256) {
			t.Errorf("input %+v does not name its submission (stored sha %s)", in, sha)
		}
		if in.InTotals {
			inTotals = append(inTotals, in.File)
		}
	}
	// As Översikt says: the readable workbooks (the empty one has nothing
	// to add but is not kept out).
	if got, want := strings.Join(inTotals, " "), "grundskolenamnden-2023.xlsx kommunstyrelsen-2023.xlsx kultur-och-fritidsnamnden-2023.xlsx"; got != want { // the empty workbook adds nothing
		t.Errorf("inputs in the totals: %s, want %s", got, want)
	}

	for _, q := range []string{"DROP TRIGGER consolidations_no_update", "UPDATE consolidations SET strict = 1 WHERE record_id = " + itoa64(int64(last))} {
		if _, err := raw.Exec(q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	code, out, _ = runCLI(t, "historik", "verify", "--db", db)
	want := "post " + itoa64(int64(last)) + " (sammanställningen av Helår 2023)"
	if code != exitErrors || !strings.Contains(out, "Historiken stämmer INTE: "+want) {
		t.Errorf("historik verify after tampering = %d, want 1 naming %s:\n%s", code, want, out)
	}
}

// Without --db (and RAPPORTKOLL_DB) the outputs carry no history.
func TestConsolidateWithoutDB(t *testing.T) {
	t.Setenv("RAPPORTKOLL_DB", "")
	dir, code, _, stderr := consolidate(t, "-q", inlamnat)
	if code != exitErrors {
		t.Fatalf("exit = %d; stderr:\n%s", code, stderr)
	}
	if kallor, m := outputsHistory(t, dir); m != nil || strings.Contains(kallor, "kedjevärde") {
		t.Errorf("history without --db: %q, %+v", kallor, m)
	}
}

// Outputs that cannot be written after the consolidation was recorded:
// the record stays (the history is append-only), and the message says so.
func TestConsolidateDBWriteFails(t *testing.T) {
	db := filepath.Join(t.TempDir(), "historik.db")
	orig := consolidateOutputs
	t.Cleanup(func() { consolidateOutputs = orig })
	consolidateOutputs = func(string, exporter.Run, exporter.Options) (exporter.Manifest, error) {
		return exporter.Manifest{}, errors.New("no space left on device (simulated)")
	}
	dir, code, _, stderr := consolidate(t, "-q", "--db", db, inlamnat)
	if code != exitFailed {
		t.Fatalf("exit = %d, want %d; stderr:\n%s", code, exitFailed, stderr)
	}
	if _, err := os.Stat(dir); err == nil {
		t.Error("an output folder was written")
	}
	head, vcode, _ := historyHead(t, db)
	var chain string
	var id int64
	raw, _ := sql.Open("sqlite", db)
	defer raw.Close()
	raw.QueryRow("SELECT r.id, r.chain FROM records r JOIN consolidations c ON c.record_id = r.id").Scan(&id, &chain)
	want := "sammanställningen är ändå sparad i historiken som post " + itoa64(id)
	if vcode != exitOK || chain != head || id == 0 || !strings.Contains(stderr, want) {
		t.Errorf("verify %d, head %s, consolidation %d %s; stderr lacks %q:\n%s", vcode, head, id, chain, want, stderr)
	}
}

// In English, the summary's line and Källor's are English.
func TestConsolidateDBEnglish(t *testing.T) {
	db := filepath.Join(t.TempDir(), "history.db")
	dir, code, stdout, stderr := consolidate(t, "-q", "--lang", "en", "--db", db, inlamnat)
	if code != exitErrors || !strings.Contains(stdout, "Stored in the history "+db+": record ") {
		t.Fatalf("exit %d; stdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	head, _, _ := historyHead(t, db)
	if kallor, _ := outputsHistory(t, dir); !strings.HasPrefix(kallor, "The history's chain value: "+head+" (after the consolidation's record ") {
		t.Errorf("Källor's line in English = %q", kallor)
	}
}

// TestConsolidateDBResubmission: with the history, a department's
// feedback (the .txt and Återkoppling) says what changed since its
// previous submission of the period.
func TestConsolidateDBResubmission(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "historik.db")
	first := kommunstyrelsen(t, dir, "ks.xlsx", false)
	if code, _, stderr := runCLI(t, "consolidate", "-q", "--db", db, first, "-o", filepath.Join(dir, "ut1")); code != exitErrors {
		t.Fatalf("first consolidate = %d: %s", code, stderr)
	}
	txt, _ := os.ReadFile(filepath.Join(dir, "ut1", "feedback", "Kommunstyrelsen.txt"))
	if strings.Contains(string(txt), "Sedan förra inlämningen") {
		t.Errorf("a first submission's feedback says what changed:\n%s", txt)
	}
	fixedDir := filepath.Join(dir, "rättad")
	if err := os.Mkdir(fixedDir, 0o755); err != nil {
		t.Fatal(err)
	}
	fixed := kommunstyrelsen(t, fixedDir, "ks.xlsx", true)
	out := filepath.Join(dir, "ut2")
	if code, _, stderr := runCLI(t, "consolidate", "-q", "--db", db, fixed, "-o", out); code != exitErrors {
		t.Fatalf("second consolidate = %d: %s", code, stderr)
	}
	txt, err := os.ReadFile(filepath.Join(out, "feedback", "Kommunstyrelsen.txt"))
	want := []string{"Sedan förra inlämningen (nr 1): 1 fynd åtgärdade, 0 nya fynd, 1 värden ändrade", "Åtgärdat: Drift!F", "[drift.avvikelse_procent]", "Ändrat: Drift!F"}
	for _, w := range want {
		if err != nil || !strings.Contains(string(txt), w) {
			t.Errorf("the resubmission's feedback text lacks %q (%v):\n%s", w, err, txt)
		}
	}
	rows, err := openXLSX(t, filepath.Join(out, "feedback", "Kommunstyrelsen.xlsx")).GetRows("Återkoppling")
	if err != nil || !strings.Contains(fmt.Sprint(rows), want[0]) {
		t.Errorf("Återkoppling lacks %q (%v):\n%v", want[0], err, rows)
	}
}
