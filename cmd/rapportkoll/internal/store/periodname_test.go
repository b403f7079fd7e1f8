package store

import (
	"strings"
	"testing"
)

func TestCheckPeriodName(t *testing.T) {
	tests := []struct {
		name string
		ok   bool
	}{
		{"Helår 2023", true},
		{"Delår 1 2024", true},
		{"2023", true},
		{"", false},
		{" ", false},
		{"-", false},
		{"../..", false},
		{"\x00", false},
		{"Helår\x002023", false},
		{"x\r\nX-Evil: 1", false},
		{"Helår\t2023", false},
		{"Helår \u202e2023", false},
		{"\xff2023", false},
		{strings.Repeat("å", MaxPeriodName), true},
		{strings.Repeat("å", MaxPeriodName+1), false},
	}
	for _, tt := range tests {
		if err := CheckPeriodName(tt.name); (err == nil) != tt.ok {
			t.Errorf("CheckPeriodName(%q) = %v, want ok %v", tt.name, err, tt.ok)
		}
	}
}
