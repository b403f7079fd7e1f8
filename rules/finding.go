// Package rules evaluates a spec's rules over tables fed to it; it never
// reads or writes files. A Session, made from the spec and options, is fed
// sheets (Begin) and their rows (Row, End) as they are read, or whole
// tables in memory (Evaluate), and returns the findings, every rule's
// check counts and the computed assessments (Finish). A tree of a large
// sheet moves its names to storage the caller gives (SessionOptions.Spill).
// The package also holds the findings and their messages in Swedish and
// English, including those of reading problems (ProblemFinding). Opening
// and reading a source, and the run over many, are rules/check's.
package rules

import (
	"fmt"
	"slices"
	"strings"

	"github.com/rapportkoll/rapportkoll/importer"
)

// Severity of a finding. The zero value is invalid.
type Severity uint8

// Severities, most severe first.
const (
	Error Severity = iota + 1
	Warning
	Info
)

// String gives the report form: "error", "warning", "info".
func (s Severity) String() string {
	switch s {
	case Error:
		return "error"
	case Warning:
		return "warning"
	case Info:
		return "info"
	}
	return "invalid"
}

// MarshalText makes severities JSON strings.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// ParseSeverity accepts "error", "warning" and "info" (also the Swedish
// "fel", "varning").
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "error", "fel":
		return Error, nil
	case "warning", "varning":
		return Warning, nil
	case "info":
		return Info, nil
	}
	return 0, fmt.Errorf("okänd allvarlighet %q (error, warning eller info)", s)
}

// Finding is one result of one rule at one place, like a compiler
// diagnostic.
type Finding struct {
	Severity Severity
	Rule     string       // stable id, e.g. "drift.avvikelse_procent"
	Ref      importer.Ref // the cell, row or sheet
	Message  string       // in the user's language; says what to do
	Expected string       // where the rule computes a value
	Actual   string       // the stated value
}

// Findings is a list of findings; nil is a valid empty list.
type Findings []Finding

// HasErrors reports whether any finding is an error.
func (fs Findings) HasErrors() bool { return fs.Count(Error) > 0 }

// Count returns how many findings have severity s.
func (fs Findings) Count(s Severity) int {
	n := 0
	for _, f := range fs {
		if f.Severity == s {
			n++
		}
	}
	return n
}

// Sort orders findings errors first, then warnings, then info, and within
// a severity by file, sheet, row, column (numerically: D9 before D10),
// then rule: what must be fixed comes first in every list.
func (fs Findings) Sort() {
	slices.SortStableFunc(fs, func(a, b Finding) int {
		if a.Severity != b.Severity {
			return int(a.Severity) - int(b.Severity)
		}
		if a.Ref.Less(b.Ref) {
			return -1
		}
		if b.Ref.Less(a.Ref) {
			return 1
		}
		return strings.Compare(a.Rule, b.Rule)
	})
}

// Status of a submission.
type Status string

// Submission statuses.
const (
	Unreadable           Status = "unreadable"
	Rejected             Status = "rejected"
	AcceptedWithWarnings Status = "accepted_with_warnings"
	Accepted             Status = "accepted"
)

// StatusOf derives a readable submission's status from its findings.
func StatusOf(fs Findings) Status {
	switch {
	case fs.HasErrors():
		return Rejected
	case fs.Count(Warning) > 0:
		return AcceptedWithWarnings
	}
	return Accepted
}

// Check counts how often a rule was evaluated and how often it failed.
type Check struct {
	Rule      string `json:"rule"`
	Evaluated int    `json:"evaluated"`
	Failed    int    `json:"failed"`
}
