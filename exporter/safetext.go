package exporter

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// ShortRunes is how many characters of a value from a workbook (a
// department, a period, a file or sheet name) text output shows; the whole
// value stays in report.json.
const ShortRunes = 80

// Printable returns s fit for a terminal or a text file: control
// characters (C0, DEL, C1), line and paragraph separators and characters
// that show nothing (format characters such as the bidi overrides U+202E,
// the zero-width space U+200B, the soft hyphen U+00AD; see invisible) are
// shown escaped (\n, \x1b, \u202e, \u200b), and invalid UTF-8 as U+FFFD. Text from
// a submitted workbook can then neither forge lines of the report nor
// drive the terminal.
func Printable(s string) string { return clean(s, -1) }

// Short is Printable for a value shown in a line or a table cell: at most
// ShortRunes characters, the rest cut off with "…".
func Short(s string) string { return clean(s, ShortRunes) }

// clean escapes s and keeps at most max characters of it (all when max < 0).
func clean(s string, max int) string {
	if max < 0 || len(s) <= max {
		if safe(s) {
			return s
		}
	}
	var b strings.Builder
	n := 0
	for i, r := range s {
		if max >= 0 && n == max {
			if i < len(s) {
				b.WriteString("…")
			}
			break
		}
		n++
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				b.WriteRune(utf8.RuneError)
				continue
			}
		}
		b.WriteString(escape(r))
	}
	return b.String()
}

// safe reports whether s is valid UTF-8 with nothing to escape.
func safe(s string) bool {
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf { // ASCII: only the control characters
			if c < 0x20 || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError || needsEscape(r) {
			return false
		}
		i += size
	}
	return true
}

func needsEscape(r rune) bool {
	switch {
	case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f:
		return true // control characters
	case r < 0xad:
		return false
	case r == 0x2028 || r == 0x2029:
		return true // line and paragraph separators
	}
	return invisible(r)
}

// invisible reports whether r shows nothing: a format character (Unicode
// category Cf: soft hyphen, zero-width space and joiners, direction marks,
// bidi embeddings, overrides and isolates, word joiner, invisible
// operators, byte-order mark, tags) or a filler that looks like a space
// (Hangul fillers, braille blank). Escaped, two names that look alike on
// a terminal are told apart: "Dri\u200bft" is not "Drift".
func invisible(r rune) bool {
	return unicode.Is(unicode.Cf, r) || r == 0x115f || r == 0x1160 || r == 0x3164 || r == 0xffa0 || r == 0x2800
}

// escape shows one character as itself or as its escape.
func escape(r rune) string {
	if !needsEscape(r) {
		return string(r)
	}
	switch r {
	case '\n':
		return `\n`
	case '\r':
		return `\r`
	case '\t':
		return `\t`
	}
	switch {
	case r < 0x80:
		return fmt.Sprintf(`\x%02x`, r)
	case r > 0xffff:
		return fmt.Sprintf(`\U%08x`, r) // a tag character, as Go writes it
	}
	return fmt.Sprintf(`\u%04x`, r)
}
