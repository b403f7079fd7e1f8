package check_test

import (
	"path/filepath"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// BenchmarkCheckFile reads and checks the Kommunstyrelsen fixture: every
// rule of the default spec.
func BenchmarkCheckFile(b *testing.B) {
	s, err := spec.Default()
	if err != nil {
		b.Fatal(err)
	}
	file := filepath.Join(inlamnat, "kommunstyrelsen-2023.xlsx")
	b.ReportAllocs()
	for b.Loop() {
		if r := check.File(s, file, check.Options{}); r.Status != rules.Rejected {
			b.Fatal(r.Status)
		}
	}
}

// BenchmarkEvaluate runs the rules alone on tables already read.
func BenchmarkEvaluate(b *testing.B) {
	s, _ := spec.Default()
	r := check.File(s, filepath.Join(inlamnat, "kommunstyrelsen-2023.xlsx"), check.Options{KeepTables: true})
	b.ReportAllocs()
	for b.Loop() {
		rules.Evaluate(s, r.Tables, rules.SessionOptions{Lang: rules.Swedish})
	}
}

// BenchmarkCheckLargeSheet reads and checks a generated Drift sheet of
// 100,000 rows, streamed: the per-row cost of `check` on a large sheet.
func BenchmarkCheckLargeSheet(b *testing.B) { benchLargeSheet(b, fixtures.LargeDriftFile) }

// BenchmarkCheckLargeSheetShared is BenchmarkCheckLargeSheet on the sheet
// as Excel writes it, its texts in shared strings.
func BenchmarkCheckLargeSheetShared(b *testing.B) { benchLargeSheet(b, fixtures.LargeDriftSharedFile) }

func benchLargeSheet(b *testing.B, write func(string, int) error) {
	s, _ := spec.Default()
	name := filepath.Join(b.TempDir(), "stor.xlsx")
	if err := write(name, 100_000); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if r := check.File(s, name, check.Options{}); r.RowsRead["Drift"] != 100_001 {
			b.Fatal(r.RowsRead)
		}
	}
}
