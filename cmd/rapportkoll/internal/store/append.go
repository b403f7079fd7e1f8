package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/rapportkoll/rapportkoll/importer"
)

// Append adds a submission at the end of the history, in one write
// transaction: it gets the next position in the chain and the next
// sequence number of its (department, period), its hash and its chain
// value, and all its rows, or nothing at all. The fields Append sets are
// filled in on r.
func (s *Store) Append(ctx context.Context, r *Record) error {
	return s.AppendAll(ctx, []*Record{r})
}

// AppendAll appends several submissions, in order, in one transaction: all
// of them or none (on an error none has its fields set). One commit, one
// wait for the disk, for a whole batch.
func (s *Store) AppendAll(ctx context.Context, rs []*Record) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.appendAll(ctx, rs, nil)
	if err != nil {
		for _, r := range rs {
			r.ID, r.Seq, r.RecordHash, r.PrevChain, r.Chain = 0, 0, "", "", ""
		}
	}
	return s.wrap(err)
}

// appendAll appends rs and then, unless nil, the consolidation c.
func (s *Store) appendAll(ctx context.Context, rs []*Record, c *Consolidation) error {
	// On SQLite the writer's transactions begin IMMEDIATE (the _txlock of
	// the address): the write lock is taken at BEGIN, so two appends never
	// read the same chain head.
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.dialect == Postgres {
		// The same wait for another writer as SQLite's busy timeout.
		timeout := fmt.Sprintf("SET LOCAL lock_timeout = %d", s.opt.BusyTimeout.Milliseconds())
		if _, err := tx.ExecContext(ctx, timeout); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, "LOCK TABLE records IN EXCLUSIVE MODE"); err != nil {
			return err
		}
	}
	var lastID int64
	prev := GenesisChain
	err = tx.QueryRowContext(ctx, "SELECT id, chain FROM records ORDER BY id DESC LIMIT 1").Scan(&lastID, &prev)
	if err != nil && err != sql.ErrNoRows {
		return err
	}
	if len(rs) > 0 {
		st, err := s.prepareInserts(ctx, tx)
		if err != nil {
			return err
		}
		defer st.close()
		for _, r := range rs {
			if err := s.insert(ctx, st, r, lastID+1, prev); err != nil {
				return err
			}
			lastID, prev = r.ID, r.Chain
		}
	}
	if c != nil {
		if err := s.insertConsolidation(ctx, tx, c, lastID+1, prev); err != nil {
			return err
		}
	}
	if s.opt.beforeSave != nil {
		s.opt.beforeSave()
	}
	return tx.Commit()
}

// inserts are the statements that append a submission, prepared once per
// transaction rather than once per submission (parsing them was a tenth
// of an append's time).
type inserts struct {
	seq, record, submission *sql.Stmt
}

func (s *Store) prepareInserts(ctx context.Context, tx *sql.Tx) (*inserts, error) {
	st := &inserts{}
	for _, p := range []struct {
		stmt **sql.Stmt
		sql  string
	}{
		{&st.seq, "SELECT COALESCE(MAX(seq), 0) FROM submissions WHERE department_key = ? AND period_key = ?"},
		{&st.record, "INSERT INTO records (id, kind, record_hash, prev_chain, chain) VALUES (?, ?, ?, ?, ?)"},
		{&st.submission, `INSERT INTO submissions (record_id, department, department_key, period, period_key, seq,
		received_at, file_name, sha256, size, spec_name, spec_version, tool_version, status, errors, warnings, infos, report, workbook,
		facts, findings)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`},
	} {
		var err error
		if *p.stmt, err = tx.PrepareContext(ctx, s.rebind(p.sql)); err != nil {
			st.close()
			return nil, err
		}
	}
	return st, nil
}

func (st *inserts) close() {
	for _, s := range []*sql.Stmt{st.seq, st.record, st.submission} {
		if s != nil {
			s.Close()
		}
	}
}

// insert writes r as record id, after the chain value prev.
func (s *Store) insert(ctx context.Context, st *inserts, r *Record, id int64, prev string) error {
	dept, period := importer.NameKey(r.Department), importer.NameKey(r.Period)
	var seq int64
	if err := st.seq.QueryRowContext(ctx, dept, period).Scan(&seq); err != nil {
		return err
	}
	r.Kind = KindSubmission
	r.ID, r.Seq = id, seq+1
	facts, findings := r.canonFacts, r.canonFindings
	if facts == nil {
		facts, findings = canonParts(r)
	}
	r.RecordHash = canonicalHash(r, facts, findings)
	r.PrevChain, r.Chain = prev, NextChain(prev, r.RecordHash)
	r.canonFacts, r.canonFindings, r.reportSHA, r.workbookSHA = nil, nil, "", "" // stored below
	if _, err := st.record.ExecContext(ctx, r.ID, r.Kind, r.RecordHash, r.PrevChain, r.Chain); err != nil {
		return err
	}
	report := r.Report
	if report == nil {
		report = []byte{}
	}
	var workbook any
	if r.Workbook != nil {
		workbook = r.Workbook
	}
	_, err := st.submission.ExecContext(ctx,
		r.ID, r.Department, dept, r.Period, period, r.Seq, r.Received, r.File, r.SHA256, r.Size,
		r.SpecName, r.SpecVersion, r.ToolVersion, r.Status, r.Errors, r.Warnings, r.Infos, report, workbook,
		string(facts), string(findings))
	return err
}
