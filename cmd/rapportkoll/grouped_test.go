package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
)

// numbersAsText writes a clean department whose every number on Drift,
// Resultaträkning and Investeringar is typed as text ("-56174" as the
// text "-56174", "61.7" as "61,7"), as a department that pasted its
// figures from another program: one info per cell, nothing wrong.
func numbersAsText(t *testing.T) (file string, cells int) {
	t.Helper()
	wb := fixtures.Consistent(fixtures.Departments()[0])
	for i, sh := range wb.Sheets {
		switch sh.Name {
		case "Drift", "Resultaträkning", "Investeringar":
		default:
			continue
		}
		for _, row := range sh.Rows {
			for c, v := range row {
				switch v := v.(type) {
				case int:
					row[c] = strconv.Itoa(v)
					cells++
				case fixtures.Dec:
					row[c] = strings.Replace(string(v), ".", ",", 1)
					cells++
				}
			}
		}
		wb.Sheets[i] = sh
	}
	file = filepath.Join(t.TempDir(), "text.xlsx")
	f, err := os.Create(file)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := wb.Write(f); err != nil {
		t.Fatal(err)
	}
	return file, cells
}

var driftRange = regexp.MustCompile(`: Drift![A-Z]+[0-9]+:[A-Z]+[0-9]+`)

// TestCheckGroupsRepeatedFindings: a clean department whose numbers were
// typed as text gives a handful of lines in check's text output, one per
// sheet with the cells as ranges, and a line saying how many findings
// they show; --alla-celler (--all-cells) gives one line per cell; the
// JSON report keeps one finding per cell. submit's text report does the
// same.
func TestCheckGroupsRepeatedFindings(t *testing.T) {
	file, typed := numbersAsText(t)
	code, out, _ := runCLI(t, "check", "-q", "--format", "json", file)
	var report struct {
		Submissions []struct{ Findings []struct{ Rule string } }
	}
	if err := json.Unmarshal([]byte(out), &report); err != nil || len(report.Submissions) != 1 {
		t.Fatalf("JSON: %v\n%s", err, out)
	}
	all, cells := len(report.Submissions[0].Findings), 0
	for _, f := range report.Submissions[0].Findings {
		if f.Rule == "import.number_as_text" {
			cells++
		}
	}
	if code != exitOK || cells < typed {
		t.Fatalf("JSON: exit %d, %d findings import.number_as_text, want 0 and one for each of the %d cells typed as text", code, cells, typed)
	}
	perCell := func(out string) int { return strings.Count(out, "[import.number_as_text]") }
	db := filepath.Join(t.TempDir(), "historik.db")
	tests := []struct {
		name     string
		args     []string
		min, max int // lines of import.number_as_text
		grouped  string
	}{
		{"grouped", []string{"check", "-q", file}, 1, 6, "rader visar"},
		{"english", []string{"check", "-q", "--lang", "en", file}, 1, 6, "lines show"},
		{"alla-celler", []string{"check", "-q", "--alla-celler", file}, cells, cells, ""},
		{"all-cells", []string{"check", "-q", "--all-cells", "--lang", "en", file}, cells, cells, ""},
		{"submit", []string{"submit", "-q", "--db", db, file}, 1, 6, "rader visar"},
		{"submit alla-celler", []string{"submit", "-q", "--db", db, "--alla-celler", file}, cells, cells, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, tt.args...)
			if code != exitOK {
				t.Fatalf("exit %d, want 0:\n%s%s", code, out, stderr)
			}
			if n := perCell(out); n < tt.min || n > tt.max {
				t.Errorf("%d lines of import.number_as_text, want %d to %d:\n%s", n, tt.min, tt.max, out)
			}
			report, _, _ := strings.Cut(out, "\n\n") // submit's receipts follow
			// Not counted: the cross-period rules' one line each saying
			// there was no last year to compare with.
			lines := strings.Count(report, "\n") - strings.Count(report, "foregaende")
			if tt.grouped != "" && lines > 10 {
				t.Errorf("%d lines, want a handful:\n%s", lines, out)
			}
			switch {
			case tt.grouped != "" && !strings.Contains(out, strconv.Itoa(all)+" "):
				t.Errorf("no line counts the %d findings:\n%s", all, out)
			case tt.grouped != "" && !strings.Contains(out, tt.grouped):
				t.Errorf("no %q line:\n%s", tt.grouped, out)
			case tt.grouped == "" && (strings.Contains(out, "rader visar") || strings.Contains(out, "lines show")):
				t.Errorf("a grouped line with every cell listed:\n%s", out)
			}
			if tt.grouped != "" && !driftRange.MatchString(out) {
				t.Errorf("no line with a range of Drift:\n%s", out)
			}
		})
	}
}
