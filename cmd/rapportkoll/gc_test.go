package main

import (
	"runtime"
	"runtime/debug"
	"testing"
)

// TestLimitFollowsLive: with a check's collector the soft limit rises by
// what the last collection found live, every 16 files; it stays where it
// is for a consolidation's collector and when GOMEMLIMIT is set.
func TestLimitFollowsLive(t *testing.T) {
	t.Setenv("GOMEMLIMIT", "") // the runner's own settings would turn the following off
	t.Setenv("GOGC", "")
	oldLimit, oldPercent := debug.SetMemoryLimit(-1), debug.SetGCPercent(-1)
	debug.SetGCPercent(oldPercent)
	t.Cleanup(func() {
		debug.SetMemoryLimit(oldLimit)
		debug.SetGCPercent(oldPercent)
		pacing.c = collector{}
	})
	kept := make([][]byte, 64)
	for i := range kept {
		kept[i] = make([]byte, 1<<20)
	}
	runtime.GC()

	c := collector{percent: 400, limit: 28 << 20, followLive: true}
	c.apply()
	for range 15 {
		keptGrew()
	}
	if got := debug.SetMemoryLimit(-1); got != c.limit {
		t.Errorf("limit %d after 15 files, want %d (raised every 16)", got, c.limit)
	}
	keptGrew()
	if got, want := debug.SetMemoryLimit(-1), c.limit+64<<20; got < want {
		t.Errorf("limit %d after 16 files with 64 MiB live, want at least %d", got, want)
	}

	consolidateCollector.apply()
	for range 32 {
		keptGrew()
	}
	if got := debug.SetMemoryLimit(-1); got != consolidateCollector.limit {
		t.Errorf("consolidate: limit %d, want %d", got, consolidateCollector.limit)
	}

	t.Setenv("GOMEMLIMIT", "100MiB")
	debug.SetMemoryLimit(100 << 20) // as the runtime read it at start
	c.apply()
	for range 32 {
		keptGrew()
	}
	if got := debug.SetMemoryLimit(-1); got != 100<<20 {
		t.Errorf("GOMEMLIMIT=100MiB: limit %d", got)
	}
	runtime.KeepAlive(kept)
}
