package importer

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
)

// mapSource is a cellSource over fixed values, by "Sheet!A1".
type mapSource struct {
	cells  map[string]fval
	visits int
}

func (m *mapSource) value(sheet string, col, row int) (fval, error) {
	m.visits++
	if m.visits > 10_000 {
		return fval{}, errFormulaLimit
	}
	return m.cells[sheet+"!"+ColumnName(col)+fmt.Sprint(row)], nil
}

func (m *mapSource) visitRange(cells int) error {
	if cells > 10_000-m.visits {
		return errFormulaLimit
	}
	return nil
}

func num(s string) fval { return numVal(decimal.RequireFromString(s)) }

func testSource() *mapSource {
	return &mapSource{cells: map[string]fval{
		"Drift!B2": num("-56174"), "Drift!C2": num("-60379"),
		"Drift!B3": num("0"), "Drift!C3": num("12"),
		"Drift!B4": {kind: fText, text: "abc"}, "Drift!B5": {kind: fText, text: "7"},
		"Drift!B6": errVal("#N/A"), "Drift!B7": {kind: fLogical, b: true},
		"Extern finansiering!B2": num("100"), "it's!A1": num("2"),
	}}
}

func show(v fval) string {
	switch v.kind {
	case fNumber:
		return v.num.String()
	case fText:
		return fmt.Sprintf("%q", v.text)
	case fLogical:
		return fmt.Sprint(v.b)
	case fError:
		return v.text
	}
	return "empty"
}

func TestEvalFormula(t *testing.T) {
	tests := []struct{ formula, want string }{
		{"=1+2*3", "7"},
		{"=(1+2)*3", "9"},
		{"=-B2", "56174"},
		{"=--2", "2"},
		{"=0.1+0.2", "0.3"},
		{"=1/3*3", "0.9999999999999999999999999999999999999999"}, // 15 digits once stored in a cell
		{"=2/3", "0.6666666666666666666666666666666666666667"},
		{"=C2-B2", "-4205"},
		{"=ROUND(((C2-B2)/ABS(B2))*100,0)/100", "-0.07"},
		{"=ROUND(2.5,0)", "3"},
		{"=ROUND(-2.5,0)", "-3"},
		{"=ROUND(1234,-2)", "1200"},
		{`=IF(COUNT(B2,C2)<2,"",IFERROR(ROUND((C2-B2),0),""))`, "-4205"},
		{`=IF(COUNT(B2,Z9)<2,"",IFERROR(ROUND((Z9-B2),0),""))`, `""`},
		{`=IFERROR(ROUND((C3/B3)*100,0)/100,"")`, `""`},
		{"=C3/B3", "#DIV/0!"},
		{"=SUM(B2,C2)", "-116553"},
		{"=SUM(B2:C3)", "-116541"},
		{"=SUM(B2:B7)", "#N/A"},
		{"=SUM(B4,B5,B7)", "0"},
		{"=SUM(B5,1)", "1"},
		{`=SUM("7",1)`, "8"},
		{`=SUM("x",1)`, "#VALUE!"},
		{"=COUNT(B2:C7)", "4"},
		{"=MIN(B2:C3)", "-60379"},
		{"=MAX(B2:C3)", "12"},
		{"=MAX(Z1:Z3)", "0"},
		{"=AVERAGE(B2,C3)", "-28081"},
		{"=AVERAGE(Z1)", "#DIV/0!"},
		{"=B4+1", "#VALUE!"},
		{"=B5+1", "8"},
		{"=B7+1", "2"},
		{"=Z99+1", "1"},
		{"=Z99", "empty"},
		{"=B2<C2", "false"},
		{"=B2>=C2", "true"},
		{`=B4="ABC"`, "true"},
		{`=B4<>"abc"`, "false"},
		{`=1<"a"`, "true"},
		{"=IF(B3,1,2)", "2"},
		{"=IF(C3,1)", "1"},
		{"=IF(B3,1)", "false"},
		{"=IF(B3,1,)", "0"},
		{"=AND(1,B7)", "true"},
		{"=OR(B3,0)", "false"},
		{"=NOT(B3)", "true"},
		{"='Extern finansiering'!B2*2", "200"},
		{"='it''s'!A1+1", "3"},
		{"=Drift!$B$2", "-56174"},
		{"=#N/A", "#N/A"},
		{"=IFERROR(B6,5)", "5"},
		{`="a""b"`, `"a\"b"`},
		{"=sum(b2, c2)", "-116553"},
		{"=_xlfn.IFERROR(1/0,4)", "4"},
		{"=1E+308*10", "#NUM!"},
		{"=1E-320", "0"},
		{"= 1 + 2 ", "3"},
	}
	for _, tt := range tests {
		t.Run(tt.formula, func(t *testing.T) {
			n, err := parseFormula(tt.formula)
			if err != nil {
				t.Fatalf("parseFormula(%q): %v", tt.formula, err)
			}
			v, err := (&evaluator{src: testSource(), sheet: "Drift"}).eval(n)
			if err != nil {
				t.Fatalf("eval(%q): %v", tt.formula, err)
			}
			if got := show(v); got != tt.want {
				t.Errorf("eval(%q) = %s, want %s", tt.formula, got, tt.want)
			}
		})
	}
}

