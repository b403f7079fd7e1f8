package importer_test

import (
	"path/filepath"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

func BenchmarkParseNumber(b *testing.B) {
	inputs := []string{"1 234", "-3 277", "−3 %", "61,7", "8,5 %", "1\u00a0234\u00a0567,89"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, _, err := importer.ParseNumber(inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkParseStored(b *testing.B) {
	inputs := []string{"-750925", "0.30000000000000004", "61.7", "-7.0000000000000007E-2"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := importer.ParseStored(inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkScanDrift reads a generated Drift sheet of 100,000 rows through
// the importer (scanner, header matching, typed values), keeping no rows:
// the per-row cost of reading that `check` pays on a large sheet.
func BenchmarkScanDrift(b *testing.B) {
	name := filepath.Join(b.TempDir(), "drift.xlsx")
	if err := fixtures.LargeDriftFile(name, 100_000); err != nil {
		b.Fatal(err)
	}
	s, _ := spec.Default()
	layout := &s.Sheet("Drift").SheetLayout
	b.ReportAllocs()
	for b.Loop() {
		wb, err := importer.Open(name, importer.Options{})
		if err != nil {
			b.Fatal(err)
		}
		n := 0
		if _, err := wb.Scan(layout, func(*importer.Table, importer.Row) { n++ }); err != nil {
			b.Fatal(err)
		}
		wb.Close()
		if n != 100_001 {
			b.Fatalf("read %d rows", n)
		}
	}
}
