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
