package exporter

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// maxNameRunes and maxNameBytes bound a file name made from a department
// name: with " (99999)" and ".xlsx" added it stays far below the 255 bytes
// most file systems allow, whatever letters it is written in.
const (
	maxNameRunes = 80
	maxNameBytes = 120
)

// reserved are names Windows refuses as file names, whatever the extension.
var reserved = map[string]bool{"con": true, "prn": true, "aux": true, "nul": true}

func init() {
	for _, d := range "0123456789" { // superscript digits, also reserved, become "_"
		reserved["com"+string(d)] = true
		reserved["lpt"+string(d)] = true
	}
}

// SafeName turns a department name from a workbook into a file name that
// cannot leave its folder: the name is put in Unicode NFC form and
// invisible format characters (zero-width space, soft hyphen, direction
// marks) are dropped; letters (Swedish ones included), combining marks,
// digits, "-", "_" and "." are kept, any white space becomes one space, and
// anything else (path separators, control characters, emoji) becomes "_";
// leading dots and spaces go; reserved device names get a prefix; the
// result is at most 80 characters and 120 bytes, and never empty.
func SafeName(name string) string {
	var b strings.Builder
	for _, r := range norm.NFC.String(name) {
		switch {
		case unicode.Is(unicode.Cf, r):
		case unicode.IsSpace(r):
			b.WriteRune(' ')
		case unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.':
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	s := strings.Join(strings.Fields(b.String()), " ")
	s = strings.TrimLeft(s, ". ")
	s = truncate(s, maxNameRunes, maxNameBytes)
	s = strings.TrimRight(s, ". ")
	if s == "" {
		s = "namnlos"
	}
	if base, _, _ := strings.Cut(strings.ToLower(s), "."); reserved[strings.TrimRight(base, " ")] {
		s = "_" + s
	}
	return s
}

// truncate cuts s to at most runes characters and bytes bytes, at a
// character boundary.
func truncate(s string, runes, bytes int) string {
	n := 0
	for i := range s {
		if n == runes {
			return s[:i]
		}
		n++
		if _, size := utf8.DecodeRuneInString(s[i:]); i+size > bytes {
			return s[:i]
		}
	}
	return s
}

// namer hands out safe names, unique regardless of case.
type namer map[string]bool

// name returns SafeName(s), with " (2)", " (3)", ... added when taken.
func (n namer) name(s string) string {
	base := SafeName(s)
	out := base
	for i := 2; n[foldName(out)]; i++ {
		out = base + " (" + strconv.Itoa(i) + ")"
	}
	n[foldName(out)] = true
	return out
}

// foldName is the form in which two names are the same file on a file
// system that ignores case.
func foldName(s string) string { return strings.ToLower(strings.ToUpper(s)) }
