package store

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// FromResult takes every value the check read, keyed by sheet, normalised
// row label and column header, with its cell.
func TestFromResult(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "Kommunstyrelsen.xlsx")
	if err := fixtures.Kommunstyrelsen().WriteFile(file); err != nil {
		t.Fatal(err)
	}
	res := check.File(s, file, check.Options{KeepTables: true})
	received := time.Date(2024, 2, 15, 9, 30, 0, 123456789, time.FixedZone("CET", 3600))
	r := FromResult(s, res, []byte("{}"), "0.3.0", received, nil)
	if r.Department != "Kommunstyrelsen" || r.Period != "Helår 2023" || r.File != "Kommunstyrelsen.xlsx" ||
		r.Status != string(res.Status) || r.SHA256 != res.SHA256 || r.Received != "2024-02-15T08:30:00.123456Z" {
		t.Errorf("FromResult = %s %s %s %s %s %s", r.Department, r.Period, r.File, r.Status, r.SHA256, r.Received)
	}
	if r.Errors != res.Findings.Count(rules.Error) || len(r.Findings) != len(res.Findings) {
		t.Errorf("FromResult: %d errors, %d findings; want %d, %d", r.Errors, len(r.Findings), res.Findings.Count(rules.Error), len(res.Findings))
	}
	facts := map[string]Fact{}
	for _, f := range r.Facts {
		facts[f.Sheet+"|"+f.Row+"|"+f.Column] = f
	}
	tests := []struct {
		key, kind, value, cell string
	}{
		{"Info||Nämnd", "text", "Kommunstyrelsen", "B1"},
		{"Drift|äldre och personer med funktionsnedsättning|Avvikelse (%)", "number", "1", ""},
		{"Personal|personalomsättning (%)|Innevarande år", "number", "11.9", ""},
		{"Drift|resultat|Budget helår", "number", "", ""},
	}
	for _, tt := range tests {
		f, ok := facts[tt.key]
		if !ok {
			var keys []string
			for k := range facts {
				if strings.HasPrefix(k, strings.SplitN(tt.key, "|", 2)[0]) {
					keys = append(keys, k)
				}
			}
			t.Errorf("no fact %s; have %s", tt.key, strings.Join(keys, "; "))
			continue
		}
		if f.Kind != tt.kind || (tt.value != "" && f.Value != tt.value) || (tt.cell != "" && f.Cell != tt.cell) {
			t.Errorf("fact %s = %+v, want %s %s %s", tt.key, f, tt.kind, tt.value, tt.cell)
		}
	}
}
