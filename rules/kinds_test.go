package rules_test

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// testSpec exercises every rule kind on small sheets.
const testSpec = `
name: test
version: "9.1"
sheets:
  - name: Info
    layout: keyvalue
    columns:
      - {header: Period, type: text}
      - {header: Mallversion, type: text}
      - {header: E-post, type: email}
    rules:
      - {id: info.version, kind: spec_version, column: Mallversion}
      - {id: info.epost, kind: format, column: E-post, tag: email}
  - name: Drift
    key: Verksamhet
    parent: Ingår i
    columns:
      - {header: Verksamhet, type: text, required: true}
      - {header: Ingår i, type: text, required: true}
      - {header: Budget, type: amount, required: true}
      - {header: Utfall, type: amount, required: true}
      - {header: Avvikelse, type: amount, required: true}
      - {header: Procent, type: percent}
    rules:
      - {id: d.tree, kind: tree, roots: one, columns: [Budget, Utfall, Avvikelse]}
      - {id: d.avv, kind: formula, column: Avvikelse, expr: "[Utfall] - [Budget]"}
      - {id: d.pct, kind: formula, column: Procent, expr: "[Avvikelse] / abs([Budget]) * 100", decimals: 0, zero_divisor: empty}
  - name: Mål
    key: Mål
    columns:
      - {header: Mål, type: text, required: true}
      - {header: Betyg, type: enum, required: true, values: [Uppfyllt, Delvis uppfyllt, Ej uppfyllt]}
    rules:
      - {id: m.enum, kind: enum, column: Betyg}
      - {id: m.mal, kind: required, column: Mål}
      - {id: m.unique, kind: unique, column: Mål}
  - name: Ind
    key: Indikator
    columns:
      - {header: Mål, type: text, required: true}
      - {header: Indikator, type: text, required: true}
      - {name: Utfall, pattern: '^(\d{4})$', repeat: true, type: number, decimals: 1, required: true}
      - {name: Etappmål, pattern: '^etappmål (\d{4})$', type: target, required: true}
      - {header: Bedömning, type: enum, values: [Uppnått, Ej uppnått]}
    rules:
      - {id: i.target, kind: target, column: Etappmål, outcome: Utfall, assessment: Bedömning, met: Uppnått, not_met: Ej uppnått}
      - {id: i.exists, kind: exists_in, column: Mål, sheet: Mål, other: Mål}
      - {id: i.rating, kind: rating_vs_targets, column: Mål, sheet: Mål, other: Betyg, rating: Uppfyllt, severity: warning}
  - name: Uppdrag
    key: Uppdrag
    columns:
      - {header: Uppdrag, type: text, required: true}
      - {header: Status, type: text, required: true}
      - {header: Kommentar, type: text}
    rules:
      - {id: u.kommentar, kind: required, column: Kommentar, when: "[Status] != 'Klart'"}
  - name: IK
    key: Kontroll
    columns:
      - {header: Kontroll, type: text, required: true}
      - {header: Stickprov, type: number, required: true, exact: true}
      - {header: Fel, type: number, required: true, exact: true}
      - {header: Andel, type: percent, required: true}
    rules:
      - {id: ik.max, kind: compare, column: Fel, expr: "[Fel] <= [Stickprov]"}
      - {id: ik.andel, kind: formula, column: Andel, expr: "[Fel] / [Stickprov] * 100", decimals: 0, zero_divisor: empty}
      - {id: ik.summa, kind: total_row, labels: [Summa, Totalt], columns: [Stickprov, Fel], recompute: [Andel]}
      - {id: ik.positiv, kind: range, column: Stickprov, min: "1"}
  - name: RR
    key: Post
    parent: Ingår i
    columns:
      - {header: Post, type: text, required: true}
      - {header: Ingår i, type: text, required: true}
      - {header: Budget, type: amount, required: true}
    rules:
      - {id: rr.poster, kind: required_rows, labels: [Årets resultat]}
      - {id: rr.drift, kind: cross_sheet, row: Årets resultat, sheet: Drift, pairs: {Budget: Budget}}
  - name: Summering
    key: Nyckeltal
    columns:
      - {header: Nyckeltal, type: text, required: true}
      - {header: Värde, type: number, decimals: 1, required: true}
    rules:
      - id: s.sum
        kind: summary
        column: Värde
        items:
          - {key: Antal mål, expr: "count('Mål')"}
          - {key: Uppfyllda mål, expr: "count('Mål', [Betyg] = 'Uppfyllt')"}
          - {key: Avvikelse, expr: "root('Drift', [Avvikelse])"}
          - {key: Stickprov, expr: "sum('IK', [Stickprov])"}
          - {key: Budget löv, expr: "sum_leaves('Drift', [Budget])"}
`

