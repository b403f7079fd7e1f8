package rules_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
)

// TestProblemMessageShortensValue: a 10 MB cell is quoted shortened in the
// message and kept whole in Actual.
func TestProblemMessageShortensValue(t *testing.T) {
	huge := strings.Repeat("å", 10<<20)
	tests := []struct {
		name string
		p    importer.Problem
	}{
		{"text too long", importer.Problem{Code: importer.TextTooLong, Column: "Nämnd", Text: huge}},
		{"not a number", importer.Problem{Code: importer.NotANumber, Column: "Budget", Text: huge}},
		{"duplicate header from the workbook", importer.Problem{Code: importer.ColumnDuplicate, Column: huge}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := rules.ProblemFinding(tt.p, rules.Swedish)
			if n := utf8.RuneCountInString(f.Message); n > 400 {
				t.Errorf("message has %d characters, want at most 400", n)
			}
			if !strings.Contains(f.Message, "…") {
				t.Errorf("message %.200q does not show the cut", f.Message)
			}
			if tt.p.Text != "" && f.Actual != tt.p.Text {
				t.Errorf("Actual has %d bytes, want the whole %d", len(f.Actual), len(tt.p.Text))
			}
		})
	}
}
