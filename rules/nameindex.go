package rules

import (
	"encoding/binary"
	"hash/maphash"
)

// nameIndex maps names to the row number of their first row, compactly:
// the names lie back to back in fixed-size chunks of bytes (which, unlike
// a doubling slice, never hold twice what is used) and an open-addressing
// table holds their positions: about 20 bytes per name besides the name
// itself, where a Go map of strings takes some 60. A tree over a
// million-row sheet needs every name once (for duplicates and for parents
// named further down), so this is most of what checking such a sheet
// keeps.
type nameIndex struct {
	seed    maphash.Seed
	chunks  [][]byte       // the names; a name never spans two chunks
	entries chunked[entry] // by entry number
	slots   []uint32       // entry number + 1, or 0 for a free slot; len a power of two
}

// entry is one name: where it lies (its length comes first there, as a
// varint) and its first row.
type entry struct {
	chunk, off uint32
	row        int32
}

const nameChunk = 1 << 20

func newNameIndex() *nameIndex {
	return &nameIndex{seed: maphash.MakeSeed(), slots: make([]uint32, 64)}
}

// bytes returns the name of an entry.
func (x *nameIndex) bytes(e *entry) []byte {
	b := x.chunks[e.chunk][e.off:]
	n, k := binary.Uvarint(b)
	return b[k : k+int(n)]
}

// A slot holds an 8-bit tag from the name's hash above the entry number +
// 1 in 24 bits (0 is a free slot): most probes that do not match are told
// apart by the tag, without reading the name. A sheet has at most 2^20
// rows, so 24 bits hold every entry.
const (
	slotEntryBits = 24
	slotEntryMask = 1<<slotEntryBits - 1
)

// find returns the slot of name: the slot holding it, or the free slot
// where it would go.
func (x *nameIndex) find(name string) int {
	h := maphash.String(x.seed, name)
	tag := uint32(h>>56) << slotEntryBits
	mask := len(x.slots) - 1
	i := int(h) & mask
	for {
		e := x.slots[i]
		if e == 0 || e&^slotEntryMask == tag && string(x.bytes(x.entries.at(int(e&slotEntryMask-1)))) == name {
			return i
		}
		i = (i + 1) & mask
	}
}

// get returns name's first row.
func (x *nameIndex) get(name string) (int, bool) {
	if e := x.slots[x.find(name)]; e != 0 {
		return int(x.entries.at(int(e&slotEntryMask - 1)).row), true
	}
	return 0, false
}

// set records row as name's first row, or replaces it.
func (x *nameIndex) set(name string, row int) {
	i := x.find(name)
	if e := x.slots[i]; e != 0 {
		x.entries.at(int(e&slotEntryMask - 1)).row = int32(row)
		return
	}
	x.insert(i, name, row)
}

// add records row as name's first row unless name has one already, which
// it returns.
func (x *nameIndex) add(name string, row int) (first int, found bool) {
	i := x.find(name)
	if e := x.slots[i]; e != 0 {
		return int(x.entries.at(int(e&slotEntryMask - 1)).row), true
	}
	x.insert(i, name, row)
	return row, false
}

// insert adds name at free slot i.
func (x *nameIndex) insert(i int, name string, row int) {
	if x.entries.len() >= slotEntryMask {
		panic("rules: more names than a sheet can have rows")
	}
	need := binary.MaxVarintLen64 + len(name)
	n := len(x.chunks) - 1
	if n < 0 || len(x.chunks[n])+need > cap(x.chunks[n]) {
		size := 512 // small sheets are the many: chunks double up to nameChunk
		if n >= 0 {
			size = min(nameChunk, 2*cap(x.chunks[n]))
		}
		x.chunks = append(x.chunks, make([]byte, 0, max(size, need)))
		n++
	}
	off := len(x.chunks[n])
	x.chunks[n] = binary.AppendUvarint(x.chunks[n], uint64(len(name)))
	x.chunks[n] = append(x.chunks[n], name...)
	x.entries.add(entry{chunk: uint32(n), off: uint32(off), row: int32(row)})
	x.slots[i] = uint32(maphash.String(x.seed, name)>>56)<<slotEntryBits | uint32(x.entries.len())
	if 4*x.entries.len() > 3*len(x.slots) {
		x.grow()
	}
}

// grow doubles the table, keeping it at most three quarters full.
func (x *nameIndex) grow() {
	x.slots = make([]uint32, 2*len(x.slots))
	mask := len(x.slots) - 1
	for e := range x.entries.len() {
		h := maphash.Bytes(x.seed, x.bytes(x.entries.at(e)))
		i := int(h) & mask // names are distinct: the first free slot
		for x.slots[i] != 0 {
			i = (i + 1) & mask
		}
		x.slots[i] = uint32(h>>56)<<slotEntryBits | uint32(e+1)
	}
}

// chunked is an append-only list in chunks of chunkLen: beyond the first
// chunk, growing it never copies, and never holds more than one chunk
// unused.
type chunked[T any] struct {
	chunks [][]T
	n      int
}

const chunkLen = 1 << 14

func (c *chunked[T]) add(v T) {
	if c.n%chunkLen == 0 {
		size := chunkLen
		if c.n == 0 {
			size = 16 // the first chunk grows as a slice does: small sheets are the many
		}
		c.chunks = append(c.chunks, make([]T, 0, size))
	}
	last := len(c.chunks) - 1
	c.chunks[last] = append(c.chunks[last], v)
	c.n++
}

func (c *chunked[T]) at(i int) *T { return &c.chunks[i/chunkLen][i%chunkLen] }

func (c *chunked[T]) len() int { return c.n }

// len returns the number of names.
func (x *nameIndex) len() int { return x.entries.len() }

// each calls fn for every name and its first row, in the order added.
func (x *nameIndex) each(fn func(name []byte, row int)) {
	for e := range x.entries.len() {
		en := x.entries.at(e)
		fn(x.bytes(en), int(en.row))
	}
}
