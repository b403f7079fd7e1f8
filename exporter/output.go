package exporter

import (
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// Output writes the results of a check run in one format, as kubeconform's
// outputs do: Write is called once per submission, in input order, and
// Flush once at the end, for what a format holds back (the JSON document,
// the text report's total).
type Output interface {
	Write(r *check.Submission) error
	Flush() error
}

// OutputOptions are what every format needs.
type OutputOptions struct {
	Spec *spec.Spec
	Lang rules.Lang
	// FileName maps a result's file to the name shown (FileNames).
	FileName func(string) string
	// MinSeverity leaves the text report's lines of less severe findings
	// out (rules.Warning: errors and warnings); the summary lines still
	// count them, and the JSON report has them all. Zero shows all.
	MinSeverity rules.Severity
	// AllCells lists every finding on a line of its own; otherwise a
	// rule's repeated finding on one sheet is one line with its cells as
	// ranges (rules.Findings.Grouped). The JSON report always has every
	// finding.
	AllCells bool
}

// Formats are the output formats of NewOutput, the first the default.
var Formats = []string{"text", "json"}

// NewOutput returns the output of the given format writing to w.
func NewOutput(format string, w io.Writer, o OutputOptions) (Output, error) {
	if o.FileName == nil {
		o.FileName = base
	}
	switch format {
	case "text", "":
		return &textOutput{w: w, o: o}, nil
	case "json":
		return &jsonOutput{w: w, o: o}, nil
	}
	return nil, fmt.Errorf("okänt format %q (%s)", format, strings.Join(Formats, " eller "))
}

// textOutput writes one line per finding, or per group of findings
// ("file: Sheet!B4:E8: info: 12 numbers stored as text ... [rule]"), and a
// summary line per file as each comes, then a total when there were
// several files and a line saying how many findings the groups hold.
type textOutput struct {
	w       io.Writer
	o       OutputOptions
	results []*check.Submission // written so far, for the total
	// lines and shown are how many finding lines were written and how
	// many findings they show.
	lines, shown int
}

func (t *textOutput) Write(res *check.Submission) error {
	lang := t.o.Lang
	var b strings.Builder
	// Text from the workbook is escaped and shortened (Printable, Short):
	// it cannot forge a line or reach the terminal raw.
	name := Short(t.o.FileName(res.File))
	for _, g := range t.groups(res.Findings) {
		b.WriteString(name)
		if g.Ref.Sheet != "" {
			b.WriteString(": " + Short(g.Ref.Sheet))
			if g.Cells != "" {
				b.WriteString("!" + g.Cells)
			}
		}
		fmt.Fprintf(&b, ": %s: %s [%s]\n", severityWord(g.Severity, lang), Printable(g.Message), Printable(g.Rule))
		t.lines++
		t.shown += g.Count
	}
	rows := 0
	for _, n := range res.RowsRead {
		rows += n
	}
	who := name
	if res.Department != "" {
		who += " (" + Short(res.Department)
		if res.Period != "" {
			who += ", " + Short(res.Period)
		}
		who += ")"
	}
	b.WriteString(catalog.Fill(lang, "text.summary", append(counts(lang, res.Findings),
		"who", who+": "+statusWord(res.Status, lang), "rows", counted(lang, "count.rows", rows))...) + "\n")
	t.results = append(t.results, res)
	_, err := io.WriteString(t.w, b.String())
	return err
}

// groups are the lines of fs to show: those of at least MinSeverity, each
// its own line with AllCells, else grouped.
func (t *textOutput) groups(fs rules.Findings) []rules.Group {
	shown := make(rules.Findings, 0, len(fs))
	for _, f := range fs {
		if t.o.MinSeverity == 0 || f.Severity <= t.o.MinSeverity {
			shown = append(shown, f)
		}
	}
	if !t.o.AllCells {
		return shown.Grouped(t.o.Lang)
	}
	out := make([]rules.Group, len(shown))
	for i, f := range shown {
		out[i] = rules.Group{Finding: f, Count: 1, Cells: f.Ref.Cell(), Members: rules.Findings{f}}
	}
	return out
}

func (t *textOutput) Flush() error {
	var b strings.Builder
	if len(t.results) >= 2 {
		b.WriteString(statusTotals(t.o.Lang, t.results) + "\n")
	}
	if t.lines < t.shown {
		b.WriteString(catalog.Fill(t.o.Lang, "text.grouped", "lines", strconv.Itoa(t.lines), "findings", strconv.Itoa(t.shown)) + "\n")
	}
	_, err := io.WriteString(t.w, b.String())
	return err
}

// jsonOutput writes the report of DESIGN.md as one document at Flush.
type jsonOutput struct {
	w       io.Writer
	o       OutputOptions
	results []*check.Submission
}

func (j *jsonOutput) Write(res *check.Submission) error {
	j.results = append(j.results, res)
	return nil
}

func (j *jsonOutput) Flush() error {
	return WriteJSON(j.w, NewReport(j.o.Spec, slices.Clip(j.results), j.o.FileName))
}

// WriteAll writes results through out and flushes it.
func WriteAll(out Output, results []*check.Submission) error {
	for _, r := range results {
		if err := out.Write(r); err != nil {
			return err
		}
	}
	return out.Flush()
}
