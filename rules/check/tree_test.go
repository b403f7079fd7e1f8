package check_test

import (
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// TestCycleMessageCapped: a cycle of 15 rows names its first 10 and says
// how many more there are, in both languages.
func TestCycleMessageCapped(t *testing.T) {
	s, err := spec.Parse("test.yaml", []byte(testSpec))
	if err != nil {
		t.Fatal(err)
	}
	var rows [][]any
	for i := range 15 {
		rows = append(rows, []any{fmt.Sprintf("R%d", i), fmt.Sprintf("R%d", (i+1)%15), -1, -1, 0})
	}
	rows = append(rows, []any{"Total", nil, -1, -1, 0})
	file := writeBook(t, driftRows(rows...))
	for _, tt := range []struct {
		lang rules.Lang
		want string
	}{
		{rules.Swedish, "R0 → R1 → R2 → R3 → R4 → R5 → R6 → R7 → R8 → R9 → … och 5 till → R0."},
		{rules.English, "R0 → R1 → R2 → R3 → R4 → R5 → R6 → R7 → R8 → R9 → … and 5 more → R0."},
	} {
		var cycles []string
		for _, f := range check.File(s, file, check.Options{Lang: tt.lang}).Findings {
			if f.Rule == "d.tree" && f.Ref.Cell() == "B2" {
				cycles = append(cycles, f.Message)
			}
		}
		if len(cycles) != 1 || !strings.Contains(cycles[0], tt.want) {
			t.Errorf("%s: cycle findings %q, want one containing %q", tt.lang, cycles, tt.want)
		}
	}
}

// TestTreeParentsLimit: beyond TreeParents distinct parents a tree says
// so in a warning and leaves the rest unchecked; the parents within the
// limit are checked, kept and streamed alike.
func TestTreeParentsLimit(t *testing.T) {
	s := streamedSpec(t)
	file := writeBook(t, driftRows(
		[]any{"Root", nil, -10, -10, 0},
		[]any{"L1", "Root", -10, -10, 0}, // its one row says -7: wrong
		[]any{"L2", "L1", -7, -10, -3},   // its one row says -5: wrong, but beyond the limit
		[]any{"L3", "L2", -5, -5, 0}))
	want := []string{"error Drift!C3 d.tree", "error Drift!E3 d.tree", "warning Drift! d.tree"}
	for _, opt := range []check.Options{
		{TreeParents: 2, StreamAbove: 1 << 40},
		{TreeParents: 2, StreamAbove: -1},
		{TreeParents: 2, StreamAbove: -1, TreeNamesInMemory: 1},
	} {
		res := check.File(s, file, opt)
		var got []string
		for _, f := range res.Findings {
			if f.Rule == "d.tree" {
				got = append(got, place(f))
				if f.Severity == rules.Warning && !strings.Contains(f.Message, "Fler än 2 olika rader") {
					t.Errorf("limit message %q does not state the limit", f.Message)
				}
			}
		}
		slices.Sort(got)
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%+v: tree findings %q, want %q", opt, got, want)
		}
	}
}
