package xlsx

import (
	"strings"
	"testing"
)

func sstOf(texts ...string) sharedStrings {
	var t sharedStrings
	for _, s := range texts {
		t.add([]byte(s))
	}
	return t
}

func (t *sharedStrings) all() []string {
	out := make([]string, t.len())
	for i := range out {
		out[i] = t.at(i)
	}
	return out
}

// TestSharedStrings: entries come back as added, also empty ones, ones
// that span two chunks and ones longer than a chunk.
func TestSharedStrings(t *testing.T) {
	texts := []string{"", "delad & text", "två", ""}
	texts = append(texts, strings.Repeat("a", sstChunk-len("delad & texttvå")-3), "spans", strings.Repeat("b", 2*sstChunk+7), "", "sist")
	tab := sstOf(texts...)
	if tab.len() != len(texts) {
		t.Fatalf("len = %d, want %d", tab.len(), len(texts))
	}
	for i, want := range texts {
		if got := tab.at(i); got != want {
			t.Errorf("at(%d) = %.20q (%d bytes), want %.20q (%d bytes)", i, got, len(got), want, len(want))
		}
	}
}

// TestUnusedSharedStringsCompact: a table of many strings no cell uses
// costs their bytes and an offset each, not a Go string apiece.
func TestUnusedSharedStringsCompact(t *testing.T) {
	var tab sharedStrings
	for range 100_000 {
		tab.add([]byte("Oanvänd"))
	}
	if n := len(tab.chunks); n != 1 || cap(tab.chunks[0]) > 2*sstChunk {
		t.Errorf("%d chunks for 800 kB of text, want 1", n)
	}
	if c := cap(tab.ends); c > 2*100_000 {
		t.Errorf("cap(ends) = %d, want at most %d", c, 2*100_000)
	}
}
