package exporter_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// Run.Workbooks: a submission checked from bytes whose file is nowhere
// on disk (a kept workbook of the history) gets its feedback workbook
// from the bytes; bytes that are not the ones checked give none, and the
// text says so, as a changed file does.
func TestConsolidateFromBytes(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(inlamnat, "kommunstyrelsen-2023.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	other := append([]byte{}, data...)
	other[len(other)-1] ^= 1
	tests := []struct {
		name      string
		workbooks [][]byte
		want      bool // a feedback workbook
	}{
		{"bytes", [][]byte{data}, true},
		{"none", nil, false}, // its name is no file here
		{"other bytes", [][]byte{other}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := check.Bytes(s, "ks-post-7.xlsx", data, check.Options{KeepTables: true})
			check.CheckBatch([]*check.Submission{r}, rules.Swedish)
			out := filepath.Join(t.TempDir(), "ut")
			run := exporter.Run{Spec: s, Results: []*check.Submission{r}, Version: "test", Workbooks: tt.workbooks}
			m, err := exporter.Consolidate(out, run, exporter.Options{})
			if err != nil {
				t.Fatal(err)
			}
			_, statErr := os.Stat(filepath.Join(out, "feedback", "Kommunstyrelsen.xlsx"))
			if got := statErr == nil; got != tt.want {
				t.Errorf("feedback workbook written = %v, want %v (no feedback: %+v)", got, tt.want, m.NoFeedback)
			}
			if _, err := os.Stat(filepath.Join(out, "feedback", "Kommunstyrelsen.txt")); err != nil {
				t.Errorf("no feedback text: %v", err)
			}
		})
	}
}