// TestFormulaNotComputed: what the evaluator leaves out is an error, never
// a value.
func TestFormulaNotComputed(t *testing.T) {
	tests := []struct {
		formula string
		want    error
	}{
		{`=LEN(REPT("x",2000000000))`, errUnsupported},
		{"=NOW()", errUnsupported},
		{"=INDIRECT(\"A1\")", errUnsupported},
		{"=B2^2", errUnsupported},
		{`=B2&"x"`, errUnsupported},
		{"=10%", errUnsupported},
		{"=[1]Blad1!A1", errUnsupported},
		{"='[bok.xlsx]Blad1'!A1", errUnsupported},
		{"=Budget", errUnsupported},
		{"=A:A", errUnsupported},
		{"=SUM(1:1)", errFormulaSyntax},
		{"=B2:C3", errUnsupported},
		{"={1,2}", errUnsupported},
		{"=SUM(A1:XFD1048576)", errFormulaLimit},
		{"=" + strings.Repeat("(", 200) + "1" + strings.Repeat(")", 200), errUnsupported},
		{"=" + strings.Repeat("-", 200) + "1", errUnsupported},
		{"=1+", errFormulaSyntax},
		{"=(1", errFormulaSyntax},
		{"=ROUND(1)", errFormulaSyntax},
		{"=IF(1,2,3,4)", errFormulaSyntax},
		{`="abc`, errFormulaSyntax},
		{"=XFE1", errUnsupported},
		{"=A1048577", errUnsupported},
		{"", errFormulaSyntax},
		{"=" + strings.Repeat("1+", 5000) + "1", errUnsupported},
	}
	for _, tt := range tests {
		t.Run(truncate(tt.formula, 40), func(t *testing.T) {
			n, err := parseFormula(tt.formula)
			if err == nil {
				var v fval
				v, err = (&evaluator{src: testSource(), sheet: "Drift"}).eval(n)
				if err == nil {
					t.Fatalf("%q = %s, want error %v", tt.formula, show(v), tt.want)
				}
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("%q: error %v, want %v", tt.formula, err, tt.want)
			}
		})
	}
}

// FuzzFormula: any text either parses and evaluates to a value or an
// error, within bounds, and the same way twice.
func FuzzFormula(f *testing.F) {
	for _, s := range []string{
		"=1+2*3", `=IF(COUNT(B2,C2)<2,"",IFERROR(ROUND((C2-B2),0),""))`, "='Extern finansiering'!B2*2",
		"=SUM(B2:C3)", `=LEN(REPT("x",2000000000))`, "=ROUND(-2.5,0)", "=-B2/0", "=1E+308*10", `="a""b"`,
		"=AVERAGE(B2,C3)", "=_xlfn.IFERROR(1/0,4)", "=AND(1,B7)", "=B4<>\"abc\"", "=$A$1:$B$2",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		eval := func() string {
			n, err := parseFormula(s)
			if err != nil {
				return err.Error()
			}
			v, err := (&evaluator{src: testSource(), sheet: "Drift"}).eval(n)
			if err != nil {
				return err.Error()
			}
			if v.kind == fNumber && v.num.NumDigits() > maxSignificant+1 {
				t.Errorf("%q = %s: more than %d digits", s, v.num, maxSignificant)
			}
			return show(v)
		}
		if a, b := eval(), eval(); a != b {
			t.Errorf("%q: %s, then %s", s, a, b)
		}
	})
}
