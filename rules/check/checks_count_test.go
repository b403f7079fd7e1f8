package check_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// TestLargeSheetCheckCounts: each Drift rule and reading check of a
// generated sheet is counted under its own id, as many times as it ran
// (the counts, by rule, of the sheet as streamed row by row).
func TestLargeSheetCheckCounts(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name  string
		write func(string, int) error
	}{
		{"inline strings", fixtures.LargeDriftFile},
		{"shared strings", fixtures.LargeDriftSharedFile},
	} {
		t.Run(tt.name, func(t *testing.T) {
			name := filepath.Join(t.TempDir(), "stor.xlsx")
			if err := tt.write(name, 300); err != nil {
				t.Fatal(err)
			}
			r := check.File(s, name, check.Options{})
			var got []string
			for _, c := range r.Checks {
				if strings.HasPrefix(c.Rule, "drift.") || strings.HasPrefix(c.Rule, "import.") && c.Evaluated > 2 {
					got = append(got, fmt.Sprintf("%s %d %d", c.Rule, c.Evaluated, c.Failed))
				}
			}
			slices.Sort(got)
			if g, w := strings.Join(got, "\n"), strings.Join(wantLargeCounts, "\n"); g != w {
				t.Errorf("checks (rule evaluated failed):\n%s\nwant:\n%s", g, w)
			}
		})
	}
}

// wantLargeCounts are the counts of the 300-row sheet, as the checks were
// made before any of them was made cheaper.
var wantLargeCounts = []string{
	"drift.avvikelse 301 0",
	"drift.avvikelse_procent 301 0",
	"drift.foregaende_ar 0 0",
	"drift.trad 305 0",
	"import.excel_error 2109 0",
	"import.formula_no_value 2109 0",
	"import.hidden_column 7 0",
	"import.hidden_row 301 0",
	"import.label_missing 3 0",
	"import.not_a_number 1505 0",
	"import.number_as_text 1505 0",
	"import.number_too_large 1505 0",
	"import.row_unnamed 301 0",
	"import.sheet_missing 11 9",
	"import.text_too_long 604 0",
	"import.thousands_separator 1505 0",
	"import.too_many_decimals 1505 0",
}
