package importer_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/importer"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in      string
		want    string
		percent bool
		err     error
	}{
		{"1234", "1234", false, nil},
		{"1 234", "1234", false, nil},
		{"-3 277", "-3277", false, nil},
		{"\u22123 277", "-3277", false, nil},
		{"−3 %", "-3", true, nil},
		{"61,7", "61.7", false, nil},
		{"8,5 %", "8.5", true, nil},
		{"8,5%", "8.5", true, nil},
		{"1\u00a0234\u00a0567,89", "1234567.89", false, nil},
		{"1\u202f234", "1234", false, nil},
		{"  42 ", "42", false, nil},
		{"\u00a042\u00a0", "42", false, nil},
		{"+5", "5", false, nil},
		{"0,30", "0.3", false, nil},
		{"-0", "0", false, nil},
		{"12.5", "12.5", false, nil},
		{"-859 %", "-859", true, nil},
		{"abc", "", false, importer.ErrNotNumber},
		{"", "", false, importer.ErrNotNumber},
		{"-", "", false, importer.ErrNotNumber},
		{"%", "", false, importer.ErrNotNumber},
		{"1,2,3", "", false, importer.ErrNotNumber},
		{"1.234,5", "", false, importer.ErrNotNumber},
		{"1e3", "", false, importer.ErrNotNumber},
		{"12-3", "", false, importer.ErrNotNumber},
		{"1,", "", false, importer.ErrNotNumber},
		{",5", "", false, importer.ErrNotNumber},
		{" 1 234 kr", "", false, importer.ErrNotNumber},
		{"≤38", "", false, importer.ErrNotNumber},
		{"1_000", "", false, importer.ErrNotNumber},
		{"NaN", "", false, importer.ErrNotNumber},
		{"99999999999999999999999999999999999999999999999999999999999999999", "", false, importer.ErrNumberTooLong},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, pct, err := importer.ParseNumber(tt.in)
			if !errors.Is(err, tt.err) {
				t.Fatalf("ParseNumber(%q) error = %v, want %v", tt.in, err, tt.err)
			}
			if err != nil {
				return
			}
			if !got.Equal(decimal.RequireFromString(tt.want)) || pct != tt.percent {
				t.Errorf("ParseNumber(%q) = %s, %v, want %s, %v", tt.in, got, pct, tt.want, tt.percent)
			}
		})
	}
}

func TestParseStored(t *testing.T) {
	tests := []struct{ in, want string }{
		{"0.30000000000000004", "0.3"},
		{"1.1000000000000001", "1.1"},
		{"-750925", "-750925"},
		{"-0.07000000000000001", "-0.07"},
		{"1E-3", "0.001"},
		{"12345678901234567890", "12345678901234600000"},
		{"-8.5999999999999996", "-8.6"},
		{"0", "0"},
		{"45337", "45337"},
		{"123456789012.345678", "123456789012.346"},
	}
	for _, tt := range tests {
		got, err := importer.ParseStored(tt.in)
		if err != nil {
			t.Errorf("ParseStored(%q) error %v", tt.in, err)
			continue
		}
		if !got.Equal(decimal.RequireFromString(tt.want)) {
			t.Errorf("ParseStored(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	for _, bad := range []string{"", "abc", "1,5", "1e99999"} {
		if _, err := importer.ParseStored(bad); err == nil {
			t.Errorf("ParseStored(%q) = nil error, want one", bad)
		}
	}
}

func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"1 234", "−3 %", "61,7", "8,5 %", "1\u00a0234,5", "-", "abc", "1e3", ",5", "+0,0 %",
		"-877 777777777777777777777777777777777777 777777777777777777777%"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, pct, err := importer.ParseNumber(s)
		if err != nil {
			return
		}
		// A parsed number written back the Swedish way parses to itself.
		text := d.String()
		if pct {
			text += " %"
		}
		sw := swedish(text)
		back, pct2, err := importer.ParseNumber(sw)
		if errors.Is(err, importer.ErrNumberTooLong) && len(sw) > len(s) {
			return // written back longer than it was read (U+2212 for "-"), past the limit
		}
		if err != nil || !back.Equal(d) || pct2 != pct {
			t.Errorf("ParseNumber(%q) = %s; re-reading %q gave %s, %v", s, d, swedish(text), back, err)
		}
	})
}

func swedish(s string) string {
	out := []rune{}
	for _, r := range s {
		switch r {
		case '.':
			out = append(out, ',')
		case '-':
			out = append(out, '\u2212')
		default:
			out = append(out, r)
		}
	}
	return string(out)
}

func FuzzParseStored(f *testing.F) {
	for _, s := range []string{"0.30000000000000004", "1E-3", "-750925", "12345678901234567890", "-0.25", ".5", "1.", "007", "-"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := importer.ParseStored(s)
		if err != nil {
			return
		}
		if n := len(d.Coefficient().String()); d.Coefficient().Sign() >= 0 && n > 15 && d.Exponent() < 0 {
			t.Errorf("ParseStored(%q) = %s has %d significant digits", s, d, n)
		}
		// Within Excel's 15 digits the value is exactly what decimal reads,
		// down to the exponent (the fast path for short numbers agrees).
		digits := strings.Count(s, "0") + strings.Count(s, "1") + strings.Count(s, "2") + strings.Count(s, "3") +
			strings.Count(s, "4") + strings.Count(s, "5") + strings.Count(s, "6") + strings.Count(s, "7") +
			strings.Count(s, "8") + strings.Count(s, "9")
		if ref, err := decimal.NewFromString(strings.TrimSpace(s)); err == nil && digits <= 15 && !strings.ContainsAny(s, "eE") {
			if !ref.Equal(d) || ref.Exponent() != d.Exponent() {
				t.Errorf("ParseStored(%q) = %s (exp %d), decimal reads %s (exp %d)", s, d, d.Exponent(), ref, ref.Exponent())
			}
		}
	})
}
