package importer

import (
	"fmt"
	"sync"
	"testing"

	"github.com/rapportkoll/rapportkoll/importer/xlsx"
)

// TestHeaderMemoBounded: rows that differ in every workbook keep no more
// than headerMemoMax in a layout's memo, read by workers at once.
func TestHeaderMemoBounded(t *testing.T) {
	l := &SheetLayout{Name: "Drift", Columns: []Column{{Header: "Verksamhet", Required: true}}}
	if err := l.Compile(); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range headerMemoMax + 50 {
				xr := &xlsx.Row{Num: 1, Cells: []xlsx.Cell{{Col: 1, Value: fmt.Sprintf("Rubrik %d %d", w, i)}, {Col: 2, Value: "Verksamhet"}}}
				tb := &Table{Layout: l}
				if !tb.resolveHeaderRow(xr, cellTexts(xr)) || len(tb.Columns) != 1 || tb.Columns[0].Col != 2 {
					t.Errorf("row %d: header %v, columns %+v", i, tb.HeaderRow, tb.Columns)
					return
				}
			}
		})
	}
	wg.Wait()
	l.headers.mu.RLock()
	defer l.headers.mu.RUnlock()
	if n := len(l.headers.rows); n > headerMemoMax {
		t.Errorf("the memo holds %d rows, want at most %d", n, headerMemoMax)
	}
}

// TestHeaderMemoOfACopy: a copy of a layout with other columns shares the
// original's memo but not what was resolved for the original.
func TestHeaderMemoOfACopy(t *testing.T) {
	l := &SheetLayout{Name: "Drift", Columns: []Column{{Header: "Verksamhet", Required: true}}}
	if err := l.Compile(); err != nil {
		t.Fatal(err)
	}
	other := *l
	other.Columns = []Column{{Header: "Post", Required: true}}
	xr := &xlsx.Row{Num: 2, Cells: []xlsx.Cell{{Col: 1, Value: "Verksamhet"}}}
	for _, tt := range []struct {
		layout *SheetLayout
		want   bool
	}{{l, true}, {&other, false}, {l, true}, {&other, false}} {
		tb := &Table{Layout: tt.layout}
		if got := tb.resolveHeaderRow(xr, cellTexts(xr)); got != tt.want {
			t.Errorf("resolveHeaderRow with columns %q = %v, want %v", tt.layout.Columns[0].Header, got, tt.want)
		}
	}
}
