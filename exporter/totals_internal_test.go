package exporter

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"
)

// TestGroupSumExact: a total's sum in the arena (an int64 while it fits)
// equals decimal.Zero.Add(v1).Add(v2)... exactly, exponent included, for
// generated values: mixed exponents, coefficients near an int64's limits
// (overflow), positive exponents and values beyond an int64.
func TestGroupSumExact(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	pick := func() decimal.Decimal {
		switch rng.IntN(6) {
		case 5:
			return decimal.New(math.MaxInt64, -1)
		case 0:
			return decimal.New(999_999_999_999_999_999-rng.Int64N(3), 0) // 18 digits: ten overflow
		case 1:
			return decimal.New(-999_999_999_999_999_999+rng.Int64N(3), 0)
		case 2:
			return decimal.New(rng.Int64N(1000), int32(rng.IntN(3)))
		case 3:
			return decimal.RequireFromString("123456789012345678901234567890")
		}
		return decimal.New(rng.Int64N(2_000_000)-1_000_000, -int32(rng.IntN(3)))
	}
	for n := range 2000 {
		g := &grouper{sums: make([]colSum, 1), bigs: map[int32]decimal.Decimal{}, width: 1}
		want := decimal.Zero
		for range 1 + n%31 {
			d := pick()
			switch n % 3 {
			case 0:
				d = decimal.New(rng.Int64N(1<<40), -2) // the common case: one exponent
			case 1:
				d = decimal.New(999_999_999_999_999_999*(1-2*int64(n%2)), 0) // an int64 overflows
			}
			g.addSum(0, d)
			want = want.Add(d)
		}
		got, ok := g.groupSum(&totalGroup{}, 0)
		if !ok || !got.Equal(want) || got.Exponent() != want.Exponent() {
			t.Fatalf("case %d: sum %s (exp %d), want %s (exp %d)", n, got, got.Exponent(), want, want.Exponent())
		}
	}
}
