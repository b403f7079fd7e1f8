package main

import (
	"fmt"
	"strconv"
	"time"

	"github.com/rapportkoll/rapportkoll/rules"
)

// maxSourceDate is the last second a workbook and RFC 3339 can carry:
// 9999-12-31T23:59:59Z.
const maxSourceDate = 253402300799

// sourceDate is the run date that SOURCE_DATE_EPOCH gives, as the
// reproducible-builds.org specification defines it: whole seconds since
// 1970-01-01 00:00:00 UTC in decimal digits, as `date +%s` prints them.
// Unset or empty is no date (the zero time): the outputs then carry a
// fixed time. A malformed value is an error, for the command to exit 2
// with: a date the operator asked for is never silently dropped.
func sourceDate(v string, lang rules.Lang) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	ok := len(v) <= 12
	for _, r := range v {
		ok = ok && r >= '0' && r <= '9'
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if !ok || err != nil || n > maxSourceDate {
		return time.Time{}, fmt.Errorf(pickLang(lang,
			"SOURCE_DATE_EPOCH är %q, inget antal hela sekunder sedan 1970-01-01 UTC (till exempel 1700000000, som date +%%s skriver). Rätta variabeln eller ta bort den; inget skrevs.",
			"SOURCE_DATE_EPOCH is %q, not a number of whole seconds since 1970-01-01 UTC (such as 1700000000, as date +%%s prints). Fix the variable or unset it; nothing was written."), v)
	}
	return time.Unix(n, 0).UTC(), nil
}
