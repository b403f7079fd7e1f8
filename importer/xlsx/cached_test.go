package xlsx

import (
	"encoding/xml"
	"fmt"
	"io"
	"strings"
	"testing"
)

// TestFormulaCached: an empty <v></v> or <v/> under a formula with no t or
// t="n" (as openpyxl writes) is a formula without a cached value, for both
// readers; t="str" with <v></v> is a genuine empty-string result.
func TestFormulaCached(t *testing.T) {
	tests := []struct {
		name, cell string
		want       string // Type Formula Cached Value, "" when the cell is left out
	}{
		{"openpyxl <v></v>", `<c r="A1"><f>SUM(C3,C4)</f><v></v></c>`, `t0 true false ""`},
		{"openpyxl <v/>", `<c r="A1"><f>SUM(C3,C4)</f><v/></c>`, `t0 true false ""`},
		{"t=n and <v></v>", `<c r="A1" t="n"><f>1+1</f><v></v></c>`, `t0 true false ""`},
		{"t=b and <v/>", `<c r="A1" t="b"><f>TRUE()</f><v/></c>`, `t2 true false ""`},
		{"excelize, no <v>", `<c r="A1"><f>1+1</f></c>`, `t0 true false ""`},
		{"empty string result", `<c r="A1" t="str"><f>IF(1,"","x")</f><v></v></c>`, `t1 true true ""`},
		{"empty string result <v/>", `<c r="A1" t="str"><f>""</f><v/></c>`, `t1 true true ""`},
		{"cached number", `<c r="A1"><f>1+1</f><v>2</v></c>`, `t0 true true "2"`},
		{"cached zero", `<c r="A1"><f>1-1</f><v>0</v></c>`, `t0 true true "0"`},
		{"no formula, <v></v>", `<c r="A1"><v></v></c>`, ``},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			src := `<worksheet><sheetData><row r="1">` + tt.cell + `</row></sheetData></worksheet>`
			for _, fast := range []bool{true, false} {
				var src2 rowSource = &sheetReader{b: testBook(), d: newDecoder(src)}
				if fast {
					src2 = newScanner(testBook(), stringReader(src))
				}
				r, err := src2.next()
				if err != nil {
					t.Fatalf("fast %v: %v", fast, err)
				}
				got := ""
				if len(r.Cells) == 1 {
					c := r.Cells[0]
					got = fmt.Sprintf("t%d %v %v %q", c.Type, c.Formula, c.Cached, c.Value)
				}
				if got != tt.want {
					t.Errorf("fast %v: %s = %s, want %s", fast, tt.cell, got, tt.want)
				}
			}
		})
	}
}

func newDecoder(s string) *xml.Decoder { return xml.NewDecoder(strings.NewReader(s)) }

func stringReader(s string) io.Reader { return strings.NewReader(s) }

// TestFormulaRows: FormulaRows gives each formula's text; a shared
// formula's followers, data tables and formulas over Excel's length limit
// have none (they are not computed).
func TestFormulaRows(t *testing.T) {
	long := strings.Repeat("1+", 4100) + "1"
	sheet := `<x:row r="1"><x:c r="A1"><x:f>SUM(B1,C1)</x:f><x:v></x:v></x:c><x:c r="B1"><x:f t="shared" ref="B1:B2" si="0">C1&amp;"x"</x:f></x:c><x:c r="C1"><x:v>2</x:v></x:c></x:row>` +
		`<x:row r="2"><x:c r="B2"><x:f t="shared" si="0"/></x:c><x:c r="C2"><x:f t="dataTable" ref="C2:C3" dt2D="0" dtr="0" r1="A1"/></x:c><x:c r="D2"><x:f>` + long + `</x:f></x:c></x:row>`
	b, err := Open(writeZipInternal(t, sheet), DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var got []string
	for r, err := range b.FormulaRows("Drift") {
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range r.Cells {
			got = append(got, fmt.Sprintf("%d/%d %v %v %q", r.Num, c.Col, c.Formula, c.Cached, c.Expr))
		}
	}
	want := []string{
		`1/1 true false "SUM(B1,C1)"`, `1/2 true false "C1&\"x\""`, `1/3 false true ""`,
		`2/2 true false ""`, `2/3 true false ""`, `2/4 true false ""`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("FormulaRows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for r := range b.Rows("Drift") {
		for _, c := range r.Cells {
			if c.Expr != "" {
				t.Errorf("Rows gives formula text %q; only FormulaRows should", c.Expr)
			}
		}
	}
}
