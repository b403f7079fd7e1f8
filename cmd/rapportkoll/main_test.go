package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

var update = flag.Bool("update", false, "update golden files")

const inlamnat = "../../fixtures/inlamnat"

func runCLI(t *testing.T, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = run(context.Background(), args, &out, &errb)
	return code, out.String(), errb.String()
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./cmd/rapportkoll -update)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s:\n%s", path, got)
	}
}

func TestCheckAllFixtures(t *testing.T) {
	before := hashes(t)
	code, out, stderr := runCLI(t, "check", inlamnat)
	if code != exitErrors {
		t.Errorf("exit = %d, want %d; stderr:\n%s", code, exitErrors, stderr)
	}
	golden(t, "check-inlamnat.txt", out)
	if after := hashes(t); after != before {
		t.Error("checking modified the input files")
	}
	if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
		t.Errorf("stderr has a stack trace:\n%s", stderr)
	}
}

func hashes(t *testing.T) string {
	files, _ := filepath.Glob(filepath.Join(inlamnat, "*"))
	h := sha256.New()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		h.Write(data)
	}
	return string(h.Sum(nil))
}

func TestCheckConsistentFixturesExitZero(t *testing.T) {
	code, out, _ := runCLI(t, "check", "-q",
		filepath.Join(inlamnat, "grundskolenamnden-2023.xlsx"),
		filepath.Join(inlamnat, "kultur-och-fritidsnamnden-2023.xlsx"))
	if code != exitOK {
		t.Errorf("exit = %d, want 0:\n%s", code, out)
	}
}

func TestCheckJSON(t *testing.T) {
	code, out, _ := runCLI(t, "check", "--format", "json", "-q",
		filepath.Join(inlamnat, "kommunstyrelsen-2023.xlsx"),
		filepath.Join(inlamnat, "trasig-losenord.xlsx"))
	if code != exitErrors {
		t.Errorf("exit = %d, want 1", code)
	}
	var report struct {
		Spec struct {
			Name    string `json:"name"`
			Version string `json:"version"`
		} `json:"spec"`
		Submissions []struct {
			File       string `json:"file"`
			SHA256     string `json:"sha256"`
			Department string `json:"department"`
			Period     string `json:"period"`
			Status     string `json:"status"`
			Findings   []struct {
				Severity, Rule, Sheet, Cell, Message, Expected, Actual string
			} `json:"findings"`
			Checks []struct {
				Rule      string `json:"rule"`
				Evaluated int    `json:"evaluated"`
				Failed    int    `json:"failed"`
			} `json:"checks"`
		} `json:"submissions"`
	}
	dec := json.NewDecoder(strings.NewReader(out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&report); err != nil {
		t.Fatalf("report does not match the schema: %v\n%s", err, out)
	}
	if report.Spec.Name != "verksamhetsberattelse" || report.Spec.Version != "2023.1" || len(report.Submissions) != 2 {
		t.Fatalf("report = %+v", report)
	}
	ks, pw := report.Submissions[0], report.Submissions[1]
	if ks.File != "kommunstyrelsen-2023.xlsx" || len(ks.SHA256) != 64 || ks.Department != "Kommunstyrelsen" ||
		ks.Period != "Helår 2023" || ks.Status != "rejected" || len(ks.Checks) == 0 {
		t.Errorf("kommunstyrelsen = %+v", ks)
	}
	evaluated := 0
	for _, c := range ks.Checks {
		evaluated += c.Evaluated
	}
	if evaluated < 500 {
		t.Errorf("checks evaluated %d times in all, want the work shown (at least 500 cells)", evaluated)
	}
	if pw.Status != "unreadable" || len(pw.Findings) != 1 || pw.Findings[0].Severity != "error" ||
		!strings.Contains(pw.Findings[0].Message, "lösenord") {
		t.Errorf("password-protected = %+v", pw)
	}
}

func TestCheckEnglish(t *testing.T) {
	_, out, _ := runCLI(t, "check", "--lang", "en", "-q", filepath.Join(inlamnat, "trasig-gammalt-format.xlsx"))
	if !strings.Contains(out, "legacy Excel workbook (.xls") || !strings.Contains(out, "unreadable") {
		t.Errorf("English output = %q", out)
	}
}

func TestCouldNotRun(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "mall.yaml")
	os.WriteFile(bad, []byte("name: x\nversion: '1'\nsheets:\n  - name: A\n    columns: [{header: B, type: belopp}]\n"), 0o644)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no files", []string{"check"}, "ange minst en fil"},
		{"unknown command", []string{"kontrollera"}, "okänt kommando"},
		{"bad flag", []string{"check", "--nope", "x.xlsx"}, "flag provided but not defined"},
		{"bad format", []string{"check", "--format", "xml", "x.xlsx"}, "okänt format"},
		{"bad lang", []string{"check", "--lang", "fi", "x.xlsx"}, "okänt språk"},
		{"bad spec", []string{"check", "--spec", bad, "x.xlsx"}, "mall.yaml:5: okänd kolumntyp"},
		{"missing spec", []string{"check", "--spec", bad + ".saknas", "x.xlsx"}, "filen finns inte"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code != exitFailed {
				t.Errorf("exit = %d, want 2", code)
			}
			if !strings.Contains(stderr, tt.want) {
				t.Errorf("stderr = %q, want it to contain %q", stderr, tt.want)
			}
		})
	}
}

