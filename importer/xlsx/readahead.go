package xlsx

import (
	"io"
	"sync"
)

// readAheadFrom is the part size from which a sheet is inflated in a
// goroutine of its own, while the scanner reads the blocks before.
const readAheadFrom = 1 << 20

const (
	readAheadBlock  = 256 << 10
	readAheadBlocks = 2
)

// readAhead reads a source in a goroutine of its own, up to a few blocks
// ahead of its reader, so that inflating a large sheet and scanning it use
// a core each. Close stops the goroutine before the source may be closed.
type readAhead struct {
	full chan chunk
	free chan []byte
	stop chan struct{}
	done sync.WaitGroup
	cur  []byte // unread part of the block being read
	last []byte // that block, to hand back
	err  error
}

type chunk struct {
	b   []byte
	err error
}

func newReadAhead(r io.Reader) *readAhead {
	ra := &readAhead{full: make(chan chunk, readAheadBlocks), free: make(chan []byte, readAheadBlocks+1), stop: make(chan struct{})}
	for range readAheadBlocks + 1 {
		ra.free <- make([]byte, readAheadBlock)
	}
	ra.done.Go(func() {
		for {
			var buf []byte
			select {
			case buf = <-ra.free:
			case <-ra.stop:
				return
			}
			n, err := io.ReadFull(r, buf)
			if err == io.ErrUnexpectedEOF {
				err = io.EOF
			}
			select {
			case ra.full <- chunk{b: buf[:n], err: err}:
			case <-ra.stop:
				return
			}
			if err != nil {
				return
			}
		}
	})
	return ra
}

// Read gives the blocks in order; the source's error (io.EOF at its end)
// comes after its last bytes.
func (ra *readAhead) Read(p []byte) (int, error) {
	for len(ra.cur) == 0 {
		if ra.last != nil {
			ra.free <- ra.last[:cap(ra.last)]
			ra.last = nil
		}
		if ra.err != nil {
			return 0, ra.err
		}
		c := <-ra.full
		ra.cur, ra.last, ra.err = c.b, c.b, c.err
	}
	n := copy(p, ra.cur)
	ra.cur = ra.cur[n:]
	return n, nil
}

// Close stops the goroutine and waits for it.
func (ra *readAhead) Close() error {
	close(ra.stop)
	ra.done.Wait()
	return nil
}
