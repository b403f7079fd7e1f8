package store

import (
	"context"
	"encoding/json"
	"errors"
	"testing"
)

// consolidate appends two submissions and a consolidation of them (plus
// one file that was not stored), in one call.
func consolidate(t *testing.T, s *Store, period string) ([]*Record, *Consolidation) {
	t.Helper()
	subs := []*Record{sample("Kultur", period, 1), sample("Miljö", period, 2)}
	c := &Consolidation{Period: period, Created: "2024-03-01T10:00:00.000000Z", SpecName: "verksamhetsberattelse",
		SpecVersion: "2023.1", ToolVersion: "0.4.0", Inputs: []Input{
			{Sub: subs[0], File: subs[0].File, SHA256: subs[0].SHA256, Department: "Kultur", InTotals: true},
			{Sub: subs[1], File: subs[1].File, SHA256: subs[1].SHA256, Department: "Miljö"},
			{File: "trasig.xlsx", SHA256: ""},
		}}
	if err := s.AppendConsolidation(context.Background(), subs, c); err != nil {
		t.Fatalf("AppendConsolidation: %v", err)
	}
	return subs, c
}

// A consolidation is chained after the submissions it used, names them by
// record id, and verifies; a second one follows it.
func TestConsolidationAppendAndVerify(t *testing.T) {
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			s := open(t, e.dsn(t), Options{})
			mustAppend(t, s, sample("Kultur", "Helår 2022", 9))
			subs, c := consolidate(t, s, "Helår 2023")
			if subs[0].ID != 2 || subs[1].ID != 3 || c.ID != 4 {
				t.Fatalf("ids %d %d %d, want 2 3 4", subs[0].ID, subs[1].ID, c.ID)
			}
			if c.Inputs[0].Record != 2 || c.Inputs[1].Record != 3 || c.Inputs[2].Record != 0 {
				t.Errorf("input records = %+v", c.Inputs)
			}
			if c.PrevChain != subs[1].Chain || c.Chain != NextChain(subs[1].Chain, c.RecordHash) {
				t.Errorf("consolidation not chained after the last submission")
			}
			var stored string
			if err := s.db.QueryRow("SELECT inputs FROM consolidations WHERE record_id = 4").Scan(&stored); err != nil {
				t.Fatal(err)
			}
			var got []map[string]any
			if err := json.Unmarshal([]byte(stored), &got); err != nil || len(got) != 3 || got[0]["record"] != float64(2) || got[0]["in_totals"] != true {
				t.Errorf("stored inputs = %s (%v)", stored, err)
			}
			if RecordHash := sha256Hex(CanonicalConsolidation(c)); RecordHash != c.RecordHash {
				t.Errorf("record hash is not the hash of the canonical form")
			}
			v, err := s.Verify(context.Background())
			if err != nil || v.Broken != nil || v.Records != 4 || v.Head != c.Chain {
				t.Fatalf("Verify = %+v (broken %+v), %v; want 4 records, head %s", v, v.Broken, err, c.Chain)
			}
			_, c2 := consolidate(t, s, "Helår 2023")
			if c2.ID != 7 || c2.PrevChain == c.Chain {
				t.Errorf("second consolidation id %d, prev %s", c2.ID, c2.PrevChain)
			}
			v, err = s.Verify(context.Background())
			if err != nil || v.Broken != nil || v.Records != 7 || v.Head != c2.Chain {
				t.Errorf("Verify after the second = %+v (broken %+v), %v", v, v.Broken, err)
			}
			if n, head, err := s.Head(context.Background()); err != nil || n != 7 || head != c2.Chain {
				t.Errorf("Head = %d %s %v", n, head, err)
			}
		})
	}
}

// The consolidations table refuses changes like the others.
func TestConsolidationAppendOnly(t *testing.T) {
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			s := open(t, e.dsn(t), Options{})
			consolidate(t, s, "Helår 2023")
			stmts := []string{"UPDATE consolidations SET period = 'Helår 2024'", "DELETE FROM consolidations"}
			if e.name == "postgres" {
				stmts = append(stmts, "TRUNCATE consolidations")
			}
			for _, q := range stmts {
				_, err := s.writer.Exec(q)
				if err = s.wrap(err); !errors.Is(err, ErrAppendOnly) {
					t.Errorf("%s: %v, want %v", q, err, ErrAppendOnly)
				}
			}
		})
	}
}

// Changing a consolidation behind the history's back is named by verify.
func TestVerifyTamperedConsolidation(t *testing.T) {
	noUpdate := map[string]string{"sqlite": "DROP TRIGGER consolidations_no_update",
		"postgres": "DROP TRIGGER consolidations_append_only ON consolidations"}
	noRecordUpdate := map[string]string{"sqlite": "DROP TRIGGER records_no_update",
		"postgres": "DROP TRIGGER records_append_only ON records"}
	tests := []struct {
		name   string
		stmts  func(engine string) []string
		reason string
	}{
		{"an input's record id", func(e string) []string {
			return []string{noUpdate[e], "UPDATE consolidations SET inputs = replace(inputs, '\"record\":3', '\"record\":1') WHERE record_id = 4"}
		}, BrokenHash},
		{"the period", func(e string) []string {
			return []string{noUpdate[e], "UPDATE consolidations SET period = 'Helår 2024' WHERE record_id = 4"}
		}, BrokenHash},
		{"strict", func(e string) []string {
			return []string{noUpdate[e], "UPDATE consolidations SET strict = 1 WHERE record_id = 4"}
		}, BrokenHash},
		{"strict out of range", func(e string) []string {
			return []string{noUpdate[e], "UPDATE consolidations SET strict = 7 WHERE record_id = 4"}
		}, BrokenHash},
		{"its kind", func(e string) []string {
			return []string{noRecordUpdate[e], "UPDATE records SET kind = 'submission' WHERE id = 4"}
		}, BrokenHash},
		{"its chain value", func(e string) []string {
			return []string{noRecordUpdate[e], "UPDATE records SET chain = 'ab' || substr(chain, 3) WHERE id = 4"}
		}, BrokenChain},
	}
	for _, e := range engines() {
		for _, tt := range tests {
			t.Run(e.name+"/"+tt.name, func(t *testing.T) {
				s := open(t, e.dsn(t), Options{})
				mustAppend(t, s, sample("Kultur", "Helår 2022", 9))
				consolidate(t, s, "Helår 2023")
				for _, q := range tt.stmts(e.name) {
					if _, err := s.writer.Exec(q); err != nil {
						t.Fatalf("%s: %v", q, err)
					}
				}
				v, err := s.Verify(context.Background())
				if err != nil || v.Broken == nil || v.Broken.ID != 4 || v.Broken.Reason != tt.reason {
					t.Fatalf("Verify = %+v (broken %+v), %v; want record 4, %s", v, v.Broken, err, tt.reason)
				}
				if tt.name != "its kind" && v.Broken.Kind != KindConsolidation {
					t.Errorf("broken kind = %q", v.Broken.Kind)
				}
			})
		}
	}
}
