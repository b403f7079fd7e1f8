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
	if first, found := x.add("verksamhet 3", -1); !found || first != want["verksamhet 3"] {
		t.Errorf("add of a known name = %d, %v; want %d, true", first, found, want["verksamhet 3"])
	}
	if first, found := x.add("ny verksamhet", 99); found || first != 99 {
		t.Errorf("add of a new name = %d, %v; want 99, false", first, found)
	}
	if got, ok := x.get("ny verksamhet"); !ok || got != 99 {
		t.Errorf("get after add = %d, %v", got, ok)
	}
	want["ny verksamhet"] = 99
	if x.entries.len() != len(want) {
		t.Errorf("%d entries for %d names", x.entries.len(), len(want))
	}
}
