package server

import (
	"cmp"
	"github.com/shopspring/decimal"
	"slices"
	"strconv"
	"strings"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// resultView is the result page of a check.
type resultView struct {
	view
	File, Department, Period string
	Verdict, VerdictClass    string
	Counts                   []sheetCount
	Total                    sheetCount
	RulesPassed              int
	RulesEvaluated           int
	Findings                 findingRows
	CheckID                  string
	CanSubmit                bool
	Receipt                  *receiptView
}

type sheetCount struct {
	Sheet                   string
	Errors, Warnings, Infos int
}

type findingRow struct {
	Sheet, Cell, Severity, Class, Message, Expected, Actual string
}

// findingRows are a page's findings, errors first: the errors and
// warnings are shown, the information behind a <details> that opens.
type findingRows []findingRow

// Main are the errors and warnings.
func (fs findingRows) Main() findingRows {
	return slices.DeleteFunc(slices.Clone(fs), func(f findingRow) bool { return f.Class == "info" })
}

// Infos are the information findings.
func (fs findingRows) Infos() findingRows {
	return slices.DeleteFunc(slices.Clone(fs), func(f findingRow) bool { return f.Class != "info" })
}

// InfoCount is how many information findings there are.
func (fs findingRows) InfoCount() string { return strconv.Itoa(len(fs.Infos())) }

// verdict is the word and CSS class of a status.
func verdict(st rules.Status, lang rules.Lang) (string, string) {
	switch st {
	case rules.Accepted:
		return say(lang, "verdict.accepted"), "ok"
	case rules.AcceptedWithWarnings:
		return say(lang, "verdict.warnings"), "warn"
	case rules.Unreadable:
		return say(lang, "verdict.unread"), "bad"
	}
	return say(lang, "verdict.rejected"), "bad"
}

// newResult builds the result page of sub.
func newResult(v view, sub *check.Submission) resultView {
	lang := v.Lang
	res := resultView{view: v, File: exporter.Printable(sub.File), Department: exporter.Printable(sub.Department),
		Period: exporter.Printable(sub.Period)}
	res.Verdict, res.VerdictClass = verdict(sub.Status, lang)
	fs := slices.Clone(sub.Findings)
	fs.Sort()
	slices.SortStableFunc(fs, func(a, b rules.Finding) int { return cmp.Compare(a.Severity, b.Severity) })
	bySheet := map[string]*sheetCount{}
	for _, f := range fs {
		res.Findings = append(res.Findings, findingRow{Sheet: exporter.Printable(f.Ref.Sheet), Cell: f.Ref.Cell(),
			Severity: catalog.Get(lang, "severity."+f.Severity.String()), Class: f.Severity.String(),
			Message: f.Message, Expected: shownValue(f.Expected, lang), Actual: shownValue(f.Actual, lang)})
		name := f.Ref.Sheet
		if name == "" {
			name = say(lang, "counts.workbook")
		}
		c := bySheet[name]
		if c == nil {
			c = &sheetCount{Sheet: exporter.Printable(name)}
			bySheet[name] = c
		}
		count(c, f.Severity)
		count(&res.Total, f.Severity)
	}
	for _, c := range bySheet {
		res.Counts = append(res.Counts, *c)
	}
	slices.SortFunc(res.Counts, func(a, b sheetCount) int { return cmp.Compare(a.Sheet, b.Sheet) })
	for _, c := range sub.Checks {
		if c.Evaluated > 0 {
			res.RulesEvaluated++
			if c.Failed == 0 {
				res.RulesPassed++
			}
		}
	}
	return res
}

func count(c *sheetCount, sev rules.Severity) {
	switch sev {
	case rules.Error:
		c.Errors++
	case rules.Warning:
		c.Warnings++
	default:
		c.Infos++
	}
}

// RulesText is "12 of 14 rules checked were met".
func (r resultView) RulesText() string {
	return r.T("rules.passed", "passed", strconv.Itoa(r.RulesPassed), "evaluated", strconv.Itoa(r.RulesEvaluated))
}

// Of is "Kommunstyrelsen, Helår 2023", or what of it the workbook states.
func (r resultView) Of() string {
	var parts []string
	for _, p := range []string{r.Department, r.Period} {
		if strings.TrimSpace(p) != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ", ")
}

// shownValue is a finding's expected or stated value as the page shows it:
// a number written as in the messages ("−100 455", "61,7" in Swedish),
// other text as it is. The JSON answers keep the report's decimal text.
func shownValue(s string, lang rules.Lang) string {
	d, err := decimal.NewFromString(s)
	if err != nil || strings.ContainsAny(s, "eE") {
		return s
	}
	return rules.NumText(d, lang)
}
