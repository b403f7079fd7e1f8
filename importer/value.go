package importer

import (
	"time"

	"github.com/shopspring/decimal"
)

// Kind says what a Value holds.
type Kind uint8

// Value kinds.
const (
	Empty   Kind = iota // no value: an empty cell or "-"
	Number              // Num holds the value, rounded to the column's decimals
	Text                // Text holds the trimmed text
	Date                // Num holds days since 1899-12-30; see Time
	Invalid             // the cell could not be read; a Problem says why
)

// Value is one typed cell of a table.
type Value struct {
	Kind Kind
	// Formula is set when the value is a formula's cached result.
	Formula bool
	// Row and Col locate the cell (1-based). (Kind, Formula, Row and Col
	// share the first 16 bytes: a row of a large sheet has many Values.)
	Row, Col int32
	// Num is exact: a typed number as typed (stored doubles rounded to 15
	// significant digits, as Excel shows them); a formula's result rounded
	// half away from zero to the column's decimals, as the template's
	// number format displays it.
	Num decimal.Decimal
	// Text is the cell's text for Text values, and the text as read for
	// Invalid ones.
	Text string
}

// IsEmpty reports whether the value is missing.
func (v Value) IsEmpty() bool { return v.Kind == Empty }

var excelEpoch = time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)

// Time returns a Date value as a time in UTC.
func (v Value) Time() time.Time {
	days := v.Num.IntPart()
	secs := v.Num.Sub(decimal.NewFromInt(days)).Mul(decimal.NewFromInt(86400)).Round(0).IntPart()
	return excelEpoch.AddDate(0, 0, int(days)).Add(time.Duration(secs) * time.Second)
}

// String renders the value for reports: numbers in plain form ("-750925",
// "61.7"), dates as YYYY-MM-DD, text as is.
func (v Value) String() string {
	switch v.Kind {
	case Number:
		return v.Num.String()
	case Date:
		return v.Time().Format(time.DateOnly)
	case Text, Invalid:
		return v.Text
	}
	return ""
}
