package rules

import (
	"strings"
	"testing"
)

var fillCases = []string{
	"", "no placeholders", "{a}", "{a}{b}", "x {a} y {b} z {c}", "{{a}", "{a}}", "{", "}", "{unknown} {a}",
	"{a", "a}", "{b}{a}{b}", "{ä} {a}", "{a}{a}{a}", "{a}{aa}", "{{{a}}}",
}

// TestFill holds fill to strings.Replacer on placeholders.
func TestFill(t *testing.T) {
	pairs := []string{"{a}", "1", "{b}", "{a}", "{aa}", "", "{a}", "shadowed", "{ä}", "å"}
	for _, msg := range fillCases {
		if got, want := fill(msg, pairs...), strings.NewReplacer(pairs...).Replace(msg); got != want {
			t.Errorf("fill(%q) = %q, strings.Replacer gives %q", msg, got, want)
		}
	}
}

func FuzzFill(f *testing.F) {
	for _, msg := range fillCases {
		f.Add(msg, "{a}", "x{b}")
	}
	f.Fuzz(func(t *testing.T, msg, name, value string) {
		if strings.ContainsAny(name, "{}") {
			return
		}
		pairs := []string{"{" + name + "}", value, "{b}", "2"}
		if got, want := fill(msg, pairs...), strings.NewReplacer(pairs...).Replace(msg); got != want {
			t.Fatalf("fill(%q, %q) = %q, strings.Replacer gives %q", msg, pairs, got, want)
		}
	})
}
