// Package exporter writes what rules found: the terminal text report and
// the machine-readable report.json. It is the only package that writes
// reports and workbooks.
package exporter

import (
	"io"

	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// Report is the report.json document of DESIGN.md.
type Report struct {
	Spec        SpecID       `json:"spec"`
	Submissions []Submission `json:"submissions"`
}

// SpecID names the template spec used.
type SpecID struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Submission is one file's result.
type Submission struct {
	File       string        `json:"file"`
	SHA256     string        `json:"sha256"`
	Department string        `json:"department"`
	Period     string        `json:"period"`
	Status     rules.Status  `json:"status"`
	Findings   []Finding     `json:"findings"`
	Checks     []rules.Check `json:"checks"`
}

// Finding is a finding as written in report.json.
type Finding struct {
	Severity string `json:"severity"`
	Rule     string `json:"rule"`
	Sheet    string `json:"sheet"`
	Cell     string `json:"cell"`
	Message  string `json:"message"`
	Expected string `json:"expected,omitempty"`
	Actual   string `json:"actual,omitempty"`
}

// NewReport builds the report of a run; fileName maps a result's file to the
// name written (usually its base name).
func NewReport(s *spec.Spec, results []*check.Submission, fileName func(string) string) Report {
	r := Report{Spec: SpecID{Name: s.Name, Version: s.Version}, Submissions: make([]Submission, 0, len(results))}
	for _, res := range results {
		sub := Submission{
			File: fileName(res.File), SHA256: res.SHA256, Department: res.Department,
			Period: res.Period, Status: res.Status, Findings: make([]Finding, 0, len(res.Findings)),
			Checks: res.Checks,
		}
		if sub.Checks == nil {
			sub.Checks = []rules.Check{}
		}
		for _, f := range res.Findings {
			sub.Findings = append(sub.Findings, Finding{
				Severity: f.Severity.String(), Rule: f.Rule, Sheet: f.Ref.Sheet, Cell: f.Ref.Cell(),
				Message: f.Message, Expected: f.Expected, Actual: f.Actual,
			})
		}
		r.Submissions = append(r.Submissions, sub)
	}
	return r
}

// WriteJSON writes the report as indented JSON (AppendJSON).
func WriteJSON(w io.Writer, r Report) error {
	_, err := w.Write(AppendJSON(nil, r))
	return err
}
