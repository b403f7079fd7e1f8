package importer

import (
	"errors"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"
)

// Errors returned by ParseNumber.
var (
	// ErrNotNumber means the text is not a number in any accepted form.
	ErrNotNumber = errors.New("not a number")
	// ErrNumberTooLong means the text has more characters than any real figure needs.
	ErrNumberTooLong = errors.New("number text too long")
)

// maxNumberText bounds the text ParseNumber looks at, so hostile cells cannot
// make decimal parsing expensive.
const maxNumberText = 64

// ParseNumber reads a number typed the Swedish way: "1 234", "-3 277",
// "−3 %" (U+2212 minus), "61,7", "8,5 %". Thousands may be separated by a
// space, a no-break space (U+00A0) or a narrow no-break space (U+202F); the
// decimal separator is a comma (a point is accepted too when the text has no
// comma). A trailing "%" is reported through percent; the value is returned as
// written (8,5 % gives 8.5), not as a fraction. Exponents are rejected: they
// only occur in stored numeric cells, which ParseStored reads.
func ParseNumber(s string) (d decimal.Decimal, percent bool, err error) {
	if len(s) > maxNumberText {
		return decimal.Zero, false, ErrNumberTooLong
	}
	s = strings.TrimFunc(s, isSpace)
	if p, ok := strings.CutSuffix(s, "%"); ok {
		percent = true
		s = strings.TrimFunc(p, isSpace)
	}
	var b strings.Builder
	b.Grow(len(s))
	digits, commas, points := 0, 0, 0
	for i, r := range s {
		switch {
		case r >= '0' && r <= '9':
			digits++
			b.WriteRune(r)
		case r == '-' || r == '\u2212' || r == '+':
			if i != 0 {
				return decimal.Zero, false, ErrNotNumber
			}
			if r != '+' {
				b.WriteByte('-')
			}
		case r == ',':
			commas++
			b.WriteByte('.')
		case r == '.':
			points++
			b.WriteByte('.')
		case isGroupSpace(r):
			// thousands separator: only between digits
			if digits == 0 {
				return decimal.Zero, false, ErrNotNumber
			}
		default:
			return decimal.Zero, false, ErrNotNumber
		}
	}
	if digits == 0 || commas+points > 1 {
		return decimal.Zero, false, ErrNotNumber
	}
	t := b.String()
	if strings.HasSuffix(t, ".") || strings.HasPrefix(strings.TrimPrefix(t, "-"), ".") {
		return decimal.Zero, false, ErrNotNumber
	}
	d, err = decimal.NewFromString(t)
	if err != nil {
		return decimal.Zero, false, ErrNotNumber
	}
	return d, percent, nil
}

// ParseStored reads the raw value of a numeric cell as stored in the file
// ("0.30000000000000004", "1E-3", "-750925") and rounds it to 15 significant
// digits, as Excel displays it.
func ParseStored(raw string) (decimal.Decimal, error) {
	if d, ok := parseShort(raw); ok {
		return d, nil
	}
	raw = strings.TrimSpace(raw)
	if raw == "" || len(raw) > maxNumberText {
		return decimal.Zero, ErrNotNumber
	}
	d, err := decimal.NewFromString(raw)
	if err != nil {
		return decimal.Zero, ErrNotNumber
	}
	if plainDigits(raw) <= 15 {
		return d, nil // already within Excel's precision
	}
	return RoundSignificant(d, 15), nil
}

// parseShort reads the common stored form quickly: an optional minus,
// at most 15 digits and at most one point, nothing else ("-1000",
// "0.25"). ok is false for anything else, which ParseStored then reads
// the general way.
func parseShort(s string) (decimal.Decimal, bool) {
	coef, exp, ok := shortCoefficient(s)
	if !ok {
		return decimal.Decimal{}, false
	}
	return decimal.New(coef, exp), true
}

// shortCoefficient is parseShort's coefficient and exponent.
func shortCoefficient(s string) (coef int64, exp int32, ok bool) {
	i, neg := 0, false
	if len(s) > 0 && s[0] == '-' {
		i, neg = 1, true
	}
	digits, point := 0, -1
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			coef = coef*10 + int64(c-'0')
			digits++
		case c == '.' && point < 0:
			point = digits
		default:
			return 0, 0, false
		}
	}
	if digits == 0 || digits > 15 || point == digits {
		return 0, 0, false
	}
	if neg {
		coef = -coef
	}
	if point >= 0 {
		exp = -int32(digits - point)
	}
	return coef, exp, true
}

// storedNumber is ParseStored for a cell of the sheet column col of t: a
// number stored as the one above it in the column was (the same digits)
// is the decimal made for that one, which is never changed, so that a
// column of zeros or of one figure repeated makes no new ones.
func (t *Table) storedNumber(col int, raw string) (decimal.Decimal, error) {
	coef, exp, ok := shortCoefficient(raw)
	switch {
	case !ok:
		return ParseStored(raw)
	case col < 1 || col > maxRecentColumns:
		return decimal.New(coef, exp), nil
	case len(t.recent) < col:
		// once for the table's columns, not once per column further right
		n := col
		for _, tc := range t.Columns {
			n = max(n, min(tc.Col, maxRecentColumns))
		}
		t.recent = append(t.recent, make([]recentNumber, n-len(t.recent))...)
	}
	r := &t.recent[col-1]
	if !r.ok || r.coef != coef || r.exp != exp {
		*r = recentNumber{coef: coef, exp: exp, d: decimal.New(coef, exp), ok: true}
	}
	return r.d, nil
}

// recentNumber is the last number of a column read by storedNumber.
type recentNumber struct {
	coef int64
	exp  int32
	ok   bool
	d    decimal.Decimal
}

// maxRecentColumns bounds the columns storedNumber remembers a number of.
const maxRecentColumns = 256

// plainDigits counts the digits of a number without exponent, or returns
// a large count when it has one.
func plainDigits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			n++
		case c == 'e' || c == 'E':
			return 1 << 20
		}
	}
	return n
}

// RoundSignificant rounds d to n significant digits, half away from zero.
func RoundSignificant(d decimal.Decimal, n int) decimal.Decimal {
	if d.IsZero() {
		return decimal.Zero
	}
	digits := len(d.Coefficient().String())
	if c := d.Coefficient(); c.Sign() < 0 {
		digits-- // the minus sign
	}
	// d = coefficient × 10^exp; the number of decimals kept is n - (digits + exp).
	scale := int32(n) - (int32(digits) + d.Exponent())
	if -d.Exponent() <= scale {
		return d
	}
	return d.Round(scale)
}

func isSpace(r rune) bool { return unicode.IsSpace(r) || isGroupSpace(r) }

func isGroupSpace(r rune) bool { return r == ' ' || r == '\u00a0' || r == '\u202f' }
