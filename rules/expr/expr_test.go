package expr_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/rules/expr"
)

func TestParse(t *testing.T) {
	tests := []struct{ src, want string }{
		{"[Utfall helår] - [Budget helår]", "(- [Utfall helår] [Budget helår])"},
		{"[Avvikelse helår] / abs([Budget helår]) * 100", "(* (/ [Avvikelse helår] abs([Budget helår])) 100)"},
		{"[Fel] <= [Stickprov]", "(<= [Fel] [Stickprov])"},
		{"[Status] != 'Klart'", "(!= [Status] 'Klart')"},
		{"-[A] + 2 * 3", "(+ (- [A]) (* 2 3))"},
		{"[A] > 0 and not [B] = 1 or [C]", "(or (and (> [A] 0) (not (= [B] 1))) [C])"},
		{"count('Måluppfyllelse', [Måluppfyllelse] = 'Delvis uppfyllt')", "count('Måluppfyllelse', (= [Måluppfyllelse] 'Delvis uppfyllt'))"},
		{"(1 + 2) * 3", "(* (+ 1 2) 3)"},
		{"f()", "f()"},
	}
	for _, tt := range tests {
		n, err := expr.Parse(tt.src)
		if err != nil {
			t.Errorf("Parse(%q) error %v", tt.src, err)
			continue
		}
		if got := show(n); got != tt.want {
			t.Errorf("Parse(%q) = %s, want %s", tt.src, got, tt.want)
		}
	}
}

func TestParseErrors(t *testing.T) {
	for _, src := range []string{"", "[A", "'x", "[A] +", "(1", "abs(1", "1 2", "[]", "#", "[A] ** 2", strings.Repeat("(", 60) + "1" + strings.Repeat(")", 60)} {
		if n, err := expr.Parse(src); err == nil {
			t.Errorf("Parse(%q) = %s, want an error", src, show(n))
		}
	}
}

func TestColumns(t *testing.T) {
	n, _ := expr.Parse("[A] + sum('Drift', [Budget helår]) + root(Investeringar, [B])")
	got := fmt.Sprint(expr.Columns(n))
	want := "[{ A} {Drift Budget helår} {Investeringar B}]"
	if got != want {
		t.Errorf("Columns = %s, want %s", got, want)
	}
}

func TestCalls(t *testing.T) {
	n, _ := expr.Parse("abs(sum('Drift', [B])) - count(Uppdrag, not ([S] = 'Klart')) + [A]")
	var got []string
	for _, c := range expr.Calls(n) {
		got = append(got, c.Func)
	}
	if want := "abs sum count"; strings.Join(got, " ") != want {
		t.Errorf("Calls = %v, want %s", got, want)
	}
}

func show(n expr.Node) string {
	switch n := n.(type) {
	case expr.Num:
		return n.Value.String()
	case expr.Str:
		return "'" + n.Value + "'"
	case expr.Col:
		return "[" + n.Name + "]"
	case expr.Name:
		return n.Name
	case expr.Unary:
		return "(" + n.Op + " " + show(n.X) + ")"
	case expr.Binary:
		return "(" + n.Op + " " + show(n.X) + " " + show(n.Y) + ")"
	case expr.Call:
		args := make([]string, len(n.Args))
		for i, a := range n.Args {
			args[i] = show(a)
		}
		return n.Func + "(" + strings.Join(args, ", ") + ")"
	}
	return "?"
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"[Utfall helår] - [Budget helår]", "count('X', [A] = 'b')", "-(1+2)*abs([C])", "not [A] or [B]"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		n, err := expr.Parse(src)
		if err != nil {
			return
		}
		// What parses prints to something that parses to the same tree.
		again, err := expr.Parse(infix(n))
		if err != nil && strings.Contains(err.Error(), "nested deeper") {
			return // the fully bracketed form nests deeper than the original
		}
		if err != nil || show(again) != show(n) {
			t.Errorf("Parse(%q) = %s; reparsing %s: %v", src, show(n), infix(n), err)
		}
	})
}

// infix prints a tree back in the expression language, fully bracketed.
func infix(n expr.Node) string {
	switch n := n.(type) {
	case expr.Unary:
		if n.Op == "not" {
			return "(not " + infix(n.X) + ")"
		}
		return "-" + infix(n.X)
	case expr.Binary:
		return "(" + infix(n.X) + " " + n.Op + " " + infix(n.Y) + ")"
	case expr.Call:
		args := make([]string, len(n.Args))
		for i, a := range n.Args {
			args[i] = infix(a)
		}
		return n.Func + "(" + strings.Join(args, ", ") + ")"
	}
	return show(n)
}
