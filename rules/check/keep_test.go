package check_test

import (
	"reflect"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures/ruletest"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// TestKeepTablesBelow: with KeepTables, a sheet over KeepTablesBelow is
// checked as it streams past, exactly as without KeepTables, keeps no
// rows, and gets one warning saying so; the other sheets are kept.
func TestKeepTablesBelow(t *testing.T) {
	s := streamedSpec(t)
	for _, tt := range ruletest.KindCases {
		t.Run(tt.Name, func(t *testing.T) {
			file := writeBook(t, tt.Change)
			plain := check.File(s, file, check.Options{StreamAbove: -1})
			kept := check.File(s, file, check.Options{KeepTables: true, KeepTablesBelow: 1})
			var rest rules.Findings
			too := 0
			for _, f := range kept.Findings {
				if f.Rule == check.SheetTooLargeRule {
					too++
					continue
				}
				rest = append(rest, f)
			}
			if too != len(kept.NotKept) || too == 0 {
				t.Errorf("%d %s findings for NotKept %v", too, check.SheetTooLargeRule, kept.NotKept)
			}
			if !reflect.DeepEqual(rest, plain.Findings) {
				t.Errorf("findings differ\nwithout KeepTables:\n%s\nwith, none kept:\n%s", dump(plain.Findings), dump(rest))
			}
			for _, name := range kept.NotKept {
				if tab := kept.Tables[name]; tab != nil && len(tab.Rows) > 0 {
					t.Errorf("%s: %d rows kept", name, len(tab.Rows))
				}
			}
		})
	}
}
