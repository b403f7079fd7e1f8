package rules

import (
	"errors"
	"path/filepath"

	"github.com/shopspring/decimal"
)

var errNotDecimal = errors.New("not a plain decimal")

// parseDec reads a plain decimal such as "-750925" or "61.7".
func parseDec(s string) (decimal.Decimal, error) {
	if s == "" || len(s) > 40 {
		return decimal.Zero, errNotDecimal
	}
	for _, r := range s {
		if !(r >= '0' && r <= '9' || r == '-' || r == '.') {
			return decimal.Zero, errNotDecimal
		}
	}
	return decimal.NewFromString(s)
}

func baseName(f string) string {
	if f == "" {
		return ""
	}
	return filepath.Base(f)
}
