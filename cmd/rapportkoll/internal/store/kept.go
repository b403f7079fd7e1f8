package store

import (
	"context"

	"github.com/rapportkoll/rapportkoll/importer"
)

// KeptWorkbooks returns the ids of a period's submissions whose workbook
// bytes are kept (submit --keep-files, the web page's "Lämna in"), so that
// they can be checked again and consolidated.
func (s *Store) KeptWorkbooks(ctx context.Context, period string) (map[int64]bool, error) {
	return s.idSet(ctx, `SELECT record_id FROM submissions WHERE period_key = ? AND workbook IS NOT NULL`,
		importer.NameKey(period))
}
