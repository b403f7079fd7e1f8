package check_test

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"

	"github.com/rapportkoll/rapportkoll/rules/check"
)

// TestEach: every index runs once, on at most the given workers; a
// cancelled context hands out none.
func TestEach(t *testing.T) {
	for _, workers := range []int{-1, 0, 1, 3, 50} {
		var calls [40]atomic.Int32
		var running, most atomic.Int32
		n, err := check.Each(context.Background(), len(calls), workers, func(i int) {
			r := running.Add(1)
			for m := most.Load(); r > m && !most.CompareAndSwap(m, r); m = most.Load() {
			}
			calls[i].Add(1)
			running.Add(-1)
		})
		if n != len(calls) || err != nil {
			t.Errorf("workers %d: %d handed out, %v", workers, n, err)
		}
		for i := range calls {
			if c := calls[i].Load(); c != 1 {
				t.Errorf("workers %d: index %d ran %d times", workers, i, c)
			}
		}
		if workers > 0 && int(most.Load()) > workers {
			t.Errorf("workers %d: %d ran at once", workers, most.Load())
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	n, err := check.Each(ctx, 10, 2, func(int) { t.Error("ran after cancel") })
	if n != 0 || !errors.Is(err, context.Canceled) {
		t.Errorf("cancelled: %d handed out, %v", n, err)
	}
}

// TestAll: submissions come back in input order whatever order the
// workers finish in, progress counts each file once; cancelling stops
// handing out files and returns the first files, checked.
func TestAll(t *testing.T) {
	s, names := defaultAndFixtures(t, 5)
	var files []string
	for range 3 {
		files = append(files, names...)
	}
	seen := 0
	subs, err := check.All(context.Background(), s, files, check.Options{}, 4, func(done, total int, sub *check.Submission) {
		seen++
		if done != seen || total != len(files) || sub == nil {
			t.Errorf("progress(%d, %d, %v) as call %d", done, total, sub, seen)
		}
	})
	if err != nil || len(subs) != len(files) || seen != len(files) {
		t.Fatalf("%d submissions, %d progress calls, %v; want %d", len(subs), seen, err, len(files))
	}
	for i, sub := range subs {
		if sub.File != files[i] {
			t.Errorf("submission %d is %s, want %s", i, sub.File, files[i])
		}
	}

	ctx, cancel := context.WithCancel(context.Background())
	subs, err = check.All(ctx, s, files, check.Options{}, 1, func(int, int, *check.Submission) { cancel() })
	if !errors.Is(err, context.Canceled) || len(subs) == 0 || len(subs) >= len(files) {
		t.Fatalf("cancelled: %d of %d submissions, %v", len(subs), len(files), err)
	}
	for i, sub := range subs {
		if sub == nil || sub.File != files[i] {
			t.Errorf("cancelled: submission %d is %v, want %s", i, sub, files[i])
		}
	}
}

// TestEachPanic: a panic in one call is raised again on Each's caller,
// after every other call has run, so that the caller's recover turns it
// into an error instead of the process ending on a worker.
func TestEachPanic(t *testing.T) {
	for _, workers := range []int{1, 2, 4} {
		var calls atomic.Int32
		got := func() (p any) {
			defer func() { p = recover() }()
			_, _ = check.Each(context.Background(), 20, workers, func(i int) {
				calls.Add(1)
				if i == 3 {
					panic("call 3")
				}
			})
			return nil
		}()
		if got != "call 3" || calls.Load() != 20 {
			t.Errorf("workers %d: recovered %v after %d calls, want \"call 3\" after 20", workers, got, calls.Load())
		}
	}
}
