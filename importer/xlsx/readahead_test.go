package xlsx

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"testing/iotest"
)

// TestReadAhead: the bytes arrive whole and in order for sources of every
// size around the block size, read in small and large pieces; an error of
// the source arrives after the bytes before it; closing early never hangs.
func TestReadAhead(t *testing.T) {
	for _, size := range []int{0, 1, readAheadBlock - 1, readAheadBlock, readAheadBlock + 1, 5*readAheadBlock + 17} {
		data := make([]byte, size)
		for i := range data {
			data[i] = byte(i * 7)
		}
		for _, piece := range []int{1 << 10, 1 << 20} {
			ra := newReadAhead(iotest.HalfReader(bytes.NewReader(data)))
			var got []byte
			buf := make([]byte, piece)
			var err error
			for err == nil {
				var n int
				n, err = ra.Read(buf)
				got = append(got, buf[:n]...)
			}
			if err == io.EOF {
				err = nil
			}
			ra.Close()
			if err != nil || !bytes.Equal(got, data) {
				t.Fatalf("size %d, pieces %d: read %d bytes, err %v", size, piece, len(got), err)
			}
		}
	}
	boom := errors.New("boom")
	ra := newReadAhead(io.MultiReader(bytes.NewReader(make([]byte, readAheadBlock+5)), iotest.ErrReader(boom)))
	got, err := io.ReadAll(ra)
	ra.Close()
	if len(got) != readAheadBlock+5 || err != boom {
		t.Errorf("read %d bytes and %v, want %d and boom", len(got), err, readAheadBlock+5)
	}
	ra = newReadAhead(bytes.NewReader(make([]byte, 20*readAheadBlock)))
	ra.Read(make([]byte, 10))
	ra.Close() // the goroutine is blocked handing over a block: Close must free it
}
