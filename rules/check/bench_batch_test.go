package check_test

import (
	"path/filepath"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// BenchmarkCheckBatch checks 50 generated department workbooks one after
// the other on one goroutine: the per-file cost of `check` on a folder of
// small reports (what the batch's floor and two-core targets measure).
func BenchmarkCheckBatch(b *testing.B) {
	s, err := spec.Default()
	if err != nil {
		b.Fatal(err)
	}
	dir := b.TempDir()
	wbs, _ := fixtures.Batch(50)
	var files []string
	for _, wb := range wbs {
		name := filepath.Join(dir, wb.File)
		if err := wb.WriteFile(name); err != nil {
			b.Fatal(err)
		}
		files = append(files, name)
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, f := range files {
			if r := check.File(s, f, check.Options{}); r.Status == "" {
				b.Fatal(f, r.Status)
			}
		}
	}
}
