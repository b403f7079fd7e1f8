package check

import (
	"bufio"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/big"
	"os"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/importer"
)

// RowSpool holds the rows of a sheet too large to keep in memory
// (Options.KeepTablesBelow) in a temporary file, exactly as read, for a
// caller that reads them once or twice in order (Sammanställning.xlsx).
// The file is removed from its folder at once where the system allows it,
// else by Close.
type RowSpool struct {
	f    *tempFile
	w    *bufio.Writer
	rows int
	err  error
	buf  []byte
	// roots are the sheet's first two rows with an empty parent column,
	// when hasRoots (the spec sheet has a parent column).
	roots    []importer.Row
	hasRoots bool
}

func newSpool(dir string) (*RowSpool, error) {
	tf, err := os.CreateTemp(dir, "rapportkoll-rader-*")
	if err != nil {
		return nil, err
	}
	f := &tempFile{File: tf, gone: os.Remove(tf.Name()) == nil}
	return &RowSpool{f: f, w: bufio.NewWriterSize(f, 256<<10)}, nil
}

// Rows is how many rows the spool holds.
func (s *RowSpool) Rows() int { return s.rows }

// add appends a row; the first error is kept and returned by finish.
func (s *RowSpool) add(r importer.Row) {
	if s.err != nil {
		return
	}
	b := s.buf[:0]
	b = binary.AppendUvarint(b, uint64(r.Num))
	b = binary.AppendUvarint(b, uint64(len(r.Values)))
	for _, v := range r.Values {
		flags := byte(v.Kind) << 1
		if v.Formula {
			flags |= 1
		}
		b = append(b, flags)
		b = binary.AppendVarint(b, int64(v.Row))
		b = binary.AppendVarint(b, int64(v.Col))
		b = binary.AppendUvarint(b, uint64(len(v.Text)))
		b = append(b, v.Text...)
		b = appendDecimal(b, v.Num)
	}
	s.buf = b
	if _, err := s.w.Write(b); err != nil {
		s.err = err
		return
	}
	s.rows++
}

// appendDecimal writes d exactly, its coefficient and exponent: a
// coefficient that fits an int64 as a varint (tag 0), else its bytes
// (tag 1 positive, 2 negative).
func appendDecimal(b []byte, d decimal.Decimal) []byte {
	b = binary.AppendVarint(b, int64(d.Exponent()))
	c := d.Coefficient()
	if c.IsInt64() {
		b = append(b, 0)
		return binary.AppendVarint(b, c.Int64())
	}
	tag := byte(1)
	if c.Sign() < 0 {
		tag = 2
	}
	mag := new(big.Int).Abs(c).Bytes()
	b = append(b, tag)
	b = binary.AppendUvarint(b, uint64(len(mag)))
	return append(b, mag...)
}

// finish ends writing: the rows can then be read.
func (s *RowSpool) finish() error {
	if s.err == nil {
		s.err = s.w.Flush()
	}
	s.w = nil
	return s.err
}

// Each calls fn for every row in the order read, until fn returns an
// error, which Each returns. The rows are decoded afresh on each call, a
// batch ahead of fn on a goroutine of their own.
func (s *RowSpool) Each(fn func(importer.Row) error) error {
	if s.err != nil {
		return s.err
	}
	if s.f.closed {
		return errors.New("rows of a large sheet: spool closed")
	}
	batches := make(chan rowBatch, 4)
	stop := make(chan struct{})
	defer close(stop)
	go s.decode(batches, stop)
	for b := range batches {
		for _, row := range b.rows {
			if err := fn(row); err != nil {
				return err
			}
		}
		if b.err != nil {
			return b.err
		}
	}
	return nil
}

// rowBatch is some rows of a spool, and the error that ended reading.
type rowBatch struct {
	rows []importer.Row
	err  error
}

// decode reads the spool's rows into out in batches and closes it; it
// ends early when stop is closed.
func (s *RowSpool) decode(out chan<- rowBatch, stop <-chan struct{}) {
	defer close(out)
	const batchSize = 512
	d := &rowDecoder{r: bufio.NewReaderSize(io.NewSectionReader(s.f, 0, 1<<62), 256<<10)}
	b := rowBatch{rows: make([]importer.Row, 0, batchSize)}
	for i := 0; i < s.rows; i++ {
		row, err := d.row()
		if err != nil {
			b.err = fmt.Errorf("rows of a large sheet: row %d of the temporary file: %w", i+1, err)
		} else {
			b.rows = append(b.rows, row)
		}
		if len(b.rows) == batchSize || i == s.rows-1 || b.err != nil {
			select {
			case out <- b:
			case <-stop:
				return
			}
			if b.err != nil {
				return
			}
			b = rowBatch{rows: make([]importer.Row, 0, batchSize)}
		}
	}
}

// rowDecoder decodes rows with few allocations: the values of a batch
// of rows in one slice, the texts of a row in one string.
type rowDecoder struct {
	r     *bufio.Reader
	vals  []importer.Value // room for the values of the rows to come
	text  []byte
	spans [][2]int
}

