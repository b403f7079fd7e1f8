package exporter_test

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// TestOutputs: each format writes every result given, the text one line
// per group of findings (one per finding with AllCells) plus a summary per
// file, a total and, when groups hid lines, a line saying so; the JSON one
// the report of DESIGN.md; an unknown format is an error naming the
// formats.
func TestOutputs(t *testing.T) {
	run := fixtureRun(t)
	findings, groups := 0, 0
	for _, r := range run.Results {
		findings += len(r.Findings)
		groups += len(r.Findings.Grouped(rules.Swedish))
	}
	if groups == findings {
		t.Fatalf("the fixtures have no group of findings (%d findings)", findings)
	}
	for _, format := range append(exporter.Formats, "text-all") {
		t.Run(format, func(t *testing.T) {
			var b bytes.Buffer
			o := exporter.OutputOptions{Spec: run.Spec, Lang: rules.Swedish}
			groups := groups
			if format == "text-all" {
				format, o.AllCells, groups = "text", true, findings
			}
			out, err := exporter.NewOutput(format, &b, o)
			if err != nil {
				t.Fatal(err)
			}
			if err := exporter.WriteAll(out, run.Results); err != nil {
				t.Fatal(err)
			}
			switch format {
			case "text":
				lines := strings.Count(b.String(), "\n")
				want := groups + len(run.Results) + 1
				if groups < findings {
					want++
				}
				if lines != want {
					t.Errorf("AllCells=%v: %d lines, want %d (%d groups of %d findings, a summary per file, a total)", o.AllCells, lines, want, groups, findings)
				}
			case "json":
				var rep exporter.Report
				if err := json.Unmarshal(b.Bytes(), &rep); err != nil {
					t.Fatal(err)
				}
				if len(rep.Submissions) != len(run.Results) || rep.Spec.Name != run.Spec.Name {
					t.Errorf("%d submissions of spec %q, want %d of %q", len(rep.Submissions), rep.Spec.Name, len(run.Results), run.Spec.Name)
				}
			}
		})
	}
	if _, err := exporter.NewOutput("xml", &bytes.Buffer{}, exporter.OutputOptions{}); err == nil || !strings.Contains(err.Error(), "json") {
		t.Errorf("unknown format: %v", err)
	}
}

// TestWriteAllSameAsWrite: the text format's WriteAll, rendering on
// several goroutines a chunk at a time, writes byte for byte what Write
// one result at a time and Flush write, for more results than a chunk
// holds and with every option that changes the lines.
func TestWriteAllSameAsWrite(t *testing.T) {
	run := fixtureRun(t)
	var many []*check.Submission
	for len(many) < 150 {
		many = append(many, run.Results...)
	}
	for _, o := range []exporter.OutputOptions{
		{Spec: run.Spec, Lang: rules.Swedish},
		{Spec: run.Spec, Lang: rules.English, AllCells: true},
		{Spec: run.Spec, Lang: rules.Swedish, MinSeverity: rules.Warning},
	} {
		var one bytes.Buffer
		out, err := exporter.NewOutput("text", &one, o)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range many {
			if err := out.Write(r); err != nil {
				t.Fatal(err)
			}
		}
		if err := out.Flush(); err != nil {
			t.Fatal(err)
		}
		for _, workers := range []int{1, 3} {
			o.Workers = workers
			var all bytes.Buffer
			out, err := exporter.NewOutput("text", &all, o)
			if err != nil {
				t.Fatal(err)
			}
			if err := exporter.WriteAll(out, many); err != nil {
				t.Fatal(err)
			}
			if all.String() != one.String() {
				t.Errorf("%+v: WriteAll wrote %d bytes unlike Write's %d", o, all.Len(), one.Len())
			}
		}
	}
}

// TestPrepareSameAsWrite: results prepared while others are checked, some
// then made duplicates by check.CheckBatch, are written by WriteAll as
// Write writes them one by one after CheckBatch.
func TestPrepareSameAsWrite(t *testing.T) {
	run := fixtureRun(t)
	var results []*check.Submission
	for _, r := range append(slices.Clone(run.Results), run.Results[:2]...) { // the first two twice: duplicates
		c := *r
		c.Findings = slices.Clone(r.Findings)
		results = append(results, &c)
	}
	o := exporter.OutputOptions{Spec: run.Spec, Lang: rules.Swedish, Workers: 2}
	var all bytes.Buffer
	out, err := exporter.NewOutput("text", &all, o)
	if err != nil {
		t.Fatal(err)
	}
	p, ok := out.(exporter.Preparer)
	if !ok {
		t.Fatal("the text output is not a Preparer")
	}
	var wg sync.WaitGroup
	for _, r := range results {
		wg.Go(func() { p.Prepare(r) })
	}
	wg.Wait()
	check.CheckBatch(results, rules.Swedish)
	if !results[0].Duplicate() || results[2].Duplicate() {
		t.Fatalf("duplicates: first %v, third %v; want the first only", results[0].Duplicate(), results[2].Duplicate())
	}
	if err := exporter.WriteAll(out, results); err != nil {
		t.Fatal(err)
	}
	var one bytes.Buffer
	out, _ = exporter.NewOutput("text", &one, o)
	for _, r := range results {
		if err := out.Write(r); err != nil {
			t.Fatal(err)
		}
	}
	if err := out.Flush(); err != nil {
		t.Fatal(err)
	}
	if all.String() != one.String() {
		t.Errorf("prepared, WriteAll wrote\n%s\nWrite one by one\n%s", all.String(), one.String())
	}
}