var drift = []string{"Verksamhet", "Ingår i", "Budget", "Utfall", "Avvikelse", "Procent"}

// base is a consistent workbook; each case changes one sheet.
func base() map[string]fixtures.Sheet {
	return map[string]fixtures.Sheet{
		"Info": {Name: "Info", Rows: [][]any{{"Period", "Helår 2023"}, {"Mallversion", "9.1"}, {"E-post", "a@b.se"}}},
		"Drift": {Name: "Drift", Header: drift, Rows: [][]any{
			{"Costs", "Total", -1560, -14966, -13406, -859},
			{"Other", "Total", -1744, -1761, -17, -1},
			{"Total", nil, -3304, -16727, -13423, -406},
		}},
		"Mål": {Name: "Mål", Header: []string{"Mål", "Betyg"}, Rows: [][]any{{"A", "Uppfyllt"}, {"B", "Delvis uppfyllt"}}},
		"Ind": {Name: "Ind", Header: []string{"Mål", "Indikator", "2022", "2023", "Etappmål 2023", "Bedömning"}, Rows: [][]any{
			{"A", "i1", 10, 12, ">11", "Uppnått"},
			{"B", "i2", 10, 10, "≤9", "Ej uppnått"},
		}},
		"Uppdrag": {Name: "Uppdrag", Header: []string{"Uppdrag", "Status", "Kommentar"}, Rows: [][]any{{"u1", "Klart"}, {"u2", "Utgår", "Ersätts"}}},
		"IK": {Name: "IK", Header: []string{"Kontroll", "Stickprov", "Fel", "Andel"}, Rows: [][]any{
			{"k1", 16, 6, 38}, {"k2", 16, 9, 56}, {"Totalt", 32, 15, 47},
		}},
		"RR": {Name: "RR", Header: []string{"Post", "Ingår i", "Budget"}, Rows: [][]any{{"Årets resultat", nil, -3304}}},
		"Summering": {Name: "Summering", Header: []string{"Nyckeltal", "Värde"}, Rows: [][]any{
			{"Antal mål", 2}, {"Uppfyllda mål", 1}, {"Avvikelse", -13423}, {"Stickprov", 32}, {"Budget löv", -3304},
		}},
	}
}

func run(t *testing.T, change func(map[string]fixtures.Sheet)) []string {
	t.Helper()
	s, err := spec.Parse("test.yaml", []byte(testSpec))
	if err != nil {
		t.Fatal(err)
	}
	res := rules.CheckFile(s, writeBook(t, change), rules.Options{})
	var got []string
	for _, f := range res.Findings {
		got = append(got, place(f))
	}
	return got
}

// writeBook writes the base workbook with a change and returns its path.
func writeBook(t *testing.T, change func(map[string]fixtures.Sheet)) string {
	t.Helper()
	sheets := base()
	if change != nil {
		change(sheets)
	}
	wb := fixtures.Workbook{}
	for _, name := range []string{"Info", "Drift", "Mål", "Ind", "Uppdrag", "IK", "RR", "Summering"} {
		if sh, ok := sheets[name]; ok {
			wb.Sheets = append(wb.Sheets, sh)
		}
	}
	file := filepath.Join(t.TempDir(), "t.xlsx")
	if err := wb.WriteFile(file); err != nil {
		t.Fatal(err)
	}
	return file
}

// driftRows replaces the Drift rows and leaves out the sheets checked
// against Drift, so that a case shows only Drift's own findings.
func driftRows(rows ...[]any) func(map[string]fixtures.Sheet) {
	return func(m map[string]fixtures.Sheet) {
		setRows("Drift", rows...)(m)
		delete(m, "RR")
		delete(m, "Summering")
	}
}

