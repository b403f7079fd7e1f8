package rules

import "hash/maphash"

// nameIndex maps names to the row number of their first row, compactly:
// the names lie back to back in one byte slice and an open-addressing
// table holds their positions, about 10 bytes per name besides the name
// itself, where a Go map of strings takes some 60. A tree over a
// million-row sheet needs every name once (for duplicates and for parents
// named further down), so this is most of what checking such a sheet
// keeps.
type nameIndex struct {
	seed  maphash.Seed
	bytes []byte   // the names, back to back
	ends  []uint32 // where each name ends in bytes
	rows  []int32  // each name's first row
	slots []uint32 // entry number + 1, or 0 for a free slot; len a power of two
}

func newNameIndex() *nameIndex {
	return &nameIndex{seed: maphash.MakeSeed(), slots: make([]uint32, 64)}
}

// entry returns the bytes of entry e (0-based).
func (x *nameIndex) entry(e int) []byte {
	start := uint32(0)
	if e > 0 {
		start = x.ends[e-1]
	}
	return x.bytes[start:x.ends[e]]
}

// find returns the slot of name: the slot holding it, or the free slot
// where it would go.
func (x *nameIndex) find(name string) int {
	mask := len(x.slots) - 1
	i := int(maphash.String(x.seed, name)) & mask
	for {
		e := x.slots[i]
		if e == 0 {
			return i
		}
		if string(x.entry(int(e-1))) == name {
			return i
		}
		i = (i + 1) & mask
	}
}

// get returns name's first row.
func (x *nameIndex) get(name string) (int, bool) {
	if e := x.slots[x.find(name)]; e != 0 {
		return int(x.rows[e-1]), true
	}
	return 0, false
}

// set records row as name's first row, or replaces it.
func (x *nameIndex) set(name string, row int) {
	i := x.find(name)
	if e := x.slots[i]; e != 0 {
		x.rows[e-1] = int32(row)
		return
	}
	x.bytes = append(x.bytes, name...)
	x.ends = append(x.ends, uint32(len(x.bytes)))
	x.rows = append(x.rows, int32(row))
	x.slots[i] = uint32(len(x.rows))
	if 2*len(x.rows) > len(x.slots) {
		x.grow()
	}
}

// grow doubles the table, keeping it at most half full.
func (x *nameIndex) grow() {
	x.slots = make([]uint32, 2*len(x.slots))
	mask := len(x.slots) - 1
	for e := range x.rows {
		i := int(maphash.Bytes(x.seed, x.entry(e))) & mask // names are distinct: the first free slot
		for x.slots[i] != 0 {
			i = (i + 1) & mask
		}
		x.slots[i] = uint32(e + 1)
	}
}
