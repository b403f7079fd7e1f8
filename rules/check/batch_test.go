package check_test

import (
	"testing"

	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// TestCheckBatchDuplicates: the same department spelled another way is
// still the same department.
func TestCheckBatchDuplicates(t *testing.T) {
	tests := []struct {
		name         string
		dept, period string
		dup          bool
	}{
		{"identical", "Grundskolenämnden", "Helår 2023", true},
		{"case and spaces", " GRUNDSKOLENÄMNDEN ", "helår  2023", true},
		{"NFD", "Grundskolena\u0308mnden", "Helår 2023", true},
		{"zero-width space", "Grundskole\u200bnämnden", "Helår 2023", true},
		{"no-break space in the period", "Grundskolenämnden", "Helår\u00a02023", true},
		{"another period", "Grundskolenämnden", "Helår 2022", false},
		{"another department", "Grundsärskolenämnden", "Helår 2023", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a := &check.Submission{Source: check.Source{File: "in/a.xlsx"}, Department: "Grundskolenämnden", Period: "Helår 2023", Status: rules.Accepted}
			b := &check.Submission{Source: check.Source{File: "in/b.xlsx"}, Department: tt.dept, Period: tt.period, Status: rules.Accepted}
			check.CheckBatch([]*check.Submission{a, b}, rules.Swedish)
			if a.Duplicate() != tt.dup || b.Duplicate() != tt.dup {
				t.Errorf("Duplicate() = %v, %v, want %v", a.Duplicate(), b.Duplicate(), tt.dup)
			}
			if tt.dup && (a.Status != rules.Rejected || b.Status != rules.Rejected) {
				t.Errorf("status = %s, %s, want rejected", a.Status, b.Status)
			}
		})
	}
}
