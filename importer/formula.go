package importer

import (
	"errors"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/shopspring/decimal"
)

// A small parser of the Excel formulas this program computes itself when a
// workbook was saved without their values: numbers, text, TRUE and FALSE,
// error values, + - * / and unary minus, comparisons, parentheses, cell
// references and ranges on the same or another sheet, and the functions in
// formulaFuncs. Anything else is errUnsupported: it is not calculated.

// errUnsupported is a formula outside what parseFormula and the evaluator
// handle; errFormulaSyntax one that is not a formula at all.
var (
	errUnsupported   = errors.New("formula not supported")
	errFormulaSyntax = errors.New("formula syntax error")
)

// maxFormulaNesting bounds parentheses, function calls and unary signs
// nested in one formula.
const maxFormulaNesting = 100

// maxRefCol and maxRefRow are the largest column and row Excel has.
const (
	maxRefCol = 16384
	maxRefRow = 1 << 20
)

// fnode is a node of a parsed formula.
type fnode interface{}

type (
	fNum  struct{ v decimal.Decimal }
	fStr  struct{ s string }
	fBool struct{ b bool }
	fErr  struct{ code string } // #DIV/0!, #N/A, ...
	// fRef is a cell, or a range when it spans more than one cell; Sheet
	// is empty for the formula's own sheet.
	fRef struct {
		sheet      string
		col1, row1 int
		col2, row2 int
		isRange    bool
	}
	fUnary  struct{ x fnode } // negation
	fBinary struct {
		op   string // + - * / = <> < > <= >=
		x, y fnode
	}
	fCall struct {
		name string // upper case, without _xlfn.
		args []fnode
	}
)

// formulaFuncs are the functions computed: none can take time or memory
// beyond its arguments.
var formulaFuncs = map[string]bool{
	"SUM": true, "COUNT": true, "MIN": true, "MAX": true, "AVERAGE": true,
	"ABS": true, "ROUND": true, "IF": true, "IFERROR": true,
	"AND": true, "OR": true, "NOT": true,
}

var excelErrors = []string{"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!"}

// parseFormula parses a formula's text, with or without a leading "=".
func parseFormula(s string) (fnode, error) {
	p := &formulaParser{s: strings.TrimPrefix(strings.TrimSpace(s), "=")}
	if len(p.s) > maxExpr {
		return nil, errUnsupported
	}
	n, err := p.comparison()
	if err != nil {
		return nil, err
	}
	p.space()
	if p.i != len(p.s) {
		return nil, p.unexpected()
	}
	return n, nil
}

// maxExpr bounds the length of a formula computed; Excel's own limit.
const maxExpr = 8192

type formulaParser struct {
	s     string
	i     int
	depth int
}

func (p *formulaParser) space() {
	for p.i < len(p.s) && (p.s[p.i] == ' ' || p.s[p.i] == '\n' || p.s[p.i] == '\r' || p.s[p.i] == '\t') {
		p.i++
	}
}

// unexpected is the error for what stands at the parser's position: a
// known operator or function this parser leaves out, or a syntax error.
func (p *formulaParser) unexpected() error {
	if p.i < len(p.s) && strings.IndexByte("^&%[{@#", p.s[p.i]) >= 0 {
		return errUnsupported
	}
	return errFormulaSyntax
}

func (p *formulaParser) peek(op string) bool {
	p.space()
	return strings.HasPrefix(p.s[p.i:], op)
}

func (p *formulaParser) nest() error {
	p.depth++
	if p.depth > maxFormulaNesting {
		return errUnsupported
	}
	return nil
}

func (p *formulaParser) comparison() (fnode, error) {
	x, err := p.additive()
	if err != nil {
		return nil, err
	}
	for {
		op := ""
		for _, o := range []string{"<=", ">=", "<>", "<", ">", "="} {
			if p.peek(o) {
				op = o
				break
			}
		}
		if op == "" {
			return x, nil
		}
		p.i += len(op)
		y, err := p.additive()
		if err != nil {
			return nil, err
		}
		x = fBinary{op, x, y}
	}
}

func (p *formulaParser) additive() (fnode, error) {
	x, err := p.term()
	if err != nil {
		return nil, err
	}
	for p.peek("+") || p.peek("-") {
		op := p.s[p.i : p.i+1]
		p.i++
		y, err := p.term()
		if err != nil {
			return nil, err
		}
		x = fBinary{op, x, y}
	}
	return x, nil
}

