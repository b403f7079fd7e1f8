package store

import (
	"context"
	"encoding/json"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
)

// Prior is a department's report of one period as the history holds it,
// for the comparison with the next year: the submission, and the
// consolidation it was taken from (0 when none used it).
type Prior struct {
	Record        *Record
	Consolidation int64
}

// Prior returns the department's report of period: its submission in the
// latest consolidation of period that used one (the one in the totals,
// else the last stored), else its latest accepted submission of period
// (accepted or accepted with warnings). It returns nil, and no error,
// when the history has neither.
func (s *Store) Prior(ctx context.Context, department, period string) (*Prior, error) {
	ix, err := s.priorIndex(ctx, period)
	if err != nil {
		return nil, err
	}
	return s.priorIn(ctx, ix, department)
}

// priorIndex is where every department's report of one period is in the
// history, as Prior chooses it, read in two queries for all departments
// (PriorLookup reads it once per period, not once per department).
type priorIndex struct {
	fromCons map[string][2]int64 // department key → submission, consolidation
	accepted map[string]int64    // department key → its latest accepted submission
}

func (s *Store) priorIndex(ctx context.Context, period string) (*priorIndex, error) {
	ix := &priorIndex{fromCons: map[string][2]int64{}, accepted: map[string]int64{}}
	per := importer.NameKey(period)
	if per == "" {
		return ix, nil
	}
	if err := s.priorFromConsolidations(ctx, per, ix); err != nil {
		return nil, s.wrap(err)
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT department_key, record_id, seq FROM submissions
		WHERE period_key = ? AND status IN ('accepted', 'accepted_with_warnings')`), per)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	seqs := map[string]int64{}
	for rows.Next() {
		var dept string
		var id, seq int64
		if err := rows.Scan(&dept, &id, &seq); err != nil {
			return nil, s.wrap(err)
		}
		if seq > seqs[dept] {
			seqs[dept], ix.accepted[dept] = seq, id
		}
	}
	return ix, s.wrap(rows.Err())
}

// priorIn is the department's report in ix: from the latest
// consolidation that used one, else its latest accepted submission; nil
// when there is neither.
func (s *Store) priorIn(ctx context.Context, ix *priorIndex, department string) (*Prior, error) {
	dept := importer.NameKey(department)
	if dept == "" {
		return nil, nil
	}
	var id, cons int64
	if c, ok := ix.fromCons[dept]; ok {
		id, cons = c[0], c[1]
	} else if id = ix.accepted[dept]; id == 0 {
		return nil, nil
	}
	r, err := s.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	return &Prior{Record: r, Consolidation: cons}, nil
}

// priorFromConsolidations finds, for every department, its submission in
// the latest consolidation of the period that used one: the one in the
// totals, else the last stored.
func (s *Store) priorFromConsolidations(ctx context.Context, per string, ix *priorIndex) error {
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT record_id, inputs FROM consolidations
		WHERE period_key = ? ORDER BY record_id DESC`), per)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var cons int64
		var raw string
		if err := rows.Scan(&cons, &raw); err != nil {
			return err
		}
		var ins []canonInput
		if json.Unmarshal([]byte(raw), &ins) != nil {
			continue // changed behind the triggers' back; verify names it
		}
		found, inTotals := map[string]int64{}, map[string]int64{}
		for _, in := range ins {
			dept := importer.NameKey(in.Department)
			if in.Record == 0 {
				continue
			}
			switch {
			case in.InTotals && (inTotals[dept] == 0 || in.Record > inTotals[dept]):
				inTotals[dept] = in.Record
			case in.Record > found[dept]:
				found[dept] = in.Record
			}
		}
		for dept, id := range found {
			if _, done := ix.fromCons[dept]; !done && inTotals[dept] == 0 {
				ix.fromCons[dept] = [2]int64{id, cons}
			}
		}
		for dept, id := range inTotals {
			if _, done := ix.fromCons[dept]; !done {
				ix.fromCons[dept] = [2]int64{id, cons}
			}
		}
	}
	return rows.Err()
}

// Rules turns the stored report into the data the cross-period rules
// compare with: every number by sheet, row key, column key, with its
// stated decimals and cell; the columns last year's sheets had.
func (p *Prior) Rules() *rules.Prior {
	r := p.Record
	out := &rules.Prior{Department: r.Department, Period: r.Period, File: r.File,
		Origin: rules.PriorSubmission, Number: r.Seq}
	if p.Consolidation != 0 {
		out.Origin, out.Number = rules.PriorConsolidation, p.Consolidation
	}
	for _, f := range r.Facts {
		out.HasColumn(f.Sheet, f.Column)
		if f.Kind != "number" || f.Row == "" {
			continue
		}
		v, err := decimal.NewFromString(f.Value)
		if err != nil {
			continue // not canonical decimal text: changed behind the triggers' back; verify names it
		}
		out.Set(f.Sheet, f.Row, f.Column, rules.PriorValue{Num: v, Decimals: f.Decimals, Cell: f.Cell})
	}
	return out
}
