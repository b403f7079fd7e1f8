package store

import (
	"fmt"
	"testing"
)

func TestCompare(t *testing.T) {
	fact := func(sheet, row, col, value, cell string) Fact {
		return Fact{Sheet: sheet, Row: row, Column: col, Kind: "number", Value: value, Cell: cell}
	}
	a := &Record{ID: 1, Facts: []Fact{
		fact("Drift", "kansli", "Budget helår", "100", "C5"),
		fact("Drift", "kansli", "Utfall helår", "1234.50", "D5"),
		fact("Drift", "kultur", "Budget helår", "50", "C6"),
		fact("Drift", "fritid", "Budget helår", "7", "C7"),
		fact("Drift", "fritid", "Budget helår", "8", "C8"), // the same label twice
	}, Findings: []Finding{
		{Severity: "error", Rule: "drift.avvikelse", Sheet: "Drift", Cell: "E5"},
		{Severity: "info", Rule: "drift.summa", Sheet: "Drift", Cell: "C4"},
	}}
	b := &Record{ID: 2, Facts: []Fact{
		fact("Drift", "kansli", "Budget helår", "101", "C5"),
		fact("Drift", "kansli", "Utfall helår", "1234.5", "D5"), // the same number
		fact("Drift", "kansli", "Avvikelse helår", "-3", "E5"),
		fact("Drift", "fritid", "Budget helår", "7", "C6"),
		fact("Drift", "fritid", "Budget helår", "9", "C7"),
		fact("Drift", "skola", "Budget helår", "1", "C8"),
	}, Findings: []Finding{
		{Severity: "info", Rule: "drift.summa", Sheet: "Drift", Cell: "C4"},
		{Severity: "warning", Rule: "satsningar.over", Sheet: "Satsningar", Cell: "C3"},
	}}
	d := Compare(a, b)
	tests := []struct{ name, got, want string }{
		{"changed", fmt.Sprint(d.Changed), "[{Drift kansli Budget helår 100 101 C5 C5} {Drift kansli Avvikelse helår  -3  E5} {Drift fritid #2 Budget helår 8 9 C8 C7}]"},
		{"added", fmt.Sprint(d.RowsAdded), "[{Drift skola}]"},
		{"removed", fmt.Sprint(d.RowsRemoved), "[{Drift kultur}]"},
		{"fixed", fmt.Sprint(d.Fixed), "[{error drift.avvikelse Drift E5   }]"},
		{"new", fmt.Sprint(d.New), "[{warning satsningar.over Satsningar C3   }]"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("Compare: %s = %s, want %s", tt.name, tt.got, tt.want)
		}
	}
	if same := Compare(b, b); len(same.Changed)+len(same.RowsAdded)+len(same.RowsRemoved)+len(same.Fixed)+len(same.New) != 0 {
		t.Errorf("Compare(b, b) = %+v, want nothing", same)
	}
}
