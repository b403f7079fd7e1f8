package check

import (
	"bufio"
	"bytes"
	"testing"

	"github.com/shopspring/decimal"
)

// SpoolRoundTrip encodes and decodes d as a spool does.
func SpoolRoundTrip(d decimal.Decimal) (decimal.Decimal, bool) {
	b := appendDecimal(nil, d)
	got, err := readDecimal(bufio.NewReader(bytes.NewReader(b)))
	return got, err == nil
}

// PoisonInputs has every input buffer overwritten when it is given back
// (on) or not, and back to not when the test ends.
func PoisonInputs(t testing.TB, on bool) {
	poisonInputs = on
	t.Cleanup(func() { poisonInputs = false })
}
