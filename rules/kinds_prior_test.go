package rules_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/fixtures/ruletest"
	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// priorSpec has a previous_year rule on a plain column (with a renamed
// row) and one on year columns.
const priorSpec = `
name: test
version: "9.1"
identity: {sheet: Info, department: Nämnd, period: Period}
sheets:
  - name: Info
    layout: keyvalue
    columns:
      - {header: Nämnd, type: text}
      - {header: Period, type: text}
  - name: Drift
    key: Verksamhet
    columns:
      - {header: Verksamhet, type: text, required: true}
      - {header: Utfall, type: amount, required: true}
      - {header: Föregående år, type: amount}
    rules:
      - {id: d.prev, kind: previous_year, column: Föregående år, other: Utfall, severity: warning, renamed: {Kansli: Kanslienheten}}
  - name: Ind
    key: Indikator
    columns:
      - {header: Indikator, type: text, required: true}
      - {name: Utfall, pattern: '^(\d{4})$', repeat: true, type: number, decimals: 1, required: true}
    rules:
      - {id: i.prev, kind: previous_year, column: Utfall, other: Utfall, severity: warning}
`

func priorBook(t *testing.T, info, drift [][]any) []byte {
	t.Helper()
	if info == nil {
		info = [][]any{{"Nämnd", "Kultur"}, {"Period", "Delår april 2023"}}
	}
	data, err := ruletest.BookOf(map[string]fixtures.Sheet{
		"Info":  {Name: "Info", Rows: info},
		"Drift": {Name: "Drift", Header: []string{"Verksamhet", "Utfall", "Föregående år"}, Rows: drift},
		"Ind": {Name: "Ind", Header: []string{"Indikator", "2021", "2022", "2023"}, Rows: [][]any{
			{"i1", fixtures.Dec("10.5"), fixtures.Dec("11.0"), 12},
		}},
	}, "Info", "Drift", "Ind")
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// lastYear is Kultur's Delår april 2022: Drift's Utfall, and Ind's 2020-2022.
func lastYear(dept, period string) *rules.Prior {
	p := &rules.Prior{Department: dept, Period: period, File: "kultur-2022.xlsx"}
	set := func(sheet, row, col, v string, dec int32, cell string) {
		p.Set(sheet, row, col, rules.PriorValue{Num: decimal.RequireFromString(v), Decimals: dec, Cell: cell})
	}
	set("Drift", "Bibliotek", "Utfall", "-1744", 0, "B2")
	set("Drift", "Kansli", "Utfall", "-500", 0, "B3")
	set("Drift", "Totalt", "Utfall", "100.5", 1, "B4")
	set("Drift", "Övrigt", "Utfall", "-100", 0, "B9") // given out of order: the rows go by line
	set("Drift", "Övrigt", "Utfall", "-1744", 0, "B5")
	set("Ind", "i1", "Utfall 2021", "10.5", 1, "C2")
	set("Ind", "i1", "Utfall 2022", "11.0", 1, "D2")
	p.HasColumn("Ind", "Utfall 2020")
	return p
}

func TestPreviousYear(t *testing.T) {
	s, err := spec.Parse("test.yaml", []byte(priorSpec))
	if err != nil {
		t.Fatal(err)
	}
	same := [][]any{{"Bibliotek", -1800, -1744}, {"Kanslienheten", -600, -500}, {"Totalt", 100, 100}}
	for _, tt := range []struct {
		name  string
		info  [][]any // nil: Kultur, Delår april 2023
		drift [][]any
		prior *rules.Prior
		want  []string // severity rule sheet!cell expected actual
	}{
		{"equal, renamed row, within rounding", nil, same, lastYear("Kultur", "Delår april 2022"),
			[]string{"info d.prev Drift!C4 100.5 100"}},
		{"restated beyond rounding", nil, [][]any{{"Bibliotek", -1800, -1761}}, lastYear("Kultur", "Delår april 2022"),
			[]string{"warning d.prev Drift!C2 -1744 -1761"}},
		{"1 tkr off at the same decimals is a restatement, not rounding", nil, [][]any{{"Bibliotek", -1800, -1745}}, lastYear("Kultur", "Delår april 2022"),
			[]string{"warning d.prev Drift!C2 -1744 -1745"}},
		{"a label on two rows: each compared with last year's in order", nil,
			[][]any{{"Övrigt", -1, -1744}, {"Bibliotek", -1800, -1744}, {"Övrigt", -1, -100}, {"Övrigt", -1, -7}}, lastYear("Kultur", "Delår april 2022"),
			[]string{"info d.prev Drift!C5  -7"}},
		{"renamed row restated", nil, [][]any{{"Kanslienheten", -600, -510}}, lastYear("Kultur", "Delår april 2022"),
			[]string{"warning d.prev Drift!C2 -500 -510"}},
		{"row missing last year", nil, [][]any{{"Fritid", -50, -40}, {"Bibliotek", -1800}}, lastYear("KULTUR ", "Delår april 2022"),
			[]string{"info d.prev Drift!C2  -40"}},
		{"no history", nil, same, nil,
			[]string{"info d.prev Drift  ", "info i.prev Ind  "}},
		{"another department's history", nil, same, lastYear("Kommunstyrelsen", "Delår april 2022"),
			[]string{"info d.prev Drift  ", "info i.prev Ind  "}},
		{"another period's history", nil, same, lastYear("Kultur", "Helår 2022"),
			[]string{"info d.prev Drift  ", "info i.prev Ind  "}},
		{"no department in Info", [][]any{{"Period", "Delår april 2023"}}, same, lastYear("", "Delår april 2022"),
			[]string{"info d.prev Drift  ", "info i.prev Ind  "}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var ps *rules.Priors
			if tt.prior != nil {
				ps = &rules.Priors{}
				ps.Add(tt.prior)
			}
			fs, checks, err := ruletest.Evaluate(s, "t.xlsx", priorBook(t, tt.info, tt.drift), rules.SessionOptions{Priors: ps})
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, f := range fs {
				place := f.Ref.Sheet
				if f.Ref.Row > 0 {
					place += "!" + f.Ref.Cell()
				}
				got = append(got, strings.Join([]string{f.Severity.String(), f.Rule, place, f.Expected, f.Actual}, " "))
				if tt.info != nil && !strings.Contains(f.Message, "anger inte nämnd och period") {
					t.Errorf("without a department: %s", f.Message)
				}
			}
			slices.Sort(got)
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("findings:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(tt.want, "\n  "))
			}
			if tt.prior != nil && tt.prior.Department == "Kultur" && tt.prior.Period == "Delår april 2022" {
				for _, c := range checks {
					if c.Rule == "i.prev" && c.Evaluated != 2 {
						t.Errorf("i.prev evaluated %d times, want 2 (2021 and 2022; 2023 is not in last year's report)", c.Evaluated)
					}
				}
			}
		})
	}
}

