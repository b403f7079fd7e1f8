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

// TestSharedStringsReserve: the table is sized ahead by what <sst>
// announces, but never beyond what the part can hold or maxReserve, so a
// lying attribute costs nothing.
func TestSharedStringsReserve(t *testing.T) {
	tests := []struct {
		attrs string
		size  int64
		want  int
	}{
		{`count="10" uniqueCount="3"`, 1000, 3},
		{`count="10"`, 1000, 10},
		{`uniqueCount="1000000000"`, 1000, 200},
		{`uniqueCount="1000000000"`, 1 << 40, maxReserve},
		{`uniqueCount="-5"`, 1000, 0},
		{`uniqueCount="x"`, 1000, 0},
		{``, 1000, 0},
		{`uniqueCount="7"`, 0, 0},
	}
	for _, tt := range tests {
		var sst sharedStrings
		sst.reserve([]byte(tt.attrs), tt.size)
		if got := cap(sst.ends); got != tt.want {
			t.Errorf("reserve(%q, %d): cap %d, want %d", tt.attrs, tt.size, got, tt.want)
		}
	}
}
