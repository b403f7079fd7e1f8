package rules

import (
	"encoding/binary"
	"errors"
	"hash/maphash"
	"io"
)

// SpillFile is the temporary storage a tree of a streamed sheet moves its
// names to (see SessionOptions.Spill): written and read at offsets, and
// closed once the tree is settled. Close should free the storage (remove
// a temporary file).
type SpillFile interface {
	io.ReaderAt
	io.WriterAt
	io.Closer
}

// nameSpill holds a tree's names in a temporary file once there are too
// many to keep in memory, so that checking a sheet of a million rows
// needs no more memory than checking one of a hundred thousand. The
// file comes from the caller (SessionOptions.Spill). Each
// name goes, with its row number, to one of spillParts partitions by its
// hash; a partition is written in blocks, and read back alone at the end,
// so that finding duplicates needs memory for one partition's names only.
type nameSpill struct {
	seed   maphash.Seed
	file   SpillFile
	off    int64
	bufs   [spillParts][]byte
	blocks [spillParts][]spillBlock
	err    error
}

// spillParts is the number of partitions: reading one back holds about
// 1/spillParts of the names.
const spillParts = 64

// spillBlockSize is how much of a partition is gathered before it is
// written: spillParts of these are the file's buffers.
const spillBlockSize = 16 << 10

// spillBlock is where a written block of a partition lies in the file.
type spillBlock struct {
	off int64
	n   int
}

// newNameSpill gets its temporary file from create; without create there
// is none, and the names stay in memory.
func newNameSpill(create func() (SpillFile, error)) (*nameSpill, error) {
	if create == nil {
		return nil, errNoSpill
	}
	f, err := create()
	if err != nil {
		return nil, err
	}
	return &nameSpill{seed: maphash.MakeSeed(), file: f}, nil
}

var errNoSpill = errors.New("no temporary storage for names")

// add records one row's name; self says that the row names itself as its
// parent, which is an error only if the row is its name's first.
func (s *nameSpill) add(name string, row int, self bool) {
	p := maphash.String(s.seed, name) % spillParts
	b := binary.AppendUvarint(s.bufs[p], uint64(len(name)))
	b = append(b, name...)
	v := uint64(row) << 1
	if self {
		v |= 1
	}
	b = binary.AppendUvarint(b, v)
	if len(b) >= spillBlockSize {
		s.write(int(p), b)
		b = b[:0]
	}
	s.bufs[p] = b
}

func (s *nameSpill) write(p int, b []byte) {
	if s.err != nil {
		return
	}
	if _, err := s.file.WriteAt(b, s.off); err != nil {
		s.err = err
		return
	}
	s.blocks[p] = append(s.blocks[p], spillBlock{s.off, len(b)})
	s.off += int64(len(b))
}

// partition calls fn for every record of partition p, in the order they
// were added.
func (s *nameSpill) partition(p int, fn func(name []byte, row int, self bool)) error {
	if s.err != nil {
		return s.err
	}
	var buf []byte
	for _, bl := range s.blocks[p] {
		if cap(buf) < bl.n {
			buf = make([]byte, bl.n)
		}
		buf = buf[:bl.n]
		if _, err := s.file.ReadAt(buf, bl.off); err != nil {
			return err
		}
		if err := decodeSpill(buf, fn); err != nil {
			return err
		}
	}
	return decodeSpill(s.bufs[p], fn)
}

var errSpillCorrupt = errors.New("temporary file of names is corrupt")

func decodeSpill(b []byte, fn func(name []byte, row int, self bool)) error {
	for len(b) > 0 {
		n, k := binary.Uvarint(b)
		if k <= 0 || uint64(len(b)-k) < n {
			return errSpillCorrupt
		}
		name := b[k : k+int(n)]
		b = b[k+int(n):]
		v, k := binary.Uvarint(b)
		if k <= 0 {
			return errSpillCorrupt
		}
		b = b[k:]
		fn(name, int(v>>1), v&1 == 1)
	}
	return nil
}

// close closes the file, which frees it.
func (s *nameSpill) close() { s.file.Close() }
