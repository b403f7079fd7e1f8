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
		return &textOutput{w: w, o: o, count: map[rules.Status]int{}}, nil
	case "json":
		return &jsonOutput{w: w, o: o}, nil
	}
	return nil, fmt.Errorf("okänt format %q (%s)", format, strings.Join(Formats, " eller "))
}

// textOutput writes one line per finding ("file: Sheet!D17: fel: message
// [rule]") and a summary line per file as each comes, then a total when
// there were several files.
type textOutput struct {
	w     io.Writer
	o     OutputOptions
	count map[rules.Status]int
	n     int
}

func (t *textOutput) Write(res *check.Submission) error {
	lang := t.o.Lang
	var b strings.Builder
	// Text from the workbook is escaped and shortened (Printable, Short):
	// it cannot forge a line or reach the terminal raw.
	name := Short(t.o.FileName(res.File))
	for _, f := range res.Findings {
		if t.o.MinSeverity != 0 && f.Severity > t.o.MinSeverity {
			continue
		}
		b.WriteString(name)
		if f.Ref.Sheet != "" {
			b.WriteString(": " + Short(f.Ref.Sheet))
			if c := f.Ref.Cell(); c != "" {
				b.WriteString("!" + c)
			}
		}
		fmt.Fprintf(&b, ": %s: %s [%s]\n", severityWord(f.Severity, lang), Printable(f.Message), Printable(f.Rule))
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
	t.count[res.Status]++
	t.n++
	_, err := io.WriteString(t.w, b.String())
	return err
}

func (t *textOutput) Flush() error {
	if t.n < 2 {
		return nil
	}
	_, err := io.WriteString(t.w, catalog.Fill(t.o.Lang, "text.total", "n", strconv.Itoa(t.n),
		"accepted", strconv.Itoa(t.count[rules.Accepted]), "warnings", strconv.Itoa(t.count[rules.AcceptedWithWarnings]),
		"rejected", strconv.Itoa(t.count[rules.Rejected]), "unreadable", strconv.Itoa(t.count[rules.Unreadable]))+"\n")
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
