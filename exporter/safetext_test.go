package exporter_test

import (
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/exporter"
)

func TestPrintable(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"plain Swedish", "Kommunstyrelsen – Helår 2023", "Kommunstyrelsen – Helår 2023"},
		{"newline forging a line", "KS\nx.xlsx (Fejk): godkänd", `KS\nx.xlsx (Fejk): godkänd`},
		{"carriage return and tab", "a\rb\tc", `a\rb\tc`},
		{"ESC sequence", "\x1b[2J\x1b]0;title\x07", `\x1b[2J\x1b]0;title\x07`},
		{"NUL and DEL", "a\x00b\x7f", `a\x00b\x7f`},
		{"C1 control", "a\u0085b\u009bc", `a\u0085b\u009bc`},
		{"bidi override", "abc\u202egpj.exe", `abc\u202egpj.exe`},
		{"bidi isolates", "\u2066x\u2069", `\u2066x\u2069`},
		{"line separator", "a\u2028b", `a\u2028b`},
		{"invalid UTF-8", "a\xffb\xc3", "a\uFFFDb\uFFFD"},
		{"real U+FFFD kept", "a\uFFFDb", "a\uFFFDb"},
		{"zero-width space", "Dri\u200bft", `Dri\u200bft`},
		{"word joiner and zero-width joiners", "a\u2060b\u200cc\u200dd", `a\u2060b\u200cc\u200dd`},
		{"soft hyphen", "Nämnd\u00ad", `Nämnd\u00ad`},
		{"direction marks", "\u200ex\u200f\u061c", `\u200ex\u200f\u061c`},
		{"byte-order mark and invisible operators", "\ufeffa\u2062b\u2064", `\ufeffa\u2062b\u2064`},
		{"tag characters", "a\U000e0041", `a\U000e0041`},
		{"Hangul filler", "\u3164KS", `\u3164KS`},
		{"Latin-1 letters and signs kept", "åäö é ñ ¬ ® ° ±", "åäö é ñ ¬ ® ° ±"},
		{"other spaces kept", "1\u00a0234\u202f5", "1\u00a0234\u202f5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exporter.Printable(tt.in); got != tt.want {
				t.Errorf("Printable(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestShort(t *testing.T) {
	long := strings.Repeat("å", 10<<20)
	tests := []struct {
		name, in, want string
	}{
		{"short kept", "Kommunstyrelsen", "Kommunstyrelsen"},
		{"exactly the limit", strings.Repeat("a", exporter.ShortRunes), strings.Repeat("a", exporter.ShortRunes)},
		{"one more", strings.Repeat("a", exporter.ShortRunes+1), strings.Repeat("a", exporter.ShortRunes) + "…"},
		{"10 MB of å", long, strings.Repeat("å", exporter.ShortRunes) + "…"},
		{"cut and escaped", strings.Repeat("\n", exporter.ShortRunes+5), strings.Repeat(`\n`, exporter.ShortRunes) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := exporter.Short(tt.in); got != tt.want {
				t.Errorf("Short(%.20q…) = %.40q…, want %.40q…", tt.in, got, tt.want)
			}
		})
	}
}
