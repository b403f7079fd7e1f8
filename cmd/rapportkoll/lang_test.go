package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/rapportkoll/rapportkoll/fixtures/xlsxdump"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
)

// TestEnglishHasNoSwedish consolidates the shipped fixtures with --lang en
// and requires that no Swedish text of the catalogue (one that differs
// from its English) shows in what a user reads: stdout, the feedback .txt
// files, Sammanställning.xlsx and the Återkoppling sheet of the feedback
// workbooks; nor in the operator's log on stderr of consolidate, check,
// submit and historik, in the console and the JSON format (messages and
// field names). Data is allowed: every text of the submitted workbooks
// (department, sheet, column and row names), and the file names.
func TestEnglishHasNoSwedish(t *testing.T) {
	if testing.Short() {
		t.Skip("consolidates the fixtures")
	}
	dir, code, stdout, stderr := consolidate(t, "--lang", "en", inlamnat)
	if code != exitErrors {
		t.Fatalf("exit %d, want %d: %s", code, exitErrors, stderr)
	}
	data := fixtureData(t, dir)
	outputs := map[string]string{"stdout": stdout, "consolidate stderr": stderr}
	for name, stderr := range englishLogs(t) {
		outputs[name] = stderr
	}
	txts, err := filepath.Glob(filepath.Join(dir, "feedback", "*.txt"))
	if err != nil || len(txts) == 0 {
		t.Fatalf("no feedback .txt in %s (%v)", dir, err)
	}
	for _, p := range txts {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		outputs["feedback/"+filepath.Base(p)] = string(b)
	}
	dump, err := xlsxdump.Dump(filepath.Join(dir, "Sammanställning.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	outputs["Sammanställning.xlsx"] = dump
	books, _ := filepath.Glob(filepath.Join(dir, "feedback", "*.xlsx"))
	for _, p := range books {
		dump, err := xlsxdump.Dump(p)
		if err != nil {
			t.Fatal(err)
		}
		outputs["feedback/"+filepath.Base(p)] = sheetOf(dump, "Återkoppling")
	}
	swedish := swedishFragments()
	if len(swedish) < 50 {
		t.Fatalf("%d Swedish fragments from the catalogue, want them all", len(swedish))
	}
	for name, out := range outputs {
		for _, line := range strings.Split(out, "\n") {
			line = strip(line, data)
			for _, sv := range swedish {
				if containsWord(line, sv) {
					t.Errorf("%s: Swedish %q in %q", name, sv, line)
				}
			}
		}
	}
}

// englishLogs runs consolidate, check, submit and historik with --lang en
// in both log formats and returns their stderr by command and format. A
// JSON log line must be JSON and its field names not Swedish; no line may
// name a catalogue key that is missing ("‹log.field.x›").
func englishLogs(t *testing.T) map[string]string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "historik.db")
	kultur := filepath.Join(inlamnat, "kultur-och-fritidsnamnden-2023.xlsx")
	swedishField := map[string]bool{}
	for _, k := range catalog.Keys() {
		if tx, _ := catalog.Lookup(k); strings.HasPrefix(k, "log.field.") && tx.SV != tx.EN {
			swedishField[tx.SV] = true
		}
	}
	out := map[string]string{}
	for _, format := range []string{"console", "json"} {
		runs := map[string][]string{
			"check":    {"check", inlamnat},
			"submit":   {"submit", "--db", db, kultur},
			"historik": {"historik", "list", "--db", db},
		}
		if format == "json" {
			_, _, _, stderr := consolidate(t, "--lang", "en", "--log-format", "json", inlamnat)
			out["consolidate json stderr"] = stderr
		}
		for name, args := range runs {
			_, _, stderr := runCLI(t, append(args, "--lang", "en", "--log-format", format)...)
			if !strings.Contains(stderr, "INF") && !strings.Contains(stderr, `"level":"info"`) && name != "historik" {
				t.Errorf("%s --log-format %s: no log lines on stderr:\n%s", name, format, stderr)
			}
			out[name+" "+format+" stderr"] = stderr
		}
	}
	for name, stderr := range out {
		if strings.Contains(stderr, "‹") {
			t.Errorf("%s: a key missing from the catalogue:\n%s", name, stderr)
		}
		if !strings.Contains(name, "json") {
			continue
		}
		for _, line := range strings.Split(strings.TrimSpace(stderr), "\n") {
			if line == "" {
				continue
			}
			var fields map[string]any
			if err := json.Unmarshal([]byte(line), &fields); err != nil {
				t.Errorf("%s: a line that is not JSON: %q", name, line)
				continue
			}
			for k := range fields {
				if swedishField[k] {
					t.Errorf("%s: Swedish field name %q in %q", name, k, line)
				}
			}
		}
	}
	return out
}

