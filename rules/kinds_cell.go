package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/go-playground/validator/v10"
	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// validate is the one validator instance; rules only call Var on it.
var validate = validator.New(validator.WithRequiredStructEnabled())

// forRows is a rule that calls fn for every row it applies to, with the
// value of the rule's column.
func (rc ruleCtx) forRows(fn func(r importer.Row, v importer.Value)) runner {
	i := rc.t.Index(rc.r.Column)
	return perRow(func(r importer.Row) {
		if !rc.when(r) {
			return
		}
		v := importer.Value{Row: int32(r.Num)} // an absent column: empty
		if i >= 0 {
			v = r.Values[i]
		}
		fn(r, v)
	})
}

func init() {
	registerKind(spec.KindInfo{Name: "required", Fields: []string{"column"}}, checkRequired,
		"required")
}

func checkRequired(rc ruleCtx) runner {
	if rc.t.Index(rc.r.Column) < 0 {
		return runner{} // an absent optional column: nothing to fill in
	}
	return rc.forRows(func(r importer.Row, v importer.Value) {
		rc.evaluated()
		if v.Kind == importer.Empty {
			rc.fail(rc.ref(v), "required", nil, "", "")
		}
	})
}

func init() {
	registerKind(spec.KindInfo{Name: "enum", Fields: []string{"column"}}, checkEnum,
		"enum", "enum.suggest")
}

func checkEnum(rc ruleCtx) runner {
	col := rc.sheet.Column(rc.r.Column)
	var allowed []string // the values, normalized once for the sheet's rows
	if col != nil {
		allowed = make([]string, len(col.Values))
		for i, a := range col.Values {
			allowed[i] = importer.Normalize(a)
		}
	}
	return rc.forRows(func(r importer.Row, v importer.Value) {
		if v.Kind != importer.Text {
			return
		}
		rc.evaluated()
		if slices.Contains(allowed, importer.Normalize(v.Text)) {
			return
		}
		a := args{"values": quoteList(col.Values), "suggest": ""}
		if s := nearest(v.Text, col.Values); s != "" {
			a["suggest"] = ruleMessage("enum.suggest", rc.e.lang)
			a["suggest"] = strings.ReplaceAll(a["suggest"], "{value}", s)
		}
		rc.fail(rc.ref(v), "enum", a, "", v.Text)
	})
}

func quoteList(vs []string) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = "\"" + v + "\""
	}
	return strings.Join(q, ", ")
}

// nearest returns the allowed value closest to s when it is a near miss:
// within a third of its length in edit distance.
func nearest(s string, allowed []string) string {
	best, bestD := "", -1
	n := []rune(importer.Normalize(s))
	for _, a := range allowed {
		d := editDistance(n, []rune(importer.Normalize(a)))
		if bestD < 0 || d < bestD {
			best, bestD = a, d
		}
	}
	if bestD >= 0 && bestD <= max(2, len(n)/3) {
		return best
	}
	return ""
}

// editDistance is the Levenshtein distance between a and b.
func editDistance(a, b []rune) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func init() {
	registerKind(spec.KindInfo{Name: "format", Fields: []string{"column"}, Check: checkFormatRule}, checkFormat,
		"format.email", "format.pattern")
}

func checkFormat(rc ruleCtx) runner {
	col := rc.sheet.Column(rc.r.Column)
	var re *regexp.Regexp
	if rc.r.Tag == "" && col.Format != "" {
		var err error
		if re, err = formatRegexp(col.Format); err != nil {
			return runner{} // the spec loader has reported it
		}
	}
	return rc.forRows(func(r importer.Row, v importer.Value) {
		if v.Kind != importer.Text {
			return
		}
		rc.evaluated()
		ok := true
		if re != nil {
			ok = re.MatchString(strings.Join(strings.Fields(v.Text), " "))
		} else {
			ok = validate.Var(v.Text, rc.r.Tag) == nil
		}
		if !ok {
			rc.fail(rc.ref(v), "format."+formatKind(rc.r.Tag), nil, "", v.Text)
		}
	})
}

// formatRegexps are the columns' formats compiled, by pattern: a spec's
// few patterns, compiled once for every file checked, not once each.
var formatRegexps sync.Map

func formatRegexp(pattern string) (*regexp.Regexp, error) {
	if re, ok := formatRegexps.Load(pattern); ok {
		return re.(*regexp.Regexp), nil
	}
	re, err := regexp.Compile(pattern)
	if err != nil {
		return nil, err
	}
	formatRegexps.Store(pattern, re)
	return re, nil
}

// checkFormatRule: a format rule needs a tag, or a column that states its format.
func checkFormatRule(sh *spec.Sheet, r *spec.Rule) []string {
	if col := sh.Column(r.Column); r.Tag == "" && col != nil && col.Format == "" {
		return []string{fmt.Sprintf("regeln %q (format) kräver tag eller att kolumnen anger format", r.ID)}
	}
	return nil
}

func formatKind(tag string) string {
	if tag == "email" {
		return "email"
	}
	return "pattern"
}

