// Package expr parses the small expression language of rule declarations:
// decimal literals, column references in brackets ([Utfall helår]), quoted
// text ('Klart'), the operators + - * / and comparisons < <= > >= = !=,
// "and", "or", "not", and function calls such as abs([Budget helår]) or
// count(Måluppfyllelse). Parsing only builds the tree; evaluation belongs to
// the rules package.
package expr

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// Node is a parsed expression.
type Node interface{ node() }

// Num is a decimal literal.
type Num struct{ Value decimal.Decimal }

// Str is a quoted text literal.
type Str struct{ Value string }

// Col is a column reference, [Header].
type Col struct{ Name string }

// Name is a bare identifier, used as a function argument (a sheet name).
type Name struct{ Name string }

// Unary is -x or not x.
type Unary struct {
	Op string
	X  Node
}

// Binary is x op y.
type Binary struct {
	Op   string
	X, Y Node
}

// Call is f(args...).
type Call struct {
	Func string
	Args []Node
}

func (Num) node()    {}
func (Str) node()    {}
func (Col) node()    {}
func (Name) node()   {}
func (Unary) node()  {}
func (Binary) node() {}
func (Call) node()   {}

// maxLen bounds an expression's length, and maxDepth its nesting.
const (
	maxLen   = 2000
	maxDepth = 50
)

// Parse parses an expression.
func Parse(src string) (Node, error) {
	if len(src) > maxLen {
		return nil, fmt.Errorf("expression longer than %d characters", maxLen)
	}
	if !utf8.ValidString(src) {
		return nil, fmt.Errorf("expression is not valid UTF-8")
	}
	p := &parser{src: src}
	p.next()
	n, err := p.parseOr(0)
	if err != nil {
		return nil, err
	}
	if p.tok.kind != tokEOF {
		return nil, p.errorf("unexpected %s", p.tok)
	}
	return n, nil
}

// Columns lists the column references of n, in order of appearance, with
// the sheet they belong to ("" for the rule's own sheet). Arguments of calls
// whose first argument is a sheet name belong to that sheet.
func Columns(n Node) []SheetColumn {
	var out []SheetColumn
	var walk func(Node, string)
	walk = func(n Node, sheet string) {
		switch n := n.(type) {
		case Col:
			out = append(out, SheetColumn{Sheet: sheet, Column: n.Name})
		case Unary:
			walk(n.X, sheet)
		case Binary:
			walk(n.X, sheet)
			walk(n.Y, sheet)
		case Call:
			s := sheet
			if len(n.Args) > 0 {
				switch a := n.Args[0].(type) {
				case Name:
					s = a.Name
				case Str:
					s = a.Value
				}
			}
			for _, a := range n.Args {
				walk(a, s)
			}
		}
	}
	walk(n, "")
	return out
}

// SheetColumn is a column reference with the sheet it is read from.
type SheetColumn struct{ Sheet, Column string }

type tokKind int

const (
	tokEOF tokKind = iota
	tokNum
	tokStr
	tokCol
	tokIdent
	tokOp
)

type token struct {
	kind tokKind
	text string
	pos  int
}

func (t token) String() string {
	if t.kind == tokEOF {
		return "end of expression"
	}
	return fmt.Sprintf("%q", t.text)
}

type parser struct {
	src string
	pos int
	tok token
	err error
}

func (p *parser) errorf(format string, args ...any) error {
	return fmt.Errorf("at character %d: %s", p.tok.pos+1, fmt.Sprintf(format, args...))
}

func (p *parser) next() {
	for p.pos < len(p.src) && (p.src[p.pos] == ' ' || p.src[p.pos] == '\t' || p.src[p.pos] == '\n') {
		p.pos++
	}
	start := p.pos
	if p.pos >= len(p.src) {
		p.tok = token{tokEOF, "", start}
		return
	}
	c := p.src[p.pos]
	switch {
	case c == '[':
		end := strings.IndexByte(p.src[p.pos:], ']')
		if end < 0 {
			p.err = fmt.Errorf("at character %d: column reference has no closing ]", start+1)
			p.tok = token{tokEOF, "", start}
			return
		}
		p.tok = token{tokCol, strings.TrimSpace(p.src[p.pos+1 : p.pos+end]), start}
		p.pos += end + 1
	case c == '\'':
		end := strings.IndexByte(p.src[p.pos+1:], '\'')
		if end < 0 {
			p.err = fmt.Errorf("at character %d: text has no closing '", start+1)
			p.tok = token{tokEOF, "", start}
			return
		}
		p.tok = token{tokStr, p.src[p.pos+1 : p.pos+1+end], start}
		p.pos += end + 2
	case c >= '0' && c <= '9' || c == '.':
		for p.pos < len(p.src) && (p.src[p.pos] >= '0' && p.src[p.pos] <= '9' || p.src[p.pos] == '.') {
			p.pos++
		}
		p.tok = token{tokNum, p.src[start:p.pos], start}
	case strings.ContainsRune("+-*/(),", rune(c)):
		p.pos++
		p.tok = token{tokOp, string(c), start}
	case c == '<' || c == '>' || c == '=' || c == '!':
		p.pos++
		if p.pos < len(p.src) && p.src[p.pos] == '=' {
			p.pos++
		}
		p.tok = token{tokOp, p.src[start:p.pos], start}
	default:
		r, size := utf8.DecodeRuneInString(p.src[p.pos:])
		if !unicode.IsLetter(r) && r != '_' {
			p.err = fmt.Errorf("at character %d: unexpected %q", start+1, r)
			p.tok = token{tokEOF, "", start}
			return
		}
		for p.pos < len(p.src) {
			r, size = utf8.DecodeRuneInString(p.src[p.pos:])
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '_' {
				break
			}
			p.pos += size
		}
		p.tok = token{tokIdent, p.src[start:p.pos], start}
	}
}

