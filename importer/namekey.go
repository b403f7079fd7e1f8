package importer

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// NameKey is the form in which two names typed by people (a department, a
// period) are compared: Unicode NFC, invisible format characters (zero-width
// space, soft hyphen, direction marks, BOM) removed, white space of any kind
// (no-break spaces included) folded to one space and trimmed, case folded.
// "Na\u0308mnd", "Näm\u200bnd" and "NÄMND\u00a0" all have the key "nämnd".
func NameKey(s string) string {
	if isPrintableASCII(s) {
		// NFC and without format characters already; Normalize's lower
		// case of ASCII is that of its upper case
		return Normalize(s)
	}
	s = strings.Map(func(r rune) rune {
		if unicode.Is(unicode.Cf, r) {
			return -1
		}
		return r
	}, s)
	return Normalize(strings.ToUpper(norm.NFC.String(s)))
}

// isPrintableASCII reports whether s holds only the bytes from space to
// tilde.
func isPrintableASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < 0x20 || s[i] > 0x7e {
			return false
		}
	}
	return true
}
