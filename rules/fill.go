package rules

import "strings"

// fill replaces each placeholder of msg that pairs names (placeholder,
// value, placeholder, value, …; each placeholder "{name}") by its value,
// in one pass from the left, the first pair of a name winning: what
// strings.NewReplacer(pairs...).Replace(msg) gives (TestFill holds it to
// that), without building a replacer for every finding.
func fill(msg string, pairs ...string) string {
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
			if v, ok := placeholder(pairs, msg[j:j+k+1]); ok {
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
