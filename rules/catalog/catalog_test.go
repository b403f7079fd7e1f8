package catalog_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/rules/catalog"
)

var (
	placeholder = regexp.MustCompile(`\{[a-z_]+\}`)
	verb        = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)
)

// set returns the sorted, distinct matches of re in s.
func set(re *regexp.Regexp, s string) []string {
	m := re.FindAllString(s, -1)
	slices.Sort(m)
	return slices.Compact(m)
}

// TestCatalog checks that every key has both languages, non-empty, with
// the same placeholders and the same fmt verbs in the same order.
func TestCatalog(t *testing.T) {
	keys := catalog.Keys()
	if len(keys) < 100 {
		t.Fatalf("Keys() = %d keys, want the whole catalogue", len(keys))
	}
	for _, k := range keys {
		tx, ok := catalog.Lookup(k)
		if !ok {
			t.Fatalf("Lookup(%q) = !ok for a key Keys() returned", k)
		}
		if strings.TrimSpace(tx.SV) == "" {
			t.Errorf("%s: no Swedish text", k)
		}
		if strings.TrimSpace(tx.EN) == "" {
			t.Errorf("%s: no English text", k)
		}
		if sv, en := set(placeholder, tx.SV), set(placeholder, tx.EN); !slices.Equal(sv, en) {
			t.Errorf("%s: placeholders sv %v, en %v, want the same", k, sv, en)
		}
		if sv, en := verb.FindAllString(tx.SV, -1), verb.FindAllString(tx.EN, -1); !slices.Equal(sv, en) {
			t.Errorf("%s: fmt verbs sv %v, en %v, want the same", k, sv, en)
		}
	}
}

func TestGet(t *testing.T) {
	tests := []struct {
		name      string
		lang      catalog.Lang
		key, want string
	}{
		{"swedish", catalog.Swedish, "status.accepted", "godkänd"},
		{"english", catalog.English, "status.accepted", "accepted"},
		{"default is swedish", "", "status.rejected", "avvisad"},
		{"unknown key is marked", catalog.English, "no.such.key", "‹no.such.key›"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := catalog.Get(tt.lang, tt.key); got != tt.want {
				t.Errorf("Get(%q, %q) = %q, want %q", tt.lang, tt.key, got, tt.want)
			}
		})
	}
	if got, want := catalog.Fill(catalog.English, "count.errors", "n", "3"), "3 errors"; got != want {
		t.Errorf(`Fill(en, "count.errors", n=3) = %q, want %q`, got, want)
	}
}

// literalKey is a key given as a literal to Get, Fill, Lookup, Has or
// the tr helpers of rules and exporter.
var literalKey = regexp.MustCompile(`(?:catalog\.(?:Get|Fill)|\btr|\bcounted)\([^,()]+, "([^"]+)"[,)]|catalog\.(?:Lookup|Has)\("([^"]+)"\)`)

// TestKeysUsed finds every key the module's code names as a literal and
// checks that the catalogue has it: an unknown key fails here, not in
// front of a user.
func TestKeysUsed(t *testing.T) {
	root := filepath.Join("..", "..")
	n := 0
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && p != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		for _, m := range literalKey.FindAllStringSubmatch(string(b), -1) {
			key := m[1] + m[2]
			n++
			if !catalog.Has(key) {
				t.Errorf("%s: key %q is not in the catalogue", p, key)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatal("found no keys in the code; the pattern is wrong")
	}
}
