package rules

import (
	"fmt"
	"testing"
)

// TestNameSpill writes enough names for several blocks per partition and
// reads every partition back: each record once, in the order added, in
// the partition of its name; a file that fails gives an error, not names.
func TestNameSpill(t *testing.T) {
	s, err := newNameSpill()
	if err != nil {
		t.Fatal(err)
	}
	const n = 200_000 // about 16 bytes each: several blocks per partition
	for i := range n {
		s.add(fmt.Sprintf("verksamhet %d", i%(n/2)), i+2, i%3 == 0)
	}
	seen := 0
	part := map[string]int{}
	for p := range spillParts {
		if len(s.blocks[p]) < 2 {
			t.Errorf("partition %d has %d blocks written, want several", p, len(s.blocks[p]))
		}
		last := 0
		err := s.partition(p, func(name []byte, row int, self bool) {
			seen++
			if row <= last {
				t.Fatalf("partition %d: row %d after %d", p, row, last)
			}
			last = row
			if want := fmt.Sprintf("verksamhet %d", (row-2)%(n/2)); string(name) != want || self != ((row-2)%3 == 0) {
				t.Fatalf("row %d: %q self=%v, want %q self=%v", row, name, self, want, (row-2)%3 == 0)
			}
			if q, ok := part[string(name)]; ok && q != p {
				t.Fatalf("%q in partitions %d and %d", name, q, p)
			}
			part[string(name)] = p
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if seen != n {
		t.Errorf("read %d records, want %d", seen, n)
	}
	s.close()
	if err := s.partition(0, func([]byte, int, bool) {}); err == nil {
		t.Error("reading a closed file gave no error")
	}
	if err := decodeSpill([]byte{5, 'a'}, func([]byte, int, bool) {}); err != errSpillCorrupt {
		t.Errorf("a cut record gave %v", err)
	}
}
