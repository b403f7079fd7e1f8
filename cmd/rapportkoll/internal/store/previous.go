package store

import (
	"context"
	"database/sql"
	"strings"

	"github.com/rapportkoll/rapportkoll/importer"
)

// Previous returns the submission that r replaced: the one of the same
// department and period with the highest sequence number below r's, or
// nil when r is the first. Department and period match normalised, as
// the sequence numbers count them; a file that states no department or
// no period (an unreadable one) replaces nothing.
func (s *Store) Previous(ctx context.Context, r *Record) (*Record, error) {
	if r.Seq <= 1 || strings.TrimSpace(r.Department) == "" || strings.TrimSpace(r.Period) == "" {
		return nil, nil
	}
	var id int64
	err := s.db.QueryRowContext(ctx, s.rebind(`SELECT record_id FROM submissions
		WHERE department_key = ? AND period_key = ? AND seq < ? ORDER BY seq DESC LIMIT 1`),
		importer.NameKey(r.Department), importer.NameKey(r.Period), r.Seq).Scan(&id)
	if err == sql.ErrNoRows {
		return nil, nil
	}
	if err != nil {
		return nil, s.wrap(err)
	}
	return s.Load(ctx, id)
}
