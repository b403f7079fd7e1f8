package xlsx

import "strconv"

// sharedStrings is a workbook's shared string table, held compactly: the
// texts back to back in chunks of bytes and where each one ends, so that
// an entry costs its bytes and 4 more, and a Go string is made only for an
// entry a cell uses. A table of 5 million strings that no cell uses then
// takes some 20 MB besides its text, where a []string took 380 MB; the
// text itself is bounded by the unpack limit of the part (Limits.PartSize).
type sharedStrings struct {
	chunks [][]byte // each sstChunk long but the last; a text may span two
	ends   []uint32 // the end of entry i in the chunks' concatenation
}

const sstChunk = 1 << 20

// minEntry is the fewest bytes an entry takes in the part: "<si/>".
const minEntry = 5

// maxReserve is the most entries reserved ahead (8 MiB of ends): a part
// that announces more grows as it is read.
const maxReserve = 1 << 21

// reserve sizes the table for the entries the <sst> element's attributes
// announce (uniqueCount, else count), so that a table of a million entries
// is not copied as it grows; never for more entries than a part of size
// bytes can hold or than maxReserve, whatever the attribute says.
func (t *sharedStrings) reserve(attrs []byte, size int64) {
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
	t.ends = make([]uint32, 0, min(n, size/minEntry, maxReserve))
}

// add appends an entry.
func (t *sharedStrings) add(s []byte) {
	for len(s) > 0 {
		n := len(t.chunks) - 1
		if n < 0 || len(t.chunks[n]) == sstChunk {
			size := sstChunk
			if n < 0 {
				size = 4 << 10 // the first grows as a slice does: small workbooks are the many
			}
			t.chunks = append(t.chunks, make([]byte, 0, size))
			n++
		}
		k := min(len(s), sstChunk-len(t.chunks[n]))
		t.chunks[n] = append(t.chunks[n], s[:k]...)
		s = s[k:]
	}
	t.ends = append(t.ends, uint32(t.size()))
}

func (t *sharedStrings) size() int {
	if len(t.chunks) == 0 {
		return 0
	}
	return (len(t.chunks)-1)*sstChunk + len(t.chunks[len(t.chunks)-1])
}

// len returns the number of entries.
func (t *sharedStrings) len() int { return len(t.ends) }

// at returns entry i, which must be in range.
func (t *sharedStrings) at(i int) string {
	start := 0
	if i > 0 {
		start = int(t.ends[i-1])
	}
	end := int(t.ends[i])
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
