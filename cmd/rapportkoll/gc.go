package main

import (
	"os"
	"runtime/debug"
)

// collector is how a command paces Go's garbage collector: its GOGC
// (percent) and its soft memory limit (bytes). GOGC and GOMEMLIMIT, when
// set, are used instead (README, "Performance").
type collector struct {
	percent int
	limit   int64
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
// within 2 MiB of its 64 MiB target.)
var checkCollector = collector{percent: 400, limit: 28 << 20}

func (c collector) apply() {
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(c.limit)
	}
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(c.percent)
	}
}
