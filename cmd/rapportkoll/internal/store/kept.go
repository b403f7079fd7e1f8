package store

import (
	"context"

	"github.com/rapportkoll/rapportkoll/importer"
)

// KeptWorkbooks returns the ids of a period's submissions whose workbook
// bytes are kept (submit --keep-files, the web page's "Lämna in"), so that
// they can be checked again and consolidated.
func (s *Store) KeptWorkbooks(ctx context.Context, period string) (map[int64]bool, error) {
	rows, err := s.db.QueryContext(ctx, s.rebind(`SELECT record_id FROM submissions
		WHERE period_key = ? AND workbook IS NOT NULL`), importer.NameKey(period))
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, s.wrap(err)
		}
		out[id] = true
	}
	return out, s.wrap(rows.Err())
}