func setRows(name string, rows ...[]any) func(map[string]fixtures.Sheet) {
	return func(m map[string]fixtures.Sheet) {
		sh := m[name]
		sh.Rows = rows
		m[name] = sh
	}
}

// kindCases are workbooks that each break one rule, with the findings
// they must give.
var kindCases = []struct {
	name   string
	change func(map[string]fixtures.Sheet)
	want   []string
}{
	{"consistent, negative budgets, −859 %", nil, nil},
	{"wrong percentage sign", driftRows(
		[]any{"Costs", "Total", -1560, -14966, -13406, -859},
		[]any{"Other", "Total", -1744, -1761, -17, 1},
		[]any{"Total", nil, -3304, -16727, -13423, -406}),
		[]string{"error Drift!F3 d.pct"}},
	{"budget 0: percentage must be empty", driftRows(
		[]any{"Costs", "Total", 0, -100, -100, 5},
		[]any{"Other", "Total", 0, 0, 0, "-"},
		[]any{"Total", nil, 0, -100, -100, nil}),
		[]string{"error Drift!F2 d.pct"}},
	{"missing value skips the rules that need it", driftRows(
		[]any{"Costs", "Total", -1560, nil, -13406, -859},
		[]any{"Total", nil, -1560, -14966, -13406, -859}),
		nil},
	{"deviation 1 tkr off is a rounding note", driftRows(
		[]any{"Costs", "Total", -34208, -38647, -4440, -13},
		[]any{"Total", nil, -34208, -38647, -4440, -13}),
		[]string{"info Drift!E2 d.avv", "info Drift!E3 d.avv"}},
	{"deviation 3 tkr off is an error", driftRows(
		[]any{"Costs", "Total", -34208, -38647, -4442, -13},
		[]any{"Total", nil, -34208, -38647, -4442, -13}),
		[]string{"error Drift!E2 d.avv", "error Drift!E3 d.avv"}},
	{"deep tree, child before parent, error only where it is", driftRows(
		[]any{"L4", "L3", -10, -10, 0},
		[]any{"L3", "L2", -10, -10, 0},
		[]any{"L2b", "L1", -5, -5, 0},
		[]any{"L2", "L1", -10, -10, 0},
		[]any{"L1", "Root", -18, -15, 3},
		[]any{"Root", nil, -15, -15, 0}),
		// L1 states −18 where its rows give −15; Root then disagrees with L1
		[]string{"error Drift!C6 d.tree", "error Drift!E6 d.tree", "error Drift!C7 d.tree", "error Drift!E7 d.tree"}},
	{"cycle", driftRows(
		[]any{"A", "B", -1, -1, 0, 0},
		[]any{"B", "A", -1, -1, 0, 0},
		[]any{"Total", nil, -2, -2, 0, 0}),
		[]string{"error Drift!B2 d.tree"}},
	{"unknown parent and two roots", driftRows(
		[]any{"A", "Totalen", -1, -1, 0, 0},
		[]any{"Extra", nil, -1, -1, 0, 0},
		[]any{"Total", nil, -1, -1, 0, 0}),
		[]string{"error Drift!B2 d.tree", "error Drift!B3 d.tree"}},
	// Each mistake of a tree is reported whatever else is wrong with it,
	// a second root at its own Ingår i.
	{"two roots and a cycle", driftRows(
		[]any{"A", "B", -1, -1, 0, 0},
		[]any{"B", "A", -1, -1, 0, 0},
		[]any{"Extra", nil, -1, -1, 0, 0},
		[]any{"C", "Total", -1, -1, 0, 0},
		[]any{"Total", nil, -1, -1, 0, 0}),
		[]string{"error Drift!B2 d.tree", "error Drift!B4 d.tree"}},
	{"two roots and a duplicate name", driftRows(
		[]any{"A", "Total", -1, -1, 0, 0},
		[]any{"A", "Total", -1, -1, 0, 0},
		[]any{"Total", nil, -2, -2, 0, 0},
		[]any{"Extra", nil, -1, -1, 0, 0}),
		[]string{"error Drift!A3 d.tree", "error Drift!B5 d.tree"}},
	{"three roots, an unknown parent, a cycle and a wrong sum", driftRows(
		[]any{"Extra", nil, -1, -1, 0, 0},
		[]any{"A", "B", -1, -1, 0, 0},
		[]any{"B", "A", -1, -1, 0, 0},
		[]any{"C", "Totalen", -1, -1, 0, 0},
		[]any{"D", "Total", -1, -1, 0, 0},
		[]any{"Total", nil, -5, -1, 4, 80},
		[]any{"Extra 2", nil, -1, -1, 0, 0}),
		[]string{"error Drift!B2 d.tree", "error Drift!B3 d.tree", "error Drift!B5 d.tree", "error Drift!C7 d.tree", "error Drift!E7 d.tree", "error Drift!B8 d.tree"}},
	{"no root, a cycle", driftRows(
		[]any{"A", "B", -1, -1, 0, 0},
		[]any{"B", "A", -1, -1, 0, 0}),
		[]string{"error Drift!B2 d.tree", "error Drift! d.tree"}},
	{"text in an amount cell: one finding, no cascade", driftRows(
		[]any{"Costs", "Total", "abc", -14966, -13406, -859},
		[]any{"Other", "Total", -1744, -1761, -17, -1},
		[]any{"Total", nil, -3304, -16727, -13423, -406}),
		[]string{"error Drift!C2 import.not_a_number"}},
	{"row without a name: one error at its label cell, still in its parent's sums", driftRows(
		[]any{"Costs", "Total", -1560, -14966, -13406, -859},
		[]any{"\u200b\u00a0", "Total", -1744, -1761, -17, -1},
		[]any{"Total", nil, -3304, -16727, -13423, -406}),
		[]string{"error Drift!A3 import.row_unnamed"}},
	{"goal without a name: no second finding from required", setRows("Mål",
		[]any{"A", "Uppfyllt"}, []any{" ", "Delvis uppfyllt"}, []any{"B", "Delvis uppfyllt"}),
		[]string{"error Mål!A3 import.row_unnamed", "error Summering!B2 s.sum"}},
	{"enum near miss, duplicate goal", setRows("Mål",
		[]any{"A", "delvis  UPPFYLLT"}, []any{"B", "Delvis uppfylt"}, []any{"A", "Uppfyllt"}),
		// "delvis  UPPFYLLT" is tolerated; three goals where the summary says two
		[]string{"error Mål!B3 m.enum", "error Mål!A4 m.unique", "error Summering!B2 s.sum"}},
	{"target: assessment disagrees, previous year, rating", setRows("Ind",
		[]any{"A", "i1", 10, 11, ">11", "Uppnått"},
		[]any{"B", "i2", 10, nil, "≤9", "Ej uppnått"},
		[]any{"C", "i3", 1, 1, "1", nil},
		[]any{"A", "i4", 1, 1, "ca 5", nil}),
		[]string{"error Ind!F2 i.target", "info Ind!C3 i.target", "info Ind!E4 i.target", "error Ind!A4 i.exists", "error Ind!E5 i.target", "warning Mål!B2 i.rating"}},
	{"comment required unless done", setRows("Uppdrag",
		[]any{"u1", "Klart"}, []any{"u2", "Ej klart i år"}),
		[]string{"error Uppdrag!C3 u.kommentar"}},
	{"total row from sums, recomputed share", setRows("IK",
		[]any{"k1", 16, 6, 38}, []any{"k2", 16, 9, 56}, []any{"k3", 0, 0, nil}, []any{"Totalt", 30, 15, 47}),
		// the share on the total row is computed from the sums: 15 / 32 is 47 %
		[]string{"error IK!B5 ik.summa", "error IK!B4 ik.positiv"}},
	{"errors above samples", setRows("IK",
		[]any{"k1", 16, 20, 125}, []any{"Totalt", 16, 20, 125}),
		[]string{"error IK!C2 ik.max", "error IK!C3 ik.max", "error Summering!B5 s.sum"}},
	{"cross sheet and required rows", setRows("RR", []any{"Årets resultat", nil, -3305}),
		[]string{"info RR!C2 rr.drift"}},
	{"cross sheet beyond rounding, missing row", setRows("RR", []any{"Resultat", nil, -3304}),
		[]string{"error RR! rr.poster"}},
	{"spec version and e-mail", setRows("Info", []any{"Period", "Helår 2023"}, []any{"Mallversion", "2022.1"}, []any{"E-post", "a@"}),
		[]string{"error Info!B2 info.version", "error Info!B3 info.epost"}},
}

