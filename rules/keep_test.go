package rules_test

import (
	"reflect"
	"testing"

	"github.com/rapportkoll/rapportkoll/rules"
)

// TestKeepTablesBelow: with KeepTables, a sheet over KeepTablesBelow is
// checked as it streams past, exactly as without KeepTables, keeps no
// rows, and gets one warning saying so; the other sheets are kept.
func TestKeepTablesBelow(t *testing.T) {
	s := streamedSpec(t)
	for _, tt := range kindCases {
		t.Run(tt.name, func(t *testing.T) {
			file := writeBook(t, tt.change)
			plain := rules.CheckFile(s, file, rules.Options{StreamAbove: -1})
			kept := rules.CheckFile(s, file, rules.Options{KeepTables: true, KeepTablesBelow: 1})
			var rest rules.Findings
			too := 0
			for _, f := range kept.Findings {
				if f.Rule == rules.SheetTooLargeRule {
					too++
					continue
				}
				rest = append(rest, f)
			}
			if too != len(kept.NotKept) || too == 0 {
				t.Errorf("%d %s findings for NotKept %v", too, rules.SheetTooLargeRule, kept.NotKept)
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
