package exporter

import (
	"testing"

	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// TestFeedbackTitle: a file without a department is titled by its file
// name, and a missing period leaves no dangling comma.
func TestFeedbackTitle(t *testing.T) {
	tests := []struct {
		dept, period, want string
	}{
		{"Kulturnämnden", "Helår 2023", "Återkoppling: Kulturnämnden, Helår 2023"},
		{"", "Helår 2023", "Återkoppling: tom.xlsx, Helår 2023"},
		{"", "", "Återkoppling: tom.xlsx"},
		{"  ", " ", "Återkoppling: tom.xlsx"},
	}
	for _, tt := range tests {
		r := &check.Submission{Source: check.Source{File: "in/tom.xlsx"}, Department: tt.dept, Period: tt.period}
		if got := feedbackTitle(r, rules.Swedish, Short); got != tt.want {
			t.Errorf("feedbackTitle(%q, %q) = %q, want %q", tt.dept, tt.period, got, tt.want)
		}
	}
}
