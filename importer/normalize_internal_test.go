package importer

import (
	"fmt"
	"strings"
	"sync"
	"testing"
)

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

// TestNormalizeCache: a fold from the cache is the fold, the cache keeps
// no more than normCacheMax texts, and workers may share it.
func TestNormalizeCache(t *testing.T) {
	for _, s := range []string{"Budget helår", "BUDGET  HELÅR", "Årets resultat", "Verksamhet", " x ", "Etappmål 2023", "A\u030aret"} {
		for i := range 2 { // made, then looked up
			if got, want := Normalize(s), normalizeRunes(s); got != want {
				t.Errorf("Normalize(%q) call %d = %q, want %q", s, i+1, got, want)
			}
		}
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range normCacheMax + 100 {
				s := fmt.Sprintf("Rubrik %d-%d", w, i)
				if got, want := Normalize(s), normalizeRunes(s); got != want {
					t.Errorf("Normalize(%q) = %q, want %q", s, got, want)
					return
				}
			}
		})
	}
	wg.Wait()
	// a text stored as another worker empties the cache may be left
	// uncounted: a few over normCacheMax at most
	if n := normCache.len(); n > normCacheMax+4 {
		t.Errorf("normCache holds %d texts, want at most %d", n, normCacheMax)
	}
	long := strings.Repeat("Ä", normCacheLen)
	if got, want := Normalize(long), normalizeRunes(long); got != want {
		t.Errorf("Normalize(long) = %q, want %q", got, want)
	}
	_, kept := normCache.m.Load(long)
	if kept {
		t.Errorf("a text of %d bytes was cached, the most is %d", len(long), normCacheLen)
	}
}

// BenchmarkNormalize folds a header that is not normalized ASCII.
func BenchmarkNormalize(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		Normalize("Budget helår")
	}
}
