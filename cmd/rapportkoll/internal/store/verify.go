package store

import (
	"context"
	"database/sql"
)

// Why a record does not verify.
const (
	BrokenHash  = "hash"  // its content no longer matches its hash
	BrokenChain = "chain" // its chain value does not follow from the record before it
	BrokenGap   = "gap"   // records before it are missing
	BrokenOrder = "order" // its sequence number is not the next of its department and period
)

// Verification is what Verify found.
type Verification struct {
	Records int64   `json:"records"` // records checked
	Head    string  `json:"chain"`   // the chain value after the last record
	Broken  *Broken `json:"broken,omitempty"`
}

// Broken names the first record that does not verify.
type Broken struct {
	ID         int64  `json:"id"`
	Kind       string `json:"kind"`   // submission or consolidation, as the records table says
	Reason     string `json:"reason"` // one of the Broken constants
	Department string `json:"department"`
	Period     string `json:"period"`
	Seq        int64  `json:"sequence"`
	File       string `json:"file"`
}

// Verify recomputes every record's hash and the chain, oldest first, and
// stops at the first record that does not check out. An error means the
// check could not be made.
func (s *Store) Verify(ctx context.Context) (*Verification, error) {
	ids, kinds, err := s.recordIDs(ctx)
	if err != nil {
		return nil, s.wrap(err)
	}
	v := &Verification{Head: GenesisChain}
	seqs := map[[2]string]int64{}
	for i, id := range ids {
		if kinds[i] == KindConsolidation {
			c, err := s.loadConsolidation(ctx, id)
			if err != nil && err != sql.ErrNoRows {
				return nil, s.wrap(err)
			}
			reason := ""
			switch {
			case err == sql.ErrNoRows: // a record without its consolidation
				reason = BrokenHash
			case id != int64(i+1):
				reason = BrokenGap
			case storedConsolidationHash(c) != c.RecordHash:
				reason = BrokenHash
			case c.PrevChain != v.Head || NextChain(v.Head, c.RecordHash) != c.Chain:
				reason = BrokenChain
			}
			if reason != "" {
				v.Broken = &Broken{ID: id, Kind: KindConsolidation, Reason: reason}
				if c != nil {
					v.Broken.Period = c.Period
				}
				return v, nil
			}
			v.Head = c.Chain
			v.Records++
			continue
		}
		r, err := s.load(ctx, id, false)
		if err == sql.ErrNoRows { // a record without its submission
			v.Broken = &Broken{ID: id, Kind: kinds[i], Reason: BrokenHash}
			return v, nil
		}
		if err != nil {
			return nil, s.wrap(err)
		}
		broken := func(reason string) (*Verification, error) {
			v.Broken = &Broken{ID: id, Kind: kinds[i], Reason: reason, Department: r.Department, Period: r.Period, Seq: r.Seq, File: r.File}
			return v, nil
		}
		key := [2]string{r.deptKey, r.periodKey}
		switch {
		case id != int64(i+1):
			return broken(BrokenGap)
		case kinds[i] != KindSubmission || storedHash(r) != r.RecordHash:
			return broken(BrokenHash)
		case r.PrevChain != v.Head || NextChain(v.Head, r.RecordHash) != r.Chain:
			return broken(BrokenChain)
		case r.Seq != seqs[key]+1:
			return broken(BrokenOrder)
		}
		seqs[key] = r.Seq
		v.Head = r.Chain
		v.Records++
	}
	return v, nil
}

func (s *Store) recordIDs(ctx context.Context) ([]int64, []string, error) {
	rows, err := s.db.QueryContext(ctx, "SELECT id, kind FROM records ORDER BY id")
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var ids []int64
	var kinds []string
	for rows.Next() {
		var id int64
		var kind string
		if err := rows.Scan(&id, &kind); err != nil {
			return nil, nil, err
		}
		ids, kinds = append(ids, id), append(kinds, kind)
	}
	return ids, kinds, rows.Err()
}

// storedHash is the hash of a record as stored: its columns and the very
// bytes of its facts and findings.
func storedHash(r *Record) string {
	return canonicalHash(r, []byte(r.rawFacts), []byte(r.rawFindings))
}
