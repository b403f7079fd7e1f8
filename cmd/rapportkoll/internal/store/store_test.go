package store

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "update golden files")

// The canonical form and its hash are what every stored chain depends on:
// a change must be deliberate (go test -update) and shows in review.
func TestCanonicalGolden(t *testing.T) {
	r := sample("Kultur", "Helår 2023", 7)
	r.ID, r.Seq, r.Kind = 3, 2, KindSubmission
	r.Facts[0].Raw = "1 234,50"
	r.Findings[0].Message = `Cell "D5" <&> ä`
	hash := RecordHash(r)
	got := string(Canonical(r)) + "\n" + hash + "\n" + NextChain(GenesisChain, hash) + "\n"
	golden := filepath.Join("testdata", "canonical.golden")
	if *update {
		if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	if got != string(want) {
		t.Errorf("canonical form changed (go test -update if on purpose):\ngot  %s\nwant %s", got, want)
	}
}

func TestCanonicalCoversEveryField(t *testing.T) {
	base := sample("Kultur", "Helår 2023", 1)
	h := RecordHash(base)
	changes := map[string]func(r *Record){
		"id":       func(r *Record) { r.ID++ },
		"seq":      func(r *Record) { r.Seq++ },
		"dept":     func(r *Record) { r.Department += "x" },
		"period":   func(r *Record) { r.Period += "x" },
		"received": func(r *Record) { r.Received += "x" },
		"file":     func(r *Record) { r.File += "x" },
		"sha256":   func(r *Record) { r.SHA256 += "x" },
		"size":     func(r *Record) { r.Size++ },
		"spec":     func(r *Record) { r.SpecVersion += "x" },
		"tool":     func(r *Record) { r.ToolVersion += "x" },
		"status":   func(r *Record) { r.Status += "x" },
		"counts":   func(r *Record) { r.Warnings++ },
		"report":   func(r *Record) { r.Report = append(r.Report, ' ') },
		"workbook": func(r *Record) { r.Workbook = []byte("PK") },
		"fact":     func(r *Record) { r.Facts[0].Value = "1234.5" },
		"decimals": func(r *Record) { r.Facts[0].Decimals = 1 },
		"raw":      func(r *Record) { r.Facts[0].Raw = "x" },
		"cell":     func(r *Record) { r.Facts[0].Cell = "D99" },
		"finding":  func(r *Record) { r.Findings[1].Actual = "0" },
		"order":    func(r *Record) { r.Facts[0], r.Facts[1] = r.Facts[1], r.Facts[0] },
	}
	for name, change := range changes {
		t.Run(name, func(t *testing.T) {
			r := sample("Kultur", "Helår 2023", 1)
			change(r)
			if RecordHash(r) == h {
				t.Errorf("changing %s left the hash at %s", name, h)
			}
		})
	}
}

func TestAppendAndVerify(t *testing.T) {
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			s := open(t, e.dsn(t), Options{})
			ctx := context.Background()
			want := []struct {
				dept, period string
				seq          int64
			}{
				{"Kultur", "Helår 2023", 1}, {"Kommunstyrelsen", "Helår 2023", 1},
				{"kultur ", "HELÅR 2023", 2}, {"Kultur", "Delår april 2024", 1}, {"Kultur", "Helår 2023", 3},
			}
			prev := GenesisChain
			for i, w := range want {
				r := sample(w.dept, w.period, i)
				mustAppend(t, s, r)
				if r.ID != int64(i+1) || r.Seq != w.seq || r.PrevChain != prev {
					t.Errorf("Append %d = id %d seq %d prev %s, want %d %d %s", i, r.ID, r.Seq, r.PrevChain, i+1, w.seq, prev)
				}
				prev = r.Chain
			}
			v, err := s.Verify(ctx)
			if err != nil || v.Broken != nil || v.Records != 5 || v.Head != prev {
				t.Fatalf("Verify = %+v, %v; want 5 records, head %s", v, err, prev)
			}
			list, err := s.List(ctx, Filter{Department: "KULTUR", Period: "helår  2023"})
			if err != nil || len(list) != 3 || list[2].Seq != 3 {
				t.Errorf("List(Kultur, Helår 2023) = %+v, %v; want 3 submissions", list, err)
			}
		})
	}
}

