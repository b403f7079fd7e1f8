package xlsx

import (
	"encoding/binary"
	"runtime"
	"strconv"
	"unsafe"
)

// sharedStrings is a workbook's shared string table, held compactly: the
// texts back to back in chunks of bytes, the length of each as a varint
// (one byte up to 127), and every markEvery-th entry's place, so that an
// entry costs its bytes and about 1.5 more, and a Go string is made only
// for an entry a cell uses. A table of 5 million strings that no cell uses
// then takes some 8 MB besides its text, where a []string took 380 MB; the
// text itself is bounded by the unpack limit of the part (Limits.PartSize).
//
// A table read from a part of offHeapFrom bytes or more is held outside
// the Go heap, where the platform allows (mapAnon): it holds no pointers,
// lives as long as its book, and on the heap it would count twice, since
// the collector lets the heap grow to twice what is live before it runs.
// A million shared strings of 17 bytes each (18.5 MB of table) then cost
// 18.5 MB at the peak, not 37. Such a table must be released (Book.Close
// does it); one that is not is unmapped once its book is unreachable.
type sharedStrings struct {
	chunks [][]byte // each sstChunk long but the last; a text may span two
	lens   []byte   // the length of each entry, as a uvarint
	marks  []mark   // where entries 0, markEvery, 2*markEvery, ... start
	n      int      // the number of entries
	spare  []byte   // mapped memory not yet made a chunk
	mem    *region  // the memory the table was mapped in, or nil on the heap
}

// mark is where an entry starts in the chunks' concatenation and in lens.
type mark struct{ text, lens uint32 }

// markEvery is how many entries a mark covers: at walks at most
// markEvery-1 lengths from one.
const markEvery = 16

const sstChunk = 1 << 20

// minEntry is the fewest bytes an entry takes in the part: "<si/>".
const minEntry = 5

// maxReserve is the most entries reserved ahead (2 MiB of lengths): a
// part that announces more grows as it is read.
const maxReserve = 1 << 21

// offHeapFrom is the part size from which the table is mapped outside
// the Go heap: smaller tables are not worth a mapping each.
const offHeapFrom = 1 << 20

// region is the memory mapped for a table: its text, lengths and marks,
// each as large as a part of the size read could need (text is never
// longer than the markup it comes from, an entry takes minEntry bytes of
// it, and a length of n bytes takes at most 1+n/128 bytes), of which only
// the pages written to are ever resident.
type region struct {
	text, lens, marks []byte
	cleanup           runtime.Cleanup
}

// newSharedStrings returns an empty table for a part of size bytes
// uncompressed: mapped outside the heap when the part is large enough
// and the platform can, else on the heap.
func newSharedStrings(size int64) sharedStrings {
	if size < offHeapFrom || size > 1<<30 {
		return sharedStrings{}
	}
	n := int(size)/minEntry + 1
	var m [3][]byte
	for i, length := range [3]int{(int(size) + sstChunk - 1) / sstChunk * sstChunk, n + int(size)/128, (n/markEvery + 1) * int(unsafe.Sizeof(mark{}))} {
		var err error
		if m[i], err = mapAnon(length); err != nil {
			unmapRegion(m)
			return sharedStrings{}
		}
	}
	r := &region{text: m[0], lens: m[1], marks: m[2]}
	r.cleanup = runtime.AddCleanup(r, unmapRegion, m)
	return sharedStrings{
		lens:  m[1][:0],
		marks: unsafe.Slice((*mark)(unsafe.Pointer(unsafe.SliceData(m[2]))), len(m[2])/int(unsafe.Sizeof(mark{})))[:0],
		spare: m[0],
		mem:   r,
	}
}

func unmapRegion(m [3][]byte) {
	for _, b := range m {
		unmapAnon(b)
	}
}

