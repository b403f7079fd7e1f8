package importer

import (
	"math/rand/v2"
	"testing"
	"unsafe"

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

// TestStoredNumberRepeated: numbers read down a column, each the decimal
// ParseStored makes of its text (the same digits and exponent), whether or
// not the one above was the same.
func TestStoredNumberRepeated(t *testing.T) {
	tests := []struct {
		name string
		col  int
		raws []string
	}{
		{"zeros", 3, []string{"0", "0", "0.0", "0", "-0", "0.00"}},
		{"one figure", 4, []string{"-1000", "-1000", "-1000.5", "-1000", "1000", "-1000"}},
		{"same digits, other point", 5, []string{"125", "12.5", "1.25", "125", "0.125"}},
		{"not short", 6, []string{"1E-3", "1E-3", "0.30000000000000004", "0.3", "1234567890123456789"}},
		{"past the columns remembered", maxRecentColumns + 1, []string{"7", "7", "70"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tab := &Table{}
			for _, raw := range tt.raws {
				got, err := tab.storedNumber(tt.col, raw)
				want, werr := ParseStored(raw)
				if err != nil || werr != nil {
					t.Fatalf("storedNumber(%q) error %v, ParseStored error %v", raw, err, werr)
				}
				if got.String() != want.String() || got.Exponent() != want.Exponent() {
					t.Errorf("storedNumber(%q) = %s (exponent %d), want %s (exponent %d)", raw, got, got.Exponent(), want, want.Exponent())
				}
			}
		})
	}
}

// TestValueSize: a Value takes 48 bytes on a 64-bit platform (a row of a
// large sheet is a slice of them), not 56 as with Row, Col and Formula
// after Text.
func TestValueSize(t *testing.T) {
	if unsafe.Sizeof(uintptr(0)) != 8 {
		t.Skip("sizes are for 64-bit platforms")
	}
	if got := unsafe.Sizeof(Value{}); got > 48 {
		t.Errorf("unsafe.Sizeof(Value{}) = %d, want at most 48", got)
	}
}
