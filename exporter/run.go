package exporter

import (
	"cmp"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// Run is one consolidation: the spec, every submission's result (with its
// tables) in a stable order, and how totals are made.
type Run struct {
	Spec    *spec.Spec
	Results []*check.Submission
	// Workbooks, when set, are the bytes each result was checked from
	// (check.Bytes; consolidate --db --period, which checks the kept
	// workbooks of the history again), in the order of Results: the
	// feedback workbooks are made from them instead of the files. A nil
	// entry is read from its file.
	Workbooks [][]byte
	// Strict leaves rejected submissions out of the totals. By default
	// the totals cover every readable submission for the period, rejected
	// ones included, their errors marked in the cells and the totals that
	// sum them marked too; Översikt and each totals block say so.
	Strict  bool
	Version string // the tool's version, for the manifest
	Lang    rules.Lang
	// Workers is how many feedback workbooks are built at once (0: all cores).
	Workers int
	// Period is the period consolidated (given with --period or the one
	// most submissions state), for the provenance in Källor and the
	// manifest; "" when none is known.
	Period string
	// History, when the consolidation was recorded in the history
	// (consolidate --db), is where: manifest.json and Källor carry it.
	History *HistoryRef
	// Created is the run's date (SOURCE_DATE_EPOCH, read by cmd), the
	// workbooks' created and modified time, named in manifest.json and
	// Källor. Zero: no date anywhere, the workbooks carry a fixed time, so
	// that the same inputs give the same bytes either way.
	Created time.Time
	// Prior are the reports of last year the run compared with (sorted
	// with SortPriorInputs).
	Prior []PriorInput
}

// PriorInput is one report of last year the run compared with: a
// workbook given with --foregaende (Path, SHA256, Size) or a submission
// in the history (Record, and Consolidation when a consolidation of last
// year's period chose it). manifest.json and Källor list them, as inputs
// that change results.
type PriorInput struct {
	Path          string `json:"path,omitempty"`
	SHA256        string `json:"sha256,omitempty"`
	Size          int64  `json:"size,omitempty"`
	Department    string `json:"department"`
	Period        string `json:"period"`
	Record        int64  `json:"record,omitempty"`
	Consolidation int64  `json:"consolidation,omitempty"`
}

// SortPriorInputs orders last year's reports by path, then department,
// period and record, so that the outputs do not depend on the order the
// workers asked for them.
func SortPriorInputs(ps []PriorInput) {
	slices.SortFunc(ps, func(a, b PriorInput) int {
		return cmp.Or(strings.Compare(a.Path, b.Path), strings.Compare(a.Department, b.Department),
			strings.Compare(a.Period, b.Period), cmp.Compare(a.Record, b.Record))
	})
}

// HistoryRef names the record of a consolidation in the history and the
// chain value after it, so that a copy of the outputs holds a value the
// database cannot change afterwards.
type HistoryRef struct {
	Database string `json:"database"` // the file, or the PostgreSQL address without its password
	Record   int64  `json:"record"`
	Chain    string `json:"chain"`
}

// created is the run's date in RFC 3339 (UTC), "" when it has none.
func (run Run) created() string {
	if run.Created.IsZero() {
		return ""
	}
	return run.Created.UTC().Format(time.RFC3339)
}

// InTotals reports whether a submission's figures enter the municipality
// totals, and if not, why (in the run's language, for Översikt and the
// statements of the totals blocks). A submission without data never does.
func (run Run) InTotals(r *check.Submission) (bool, string) {
	switch {
	case r.Status == rules.Unreadable:
		return false, tr(run.Lang, "in_totals.unreadable")
	case r.Duplicate():
		return false, tr(run.Lang, "in_totals.duplicate")
	case r.OtherPeriod():
		return false, tr(run.Lang, "in_totals.other_period")
	case run.Strict && r.Status == rules.Rejected:
		return false, tr(run.Lang, "in_totals.strict")
	case len(r.NotKept) > 0:
		return false, catalog.Fill(run.Lang, "in_totals.too_large", "sheets", strings.Join(r.NotKept, ", "))
	case !hasData(r):
		return false, tr(run.Lang, "in_totals.no_data")
	}
	return true, ""
}

// hasData reports whether any row of a submission was read: a workbook
// with no data adds nothing to the totals and is said not to be in them.
func hasData(r *check.Submission) bool {
	for _, n := range r.RowsRead {
		if n > 0 {
			return true
		}
	}
	return false
}

func base(p string) string { return filepath.Base(p) }
