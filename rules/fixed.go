package rules

import (
	"math/bits"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/expr"
)

// fixed is a decimal m × 10^e held in 128 bits, for the point check of a
// formula on every row (formulaRow): shopspring/decimal allocates a
// big.Int for each operation, and a row's figures are small. Every
// operation computes exactly the value decimal.Decimal's does (the same
// number, whatever its exponent) or reports that it cannot (ok false:
// a value past 2^127, an exponent far out, a divisor past 2^64), and the
// caller then asks decimal.Decimal. FuzzFixed holds the two together.
type fixed struct {
	m   u128 // magnitude, below 2^127
	e   int32
	neg bool // never for zero
}

// u128 is an unsigned 128-bit integer.
type u128 struct{ hi, lo uint64 }

// maxFixedExp bounds the exponents held, so that sums of two never
// overflow an int32 and scaling stays within the tables.
const maxFixedExp = 1 << 12

// pow10u64 holds 10^0 to 10^19, the powers of ten below 2^64.
var pow10u64 = func() (t [20]uint64) {
	t[0] = 1
	for i := 1; i < len(t); i++ {
		t[i] = t[i-1] * 10
	}
	return t
}()

// fixedOf returns d as a fixed, when its coefficient has at most 18 digits.
func fixedOf(d decimal.Decimal) (fixed, bool) {
	e := d.Exponent()
	if d.NumDigits() > 18 || e > maxFixedExp || e < -maxFixedExp {
		return fixed{}, false
	}
	c := d.CoefficientInt64()
	f := fixed{e: e, neg: c < 0}
	if c < 0 {
		c = -c
	}
	f.m.lo = uint64(c)
	return f, true
}

func (m u128) isZero() bool { return m.hi == 0 && m.lo == 0 }

func (m u128) cmp(n u128) int {
	switch {
	case m.hi != n.hi:
		if m.hi < n.hi {
			return -1
		}
		return 1
	case m.lo != n.lo:
		if m.lo < n.lo {
			return -1
		}
		return 1
	}
	return 0
}

// mul64 returns m × y, ok false past 2^127.
func (m u128) mul64(y uint64) (u128, bool) {
	hi1, lo := bits.Mul64(m.lo, y)
	hi2, lo2 := bits.Mul64(m.hi, y)
	hi, carry := bits.Add64(hi1, lo2, 0)
	if hi2 != 0 || carry != 0 || hi >= 1<<63 {
		return u128{}, false
	}
	return u128{hi, lo}, true
}

// scale returns m × 10^k, ok false past 2^127.
func (m u128) scale(k int32) (u128, bool) {
	for ok := true; k > 0; k -= 19 {
		if m, ok = m.mul64(pow10u64[min(k, 19)]); !ok {
			return u128{}, false
		}
	}
	return m, true
}

func (m u128) add(n u128) (u128, bool) {
	lo, c := bits.Add64(m.lo, n.lo, 0)
	hi, c := bits.Add64(m.hi, n.hi, c)
	if c != 0 || hi >= 1<<63 {
		return u128{}, false
	}
	return u128{hi, lo}, true
}

// sub returns m − n, for m ≥ n.
func (m u128) sub(n u128) u128 {
	lo, b := bits.Sub64(m.lo, n.lo, 0)
	hi, _ := bits.Sub64(m.hi, n.hi, b)
	return u128{hi, lo}
}

// divmod returns m / d truncated and the remainder; d must not be 0.
func (m u128) divmod(d uint64) (u128, uint64) {
	qhi, r := bits.Div64(0, m.hi, d)
	qlo, r := bits.Div64(r, m.lo, d)
	return u128{qhi, qlo}, r
}

// divPow10 returns m / 10^k truncated.
func (m u128) divPow10(k int32) u128 {
	for ; k > 0; k -= 19 {
		m, _ = m.divmod(pow10u64[min(k, 19)])
	}
	return m
}

func signed(m u128, e int32, neg bool) fixed {
	return fixed{m: m, e: e, neg: neg && !m.isZero()}
}

// align returns a's and b's magnitudes at the smaller of their exponents.
func align(a, b fixed) (am, bm u128, e int32, ok bool) {
	am, bm, e, ok = a.m, b.m, a.e, true
	switch {
	case a.e > b.e:
		am, ok = a.m.scale(a.e - b.e)
		e = b.e
	case b.e > a.e:
		bm, ok = b.m.scale(b.e - a.e)
	}
	return am, bm, e, ok
}

