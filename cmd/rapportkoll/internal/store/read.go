package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/rapportkoll/rapportkoll/importer"
)

// Filter selects submissions; empty fields select all.
type Filter struct {
	Period     string // compared normalised: case and spaces do not matter
	Department string
}

// Summary is one line of the history.
type Summary struct {
	ID         int64  `json:"id"`
	Department string `json:"department"`
	Period     string `json:"period"`
	Seq        int64  `json:"sequence"`
	Received   string `json:"received"`
	File       string `json:"file"`
	SHA256     string `json:"sha256"`
	Status     string `json:"status"`
	Errors     int    `json:"errors"`
	Warnings   int    `json:"warnings"`
	Infos      int    `json:"infos"`
	Chain      string `json:"chain"`
}

// List returns the submissions that match f, oldest first.
func (s *Store) List(ctx context.Context, f Filter) ([]Summary, error) {
	q := `SELECT s.record_id, s.department, s.period, s.seq, s.received_at, s.file_name, s.sha256,
		s.status, s.errors, s.warnings, s.infos, r.chain
		FROM submissions s JOIN records r ON r.id = s.record_id`
	var where []string
	var args []any
	if f.Period != "" {
		where, args = append(where, "s.period_key = ?"), append(args, importer.Normalize(f.Period))
	}
	if f.Department != "" {
		where, args = append(where, "s.department_key = ?"), append(args, importer.Normalize(f.Department))
	}
	if len(where) > 0 {
		q += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(q+" ORDER BY s.record_id"), args...)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	out := []Summary{}
	for rows.Next() {
		var m Summary
		if err := rows.Scan(&m.ID, &m.Department, &m.Period, &m.Seq, &m.Received, &m.File, &m.SHA256,
			&m.Status, &m.Errors, &m.Warnings, &m.Infos, &m.Chain); err != nil {
			return nil, s.wrap(err)
		}
		out = append(out, m)
	}
	return out, s.wrap(rows.Err())
}

// Load returns the whole record at position id in the chain, or an error
// wrapping ErrNotFound.
func (s *Store) Load(ctx context.Context, id int64) (*Record, error) {
	r, err := s.load(ctx, id)
	if err == sql.ErrNoRows {
		return nil, &Error{Err: ErrNotFound, Where: s.where}
	}
	return r, s.wrap(err)
}

func (s *Store) load(ctx context.Context, id int64) (*Record, error) {
	r := &Record{}
	var workbook []byte
	err := s.db.QueryRowContext(ctx, s.rebind(`SELECT r.id, r.kind, r.record_hash, r.prev_chain, r.chain,
		s.department, s.period, s.seq, s.received_at, s.file_name, s.sha256, s.size, s.spec_name, s.spec_version,
		s.tool_version, s.status, s.errors, s.warnings, s.infos, s.report, s.workbook
		FROM records r JOIN submissions s ON s.record_id = r.id WHERE r.id = ?`), id).Scan(
		&r.ID, &r.Kind, &r.RecordHash, &r.PrevChain, &r.Chain,
		&r.Department, &r.Period, &r.Seq, &r.Received, &r.File, &r.SHA256, &r.Size, &r.SpecName, &r.SpecVersion,
		&r.ToolVersion, &r.Status, &r.Errors, &r.Warnings, &r.Infos, &r.Report, &workbook)
	if err != nil {
		return nil, err
	}
	if workbook != nil {
		r.Workbook = workbook
	}
	if err := s.loadFacts(ctx, r); err != nil {
		return nil, err
	}
	return r, s.loadFindings(ctx, r)
}

func (s *Store) loadFacts(ctx context.Context, r *Record) error {
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT sheet, row_key, col_key, kind, value, decimals, raw, cell
		FROM facts WHERE record_id = ? ORDER BY ord`), r.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var f Fact
		if err := rows.Scan(&f.Sheet, &f.Row, &f.Column, &f.Kind, &f.Value, &f.Decimals, &f.Raw, &f.Cell); err != nil {
			return err
		}
		r.Facts = append(r.Facts, f)
	}
	return rows.Err()
}

func (s *Store) loadFindings(ctx context.Context, r *Record) error {
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT severity, rule, sheet, cell, message, expected, actual
		FROM findings WHERE record_id = ? ORDER BY ord`), r.ID)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var f Finding
		if err := rows.Scan(&f.Severity, &f.Rule, &f.Sheet, &f.Cell, &f.Message, &f.Expected, &f.Actual); err != nil {
			return err
		}
		r.Findings = append(r.Findings, f)
	}
	return rows.Err()
}

// Head returns the number of records and the chain value after the last.
func (s *Store) Head(ctx context.Context) (n int64, chain string, err error) {
	chain = GenesisChain
	err = s.db.QueryRowContext(ctx, "SELECT id, chain FROM records ORDER BY id DESC LIMIT 1").Scan(&n, &chain)
	if err == sql.ErrNoRows {
		return 0, GenesisChain, nil
	}
	return n, chain, s.wrap(err)
}

func normalize(s string) string { return importer.Normalize(s) }
