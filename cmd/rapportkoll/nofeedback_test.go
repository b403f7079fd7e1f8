package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
)

// TestConsolidateLogsMissingFeedback: a department whose feedback
// workbook cannot be made (here: 20,000 sheet entries) gets its text, and
// the operator's log names the file and the reason.
func TestConsolidateLogsMissingFeedback(t *testing.T) {
	in := t.TempDir()
	data, err := fixtures.ManySheets(20000)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(in, "manga-blad.xlsx"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	dir, _, _, stderr := consolidate(t, in)
	var logged string
	for _, line := range strings.Split(stderr, "\n") {
		if strings.Contains(line, "ingen återkopplingsarbetsbok gjordes") {
			logged = line
		}
	}
	if !strings.Contains(logged, "manga-blad.xlsx") || !strings.Contains(logged, "more sheets than are read") {
		t.Errorf("no log line naming the file and the reason:\n%s", stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "feedback", "Kommunstyrelsen.txt")); err != nil {
		t.Errorf("no feedback text: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "feedback", "Kommunstyrelsen.xlsx")); err == nil {
		t.Error("a feedback workbook was written")
	}
}
