package rules

import (
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/importer"
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

// TestImportMessagesComplete requires a message in both languages for
// every reading problem.
func TestImportMessagesComplete(t *testing.T) {
	for code, m := range importMessages {
		if m.sv == "" || m.en == "" || m.sev == 0 {
			t.Errorf("%s: message sv %q en %q severity %v", code, m.sv, m.en, m.sev)
		}
	}
}
