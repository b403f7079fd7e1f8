package rules

import (
	"errors"
	"strings"
	"unicode"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/importer"
)

// Target is a parsed target expression such as "≤38", ">73,5",
// "≥975per år", "<7,8 %" or "≤ 6,9 %".
type Target struct {
	Op    string          // "<", "<=", ">", ">=", "="
	Value decimal.Decimal // the number, as written (7,8 % gives 7.8)
	Unit  string          // what followed the number: "%", "per år", "index", "st", ...
	Bare  bool            // no operator was written; Op is ">=" ("at least")
}

// ErrTarget is returned for text that is not a target expression.
var ErrTarget = errors.New("not a target expression")

// maxTargetText bounds what ParseTarget looks at. It leaves room for an
// operator and a unit around the longest number the number reader takes
// (64 characters), so that every target prints to text it reads again.
const maxTargetText = 100

// ParseTarget parses a target expression: an optional operator (≤ < ≥ > =,
// also <= and >=), a Swedish number and an optional unit. A bare number
// means "at least".
func ParseTarget(s string) (Target, error) {
	if len(s) > maxTargetText {
		return Target{}, ErrTarget
	}
	s = strings.TrimSpace(strings.ReplaceAll(s, "\u00a0", " "))
	var t Target
	for _, op := range []struct{ text, op string }{
		{"≤", "<="}, {"≥", ">="}, {"<=", "<="}, {">=", ">="}, {"=<", "<="}, {"=>", ">="},
		{"<", "<"}, {">", ">"}, {"=", "="},
	} {
		if rest, ok := strings.CutPrefix(s, op.text); ok {
			t.Op, s = op.op, strings.TrimSpace(rest)
			break
		}
	}
	if t.Op == "" {
		t.Op, t.Bare = ">=", true
	}
	// The number runs up to the first character that cannot be part of it.
	end := strings.IndexFunc(s, func(r rune) bool {
		return !(unicode.IsDigit(r) || r == ',' || r == '.' || r == '-' || r == '\u2212' || r == '+' ||
			r == ' ' || r == '\u202f')
	})
	num, unit := s, ""
	if end >= 0 {
		num, unit = s[:end], s[end:]
	}
	d, _, err := importer.ParseNumber(num)
	if err != nil {
		return Target{}, ErrTarget
	}
	t.Value, t.Unit = d, strings.Join(strings.Fields(unit), " ")
	if !knownUnit(t.Unit) {
		return Target{}, ErrTarget
	}
	return t, nil
}

// knownUnit accepts the units seen in targets; anything else is likely a
// typing mistake.
func knownUnit(u string) bool {
	switch strings.ToLower(u) {
	case "", "%", "per år", "/år", "index", "st", "st.", "antal", "procent", "dagar", "kr", "tkr", "mnkr", "procentenheter":
		return true
	}
	return false
}

// Met reports whether an outcome meets the target, exactly.
func (t Target) Met(outcome decimal.Decimal) bool {
	c := outcome.Cmp(t.Value)
	switch t.Op {
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	case ">=":
		return c >= 0
	}
	return c == 0
}

// String renders the target the Swedish way ("≥ 975 per år").
// Text is the target in a message of the given language: as String in
// Swedish, with the number written the English way in English, so that a
// message does not mix "7.4" with "≤6,9 %".
func (t Target) Text(lang Lang) string {
	if lang != English {
		return t.String()
	}
	op := map[string]string{"<": "<", "<=": "≤", ">": ">", ">=": "≥", "=": "="}[t.Op]
	s := op + numText(t.Value, lang)
	if t.Unit != "" {
		s += " " + t.Unit
	}
	return s
}

func (t Target) String() string {
	op := map[string]string{"<": "<", "<=": "≤", ">": ">", ">=": "≥", "=": "="}[t.Op]
	s := op + strings.ReplaceAll(t.Value.String(), ".", ",")
	if t.Unit != "" {
		s += " " + t.Unit
	}
	return s
}
