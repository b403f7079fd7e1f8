package rules

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// sameCompute fails unless Compute in fixed point gives what it gives in
// decimal.Decimal for every formula of every sheet of the default spec:
// the same columns, each the same number at the same exponent.
func sameCompute(t *testing.T, s *spec.Spec, values func(col string) (decimal.Decimal, bool)) {
	t.Helper()
	for i := range s.Sheets {
		sh := &s.Sheets[i]
		in := map[string]decimal.Decimal{}
		for _, c := range sh.Columns {
			if v, ok := values(c.Name); ok {
				in[c.Name] = v
			}
		}
		fast, slow := compute(s, sh, in, true), compute(s, sh, in, false)
		if len(fast) != len(slow) {
			t.Fatalf("%s %v: fixed point computes %v, decimal %v", sh.Name, in, fast, slow)
		}
		for col, want := range slow {
			got, ok := fast[col]
			if !ok || !got.Equal(want) || got.Exponent() != want.Exponent() || got.String() != want.String() {
				t.Fatalf("%s %v: %s = %v (exponent %d) in fixed point, %v (exponent %d) in decimal", sh.Name, in, col, got, got.Exponent(), want, want.Exponent())
			}
		}
	}
}

// TestComputeFixed: random sums, zeros, negatives, many decimals and
// figures too large for fixed point (then decimal.Decimal computes them).
func TestComputeFixed(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 3000 {
		sameCompute(t, s, func(string) (decimal.Decimal, bool) {
			switch rng.IntN(8) {
			case 0:
				return decimal.Decimal{}, rng.IntN(2) == 0 // zero, or not given
			case 1:
				return decimal.New(rng.Int64(), int32(rng.IntN(40)-20)), true
			case 2:
				return decimal.New(int64(rng.IntN(11))-5, 0), true
			}
			return decimal.New(rng.Int64N(2_000_000_000)-1_000_000_000, -int32(rng.IntN(4))), true
		})
	}
}

// FuzzComputeFixed: Compute in fixed point is Compute in decimal.Decimal.
func FuzzComputeFixed(f *testing.F) {
	f.Add(int64(1500), int8(0), int64(-1250), int8(-1), int64(0), int8(0))
	f.Add(int64(7), int8(-2), int64(3), int8(0), int64(-9_000_000_000_000_000_000), int8(5))
	s, err := spec.Default()
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, c1 int64, e1 int8, c2 int64, e2 int8, c3 int64, e3 int8) {
		vals := []decimal.Decimal{decimal.New(c1, int32(e1)), decimal.New(c2, int32(e2)), decimal.New(c3, int32(e3))}
		i := 0
		sameCompute(t, s, func(string) (decimal.Decimal, bool) {
			i++
			return vals[i%3], true
		})
	})
}
