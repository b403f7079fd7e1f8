package exporter

import (
	"strings"
	"testing"
)

func TestFormatChoices(t *testing.T) {
	tests := []struct {
		pattern string
		year    int
		want    string // choices joined by "|"
	}{
		{`^(Helår|Delår (april|augusti)) (19|20)\d\d$`, 2023, "Helår 2023|Delår april 2023|Delår augusti 2023"},
		{`^(Helår|Delår (april|augusti)) (19|20)\d\d$`, 2031, "Helår 2031|Delår april 2031|Delår augusti 2031"},
		{`^(Helår|Delår (april|augusti)) (19|20)\d\d$`, 0, ""}, // no report year: 600 values, no list
		{`^(ja|nej)$`, 2023, "ja|nej"},
		{`^K[1-3]?$`, 2023, "K|K1|K2|K3"},
		{`^\d{4}$`, 2023, ""},   // too many, and no year picks a few
		{`^[A-Z].*$`, 2023, ""}, // any text
		{`(?i)^ja$`, 2023, ""},  // any case
		{`^(`, 2023, ""},        // not a pattern
	}
	for _, tt := range tests {
		got := strings.Join(formatChoices(tt.pattern, tt.year), "|")
		if got != tt.want {
			t.Errorf("formatChoices(%q, %d) = %q, want %q", tt.pattern, tt.year, got, tt.want)
		}
	}
}

func TestWrappedLines(t *testing.T) {
	tests := []struct {
		text string
		want int
	}{
		{"", 1},
		{"Kort rad.", 1},
		{strings.Repeat("ord ", lineChars/4), 1},
		{strings.Repeat("ord ", lineChars/4+1), 2},
		{strings.Repeat("ordet ", 3*lineChars/6), 4},
	}
	for _, tt := range tests {
		if got := wrappedLines(tt.text); got != tt.want {
			t.Errorf("wrappedLines(%d characters) = %d, want %d", len(tt.text), got, tt.want)
		}
	}
}

func TestHeaderText(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
	}{
		{"Kommunstyrelsen", 60, "Kommunstyrelsen"},
		{"Kultur & fritid", 60, "Kultur && fritid"},
		{"abcdef", 6, "abcdef"},
		{"abcdefg", 6, "abcde…"},
		{"&&&&", 6, "&&&&…"},
		{"a&&&", 6, "a&&&&…"},
	}
	for _, tt := range tests {
		if got := headerText(tt.in, tt.n); got != tt.want {
			t.Errorf("headerText(%q, %d) = %q, want %q", tt.in, tt.n, got, tt.want)
		}
	}
}
