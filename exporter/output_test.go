package exporter_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/rules"
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