func (p *formulaParser) term() (fnode, error) {
	x, err := p.unary()
	if err != nil {
		return nil, err
	}
	for p.peek("*") || p.peek("/") {
		op := p.s[p.i : p.i+1]
		p.i++
		y, err := p.unary()
		if err != nil {
			return nil, err
		}
		x = fBinary{op, x, y}
	}
	return x, nil
}

func (p *formulaParser) unary() (fnode, error) {
	if p.peek("-") || p.peek("+") {
		neg := p.s[p.i] == '-'
		p.i++
		if err := p.nest(); err != nil {
			return nil, err
		}
		x, err := p.unary()
		p.depth--
		if err != nil || !neg {
			return x, err
		}
		return fUnary{x}, nil
	}
	x, err := p.primary()
	if err == nil && (p.peek("^") || p.peek("%") || p.peek("&")) {
		return nil, errUnsupported
	}
	return x, err
}

func (p *formulaParser) primary() (fnode, error) {
	p.space()
	if p.i >= len(p.s) {
		return nil, errFormulaSyntax
	}
	switch c := p.s[p.i]; {
	case c == '(':
		p.i++
		if err := p.nest(); err != nil {
			return nil, err
		}
		x, err := p.comparison()
		p.depth--
		if err != nil {
			return nil, err
		}
		if !p.peek(")") {
			return nil, p.unexpected()
		}
		p.i++
		return x, nil
	case c == '"':
		return p.text()
	case c >= '0' && c <= '9' || c == '.':
		return p.number()
	case c == '#':
		for _, e := range excelErrors {
			if strings.HasPrefix(strings.ToUpper(p.s[p.i:]), e) {
				p.i += len(e)
				return fErr{e}, nil
			}
		}
		return nil, errUnsupported
	case c == '\'':
		sheet, err := p.quotedSheet()
		if err != nil {
			return nil, err
		}
		return p.sheetRef(sheet)
	}
	return p.name()
}

func (p *formulaParser) text() (fnode, error) {
	var sb strings.Builder
	for p.i++; p.i < len(p.s); p.i++ {
		if p.s[p.i] == '"' {
			if p.i+1 < len(p.s) && p.s[p.i+1] == '"' {
				sb.WriteByte('"')
				p.i++
				continue
			}
			p.i++
			return fStr{sb.String()}, nil
		}
		sb.WriteByte(p.s[p.i])
	}
	return nil, errFormulaSyntax
}

func (p *formulaParser) number() (fnode, error) {
	start := p.i
	digits := func() {
		for p.i < len(p.s) && p.s[p.i] >= '0' && p.s[p.i] <= '9' {
			p.i++
		}
	}
	digits()
	if p.i < len(p.s) && p.s[p.i] == '.' {
		p.i++
		digits()
	}
	if p.i < len(p.s) && (p.s[p.i] == 'e' || p.s[p.i] == 'E') {
		p.i++
		if p.i < len(p.s) && (p.s[p.i] == '+' || p.s[p.i] == '-') {
			p.i++
		}
		digits()
	}
	text := p.s[start:p.i]
	d, err := decimal.NewFromString(text)
	if err != nil || strings.HasPrefix(text, ".") && len(text) == 1 {
		return nil, errFormulaSyntax
	}
	if d.Exponent() > 400 || d.Exponent() < -400 {
		return nil, errUnsupported // beyond Excel's numbers, and costly to scale
	}
	return fNum{d}, nil
}

// quotedSheet reads 'Sheet name' (” is a quote) and the "!" after it.
func (p *formulaParser) quotedSheet() (string, error) {
	var sb strings.Builder
	for p.i++; p.i < len(p.s); p.i++ {
		if p.s[p.i] != '\'' {
			sb.WriteByte(p.s[p.i])
			continue
		}
		if p.i+1 < len(p.s) && p.s[p.i+1] == '\'' {
			sb.WriteByte('\'')
			p.i++
			continue
		}
		p.i++
		if p.i >= len(p.s) || p.s[p.i] != '!' {
			return "", errFormulaSyntax
		}
		p.i++
		name := sb.String()
		if strings.ContainsAny(name, "[]") {
			return "", errUnsupported // another workbook
		}
		return name, nil
	}
	return "", errFormulaSyntax
}

