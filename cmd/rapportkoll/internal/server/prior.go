package server

import (
	"context"

	"github.com/rapportkoll/rapportkoll/rules"
)

// priorFor is the check's lookup of last year's report in the history
// (store.PriorLookup), as `submit --db` and `consolidate --db` use it, so
// that a check on the page gives the same cross-period findings as the
// command line.
func (s *Server) priorFor(ctx context.Context) func(department, period string) *rules.Prior {
	return s.cfg.Store.PriorLookup(ctx, nil, func(department, period string, err error) {
		s.cfg.Log.Warn().Err(err).Str("nämnd", department).Str("period", period).
			Msg("föregående års rapport kunde inte läsas ur historiken; den jämförs inte med")
	})
}
