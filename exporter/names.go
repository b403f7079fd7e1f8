package exporter

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxNameRunes bounds a file name made from a department name.
const maxNameRunes = 80

// reserved are names Windows refuses as file names, whatever the extension.
var reserved = map[string]bool{"con": true, "prn": true, "aux": true, "nul": true}

func init() {
	for _, d := range "123456789" {
		reserved["com"+string(d)] = true
		reserved["lpt"+string(d)] = true
	}
}

// SafeName turns a department name from a workbook into a file name that
// cannot leave its folder: letters (Swedish ones included), digits, space,
// "-", "_" and "." are kept, anything else (path separators, control
// characters, emoji) becomes "_"; leading dots and spaces go; reserved
// device names get a suffix; the result is at most 80 characters and never
// empty.
func SafeName(name string) string {
	var b strings.Builder
	for _, r := range name {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || r == '-' || r == '_' || r == '.' || r == ' ':
			b.WriteRune(r)
		default:
			b.WriteRune('_')
		}
	}
	s := strings.Join(strings.Fields(b.String()), " ")
	s = strings.TrimLeft(s, ". ")
	if utf8.RuneCountInString(s) > maxNameRunes {
		s = string([]rune(s)[:maxNameRunes])
	}
	s = strings.TrimRight(s, ". ")
	if s == "" {
		s = "namnlos"
	}
	if base, _, _ := strings.Cut(strings.ToLower(s), "."); reserved[base] {
		s = "_" + s
	}
	return s
}

// namer hands out safe names, unique regardless of case.
type namer map[string]bool

// name returns SafeName(s), with " (2)", " (3)", ... added when taken.
func (n namer) name(s string) string {
	base := SafeName(s)
	out := base
	for i := 2; n[strings.ToLower(out)]; i++ {
		out = base + " (" + strconv.Itoa(i) + ")"
	}
	n[strings.ToLower(out)] = true
	return out
}
