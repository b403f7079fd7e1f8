package store

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"slices"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// Latest is a department of a period with its latest submission: a
// department of the period's register, or one that submitted without
// being in it.
type Latest struct {
	Department string   // as the register names it, else as its latest submission states it
	Listed     bool     // in the period's register
	Sub        *Summary // its latest submission; nil when it has none
}

// LatestByDepartment is one Latest per department of the register, in
// the register's order, with its latest submission of list (List's
// order, oldest first) or none; then the departments that submitted
// without being in the register, by name. Departments compare
// normalised, as the sequence numbers count them.
func LatestByDepartment(register []string, list []Summary) []Latest {
	latest := map[string]Summary{}
	var order []string
	for _, m := range list {
		k := importer.NameKey(m.Department)
		if _, ok := latest[k]; !ok {
			order = append(order, k)
		}
		latest[k] = m // List is oldest first
	}
	out := []Latest{}
	seen := map[string]bool{}
	add := func(name string, listed bool) {
		k := importer.NameKey(name)
		if seen[k] {
			return
		}
		seen[k] = true
		l := Latest{Department: name, Listed: listed}
		if m, ok := latest[k]; ok {
			l.Sub = &m
		}
		out = append(out, l)
	}
	for _, d := range register {
		add(d, true)
	}
	var extra []string
	for _, k := range order {
		if !seen[k] {
			extra = append(extra, latest[k].Department)
		}
	}
	slices.SortFunc(extra, func(a, b string) int { return cmp.Compare(importer.NameKey(a), importer.NameKey(b)) })
	for _, d := range extra {
		add(d, false)
	}
	return out
}

// Use says whether a department's latest submission goes into the
// period's consolidation from the history, and if not, why.
type Use int

const (
	Included Use = iota // its latest submission is consolidated
	Missing             // in the register, no submission
	Unlisted            // submitted, but the period has a register without it
	NotKept             // its latest submission's workbook was not kept
)

// Planned is a department of a period and whether its latest submission
// is consolidated.
type Planned struct {
	Latest
	Use Use
}

// PlanOf says, for each department of rows, whether its latest
// submission goes into the period's consolidation: the latest submission
// of each expected department (of every department that submitted, when
// the period has no register) whose workbook is kept.
func PlanOf(ps PeriodState, rows []Latest, kept map[int64]bool) []Planned {
	plan := make([]Planned, 0, len(rows))
	for _, row := range rows {
		p := Planned{Latest: row}
		switch {
		case row.Sub == nil:
			p.Use = Missing
		case !row.Listed && len(ps.Departments) > 0:
			p.Use = Unlisted
		case !kept[row.Sub.ID]:
			p.Use = NotKept
		}
		plan = append(plan, p)
	}
	return plan
}

// Plan reads a period's state, its departments with their latest
// submissions (LatestByDepartment) and which of those the consolidation
// from the history uses (PlanOf). The web page's period and its download,
// and consolidate --db --period without files, all consolidate by it.
func (s *Store) Plan(ctx context.Context, period string) (PeriodState, []Planned, error) {
	ps, err := s.Period(ctx, period)
	if err != nil {
		return ps, nil, err
	}
	ps.Period = period
	list, err := s.List(ctx, Filter{Period: period})
	if err != nil {
		return ps, nil, err
	}
	kept, err := s.KeptWorkbooks(ctx, period)
	if err != nil {
		return ps, nil, err
	}
	return ps, PlanOf(ps, LatestByDepartment(ps.Departments, list), kept), nil
}

// ErrWorkbookChanged is the error of LoadKept for a submission whose kept
// workbook is missing or does not have the SHA-256 its record states.
var ErrWorkbookChanged = errors.New("the kept workbook does not match its record")

// LoadKept loads a submission whose workbook is kept and compares the
// workbook's SHA-256 with the record's: a workbook missing or changed in
// the database gives an error wrapping ErrWorkbookChanged (historik
// verify says more), so that it is never consolidated.
func (s *Store) LoadKept(ctx context.Context, id int64) (*Record, error) {
	rec, err := s.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(rec.Workbook)
	if rec.Workbook == nil || hex.EncodeToString(sum[:]) != rec.SHA256 {
		return rec, &Error{Err: ErrWorkbookChanged, Where: s.where}
	}
	return rec, nil
}

// Recheck checks kept submissions again from their workbooks, with the
// pipeline of check and consolidate: check.Bytes on up to workers at
// once (opt.PriorFor must then be safe for concurrent use), done called
// after each, then the batch and period checks. The results are in the
// order of recs. When ctx is cancelled, it returns the results of the
// checks begun and ctx's error, without the batch and period checks.
func Recheck(ctx context.Context, s *spec.Spec, recs []*Record, period string, opt check.Options, workers int,
	done func(*check.Submission)) ([]*check.Submission, check.PeriodChoice, error) {
	results := make([]*check.Submission, len(recs))
	started, err := check.Each(ctx, len(recs), max(1, workers), func(i int) {
		results[i] = check.Bytes(s, recs[i].File, recs[i].Workbook, opt)
		if done != nil {
			done(results[i])
		}
	})
	if err != nil {
		return results[:started], check.PeriodChoice{}, err
	}
	check.CheckBatch(results, opt.Lang)
	return results, check.CheckPeriod(results, period, opt.Lang), nil
}

// UsedInputs names the submissions recs a consolidation of their
// results used, by their records: results[i] is recs[i] checked again,
// names gives its name in the outputs (exporter.FileNames) and inTotals
// whether its figures entered the totals (exporter.Run.InTotals).
func UsedInputs(recs []*Record, results []*check.Submission, names func(string) string,
	inTotals func(*check.Submission) (bool, string)) []Input {
	inputs := make([]Input, len(recs))
	for i, res := range results {
		in, _ := inTotals(res)
		inputs[i] = Input{Record: recs[i].ID, File: names(res.File), SHA256: res.SHA256, Department: recs[i].Department, InTotals: in}
	}
	return inputs
}
