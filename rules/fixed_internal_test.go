package rules

import (
	"fmt"
	"math/big"
	"strings"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/rules/expr"
)

// decimalOf is f as a decimal.Decimal, for comparing.
func decimalOf(f fixed) decimal.Decimal {
	m := new(big.Int).SetUint64(f.m.hi)
	m.Lsh(m, 64)
	m.Or(m, new(big.Int).SetUint64(f.m.lo))
	if f.neg {
		m.Neg(m)
	}
	return decimal.NewFromBigInt(m, f.e)
}

// sameAsDecimal checks that a fixed result, when there is one, is the
// number decimal.Decimal computes.
func sameAsDecimal(t *testing.T, op string, got fixed, ok bool, want decimal.Decimal) {
	t.Helper()
	if !ok {
		return
	}
	if got.m.hi >= 1<<63 || got.neg && got.m.isZero() {
		t.Fatalf("%s = %+v: not a valid fixed", op, got)
	}
	if d := decimalOf(got); !d.Equal(want) {
		t.Fatalf("%s = %s, decimal.Decimal gives %s", op, d, want)
	}
}

func TestFixed(t *testing.T) {
	d := decimal.RequireFromString
	tests := []struct {
		name     string
		got      func() (fixed, bool)
		want     decimal.Decimal
		mustWork bool
	}{
		{"-5/1000", func() (fixed, bool) { return fx(t, "-5").divRound(fx(t, "1000"), 20) }, d("-0.005"), true},
		{"1/3", func() (fixed, bool) { return fx(t, "1").divRound(fx(t, "3"), 20) }, d("1").DivRound(d("3"), 20), true},
		{"2/3", func() (fixed, bool) { return fx(t, "2").divRound(fx(t, "3"), 20) }, d("0.66666666666666666667"), true},
		{"-2/3", func() (fixed, bool) { return fx(t, "-2").divRound(fx(t, "3"), 20) }, d("-0.66666666666666666667"), true},
		{"250/-0.07", func() (fixed, bool) { return fx(t, "250").divRound(fx(t, "-0.07"), 20) }, d("250").DivRound(d("-0.07"), 20), true},
		{"1/8 to 2 places", func() (fixed, bool) { return fx(t, "1").divRound(fx(t, "8"), 2) }, d("0.13"), true},
		{"-1/8 to 2 places", func() (fixed, bool) { return fx(t, "-1").divRound(fx(t, "8"), 2) }, d("-0.13"), true},
		{"1/3*100 round 0", func() (fixed, bool) {
			q, _ := fx(t, "1").divRound(fx(t, "3"), 20)
			p, _ := q.mul(fx(t, "100"))
			return p.round(0)
		}, d("33"), true},
		{"-2.5 round 0", func() (fixed, bool) { return fx(t, "-2.5").round(0) }, d("-3"), true},
		{"2.45 round 1", func() (fixed, bool) { return fx(t, "2.45").round(1) }, d("2.5"), true},
		{"-0.4 round 0", func() (fixed, bool) { return fx(t, "-0.4").round(0) }, d("0"), true},
		{"12 round -1", func() (fixed, bool) { return fx(t, "15").round(-1) }, d("20"), true},
		{"1.5 - 2", func() (fixed, bool) { return fx(t, "1.5").add(fx(t, "-2")) }, d("-0.5"), true},
		{"1e4000 * 1e4000", func() (fixed, bool) { return fx(t, "1e4000").mul(fx(t, "1e4000")) }, decimal.Zero, false},
		{"max * max", func() (fixed, bool) {
			m := fx(t, "999999999999999999")
			p, _ := m.mul(m)
			return p.mul(m)
		}, decimal.Zero, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := tt.got()
			if ok != tt.mustWork {
				t.Fatalf("ok = %v, want %v", ok, tt.mustWork)
			}
			sameAsDecimal(t, tt.name, got, ok, tt.want)
		})
	}
}

func fx(t *testing.T, s string) fixed {
	t.Helper()
	f, ok := fixedOf(decimal.RequireFromString(s))
	if !ok {
		t.Fatalf("fixedOf(%s) not ok", s)
	}
	return f
}

