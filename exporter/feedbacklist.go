package exporter

import (
	"cmp"
	"maps"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// This file holds what a department's list of findings says, apart from
// how it is written (feedback.go writes it with excelize): the order, the
// grouping and the values. A writer that copies the workbook's parts as
// they are can use it as it stands.

// feedbackLine is one row of the Återkoppling sheet and one line of the
// feedback text: a finding, or a repeated finding of one rule on one
// sheet with its cells as ranges.
type feedbackLine struct {
	rules.Group
	// Link is the cell the line links to ("'Drift'!F19"), "" for a finding
	// about the whole file.
	Link string
	// Expected and Actual are the finding's values, numbers where they are
	// numbers of a numeric column.
	Expected, Actual listValue
}

// listValue is a value of the list: a number with its number format, or
// text.
type listValue struct {
	Text   string
	Num    *decimal.Decimal
	Format string // the number format of Num, as the column's
}

// feedbackLines returns the lines of r's list in the order a department
// reads them (see feedbackOrder), repeated findings grouped.
func feedbackLines(r *check.Submission, tabs []string, lang rules.Lang) []feedbackLine {
	groups := feedbackOrder(r.Findings, tabs).Grouped(lang)
	out := make([]feedbackLine, 0, len(groups))
	for _, g := range groups {
		l := feedbackLine{Group: g}
		if g.Ref.Sheet != "" {
			target := g.Ref.Cell()
			if target == "" || g.Ref.Col == 0 {
				target = "A" + strconv.Itoa(max(g.Ref.Row, 1))
			}
			l.Link = "'" + strings.ReplaceAll(g.Ref.Sheet, "'", "''") + "'!" + target
		}
		col, known := columnAt(r, g.Ref)
		l.Expected = valueOf(g.Expected, col, known)
		l.Actual = valueOf(g.Actual, col, known)
		out = append(out, l)
	}
	return out
}

// feedbackOrder returns a copy of fs ordered errors first, then warnings,
// then info; within a severity the findings about the whole file first,
// then by the sheet's place in tabs (the workbook's tab order; sheets not
// in it after those that are, by name), row, column and rule. fs itself is
// left as it is (rules.Findings.Sort orders by sheet name, for others).
func feedbackOrder(fs rules.Findings, tabs []string) rules.Findings {
	place := make(map[string]int, len(tabs))
	for i, t := range tabs {
		if _, dup := place[t]; !dup {
			place[t] = i
		}
	}
	tab := func(sheet string) int {
		if i, ok := place[sheet]; ok {
			return i
		}
		for i, t := range tabs {
			if strings.EqualFold(t, sheet) {
				return i
			}
		}
		return len(tabs)
	}
	out := slices.Clone(fs)
	slices.SortStableFunc(out, func(a, b rules.Finding) int {
		return cmp.Or(
			cmp.Compare(a.Severity, b.Severity),
			cmp.Compare(a.Ref.File, b.Ref.File),
			cmp.Compare(min(len(a.Ref.Sheet), 1), min(len(b.Ref.Sheet), 1)), // the whole file first
			cmp.Compare(tab(a.Ref.Sheet), tab(b.Ref.Sheet)),
			strings.Compare(a.Ref.Sheet, b.Ref.Sheet),
			cmp.Compare(a.Ref.Row, b.Ref.Row),
			cmp.Compare(a.Ref.Col, b.Ref.Col),
			strings.Compare(a.Rule, b.Rule),
		)
	})
	return out
}

// tabOrder is the order of the sheets of r's workbook, as its tabs show
// them: as the check read them, else read again from the file (only its
// workbook part), or, when that fails, guessed from the names of the
// sheets' parts (sheet1.xml, sheet2.xml, ...: the order they were made
// in), or nil.
func tabOrder(r *check.Submission) []string {
	if !slices.ContainsFunc(r.Findings, func(fd rules.Finding) bool { return fd.Ref.Sheet != "" }) {
		return nil
	}
	if r.Tabs != nil {
		return r.Tabs
	}
	if w, err := importer.Open(r.File, importer.Options{}); err == nil {
		defer w.Close()
		return w.SheetNames()
	}
	return partOrder(r.Parts)
}

var partNumber = regexp.MustCompile(`(\d+)\.xml$`)

// partOrder orders the sheets of parts by the number in their part's name.
func partOrder(parts map[string]string) []string {
	num := func(part string) int {
		if m := partNumber.FindStringSubmatch(part); m != nil {
			if n, err := strconv.Atoi(m[1]); err == nil {
				return n
			}
		}
		return -1
	}
	out := make([]string, 0, len(parts))
	for sheet := range parts {
		out = append(out, sheet)
	}
	slices.SortFunc(out, func(a, b string) int {
		return cmp.Or(cmp.Compare(num(parts[a]), num(parts[b])), strings.Compare(parts[a], parts[b]), strings.Compare(a, b))
	})
	return out
}

// columnAt returns the spec column of the cell ref in r's tables; known
// is false when the tables do not tell (not kept, not a column read, or a
// key-value sheet's value column holding fields of different kinds).
func columnAt(r *check.Submission, ref importer.Ref) (col *importer.Column, known bool) {
	if ref.Sheet == "" || ref.Col == 0 {
		return nil, false
	}
	for _, name := range slices.Sorted(maps.Keys(r.Tables)) {
		t := r.Tables[name]
		if t == nil || t.Sheet != ref.Sheet {
			continue
		}
		for _, tc := range t.Columns {
			if tc.Col != ref.Col || tc.Spec == nil {
				continue
			}
			if col != nil && (col.Type != tc.Spec.Type || col.Decimals != tc.Spec.Decimals) {
				return nil, false
			}
			col = tc.Spec
		}
	}
	return col, col != nil
}

// plainDecimal is the form of a finding's decimal values ("-100455",
// "61.7"); other text ("Ej uppnått", "≤38", "1e3") stays text.
var plainDecimal = regexp.MustCompile(`^-?[0-9]+(\.[0-9]+)?$`)

// valueOf makes a finding's value a number where it is one: a decimal in a
// numeric column, or, where the column is not known, any plain decimal.
// Its number format is the column's kind (amounts and numbers "#,##0",
// percentages as fractions "0%") with the value's own decimals (at the
// column's scale, as the rules give them), so that it shows as the
// message gives it.
func valueOf(s string, col *importer.Column, known bool) listValue {
	if !plainDecimal.MatchString(s) || (known && !col.Type.Numeric()) {
		return listValue{Text: s}
	}
	d, err := decimal.NewFromString(s)
	if err != nil {
		return listValue{Text: s}
	}
	decimals := max(-d.Exponent(), 0)
	zeros := ""
	if decimals > 0 {
		zeros = "." + strings.Repeat("0", int(min(decimals, 10)))
	}
	if known && col.Type == importer.TypePercent {
		d = d.Shift(-2) // 3 means 3 %: the cell holds 0.03, as the department's does
		return listValue{Num: &d, Format: "0" + zeros + "%"}
	}
	return listValue{Num: &d, Format: "#,##0" + zeros + ";-#,##0" + zeros}
}
