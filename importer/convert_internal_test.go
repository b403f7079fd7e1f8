package importer

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"

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

// TestFewerIntegerDigits: the quick test never says a number is below the
// limit when it is not, and decides the limit's neighbours correctly.
func TestFewerIntegerDigits(t *testing.T) {
	limit := decimal.New(1, 12)
	for _, tt := range []struct {
		d    string
		want bool
	}{
		{"0", true}, {"-0.5", true}, {"999999999999.99", true}, {"-999999999999", true},
		{"1000000000000", false}, {"1000000000000.1", false}, {"1E13", false},
	} {
		d := decimal.RequireFromString(tt.d)
		if got := fewerIntegerDigits(d, limit); got != tt.want {
			t.Errorf("fewerIntegerDigits(%s) = %v, want %v", tt.d, got, tt.want)
		}
	}
	rng := rand.New(rand.NewPCG(5, 6))
	for range 10000 {
		d := decimal.New(rng.Int64N(1<<62)-1<<61, rng.Int32N(30)-20)
		if fewerIntegerDigits(d, limit) && d.Abs().GreaterThanOrEqual(limit) {
			t.Fatalf("%s: said fewer digits than %s", d, limit)
		}
	}
}
