package rules

import (
	"fmt"
	"regexp"
	"strings"
	"sync"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/expr"
)

// valKind is the kind of an evaluated expression.
type valKind uint8

const (
	vEmpty   valKind = iota // a referenced cell is empty: the rule is skipped
	vInvalid                // a referenced cell could not be read: skipped, already reported
	vNum
	vText
	vBool
)

// val is the value of an expression.
type val struct {
	kind valKind
	iv   Interval
	text string
	b    bool
}

// rowEnv resolves column references for one row of a table; override
// replaces some columns (the sums of a total row).
type rowEnv struct {
	t        *importer.Table
	r        importer.Row
	override map[string]val
	// point evaluates the stated values only, without their rounding
	// intervals: cheap, and enough whenever the figures agree exactly.
	point bool
}

func (env rowEnv) column(name string) val {
	if v, ok := env.override[name]; ok {
		return v
	}
	if env.t == nil {
		return val{kind: vEmpty}
	}
	i := env.t.Index(name)
	if i < 0 {
		return val{kind: vEmpty}
	}
	if env.point {
		return pointVal(env.r.Values[i])
	}
	return cellVal(env.r.Values[i], env.t.Columns[i].Spec)
}

// pointVal is a cell's value as an exact point.
func pointVal(v importer.Value) val {
	switch v.Kind {
	case importer.Number, importer.Date:
		return val{kind: vNum, iv: Exact(v.Num)}
	case importer.Text:
		return val{kind: vText, text: v.Text}
	case importer.Invalid:
		return val{kind: vInvalid}
	}
	return val{kind: vEmpty}
}

// cellVal turns a cell into an expression value.
func cellVal(v importer.Value, col *importer.Column) val {
	switch v.Kind {
	case importer.Number, importer.Date:
		if col.Exact {
			return val{kind: vNum, iv: Exact(v.Num)}
		}
		return val{kind: vNum, iv: Stated(v.Num, col.Decimals)}
	case importer.Text:
		return val{kind: vText, text: v.Text}
	case importer.Invalid:
		return val{kind: vInvalid}
	}
	return val{kind: vEmpty}
}

// evaluator evaluates expressions; aggregate calls go to agg.
type evalCtx struct {
	env  rowEnv
	agg  func(c expr.Call) (val, error)
	spec string // the spec's version, for spec_version()
}

func (c evalCtx) eval(n expr.Node) (val, error) {
	switch n := n.(type) {
	case expr.Num:
		return val{kind: vNum, iv: Exact(n.Value)}, nil
	case expr.Str:
		return val{kind: vText, text: n.Value}, nil
	case expr.Col:
		return c.env.column(n.Name), nil
	case expr.Name:
		return val{kind: vText, text: n.Name}, nil
	case expr.Unary:
		return c.unary(n)
	case expr.Binary:
		return c.binary(n)
	case expr.Call:
		return c.call(n)
	}
	return val{}, fmt.Errorf("unknown expression %T", n)
}

func (c evalCtx) unary(n expr.Unary) (val, error) {
	x, err := c.eval(n.X)
	if err != nil || x.kind < vNum {
		return x, err
	}
	switch {
	case n.Op == "-" && x.kind == vNum:
		return val{kind: vNum, iv: x.iv.Neg()}, nil
	case n.Op == "not" && x.kind == vBool:
		return val{kind: vBool, b: !x.b}, nil
	}
	return val{}, fmt.Errorf("%s cannot be applied here", n.Op)
}

func (c evalCtx) binary(n expr.Binary) (val, error) {
	x, err := c.eval(n.X)
	if err != nil {
		return x, err
	}
	y, err := c.eval(n.Y)
	if err != nil {
		return y, err
	}
	if n.Op == "and" || n.Op == "or" {
		return logic(n.Op, x, y)
	}
	if x.kind < vNum {
		return x, nil
	}
	if y.kind < vNum {
		return y, nil
	}
	switch n.Op {
	case "+", "-", "*", "/":
		return arith(n.Op, x, y)
	}
	return compareVals(n.Op, x, y)
}