func (d *rowDecoder) row() (importer.Row, error) {
	r := d.r
	num, err := binary.ReadUvarint(r)
	if err != nil {
		return importer.Row{}, err
	}
	n, err := binary.ReadUvarint(r)
	if err != nil || n > 1<<16 {
		return importer.Row{}, cmpErr(err)
	}
	if cap(d.vals)-len(d.vals) < int(n) {
		d.vals = make([]importer.Value, 0, max(int(n)*512, 4096))
	}
	k := len(d.vals)
	d.vals = d.vals[:k+int(n)]
	row := importer.Row{Num: int(num), Values: d.vals[k : k+int(n) : k+int(n)]}
	d.text, d.spans = d.text[:0], d.spans[:0]
	for i := range row.Values {
		if err := d.value(&row.Values[i]); err != nil {
			return importer.Row{}, err
		}
	}
	if len(d.text) > 0 {
		all := string(d.text)
		for i, sp := range d.spans {
			if sp[1] > sp[0] {
				row.Values[i].Text = all[sp[0]:sp[1]]
			}
		}
	}
	return row, nil
}

func (d *rowDecoder) value(v *importer.Value) error {
	r := d.r
	flags, err := r.ReadByte()
	if err != nil {
		return err
	}
	v.Kind, v.Formula = importer.Kind(flags>>1), flags&1 == 1
	row, err := binary.ReadVarint(r)
	if err != nil {
		return err
	}
	col, err := binary.ReadVarint(r)
	if err != nil {
		return err
	}
	v.Row, v.Col = int32(row), int32(col)
	n, err := binary.ReadUvarint(r)
	if err != nil || n > uint64(importer.MaxFileSize) {
		return cmpErr(err)
	}
	start := len(d.text)
	d.text = slices.Grow(d.text, int(n))[:start+int(n)]
	if _, err := io.ReadFull(r, d.text[start:]); err != nil {
		return err
	}
	d.spans = append(d.spans, [2]int{start, len(d.text)})
	v.Num, err = readDecimal(r)
	return err
}

func readString(r *bufio.Reader) (string, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil || n > uint64(importer.MaxFileSize) {
		return "", cmpErr(err)
	}
	if n == 0 {
		return "", nil
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", err
	}
	return string(b), nil
}

func readDecimal(r *bufio.Reader) (decimal.Decimal, error) {
	exp, err := binary.ReadVarint(r)
	if err != nil {
		return decimal.Decimal{}, err
	}
	tag, err := r.ReadByte()
	if err != nil {
		return decimal.Decimal{}, err
	}
	if tag == 0 {
		c, err := binary.ReadVarint(r)
		if c == 0 && exp == 0 {
			// a text or empty cell's Num, or a 0: the zero Decimal,
			// equal to decimal.New(0, 0) in every method, without the
			// big.Int that would make
			return decimal.Decimal{}, err
		}
		return decimal.New(c, int32(exp)), err
	}
	mag, err := readString(r)
	if err != nil {
		return decimal.Decimal{}, err
	}
	c := new(big.Int).SetBytes([]byte(mag))
	if tag == 2 {
		c.Neg(c)
	}
	return decimal.NewFromBigInt(c, int32(exp)), nil
}

// Roots returns the first two rows of a spooled sheet whose parent
// column is empty (a tree's roots) without reading the spool; ok is false
// when the sheet is not spooled or has no parent column.
func (s *Submission) Roots(sheet string) (roots []importer.Row, ok bool) {
	if sp := s.Spooled[sheet]; sp != nil && sp.hasRoots {
		return sp.roots, true
	}
	return nil, false
}

// Close removes the spool's file.
func (s *RowSpool) Close() error { return s.f.Close() }

// EachRow calls fn for every row of a spec sheet's table, kept in memory
// or spooled (Spooled), in the order read; nothing when the sheet has
// neither.
func (s *Submission) EachRow(sheet string, fn func(importer.Row) error) error {
	if sp := s.Spooled[sheet]; sp != nil {
		return sp.Each(fn)
	}
	if t := s.Tables[sheet]; t != nil {
		for _, r := range t.Rows {
			if err := fn(r); err != nil {
				return err
			}
		}
	}
	return nil
}

// RowCount is how many rows of a spec sheet EachRow gives.
func (s *Submission) RowCount(sheet string) int {
	if sp := s.Spooled[sheet]; sp != nil {
		return sp.Rows()
	}
	if t := s.Tables[sheet]; t != nil {
		return len(t.Rows)
	}
	return 0
}

// Close removes the temporary files of the sheets spooled; the
// submission's other fields stay usable.
func (s *Submission) Close() error {
	var errs []error
	for _, sp := range s.Spooled {
		errs = append(errs, sp.Close())
	}
	return errors.Join(errs...)
}

// cmpErr is err, or an error saying the spool is corrupt when err is nil.
func cmpErr(err error) error {
	if err != nil {
		return err
	}
	return errors.New("corrupt")
}
