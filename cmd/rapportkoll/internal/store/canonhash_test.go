package store

import (
	"bytes"
	"context"
	"path/filepath"
	"testing"
)

// TestAppendHashIsCanonical: the record hash Append stores (made piece by
// piece into the hash, from what Prepare made ahead or not) is the SHA-256
// of the canonical form, the one canonical.golden pins and older
// rapportkoll stored; Verify agrees.
func TestAppendHashIsCanonical(t *testing.T) {
	ctx := context.Background()
	s := open(t, filepath.Join(t.TempDir(), "h.db"), Options{})
	tests := []struct {
		name    string
		prepare bool
		edit    func(r *Record)
	}{
		{"plain", false, func(r *Record) {}},
		{"prepared", true, func(r *Record) {}},
		{"kept workbook, prepared", true, func(r *Record) { r.Workbook = bytes.Repeat([]byte("PK"), 5000) }},
		{"kept empty workbook", false, func(r *Record) { r.Workbook = []byte{} }},
		{"no report, prepared", true, func(r *Record) { r.Report = nil }},
		{"odd text, prepared", true, func(r *Record) {
			r.Department, r.File = "Kultur \"x\"\u2028", "a\\b.xlsx"
			r.Facts[0].Raw, r.Findings[0].Message = "1 234,50 −", "tab\there <&>"
		}},
	}
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := sample("Kultur", "Helår 2023", i+1)
			tt.edit(r)
			if tt.prepare {
				r.Prepare()
			}
			mustAppend(t, s, r)
			fresh := *r // Canonical from the fields alone, nothing made ahead
			fresh.canonFacts, fresh.canonFindings, fresh.reportSHA, fresh.workbookSHA = nil, nil, "", ""
			if want := sha256Hex(Canonical(&fresh)); r.RecordHash != want {
				t.Errorf("Append stored record hash %s, the canonical form's is %s", r.RecordHash, want)
			}
		})
	}
	v, err := s.Verify(ctx)
	if err != nil || v.Broken != nil || v.Records != int64(len(tests)) {
		t.Errorf("Verify = %+v, %v; want %d records that verify", v, err, len(tests))
	}
}

// TestAppendStringEscapes: every escape appendString writes itself is the
// one encoding/json writes.
func TestAppendStringEscapes(t *testing.T) {
	for _, s := range []string{"\b\f\n\r\t\x00\x01\x1f\x7f", `"\`, "\u2028 \u2029 \u2027 \u202a", "\xff", "a\xe2\x80", "\xe2\x80\xa8\xe2",
		"\ufffd literal", "Cell \"D5\" <&> ä", "−5 – … €"} {
		if got, want := string(appendString([]byte("x"), s)), "x"+string(encode(s)); got != want {
			t.Errorf("appendString(%q) = %s, want %s", s, got, want)
		}
	}
}
