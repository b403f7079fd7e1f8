package exporter

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// BenchmarkFeedback compares the surgery with the excelize path on
// Kommunstyrelsen's workbook and on generated Drift sheets of 10,000 rows
// (under markBelow: its findings marked) and 50,000 rows (over it: copied
// as it is, its findings listed).
func BenchmarkFeedback(b *testing.B) {
	s, err := spec.Default()
	if err != nil {
		b.Fatal(err)
	}
	type input struct{ name, path string }
	inputs := []input{{"kommunstyrelsen", filepath.Join(inlamnatDir, "kommunstyrelsen-2023.xlsx")}}
	for _, rows := range []int{10_000, 50_000} {
		path := filepath.Join(b.TempDir(), "drift.xlsx")
		if err := fixtures.LargeDriftFile(path, rows); err != nil {
			b.Fatal(err)
		}
		inputs = append(inputs, input{"drift-" + strconv.Itoa(rows), path})
	}
	for _, in := range inputs {
		r := check.File(s, in.path, check.Options{KeepTables: true})
		data, err := os.ReadFile(in.path)
		if err != nil {
			b.Fatal(err)
		}
		marks := 0
		for _, fd := range r.Findings {
			if fd.Ref.Row > 0 && fd.Ref.Col > 0 {
				marks++
			}
		}
		b.Run(in.name+"/surgery", func(b *testing.B) {
			b.ReportMetric(float64(marks), "findings-on-cells")
			for b.Loop() {
				if _, err := surgery(data, r, rules.Swedish, time.Time{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(in.name+"/excelize", func(b *testing.B) {
			for b.Loop() {
				f, err := openData(data)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := markOpened(f, data, r, rules.Swedish, time.Time{}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