// word reads a run of name characters: letters, digits, _ . $ and any
// letter beyond ASCII.
func (p *formulaParser) word() string {
	start := p.i
	for p.i < len(p.s) {
		r, n := utf8.DecodeRuneInString(p.s[p.i:])
		if !(r == '_' || r == '.' || r == '$' || r == '\\' || unicode.IsLetter(r) || unicode.IsDigit(r)) {
			break
		}
		p.i += n
	}
	return p.s[start:p.i]
}

// name reads what starts with a name character: a function call, TRUE or
// FALSE, a cell reference or range, or a sheet name before "!".
func (p *formulaParser) name() (fnode, error) {
	w := p.word()
	if w == "" {
		return nil, p.unexpected()
	}
	if p.i < len(p.s) && p.s[p.i] == '!' {
		p.i++
		return p.sheetRef(w)
	}
	if p.peek("(") {
		p.i++
		return p.call(w)
	}
	switch strings.ToUpper(w) {
	case "TRUE":
		return fBool{true}, nil
	case "FALSE":
		return fBool{false}, nil
	}
	return p.refFrom("", w)
}

// sheetRef reads the reference after "Sheet!".
func (p *formulaParser) sheetRef(sheet string) (fnode, error) {
	w := p.word()
	if w == "" {
		return nil, errUnsupported // Sheet!#REF! and the like
	}
	return p.refFrom(sheet, w)
}

// refFrom completes a reference whose first cell is w, with an optional
// ":cell" after it.
func (p *formulaParser) refFrom(sheet, w string) (fnode, error) {
	col, row, ok := parseCellRef(w)
	if !ok {
		return nil, errUnsupported // a defined name, a whole column or row
	}
	r := fRef{sheet: sheet, col1: col, row1: row, col2: col, row2: row}
	if p.i < len(p.s) && p.s[p.i] == ':' {
		p.i++
		col2, row2, ok := parseCellRef(p.word())
		if !ok {
			return nil, errUnsupported
		}
		r.col1, r.col2 = min(col, col2), max(col, col2)
		r.row1, r.row2 = min(row, row2), max(row, row2)
		r.isRange = true
	}
	return r, nil
}

// parseCellRef reads A1, $A$1, a1: the column and row, 1-based.
func parseCellRef(s string) (col, row int, ok bool) {
	i := 0
	if i < len(s) && s[i] == '$' {
		i++
	}
	start := i
	for i < len(s) && i-start < 3 && (s[i] >= 'A' && s[i] <= 'Z' || s[i] >= 'a' && s[i] <= 'z') {
		col = col*26 + int(s[i]|0x20-'a'+1)
		i++
	}
	if i == start {
		return 0, 0, false
	}
	if i < len(s) && s[i] == '$' {
		i++
	}
	digits := i
	for i < len(s) && s[i] >= '0' && s[i] <= '9' && i-digits < 8 {
		row = row*10 + int(s[i]-'0')
		i++
	}
	if i == digits || i != len(s) || col > maxRefCol || row < 1 || row > maxRefRow {
		return 0, 0, false
	}
	return col, row, true
}

// call reads a function's arguments after "NAME(".
func (p *formulaParser) call(name string) (fnode, error) {
	name = strings.TrimPrefix(strings.ToUpper(name), "_XLFN.")
	if !formulaFuncs[name] {
		return nil, errUnsupported
	}
	if err := p.nest(); err != nil {
		return nil, err
	}
	defer func() { p.depth-- }()
	c := fCall{name: name}
	if p.peek(")") {
		p.i++
		return c, nil
	}
	for {
		var arg fnode = fEmptyArg{}
		if !p.peek(",") && !p.peek(")") {
			a, err := p.comparison()
			if err != nil {
				return nil, err
			}
			arg = a
		}
		c.args = append(c.args, arg)
		switch {
		case p.peek(","):
			p.i++
		case p.peek(")"):
			p.i++
			return c, nil
		default:
			return nil, p.unexpected()
		}
	}
}

// fEmptyArg is an argument left out, as in IF(A1,,2).
type fEmptyArg struct{}