func TestRuleKinds(t *testing.T) {
	for _, tt := range kindCases {
		t.Run(tt.name, func(t *testing.T) {
			got := run(t, tt.change)
			slices.Sort(got)
			want := slices.Clone(tt.want)
			slices.Sort(want)
			if strings.Join(got, "\n") != strings.Join(want, "\n") {
				t.Errorf("findings:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
			}
		})
	}
}

func TestMessages(t *testing.T) {
	s, _ := spec.Parse("test.yaml", []byte(testSpec))
	sheets := base()
	setRows("Mål", []any{"A", "Uppfyllt"}, []any{"B", "Delvis uppfylt"})(sheets)
	wb := fixtures.Workbook{}
	for _, name := range []string{"Info", "Drift", "Mål", "Ind"} {
		wb.Sheets = append(wb.Sheets, sheets[name])
	}
	file := filepath.Join(t.TempDir(), "t.xlsx")
	if err := wb.WriteFile(file); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		lang rules.Lang
		want string
	}{
		{rules.Swedish, `"Delvis uppfylt" är inget tillåtet värde i "Betyg". Menade du "Delvis uppfyllt"?`},
		{rules.English, `"Delvis uppfylt" is not an allowed value of "Betyg". Did you mean "Delvis uppfyllt"?`},
	} {
		res := rules.CheckFile(s, file, rules.Options{Lang: tt.lang})
		found := false
		for _, f := range res.Findings {
			if f.Rule == "m.enum" {
				found = strings.HasPrefix(f.Message, tt.want)
				if !found {
					t.Errorf("%s message = %q, want it to start %q", tt.lang, f.Message, tt.want)
				}
			}
		}
		if !found {
			t.Errorf("%s: no m.enum finding", tt.lang)
		}
	}
}

