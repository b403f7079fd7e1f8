package check_test

import (
	"bufio"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

const inlamnat = "../../fixtures/inlamnat"

func checkFixture(t *testing.T, name string) *check.Submission {
	t.Helper()
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	return check.File(s, filepath.Join(inlamnat, name), check.Options{})
}

func place(f rules.Finding) string {
	return f.Severity.String() + " " + f.Ref.Sheet + "!" + f.Ref.Cell() + " " + f.Rule
}

// readWant reads the expected findings next to the fixture's name.
func readWant(t *testing.T, file string) []string {
	t.Helper()
	fh, err := os.Open(file)
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	var want []string
	sc := bufio.NewScanner(fh)
	for sc.Scan() {
		if l := strings.TrimSpace(sc.Text()); l != "" && !strings.HasPrefix(l, "#") {
			want = append(want, l)
		}
	}
	return want
}

// TestKommunstyrelsenFindings requires exactly the errors and warnings of
// testdata/kommunstyrelsen-2023.want: none missing, none more.
func TestKommunstyrelsenFindings(t *testing.T) {
	res := checkFixture(t, "kommunstyrelsen-2023.xlsx")
	var got []string
	for _, f := range res.Findings {
		if f.Severity != rules.Info {
			got = append(got, place(f))
		}
	}
	want := readWant(t, filepath.Join("testdata", "kommunstyrelsen-2023.want"))
	slices.Sort(got)
	slices.Sort(want)
	for _, w := range want {
		if i := slices.Index(got, w); i >= 0 {
			got = slices.Delete(got, i, i+1)
		} else {
			t.Errorf("missing finding: %s", w)
		}
	}
	for _, g := range got {
		t.Errorf("unexpected finding: %s", g)
	}
	if res.Status != rules.Rejected {
		t.Errorf("status = %s, want rejected", res.Status)
	}
}

// TestKommunstyrelsenRounding: the ±1 tkr differences of the seed are info
// findings, never errors.
func TestKommunstyrelsenRounding(t *testing.T) {
	res := checkFixture(t, "kommunstyrelsen-2023.xlsx")
	got := map[string]rules.Finding{}
	for _, f := range res.Findings {
		if strings.Contains(f.Message, "Avrundningsdifferens") {
			got[f.Ref.Sheet+"!"+f.Ref.Cell()] = f
		}
	}
	for _, cell := range []string{
		"Resultaträkning!C8", // the design's example: posts sum to −774 628, stated −774 627
		"Resultaträkning!E4", "Resultaträkning!D9", "Drift!E6", "Drift!E14", "Drift!E16",
		"Drift!D10", "Drift!D24", "Investeringar!D11", "Investeringar!E11",
	} {
		f, ok := got[cell]
		if !ok {
			t.Errorf("no rounding note at %s", cell)
			continue
		}
		if f.Severity != rules.Info || !strings.Contains(f.Message, "1 tkr") {
			t.Errorf("%s: %s %q, want info naming 1 tkr", cell, f.Severity, f.Message)
		}
	}
}

// TestConsistentFixtures: the consistent departments have no errors and no
// warnings.
func TestConsistentFixtures(t *testing.T) {
	for _, name := range []string{"grundskolenamnden-2023.xlsx", "kultur-och-fritidsnamnden-2023.xlsx"} {
		res := checkFixture(t, name)
		for _, f := range res.Findings {
			if f.Severity != rules.Info {
				t.Errorf("%s: %s %s", name, place(f), f.Message)
			}
		}
		if res.Status != rules.Accepted {
			t.Errorf("%s: status %s, want accepted", name, res.Status)
		}
		evaluated := 0
		for _, c := range res.Checks {
			evaluated += c.Evaluated
		}
		if evaluated == 0 {
			t.Errorf("%s: no checks evaluated", name)
		}
	}
}
