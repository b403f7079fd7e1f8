package store

import (
	"context"
	"database/sql"
	"encoding/json"
	"strconv"

	"github.com/rapportkoll/rapportkoll/importer"
)

// KindConsolidation is the kind of a record that says which submissions a
// consolidation used.
const KindConsolidation = "consolidation"

// Consolidation is one consolidation as stored: the period, how it was
// made and exactly which submissions it used. Its content never depends
// on the outputs' bytes, so that the chain value after it can be printed
// into the outputs.
type Consolidation struct {
	ID      int64 // position in the chain; set by AppendConsolidation
	Period  string
	Created string // UTC, as FormatTime

	SpecName, SpecVersion, ToolVersion string
	Strict                             bool

	Inputs []Input

	RecordHash, PrevChain, Chain string // set by AppendConsolidation

	rawInputs string // as stored (loadConsolidation)
}

// Input is one file a consolidation used.
type Input struct {
	// Sub is the submission appended in the same call, whose ID becomes
	// Record; nil for a file that was not stored (Record stays 0).
	Sub        *Record
	Record     int64
	File       string
	SHA256     string
	Department string
	InTotals   bool // its figures entered the totals
}

// AppendConsolidation appends the submissions subs and then the
// consolidation c, in one transaction: all of them or none. c's inputs
// that point at one of subs get its record id.
func (s *Store) AppendConsolidation(ctx context.Context, subs []*Record, c *Consolidation) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	err := s.appendAll(ctx, subs, c)
	if err != nil {
		for _, r := range subs {
			r.ID, r.Seq, r.RecordHash, r.PrevChain, r.Chain = 0, 0, "", "", ""
		}
		c.ID, c.RecordHash, c.PrevChain, c.Chain = 0, "", "", ""
		for i := range c.Inputs {
			if c.Inputs[i].Sub != nil {
				c.Inputs[i].Record = 0
			}
		}
	}
	return s.wrap(err)
}