// TestCustomSpecChangesBehaviour edits the default spec as a finance
// department would for a new year, with no code change: overspent
// initiatives become errors, and a new rule bounds Personal's changes.
func TestCustomSpecChangesBehaviour(t *testing.T) {
	src := string(spec.DefaultYAML())
	src = strings.Replace(src, `expr: "[Utfall] <= [Budget]", severity: warning}`, `expr: "[Utfall] <= [Budget]", severity: error}`, 1)
	src = strings.Replace(src, `      - {id: personal.forandring, kind: formula,`,
		`      - {id: personal.rimlig, kind: compare, column: Förändring, expr: "abs([Förändring]) <= 30", severity: warning}
      - {id: personal.forandring, kind: formula,`, 1)
	s, err := spec.Parse("mall-2024.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	res := rules.CheckFile(s, filepath.Join(inlamnat, "kommunstyrelsen-2023.xlsx"), rules.Options{})
	got := map[string]bool{}
	for _, f := range res.Findings {
		got[place(f)] = true
	}
	for _, want := range []string{"error Satsningar!C13 satsningar.over_budget", "warning Personal!D2 personal.rimlig"} {
		if !got[want] {
			t.Errorf("custom spec: missing %s", want)
		}
	}
	if got["warning Satsningar!C13 satsningar.over_budget"] {
		t.Error("custom spec: the severity change did not take")
	}
}

// TestFindingsCapped: a sheet wrong on every row lists 50 findings of the
// rule and counts the rest in one line; the check counts every failure.
func TestFindingsCapped(t *testing.T) {
	var rows [][]any
	for i := range 60 {
		rows = append(rows, []any{fmt.Sprintf("A%d", i), "Total", -10, -20, -5})
	}
	rows = append(rows, []any{"Total", nil, -600, -1200, -300})
	got := run(t, driftRows(rows...))
	n, more := 0, 0
	for _, g := range got {
		switch {
		case strings.HasPrefix(g, "error Drift!E") && strings.HasSuffix(g, "d.avv"):
			n++
		case g == "info Drift! d.avv":
			more++
		}
	}
	if n != 50 || more != 1 {
		t.Errorf("%d d.avv errors and %d summary lines, want 50 and 1", n, more)
	}
}