var precedence = map[string]int{
	"or": 1, "and": 2,
	"<": 3, "<=": 3, ">": 3, ">=": 3, "=": 3, "!=": 3,
	"+": 4, "-": 4, "*": 5, "/": 5,
}

func (p *parser) binaryOp() (string, int) {
	if p.tok.kind != tokOp && p.tok.kind != tokIdent {
		return "", 0
	}
	op := p.tok.text
	if p.tok.kind == tokIdent {
		op = strings.ToLower(op)
		if op != "and" && op != "or" {
			return "", 0
		}
	}
	return op, precedence[op]
}

// parseOr parses a binary expression whose operators bind tighter than min.
func (p *parser) parseOr(depth int) (Node, error) { return p.parseBinary(1, depth) }

func (p *parser) parseBinary(min, depth int) (Node, error) {
	x, err := p.parseUnary(depth)
	if err != nil {
		return nil, err
	}
	for {
		op, prec := p.binaryOp()
		if prec < min || prec == 0 {
			return x, nil
		}
		p.next()
		y, err := p.parseBinary(prec+1, depth)
		if err != nil {
			return nil, err
		}
		x = Binary{Op: op, X: x, Y: y}
	}
}

func (p *parser) parseUnary(depth int) (Node, error) {
	if depth > maxDepth {
		return nil, p.errorf("expression nested deeper than %d", maxDepth)
	}
	if p.err != nil {
		return nil, p.err
	}
	if p.tok.kind == tokOp && p.tok.text == "-" {
		p.next()
		x, err := p.parseUnary(depth + 1)
		return Unary{Op: "-", X: x}, err
	}
	if p.tok.kind == tokIdent && strings.EqualFold(p.tok.text, "not") {
		// not binds looser than comparisons: not [A] = 1 is not ([A] = 1)
		p.next()
		x, err := p.parseBinary(precedence["="], depth+1)
		return Unary{Op: "not", X: x}, err
	}
	return p.parsePrimary(depth)
}

func (p *parser) parsePrimary(depth int) (Node, error) {
	t := p.tok
	switch t.kind {
	case tokNum:
		d, err := decimal.NewFromString(t.text)
		if err != nil {
			return nil, p.errorf("bad number %q", t.text)
		}
		p.next()
		return Num{d}, p.err
	case tokStr:
		p.next()
		return Str{t.text}, p.err
	case tokCol:
		if t.text == "" {
			return nil, p.errorf("empty column reference []")
		}
		p.next()
		return Col{t.text}, p.err
	case tokIdent:
		p.next()
		if p.tok.kind == tokOp && p.tok.text == "(" {
			return p.parseCall(t.text, depth)
		}
		return Name{t.text}, p.err
	case tokOp:
		if t.text == "(" {
			p.next()
			x, err := p.parseBinary(1, depth+1)
			if err != nil {
				return nil, err
			}
			if p.tok.kind != tokOp || p.tok.text != ")" {
				return nil, p.errorf("expected ) but found %s", p.tok)
			}
			p.next()
			return x, p.err
		}
	}
	if p.err != nil {
		return nil, p.err
	}
	return nil, p.errorf("unexpected %s", t)
}

func (p *parser) parseCall(name string, depth int) (Node, error) {
	p.next() // (
	c := Call{Func: strings.ToLower(name)}
	if p.tok.kind == tokOp && p.tok.text == ")" {
		p.next()
		return c, p.err
	}
	for {
		a, err := p.parseBinary(1, depth+1)
		if err != nil {
			return nil, err
		}
		c.Args = append(c.Args, a)
		if p.tok.kind == tokOp && p.tok.text == "," {
			p.next()
			continue
		}
		if p.tok.kind == tokOp && p.tok.text == ")" {
			p.next()
			return c, p.err
		}
		return nil, p.errorf("expected , or ) but found %s", p.tok)
	}
}

// Calls lists the function calls of n, outer calls first.
func Calls(n Node) []Call {
	var out []Call
	var walk func(Node)
	walk = func(n Node) {
		switch n := n.(type) {
		case Unary:
			walk(n.X)
		case Binary:
			walk(n.X)
			walk(n.Y)
		case Call:
			out = append(out, n)
			for _, a := range n.Args {
				walk(a)
			}
		}
	}
	walk(n)
	return out
}
