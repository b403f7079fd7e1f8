package xlsx

import (
	"archive/zip"
	"bytes"
	"io"
	"slices"
	"sync"
)

// What a book makes of its workbook, relationship and style parts is kept
// for the next book whose archive holds the very same bytes for the part:
// the workbooks of a batch come from one template, and those parts were a
// tenth of a check's work on a small report. A part is recognised by its
// compressed bytes, with everything of its zip entry that reading it
// depends on (its name, method, flags, sizes, checksum and data
// descriptor) and the book's limits, so that a part read from the cache
// is what reading it would have given; a part that could not be read
// well is never kept.

// partCacheRaw is the largest part kept (compressed bytes), and
// partCacheMax how many parts the cache keeps, the oldest dropped first:
// a batch from one template needs five, and the cache stays below 1 MB.
const (
	partCacheRaw = 32 << 10
	partCacheMax = 24
)

// dataDescriptorLen is what archive/zip reads of a data descriptor.
const dataDescriptorLen = 16

// Kinds of what is kept of a part.
const (
	memoPackageRels = iota // the workbook's path, from _rels/.rels
	memoWorkbook           // workbookInfo
	memoRels               // rels
	memoStyles             // []FormatClass
)

// partKey is what reading a part depends on besides its bytes.
type partKey struct {
	kind         int
	part         string
	lim          Limits
	method       uint16
	flags        uint16
	crc          uint32
	csize, usize uint64
}

type partEntry struct {
	key partKey
	raw []byte // the compressed bytes, then those of a data descriptor
	val any    // never changed once kept
}

// partCache is shared by every book, safe for concurrent workers.
type partCache struct {
	mu      sync.Mutex
	entries []partEntry // oldest first
}

var parts partCache

func (c *partCache) get(key partKey, raw []byte) (any, bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	for i := len(c.entries) - 1; i >= 0; i-- {
		if e := &c.entries[i]; e.key == key && bytes.Equal(e.raw, raw) {
			return e.val, true
		}
	}
	return nil, false
}

func (c *partCache) put(key partKey, raw []byte, val any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.entries) >= partCacheMax {
		c.entries = append(c.entries[:0], c.entries[1:]...)
	}
	c.entries = append(c.entries, partEntry{key: key, raw: bytes.Clone(raw), val: val})
}

// len is how many parts the cache holds.
func (c *partCache) len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.entries)
}

// rawBuffers hold the compressed bytes of parts looked up.
var rawBuffers = sync.Pool{New: func() any { return new([]byte) }}

// memo returns what read makes of part (as kind), from the cache when a
// book read the same bytes before, else read's, kept when read succeeds.
// The value returned must not be changed.
func (b *Book) memo(kind int, part string, read func() (any, error)) (any, error) {
	f := b.files[part]
	if f == nil || b.ra == nil || zipCrypto(f) || f.CompressedSize64 > partCacheRaw {
		return read()
	}
	buf := rawBuffers.Get().(*[]byte)
	defer rawBuffers.Put(buf)
	raw, ok := b.rawPart(f, (*buf)[:0])
	*buf = raw[:0]
	if !ok {
		return read()
	}
	key := partKey{kind: kind, part: part, lim: b.lim, method: f.Method, flags: f.Flags,
		crc: f.CRC32, csize: f.CompressedSize64, usize: f.UncompressedSize64}
	if v, ok := parts.get(key, raw); ok {
		return v, nil
	}
	v, err := read()
	if err == nil {
		parts.put(key, raw, v)
	}
	return v, err
}

// rawPart appends to buf the compressed bytes of f and, when it has a
// data descriptor, the bytes of it that archive/zip reads (fewer at the
// end of the archive); ok is false when they cannot be read.
func (b *Book) rawPart(f *zip.File, buf []byte) ([]byte, bool) {
	off, err := f.DataOffset()
	if err != nil {
		return buf, false
	}
	n := int(f.CompressedSize64)
	buf = slices.Grow(buf[:0], n+dataDescriptorLen)[:n+dataDescriptorLen]
	if _, err := b.ra.ReadAt(buf[:n], off); err != nil {
		return buf, false
	}
	if f.Flags&0x8 == 0 {
		return buf[:n], true
	}
	m, err := b.ra.ReadAt(buf[n:], off+int64(n))
	if err != nil && err != io.EOF {
		return buf, false
	}
	return buf[:n+m], true
}
