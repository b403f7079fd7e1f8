package server

import (
	"errors"
	"io"

	"github.com/rapportkoll/rapportkoll/rules"
)

// treeSpillBytes bounds the memory a check's tree of a streamed sheet may
// spill its names to: some 30 bytes a name, over a million rows' names.
// Past it the tree's check is reported as not completed (the CLI, which
// spills to a temporary file, checks such a sheet fully). The server
// writes nothing of a workbook to disk.
const treeSpillBytes = 32 << 20

// memSpill is a tree's spilled names in memory, at most max bytes.
type memSpill struct {
	b   []byte
	max int64
	err error
}

// memSpiller gives each tree a memSpill of at most max bytes; its error
// past the bound is in lang (it is the finding's value).
func memSpiller(max int64, lang rules.Lang) func() (rules.SpillFile, error) {
	err := errors.New(say(lang, "err.treespill"))
	return func() (rules.SpillFile, error) { return &memSpill{max: max, err: err}, nil }
}

func (m *memSpill) WriteAt(p []byte, off int64) (int, error) {
	end := off + int64(len(p))
	if off < 0 || end > m.max {
		return 0, m.err
	}
	if end > int64(len(m.b)) {
		m.b = append(m.b, make([]byte, end-int64(len(m.b)))...)
	}
	return copy(m.b[off:], p), nil
}

func (m *memSpill) ReadAt(p []byte, off int64) (int, error) {
	if off < 0 || off >= int64(len(m.b)) {
		return 0, io.EOF
	}
	n := copy(p, m.b[off:])
	if n < len(p) {
		return n, io.EOF
	}
	return n, nil
}

func (m *memSpill) Close() error {
	m.b = nil
	return nil
}