// FuzzFixed: every operation of fixed that gives a result gives the
// number decimal.Decimal gives for the same operands.
func FuzzFixed(f *testing.F) {
	f.Add(int64(-5), int8(0), int64(1000), int8(0), int8(0))
	f.Add(int64(1), int8(0), int64(3), int8(0), int8(20))
	f.Add(int64(-999999999999999999), int8(-2), int64(7), int8(5), int8(-3))
	f.Add(int64(25), int8(-1), int64(-25), int8(-1), int8(0))
	f.Add(int64(123456789012345), int8(-20), int64(1), int8(20), int8(30))
	f.Fuzz(func(t *testing.T, c1 int64, e1 int8, c2 int64, e2 int8, places int8) {
		a, b := decimal.New(c1, int32(e1)), decimal.New(c2, int32(e2))
		fa, oka := fixedOf(a)
		fb, okb := fixedOf(b)
		sameAsDecimal(t, "fixedOf(a)", fa, oka, a)
		sameAsDecimal(t, "fixedOf(b)", fb, okb, b)
		if c1 > -1e18 && c1 < 1e18 && !oka || c2 > -1e18 && c2 < 1e18 && !okb {
			t.Fatalf("fixedOf(%s) or fixedOf(%s) not ok", a, b)
		}
		if !oka || !okb {
			return
		}
		p := int32(places)
		s, ok := fa.add(fb)
		sameAsDecimal(t, "a+b", s, ok, a.Add(b))
		s, ok = fa.add(fb.negate())
		sameAsDecimal(t, "a-b", s, ok, a.Sub(b))
		sameAsDecimal(t, "-a", fa.negate(), true, a.Neg())
		sameAsDecimal(t, "|a|", fa.abs(), true, a.Abs())
		m, ok := fa.mul(fb)
		sameAsDecimal(t, "a*b", m, ok, a.Mul(b))
		if ok {
			r, ok := m.round(p)
			sameAsDecimal(t, fmt.Sprintf("(a*b).Round(%d)", p), r, ok, a.Mul(b).Round(p))
		}
		r, ok := fa.round(p)
		sameAsDecimal(t, fmt.Sprintf("a.Round(%d)", p), r, ok, a.Round(p))
		if eq, ok := fa.equal(fb); ok && eq != a.Equal(b) {
			t.Fatalf("%s = %s: %v, decimal.Decimal says %v", a, b, eq, a.Equal(b))
		}
		if !b.IsZero() {
			q, ok := fa.divRound(fb, divScale)
			sameAsDecimal(t, "a/b", q, ok, a.DivRound(b, divScale))
			q, ok = fa.divRound(fb, p)
			sameAsDecimal(t, fmt.Sprintf("a.DivRound(b, %d)", p), q, ok, a.DivRound(b, p))
		}
	})
}

// FuzzPointFixed: a formula over three figures computed by pointFixed,
// when it gives a result, is the Mid that eval gives in point mode.
func FuzzPointFixed(f *testing.F) {
	f.Add(int64(-1005), int8(0), int64(-1000), int8(0), int64(-5), int8(0), []byte{0, 1, 2, 3})
	f.Add(int64(7), int8(-2), int64(3), int8(1), int64(0), int8(0), []byte{3, 3, 4, 5, 6})
	f.Fuzz(func(t *testing.T, c1 int64, e1 int8, c2 int64, e2 int8, c3 int64, e3 int8, choices []byte) {
		if len(choices) > 12 {
			return
		}
		env := rowEnv{point: true, override: map[string]val{
			"A": {kind: vNum, iv: Exact(decimal.New(c1, int32(e1)))},
			"B": {kind: vNum, iv: Exact(decimal.New(c2, int32(e2)))},
			"C": {kind: vNum, iv: Exact(decimal.New(c3, int32(e3)))},
		}}
		src := formulaOf(choices)
		n, err := expr.Parse(src)
		if err != nil {
			t.Fatalf("%s: %v", src, err)
		}
		got, ok := pointFixed(n, env)
		if !ok {
			return
		}
		want, err := evalCtx{env: env}.eval(n)
		if err != nil || want.kind != vNum {
			t.Fatalf("%s: pointFixed gives %s, eval %v %v", src, decimalOf(got), want, err)
		}
		sameAsDecimal(t, src, got, ok, want.iv.Mid)
	})
}

// formulaOf builds a formula over [A], [B], [C] and 100 from choices.
func formulaOf(choices []byte) string {
	operands := []string{"[A]", "[B]", "[C]", "100", "0.5"}
	ops := []string{" + ", " - ", " * ", " / "}
	var b strings.Builder
	b.WriteString("[A]")
	for _, c := range choices {
		operand := operands[int(c>>2)%len(operands)]
		switch c % 3 {
		case 1:
			operand = "abs(" + operand + ")"
		case 2:
			operand = "-" + operand
		}
		fmt.Fprintf(&b, "%s%s", ops[int(c)%len(ops)], operand)
	}
	return b.String()
}
