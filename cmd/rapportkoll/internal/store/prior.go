package store

import (
	"context"
	"database/sql"
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
	dept, per := importer.NameKey(department), importer.NameKey(period)
	if dept == "" || per == "" {
		return nil, nil
	}
	id, cons, err := s.priorFromConsolidation(ctx, dept, per)
	if err != nil {
		return nil, s.wrap(err)
	}
	if id == 0 {
		err := s.db.QueryRowContext(ctx, s.rebind(`SELECT record_id FROM submissions
			WHERE department_key = ? AND period_key = ? AND status IN ('accepted', 'accepted_with_warnings')
			ORDER BY seq DESC LIMIT 1`), dept, per).Scan(&id)
		if err == sql.ErrNoRows {
			return nil, nil
		}
		if err != nil {
			return nil, s.wrap(err)
		}
	}
	r, err := s.Load(ctx, id)
	if err != nil {
		return nil, err
	}
	return &Prior{Record: r, Consolidation: cons}, nil
}

// priorFromConsolidation finds the department's submission in the latest
// consolidation of the period that used one: its record and the
// consolidation's (0, 0 when there is none).
func (s *Store) priorFromConsolidation(ctx context.Context, dept, per string) (id, cons int64, err error) {
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT record_id, inputs FROM consolidations
		WHERE period_key = ? ORDER BY record_id DESC`), per)
	if err != nil {
		return 0, 0, err
	}
	defer rows.Close()
	for rows.Next() {
		var raw string
		if err := rows.Scan(&cons, &raw); err != nil {
			return 0, 0, err
		}
		var ins []canonInput
		if json.Unmarshal([]byte(raw), &ins) != nil {
			continue // changed behind the triggers' back; verify names it
		}
		var found, inTotals int64
		for _, in := range ins {
			if in.Record == 0 || importer.NameKey(in.Department) != dept {
				continue
			}
			switch {
			case in.InTotals && (inTotals == 0 || in.Record > inTotals):
				inTotals = in.Record
			case in.Record > found:
				found = in.Record
			}
		}
		if inTotals != 0 {
			return inTotals, cons, nil
		}
		if found != 0 {
			return found, cons, nil
		}
	}
	return 0, 0, rows.Err()
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
