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
	type index struct {
		once sync.Once
		ix   *priorIndex
		err  error
	}
	var mu sync.Mutex
	cache, indexes := map[string]*answer{}, map[string]*index{}
	return func(department, period string) *rules.Prior {
		pk := importer.NameKey(period)
		key := importer.NameKey(department) + "\x00" + pk
		mu.Lock()
		a, ok := cache[key]
		if !ok {
			a = &answer{}
			cache[key] = a
		}
		x, ok := indexes[pk]
		if !ok {
			x = &index{}
			indexes[pk] = x
		}
		mu.Unlock()
		// asked once per key, the period's index read once for all its
		// departments; the workers asking for other departments meanwhile
		// are not held up
		a.once.Do(func() {
			x.once.Do(func() { x.ix, x.err = s.priorIndex(ctx, period) })
			sp, err := x.ix, x.err
			var p *Prior
			if err == nil {
				p, err = s.priorIn(ctx, sp, department)
			}
			switch {
			case err != nil:
				if failed != nil {
					failed(department, period, err)
				}
			case p != nil:
				a.p = p.Rules()
				if found != nil {
					found(department, period, p)
				}
			}
		})
		return a.p
	}
}
