package rules

import (
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/catalog"
)

// TestReadingMessages checks the messages of reading problems that carry
// details beyond the cell's text, in both languages.
func TestReadingMessages(t *testing.T) {
	ref := importer.Ref{File: "a.xlsx", Sheet: "Drift", Row: 2, Col: 2}
	tests := []struct {
		name     string
		p        importer.Problem
		lang     Lang
		sev      Severity
		contains []string
		expected string
		actual   string
	}{
		{"thousands sv", importer.Problem{Ref: ref, Code: importer.ThousandsComma, Column: "Budget helår", Text: "1,234", Value: "1.234", Expected: "1234", Unit: "tkr"},
			Swedish, Warning, []string{`"1,234"`, "lästes som 1,234 tkr", "menade du 1\u00a0234?", "utan tusentalsavgränsare eller med mellanslag"}, "1234", "1.234"},
		{"thousands en", importer.Problem{Ref: ref, Code: importer.ThousandsComma, Column: "Budget helår", Text: "-56,798", Value: "-56.798", Expected: "-56798", Unit: "tkr"},
			English, Warning, []string{"was read as -56.798 tkr", "did you mean −56\u00a0798?", "without a thousands separator"}, "-56798", "-56.798"},
		{"decimals sv", importer.Problem{Ref: ref, Code: importer.TooManyDecimals, Column: "Budget helår", Text: "12.5", Value: "12.5", Expected: "13", Unit: "tkr"},
			Swedish, Warning, []string{"lästes som 12,5 tkr", "anges i heltal", "Skriv 13"}, "13", "12.5"},
		{"decimals en, one decimal", importer.Problem{Ref: ref, Code: importer.TooManyDecimals, Column: "Värde", Text: "1.25", Value: "1.25", Expected: "1.3", Decimals: 1},
			English, Warning, []string{"was read as 1.25,", "takes at most 1 decimal", "Write 1,3"}, "1.3", "1.25"},
		{"unnamed row en", importer.Problem{Ref: ref, Code: importer.RowUnnamed, Column: "Verksamhet", Text: "Budget helår -1744; Utfall helår -1761"},
			English, Error, []string{`no name in "Verksamhet"`, "(Budget helår -1744; Utfall helår -1761)", "or remove the values"}, "", ""},
		{"unnamed row sv", importer.Problem{Ref: ref, Code: importer.RowUnnamed, Column: "Verksamhet", Text: "Budget helår 5"},
			Swedish, Error, []string{`saknar namn i "Verksamhet"`, "ta bort värdena"}, "", ""},
		{"percent unit", importer.Problem{Ref: ref, Code: importer.TooManyDecimals, Column: "Avvikelse (%)", Text: "0.97", Value: "0.97", Expected: "1", Unit: "%"},
			Swedish, Warning, []string{"lästes som 0,97 %,"}, "1", "0.97"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := ProblemFinding(tt.p, tt.lang)
			if f.Severity != tt.sev || f.Rule != string(tt.p.Code) || f.Expected != tt.expected || f.Actual != tt.actual {
				t.Errorf("finding = %v %s expected %q actual %q, want %v %s %q %q", f.Severity, f.Rule, f.Expected, f.Actual, tt.sev, tt.p.Code, tt.expected, tt.actual)
			}
			for _, c := range tt.contains {
				if !strings.Contains(f.Message, c) {
					t.Errorf("message %q lacks %q", f.Message, c)
				}
			}
			if strings.Contains(f.Message, "{") {
				t.Errorf("message %q has a placeholder left", f.Message)
			}
		})
	}
}

// TestImportMessagesComplete requires a severity and a text in the
// catalogue for every reading problem.
func TestImportMessagesComplete(t *testing.T) {
	for code, sev := range importSeverity {
		if sev == 0 || !catalog.Has(string(code)) {
			t.Errorf("%s: severity %v, in the catalogue %v", code, sev, catalog.Has(string(code)))
		}
	}
}

// TestRuleKeysInCatalogue finds every rule key the code passes as a
// literal to fail, warn or note (and ruleMessage) and requires its text in
// the catalogue: a missing key would show the bare key to a user.
func TestRuleKeysInCatalogue(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	fset := token.NewFileSet()
	for _, name := range files {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		file, err := parser.ParseFile(fset, name, nil, 0)
		if err != nil {
			t.Fatal(err)
		}
		ast.Inspect(file, func(nd ast.Node) bool {
			call, ok := nd.(*ast.CallExpr)
			if !ok {
				return true
			}
			arg := -1
			switch fn := call.Fun.(type) {
			case *ast.SelectorExpr:
				switch fn.Sel.Name {
				case "fail", "warn", "note":
					arg = 1
				}
			case *ast.Ident:
				if fn.Name == "ruleMessage" {
					arg = 0
				}
			}
			if arg < 0 || len(call.Args) <= arg {
				return true
			}
			lit, ok := call.Args[arg].(*ast.BasicLit)
			if !ok || lit.Kind != token.STRING {
				return true
			}
			key, _ := strconv.Unquote(lit.Value)
			n++
			if !catalog.Has("rule." + key) {
				t.Errorf("%s: rule key %q has no text rule.%s in the catalogue", fset.Position(lit.Pos()), key, key)
			}
			return true
		})
	}
	if n < 10 {
		t.Fatalf("found %d rule keys in the code, want the rules' keys; the search is wrong", n)
	}
}
