package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const foregaende = "../../fixtures/foregaende"

// priorFinding is a finding of report.json.
type priorFinding struct {
	Severity, Rule, Sheet, Cell, Message, Expected, Actual string
}

// crossPeriod returns the findings of the cross-period rules in a
// report.json, by file.
func crossPeriod(t *testing.T, data []byte) map[string][]priorFinding {
	t.Helper()
	var report struct {
		Submissions []struct {
			File     string
			Findings []priorFinding
		}
	}
	if err := json.Unmarshal(data, &report); err != nil {
		t.Fatalf("report.json: %v", err)
	}
	out := map[string][]priorFinding{}
	for _, s := range report.Submissions {
		for _, f := range s.Findings {
			if strings.Contains(f.Rule, "foregaende") {
				out[s.File] = append(out[s.File], f)
			}
		}
	}
	return out
}

// wantRestated checks that the one cross-period finding of the shipped
// fixtures is the restated figure, with expected, actual and last year's
// file named, and that no department lacks last year.
func wantRestated(t *testing.T, got map[string][]priorFinding) {
	t.Helper()
	for file, fs := range got {
		for _, f := range fs {
			if f.Cell == "" {
				t.Errorf("%s: %s says there was nothing to compare with: %s", file, f.Rule, f.Message)
			}
		}
	}
	fs := got["kultur-och-fritidsnamnden-2023.xlsx"]
	if len(fs) != 1 {
		t.Fatalf("Kultur- och fritidsnämnden has %d cross-period findings, want 1: %v", len(fs), fs)
	}
	f := fs[0]
	if f.Severity != "warning" || f.Rule != "personal.foregaende_ar" || f.Sheet != "Personal" || f.Cell != "B2" ||
		f.Expected != "509" || f.Actual != "512" || !strings.Contains(f.Message, "kultur-och-fritidsnamnden-2022.xlsx, Helår 2022") {
		t.Errorf("finding %+v, want a warning at Personal!B2 expecting 509, stating 512, naming kultur-och-fritidsnamnden-2022.xlsx", f)
	}
	if n := len(got["kommunstyrelsen-2023.xlsx"]) + len(got["grundskolenamnden-2023.xlsx"]); n != 0 {
		t.Errorf("%d cross-period findings for the other departments, want 0: %v", n, got)
	}
}

func TestCheckWithPriorYear(t *testing.T) {
	code, out, stderr := runCLI(t, "check", "-q", "--format", "json", "--foregaende", foregaende,
		filepath.Join(inlamnat, "grundskolenamnden-2023.xlsx"), filepath.Join(inlamnat, "kommunstyrelsen-2023.xlsx"),
		filepath.Join(inlamnat, "kultur-och-fritidsnamnden-2023.xlsx"))
	if code != exitErrors { // Kommunstyrelsen's own mistakes
		t.Fatalf("exit %d, want %d: %s", code, exitErrors, stderr)
	}
	wantRestated(t, crossPeriod(t, []byte(out)))

	// Without last year: one info per rule and file, at its sheet.
	_, out, _ = runCLI(t, "check", "-q", "--format", "json", filepath.Join(inlamnat, "kultur-och-fritidsnamnden-2023.xlsx"))
	fs := crossPeriod(t, []byte(out))["kultur-och-fritidsnamnden-2023.xlsx"]
	if len(fs) != 5 {
		t.Fatalf("%d cross-period findings without last year, want 5: %v", len(fs), fs)
	}
	for _, f := range fs {
		if f.Severity != "info" || f.Cell != "" {
			t.Errorf("without last year: %+v, want an info at the sheet", f)
		}
	}
}

func TestConsolidateWithPriorYear(t *testing.T) {
	before := hashesOf(t, foregaende)
	out := filepath.Join(t.TempDir(), "ut")
	code, stdout, stderr := runCLI(t, "consolidate", "-q", inlamnat, "--foregaende", foregaende, "-o", out)
	if code != exitErrors {
		t.Fatalf("exit %d, want %d: %s", code, exitErrors, stderr)
	}
	if !strings.Contains(stdout, "godkänd med varningar") {
		t.Errorf("summary does not show Kultur- och fritidsnämnden's warning:\n%s", stdout)
	}
	data, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	wantRestated(t, crossPeriod(t, data))
	txt, err := os.ReadFile(filepath.Join(out, "feedback", "Kultur- och fritidsnämnden.txt"))
	if err != nil || !strings.Contains(string(txt), "kultur-och-fritidsnamnden-2022.xlsx") {
		t.Errorf("the feedback text does not name last year's report (%v):\n%s", err, txt)
	}
	if hashesOf(t, foregaende) != before {
		t.Error("last year's workbooks were modified")
	}
	// The auditor's copy names last year's files with their SHA-256.
	var m struct {
		Prior []struct{ Path, SHA256, Department, Period string }
	}
	raw, err := os.ReadFile(filepath.Join(out, "manifest.json"))
	if err == nil {
		err = json.Unmarshal(raw, &m)
	}
	if err != nil || len(m.Prior) != 3 || !strings.HasSuffix(m.Prior[2].Path, "kultur-och-fritidsnamnden-2022.xlsx") ||
		len(m.Prior[2].SHA256) != 64 || m.Prior[2].Department != "Kultur- och fritidsnämnden" || m.Prior[2].Period != "Helår 2022" {
		t.Errorf("manifest.json's prior = %+v (%v)", m.Prior, err)
	}
	rows, err := openXLSX(t, filepath.Join(out, "Sammanställning.xlsx")).GetRows("Källor")
	if err != nil || !strings.Contains(fmt.Sprint(rows), "Föregående år jämfört med: "+filepath.Join(foregaende, "kultur-och-fritidsnamnden-2022.xlsx")+" (SHA-256 "+m.Prior[min(2, len(m.Prior)-1)].SHA256) {
		t.Errorf("Källor does not name last year's files (%v):\n%v", err, rows)
	}
}