// Decimals come back byte-identical, on both engines.
func TestDecimalRoundTrip(t *testing.T) {
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			s := open(t, e.dsn(t), Options{})
			r := sample("Kultur", "Helår 2023", 1)
			mustAppend(t, s, r)
			got, err := s.Load(context.Background(), r.ID)
			if err != nil {
				t.Fatal(err)
			}
			for i, want := range []string{"1234.50", "-0.5", "100", "61.7", "0", "12345678901234567890.1"} {
				if got.Facts[i].Value != want {
					t.Errorf("fact %d = %q, want %q", i, got.Facts[i].Value, want)
				}
			}
			if RecordHash(got) != r.RecordHash {
				t.Errorf("the loaded record hashes to %s, stored %s", RecordHash(got), r.RecordHash)
			}
		})
	}
}

// Why the tables are STRICT and the values TEXT: a column of NUMERIC
// affinity (what "DECIMAL(20,2)" gives in SQLite) turns '1234.50' into the
// REAL 1234.5 and 12345678901234567890.1 into a rounded double.
func TestNumericAffinityWouldLoseDecimals(t *testing.T) {
	s := open(t, filepath.Join(t.TempDir(), "h.db"), Options{})
	ctx := context.Background()
	if _, err := s.writer.ExecContext(ctx, "CREATE TEMP TABLE loose (v DECIMAL(20,2))"); err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"1234.50", "12345678901234567890.1"} {
		if _, err := s.writer.ExecContext(ctx, "INSERT INTO loose VALUES (?)", v); err != nil {
			t.Fatal(err)
		}
	}
	rows, err := s.writer.QueryContext(ctx, "SELECT CAST(v AS TEXT), typeof(v) FROM loose")
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var got []string
	for rows.Next() {
		var v, typ string
		rows.Scan(&v, &typ)
		got = append(got, v+" "+typ)
	}
	want := "1234.5 real,1.2345678901234567e+19 real"
	if strings.Join(got, ",") != want {
		t.Errorf("NUMERIC affinity gave %q, want %q", strings.Join(got, ","), want)
	}
	// And a STRICT table refuses what it was not declared for.
	if _, err := s.writer.ExecContext(ctx, "INSERT INTO records (id, kind, record_hash, prev_chain, chain) VALUES (1.5, 'submission', '', '', '')"); err == nil {
		t.Error("the STRICT records table took a REAL for its INTEGER id")
	}
}

func TestAppendOnly(t *testing.T) {
	stmts := []string{
		"UPDATE records SET chain = 'x'", "DELETE FROM records",
		"UPDATE submissions SET status = 'accepted'", "DELETE FROM submissions",
		"UPDATE submissions SET facts = '[]'",
	}
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			s := open(t, e.dsn(t), Options{})
			mustAppend(t, s, sample("Kultur", "Helår 2023", 1))
			all := stmts
			if e.name == "postgres" {
				all = append(all, "TRUNCATE records CASCADE", "TRUNCATE submissions")
			}
			for _, q := range all {
				_, err := s.writer.Exec(q)
				if err = s.wrap(err); !errors.Is(err, ErrAppendOnly) {
					t.Errorf("%s: %v, want %v", q, err, ErrAppendOnly)
				}
			}
			if v, err := s.Verify(context.Background()); err != nil || v.Broken != nil || v.Records != 1 {
				t.Errorf("Verify after refused changes = %+v, %v", v, err)
			}
		})
	}
}

// The views show every fact as a row, the decimals still as their text.
func TestFactsView(t *testing.T) {
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			s := open(t, e.dsn(t), Options{})
			mustAppend(t, s, sample("Kultur", "Helår 2023", 1))
			rows, err := s.db.Query("SELECT value, cell FROM facts WHERE record_id = 1 AND sheet = 'Drift' ORDER BY ord")
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			var got []string
			for rows.Next() {
				var v, c string
				rows.Scan(&v, &c)
				got = append(got, c+"="+v)
			}
			want := "D5=1234.50 D6=-0.5 D7=100 D8=61.7 D9=0 D10=12345678901234567890.1"
			if strings.Join(got, " ") != want {
				t.Errorf("view facts = %s, want %s", strings.Join(got, " "), want)
			}
			var n int
			s.db.QueryRow("SELECT COUNT(*) FROM findings WHERE record_id = 1 AND rule = 'drift.avvikelse_procent'").Scan(&n)
			if n != 1 {
				t.Errorf("view findings: %d rows of drift.avvikelse_procent, want 1", n)
			}
		})
	}
}

