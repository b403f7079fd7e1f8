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
		where, args = append(where, "s.period_key = ?"), append(args, importer.NameKey(f.Period))
	}
	if f.Department != "" {
		where, args = append(where, "s.department_key = ?"), append(args, importer.NameKey(f.Department))
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
	r, err := s.load(ctx, id, true)
	if err == sql.ErrNoRows {
		return nil, &Error{Err: ErrNotFound, Where: s.where}
	}
	return r, s.wrap(err)
}

// load reads a record; decode also decodes its facts and findings.
func (s *Store) load(ctx context.Context, id int64, decode bool) (*Record, error) {
	r := &Record{}
	var workbook []byte
	var facts, findings string
	var kept bool
	err := s.db.QueryRowContext(ctx, s.rebind(`SELECT r.id, r.kind, r.record_hash, r.prev_chain, r.chain,
		s.department, s.period, s.seq, s.received_at, s.file_name, s.sha256, s.size, s.spec_name, s.spec_version,
		s.tool_version, s.status, s.errors, s.warnings, s.infos, s.report, s.workbook, s.department_key, s.period_key,
		s.facts, s.findings, s.workbook IS NOT NULL
		FROM records r JOIN submissions s ON s.record_id = r.id WHERE r.id = ?`), id).Scan(
		&r.ID, &r.Kind, &r.RecordHash, &r.PrevChain, &r.Chain,
		&r.Department, &r.Period, &r.Seq, &r.Received, &r.File, &r.SHA256, &r.Size, &r.SpecName, &r.SpecVersion,
		&r.ToolVersion, &r.Status, &r.Errors, &r.Warnings, &r.Infos, &r.Report, &workbook, &r.deptKey, &r.periodKey,
		&facts, &findings, &kept)
	if err != nil {
		return nil, err
	}
	if kept {
		// A kept workbook of 0 bytes is stored as an empty blob, which
		// reads back as nil: it was kept, and its hash covers sha256("").
		r.Workbook = append([]byte{}, workbook...)
	}
	r.rawFacts, r.rawFindings = facts, findings
	if !decode {
		return r, nil
	}
	if err := decodeParts(r, facts, findings); err != nil {
		return nil, &Error{Err: ErrFailed, Where: s.where, Cause: err}
	}
	return r, nil
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
