package rules_test

import (
	"path/filepath"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

func BenchmarkParseTarget(b *testing.B) {
	inputs := []string{"≤38", ">73,5", "≥975per år", "<7,8 %", "≤ 6,9 %", "1"}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if _, err := rules.ParseTarget(inputs[i%len(inputs)]); err != nil {
			b.Fatal(err)
		}
	}
}

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
		if r := rules.CheckFile(s, file, rules.Options{}); r.Status != rules.Rejected {
			b.Fatal(r.Status)
		}
	}
}

// BenchmarkEvaluate runs the rules alone on tables already read.
func BenchmarkEvaluate(b *testing.B) {
	s, _ := spec.Default()
	r := rules.CheckFile(s, filepath.Join(inlamnat, "kommunstyrelsen-2023.xlsx"), rules.Options{KeepTables: true})
	b.ReportAllocs()
	for b.Loop() {
		rules.Evaluate(s, r.Tables, rules.SessionOptions{Lang: rules.Swedish})
	}
}

// BenchmarkCheckLargeSheet reads and checks a generated Drift sheet of
// 100,000 rows, streamed: the per-row cost of `check` on a large sheet.
func BenchmarkCheckLargeSheet(b *testing.B) {
	s, _ := spec.Default()
	name := filepath.Join(b.TempDir(), "stor.xlsx")
	if err := fixtures.LargeDriftFile(name, 100_000); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if r := rules.CheckFile(s, name, rules.Options{}); r.RowsRead["Drift"] != 100_001 {
			b.Fatal(r.RowsRead)
		}
	}
}
