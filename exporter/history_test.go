package exporter_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/rules"
)

// A recorded consolidation carries the history's chain value in
// manifest.json and one line below the table in Källor, in the run's
// language; without it neither has a trace.
func TestHistoryInOutputs(t *testing.T) {
	chain := strings.Repeat("ab", 32)
	tests := []struct {
		name    string
		history *exporter.HistoryRef
		lang    rules.Lang
		want    string // the line in Källor, "" for none
	}{
		{"none", nil, rules.Swedish, ""},
		{"sv", &exporter.HistoryRef{Database: "historik.db", Record: 7, Chain: chain}, rules.Swedish,
			"Historikens kedjevärde: " + chain + " (efter sammanställningens post 7 i historik.db)"},
		{"en", &exporter.HistoryRef{Database: "postgres://rk@db/rk", Record: 12, Chain: chain}, rules.English,
			"The history's chain value: " + chain + " (after the consolidation's record 12 in postgres://rk@db/rk)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "ut")
			run := fixtureRun(t)
			run.History, run.Lang = tt.history, tt.lang
			if _, err := exporter.Consolidate(out, run, exporter.Options{}); err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(filepath.Join(out, "manifest.json"))
			if err != nil {
				t.Fatal(err)
			}
			var m struct {
				History *exporter.HistoryRef `json:"history"`
			}
			if err := json.Unmarshal(data, &m); err != nil {
				t.Fatal(err)
			}
			switch {
			case tt.history == nil && (m.History != nil || strings.Contains(string(data), `"history"`)):
				t.Errorf("manifest has a history without --db:\n%s", data)
			case tt.history != nil && (m.History == nil || *m.History != *tt.history):
				t.Errorf("manifest history = %+v, want %+v", m.History, tt.history)
			}
			f, err := excelize.OpenFile(filepath.Join(out, "Sammanställning.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			rows, err := f.GetRows("Källor")
			if err != nil {
				t.Fatal(err)
			}
			last := rows[len(rows)-1]
			sources := len(run.Results) + 1 // header and one row per file
			// Below the table: an empty row, the provenance line, and the
			// history's line when there is a history.
			want := sources + 2
			if tt.want != "" {
				want++
			}
			switch {
			case len(rows) != want || len(rows[sources]) != 0:
				t.Errorf("Källor's last rows = %q, want an empty row, the provenance and %q", rows[sources:], tt.want)
			case !strings.Contains(rows[sources+1][0], "rapportkoll test") || !strings.Contains(rows[sources+1][0], run.Spec.Name):
				t.Errorf("provenance line %q names not the tool version and the spec", rows[sources+1][0])
			case tt.want != "" && (len(last) != 1 || last[0] != tt.want):
				t.Errorf("Källor's last row = %q, want %q", last, tt.want)
			}
			if dim, _ := f.GetSheetDimension("Källor"); !strings.HasSuffix(dim, jsonInt(len(rows))) {
				t.Errorf("dimension %s does not reach row %d", dim, len(rows))
			}
		})
	}
}

func jsonInt(n int) string { b, _ := json.Marshal(n); return string(b) }
