package check

import (
	"bufio"
	"bytes"

	"github.com/shopspring/decimal"
)

// SpoolRoundTrip encodes and decodes d as a spool does.
func SpoolRoundTrip(d decimal.Decimal) (decimal.Decimal, bool) {
	b := appendDecimal(nil, d)
	got, err := readDecimal(bufio.NewReader(bytes.NewReader(b)))
	return got, err == nil
}
