package exporter

import (
	"path/filepath"
	"strings"

	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// Run is one consolidation: the spec, every submission's result (with its
// tables) in a stable order, and how totals are made.
type Run struct {
	Spec    *spec.Spec
	Results []*check.Submission
	// Strict leaves rejected submissions out of the totals.
	Strict  bool
	Version string // the tool's version, for the manifest
	Lang    rules.Lang
	// Workers is how many feedback workbooks are built at once (0: all cores).
	Workers int
}

// InTotals reports whether a submission's figures enter the municipality
// totals, and if not, why (in Swedish, for Översikt).
func (run Run) InTotals(r *check.Submission) (bool, string) {
	switch {
	case r.Status == rules.Unreadable:
		return false, "oläsbar"
	case r.Duplicate():
		return false, "inlämnad två gånger"
	case r.OtherPeriod():
		return false, "annan period"
	case run.Strict && r.Status == rules.Rejected:
		return false, "avvisad (--strict)"
	case len(r.NotKept) > 0:
		return false, "för stort för sammanställningen: " + strings.Join(r.NotKept, ", ")
	}
	return true, ""
}

// statusWord names a status in the user's language.
func statusWord(s rules.Status, lang rules.Lang) string {
	tw := words[lang]
	if tw.Status == nil {
		tw = words[rules.Swedish]
	}
	return tw.Status[s]
}

func base(p string) string { return filepath.Base(p) }
