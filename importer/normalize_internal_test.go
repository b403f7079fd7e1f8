package importer

import "testing"

// FuzzNormalize: the ASCII fast path folds exactly as the general one.
func FuzzNormalize(f *testing.F) {
	for _, s := range []string{"", " ", "a", "Verksamhet 12", "  two  spaces ", "tab\there", "line\r\nbreak", "Årets resultat", "x\u00a0y", "\v\f", "ok already"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if got, want := Normalize(s), normalizeRunes(s); got != want {
			t.Errorf("Normalize(%q) = %q, the general fold gives %q", s, got, want)
		}
	})
}