// insertConsolidation writes c as record id, after the chain value prev.
func (s *Store) insertConsolidation(ctx context.Context, tx *sql.Tx, c *Consolidation, id int64, prev string) error {
	for i := range c.Inputs {
		in := &c.Inputs[i]
		if in.Sub != nil {
			in.Record = in.Sub.ID
		}
		in.File, in.SHA256, in.Department, c.Period = clean(in.File), clean(in.SHA256), clean(in.Department), clean(c.Period)
	}
	c.ID = id
	inputs := canonInputs(c.Inputs)
	c.RecordHash = sha256Hex(canonicalConsolidation(c, inputs))
	c.PrevChain, c.Chain = prev, NextChain(prev, c.RecordHash)
	if _, err := tx.ExecContext(ctx, s.rebind("INSERT INTO records (id, kind, record_hash, prev_chain, chain) VALUES (?, ?, ?, ?, ?)"),
		c.ID, KindConsolidation, c.RecordHash, c.PrevChain, c.Chain); err != nil {
		return err
	}
	strict := 0
	if c.Strict {
		strict = 1
	}
	_, err := tx.ExecContext(ctx, s.rebind(`INSERT INTO consolidations (record_id, period, period_key, created_at, spec_name,
		spec_version, tool_version, strict, inputs) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		c.ID, c.Period, importer.NameKey(c.Period), c.Created, clean(c.SpecName), clean(c.SpecVersion), clean(c.ToolVersion),
		strict, string(inputs))
	return err
}

// canonInput is an input in the canonical form, keys in sorted order.
type canonInput struct {
	Department string `json:"department"`
	File       string `json:"file"`
	InTotals   bool   `json:"in_totals"`
	Record     int64  `json:"record"`
	SHA256     string `json:"sha256"`
}

func canonInputs(ins []Input) []byte {
	out := make([]canonInput, len(ins))
	for i, in := range ins {
		out[i] = canonInput{Department: in.Department, File: in.File, InTotals: in.InTotals, Record: in.Record, SHA256: in.SHA256}
	}
	return encode(out)
}

// CanonicalConsolidation is the form of a consolidation that its hash
// covers, like Canonical for a submission.
func CanonicalConsolidation(c *Consolidation) []byte {
	return canonicalConsolidation(c, canonInputs(c.Inputs))
}

// canonicalConsolidation assembles the canonical form around the inputs
// as the very bytes given.
func canonicalConsolidation(c *Consolidation, inputs []byte) []byte {
	b := make([]byte, 0, len(inputs)+512)
	b = appendString(append(b, `{"created":`...), c.Created)
	b = strconv.AppendInt(append(b, `,"id":`...), c.ID, 10)
	b = append(append(b, `,"inputs":`...), inputs...)
	b = appendString(append(b, `,"kind":`...), KindConsolidation)
	b = appendString(append(b, `,"period":`...), c.Period)
	b = appendString(append(b, `,"spec":{"name":`...), c.SpecName)
	b = appendString(append(b, `,"version":`...), c.SpecVersion)
	b = strconv.AppendBool(append(b, `},"strict":`...), c.Strict)
	b = appendString(append(b, `,"tool_version":`...), c.ToolVersion)
	return append(b, '}')
}

// loadConsolidation reads a consolidation record as stored (its inputs
// are not decoded).
func (s *Store) loadConsolidation(ctx context.Context, id int64) (*Consolidation, error) {
	c := &Consolidation{}
	var kind string
	var strict int64
	err := s.db.QueryRowContext(ctx, s.rebind(`SELECT r.id, r.kind, r.record_hash, r.prev_chain, r.chain,
		c.period, c.created_at, c.spec_name, c.spec_version, c.tool_version, c.strict, c.inputs
		FROM records r JOIN consolidations c ON c.record_id = r.id WHERE r.id = ?`), id).Scan(
		&c.ID, &kind, &c.RecordHash, &c.PrevChain, &c.Chain,
		&c.Period, &c.Created, &c.SpecName, &c.SpecVersion, &c.ToolVersion, &strict, &c.rawInputs)
	if err != nil {
		return nil, err
	}
	switch strict {
	case 0:
	case 1:
		c.Strict = true
	default: // neither: it was changed, and no hash covers it
		c.RecordHash = ""
	}
	return c, nil
}

// storedConsolidationHash is the hash of a consolidation as stored.
func storedConsolidationHash(c *Consolidation) string {
	return sha256Hex(canonicalConsolidation(c, []byte(c.rawInputs)))
}

// ConsolidationSummary is one consolidation in the history.
type ConsolidationSummary struct {
	ID      int64  `json:"id"`
	Period  string `json:"period"`
	Created string `json:"created"`
	Strict  bool   `json:"strict"`
	Inputs  int    `json:"inputs"` // how many files it used
	Chain   string `json:"chain"`  // the chain value after it
}

// ListConsolidations returns the consolidations of period (every one when
// period is ""), oldest first.
func (s *Store) ListConsolidations(ctx context.Context, period string) ([]ConsolidationSummary, error) {
	q := `SELECT c.record_id, c.period, c.created_at, c.strict, c.inputs, r.chain
		FROM consolidations c JOIN records r ON r.id = c.record_id`
	var args []any
	if period != "" {
		q, args = q+" WHERE c.period_key = ?", append(args, importer.NameKey(period))
	}
	rows, err := s.db.QueryContext(ctx, s.rebind(q+" ORDER BY c.record_id"), args...)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	out := []ConsolidationSummary{}
	for rows.Next() {
		var m ConsolidationSummary
		var strict int64
		var inputs string
		if err := rows.Scan(&m.ID, &m.Period, &m.Created, &strict, &inputs, &m.Chain); err != nil {
			return nil, s.wrap(err)
		}
		var ins []json.RawMessage
		if json.Unmarshal([]byte(inputs), &ins) == nil { // a changed one shows 0; verify names it
			m.Inputs = len(ins)
		}
		m.Strict = strict == 1
		out = append(out, m)
	}
	return out, s.wrap(rows.Err())
}