func TestPriorYearRefused(t *testing.T) {
	dir := t.TempDir()
	prior := filepath.Join(dir, "foregaende")
	if err := os.Mkdir(prior, 0o755); err != nil {
		t.Fatal(err)
	}
	full := filepath.Join(dir, "full")
	data, err := os.ReadFile(filepath.Join(foregaende, "kommunstyrelsen-2022.xlsx"))
	if err == nil {
		err = os.Mkdir(full, 0o755)
	}
	if err == nil {
		err = os.WriteFile(filepath.Join(full, "kommunstyrelsen-2022.xlsx"), data, 0o644)
	}
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name string
		args []string
		want string
	}{
		{"missing", []string{"check", "--foregaende", filepath.Join(dir, "finns-inte"), filepath.Join(inlamnat, "kommunstyrelsen-2023.xlsx")}, "hittar inte"},
		{"empty folder", []string{"check", "--foregaende", prior, filepath.Join(inlamnat, "kommunstyrelsen-2023.xlsx")}, "hittade inga .xlsx-filer"},
		{"output is last year's folder", []string{"consolidate", inlamnat, "--foregaende", full, "-o", full}, "är eller innehåller det som ska läsas"},
		{"submit, missing", []string{"submit", "--db", filepath.Join(dir, "h.db"), "--foregaende", filepath.Join(dir, "finns-inte"), filepath.Join(inlamnat, "kommunstyrelsen-2023.xlsx")}, "hittar inte"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, append(tt.args[:1:1], append([]string{"-q"}, tt.args[1:]...)...)...)
			if code != exitFailed || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and %q", code, stderr, exitFailed, tt.want)
			}
			if strings.Contains(stderr, "goroutine") {
				t.Errorf("stack trace:\n%s", stderr)
			}
		})
	}
}

func hashesOf(t *testing.T, dir string) string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(dir, "*"))
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.WriteString(f + string(data))
	}
	return b.String()
}

// With --db, last year comes from the history: the latest accepted
// submission, then, once last year was consolidated, that consolidation's;
// --foregaende wins over the history.
func TestPriorYearFromHistory(t *testing.T) {
	dir := t.TempDir()
	db := filepath.Join(dir, "historik.db")
	kultur := "kultur-och-fritidsnamnden-2023.xlsx"
	message := func(args ...string) string {
		t.Helper()
		out := filepath.Join(dir, "ut")
		code, _, stderr := runCLI(t, append([]string{"consolidate", "-q", "--db", db, inlamnat, "-o", out}, args...)...)
		if code != exitErrors {
			t.Fatalf("consolidate: exit %d: %s", code, stderr)
		}
		data, err := os.ReadFile(filepath.Join(out, "report.json"))
		if err != nil {
			t.Fatal(err)
		}
		got := crossPeriod(t, data)
		wantRestated(t, got)
		return got[kultur][0].Message
	}
	if code, _, stderr := runCLI(t, "submit", "-q", "--db", db, foregaende); code != exitOK {
		t.Fatalf("submit last year: exit %d: %s", code, stderr)
	}
	if m := message(); !strings.Contains(m, "kultur-och-fritidsnamnden-2022.xlsx, Helår 2022, inlämning 1 i historiken") {
		t.Errorf("from the submissions: %s", m)
	}
	if code, _, stderr := runCLI(t, "consolidate", "-q", "--db", db, foregaende, "-o", filepath.Join(dir, "ut2022")); code != exitOK {
		t.Fatalf("consolidate last year: exit %d: %s", code, stderr)
	}
	// Records 1-3 are the submissions, 4-16 this year's files of the first
	// run and 17 its consolidation, 18-20 last year's files stored again by
	// their consolidation, 21.
	if m := message(); !strings.Contains(m, "kultur-och-fritidsnamnden-2022.xlsx, Helår 2022, i historikens sammanställning 21") {
		t.Errorf("from the consolidation: %s", m)
	}
	if m := message("--foregaende", foregaende); strings.Contains(m, "historik") {
		t.Errorf("--foregaende does not win over the history: %s", m)
	}
}
