package rules_test

import (
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
)

func cells(sheet string, refs ...[2]int) rules.Findings {
	var fs rules.Findings
	for _, r := range refs {
		fs = append(fs, rules.Finding{Severity: rules.Info, Rule: "import.number_as_text",
			Ref: importer.Ref{File: "a.xlsx", Sheet: sheet, Row: r[0], Col: r[1]}, Message: "m"})
	}
	return fs
}

func TestRanges(t *testing.T) {
	rect := func(r1, c1, r2, c2 int) [][2]int {
		var out [][2]int
		for r := r1; r <= r2; r++ {
			for c := c1; c <= c2; c++ {
				out = append(out, [2]int{r, c})
			}
		}
		return out
	}
	cat := func(xs ...[][2]int) [][2]int {
		var out [][2]int
		for _, x := range xs {
			out = append(out, x...)
		}
		return out
	}
	tests := []struct {
		name  string
		cells [][2]int
		want  string
	}{
		{"one cell", rect(4, 2, 4, 2), "B4"},
		{"a row run", rect(4, 2, 4, 5), "B4:E4"},
		{"a column run", rect(4, 3, 10, 3), "C4:C10"},
		{"a rectangle", rect(4, 2, 8, 5), "B4:E8"},
		{"two rectangles", cat(rect(4, 2, 8, 5), rect(10, 3, 12, 5)), "B4:E8, C10:E12"},
		{"a gap splits", cat(rect(4, 2, 5, 2), rect(7, 2, 7, 2)), "B4:B5, B7"},
		{"ragged", cat(rect(4, 2, 4, 3), rect(5, 2, 5, 4)), "B4:C4, B5:D5"},
		{"double-digit columns", rect(9, 26, 10, 28), "Z9:AB10"},
		{"many", func() [][2]int {
			var out [][2]int
			for r := 1; r <= 20; r += 2 {
				out = append(out, [2]int{r, 1})
			}
			return out
		}(), "A1, A3, A5, A7, A9, A11, A13, A15 och 2 celler till"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// Reverse the input: the order given must not matter.
			refs := make([][2]int, len(tt.cells))
			for i, c := range tt.cells {
				refs[len(refs)-1-i] = c
			}
			if got := rules.Ranges(cells("S", refs...), rules.Swedish); got != tt.want {
				t.Errorf("Ranges = %q, want %q", got, tt.want)
			}
		})
	}
	rows := rules.Findings{{Ref: importer.Ref{Sheet: "S", Row: 4}}, {Ref: importer.Ref{Sheet: "S", Row: 5}}, {Ref: importer.Ref{Sheet: "S", Row: 9}}}
	if got, want := rules.Ranges(rows, rules.English), "4:5, 9"; got != want {
		t.Errorf("whole rows: %q, want %q", got, want)
	}
}

func TestGroup(t *testing.T) {
	many := cells("Indikatorer", [2]int{4, 3}, [2]int{4, 4}, [2]int{5, 3}, [2]int{5, 4})
	few := cells("Drift", [2]int{4, 3}, [2]int{5, 3}, [2]int{6, 3})
	errs := func(rule string, n int) rules.Findings {
		var fs rules.Findings
		for i := range n {
			fs = append(fs, rules.Finding{Severity: rules.Error, Rule: rule,
				Ref: importer.Ref{File: "a.xlsx", Sheet: "Drift", Row: 4 + i, Col: 3}, Message: "e"})
		}
		return fs
	}
	t.Run("repeated info is one line with ranges", func(t *testing.T) {
		fs := append(append(rules.Findings{}, few...), many...)
		fs.Sort()
		gs := fs.Grouped(rules.Swedish)
		if len(gs) != 4 {
			t.Fatalf("%d groups, want 3 single + 1 group: %+v", len(gs), gs)
		}
		g := gs[3]
		if g.Count != 4 || g.Cells != "C4:D5" || len(g.Members) != 4 {
			t.Errorf("group = count %d cells %q members %d", g.Count, g.Cells, len(g.Members))
		}
		if !strings.HasPrefix(g.Message, "4 tal lagrade som text i C4:D5") {
			t.Errorf("message %q", g.Message)
		}
		if g.Ref.Cell() != "C4" {
			t.Errorf("first cell %q", g.Ref.Cell())
		}
		for _, s := range gs[:3] {
			if s.Count != 1 || s.Message != "m" || s.Cells == "" {
				t.Errorf("single %+v", s)
			}
		}
	})
	t.Run("errors of a rule without a group text stay single", func(t *testing.T) {
		if gs := errs("drift.trad", 5).Grouped(rules.Swedish); len(gs) != 5 {
			t.Errorf("%d groups, want 5", len(gs))
		}
	})
	t.Run("errors of a rule with a group text group", func(t *testing.T) {
		gs := errs("import.not_a_number", 5).Grouped(rules.English)
		if len(gs) != 1 || !strings.HasPrefix(gs[0].Message, "5 cells in C4:C8") {
			t.Errorf("%+v", gs)
		}
	})
	t.Run("a rule without a text quotes the first", func(t *testing.T) {
		fs := cells("Drift", [2]int{1, 1}, [2]int{2, 1}, [2]int{3, 1}, [2]int{4, 1})
		for i := range fs {
			fs[i].Rule = "drift.trad"
		}
		gs := fs.Grouped(rules.Swedish)
		if len(gs) != 1 || gs[0].Message != "4 fynd av samma slag i A1:A4. Det första, A1: m" {
			t.Errorf("%+v", gs)
		}
	})
	t.Run("warnings of a rule without a group text stay single", func(t *testing.T) {
		fs := cells("Drift", [2]int{1, 1}, [2]int{2, 1}, [2]int{3, 1}, [2]int{4, 1})
		for i := range fs {
			fs[i].Rule, fs[i].Severity, fs[i].Expected = "drift.foregaende_ar", rules.Warning, "1"
		}
		if gs := fs.Grouped(rules.Swedish); len(gs) != 4 || gs[0].Expected != "1" {
			t.Errorf("%d groups, want 4 with their values: %+v", len(gs), gs)
		}
	})
	t.Run("a finding of the whole sheet is never in a group", func(t *testing.T) {
		fs := append(rules.Findings{{Severity: rules.Info, Rule: "import.number_as_text",
			Ref: importer.Ref{File: "a.xlsx", Sheet: "Indikatorer"}, Message: "10 more not shown"}}, many...)
		gs := fs.Grouped(rules.Swedish)
		if len(gs) != 2 || gs[0].Count != 1 || gs[0].Message != "10 more not shown" || gs[1].Count != 4 {
			t.Errorf("%+v", gs)
		}
	})
	t.Run("other files and severities are apart", func(t *testing.T) {
		fs := append(rules.Findings{}, many...)
		fs[0].Ref.File = "b.xlsx"
		fs[1].Severity = rules.Warning
		if gs := fs.Grouped(rules.Swedish); len(gs) != 4 {
			t.Errorf("%d groups, want 4", len(gs))
		}
	})
}
