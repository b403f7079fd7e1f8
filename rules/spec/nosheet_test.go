package spec_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// TestNoTemplateNamesInCode: the template is data. No Go source outside
// the spec (tests aside) names one of the default template's sheets as a
// string, so a template with other sheets needs no code change. "Info" is
// also a heading of ours (the count of info findings), so only the
// sheets' exact names are looked for, and that one word is allowed.
func TestNoTemplateNamesInCode(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	for _, sh := range s.Sheets {
		names[sh.Name] = true
	}
	delete(names, "Info")
	root := filepath.Join("..", "..")
	for _, dir := range []string{"cmd", "exporter", "importer", "rules"} {
		filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return err
			}
			f, err := parser.ParseFile(token.NewFileSet(), p, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if v, err := strconv.Unquote(lit.Value); err == nil && names[v] {
						t.Errorf("%s names the template sheet %q; take it from the spec", p, v)
					}
				}
				return true
			})
			return nil
		})
	}
}
