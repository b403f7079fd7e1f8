package store

import (
	"context"
	"sync"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
)

// PriorLookup returns the function the check pipeline asks for last
// year's report of a department (check.Options.PriorFor): Prior's choice
// (the latest consolidation of the period that included the department,
// else its latest accepted submission) as rules data, asked once per
// department and period and safe for the workers to call at once. found
// and failed, when not nil, are told of each answer for the log; a
// history that cannot be read gives the department the cross-period
// rules' "nothing to compare with".
func (s *Store) PriorLookup(ctx context.Context, found func(department, period string, p *Prior), failed func(department, period string, err error)) func(department, period string) *rules.Prior {
	type answer struct {
		once sync.Once
		p    *rules.Prior
	}
	var mu sync.Mutex
	cache := map[string]*answer{}
	return func(department, period string) *rules.Prior {
		key := importer.NameKey(department) + "\x00" + importer.NameKey(period)
		mu.Lock()
		a, ok := cache[key]
		if !ok {
			a = &answer{}
			cache[key] = a
		}
		mu.Unlock()
		// asked once per key; the workers asking for other departments
		// meanwhile are not held up
		a.once.Do(func() {
			sp, err := s.Prior(ctx, department, period)
			switch {
			case err != nil:
				if failed != nil {
					failed(department, period, err)
				}
			case sp != nil:
				a.p = sp.Rules()
				if found != nil {
					found(department, period, sp)
				}
			}
		})
		return a.p
	}
}
