package exporter

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"sync"

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
	// Workers is how many results WriteAll renders at once in the text
	// format (one per core when 0 or less).
	Workers int
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

// Preparer is an Output that can make a result's part of the report
// ahead, while other files are still being checked (the text format).
type Preparer interface {
	// Prepare makes res's part of the report for WriteAll. After it, res
	// may change only by findings added and its status set (the
	// duplicates of check.CheckBatch): WriteAll makes again the part of
	// a result so changed. Safe for concurrent use.
	Prepare(res *check.Submission)
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
	one          rendered // Write's, its text reused
	mu           sync.Mutex
	ready        map[*check.Submission]prepared // Prepare's
}

// prepared is a result's text made by Prepare, and its findings' count
// and status then.
type prepared struct {
	rendered
	findings int
	status   rules.Status
}

func (t *textOutput) Prepare(res *check.Submission) {
	p := prepared{t.render(res, nil), len(res.Findings), res.Status}
	t.mu.Lock()
	if t.ready == nil {
		t.ready = map[*check.Submission]prepared{}
	}
	t.ready[res] = p
	t.mu.Unlock()
}

// take returns and forgets res's prepared text, if it is still res's.
func (t *textOutput) take(res *check.Submission) (rendered, bool) {
	t.mu.Lock()
	p, ok := t.ready[res]
	delete(t.ready, res)
	t.mu.Unlock()
	return p.rendered, ok && p.findings == len(res.Findings) && p.status == res.Status
}

func (t *textOutput) Write(res *check.Submission) error {
	t.one = t.render(res, t.one.text[:0])
	return t.put(res, t.one)
}

// rendered is one result's text and how many finding lines it has and
// how many findings those show.
type rendered struct {
	text         []byte
	lines, shown int
}

// put writes a result's text and counts it.
func (t *textOutput) put(res *check.Submission, r rendered) error {
	t.lines += r.lines
	t.shown += r.shown
	t.results = append(t.results, res)
	_, err := t.w.Write(r.text)
	return err
}

// render appends res's lines to b. It reads only t.o, so that writeAll
// can render several results at once.
func (t *textOutput) render(res *check.Submission, b []byte) rendered {
	lines, shown := 0, 0
	lang := t.o.Lang
	// Text from the workbook is escaped and shortened (Printable, Short):
	// it cannot forge a line or reach the terminal raw.
	name := Short(t.o.FileName(res.File))
	for _, g := range t.groups(res.Findings) {
		b = append(b, name...)
		if g.Ref.Sheet != "" {
			b = append(b, ": "...)
			b = append(b, Short(g.Ref.Sheet)...)
			if g.Cells != "" {
				b = append(b, '!')
				b = append(b, g.Cells...)
			}
		}
		b = append(b, ": "...)
		b = append(b, severityWord(g.Severity, lang)...)
		b = append(b, ": "...)
		b = append(b, Printable(g.Message)...)
		b = append(b, " ["...)
		b = append(b, Printable(g.Rule)...)
		b = append(b, "]\n"...)
		lines++
		shown += g.Count
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
	b = append(b, catalog.Fill(lang, "text.summary", append(counts(lang, res.Findings),
		"who", who+": "+statusWord(res.Status, lang), "rows", counted(lang, "count.rows", rows))...)...)
	b = append(b, '\n')
	return rendered{b, lines, shown}
}

// writeAll writes results as Write would one by one, rendering a chunk
// of them at a time on o.Workers goroutines (those not prepared) and
// writing each chunk in order, so that a long run's report is not made on
// one core while memory holds no more than a chunk's text beyond what
// Prepare made.
func (t *textOutput) writeAll(results []*check.Submission) error {
	const chunk = 64
	done := make([]rendered, min(chunk, len(results)))
	for start := 0; start < len(results); start += chunk {
		part := results[start:min(start+chunk, len(results))]
		_, _ = check.Each(context.Background(), len(part), t.o.Workers, func(i int) {
			if r, ok := t.take(part[i]); ok {
				done[i] = r
			} else {
				done[i] = t.render(part[i], done[i].text[:0])
			}
		})
		for i, res := range part {
			if err := t.put(res, done[i]); err != nil {
				return err
			}
		}
	}
	return t.Flush()
}

// groups are the lines of fs to show: those of at least MinSeverity, each
// its own line with AllCells, else grouped.
func (t *textOutput) groups(fs rules.Findings) []rules.Group {
	shown := fs
	if t.o.MinSeverity != 0 {
		shown = make(rules.Findings, 0, len(fs))
		for _, f := range fs {
			if f.Severity <= t.o.MinSeverity {
				shown = append(shown, f)
			}
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

// WriteAll writes results through out and flushes it. The text format
// renders them on OutputOptions.Workers goroutines, its output the same
// as Write's one by one.
func WriteAll(out Output, results []*check.Submission) error {
	if t, ok := out.(*textOutput); ok {
		return t.writeAll(results)
	}
	for _, r := range results {
		if err := out.Write(r); err != nil {
			return err
		}
	}
	return out.Flush()
}
