package check

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"

	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// All checks the files on a pool of workers (one per core when workers is
// 0 or less) and returns their submissions in the order of files, whatever
// order the workers finish in. progress, when not nil, is called once per
// file as soon as it is checked, one call at a time, with how many files
// are done. When ctx is cancelled no further file is started: All waits
// for the files being checked and returns those checked, still in input
// order (the first files), with ctx's error.
func All(ctx context.Context, s *spec.Spec, files []string, opt Options, workers int,
	progress func(done, total int, sub *Submission)) ([]*Submission, error) {
	subs := make([]*Submission, len(files))
	var mu sync.Mutex
	done := 0
	started, err := Each(ctx, len(files), workers, func(i int) {
		subs[i] = File(s, files[i], opt)
		if progress != nil {
			mu.Lock()
			done++
			progress(done, len(files), subs[i])
			mu.Unlock()
		}
	})
	return subs[:started], err
}

// Each calls fn(i) for i from 0 to n-1 on a pool of workers (one per core
// when workers is 0 or less, never more than n), handing the indexes out
// in order, and waits for every call. When ctx is cancelled no further
// index is handed out; Each returns how many were (all of them ran) and
// ctx's error. A panic in fn is raised again on Each's caller, once every
// call has ended, so that the caller's recover sees it.
func Each(ctx context.Context, n, workers int, fn func(i int)) (int, error) {
	if workers <= 0 {
		workers = runtime.NumCPU()
	}
	var next atomic.Int64 // the next index to hand out; a worker takes it, no goroutine hands it over
	var wg sync.WaitGroup
	var mu sync.Mutex
	var panicked any // the first panic's value (never nil: panic(nil) recovers as a *runtime.PanicNilError)
	call := func(i int) {
		defer func() {
			if p := recover(); p != nil {
				mu.Lock()
				if panicked == nil {
					panicked = p
				}
				mu.Unlock()
			}
		}()
		fn(i)
	}
	defer func() {
		if panicked != nil {
			panic(panicked)
		}
	}()
	for range max(1, min(workers, n)) {
		wg.Go(func() {
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				call(i)
			}
		})
	}
	wg.Wait()
	// Indexes are taken in order and each taken one below n ran, so the
	// first started ran and no other did.
	if started := min(int(next.Load()), n); started < n {
		return started, ctx.Err()
	}
	return n, nil
}
