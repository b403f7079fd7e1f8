package rules

import (
	"fmt"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

func init() {
	registerKind(spec.KindInfo{Name: "previous_year", Fields: []string{"column", "other"}, NeedsKey: true,
		Check: checkPreviousYearSpec}, checkPreviousYear,
		"previous_year", "previous_year.rounding", "previous_year.missing", "previous_year.none", "previous_year.no_sheet", "previous_year.unknown")
}

// checkPreviousYearSpec: both columns are numeric, of this sheet, and a
// year column (found by a year pattern, repeated) is compared with a year
// column.
func checkPreviousYearSpec(sh *spec.Sheet, r *spec.Rule) []string {
	mine, theirs := sh.Column(r.Column), sh.Column(r.Other)
	if mine == nil || theirs == nil {
		if theirs == nil && r.Other != "" {
			return []string{fmt.Sprintf("other: kolumnen %q finns inte i bladet %q", r.Other, sh.Name)}
		}
		return nil // reported with the column field
	}
	var out []string
	for _, c := range []*importer.Column{mine, theirs} {
		switch c.Type {
		case importer.TypeAmount, importer.TypeNumber, importer.TypePercent:
		default:
			out = append(out, fmt.Sprintf("regeln %q (%s): kolumnen %q är inte numerisk", r.ID, r.Kind, c.Name))
		}
	}
	if mine.Repeat != theirs.Repeat {
		out = append(out, fmt.Sprintf("regeln %q (%s): antingen båda eller ingen av %q och %q ska vara årskolumner (repeat)", r.ID, r.Kind, mine.Name, theirs.Name))
	}
	return out
}

// checkPreviousYear compares each row's figure in Column with last year's
// report (SessionOptions.Priors): the figure in Other of the row with the
// same label (or its old label, Renamed), and for year columns the same
// year's column. A figure that differs beyond rounding fails with the
// rule's severity (a warning in the default spec: restatements happen);
// one within rounding is noted. A row last year's report does not have is
// noted; a year column it did not have is not compared. With no report of
// last year one info finding says so.
func checkPreviousYear(rc ruleCtx) runner {
	idx := rc.t.Indexes(rc.r.Column)
	other := rc.sheet.Column(rc.r.Other)
	if len(idx) == 0 || other == nil {
		return runner{}
	}
	old := map[string][]string{} // this year's label → last year's labels
	for _, from := range sortedKeys(rc.r.Renamed) {
		to := importer.NameKey(rc.r.Renamed[from])
		old[to] = append(old[to], importer.NameKey(from))
	}
	seen := map[string]int{} // how many rows of each label this year so far
	var p *Prior
	resolved := false
	resolve := func() {
		if !resolved {
			p, resolved = rc.e.prior(), true
		}
	}
	return runner{
		row: func(r importer.Row) {
			resolve()
			if p != nil && p.Sheets[rc.sheet.Name] != nil {
				rc.previousYearRow(p, p.Sheets[rc.sheet.Name], r, idx, other, old, seen)
			}
		},
		finish: func() {
			resolve()
			switch {
			case p == nil && (rc.e.department == "" || PriorPeriod(rc.e.period) == ""):
				rc.note(rc.sheetRef(), "previous_year.unknown", nil, "", "")
			case p == nil:
				rc.note(rc.sheetRef(), "previous_year.none", args{"dept": rc.e.department, "period": PriorPeriod(rc.e.period)}, "", "")
			case p.Sheets[rc.sheet.Name] == nil:
				rc.note(rc.sheetRef(), "previous_year.no_sheet", args{"prior": p.Describe(rc.e.lang)}, "", "")
			}
		},
	}
}

func (rc ruleCtx) previousYearRow(p *Prior, ps *PriorSheet, r importer.Row, idx []int, other *importer.Column, old map[string][]string, seen map[string]int) {
	label := rc.t.Value(r, rc.sheet.Key).Text
	key := importer.NameKey(label)
	if key == "" {
		return
	}
	// The n-th row of this label this year is compared with the n-th of
	// last year (or of its old label, Renamed).
	n := seen[key]
	seen[key]++
	row := ps.Row(key, n)
	for _, k := range old[key] {
		if row == nil {
			row = ps.Row(k, n)
		}
	}
	for _, i := range idx {
		v := r.Values[i]
		if v.Kind != importer.Number {
			continue // empty, text, or unreadable (its own finding)
		}
		tc := rc.t.Columns[i]
		otherKey := columnKey(other, tc.Year)
		if !ps.Columns[otherKey] {
			continue // last year's report had no such column (this year's new year)
		}
		col := tc.Spec
		a := args{"row": label, "col": ColumnKey(tc), "other": otherKey, "prior": p.Describe(rc.e.lang)}
		pv, ok := row[otherKey]
		if !ok {
			rc.note(rc.ref(v), "previous_year.missing", a, "", v.Num.String())
			continue
		}
		rc.comparePrior(pv, v, col, a)
	}
}

// comparePrior is the rounding-aware comparison of this year's figure v
// with last year's pv: equal once rounded to the decimals stated, within
// the stated figures' rounding (noted), or different.
func (rc ruleCtx) comparePrior(pv PriorValue, v importer.Value, col *importer.Column, a args) {
	rc.evaluated()
	// The same figure stated to the same decimals both years cannot differ
	// by rounding: only then is any difference a restatement, so the
	// comparison is exact (a 1 tkr difference is not "Avrundningsdifferens").
	exact := col.Exact || pv.Decimals == col.Decimals
	verdict, expected := Compare(Stated(pv.Num, pv.Decimals), v.Num, col.Decimals, exact)
	expected = pv.Num // the figure last year's report states, not rounded
	a["cell"] = rc.t.Sheet + "!" + pv.Cell
	a["diff"] = numText(v.Num.Sub(expected).Abs(), rc.e.lang) + unit(col, rc.e.lang)
	switch verdict {
	case Rounding:
		rc.note(rc.ref(v), "previous_year.rounding", a, expected.String(), v.Num.String())
	case Differs:
		rc.fail(rc.ref(v), "previous_year", a, expected.String(), v.Num.String())
	}
}
