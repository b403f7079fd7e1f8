package server

import (
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/rules/catalog"
)

// Every text has both languages with the same placeholders, and is used.
func TestTexts(t *testing.T) {
	var src strings.Builder
	for _, glob := range []string{"*.go", "web/*.html"} {
		files, _ := filepath.Glob(glob)
		for _, f := range files {
			if strings.HasSuffix(f, "_test.go") || f == "texts.go" {
				continue
			}
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			src.Write(b)
		}
	}
	ph := regexp.MustCompile(`\{[a-z_]+\}`)
	n := 0
	for _, full := range catalog.Keys() {
		key, ok := strings.CutPrefix(full, textPrefix)
		if !ok {
			continue
		}
		n++
		text, _ := catalog.Lookup(full)
		if text.SV == "" || text.EN == "" {
			t.Errorf("%s: a language is empty: %+v", key, text)
		}
		sv, en := ph.FindAllString(text.SV, -1), ph.FindAllString(text.EN, -1)
		slices.Sort(sv)
		slices.Sort(en)
		if !slices.Equal(sv, en) {
			t.Errorf("%s: placeholders %v in Swedish, %v in English", key, sv, en)
		}
		if !strings.Contains(src.String(), `"`+key+`"`) {
			t.Errorf("%s: not used", key)
		}
	}
	if n < 100 {
		t.Errorf("rules/catalog has %d keys %s..., want the server's texts", n, textPrefix)
	}
	if got := say("sv", "no.such.key"); got != "‹no.such.key›" {
		t.Errorf(`say(unknown) = %q, want "‹no.such.key›"`, got)
	}
}
