package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"time"

	"github.com/rapportkoll/rapportkoll/importer"
)

// PeriodState is what the events of a period say now.
type PeriodState struct {
	Period      string   // as last written
	Known       bool     // a period event or a register exists
	Open        bool     // the latest period event opened it
	Changed     string   // the time of the latest period event
	Departments []string // the latest register of expected departments; nil when none
}

// SetRegister appends the register of the departments expected to submit
// for period; it replaces the earlier one (which stays in the history).
func (s *Store) SetRegister(ctx context.Context, period string, departments []string, now time.Time) error {
	if departments == nil {
		departments = []string{}
	}
	list, err := json.Marshal(departments)
	if err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err = s.writer.ExecContext(ctx, s.rebind(`INSERT INTO register_events (period, period_key, departments, created_at)
		VALUES (?, ?, ?, ?)`), period, importer.NameKey(period), string(list), FormatTime(now))
	return s.wrap(err)
}

// SetPeriodOpen appends an event that opens (open) or closes period.
func (s *Store) SetPeriodOpen(ctx context.Context, period string, open bool, now time.Time) error {
	v := 0
	if open {
		v = 1
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.writer.ExecContext(ctx, s.rebind(`INSERT INTO period_events (period, period_key, is_open, created_at)
		VALUES (?, ?, ?, ?)`), period, importer.NameKey(period), v, FormatTime(now))
	return s.wrap(err)
}

// Period returns the state of period (compared normalised, as Filter).
func (s *Store) Period(ctx context.Context, period string) (PeriodState, error) {
	key := importer.NameKey(period)
	st := PeriodState{Period: period}
	var open int
	err := s.db.QueryRowContext(ctx, s.rebind(`SELECT period, is_open, created_at FROM period_events
		WHERE period_key = ? ORDER BY id DESC LIMIT 1`), key).Scan(&st.Period, &open, &st.Changed)
	switch {
	case err == nil:
		st.Known, st.Open = true, open == 1
	case err != sql.ErrNoRows:
		return PeriodState{}, s.wrap(err)
	}
	var list string
	err = s.db.QueryRowContext(ctx, s.rebind(`SELECT departments FROM register_events
		WHERE period_key = ? ORDER BY id DESC LIMIT 1`), key).Scan(&list)
	switch {
	case err == nil:
		st.Known = true
		if err := json.Unmarshal([]byte(list), &st.Departments); err != nil {
			return PeriodState{}, &Error{Err: ErrFailed, Where: s.where, Cause: err}
		}
	case err != sql.ErrNoRows:
		return PeriodState{}, s.wrap(err)
	}
	return st, nil
}
