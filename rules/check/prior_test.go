package check_test

import (
	"context"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// TestPriorFixtures checks the shipped 2023 reports against last year's
// (fixtures/foregaende, read through the same pipeline): the one restated
// figure is the only cross-period finding; without last year each
// cross-period rule says once that there was nothing to compare with.
func TestPriorFixtures(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	crossPeriod := map[string]bool{}
	for _, sh := range s.Sheets {
		for _, r := range sh.Rules {
			if len(r.Renamed) > 0 || strings.Contains(r.ID, "foregaende") {
				crossPeriod[r.ID] = true
			}
		}
	}
	if len(crossPeriod) != 5 {
		t.Fatalf("the default spec has %d cross-period rules, want 5", len(crossPeriod))
	}
	prior, _ := filepath.Glob(filepath.Join("..", "..", "fixtures", "foregaende", "*.xlsx"))
	last, err := check.All(context.Background(), s, prior, check.Options{KeepTables: true}, 2, nil)
	if err != nil || len(last) != 3 {
		t.Fatalf("last year: %d submissions, %v", len(last), err)
	}
	ps, replaced := check.Priors(s, last)
	if ps.Len() != 3 || len(replaced) != 0 {
		t.Fatalf("Priors holds %d reports (%d replaced), want 3", ps.Len(), len(replaced))
	}
	names := []string{"grundskolenamnden-2023.xlsx", "kommunstyrelsen-2023.xlsx", "kultur-och-fritidsnamnden-2023.xlsx"}
	for _, tt := range []struct {
		name   string
		priors *rules.Priors
		want   []string
	}{
		{"with last year", ps, []string{
			"kultur-och-fritidsnamnden-2023.xlsx Personal!B2 warning personal.foregaende_ar 509 512",
		}},
		{"without", nil, nil},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			none := 0
			for _, name := range names {
				sub := check.File(s, filepath.Join(inlamnat, name), check.Options{Priors: tt.priors})
				for _, f := range sub.Findings {
					if !crossPeriod[f.Rule] {
						continue
					}
					if f.Ref.Row == 0 && f.Severity == rules.Info {
						none++
						continue
					}
					got = append(got, strings.Join([]string{name, f.Ref.Sheet + "!" + f.Ref.Cell(), f.Severity.String(), f.Rule, f.Expected, f.Actual}, " "))
					if !strings.Contains(f.Message, "kultur-och-fritidsnamnden-2022.xlsx, Helår 2022") {
						t.Errorf("message does not name last year's report: %s", f.Message)
					}
				}
			}
			slices.Sort(got)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("cross-period findings:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
			if wantNone := map[bool]int{true: 0, false: 15}[tt.priors != nil]; none != wantNone {
				t.Errorf("%d findings saying there is no last year, want %d", none, wantNone)
			}
		})
	}
}

// PriorFor is asked, once per file, with the department and last year's
// period, for what Priors does not hold; Priors wins.
func TestPriorFor(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	prior, _ := filepath.Glob(filepath.Join("..", "..", "fixtures", "foregaende", "kultur-*.xlsx"))
	last := check.File(s, prior[0], check.Options{KeepTables: true})
	fromHistory := check.Prior(s, last, rules.PriorSubmission, 7)
	fromFiles := check.Prior(s, last, rules.PriorFile, 0)
	files := &rules.Priors{}
	files.Add(fromFiles)
	file := filepath.Join(inlamnat, "kultur-och-fritidsnamnden-2023.xlsx")
	for _, tt := range []struct {
		name      string
		priors    *rules.Priors
		wantCalls string
		wantIn    string
	}{
		{"history only", nil, "Kultur- och fritidsnämnden/Helår 2022", "inlämning 7 i historiken"},
		{"files win", files, "", "kultur-och-fritidsnamnden-2022.xlsx, Helår 2022)"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var calls []string
			sub := check.File(s, file, check.Options{Priors: tt.priors, PriorFor: func(dept, period string) *rules.Prior {
				calls = append(calls, dept+"/"+period)
				return fromHistory
			}})
			if got := strings.Join(calls, ","); got != tt.wantCalls {
				t.Errorf("PriorFor called with %q, want %q", got, tt.wantCalls)
			}
			var msgs []string
			for _, f := range sub.Findings {
				if f.Rule == "personal.foregaende_ar" {
					msgs = append(msgs, f.Message)
				}
			}
			if len(msgs) != 1 || !strings.Contains(msgs[0], tt.wantIn) {
				t.Errorf("findings %q, want one naming %q", msgs, tt.wantIn)
			}
		})
	}
}
