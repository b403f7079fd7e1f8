package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/fixtures"
)

// writePeriod writes a consistent department with its name and period.
func writePeriod(t *testing.T, dir, file, dept, period string) {
	t.Helper()
	wb := fixtures.Consistent(fixtures.Departments()[0])
	wb.Sheets[0].Rows[0] = []any{"Nämnd", dept}
	wb.Sheets[0].Rows[1] = []any{"Period", period}
	if err := wb.WriteFile(filepath.Join(dir, file)); err != nil {
		t.Fatal(err)
	}
}

// TestConsolidatePeriods: a consolidation is of one period, given or
// chosen; a submission of another period is an error and stays out of the
// totals.
func TestConsolidatePeriods(t *testing.T) {
	type file struct{ name, dept, period string }
	mixed := []file{
		{"a.xlsx", "Grundskolenämnden", "Helår 2022"},
		{"b.xlsx", "Grundskolenämnden", "Helår 2023"},
		{"c.xlsx", "Grundskolenämnden", "Delår april 2023"},
		{"d.xlsx", "Kultur- och fritidsnämnden", " helår\u00a02023"},
	}
	tests := []struct {
		name   string
		files  []file
		args   []string
		in     string // files in the totals
		nämnd  string // the N of "Kommunen totalt (N nämnder)"
		phrase string // in the other-period message
	}{
		{"most stated", mixed, nil, "b d", "2", `men sammanställningen gäller "Helår 2023" (den period flest inlämningar anger)`},
		{"given", mixed, []string{"--period", "HELÅR 2022"}, "a", "1", `men sammanställningen gäller "HELÅR 2022" (angiven med --period)`},
		{"given in English", mixed, []string{"--period", "Delår april 2023", "--lang", "en"}, "c", "1",
			`but the consolidation is for "Delår april 2023" (given with --period)`},
		{"tie to the latest", []file{
			{"a.xlsx", "Grundskolenämnden", "Delår augusti 2023"},
			{"b.xlsx", "Kultur- och fritidsnämnden", "Helår 2023"},
			{"c.xlsx", "Socialnämnden", "Helår 2022"},
			{"d.xlsx", "Miljönämnden", "Helår 2024"},
			{"e.xlsx", "Gatunämnden", "Helår 2022"},
			{"f.xlsx", "Tekniska nämnden", "Helår 2024"},
		}, nil, "d f", "2", `"Helår 2024"`},
		{"one period", mixed[1:2], nil, "b", "1", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := t.TempDir()
			for _, f := range tt.files {
				writePeriod(t, in, f.name, f.dept, f.period)
			}
			dir, code, _, stderr := consolidate(t, append(tt.args, "-q", in)...)
			if code == exitFailed {
				t.Fatalf("exit 2: %s", stderr)
			}
			s := openXLSX(t, filepath.Join(dir, "Sammanställning.xlsx"))
			total := "Kommunen totalt (" + tt.nämnd + " nämnder)"
			if slices.Contains(tt.args, "en") {
				total = "Municipality total (" + tt.nämnd + " department)" // one in each English case
			}
			rowWith(t, s, "Drift", total)
			leftOut := "nej – annan period"
			if slices.Contains(tt.args, "en") {
				leftOut = "no – other period"
			}
			var report struct {
				Submissions []struct {
					File, Status string
					Findings     []struct{ Rule, Sheet, Cell, Message, Expected, Actual string }
				}
			}
			data, _ := os.ReadFile(filepath.Join(dir, "report.json"))
			if err := json.Unmarshal(data, &report); err != nil {
				t.Fatal(err)
			}
			var inTotals []string
			for _, sub := range report.Submissions {
				var other []string
				for _, f := range sub.Findings {
					if f.Rule == "consolidate.other_period" {
						other = append(other, f.Message)
						if f.Sheet != "Info" || f.Cell != "B2" || f.Actual == "" || f.Expected == "" {
							t.Errorf("%s: finding at %s!%s, expected %q, actual %q", sub.File, f.Sheet, f.Cell, f.Expected, f.Actual)
						}
					}
				}
				ov := overviewRow(t, s, sub.File)
				if len(other) == 0 {
					inTotals = append(inTotals, strings.TrimSuffix(sub.File, ".xlsx"))
					if strings.Contains(ov, "annan period") || strings.Contains(ov, "other period") {
						t.Errorf("%s: Översikt %q", sub.File, ov)
					}
					continue
				}
				if sub.Status != "rejected" || !strings.Contains(other[0], tt.phrase) || !strings.Contains(ov, leftOut) {
					t.Errorf("%s: status %s, Översikt %q, message %q, want rejected, left out, %q", sub.File, sub.Status, ov, other[0], tt.phrase)
				}
			}
			if got := strings.Join(inTotals, " "); got != tt.in {
				t.Errorf("in the totals: %s, want %s", got, tt.in)
			}
		})
	}
}

// overviewRow is the Översikt row of a file, joined by "|".
func overviewRow(t *testing.T, s *excelize.File, file string) string {
	t.Helper()
	rows, _ := s.GetRows("Översikt")
	for _, r := range rows {
		if len(r) > 1 && r[1] == file {
			return strings.Join(r, "|")
		}
	}
	t.Fatalf("Översikt: no row of %s", file)
	return ""
}

// TestConsolidateSameFileNames: two inputs named alike in different
// folders are told apart in Översikt, Källor, report.json and the manifest.
func TestConsolidateSameFileNames(t *testing.T) {
	in := t.TempDir()
	for _, d := range []string{"ks", "gs"} {
		must(t, os.Mkdir(filepath.Join(in, d), 0o755))
	}
	writePeriod(t, filepath.Join(in, "ks"), "rapport.xlsx", "Kommunstyrelsen", "Helår 2023")
	writePeriod(t, filepath.Join(in, "gs"), "rapport.xlsx", "Grundskolenämnden", "Helår 2023")
	dir, code, _, stderr := consolidate(t, "-q", filepath.Join(in, "ks"), filepath.Join(in, "gs"))
	if code == exitFailed {
		t.Fatalf("exit 2: %s", stderr)
	}
	s := openXLSX(t, filepath.Join(dir, "Sammanställning.xlsx"))
	rowWith(t, s, "Källor", "ks/rapport.xlsx")
	rowWith(t, s, "Källor", "gs/rapport.xlsx")
	overviewRow(t, s, "ks/rapport.xlsx")
	var m struct{ Inputs []struct{ Path string } }
	data, _ := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err := json.Unmarshal(data, &m); err != nil || len(m.Inputs) != 2 ||
		m.Inputs[0].Path != "ks/rapport.xlsx" || m.Inputs[1].Path != "gs/rapport.xlsx" {
		t.Errorf("manifest inputs = %+v (%v)", m.Inputs, err)
	}
	data, _ = os.ReadFile(filepath.Join(dir, "report.json"))
	if !strings.Contains(string(data), `"file": "gs/rapport.xlsx"`) {
		t.Errorf("report.json does not name gs/rapport.xlsx")
	}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
