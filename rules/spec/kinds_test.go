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

	"go.yaml.in/yaml/v3"

	// The rule kinds register themselves from package rules.
	_ "github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// TestDefaultSpecUsesRegisteredKinds: every kind the embedded spec names
// is registered, read from the YAML itself rather than through Parse.
func TestDefaultSpecUsesRegisteredKinds(t *testing.T) {
	var doc struct {
		Sheets []struct {
			Name  string `yaml:"name"`
			Rules []struct {
				ID   string `yaml:"id"`
				Kind string `yaml:"kind"`
			} `yaml:"rules"`
		} `yaml:"sheets"`
	}
	if err := yaml.Unmarshal(spec.DefaultYAML(), &doc); err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, sh := range doc.Sheets {
		for _, r := range sh.Rules {
			n++
			if spec.Kind(r.Kind) == nil {
				t.Errorf("%s: rule %s has kind %q, not registered (have %s)", sh.Name, r.ID, r.Kind, strings.Join(spec.KindNames(), ", "))
			}
		}
	}
	if n == 0 {
		t.Fatal("no rules found in default.yaml")
	}
}

// TestKindFieldsAreRuleFields: a kind requires only fields a rule has, by
// their YAML names; a typo would reject every rule of the kind.
func TestKindFieldsAreRuleFields(t *testing.T) {
	known := map[string]bool{"column": true, "columns": true, "expr": true, "tag": true, "labels": true,
		"outcome": true, "sheet": true, "other": true, "rating": true, "row": true, "pairs": true, "items": true}
	for _, name := range spec.KindNames() {
		for _, f := range spec.Kind(name).Fields {
			if !known[f] {
				t.Errorf("kind %s requires field %q, which checkRule does not know", name, f)
			}
		}
	}
}

// TestKindRequirements: what a kind declares is what validation asks of
// a rule of it, shown on a kind of each sort.
func TestKindRequirements(t *testing.T) {
	const sheet = `name: x
version: '1'
sheets:
  - name: A
    layout: table
    %s
    columns:
      - {header: K, type: text}
      - {header: P, type: text}
      - {header: B, type: amount}
    rules:
      - %s
`
	for _, tt := range []struct {
		name, keys, rule, want string
	}{
		{"fields", "key: K", "{id: r, kind: formula, column: B}", `regeln "r" (formula) kräver fältet expr`},
		{"key", "", "{id: r, kind: total_row, columns: [B], labels: [Summa]}", `regeln "r" (total_row) kräver att bladet anger key`},
		{"parent", "key: K", "{id: r, kind: tree, columns: [B]}", `regeln "r" (tree) kräver att bladet anger parent`},
		{"check", "key: K", "{id: r, kind: format, column: K}", `regeln "r" (format) kräver tag eller att kolumnen anger format`},
		{"unknown", "key: K", "{id: r, kind: unik, column: K}", `okänd regeltyp "unik" (tillåtna: ` + strings.Join(spec.KindNames(), ", ") + ")"},
		{"ok", "key: K\n    parent: P", "{id: r, kind: tree, columns: [B]}", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			src := strings.Replace(strings.Replace(sheet, "%s", tt.keys, 1), "%s", tt.rule, 1)
			_, err := spec.Parse("x.yaml", []byte(src))
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("Parse = %v, want no error", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("Parse = %v, want %q", err, tt.want)
			}
		})
	}
}

// TestNoKindNamedInCode: a kind is declared in one place, its own file in
// rules. No Go source (tests aside) compares a Kind with a registered
// kind's name or switches on it: the code asks the registry instead.
func TestNoKindNamedInCode(t *testing.T) {
	isKind := func(e ast.Expr) (string, bool) {
		lit, ok := e.(*ast.BasicLit)
		if !ok || lit.Kind != token.STRING {
			return "", false
		}
		s, err := strconv.Unquote(lit.Value)
		return s, err == nil && spec.Kind(s) != nil
	}
	isKindField := func(e ast.Expr) bool {
		sel, ok := e.(*ast.SelectorExpr)
		return ok && sel.Sel.Name == "Kind"
	}
	root := filepath.Join("..", "..")
	seen := 0
	for _, dir := range []string{"cmd", "exporter", "importer", "rules"} {
		err := filepath.WalkDir(filepath.Join(root, dir), func(p string, d os.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(p, ".go") || strings.HasSuffix(p, "_test.go") {
				return err
			}
			fset := token.NewFileSet()
			f, err := parser.ParseFile(fset, p, nil, 0)
			if err != nil {
				return err
			}
			seen++
			ast.Inspect(f, func(n ast.Node) bool {
				switch n := n.(type) {
				case *ast.BinaryExpr:
					for _, pair := range [][2]ast.Expr{{n.X, n.Y}, {n.Y, n.X}} {
						if name, ok := isKind(pair[1]); ok && isKindField(pair[0]) {
							t.Errorf("%s: compares a Kind with %q; ask spec.Kind instead", fset.Position(n.Pos()), name)
						}
					}
				case *ast.SwitchStmt:
					if n.Tag == nil || !isKindField(n.Tag) {
						return true
					}
					for _, c := range n.Body.List {
						for _, e := range c.(*ast.CaseClause).List {
							if name, ok := isKind(e); ok {
								t.Errorf("%s: switches on kind %q; ask spec.Kind instead", fset.Position(e.Pos()), name)
							}
						}
					}
				}
				return true
			})
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if seen == 0 {
		t.Fatal("no source files found")
	}
}
