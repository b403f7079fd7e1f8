package rules

import (
	"strconv"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// targetResult is an outcome measured against a target, for rating rules.
type targetResult struct {
	sheet   string
	row     importer.Row
	met     bool
	outcome decimal.Decimal
	target  Target
	metWord string // the rule's words for met and not met
	notMet  string
}

func init() {
	registerKind(spec.KindInfo{Name: "target", Fields: []string{"column"}}, checkTarget,
		"target.parse", "target.bare", "target.previous_year",
		"target.assessment_not_met", "target.assessment_met")
}

func checkTarget(rc ruleCtx) runner {
	ti := rc.t.Index(rc.r.Column)
	if ti < 0 {
		return runner{}
	}
	return perRow(func(r importer.Row) {
		v := r.Values[ti]
		if v.Kind == importer.Empty || v.Kind == importer.Invalid {
			return
		}
		rc.evaluated()
		tg, err := ParseTarget(v.String())
		if err != nil {
			rc.fail(rc.ref(v), "target.parse", nil, "", v.String())
			return
		}
		if tg.Bare {
			rc.note(rc.ref(v), "target.bare", args{"value": numText(tg.Value, rc.e.lang)}, "", v.String())
		}
		if rc.r.Outcome != "" {
			rc.measure(r, v, tg)
		}
	})
}

// measure compares the report year's outcome (or the previous year's, said
// in a note) with the target, and the department's own assessment with the
// result.
func (rc ruleCtx) measure(r importer.Row, tv importer.Value, tg Target) {
	year := rc.e.year
	if year == 0 {
		year = rc.t.Columns[rc.t.Index(rc.r.Column)].Year
	}
	outcome, used, ok := rc.outcome(r, year)
	if !ok {
		return
	}
	if used != year {
		rc.note(rc.ref(outcome), "target.previous_year", args{"year": strconv.Itoa(year), "used": strconv.Itoa(used)}, "", outcome.Num.String())
	}
	met := tg.Met(outcome.Num)
	rc.e.targets = append(rc.e.targets, targetResult{sheet: rc.sheet.Name, row: r, met: met, outcome: outcome.Num, target: tg,
		metWord: rc.r.Met, notMet: rc.r.NotMet})
	if rc.r.Assessment == "" {
		return
	}
	av := rc.t.Value(r, rc.r.Assessment)
	if av.Kind != importer.Text {
		return
	}
	want := rc.r.NotMet
	if met {
		want = rc.r.Met
	}
	if importer.Normalize(av.Text) == importer.Normalize(want) {
		return
	}
	key := "target.assessment_not_met"
	if met {
		key = "target.assessment_met"
	}
	rc.fail(rc.ref(av), key, args{"outcome": numText(outcome.Num, rc.e.lang), "target": tg.Text(rc.e.lang),
		"year": strconv.Itoa(used), "col": rc.r.Assessment}, want, av.Text)
}

// outcome finds the outcome of year among the outcome columns, or else of
// the year before.
func (rc ruleCtx) outcome(r importer.Row, year int) (importer.Value, int, bool) {
	for _, y := range []int{year, year - 1} {
		for _, i := range rc.t.Indexes(rc.r.Outcome) {
			if rc.t.Columns[i].Year == y && r.Values[i].Kind == importer.Number {
				return r.Values[i], y, true
			}
		}
	}
	return importer.Value{}, 0, false
}

func init() {
	registerKind(spec.KindInfo{Name: "rating_vs_targets", Fields: []string{"column", "sheet", "other", "rating"},
		// The targets' outcomes, read once the other sheet is complete.
		Keeps: func(_ *spec.Sheet, r *spec.Rule) []string { return []string{r.Sheet} }}, checkRating,
		"rating")
}

func checkRating(rc ruleCtx) runner { return afterAll(func() { rc.rating() }) }

func (rc ruleCtx) rating() {
	osh := rc.e.spec.Sheet(rc.r.Sheet)
	other := rc.e.tables[osh.Name]
	if other == nil {
		return
	}
	oc := ruleCtx{e: rc.e, sheet: osh, t: other, r: rc.r}
	for _, g := range other.Rows {
		rating := other.Value(g, rc.r.Other)
		if rating.Kind != importer.Text || importer.Normalize(rating.Text) != importer.Normalize(rc.r.Rating) {
			continue
		}
		goal := oc.key(g)
		for _, res := range rc.e.targets {
			if res.sheet != rc.sheet.Name || importer.Normalize(rc.t.Value(res.row, rc.r.Column).Text) != goal {
				continue
			}
			rc.evaluated()
			if !res.met {
				rc.fail(other.Ref(rating), "rating", args{
					"rating": rating.Text, "indicator": rc.t.Value(res.row, rc.sheet.Key).Text,
					"outcome": numText(res.outcome, rc.e.lang), "target": res.target.Text(rc.e.lang),
				}, "", rating.Text)
			}
		}
	}
}
