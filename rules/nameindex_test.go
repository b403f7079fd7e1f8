package rules

import (
	"fmt"
	"testing"
)

// TestNameIndex checks the index against a map over enough names to grow
// the table many times, with first rows replaced for some names.
func TestNameIndex(t *testing.T) {
	x := newNameIndex()
	want := map[string]int{}
	for i := range 20_000 {
		name := fmt.Sprintf("verksamhet %d", i%15_000)
		if i%15_000 == 7 {
			name = "" // the empty name is a name too
		}
		if _, ok := want[name]; !ok || i%3 == 0 {
			want[name] = i
			x.set(name, i)
		}
	}
	for name, row := range want {
		if got, ok := x.get(name); !ok || got != row {
			t.Fatalf("get(%q) = %d, %v; want %d", name, got, ok, row)
		}
	}
	for _, name := range []string{"verksamhet 15000", "Verksamhet 1", "verksamhet 1 "} {
		if _, ok := x.get(name); ok {
			t.Errorf("get(%q) found a name never set", name)
		}
	}
	if x.entries.len() != len(want) {
		t.Errorf("%d entries for %d names", x.entries.len(), len(want))
	}
}