func TestHelp(t *testing.T) {
	code, out, _ := runCLI(t, "--help")
	if code != exitOK || !strings.Contains(out, "Slutkoder") {
		t.Errorf("--help = %d %q", code, out)
	}
}

func TestJSONLogs(t *testing.T) {
	_, _, stderr := runCLI(t, "check", "--log-format", "json", filepath.Join(inlamnat, "kommunstyrelsen-2023.xlsx"))
	var entry map[string]any
	line, _, _ := strings.Cut(stderr, "\n")
	if err := json.Unmarshal([]byte(line), &entry); err != nil || entry["status"] != "rejected" {
		t.Errorf("log line = %q (%v)", line, err)
	}
}

// TestCustomSpec runs check with a spec of another template (two sheets, a
// column the workbook lacks): a new template needs no code change.
func TestCustomSpec(t *testing.T) {
	code, out, _ := runCLI(t, "spec")
	if code != exitOK || !strings.Contains(out, "name: verksamhetsberattelse") {
		t.Fatalf("spec = %d", code)
	}
	custom := filepath.Join(t.TempDir(), "mall-2024.yaml")
	os.WriteFile(custom, []byte(`name: kvartalsrapport
version: "2024.1"
sheets:
  - name: Info
    required: true
    layout: keyvalue
    columns:
      - {header: Nämnd, type: text, required: true}
  - name: Personal
    required: true
    key: Nyckeltal
    columns:
      - {header: Nyckeltal, type: text, required: true}
      - {header: Antal chefer, type: number, required: true}
`), 0o644)
	code, out, _ = runCLI(t, "check", "-q", "--spec", custom, "--format", "json", filepath.Join(inlamnat, "kommunstyrelsen-2023.xlsx"))
	if code != exitErrors {
		t.Errorf("exit = %d, want 1 (column missing)", code)
	}
	if !strings.Contains(out, `"name": "kvartalsrapport"`) {
		t.Errorf("report does not name the custom spec:\n%s", out)
	}
	_, out, _ = runCLI(t, "check", "-q", "--spec", custom, filepath.Join(inlamnat, "kommunstyrelsen-2023.xlsx"))
	want := `kommunstyrelsen-2023.xlsx: Personal!1: fel: Kolumnen "Antal chefer" saknas i rubrikraden.`
	if !strings.HasPrefix(out, want) || strings.Count(out, ": fel:") != 1 {
		t.Errorf("output = %q, want one error starting %q", out, want)
	}
}

func TestExitCode(t *testing.T) {
	tests := []struct {
		statuses []rules.Status
		want     int
	}{
		{nil, exitOK},
		{[]rules.Status{rules.Accepted, rules.AcceptedWithWarnings}, exitOK},
		{[]rules.Status{rules.Accepted, rules.Rejected}, exitErrors},
		{[]rules.Status{rules.Unreadable}, exitErrors},
	}
	for _, tt := range tests {
		var results []*check.Submission
		for _, s := range tt.statuses {
			results = append(results, &check.Submission{Status: s})
		}
		if got := exitCode(results); got != tt.want {
			t.Errorf("exitCode(%v) = %d, want %d", tt.statuses, got, tt.want)
		}
	}
}

func TestVersion(t *testing.T) {
	for _, arg := range []string{"--version", "version"} {
		code, stdout, _ := runCLI(t, arg)
		if code != exitOK || !strings.HasPrefix(stdout, "rapportkoll "+version+" (inbyggd mall verksamhetsberattelse ") {
			t.Errorf("%s: exit %d, %q", arg, code, stdout)
		}
	}
}

// TestMinSeverity: --min-severity leaves the lines of less severe
// findings out of the text report; errors come first; the summary lines
// still count everything.
func TestMinSeverity(t *testing.T) {
	file := filepath.Join(inlamnat, "kommunstyrelsen-2023.xlsx")
	tests := []struct {
		level       string
		want, never []string
	}{
		{"error", []string{": fel: "}, []string{": varning: ", ": info: "}},
		{"warning", []string{": fel: ", ": varning: "}, []string{": info: "}},
		{"info", []string{": fel: ", ": varning: ", ": info: "}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.level, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, "check", "-q", "--min-severity", tt.level, file)
			if code != exitErrors {
				t.Fatalf("exit %d: %s", code, stderr)
			}
			for _, w := range tt.want {
				if !strings.Contains(stdout, w) {
					t.Errorf("no %q line", w)
				}
			}
			for _, n := range tt.never {
				if strings.Contains(stdout, n) {
					t.Errorf("a %q line is shown", n)
				}
			}
			if !strings.Contains(stdout, "8 fel, 5 varningar, 40 info") {
				t.Errorf("the summary does not count every finding:\n%s", stdout)
			}
			if first := strings.SplitN(stdout, "\n", 2)[0]; !strings.Contains(first, ": fel: ") {
				t.Errorf("the first line is not an error: %s", first)
			}
		})
	}
	if code, _, stderr := runCLI(t, "check", "--min-severity", "hög", file); code != exitFailed || !strings.Contains(stderr, "okänd allvarlighet") {
		t.Errorf("a bad level: exit %d, %q", code, stderr)
	}
}
