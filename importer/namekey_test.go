package importer

import "testing"

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
