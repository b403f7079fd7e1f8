package spec_test

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/rules/spec"
)

func TestDefaultSpecLoads(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatalf("Default() error:\n%v", err)
	}
	if s.Name != "verksamhetsberattelse" || s.Version != "2023.1" {
		t.Errorf("Default() = %s %s, want verksamhetsberattelse 2023.1", s.Name, s.Version)
	}
	if got, want := len(s.Sheets), 12; got != want {
		t.Errorf("len(Sheets) = %d, want %d", got, want)
	}
	for _, name := range []string{"info", "DRIFT", " Intern  kontroll "} {
		if s.Sheet(name) == nil {
			t.Errorf("Sheet(%q) = nil", name)
		}
	}
}

func TestParseErrors(t *testing.T) {
	base := string(spec.DefaultYAML())
	tests := []struct {
		name     string
		src      string
		wantLine int
		wantMsg  string
	}{
		{"syntax", "name: x\nversion: [\n", 2, "did not find"},
		{"unknown field", "name: x\nversion: '1'\nsheets:\n  - name: A\n    colums: []\n", 5, "colums"},
		{"missing version", "name: x\nsheets:\n  - name: A\n    columns: [{header: B, type: text}]\n", 1, "version"},
		{"unknown kind", strings.Replace(base, "kind: unique", "kind: unik", 1), lineOf(base, "kind: unique"), "okänd regeltyp"},
		{"unknown column in expr", strings.Replace(base, "[Utfall helår] - [Budget helår]\"}", "[Utfal helår] - [Budget helår]\"}", 1), lineOf(base, "id: drift.avvikelse,"), "Utfal helår"},
		{"bad expr", strings.Replace(base, "[Bidrag] - [Kostnad]", "[Bidrag] - ", 1), lineOf(base, "[Bidrag] - [Kostnad]"), "unexpected end"},
		{"bad type", strings.Replace(base, "{header: Bidrag, type: amount", "{header: Bidrag, type: belopp", 1), lineOf(base, "{header: Bidrag, type: amount"), "okänd kolumntyp"},
		{"duplicate id", strings.Replace(base, "id: drift.avvikelse,", "id: drift.trad,", 1), lineOf(base, "id: drift.avvikelse,"), "används redan"},
		{"unknown sheet", strings.Replace(base, "sheet: Drift", "sheet: Driften", 1), lineOf(base, "sheet: Drift"), "Driften"},
		{"bad severity", strings.Replace(base, "severity: warning}", "severity: varning}", 1), lineOf(base, "severity: warning}"), "varning"},
		{"bad pattern", strings.Replace(base, `'^(\d{4})$'`, `'^(\d{4}$'`, 1), lineOf(base, `'^(\d{4})$'`), "ogiltigt mönster"},
		{"bad tag", strings.Replace(base, "tag: email", "tag: epost", 1), lineOf(base, "tag: email"), "validator-tagg"},
		{"unknown identity sheet", strings.Replace(base, "identity: {sheet: Info,", "identity: {sheet: Inf,", 1), lineOf(base, "identity: {sheet: Info,"), `bladet "Inf"`},
		{"unknown identity column", strings.Replace(base, "department: Nämnd,", "department: Namnd2,", 1), lineOf(base, "identity: {sheet: Info,"), `"Namnd2"`},
		{"unknown overview column", strings.Replace(base, "{column: Utfall helår, label", "{column: Utfal helår, label", 1), lineOf(base, "{column: Utfall helår, label"), `"Utfal helår"`},
		{"unknown row_decimals row", strings.Replace(base, "row_decimals: {Antal anställda: 0}", "row_decimals: {Antal anstallda: 0}", 1), lineOf(base, "row_decimals: {Antal anställda: 0}"), `raden "Antal anstallda"`},
		{"negative row_decimals", strings.Replace(base, "row_decimals: {Antal anställda: 0}", "row_decimals: {Antal anställda: -1}", 1), lineOf(base, "row_decimals: {Antal anställda: 0}"), "row_decimals"},
		{"missing field", strings.Replace(base, `expr: "[Fel] <= [Stickprov]"`, "", 1), lineOf(base, `expr: "[Fel] <= [Stickprov]"`), "kräver fältet expr"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := spec.Parse("test.yaml", []byte(tt.src))
			if err == nil {
				t.Fatalf("Parse() = nil error, want one at line %d", tt.wantLine)
			}
			if !strings.Contains(err.Error(), tt.wantMsg) {
				t.Errorf("Parse() error = %q, want it to mention %q", err, tt.wantMsg)
			}
			line := firstLine(err)
			if line != tt.wantLine {
				t.Errorf("Parse() error line = %d, want %d (%v)", line, tt.wantLine, err)
			}
			if !strings.HasPrefix(err.Error(), "test.yaml:") {
				t.Errorf("Parse() error = %q, want it to start with the file name", err)
			}
		})
	}
}

func lineOf(src, needle string) int {
	i := strings.Index(src, needle)
	if i < 0 {
		panic("needle not found: " + needle)
	}
	return strings.Count(src[:i], "\n") + 1
}

func firstLine(err error) int {
	var l spec.ErrorList
	if errors.As(err, &l) && len(l) > 0 {
		return l[0].Line
	}
	var e *spec.Error
	if errors.As(err, &e) {
		return e.Line
	}
	return -1
}

func FuzzParse(f *testing.F) {
	f.Add(spec.DefaultYAML())
	f.Add([]byte("name: x\nversion: '1'\nsheets: [{name: A, columns: [{header: B, type: text}], rules: [{id: r, kind: formula, column: B, expr: '[B] + 1'}]}]\n"))
	f.Add([]byte("{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		s, err := spec.Parse("fuzz.yaml", data)
		if err == nil && (s.Name == "" || len(s.Sheets) == 0) {
			t.Errorf("Parse accepted a spec without name or sheets")
		}
	})
}

// TestDefaultPeriodFormat checks the Period pattern of the default spec,
// which rules/kinds_cell.go applies to Info!Period.
func TestDefaultPeriodFormat(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	col := s.Sheet("Info").SheetLayout.Column("Period")
	re := regexp.MustCompile(col.Format)
	for _, tt := range []struct {
		period string
		ok     bool
	}{
		{"Helår 2023", true},
		{"Delår april 2024", true},
		{"Delår augusti 1999", true},
		{"Helår 0000", false},
		{"Helår 0023", false},
		{"Helår 9999", false},
		{"Helår 23", false},
		{"Delår maj 2023", false},
	} {
		if got := re.MatchString(tt.period); got != tt.ok {
			t.Errorf("Period %q matches = %v, want %v", tt.period, got, tt.ok)
		}
	}
}
