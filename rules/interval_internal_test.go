package rules

import (
	"math/rand/v2"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/importer"
)

// TestPointArithmetic: arithmetic on exact points (the fast path) gives
// the same intervals as the general arithmetic on the same values.
func TestPointArithmetic(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	general := func(v decimal.Decimal) Interval { return Interval{Lo: v, Mid: v, Hi: v} }
	same := func(op string, got, want Interval) {
		t.Helper()
		if !got.Lo.Equal(want.Lo) || !got.Mid.Equal(want.Mid) || !got.Hi.Equal(want.Hi) {
			t.Fatalf("%s: point %v, general %v", op, got, want)
		}
	}
	for range 2000 {
		a := decimal.New(rng.Int64N(2_000_001)-1_000_000, -rng.Int32N(4))
		b := decimal.New(rng.Int64N(2_001)-1_000, -rng.Int32N(3))
		pa, pb, ga, gb := Exact(a), Exact(b), general(a), general(b)
		same("add", pa.Add(pb), ga.Add(gb))
		same("sub", pa.Sub(pb), ga.Sub(gb))
		same("mul", pa.Mul(pb), ga.Mul(gb))
		same("neg", pa.Neg(), ga.Neg())
		same("abs", pa.Abs(), ga.Abs())
		q1, err1 := pa.Div(pb)
		q2, err2 := ga.Div(gb)
		if (err1 == nil) != (err2 == nil) {
			t.Fatalf("div %s / %s: errors %v and %v", a, b, err1, err2)
		}
		if err1 == nil {
			same("div", q1, q2)
		}
	}
}

// TestColSum: the running column sum equals the plain Decimal sum, and its
// interval equals the sum of the figures' Stated intervals, for figures of
// mixed sizes and decimals (including ones beyond int64).
func TestColSum(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	col := &importer.Column{Decimals: 0}
	for trial := range 200 {
		var s colSum
		want := decimal.Zero
		wantIv := Exact(decimal.Zero)
		for range rng.IntN(300) {
			var d decimal.Decimal
			switch rng.IntN(6) {
			case 0:
				d = decimal.New(rng.Int64N(1e15)-5e14, -rng.Int32N(12))
			case 1:
				d = decimal.New(rng.Int64N(1e15), rng.Int32N(4))
			case 2:
				d, _ = decimal.NewFromString("123456789012345678901234567890.5")
			default:
				d = decimal.New(rng.Int64N(2_000_001)-1_000_000, -rng.Int32N(3))
			}
			s.add(importer.Value{Kind: importer.Number, Num: d}, col)
			want = want.Add(d)
			wantIv = wantIv.Add(Stated(d, col.Decimals))
		}
		if got, _ := s.sum(); !got.Equal(want) {
			t.Fatalf("trial %d: sum %s, want %s", trial, got, want)
		}
		iv, _ := s.interval()
		if !iv.Lo.Equal(wantIv.Lo) || !iv.Hi.Equal(wantIv.Hi) {
			t.Fatalf("trial %d: interval [%s, %s], want [%s, %s]", trial, iv.Lo, iv.Hi, wantIv.Lo, wantIv.Hi)
		}
	}
}
