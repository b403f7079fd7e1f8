package exporter

import (
	"testing"
	"unicode/utf8"
)

// FuzzSafe holds safe's ASCII fast path to the rune-by-rune definition:
// valid UTF-8 (a U+FFFD counted as invalid) with nothing needsEscape
// escapes.
func FuzzSafe(f *testing.F) {
	for _, s := range []string{"", "Drift", "a\x7fb", "\x1b[2J", "Nämnd\u00ad", "a\xffb", "a\uFFFDb", "\u2028", "x\u200by", "tab\there", "åäö ~"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := true
		for _, r := range s {
			if r == utf8.RuneError || needsEscape(r) {
				want = false
				break
			}
		}
		if got := safe(s); got != want {
			t.Errorf("safe(%q) = %v, want %v", s, got, want)
		}
	})
}
