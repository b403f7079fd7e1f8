package rules

import (
	"errors"
	"fmt"
	"testing"
)

// memSpill is a SpillFile in memory, for the tests: the caller decides
// where names spill to.
type memSpill struct {
	data   []byte
	closed bool
}

var errClosed = errors.New("closed")

func (m *memSpill) WriteAt(b []byte, off int64) (int, error) {
	if m.closed {
		return 0, errClosed
	}
	if need := int(off) + len(b); need > len(m.data) {
		m.data = append(m.data, make([]byte, need-len(m.data))...)
	}
	return copy(m.data[off:], b), nil
}

func (m *memSpill) ReadAt(b []byte, off int64) (int, error) {
	if m.closed {
		return 0, errClosed
	}
	if int(off)+len(b) > len(m.data) {
		return 0, errors.New("read beyond the end")
	}
	return copy(b, m.data[off:]), nil
}

func (m *memSpill) Close() error { m.closed = true; return nil }

// TestNameSpill writes enough names for several blocks per partition and
// reads every partition back: each record once, in the order added, in
// the partition of its name; a file that fails gives an error, not names.
func TestNameSpill(t *testing.T) {
	if _, err := newNameSpill(nil); err == nil {
		t.Error("a spill without storage was made")
	}
	s, err := newNameSpill(func() (SpillFile, error) { return &memSpill{}, nil })
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