func logic(op string, x, y val) (val, error) {
	if x.kind < vNum || y.kind < vNum {
		// an empty cell makes a condition false rather than skipping it
		return val{kind: vBool, b: op == "or" && (x.kind == vBool && x.b || y.kind == vBool && y.b)}, nil
	}
	if x.kind != vBool || y.kind != vBool {
		return val{}, fmt.Errorf("%s needs conditions on both sides", op)
	}
	if op == "and" {
		return val{kind: vBool, b: x.b && y.b}, nil
	}
	return val{kind: vBool, b: x.b || y.b}, nil
}

func arith(op string, x, y val) (val, error) {
	if x.kind != vNum || y.kind != vNum {
		return val{}, fmt.Errorf("%s needs numbers", op)
	}
	switch op {
	case "+":
		return val{kind: vNum, iv: x.iv.Add(y.iv)}, nil
	case "-":
		return val{kind: vNum, iv: x.iv.Sub(y.iv)}, nil
	case "*":
		return val{kind: vNum, iv: x.iv.Mul(y.iv)}, nil
	}
	q, err := x.iv.Div(y.iv)
	return val{kind: vNum, iv: q}, err
}

// compareVals compares stated values as they stand (no rounding tolerance);
// text compares ignoring case and spacing.
func compareVals(op string, x, y val) (val, error) {
	var c int
	switch {
	case x.kind == vNum && y.kind == vNum:
		c = x.iv.Mid.Cmp(y.iv.Mid)
	case x.kind == vText && y.kind == vText:
		c = strings.Compare(importer.Normalize(x.text), importer.Normalize(y.text))
	default:
		return val{}, fmt.Errorf("cannot compare %v with %v", x.kind, y.kind)
	}
	var b bool
	switch op {
	case "<":
		b = c < 0
	case "<=":
		b = c <= 0
	case ">":
		b = c > 0
	case ">=":
		b = c >= 0
	case "=":
		b = c == 0
	case "!=":
		b = c != 0
	default:
		return val{}, fmt.Errorf("unknown operator %s", op)
	}
	return val{kind: vBool, b: b}, nil
}

func (c evalCtx) call(n expr.Call) (val, error) {
	switch n.Func {
	case "abs":
		if len(n.Args) != 1 {
			return val{}, fmt.Errorf("abs takes one argument")
		}
		x, err := c.eval(n.Args[0])
		if err != nil || x.kind != vNum {
			return x, err
		}
		return val{kind: vNum, iv: x.iv.Abs()}, nil
	case "spec_version":
		return val{kind: vText, text: c.spec}, nil
	}
	if c.agg != nil {
		return c.agg(n)
	}
	return val{}, fmt.Errorf("unknown function %s", n.Func)
}

var absCall = regexp.MustCompile(`abs\(([^()]*)\)`)

// exprText renders an expression's source for messages: brackets dropped,
// minus as U+2212, multiplication as ×, abs(x) as |x|.
func exprText(src string) string {
	src = absCall.ReplaceAllString(src, "|$1|")
	return strings.NewReplacer("[", "", "]", "", " - ", " − ", " * ", " × ", "<=", "≤", ">=", "≥", "!=", "≠").Replace(src)
}

// NumText renders a decimal for messages: Swedish with a decimal comma and
// thousands separated by a no-break space, or English with a point.
func NumText(d decimal.Decimal, lang Lang) string { return numText(d, lang) }

func numText(d decimal.Decimal, lang Lang) string {
	s := d.String()
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, _ := strings.Cut(s, ".")
	var b strings.Builder
	for i, r := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			if lang == English {
				b.WriteByte(',')
			} else {
				b.WriteRune('\u00a0')
			}
		}
		b.WriteRune(r)
	}
	out := b.String()
	if frac != "" {
		if lang == English {
			out += "." + frac
		} else {
			out += "," + frac
		}
	}
	if neg {
		if lang == English {
			return "-" + out
		}
		return "−" + out
	}
	return out
}

// parseRule parses a declared expression, once: Compute asks for the
// same few expressions of the spec for every total row (250,000 rows,
// tens of thousands of groups). The trees are only read after parsing.
func parseRule(src string) (expr.Node, error) {
	if p, ok := parsedRules.Load(src); ok {
		p := p.(parsedRule)
		return p.node, p.err
	}
	n, err := expr.Parse(src)
	parsedRules.Store(src, parsedRule{n, err})
	return n, err
}

// parsedRules holds parseRule's answers by expression: a spec's formulas,
// a few dozen.
var parsedRules sync.Map

type parsedRule struct {
	node expr.Node
	err  error
}
