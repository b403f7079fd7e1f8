package rules

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// TestComputerReused: one Computer per sheet, used for row after row of
// values (some not given: what an earlier row gave must not stay), gives
// what a fresh Compute in decimal.Decimal gives for each row.
func TestComputerReused(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for i := range s.Sheets {
		sh := &s.Sheets[i]
		c := NewComputer(s, sh)
		out, ok := make([]decimal.Decimal, len(c.Columns())), make([]bool, len(c.Columns()))
		computed := 0
		for range 500 {
			in := map[string]decimal.Decimal{}
			for _, col := range sh.Columns {
				if rng.IntN(3) > 0 {
					in[col.Name] = decimal.New(rng.Int64N(2_000_000)-1_000_000, -int32(rng.IntN(3)))
				}
			}
			c.Compute(in, out, ok)
			want := compute(s, sh, in, false)
			got := 0
			for j, col := range c.Columns() {
				w, has := want[col]
				if ok[j] != has || has && (!out[j].Equal(w) || out[j].String() != w.String()) {
					t.Fatalf("%s %v: %s = %v (%v), want %v (%v)", sh.Name, in, col, out[j], ok[j], w, has)
				}
				if ok[j] {
					got++
				}
			}
			if got != len(want) {
				t.Fatalf("%s %v: %d columns computed, want %v", sh.Name, in, got, want)
			}
			computed += got
		}
		if len(c.Columns()) > 0 && computed == 0 {
			t.Errorf("%s: nothing computed in 500 rows", sh.Name)
		}
	}
}
