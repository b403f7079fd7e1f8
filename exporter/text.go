package exporter

import (
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// TextWords are the words of the terminal report in one language.
type TextWords struct {
	Severity map[rules.Severity]string
	Status   map[rules.Status]string
	Summary  string // "%s: %d fel, %d varningar, %d info; %d rader lästa"
	Total    string // "%d filer: ..."
}

var words = map[rules.Lang]TextWords{
	rules.Swedish: {
		Severity: map[rules.Severity]string{rules.Error: "fel", rules.Warning: "varning", rules.Info: "info"},
		Status: map[rules.Status]string{rules.Unreadable: "oläsbar", rules.Rejected: "avvisad",
			rules.AcceptedWithWarnings: "godkänd med varningar", rules.Accepted: "godkänd"},
		Summary: "%s: %d fel, %d varningar, %d info; %d rader lästa",
		Total:   "Totalt %d filer: %d godkända, %d godkända med varningar, %d avvisade, %d oläsbara.",
	},
	rules.English: {
		Severity: map[rules.Severity]string{rules.Error: "error", rules.Warning: "warning", rules.Info: "info"},
		Status: map[rules.Status]string{rules.Unreadable: "unreadable", rules.Rejected: "rejected",
			rules.AcceptedWithWarnings: "accepted with warnings", rules.Accepted: "accepted"},
		Summary: "%s: %d errors, %d warnings, %d info; %d rows read",
		Total:   "In all %d files: %d accepted, %d accepted with warnings, %d rejected, %d unreadable.",
	},
}

// WriteText writes the text report of results (textOutput): one line per
// finding, a summary line per file, a total when there are several.
func WriteText(w io.Writer, results []*check.Submission, lang rules.Lang, fileName func(string) string) error {
	return WriteAll(&textOutput{w: w, o: OutputOptions{Lang: lang, FileName: fileName}, count: map[rules.Status]int{}}, results)
}

// WriteSummary writes the table that ends a consolidation: one line per
// submission (department, file, status, errors, warnings) and where the
// outputs are.
func WriteSummary(w io.Writer, results []*check.Submission, out string, lang rules.Lang) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Nämnd\tFil\tStatus\tFel\tVarningar")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\n", Short(r.Department), Short(base(r.File)), statusWord(r.Status, lang),
			r.Findings.Count(rules.Error), r.Findings.Count(rules.Warning))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\nUtdata i %s: Sammanställning.xlsx, feedback/, report.json, manifest.json\n", Printable(out))
	return err
}

// pick chooses the Swedish or English text of a message.
func pick(lang rules.Lang, sv, en string) string {
	if lang == rules.English {
		return en
	}
	return sv
}
