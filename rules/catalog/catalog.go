// Package catalog holds every text rapportkoll shows a user, by key, in
// Swedish and English: the messages of findings (rules, rules/check) and
// the words of the reports and workbooks (exporter). It imports nothing of
// rapportkoll's, so every package can use it.
//
// A text may hold placeholders such as {col} or {n}; the caller fills them
// in (Fill, or its own strings.Replacer). Both languages of a key have the
// same placeholders, which TestCatalog checks.
package catalog

import (
	"slices"
	"strings"
)

// Lang is the language of messages to users.
type Lang string

// Supported languages; Swedish is the default.
const (
	Swedish Lang = "sv"
	English Lang = "en"
)

// Text is one text in both languages.
type Text struct{ SV, EN string }

// In is the text in lang: English for English, Swedish otherwise.
func (t Text) In(lang Lang) string {
	if lang == English {
		return t.EN
	}
	return t.SV
}

// entries are every key's texts; the files texts_*.go fill it.
var entries = map[string]Text{}

func add(m map[string]Text) {
	for k, t := range m {
		if _, dup := entries[k]; dup {
			panic("catalog: key " + k + " defined twice") // at init, a programming error
		}
		entries[k] = t
	}
}

// Get returns the text of key in lang. An unknown key gives "‹key›", a
// marked text that TestKeysUsed finds at test time; it never panics.
func Get(lang Lang, key string) string {
	t, ok := entries[key]
	if !ok {
		return "‹" + key + "›"
	}
	return t.In(lang)
}

// Has reports whether key is in the catalogue.
func Has(key string) bool {
	_, ok := entries[key]
	return ok
}

// Lookup returns key's texts; ok is false for an unknown key.
func Lookup(key string) (Text, bool) {
	t, ok := entries[key]
	return t, ok
}

// Fill returns the text of key in lang with its placeholders replaced:
// kv holds pairs of a name (without braces) and its value.
func Fill(lang Lang, key string, kv ...string) string {
	s := Get(lang, key)
	if len(kv) == 0 {
		return s
	}
	pairs := make([]string, 0, len(kv))
	for i := 0; i+1 < len(kv); i += 2 {
		pairs = append(pairs, "{"+kv[i]+"}", kv[i+1])
	}
	return Replace(s, pairs...)
}

// Replace replaces each placeholder of msg that pairs names (placeholder,
// value, placeholder, value, …; each placeholder "{name}") by its value,
// in one pass from the left, the first pair of a name winning: what
// strings.NewReplacer(pairs...).Replace(msg) gives (TestReplace holds it
// to that), without building a replacer for every text filled.
func Replace(msg string, pairs ...string) string {
	return replace(msg, func(ph string) (string, bool) { return placeholder(pairs, ph) })
}

// ReplaceFunc is Replace with the value of each placeholder "{name}" of
// msg given by value(name) (ok false: msg keeps the placeholder), for a
// caller that holds its values by name: what Replace gives with the pair
// "{name}", v for every name that value knows.
func ReplaceFunc(msg string, value func(name string) (string, bool)) string {
	return replace(msg, func(ph string) (string, bool) { return value(ph[1 : len(ph)-1]) })
}

// replace replaces each placeholder of msg ("{" up to the next "}") that
// value knows, in one pass from the left.
func replace(msg string, value func(placeholder string) (string, bool)) string {
	if strings.IndexByte(msg, '{') < 0 {
		return msg
	}
	var b strings.Builder
	b.Grow(len(msg) + 32)
	for i := 0; i < len(msg); {
		j := strings.IndexByte(msg[i:], '{')
		if j < 0 {
			b.WriteString(msg[i:])
			break
		}
		j += i
		b.WriteString(msg[i:j])
		if k := strings.IndexByte(msg[j:], '}'); k >= 0 {
			if v, ok := value(msg[j : j+k+1]); ok {
				b.WriteString(v)
				i = j + k + 1
				continue
			}
		}
		b.WriteByte('{')
		i = j + 1
	}
	return b.String()
}

func placeholder(pairs []string, key string) (string, bool) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i] == key {
			return pairs[i+1], true
		}
	}
	return "", false
}

// Keys returns every key, sorted.
func Keys() []string {
	out := make([]string, 0, len(entries))
	for k := range entries {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