func init() {
	registerKind(spec.KindInfo{Name: "range", Fields: []string{"column"}}, checkRange,
		"range.min", "range.max")
}

func checkRange(rc ruleCtx) runner {
	min, errMin := decimal.NewFromString(rc.r.Min)
	max, errMax := decimal.NewFromString(rc.r.Max)
	return rc.forRows(func(r importer.Row, v importer.Value) {
		if v.Kind != importer.Number {
			return
		}
		rc.evaluated()
		switch {
		case errMin == nil && v.Num.LessThan(min):
			rc.fail(rc.ref(v), "range.min", args{"min": numText(min, rc.e.lang)}, "", v.Num.String())
		case errMax == nil && v.Num.GreaterThan(max):
			rc.fail(rc.ref(v), "range.max", args{"max": numText(max, rc.e.lang)}, "", v.Num.String())
		}
	})
}

func init() {
	registerKind(spec.KindInfo{Name: "unique", Fields: []string{"column"}}, checkUnique,
		"unique")
}

func checkUnique(rc ruleCtx) runner {
	seen := map[string]int{}
	return rc.forRows(func(r importer.Row, v importer.Value) {
		if v.Kind != importer.Text {
			return
		}
		rc.evaluated()
		n := importer.Normalize(v.Text)
		if first, dup := seen[n]; dup {
			rc.fail(rc.ref(v), "unique", args{"row": strconv.Itoa(first)}, "", v.Text)
			return
		}
		seen[n] = r.Num
	})
}

func init() {
	registerKind(spec.KindInfo{Name: "spec_version", Fields: []string{"column"}}, checkSpecVersion,
		"spec_version")
}

func checkSpecVersion(rc ruleCtx) runner {
	return rc.forRows(func(r importer.Row, v importer.Value) {
		if v.Kind == importer.Empty || v.Kind == importer.Invalid {
			return
		}
		rc.evaluated()
		if strings.TrimSpace(v.String()) != rc.e.spec.Version {
			rc.fail(rc.ref(v), "spec_version", nil, rc.e.spec.Version, v.String())
		}
	})
}

func init() {
	registerKind(spec.KindInfo{Name: "exists_in", Fields: []string{"column", "sheet", "other"},
		// The other sheet's names, and this sheet, checked once the other is complete.
		Keeps: func(sh *spec.Sheet, r *spec.Rule) []string { return []string{r.Sheet, sh.Name} }}, checkExistsIn,
		"exists_in")
}

func checkExistsIn(rc ruleCtx) runner {
	return afterAll(func() {
		other := rc.e.tables[rc.e.spec.Sheet(rc.r.Sheet).Name]
		if other == nil {
			return
		}
		known := map[string]bool{}
		i := other.Index(rc.r.Other)
		for _, r := range other.Rows {
			if i >= 0 && r.Values[i].Kind == importer.Text {
				known[importer.Normalize(r.Values[i].Text)] = true
			}
		}
		each := rc.forRows(func(r importer.Row, v importer.Value) {
			if v.Kind != importer.Text {
				return
			}
			rc.evaluated()
			if !known[importer.Normalize(v.Text)] {
				rc.fail(rc.ref(v), "exists_in", args{"sheet": other.Sheet}, "", v.Text)
			}
		})
		for _, r := range rc.t.Rows {
			each.row(r)
		}
	})
}

func init() {
	registerKind(spec.KindInfo{Name: "required_rows", Fields: []string{"labels"}, NeedsKey: true}, checkRequiredRows,
		"required_rows", "required_rows.empty")
}

// checkRequiredRows: each label names a row. A row that is there with its
// label but without figures (the template's row, not filled in) is not
// missing: the finding says to fill it in, at its first empty figure.
func checkRequiredRows(rc ruleCtx) runner {
	want := map[string]bool{}
	for _, label := range rc.r.Labels {
		want[importer.Normalize(label)] = false
	}
	return runner{
		row: func(r importer.Row) {
			k := rc.key(r)
			if _, ok := want[k]; ok {
				want[k] = true
			}
		},
		finish: func() {
			for _, label := range rc.r.Labels {
				rc.evaluated()
				switch h, ok := rc.heading(label); {
				case want[importer.Normalize(label)]:
				case ok:
					rc.fail(h, "required_rows.empty", args{"label": label}, "", "")
				default:
					rc.fail(rc.sheetRef(), "required_rows", args{"label": label}, label, "")
				}
			}
		},
	}
}

// heading finds a heading row (a label without figures) of the rule's
// table by its label, and returns its first empty numeric cell.
func (rc ruleCtx) heading(label string) (importer.Ref, bool) {
	n := importer.Normalize(label)
	for _, h := range rc.t.Headings {
		if rc.key(h) != n {
			continue
		}
		for i, c := range rc.t.Columns {
			if c.Spec.Type.Numeric() && h.Values[i].Kind == importer.Empty {
				return rc.ref(h.Values[i]), true
			}
		}
		return rc.rowRef(h.Num), true
	}
	return importer.Ref{}, false
}
