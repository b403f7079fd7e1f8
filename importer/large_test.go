package importer_test

import (
	"path/filepath"
	"runtime"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// TestMillionRowsStream reads a Drift sheet of 1,000,000 rows row by row and
// checks that the heap stays small: the sheet is streamed, never loaded.
func TestMillionRowsStream(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("reads a million rows; single-threaded, so the race detector adds nothing but time")
	}
	const rows = 1_000_000
	name := filepath.Join(t.TempDir(), "stor.xlsx")
	if err := fixtures.LargeDriftFile(name, rows); err != nil {
		t.Fatal(err)
	}
	s, _ := spec.Default()
	wb, err := importer.Open(name, importer.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	runtime.GC()
	var ms runtime.MemStats
	var peak uint64
	n := 0
	_, err = wb.Scan(&s.Sheet("Drift").SheetLayout, func(tb *importer.Table, r importer.Row) {
		n++
		if n%100_000 == 0 {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapAlloc)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	if n != rows+1 {
		t.Errorf("read %d rows, want %d (the activities and their root)", n, rows+1)
	}
	if len(wb.Problems) != 0 {
		t.Errorf("problems: %v", wb.Problems[:min(3, len(wb.Problems))])
	}
	const limit = 64 << 20
	if peak > limit {
		t.Errorf("heap reached %d MiB while streaming, want under %d MiB", peak>>20, limit>>20)
	}
	t.Logf("%d rows, peak heap sampled %d MiB", n, peak>>20)
}
