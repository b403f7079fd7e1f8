package exporter

import (
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

func TestCanonical(t *testing.T) {
	enum := &importer.Column{Type: importer.TypeEnum, Values: []string{"I mycket hög grad uppfyllt", "I hög grad uppfyllt", "Delvis uppfyllt", "Ej uppfyllt"}}
	text := &importer.Column{Type: importer.TypeText}
	tests := []struct {
		in   string
		col  *importer.Column
		want string
	}{
		{"i hög grad uppfyllt", enum, "I hög grad uppfyllt"},
		{"Delvis  uppfyllt", enum, "Delvis uppfyllt"},
		{" EJ UPPFYLLT ", enum, "Ej uppfyllt"},
		{"Delvis uppfylt", enum, "Delvis uppfylt"}, // a near miss stays as written, and is marked
		{"i hög grad uppfyllt", text, "i hög grad uppfyllt"},
	}
	for _, tt := range tests {
		if got := canonical(tt.in, tt.col); got != tt.want {
			t.Errorf("canonical(%q, %s) = %q, want %q", tt.in, tt.col.Type, got, tt.want)
		}
	}
}

func TestLines(t *testing.T) {
	tests := []struct {
		in   string
		want int
	}{
		{"", 1},
		{"kort", 1},
		{strings.Repeat("x", wrapChars), 1},
		{strings.Repeat("x", wrapChars+1), 2},
		{"a\n\nb", 3},
	}
	for _, tt := range tests {
		if got := lines(tt.in); got != tt.want {
			t.Errorf("lines(%d characters) = %d, want %d", len(tt.in), got, tt.want)
		}
	}
}

func TestHeaderTextSpaces(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Helår 2023", "Helår 2023"},
		{"Kultur & fritid", "Kultur && fritid"},
		{"  Delår\napril ", "Delår april"},
		{strings.Repeat("å", 80), strings.Repeat("å", 59) + "…"},
		{"två\nrader", "två rader"},
	}
	for _, tt := range tests {
		if got := headerText(tt.in, 60); got != tt.want {
			t.Errorf("headerText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestChartColumn(t *testing.T) {
	// A column of w characters is colWidth(w)*7+5 pixels wide.
	tests := []struct {
		name   string
		widths []int
		px     int
		want   string
	}{
		{"after two wide columns", []int{28, 37, 10, 10}, 540, "D"}, // A 215 px, B 278: C at 493, D at 568
		{"past the last column", []int{10}, 540, "B"},
		{"no columns", nil, 540, "A"},
		{"at the edge", []int{28}, 0, "A"},
	}
	for _, tt := range tests {
		if got := chartColumn(tt.widths, tt.px); got != tt.want {
			t.Errorf("%s: chartColumn(%v, %d) = %q, want %q", tt.name, tt.widths, tt.px, got, tt.want)
		}
	}
}

// TestMarkCommentCap: beyond maxComments a mark fills its cell but gets no
// comment (excelize's AddComment slows with each one), and is counted for
// the note below Fel och varningar.
func TestMarkCommentCap(t *testing.T) {
	f := excelize.NewFile()
	defer f.Close()
	r := &check.Submission{}
	r.File = "a.xlsx"
	fd := rules.Finding{Severity: rules.Error, Rule: "x", Ref: importer.Ref{File: "a.xlsx", Sheet: "Drift", Row: 5, Col: 3}, Message: "fel"}
	r.Findings = rules.Findings{fd}
	m := newMarks(f, Run{Results: []*check.Submission{r}}, base)
	k := markKey{r, "Drift", 5, 3}
	tests := []struct {
		name        string
		made        int
		wantComment bool
	}{
		{"below the cap", maxComments - 1, true},
		{"at the cap", maxComments, false},
	}
	for _, tt := range tests {
		m.comments, m.uncommented = tt.made, 0
		c, err := m.mark(cell{}, k)
		if err != nil {
			t.Fatal(err)
		}
		if c.style == 0 {
			t.Errorf("%s: mark gave no fill", tt.name)
		}
		if got := c.comment != ""; got != tt.wantComment {
			t.Errorf("%s: comment %q, want one: %v", tt.name, c.comment, tt.wantComment)
		}
		if want := map[bool]int{true: 0, false: 1}[tt.wantComment]; m.uncommented != want {
			t.Errorf("%s: uncommented = %d, want %d", tt.name, m.uncommented, want)
		}
		if tt.wantComment && !strings.Contains(c.comment, "Fel: fel (a.xlsx: Drift!C5)") {
			t.Errorf("%s: comment %q", tt.name, c.comment)
		}
	}
}

func TestRowSource(t *testing.T) {
	c := &consolidated{}
	tests := []struct {
		name    string
		depts   []string
		perDept []int
		covered int
		want    string
	}{
		{"one row of every department", []string{"A", "B"}, []int{1, 1}, 2, ""},
		{"only some", []string{"A"}, []int{1}, 3, "bara hos A"},
		{"several rows", []string{"A", "B"}, []int{3, 1}, 2, "summa av flera rader hos A (3)"},
		{"both", []string{"B"}, []int{2}, 2, "bara hos B; summa av flera rader hos B (2)"},
	}
	for _, tt := range tests {
		g := &totalGroup{}
		for i, d := range tt.depts {
			g.depts = append(g.depts, deptRows{name: d, rows: int32(tt.perDept[i])})
		}
		if got := c.rowSource(g, tt.covered); got != tt.want {
			t.Errorf("%s: rowSource = %q, want %q", tt.name, got, tt.want)
		}
	}
}