func TestPreviousYearMessage(t *testing.T) {
	s, err := spec.Parse("test.yaml", []byte(priorSpec))
	if err != nil {
		t.Fatal(err)
	}
	ps := &rules.Priors{}
	ps.Add(lastYear("Kultur", "Delår april 2022"))
	for _, tt := range []struct {
		lang rules.Lang
		want string
	}{
		{rules.Swedish, `"Föregående år" för "Bibliotek" är −1 761, men föregående års rapport (kultur-2022.xlsx, Delår april 2022) anger −1 744 i "Utfall" (Drift!B2); skillnad 17 tkr.`},
		{rules.English, `"Föregående år" of "Bibliotek" is -1,761, but last year's report (kultur-2022.xlsx, Delår april 2022) states -1,744 in "Utfall" (Drift!B2); a difference of 17 tkr.`},
	} {
		fs, _, err := ruletest.Evaluate(s, "t.xlsx", priorBook(t, nil, [][]any{{"Bibliotek", -1800, -1761}}), rules.SessionOptions{Priors: ps, Lang: tt.lang})
		if err != nil {
			t.Fatal(err)
		}
		if len(fs) != 1 || !strings.HasPrefix(strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(fs[0].Message), tt.want) {
			t.Errorf("%s: findings %v, want one starting %q", tt.lang, fs, tt.want)
		}
	}
}

func TestPriorPeriod(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"Helår 2023", "Helår 2022"},
		{"Delår april 2023", "Delår april 2022"},
		{"Delår augusti 2000", "Delår augusti 1999"},
		{"Helår2023", "Helår2022"},
		{"Helår 2023/24", "Helår 2022/23"},
		{"Helår 2000/01", "Helår 1999/00"},
		{"Period 12023", ""},
		{"Helår 2023 (rev 2)", "Helår 2022 (rev 2)"},
		{"Helår", ""},
		{"", ""},
	} {
		if got := rules.PriorPeriod(tt.in); got != tt.want {
			t.Errorf("PriorPeriod(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestColumnKey: the key is what the history stores (store facts use
// ColumnKey too): the header where the spec gives one, else the name and
// the year of a year column.
func TestColumnKey(t *testing.T) {
	for _, tt := range []struct {
		col  importer.Column
		year int
		want string
	}{
		{importer.Column{Name: "Utfall", Header: "Utfall helår"}, 0, "Utfall helår"},
		{importer.Column{Name: "Utfall"}, 2022, "Utfall 2022"},
		{importer.Column{Name: "Utfall"}, 0, "Utfall"},
	} {
		if got := rules.ColumnKey(importer.TableColumn{Spec: &tt.col, Year: tt.year}); got != tt.want {
			t.Errorf("ColumnKey(%+v, %d) = %q, want %q", tt.col, tt.year, got, tt.want)
		}
	}
}
