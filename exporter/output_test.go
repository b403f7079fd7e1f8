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
// per finding plus a summary per file and a total, the JSON one the
// report of DESIGN.md; an unknown format is an error naming the formats.
func TestOutputs(t *testing.T) {
	run := fixtureRun(t)
	findings := 0
	for _, r := range run.Results {
		findings += len(r.Findings)
	}
	for _, format := range exporter.Formats {
		t.Run(format, func(t *testing.T) {
			var b bytes.Buffer
			out, err := exporter.NewOutput(format, &b, exporter.OutputOptions{Spec: run.Spec, Lang: rules.Swedish})
			if err != nil {
				t.Fatal(err)
			}
			if err := exporter.WriteAll(out, run.Results); err != nil {
				t.Fatal(err)
			}
			switch format {
			case "text":
				lines := strings.Count(b.String(), "\n")
				if want := findings + len(run.Results) + 1; lines != want {
					t.Errorf("%d lines, want %d (findings, a summary per file, a total)", lines, want)
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