func (a fixed) add(b fixed) (fixed, bool) {
	am, bm, e, ok := align(a, b)
	if !ok {
		return fixed{}, false
	}
	if a.neg == b.neg {
		m, ok := am.add(bm)
		return signed(m, e, a.neg), ok
	}
	if am.cmp(bm) >= 0 {
		return signed(am.sub(bm), e, a.neg), true
	}
	return signed(bm.sub(am), e, b.neg), true
}

func (a fixed) negate() fixed { return signed(a.m, a.e, !a.neg) }

func (a fixed) abs() fixed { return signed(a.m, a.e, false) }

func (a fixed) mul(b fixed) (fixed, bool) {
	x, y := a.m, b.m
	if x.hi != 0 {
		x, y = y, x
	}
	if x.hi != 0 {
		return fixed{}, false
	}
	m, ok := y.mul64(x.lo)
	e := a.e + b.e
	if !ok || e > maxFixedExp || e < -maxFixedExp {
		return fixed{}, false
	}
	return signed(m, e, a.neg != b.neg), true
}

// divRound is decimal.Decimal's DivRound(b, places): a / b rounded half
// away from zero to places decimals; b must not be zero.
func (a fixed) divRound(b fixed, places int32) (fixed, bool) {
	if b.m.hi != 0 || b.m.lo == 0 {
		return fixed{}, false
	}
	num, den := a.m, b.m.lo
	switch k := a.e - b.e + places; {
	case k > 38 || k < -19:
		return fixed{}, false
	case k >= 0:
		var ok bool
		if num, ok = num.scale(k); !ok {
			return fixed{}, false
		}
	default:
		hi, lo := bits.Mul64(den, pow10u64[-k])
		if hi != 0 {
			return fixed{}, false
		}
		den = lo
	}
	q, r := num.divmod(den)
	if r >= den-r { // 2r ≥ den: half or more, away from zero
		var ok bool
		if q, ok = q.add(u128{0, 1}); !ok {
			return fixed{}, false
		}
	}
	return signed(q, -places, a.neg != b.neg), true
}

// round is decimal.Decimal's Round(places): half away from zero, decided
// by the first digit dropped.
func (a fixed) round(places int32) (fixed, bool) {
	if a.e >= -places {
		return a, true // the value as it is, at whatever exponent
	}
	k := -places - a.e
	if k > 39 {
		return fixed{}, false
	}
	q, last := a.m.divPow10(k - 1).divmod(10)
	if last >= 5 {
		var ok bool
		if q, ok = q.add(u128{0, 1}); !ok {
			return fixed{}, false
		}
	}
	return signed(q, -places, a.neg), true
}

// equal reports whether a and b are the same number; ok is false when
// that cannot be told in 128 bits.
func (a fixed) equal(b fixed) (eq, ok bool) {
	if a.neg != b.neg {
		return false, true // zero is never negative
	}
	am, bm, _, ok := align(a, b)
	if !ok {
		return false, false
	}
	return am == bm, true
}

// pointFixed evaluates n over env's stated figures as evalCtx.eval does
// with env.point set, when every operand is a number and every step can
// be computed as fixed; ok is false otherwise, and eval is then asked.
func pointFixed(n expr.Node, env rowEnv) (fixed, bool) {
	switch n := n.(type) {
	case expr.Num:
		return fixedOf(n.Value)
	case expr.Col:
		return env.fixedColumn(n.Name)
	case expr.Unary:
		if n.Op != "-" {
			return fixed{}, false
		}
		x, ok := pointFixed(n.X, env)
		return x.negate(), ok
	case expr.Binary:
		x, ok := pointFixed(n.X, env)
		if !ok {
			return fixed{}, false
		}
		y, ok := pointFixed(n.Y, env)
		if !ok {
			return fixed{}, false
		}
		switch n.Op {
		case "+":
			return x.add(y)
		case "-":
			return x.add(y.negate())
		case "*":
			return x.mul(y)
		case "/":
			return x.divRound(y, divScale)
		}
	case expr.Call:
		if n.Func != "abs" || len(n.Args) != 1 {
			return fixed{}, false
		}
		x, ok := pointFixed(n.Args[0], env)
		return x.abs(), ok
	}
	return fixed{}, false
}

// fixedColumn is column's number, as pointVal gives it, as a fixed.
func (env rowEnv) fixedColumn(name string) (fixed, bool) {
	if v, ok := env.override[name]; ok {
		if v.kind != vNum {
			return fixed{}, false
		}
		return fixedOf(v.iv.Mid) // arithmetic on intervals computes Mid as on points
	}
	if env.t == nil {
		return fixed{}, false
	}
	i := env.t.Index(name)
	if i < 0 {
		return fixed{}, false
	}
	switch v := env.r.Values[i]; v.Kind {
	case importer.Number, importer.Date:
		return fixedOf(v.Num)
	}
	return fixed{}, false
}
