package exporter

import "strings"

// This file finds the relationships and content-type overrides of a
// package, and the attributes of a tag, by hand: exactly what the
// patterns in tagscan_test.go find (FuzzTagScan holds the two to each
// other), without the regexp package's backtracking, which was a tenth
// of a consolidation's time.

// findTags returns the spans of the elements named local, with or without
// a namespace prefix, in s: each a start tag that closes itself or is
// followed, after white space only, by its end tag, as the pattern
// <(?:P:)?LOCAL\b[^>]*?(?:/>|>\s*</(?:P:)?LOCAL>) finds them (P a name).
func findTags(s, local string) [][2]int {
	var out [][2]int
	for i := 0; i < len(s); {
		lt := indexByteFrom(s, '<', i)
		if lt < 0 {
			break
		}
		if end, ok := tagAt(s, lt, local); ok {
			out = append(out, [2]int{lt, end})
			i = end
			continue
		}
		i = lt + 1
	}
	return out
}

// indexByteFrom is the index of the first c in s from from, or -1.
func indexByteFrom(s string, c byte, from int) int {
	if i := strings.IndexByte(s[from:], c); i >= 0 {
		return from + i
	}
	return -1
}

// tagAt matches the element local at s[lt] ('<'), returning its end.
func tagAt(s string, lt int, local string) (int, bool) {
	if k, ok := prefixEnd(s, lt+1); ok {
		if end, ok := tagRest(s, k, local); ok {
			return end, true
		}
	}
	return tagRest(s, lt+1, local)
}

// prefixEnd returns the index after "P:" at s[at], P a name
// ([A-Za-z_][\w.-]*).
func prefixEnd(s string, at int) (int, bool) {
	if at >= len(s) || !(isLetter(s[at]) || s[at] == '_') {
		return 0, false
	}
	k := at + 1
	for k < len(s) && (isWord(s[k]) || s[k] == '.' || s[k] == '-') {
		k++
	}
	if k < len(s) && s[k] == ':' {
		return k + 1, true
	}
	return 0, false
}

// tagRest matches local, a word boundary, the rest of the start tag and,
// unless it closes itself, white space and the end tag, from s[n].
func tagRest(s string, n int, local string) (int, bool) {
	m := n + len(local)
	if m > len(s) || s[n:m] != local || (m < len(s) && isWord(s[m])) {
		return 0, false
	}
	gt := indexByteFrom(s, '>', m)
	if gt < 0 {
		return 0, false
	}
	if gt-1 >= m && s[gt-1] == '/' {
		return gt + 1, true
	}
	k := gt + 1
	for k < len(s) && isSpace(s[k]) {
		k++
	}
	if k+2 > len(s) || s[k:k+2] != "</" {
		return 0, false
	}
	k += 2
	if p, ok := prefixEnd(s, k); ok {
		if e := p + len(local); e < len(s) && s[p:e] == local && s[e] == '>' {
			return e + 1, true
		}
	}
	if e := k + len(local); e < len(s) && s[k:e] == local && s[e] == '>' {
		return e + 1, true
	}
	return 0, false
}

// replaceTags returns s with each element local found by findTags
// replaced by f of it.
func replaceTags(s, local string, f func(tag string) string) string {
	spans := findTags(s, local)
	if len(spans) == 0 {
		return s
	}
	out := make([]byte, 0, len(s))
	pos := 0
	for _, sp := range spans {
		out = append(out, s[pos:sp[0]]...)
		out = append(out, f(s[sp[0]:sp[1]])...)
		pos = sp[1]
	}
	return string(append(out, s[pos:]...))
}

// attrs returns the attributes of a tag by name (the last of a name
// given twice), as the pattern \s([A-Za-z:]+)\s*=\s*(?:"([^"]*)"|'([^']*)')
// finds them.
func attrs(tag string) map[string]string {
	out := map[string]string{}
	eachAttr(tag, func(c byte) bool { return isLetter(c) || c == ':' }, false, func(name string, q, end int) bool {
		out[name] = tag[q+1 : end-1]
		return true
	})
	return out
}

// eachAttr calls yield with each attribute of tag, in turn: a name of
// nameByte bytes after white space (or, when adjacent, right after the
// previous value's closing quote, as encoding/xml reads it), then =, then
// a quoted value (q where its opening quote is, end after its closing
// quote), stepping past each value whole; until yield returns false.
func eachAttr[T ~string | ~[]byte](tag T, nameByte func(byte) bool, adjacent bool, yield func(name string, q, end int) bool) {
	after := -1 // where the last value ended
	for p := 0; p < len(tag); p++ {
		at := p + 1
		if !isSpace(tag[p]) {
			if !adjacent || p != after {
				continue
			}
			at = p
		}
		k := at
		for k < len(tag) && nameByte(tag[k]) {
			k++
		}
		if k == at {
			continue
		}
		q, end := quotedValueAt(tag, k)
		if q < 0 {
			continue
		}
		if !yield(string(tag[at:k]), q, end) {
			return
		}
		p, after = end-1, end // the loop steps past the quote
	}
}

// quotedValueAt matches \s*=\s*(?:"([^"]*)"|'([^']*)') at tag[k]: q is where the
// value's opening quote is, end is after its closing quote; both -1 when
// it does not match.
func quotedValueAt[T ~string | ~[]byte](tag T, k int) (q, end int) {
	for k < len(tag) && isSpace(tag[k]) {
		k++
	}
	if k >= len(tag) || tag[k] != '=' {
		return -1, -1
	}
	k++
	for k < len(tag) && isSpace(tag[k]) {
		k++
	}
	if k >= len(tag) || (tag[k] != '"' && tag[k] != '\'') {
		return -1, -1
	}
	for c := k + 1; c < len(tag); c++ {
		if tag[c] == tag[k] {
			return k, c + 1
		}
	}
	return -1, -1
}

func isLetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

func isWord(c byte) bool { return isLetter(c) || c >= '0' && c <= '9' || c == '_' }

// isSpace is the pattern \s: tab, line feed, form feed, carriage return
// and space.
func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r' }
