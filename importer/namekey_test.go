package importer

import (
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

func TestNameKey(t *testing.T) {
	tests := []struct{ a, b string }{
		{"Grundskolenämnden", "Grundskolena\u0308mnden"},       // NFD
		{"Grundskolenämnden", "Grundskole\u200bnämnden"},       // zero-width space
		{"Grundskolenämnden", "\ufeffGrundskolenämnden\u200d"}, // BOM, joiner
		{"Bygg- och miljönämnden", "Bygg-\u00a0och\u202fmiljönämnden"},
		{"Bygg- och miljönämnden", "  bygg-  OCH\tmiljönämnden "},
		{"Helår 2023", "helår\u00a02023"},
		{"Socialnämnden", "SOCIALNÄMNDEN"},
		{"Gatu\u00adnämnden", "Gatunämnden"}, // soft hyphen
	}
	for _, tt := range tests {
		if ka, kb := NameKey(tt.a), NameKey(tt.b); ka != kb {
			t.Errorf("NameKey(%q) = %q, NameKey(%q) = %q, want equal", tt.a, ka, tt.b, kb)
		}
	}
	for _, pair := range [][2]string{{"Grundskolenämnden", "Grundskolenamnden"}, {"Helår 2023", "Helår 2022"}} {
		if NameKey(pair[0]) == NameKey(pair[1]) {
			t.Errorf("NameKey(%q) = NameKey(%q), want different", pair[0], pair[1])
		}
	}
}

// FuzzNameKey: the shortcut for printable ASCII gives the key the whole
// way gives (Unicode NFC, format characters removed, case folded).
func FuzzNameKey(f *testing.F) {
	for _, s := range []string{"Drift", " drift  ", "Intern kontroll", "A\tB", "Näm\u200bnd", "~!@#$%^&*()_+{}|:<>?"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		slow := Normalize(strings.ToUpper(norm.NFC.String(strings.Map(func(r rune) rune {
			if unicode.Is(unicode.Cf, r) {
				return -1
			}
			return r
		}, s))))
		if got := NameKey(s); got != slow {
			t.Fatalf("NameKey(%q) = %q, want %q", s, got, slow)
		}
	})
}
