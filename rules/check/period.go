package check

import (
	"cmp"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
)

// OtherPeriodRule is the rule of a submission of another period than the
// consolidation's.
const OtherPeriodRule = "consolidate.other_period"

// PeriodChoice is the period of a consolidation and how it was chosen.
type PeriodChoice struct {
	Period string // as given, or as the submissions spell it most often
	Given  bool   // given with --period
	Count  int    // submissions stating it
	Others int    // submissions stating another period
}

// CheckPeriod makes a consolidation one of one period: the period given
// (--period), or when none is given the period most submissions state,
// a tie going to the latest (Helår 2023 after Delår augusti 2023 after
// Delår april 2023 after Helår 2022). Periods are compared as
// importer.NameKey (case, spaces). Each readable submission stating
// another period gets an error finding and is rejected, which keeps it out
// of the totals. A submission without a period is left alone: the reading
// rules already report the missing Info!Period.
func CheckPeriod(results []*Submission, given string, lang rules.Lang) PeriodChoice {
	choice := PeriodChoice{Period: strings.TrimSpace(given), Given: importer.NameKey(given) != ""}
	if !choice.Given {
		choice.Period = commonPeriod(results)
	}
	want := importer.NameKey(choice.Period)
	for _, r := range results {
		k := importer.NameKey(r.Period)
		if r.Status == rules.Unreadable || k == "" {
			continue
		}
		failed := k != want
		r.Checks = append(r.Checks, rules.Check{Rule: OtherPeriodRule, Evaluated: 1, Failed: b2i(failed)})
		if !failed {
			choice.Count++
			continue
		}
		choice.Others++
		r.Findings = append(r.Findings, otherPeriodFinding(r, choice, lang))
		r.Findings.Sort()
		r.Status = rules.Rejected
	}
	return choice
}

func otherPeriodFinding(r *Submission, c PeriodChoice, lang rules.Lang) rules.Finding {
	var how string
	if c.Given {
		how = catalog.Get(lang, "period.how.given")
	} else {
		how = catalog.Get(lang, "period.how.majority")
	}
	msg := strings.NewReplacer("{period}", strings.TrimSpace(r.Period), "{want}", c.Period, "{how}", how).Replace(catalog.Get(lang, "period.other"))
	ref := r.PeriodRef
	if ref.Sheet == "" {
		ref = importer.Ref{File: filepath.Base(r.File)}
	}
	return rules.Finding{Severity: rules.Error, Rule: OtherPeriodRule, Ref: ref, Message: msg,
		Expected: c.Period, Actual: strings.TrimSpace(r.Period)}
}

// commonPeriod is the period most readable submissions state, ties to the
// latest; spelt as its first submission spells it.
func commonPeriod(results []*Submission) string {
	count := map[string]int{}
	spelling := map[string]string{}
	var keys []string
	for _, r := range results {
		k := importer.NameKey(r.Period)
		if r.Status == rules.Unreadable || k == "" {
			continue
		}
		if count[k] == 0 {
			keys = append(keys, k)
			spelling[k] = strings.TrimSpace(r.Period)
		}
		count[k]++
	}
	if len(keys) == 0 {
		return ""
	}
	best := slices.MaxFunc(keys, func(a, b string) int {
		return cmp.Or(cmp.Compare(count[a], count[b]), comparePeriods(a, b))
	})
	return spelling[best]
}

var (
	yearPattern = regexp.MustCompile(`\b(19|20)\d\d\b`)
	months      = []string{"januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
		"september", "oktober", "november", "december"}
)

// comparePeriods orders two period keys in time: by year, then by the
// month a Delår ends in, a Helår after every Delår of its year; periods
// of unknown form by their text, so that the order is always the same.
func comparePeriods(a, b string) int {
	ya, pa := periodPlace(a)
	yb, pb := periodPlace(b)
	return cmp.Or(cmp.Compare(ya, yb), cmp.Compare(pa, pb), strings.Compare(a, b))
}

func periodPlace(k string) (year, part int) {
	if all := yearPattern.FindAllString(k, -1); len(all) > 0 {
		year, _ = strconv.Atoi(all[len(all)-1])
	}
	if strings.Contains(k, "helår") {
		return year, 13
	}
	for i, m := range months {
		if strings.Contains(k, m) {
			return year, i + 1
		}
	}
	return year, 0
}

// OtherPeriod reports whether the submission was flagged as of another
// period than the consolidation's.
func (r *Submission) OtherPeriod() bool {
	return slices.ContainsFunc(r.Findings, func(f rules.Finding) bool { return f.Rule == OtherPeriodRule })
}
