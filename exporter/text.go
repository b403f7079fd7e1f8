package exporter

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/rapportkoll/rapportkoll/rules"
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

// WriteText writes one line per finding ("file: Sheet!D17: fel: message
// [rule]"; the messages name the expected and stated values) and a summary
// line per file, then a total when there are several files.
func WriteText(w io.Writer, results []*rules.Result, lang rules.Lang, fileName func(string) string) error {
	tw := words[lang]
	if tw.Severity == nil {
		tw = words[rules.Swedish]
	}
	var b strings.Builder
	count := map[rules.Status]int{}
	for _, res := range results {
		name := fileName(res.File)
		for _, f := range res.Findings {
			b.WriteString(name)
			if f.Ref.Sheet != "" {
				b.WriteString(": " + f.Ref.Sheet)
				if c := f.Ref.Cell(); c != "" {
					b.WriteString("!" + c)
				}
			}
			fmt.Fprintf(&b, ": %s: %s [%s]\n", tw.Severity[f.Severity], f.Message, f.Rule)
		}
		rows := 0
		for _, n := range res.RowsRead {
			rows += n
		}
		who := name
		if res.Department != "" {
			who += " (" + res.Department
			if res.Period != "" {
				who += ", " + res.Period
			}
			who += ")"
		}
		fmt.Fprintf(&b, tw.Summary+"\n", who+": "+tw.Status[res.Status],
			res.Findings.Count(rules.Error), res.Findings.Count(rules.Warning), res.Findings.Count(rules.Info), rows)
		count[res.Status]++
	}
	if len(results) > 1 {
		fmt.Fprintf(&b, tw.Total+"\n", len(results), count[rules.Accepted], count[rules.AcceptedWithWarnings],
			count[rules.Rejected], count[rules.Unreadable])
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// WriteSummary writes the table that ends a consolidation: one line per
// submission (department, file, status, errors, warnings) and where the
// outputs are.
func WriteSummary(w io.Writer, results []*rules.Result, out string, lang rules.Lang) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "Nämnd\tFil\tStatus\tFel\tVarningar")
	for _, r := range results {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\n", r.Department, base(r.File), statusWord(r.Status, lang),
			r.Findings.Count(rules.Error), r.Findings.Count(rules.Warning))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\nUtdata i %s: Sammanställning.xlsx, feedback/, report.json, manifest.json\n", out)
	return err
}

// pick chooses the Swedish or English text of a message.
func pick(lang rules.Lang, sv, en string) string {
	if lang == rules.English {
		return en
	}
	return sv
}
