package importer

import (
	"encoding/binary"
	"slices"
	"strings"
	"sync"

	"github.com/rapportkoll/rapportkoll/importer/xlsx"
)

// The rows above a sheet's data, its header row among them, are the same
// in every workbook of a batch made from one template: a layout keeps
// what resolveHeader made of each such row (headerMemo), so that the
// headers are folded and matched against the layout's columns once,
// not once per workbook.

// headerMemoMax is how many rows a layout keeps; the memo is emptied when
// it is full, so that rows that differ in every workbook cannot make it
// grow.
const headerMemoMax = 256

// headerMemo holds, by the text of a row's cells (rowKey), what
// resolveHeader made of the row; Compile gives a layout a new one.
type headerMemo struct {
	mu   sync.RWMutex
	rows map[string]resolvedHeader
}

// resolvedHeader is what resolveHeader did with a row of layout: whether
// it is the header, and the columns and duplicates it added to the table.
// (A copy of a layout shares its original's memo, not what was resolved
// for the original.)
type resolvedHeader struct {
	layout              *SheetLayout
	ok                  bool
	columns, duplicates []TableColumn
}

// rowKeys are the buffers rowKey writes into.
var rowKeys = sync.Pool{New: func() any { return new([]byte) }}

// rowKey appends to b the text of a row's cells, each with its column, as
// cellTexts reads them: rows with the same key have the same cellTexts.
func rowKey(b []byte, xr *xlsx.Row) []byte {
	for _, c := range xr.Cells {
		if strings.TrimSpace(c.Value) == "" {
			continue
		}
		b = binary.AppendUvarint(b, uint64(c.Col))
		b = binary.AppendUvarint(b, uint64(len(c.Value)))
		b = append(b, c.Value...)
	}
	return b
}

// resolveHeaderRow is resolveHeader for the row xr, whose cellTexts are
// texts, through the layout's memo.
func (t *Table) resolveHeaderRow(xr *xlsx.Row, texts map[int]string) bool {
	m := t.Layout.headers
	if m == nil { // a layout that was not compiled
		return t.resolveHeader(xr.Num, texts)
	}
	buf := rowKeys.Get().(*[]byte)
	defer rowKeys.Put(buf)
	*buf = rowKey((*buf)[:0], xr)
	m.mu.RLock()
	h, ok := m.rows[string(*buf)]
	m.mu.RUnlock()
	if !ok || h.layout != t.Layout {
		cols, dups := len(t.Columns), len(t.duplicates)
		h = resolvedHeader{layout: t.Layout, ok: t.resolveHeader(xr.Num, texts)}
		h.columns, h.duplicates = slices.Clone(t.Columns[cols:]), slices.Clone(t.duplicates[dups:])
		m.mu.Lock()
		if len(m.rows) >= headerMemoMax {
			clear(m.rows)
		}
		m.rows[string(*buf)] = h
		m.mu.Unlock()
		return h.ok
	}
	if h.ok {
		t.HeaderRow = xr.Num
		t.Columns = append(t.Columns, h.columns...)
		t.duplicates = append(t.duplicates, h.duplicates...)
	}
	return h.ok
}
