package importer

import (
	"testing"

	"github.com/rapportkoll/rapportkoll/importer/xlsx"
)

func TestCellAt(t *testing.T) {
	ordered := []xlsx.Cell{{Col: 1, Value: "a"}, {Col: 3, Value: "c"}, {Col: 7, Value: "g"}}
	unordered := []xlsx.Cell{{Col: 3, Value: "c"}, {Col: 1, Value: "a"}, {Col: 3, Value: "c2"}}
	for _, tt := range []struct {
		cells []xlsx.Cell
		col   int
		want  string
	}{
		{ordered, 1, "a"}, {ordered, 3, "c"}, {ordered, 7, "g"}, {ordered, 2, ""}, {ordered, 8, ""},
		{unordered, 1, "a"}, {unordered, 3, "c2"}, {unordered, 2, ""},
	} {
		got := ""
		if c := cellAt(tt.cells, tt.col, strictlyIncreasing(tt.cells)); c != nil {
			got = c.Value
		}
		if got != tt.want {
			t.Errorf("cellAt(%v, %d) = %q, want %q", tt.cells, tt.col, got, tt.want)
		}
	}
}
