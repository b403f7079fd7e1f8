package catalog

import (
	"strings"
	"testing"
)

var replaceCases = []string{
	"", "no placeholders", "{a}", "{a}{b}", "x {a} y {b} z {c}", "{{a}", "{a}}", "{", "}", "{unknown} {a}",
	"{a", "a}", "{b}{a}{b}", "{ä} {a}", "{a}{a}{a}", "{a}{aa}", "{{{a}}}",
}

// TestReplace holds Replace to strings.Replacer on placeholders.
func TestReplace(t *testing.T) {
	pairs := []string{"{a}", "1", "{b}", "{a}", "{aa}", "", "{a}", "shadowed", "{ä}", "å"}
	for _, msg := range replaceCases {
		if got, want := Replace(msg, pairs...), strings.NewReplacer(pairs...).Replace(msg); got != want {
			t.Errorf("Replace(%q) = %q, strings.Replacer gives %q", msg, got, want)
		}
	}
}

func FuzzReplace(f *testing.F) {
	for _, msg := range replaceCases {
		f.Add(msg, "{a}", "x{b}")
	}
	f.Fuzz(func(t *testing.T, msg, name, value string) {
		if strings.ContainsAny(name, "{}") {
			return
		}
		pairs := []string{"{" + name + "}", value, "{b}", "2"}
		if got, want := Replace(msg, pairs...), strings.NewReplacer(pairs...).Replace(msg); got != want {
			t.Fatalf("Replace(%q, %q) = %q, strings.Replacer gives %q", msg, pairs, got, want)
		}
	})
}

// FuzzReplaceFunc: ReplaceFunc with values by name gives what Replace
// gives with the same values as pairs.
func FuzzReplaceFunc(f *testing.F) {
	for _, msg := range replaceCases {
		f.Add(msg, "a", "x{b}")
	}
	f.Add("{{a}}", "{a", "v")
	f.Fuzz(func(t *testing.T, msg, name, value string) {
		values := map[string]string{"b": "2"}
		values[name] = value
		var pairs []string
		for k, v := range values {
			pairs = append(pairs, "{"+k+"}", v)
		}
		got := ReplaceFunc(msg, func(n string) (string, bool) { v, ok := values[n]; return v, ok })
		if want := Replace(msg, pairs...); got != want {
			t.Fatalf("ReplaceFunc(%q, %q) = %q, Replace gives %q", msg, values, got, want)
		}
	})
}
