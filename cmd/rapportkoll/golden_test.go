package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures/xlsxdump"
)

// TestGoldenOutputs pins what `consolidate` writes for the shipped
// fixtures, with last year's (the README's main job): report.json as it is, and Sammanställning.xlsx and two
// feedback workbooks as dumps (every sheet; every cell's value, formula,
// fill, number format and comment). A change to any output shows here
// cell by cell; `go test ./cmd/rapportkoll -update` accepts it.
func TestGoldenOutputs(t *testing.T) {
	dir, code, _, stderr := consolidate(t, "-q", inlamnat, "--foregaende", foregaende)
	if code != exitErrors {
		t.Fatalf("exit %d, want %d: %s", code, exitErrors, stderr)
	}
	report, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	golden(t, "golden/report.json", string(report))
	for golden_, file := range map[string]string{
		"golden/Sammanställning.tsv":          "Sammanställning.xlsx",
		"golden/feedback-Kommunstyrelsen.tsv": "feedback/Kommunstyrelsen.xlsx",
		"golden/feedback-Kultur.tsv":          "feedback/Kultur- och fritidsnämnden.xlsx",
	} {
		dump, err := xlsxdump.Dump(filepath.Join(dir, filepath.FromSlash(file)))
		if err != nil {
			t.Fatalf("%s: %v", file, err)
		}
		golden(t, golden_, dump)
	}
}
