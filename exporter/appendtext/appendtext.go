// Package appendtext appends values to a byte slice as text without the
// allocations of their library forms: a string as encoding/json writes
// it, a decimal as shopspring/decimal's String or StringFixed writes it.
// The history's canonical records and report.json are made with them; each
// is held to the library form it replaces by a fuzz target of its caller.
package appendtext

import (
	"strconv"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// JSONString appends s as encoding/json writes it without HTML escaping
// (its appendString, written out again): a quote and a backslash after a
// backslash, the control characters that have a short escape with it,
// the others and U+2028 and U+2029 as \u escapes, bytes that are not
// UTF-8 as \ufffd.
func JSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0 // of the plain text not yet appended
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, `\b`...)
			case '\f':
				b = append(b, `\f`...)
			case '\n':
				b = append(b, `\n`...)
			case '\r':
				b = append(b, `\r`...)
			case '\t':
				b = append(b, `\t`...)
			default:
				b = append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1: // not UTF-8
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += n
			continue
		}
		i += n
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

// Decimal appends d as d.String() writes it when trim is set (trailing
// zeros of the fraction dropped, "1.5"), else as
// d.StringFixed(max(0, -d.Exponent())) ("1.50"); without allocations when
// the coefficient fits an int64.
func Decimal(b []byte, d decimal.Decimal, trim bool) []byte {
	exp := d.Exponent()
	if exp > 0 || exp < -18 || d.NumDigits() > 18 {
		if trim {
			return append(b, d.String()...)
		}
		return append(b, d.StringFixed(max(0, -exp))...)
	}
	c := d.CoefficientInt64()
	if exp == 0 {
		return strconv.AppendInt(b, c, 10)
	}
	u := uint64(c)
	if c < 0 {
		b = append(b, '-')
		u = -u
	}
	p := uint64(1)
	for range -exp {
		p *= 10
	}
	b = strconv.AppendUint(b, u/p, 10)
	frac := u % p
	if trim && frac == 0 {
		return b
	}
	var digits [19]byte
	n := int(-exp)
	for i := n - 1; i >= 0; i-- {
		digits[i] = byte('0' + frac%10)
		frac /= 10
	}
	for trim && n > 0 && digits[n-1] == '0' {
		n--
	}
	b = append(b, '.')
	return append(b, digits[:n]...)
}
