package check

import (
	"path/filepath"
	"slices"
	"strings"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
)

// DuplicateRule is the rule of a department and period submitted twice.
const DuplicateRule = "consolidate.duplicate"

// CheckBatch adds the findings that need every submission of a run: two or
// more files for the same department and period (compared as
// importer.NameKey: NFC, invisible characters removed, spaces folded, case
// folded) are each rejected with an error naming the others, so neither is
// silently merged.
func CheckBatch(results []*Submission, lang rules.Lang) {
	groups := map[string][]*Submission{}
	var keys []string
	for _, r := range results {
		dept := importer.NameKey(r.Department)
		if r.Status == rules.Unreadable || dept == "" {
			continue
		}
		k := dept + "\x00" + importer.NameKey(r.Period)
		if groups[k] == nil {
			keys = append(keys, k)
		}
		groups[k] = append(groups[k], r)
	}
	for _, k := range keys {
		g := groups[k]
		for _, r := range g {
			var others []string
			for _, o := range g {
				if o != r {
					others = append(others, filepath.Base(o.File))
				}
			}
			r.Checks = append(r.Checks, rules.Check{Rule: DuplicateRule, Evaluated: 1, Failed: b2i(len(g) > 1)})
			if len(g) == 1 {
				continue
			}
			msg := strings.NewReplacer("{dept}", r.Department, "{period}", r.Period, "{others}", strings.Join(others, ", ")).
				Replace(catalog.Get(lang, "batch.duplicate"))
			r.Findings = append(r.Findings, rules.Finding{Severity: rules.Error, Rule: DuplicateRule,
				Ref: importer.Ref{File: filepath.Base(r.File), Sheet: r.PeriodRef.Sheet}, Message: msg})
			r.Findings.Sort()
			r.Status = rules.Rejected
		}
	}
}

// Duplicate reports whether the submission was flagged as a duplicate.
func (r *Submission) Duplicate() bool {
	return slices.ContainsFunc(r.Findings, func(f rules.Finding) bool { return f.Rule == DuplicateRule })
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
