package store

import (
	"errors"
	"unicode"
	"unicode/utf8"

	"github.com/rapportkoll/rapportkoll/importer"
)

// MaxPeriodName is the longest name of a period, in characters.
const MaxPeriodName = 100

// ErrPeriodName is the error of a name that cannot name a period.
var ErrPeriodName = errors.New("invalid period name")

// CheckPeriodName says whether name (trimmed by the caller) may name a
// period that is opened, closed or given a register: it has a letter or
// digit (and so a non-empty importer.NameKey), is valid UTF-8 without
// control or format characters (no NUL, CR, LF, bidirectional
// overrides), and has at most MaxPeriodName characters. The CLI (period)
// and the web page check names with it alike: the period events are
// kept for good.
func CheckPeriodName(name string) error {
	if !utf8.ValidString(name) || utf8.RuneCountInString(name) > MaxPeriodName || importer.NameKey(name) == "" {
		return ErrPeriodName
	}
	alnum := false
	for _, r := range name {
		if unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) {
			return ErrPeriodName
		}
		alnum = alnum || unicode.IsLetter(r) || unicode.IsDigit(r)
	}
	if !alnum {
		return ErrPeriodName
	}
	return nil
}
