package exporter

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// BenchmarkConsolidatedLarge writes Sammanställning.xlsx of one
// submission whose Drift sheet has 100,000 rows (spooled, as consolidate
// checks it): the template sheets streamed, the totals summed as the rows
// go by. Run with -benchmem; -memprofile shows what stays live.
func BenchmarkConsolidatedLarge(b *testing.B) {
	s, err := spec.Default()
	if err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(b.TempDir(), "stor.xlsx")
	out, err := os.Create(file)
	if err != nil {
		b.Fatal(err)
	}
	if err := fixtures.LargeDrift(out, 100_000); err != nil {
		b.Fatal(err)
	}
	out.Close()
	r := check.File(s, file, check.Options{KeepTables: true, SpoolTables: true})
	defer r.Close()
	if r.Spooled["Drift"] == nil {
		b.Fatalf("Drift not spooled: %v", r.NotKept)
	}
	check.CheckBatch([]*check.Submission{r}, rules.Swedish)
	run := Run{Spec: s, Results: []*check.Submission{r}, Version: "bench"}
	b.ResetTimer()
	for range b.N {
		data, err := buildConsolidated(run)
		if err != nil {
			b.Fatal(err)
		}
		b.SetBytes(int64(len(data)))
	}
}
