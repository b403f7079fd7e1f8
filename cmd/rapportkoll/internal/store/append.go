package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/rapportkoll/rapportkoll/importer"
)

// Append adds a submission at the end of the history, in one write
// transaction: it gets the next position in the chain and the next
// sequence number of its (department, period), its hash and its chain
// value, and all its rows, or nothing at all. The fields Append sets are
// filled in on r.
func (s *Store) Append(ctx context.Context, r *Record) error {
	err := s.append(ctx, r)
	if err != nil {
		r.ID, r.Seq, r.RecordHash, r.PrevChain, r.Chain = 0, 0, "", "", ""
	}
	return s.wrap(err)
}

func (s *Store) append(ctx context.Context, r *Record) error {
	// On SQLite the writer's transactions begin IMMEDIATE (the _txlock of
	// the address): the write lock is taken at BEGIN, so two appends never
	// read the same chain head.
	tx, err := s.writer.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if s.dialect == Postgres {
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
	dept, period := importer.Normalize(r.Department), importer.Normalize(r.Period)
	var seq int64
	err = tx.QueryRowContext(ctx, s.rebind("SELECT COALESCE(MAX(seq), 0) FROM submissions WHERE department_key = ? AND period_key = ?"),
		dept, period).Scan(&seq)
	if err != nil {
		return err
	}
	r.Kind = KindSubmission
	r.ID, r.Seq = lastID+1, seq+1
	r.RecordHash = RecordHash(r)
	r.PrevChain, r.Chain = prev, NextChain(prev, r.RecordHash)
	if _, err := tx.ExecContext(ctx, s.rebind("INSERT INTO records (id, kind, record_hash, prev_chain, chain) VALUES (?, ?, ?, ?, ?)"),
		r.ID, r.Kind, r.RecordHash, r.PrevChain, r.Chain); err != nil {
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
	if _, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO submissions (record_id, department, department_key, period, period_key, seq,
		received_at, file_name, sha256, size, spec_name, spec_version, tool_version, status, errors, warnings, infos, report, workbook)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		r.ID, r.Department, dept, r.Period, period, r.Seq, r.Received, r.File, r.SHA256, r.Size,
		r.SpecName, r.SpecVersion, r.ToolVersion, r.Status, r.Errors, r.Warnings, r.Infos, report, workbook); err != nil {
		return err
	}
	if err := s.insertFacts(ctx, tx, r); err != nil {
		return err
	}
	if err := s.insertFindings(ctx, tx, r); err != nil {
		return err
	}
	if s.opt.beforeSave != nil {
		s.opt.beforeSave()
	}
	return tx.Commit()
}

// batch is how many rows one INSERT carries.
const batch = 200

func (s *Store) insertFacts(ctx context.Context, tx *sql.Tx, r *Record) error {
	const cols = "INSERT INTO facts (record_id, ord, sheet, row_key, col_key, kind, value, decimals, raw, cell) VALUES "
	return insertRows(ctx, tx, s, cols, 10, len(r.Facts), func(i int, args []any) []any {
		f := r.Facts[i]
		return append(args, r.ID, i, f.Sheet, f.Row, f.Column, f.Kind, f.Value, f.Decimals, f.Raw, f.Cell)
	})
}

func (s *Store) insertFindings(ctx context.Context, tx *sql.Tx, r *Record) error {
	const cols = "INSERT INTO findings (record_id, ord, severity, rule, sheet, cell, message, expected, actual) VALUES "
	return insertRows(ctx, tx, s, cols, 9, len(r.Findings), func(i int, args []any) []any {
		f := r.Findings[i]
		return append(args, r.ID, i, f.Severity, f.Rule, f.Sheet, f.Cell, f.Message, f.Expected, f.Actual)
	})
}

// insertRows inserts n rows of width columns, batch rows per statement.
func insertRows(ctx context.Context, tx *sql.Tx, s *Store, head string, width, n int, row func(int, []any) []any) error {
	one := "(" + strings.TrimSuffix(strings.Repeat("?, ", width), ", ") + ")"
	var args []any
	for start := 0; start < n; start += batch {
		end := min(n, start+batch)
		args = args[:0]
		for i := start; i < end; i++ {
			args = row(i, args)
		}
		q := head + strings.TrimSuffix(strings.Repeat(one+", ", end-start), ", ")
		if _, err := tx.ExecContext(ctx, s.rebind(q), args...); err != nil {
			return err
		}
	}
	return nil
}
