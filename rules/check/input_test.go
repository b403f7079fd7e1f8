package check_test

import (
	"fmt"
	"maps"
	"path/filepath"
	"slices"
	"testing"

	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// describe is every finding of a submission, its department and period,
// and the rows of its tables, as text.
func describe(sub *check.Submission) string {
	out := fmt.Sprintf("%s %s %s\n", sub.Department, sub.Period, sub.Status)
	for _, f := range sub.Findings {
		out += fmt.Sprintf("%s %s %s!%s %q %q %q\n", f.Severity, f.Rule, f.Ref.Sheet, f.Ref.Cell(), f.Message, f.Expected, f.Actual)
	}
	for _, name := range slices.Sorted(maps.Keys(sub.Tables)) {
		t := sub.Tables[name]
		out += fmt.Sprintf("%s %s header %d\n", name, t.Sheet, t.HeaderRow)
		for _, r := range t.Rows {
			out += fmt.Sprintf("%d %v\n", r.Num, r.Values)
		}
	}
	return out
}

// TestInputBuffersReused: File reads each file into a buffer that the
// next file reuses; what a submission holds is its own, unchanged by the
// files checked after it.
func TestInputBuffersReused(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	var subs []*check.Submission
	var want []string
	for _, name := range []string{"kommunstyrelsen-2023.xlsx", "grundskolenamnden-2023.xlsx", "kultur-och-fritidsnamnden-2023.xlsx", "kommunstyrelsen-2023.xlsx"} {
		sub := check.File(s, filepath.Join(inlamnat, name), check.Options{KeepTables: true})
		subs = append(subs, sub)
		want = append(want, describe(sub))
	}
	for i, sub := range subs {
		if got := describe(sub); got != want[i] {
			t.Errorf("submission %d changed after the files checked after it:\n%s\nwas\n%s", i, got, want[i])
		}
	}
	if want[0] != want[3] {
		t.Errorf("the same file checked again gives\n%s\nwant\n%s", want[3], want[0])
	}
}
