package rules

import (
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// TestKeptSheets: the default spec keeps the rows of the sheets other
// sheets count, sum or look up in, and streams the rest (Drift is only
// read through its root row).
func TestKeptSheets(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	got := strings.Join(slices.Sorted(maps.Keys(KeptSheets(s))), ", ")
	want := "Indikatorer, Investeringar, Måluppfyllelse, Uppdrag"
	if got != want {
		t.Errorf("kept sheets = %s, want %s", got, want)
	}
}
