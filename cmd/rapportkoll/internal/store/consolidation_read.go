package store

import (
	"context"
	"database/sql"
	"encoding/json"
)

// LoadConsolidation returns the consolidation at position id in the chain
// with the files it used (Inputs, without Sub), for the auditors' page; an
// error wraps ErrNotFound when there is none.
func (s *Store) LoadConsolidation(ctx context.Context, id int64) (*Consolidation, error) {
	c, err := s.loadConsolidation(ctx, id)
	if err == sql.ErrNoRows {
		return nil, &Error{Err: ErrNotFound, Where: s.where}
	}
	if err != nil {
		return nil, s.wrap(err)
	}
	var ins []canonInput
	if err := json.Unmarshal([]byte(c.rawInputs), &ins); err != nil {
		return nil, &Error{Err: ErrFailed, Where: s.where, Cause: err}
	}
	for _, in := range ins {
		c.Inputs = append(c.Inputs, Input{Record: in.Record, File: in.File, SHA256: in.SHA256,
			Department: in.Department, InTotals: in.InTotals})
	}
	return c, nil
}
