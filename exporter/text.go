package exporter

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"

	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// WriteText writes the text report of results (textOutput): one line per
// finding, a summary line per file, a total when there are several.
// fileName (base names when nil) may be called from several goroutines.
func WriteText(w io.Writer, results []*check.Submission, lang rules.Lang, fileName func(string) string) error {
	out, err := NewOutput("text", w, OutputOptions{Lang: lang, FileName: fileName})
	if err != nil {
		return err
	}
	return WriteAll(out, results)
}

// WriteSummary writes the table that ends a consolidation: one line per
// submission (department, file, status, errors, warnings), how many got
// each status, and where the outputs are.
func WriteSummary(w io.Writer, results []*check.Submission, out string, lang rules.Lang) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, tr(lang, "summary.header"))
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\n", Short(r.Department), Short(base(r.File)), statusWord(r.Status, lang),
			r.Findings.Count(rules.Error), r.Findings.Count(rules.Warning))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprint(w, "\n"+statusTotals(lang, results)+"\n"+catalog.Fill(lang, "summary.outputs", "dir", Printable(out))+"\n")
	return err
}

// statusTotals is how many submissions got each status ("Totalt 13
// filer: 2 godkända, ..."), or the one's status ("1 fil: avvisad.").
func statusTotals(lang rules.Lang, results []*check.Submission) string {
	if len(results) == 1 {
		return catalog.Fill(lang, "summary.total.one", "status", statusWord(results[0].Status, lang))
	}
	n := map[rules.Status]int{}
	for _, r := range results {
		n[r.Status]++
	}
	return catalog.Fill(lang, "text.total", "n", strconv.Itoa(len(results)),
		"accepted", strconv.Itoa(n[rules.Accepted]), "warnings", strconv.Itoa(n[rules.AcceptedWithWarnings]),
		"rejected", strconv.Itoa(n[rules.Rejected]), "unreadable", strconv.Itoa(n[rules.Unreadable]))
}

// tr returns the catalogue's text of key in lang.
func tr(lang rules.Lang, key string) string { return catalog.Get(lang, key) }

// statusWord names a status in the user's language (catalogue key
// "status.<status>").
func statusWord(s rules.Status, lang rules.Lang) string {
	if s == "" {
		return ""
	}
	return tr(lang, "status."+string(s))
}

// severityWord names a severity in the user's language (catalogue key
// "severity.<severity>").
func severityWord(s rules.Severity, lang rules.Lang) string {
	if s == 0 {
		return ""
	}
	return tr(lang, "severity."+s.String())
}

// counted is "3 errors", "1 error" (or "1 fel"): key's text for n, the
// ".one" form for 1 when the catalogue has one.
func counted(lang rules.Lang, key string, n int) string {
	if n == 1 && catalog.Has(key+".one") {
		key += ".one"
	}
	return catalog.Fill(lang, key, "n", strconv.Itoa(n))
}

// counts are the "{errors}, {warnings}, {info}" of a status line.
func counts(lang rules.Lang, fs rules.Findings) []string {
	return []string{"errors", counted(lang, "count.errors", fs.Count(rules.Error)),
		"warnings", counted(lang, "count.warnings", fs.Count(rules.Warning)),
		"info", counted(lang, "count.info", fs.Count(rules.Info))}
}
