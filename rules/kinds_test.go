package rules_test

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/fixtures/ruletest"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// The spec, workbook and helpers the rule tests share with rules/check.
const testSpec = ruletest.TestSpec

var (
	base      = ruletest.Base
	driftRows = ruletest.DriftRows
	setRows   = ruletest.SetRows
)

// run evaluates the base workbook with a change in memory, through
// rules.Evaluate, and returns its findings as places.
func run(t *testing.T, change func(map[string]fixtures.Sheet)) []string {
	t.Helper()
	s, err := spec.Parse("test.yaml", []byte(testSpec))
	if err != nil {
		t.Fatal(err)
	}
	data, err := ruletest.Book(change)
	if err != nil {
		t.Fatal(err)
	}
	fs, _, err := ruletest.Evaluate(s, "t.xlsx", data, rules.SessionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range fs {
		got = append(got, ruletest.Place(f))
	}
	return got
}

func TestRuleKinds(t *testing.T) {
	for _, tt := range ruletest.KindCases {
		t.Run(tt.Name, func(t *testing.T) {
			got := run(t, tt.Change)
			slices.Sort(got)
			want := slices.Clone(tt.Want)
			slices.Sort(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("findings:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
}

func TestMessages(t *testing.T) {
	s, _ := spec.Parse("test.yaml", []byte(testSpec))
	sheets := base()
	setRows("Mål", []any{"A", "Uppfyllt"}, []any{"B", "Delvis uppfylt"})(sheets)
	data, err := ruletest.BookOf(sheets, "Info", "Drift", "Mål", "Ind")
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		lang rules.Lang
		want string
	}{
		{rules.Swedish, `"Delvis uppfylt" är inget tillåtet värde i "Betyg". Menade du "Delvis uppfyllt"?`},
		{rules.English, `"Delvis uppfylt" is not an allowed value of "Betyg". Did you mean "Delvis uppfyllt"?`},
	} {
		fs, _, err := ruletest.Evaluate(s, "t.xlsx", data, rules.SessionOptions{Lang: tt.lang})
		if err != nil {
			t.Fatal(err)
		}
		found := false
		for _, f := range fs {
			if f.Rule == "m.enum" {
				found = strings.HasPrefix(f.Message, tt.want)
				if !found {
					t.Errorf("%s message = %q, want it to start %q", tt.lang, f.Message, tt.want)
				}
			}
		}
		if !found {
			t.Errorf("%s: no m.enum finding", tt.lang)
		}
	}
}

// TestCustomSpecChangesBehaviour edits the default spec as a finance
// department would for a new year, with no code change: overspent
// initiatives become errors, and a new rule bounds Personal's changes.
func TestCustomSpecChangesBehaviour(t *testing.T) {
	src := string(spec.DefaultYAML())
	src = strings.Replace(src, `expr: "[Utfall] <= [Budget]", severity: warning}`, `expr: "[Utfall] <= [Budget]", severity: error}`, 1)
	src = strings.Replace(src, `      - {id: personal.forandring, kind: formula,`,
		`      - {id: personal.rimlig, kind: compare, column: Förändring, expr: "abs([Förändring]) <= 30", severity: warning}
      - {id: personal.forandring, kind: formula,`, 1)
	s, err := spec.Parse("mall-2024.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile("../fixtures/inlamnat/kommunstyrelsen-2023.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	fs, _, err := ruletest.Evaluate(s, "kommunstyrelsen-2023.xlsx", data, rules.SessionOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, f := range fs {
		got[ruletest.Place(f)] = true
	}
	for _, want := range []string{"error Satsningar!C13 satsningar.over_budget", "warning Personal!D2 personal.rimlig"} {
		if !got[want] {
			t.Errorf("custom spec: missing %s", want)
		}
	}
	if got["warning Satsningar!C13 satsningar.over_budget"] {
		t.Error("custom spec: the severity change did not take")
	}
}

// TestFindingsCapped: a sheet wrong on every row lists 50 findings of the
// rule and counts the rest in one line; the check counts every failure.
func TestFindingsCapped(t *testing.T) {
	var rows [][]any
	for i := range 60 {
		rows = append(rows, []any{fmt.Sprintf("A%d", i), "Total", -10, -20, -5})
	}
	rows = append(rows, []any{"Total", nil, -600, -1200, -300})
	got := run(t, driftRows(rows...))
	n, more := 0, 0
	for _, g := range got {
		switch {
		case strings.HasPrefix(g, "error Drift!E") && strings.HasSuffix(g, "d.avv"):
			n++
		case g == "info Drift! d.avv":
			more++
		}
	}
	if n != 50 || more != 1 {
		t.Errorf("%d d.avv errors and %d summary lines, want 50 and 1", n, more)
	}
}
