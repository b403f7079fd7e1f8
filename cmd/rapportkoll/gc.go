package main

import (
	"os"
	"runtime/debug"
	"runtime/metrics"
	"sync"
)

// collector is how a command paces Go's garbage collector: its GOGC
// (percent) and its soft memory limit (bytes). GOGC and GOMEMLIMIT, when
// set, are used instead (README, "Performance").
type collector struct {
	percent int
	limit   int64
	// followLive raises the limit by what is live as files are checked
	// (keptGrew): a check keeps each file's report, and a fixed limit
	// that the reports come near makes the collector run again and
	// again.
	followLive bool
}

// consolidateCollector: a consolidation keeps every submission's tables
// while the combined workbook is built. The heap may grow to three times
// what is live before a collection (Go's default, 100, collected 48 times
// over the 1,000 generated departments, 11 % of the CPU), and the soft
// limit keeps it from doing so once it is large: it is soft, so a larger
// batch still runs, with more collection.
var consolidateCollector = collector{percent: 200, limit: 256 << 20}

// checkCollector: check and submit keep little alive (a workbook is let go
// when its report is made, a large sheet streams past) but allocate much,
// so at Go's default the collector ran on every few megabytes allocated:
// 38 times for the 1,000 generated departments, 164 for the 1,000,000-row
// sheet. The heap may grow to five times what is live, up to the soft
// limit, which keeps a check's memory about where it was: 28 and 52
// collections. (The limit counts all of Go's memory, not the shared-string
// table held outside it: at 32 MiB the 1,000,000-row check's peak came
// within 2 MiB of its 64 MiB target.) What is live grows by each file's
// report, about 10 KiB for a generated department, so the limit follows
// it: with 28 MiB fixed, 3,000 departments were collected 185 times and
// took 2.2 s instead of 1.0.
var checkCollector = collector{percent: 400, limit: 28 << 20, followLive: true}

// pacing is the collector applied, for keptGrew.
var pacing struct {
	sync.Mutex
	c     collector
	calls int
}

func (c collector) apply() {
	userLimit := os.Getenv("GOMEMLIMIT") != ""
	pacing.Lock()
	pacing.c, pacing.calls = c, 0
	pacing.c.followLive = c.followLive && !userLimit
	pacing.Unlock()
	if !userLimit {
		debug.SetMemoryLimit(c.limit)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(c.percent)
	}
}

// keptGrew is called as each file's check ends: with followLive, every
// 16 files the limit becomes the collector's limit plus the heap that
// the last collection found live.
func keptGrew() {
	pacing.Lock()
	defer pacing.Unlock()
	if !pacing.c.followLive {
		return
	}
	if pacing.calls++; pacing.calls%16 != 0 {
		return
	}
	s := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(s)
	if s[0].Value.Kind() == metrics.KindUint64 {
		debug.SetMemoryLimit(pacing.c.limit + int64(s[0].Value.Uint64()))
	}
}
