package check

import (
	"path/filepath"
	"slices"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// Prior turns a checked submission of last year (checked with
// Options.KeepTables) into the data the previous_year rules of this year's
// check compare with: every number of every sheet with a key column, by
// row label and column key (rules.ColumnKey). A sheet whose rows were not
// kept (too large) is left out. It returns nil for a submission that could
// not be read or names no department or period.
func Prior(s *spec.Spec, sub *Submission, origin rules.PriorOrigin, number int64) *rules.Prior {
	if sub == nil || sub.Status == rules.Unreadable || sub.Department == "" || sub.Period == "" {
		return nil
	}
	p := &rules.Prior{Department: sub.Department, Period: sub.Period, File: filepath.Base(sub.File),
		Origin: origin, Number: number}
	for i := range s.Sheets {
		sh := &s.Sheets[i]
		t := sub.Tables[sh.Name]
		if t == nil || sh.Key == "" || slices.Contains(sub.NotKept, sh.Name) || sub.Spooled[sh.Name] != nil {
			continue
		}
		key := t.Index(sh.Key)
		for _, tc := range t.Columns {
			p.HasColumn(sh.Name, rules.ColumnKey(tc))
		}
		for _, r := range t.Rows {
			if key < 0 {
				break
			}
			label := r.Values[key].Text
			for j, v := range r.Values {
				if v.Kind != importer.Number || j == key {
					continue
				}
				tc := t.Columns[j]
				p.Set(sh.Name, label, rules.ColumnKey(tc), rules.PriorValue{Num: v.Num, Decimals: tc.Spec.Decimals, Cell: t.Ref(v).Cell()})
			}
		}
	}
	return p
}

// Priors collects last year's reports from checked submissions (Prior),
// one per department and period: of two for the same, the later in subs
// wins, and the one it replaces is returned so that the caller can say so.
func Priors(s *spec.Spec, subs []*Submission) (*rules.Priors, []*rules.Prior) {
	ps := &rules.Priors{}
	var replaced []*rules.Prior
	for _, sub := range subs {
		if p := Prior(s, sub, rules.PriorFile, 0); p != nil {
			if old := ps.Add(p); old != nil {
				replaced = append(replaced, old)
			}
		}
	}
	return ps, replaced
}

// findPrior puts last year's report of the submission's department into
// priors, the file's own: from opt.Priors when it has one, else from
// opt.PriorFor.
func findPrior(priors *rules.Priors, res *Submission, opt Options) {
	p := opt.Priors.For(res.Department, res.Period)
	if prev := rules.PriorPeriod(res.Period); p == nil && prev != "" && res.Department != "" {
		p = opt.PriorFor(res.Department, prev)
	}
	if p != nil {
		priors.Add(p)
	}
}