// swedishFragments are the Swedish texts of the catalogue, cut at their
// placeholders, that are not also in the English text of their key.
func swedishFragments() []string {
	var out []string
	for _, k := range catalog.Keys() {
		tx, _ := catalog.Lookup(k)
		if tx.SV == tx.EN {
			continue
		}
		for _, frag := range splitPlaceholders(tx.SV) {
			frag = strings.TrimFunc(frag, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
			if !strings.ContainsFunc(frag, unicode.IsLetter) || strings.Contains(tx.EN, frag) {
				continue
			}
			out = append(out, frag)
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func splitPlaceholders(s string) []string {
	var out []string
	for {
		i := strings.IndexByte(s, '{')
		j := strings.IndexByte(s[max(i, 0):], '}')
		if i < 0 || j < 0 {
			return append(out, s)
		}
		out = append(out, s[:i])
		s = s[i+j+1:]
	}
}

// containsWord reports whether w is in s, not as part of a longer word.
func containsWord(s, w string) bool {
	for i := 0; i <= len(s); {
		j := strings.Index(s[i:], w)
		if j < 0 {
			return false
		}
		j += i
		before, _ := utf8.DecodeLastRuneInString(s[:j])
		after, _ := utf8.DecodeRuneInString(s[j+len(w):])
		if !unicode.IsLetter(before) && !unicode.IsLetter(after) {
			return true
		}
		i = j + 1
	}
	return false
}

// strip blanks out the data in line, longest first.
func strip(line string, data []string) string {
	for _, d := range data {
		if strings.Contains(line, d) {
			line = strings.ReplaceAll(line, d, "\x00")
		}
	}
	return line
}

// fixtureData is every text of the submitted workbooks, their sheet names
// and the file names, longest first; and the names that are the same in
// every language: the rule ids of report.json in out and rapportkoll's own
// sheets.
func fixtureData(t *testing.T, out string) []string {
	t.Helper()
	set := map[string]bool{"Översikt": true, "Fel och varningar": true, "Källor": true, "Återkoppling": true}
	b, err := os.ReadFile(filepath.Join(out, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	var report struct {
		Submissions []struct{ Findings []struct{ Rule string } }
	}
	if err := json.Unmarshal(b, &report); err != nil {
		t.Fatal(err)
	}
	for _, s := range report.Submissions {
		for _, f := range s.Findings {
			set[f.Rule] = true
		}
	}
	files, err := filepath.Glob(filepath.Join(inlamnat, "*.xlsx"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no fixtures in %s (%v)", inlamnat, err)
	}
	for _, p := range files {
		set[filepath.Base(p)] = true
		set[strings.TrimSuffix(filepath.Base(p), ".xlsx")] = true
		dump, err := xlsxdump.Dump(p)
		if err != nil {
			continue // a broken fixture has no data
		}
		for _, line := range strings.Split(dump, "\n") {
			if name, ok := strings.CutPrefix(line, "== "); ok {
				set[strings.TrimSuffix(name, " (hidden)")] = true
				continue
			}
			if f := strings.Split(line, "\t"); len(f) >= 2 && strings.ContainsFunc(f[1], unicode.IsLetter) {
				set[f[1]] = true
			}
		}
	}
	data := make([]string, 0, len(set))
	for d := range set {
		data = append(data, d)
	}
	slices.SortFunc(data, func(a, b string) int { return len(b) - len(a) })
	return data
}

// sheetOf is the part of a dump that is one sheet.
func sheetOf(dump, sheet string) string {
	_, rest, ok := strings.Cut(dump, "== "+sheet+"\n")
	if !ok {
		return ""
	}
	if i := strings.Index(rest, "\n== "); i >= 0 {
		rest = rest[:i]
	}
	return rest
}