// release frees a mapped table's memory at once and leaves the table
// empty, so that a cell read later finds its index out of range rather
// than memory gone. Copies of the table must not be used after it.
func (t *sharedStrings) release() {
	if r := t.mem; r != nil {
		r.cleanup.Stop()
		unmapRegion([3][]byte{r.text, r.lens, r.marks})
	}
	*t = sharedStrings{}
}

// reserve sizes the table for the entries the <sst> element's attributes
// announce (uniqueCount, else count), so that a table of a million entries
// is not copied as it grows; never for more entries than a part of size
// bytes can hold or than maxReserve, whatever the attribute says. A mapped
// table has room for them all already.
func (t *sharedStrings) reserve(attrs []byte, size int64) {
	if t.mem != nil {
		return
	}
	v, ok := attr(attrs, "uniqueCount")
	if !ok {
		v, ok = attr(attrs, "count")
	}
	if !ok || size <= 0 {
		return
	}
	n, err := strconv.ParseInt(string(v), 10, 64)
	if err != nil || n <= 0 {
		return
	}
	n = min(n, size/minEntry, maxReserve)
	t.lens = make([]byte, 0, n)
	t.marks = make([]mark, 0, n/markEvery+1)
}

// add appends an entry.
func (t *sharedStrings) add(s []byte) {
	if t.n%markEvery == 0 {
		t.marks = append(t.marks, mark{uint32(t.size()), uint32(len(t.lens))})
	}
	t.lens = binary.AppendUvarint(t.lens, uint64(len(s)))
	t.n++
	for len(s) > 0 {
		n := len(t.chunks) - 1
		if n < 0 || len(t.chunks[n]) == sstChunk {
			t.chunks = append(t.chunks, t.newChunk())
			n++
		}
		k := min(len(s), sstChunk-len(t.chunks[n]))
		t.chunks[n] = append(t.chunks[n], s[:k]...)
		s = s[k:]
	}
}

// newChunk returns room for the next chunk: mapped memory while there is
// some (a part whose text outgrows its declared size goes on on the heap).
func (t *sharedStrings) newChunk() []byte {
	if len(t.spare) >= sstChunk {
		c := t.spare[:0:sstChunk]
		t.spare = t.spare[sstChunk:]
		return c
	}
	if len(t.chunks) == 0 {
		return make([]byte, 0, 4<<10) // the first grows as a slice does: small workbooks are the many
	}
	return make([]byte, 0, sstChunk)
}

func (t *sharedStrings) size() int {
	if len(t.chunks) == 0 {
		return 0
	}
	return (len(t.chunks)-1)*sstChunk + len(t.chunks[len(t.chunks)-1])
}

// len returns the number of entries.
func (t *sharedStrings) len() int { return t.n }

// span returns where entry i, which must be in range, starts and ends in
// the chunks' concatenation: from its mark on, the lengths of the entries
// before it.
func (t *sharedStrings) span(i int) (start, end int) {
	m := t.marks[i/markEvery]
	start, p := int(m.text), int(m.lens)
	for range i % markEvery {
		if c := t.lens[p]; c < 0x80 { // a length below 128, the most
			start += int(c)
			p++
			continue
		}
		n, k := binary.Uvarint(t.lens[p:])
		start += int(n)
		p += k
	}
	n, _ := binary.Uvarint(t.lens[p:])
	return start, start + int(n)
}

// at returns entry i, which must be in range.
func (t *sharedStrings) at(i int) string {
	s := t.text(i)
	runtime.KeepAlive(t.mem) // mapped memory is not unmapped while copied from
	return s
}

func (t *sharedStrings) text(i int) string {
	start, end := t.span(i)
	if c := start / sstChunk; c == (end-1)/sstChunk || start == end {
		if start == end {
			return ""
		}
		return string(t.chunks[c][start%sstChunk : start%sstChunk+end-start])
	}
	out := make([]byte, 0, end-start)
	for p := start; p < end; {
		c, off := p/sstChunk, p%sstChunk
		k := min(end-p, sstChunk-off)
		out = append(out, t.chunks[c][off:off+k]...)
		p += k
	}
	return string(out)
}