// Someone with a raw connection drops a trigger and changes one figure:
// verify names that record.
func TestVerifyNamesTamperedRecord(t *testing.T) {
	tamper := map[string][]string{
		"sqlite": {"DROP TRIGGER submissions_no_update",
			"UPDATE submissions SET facts = json_set(facts, '$[0].value', '1234.5') WHERE record_id = 2"},
		"postgres": {"DROP TRIGGER submissions_append_only ON submissions",
			"UPDATE submissions SET facts = jsonb_set(facts::jsonb, '{0,value}', '\"1234.5\"')::text WHERE record_id = 2"},
	}
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			s := open(t, e.dsn(t), Options{})
			for i, d := range []string{"Kultur", "Kommunstyrelsen", "Miljö"} {
				mustAppend(t, s, sample(d, "Helår 2023", i))
			}
			for _, q := range tamper[e.name] {
				if _, err := s.writer.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			v, err := s.Verify(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if v.Broken == nil || v.Broken.ID != 2 || v.Broken.Reason != BrokenHash || v.Broken.Department != "Kommunstyrelsen" {
				t.Errorf("Verify = %+v, broken %+v; want record 2 (Kommunstyrelsen), reason hash", v, v.Broken)
			}
		})
	}
}

// More ways to change the history behind its back (SQLite), each named.
func TestVerifyTamperKinds(t *testing.T) {
	tests := []struct {
		name   string
		stmts  []string
		id     int64
		reason string
	}{
		{"a status", []string{"DROP TRIGGER submissions_no_update", "UPDATE submissions SET status = 'accepted' WHERE record_id = 2"}, 2, BrokenHash},
		{"facts no longer JSON", []string{"DROP TRIGGER submissions_no_update", "UPDATE submissions SET facts = '[{' WHERE record_id = 2"}, 2, BrokenHash},
		{"a finding removed", []string{"DROP TRIGGER submissions_no_update", "UPDATE submissions SET findings = json_remove(findings, '$[0]') WHERE record_id = 2"}, 2, BrokenHash},
		{"a hash rewritten", []string{"DROP TRIGGER records_no_update", "UPDATE records SET record_hash = 'ab' || substr(record_hash, 3) WHERE id = 2"}, 2, BrokenHash},
		{"a chain value rewritten", []string{"DROP TRIGGER records_no_update", "UPDATE records SET chain = 'ab' || substr(chain, 3) WHERE id = 2"}, 2, BrokenChain},
		{"a record deleted", []string{"DROP TRIGGER submissions_no_delete", "DROP TRIGGER records_no_delete",
			"DELETE FROM submissions WHERE record_id = 2", "DELETE FROM records WHERE id = 2"}, 3, BrokenGap},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := open(t, filepath.Join(t.TempDir(), "h.db"), Options{})
			for i, d := range []string{"Kultur", "Kommunstyrelsen", "Miljö"} {
				mustAppend(t, s, sample(d, "Helår 2023", i))
			}
			for _, q := range tt.stmts {
				if _, err := s.writer.Exec(q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			v, err := s.Verify(context.Background())
			if err != nil || v.Broken == nil || v.Broken.ID != tt.id || v.Broken.Reason != tt.reason {
				t.Errorf("Verify = %+v (broken %+v), %v; want record %d, %s", v, v.Broken, err, tt.id, tt.reason)
			}
		})
	}
}

// The canonical form is valid JSON whose every object has its keys in
// sorted order, as the form is defined.
func TestCanonicalKeysSorted(t *testing.T) {
	r := sample("Kultur", "Helår 2023", 1)
	r.Workbook = []byte("PK")
	dec := json.NewDecoder(bytes.NewReader(Canonical(r)))
	if err := sortedValue(dec); err != nil {
		t.Error(err)
	}
	if dec.More() {
		t.Error("canonical form has more than one value")
	}
}

// sortedValue reads one JSON value and fails on an object whose keys are
// not in sorted order.
func sortedValue(dec *json.Decoder) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	switch tok {
	case json.Delim('{'):
		var keys []string
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return err
			}
			keys = append(keys, k.(string))
			if err := sortedValue(dec); err != nil {
				return err
			}
		}
		if !slices.IsSorted(keys) {
			return fmt.Errorf("keys not in order: %v", keys)
		}
	case json.Delim('['):
		for dec.More() {
			if err := sortedValue(dec); err != nil {
				return err
			}
		}
	default:
		return nil
	}
	_, err = dec.Token() // the closing delimiter
	return err
}

func TestAppendStringIsEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "Kultur", "åäö ÅÄÖ", "a\"b", `c:\x`, "\n\t\r\x01\x1f", "\u2028\u2029", "– € ™", "\xff\xfe", "<&>", "1234.50", "U+2212 −3 %"} {
		if got, want := string(appendString(nil, s)), string(encode(s)); got != want {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	}
}

func FuzzAppendString(f *testing.F) {
	f.Add("Kultur- och fritidsnämnden")
	f.Add("\u2028\"\\\x00")
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := string(appendString(nil, s)), string(encode(s)); got != want {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	})
}

func TestRedact(t *testing.T) {
	tests := []struct{ in, want string }{
		{"postgres://rk:hemligt@db.kommun.se:5432/rk?sslmode=require", "postgres://rk:xxxxx@db.kommun.se:5432/rk?sslmode=require"},
		{"postgres://rk@/rk?host=/tmp", "postgres://rk@/rk?host=/tmp"},
		{"postgresql://db/rk", "postgresql://db/rk"},
		{"postgres://rk@db/rk?password=hemligt", "postgres://rk@db/rk?password=xxxxx"},
		{"postgres://rk:hemligt@db:abc/rk", "postgres://…"},
		{"postgres://rk:hemligt@db/rk?options=a@b", "postgres://rk:xxxxx@db/rk?options=a@b"},
	}
	for _, tt := range tests {
		if got := redact(tt.in); got != tt.want || strings.Contains(got, "hemligt") {
			t.Errorf("redact(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	// A read-only open of an address that does not parse names no password.
	_, err := Open(context.Background(), "postgres://rk:hemligt@db:abc/rk", Options{ReadOnly: true})
	if err == nil || strings.Contains(err.Error(), "hemligt") {
		t.Errorf("Open of a malformed address: %v", err)
	}
}

// TestEmptyKeptWorkbookVerifies: a kept workbook of 0 bytes (an empty file
// submitted with --keep-files) reads back as kept, so verify passes.
func TestEmptyKeptWorkbookVerifies(t *testing.T) {
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			s := open(t, e.dsn(t), Options{})
			r := sample("Kulturnämnden", "Helår 2023", 1)
			r.Workbook = []byte{}
			mustAppend(t, s, r)
			rep, err := s.Verify(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			if rep.Broken != nil {
				t.Errorf("verify: %+v", rep.Broken)
			}
		})
	}
}

// TestPrepare: a record prepared ahead is stored, hashed and chained as
// one that is not, and verifies.
func TestPrepare(t *testing.T) {
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			ctx := context.Background()
			plain, prepared := open(t, e.dsn(t), Options{}), open(t, e.dsn(t), Options{})
			a, b := sample("Kultur", "Helår 2023", 1), sample("Kultur", "Helår 2023", 1)
			b.Prepare()
			mustAppend(t, plain, a)
			mustAppend(t, prepared, b)
			if a.RecordHash != b.RecordHash || a.Chain != b.Chain {
				t.Errorf("prepared record hash %s chain %s, want %s %s", b.RecordHash, b.Chain, a.RecordHash, a.Chain)
			}
			if v, err := prepared.Verify(ctx); err != nil || v.Broken != nil {
				t.Errorf("Verify = %+v, %v", v, err)
			}
			got, err := prepared.Load(ctx, b.ID)
			if err != nil || len(got.Facts) != len(a.Facts) || got.Facts[0].Value != "1234.50" {
				t.Errorf("Load = %+v, %v", got, err)
			}
		})
	}
}

// TestCloseLeavesOneFile: closing a SQLite store moves its write-ahead
// log into the database file, so that a copy of that file alone holds
// every record.
func TestCloseLeavesOneFile(t *testing.T) {
	ctx := context.Background()
	file := filepath.Join(t.TempDir(), "historik.db")
	s, err := Open(ctx, file, Options{})
	if err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		mustAppend(t, s, sample("Kultur", "Helår 2023", i))
	}
	if _, err := s.List(ctx, Filter{}); err != nil { // the readers have a connection open
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(file + "-wal"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("%s-wal is still there after Close (%v)", filepath.Base(file), err)
	}
	data, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	copied := filepath.Join(t.TempDir(), "kopia.db")
	if err := os.WriteFile(copied, data, 0o644); err != nil {
		t.Fatal(err)
	}
	v, err := open(t, copied, Options{ReadOnly: true}).Verify(ctx)
	if err != nil || v.Broken != nil || v.Records != 3 {
		t.Errorf("a copy of the database file alone: Verify = %+v, %v; want 3 records", v, err)
	}
}
