package store

import (
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// decodeParts is the inverse of canonParts: the stored facts and findings
// read back. The form canonParts writes (keys in order, no space) is read
// by hand, each text a part of the stored string unless it has an escape
// in it; anything else, or text that is not that form exactly, goes
// through encoding/json (as it all did before: a resubmission loads the
// submission it replaces, and decoding its facts with reflection was most
// of a resubmission's storing).
func decodeParts(r *Record, facts, findings string) error {
	if fs, ok := scanFacts(facts); ok {
		r.Facts = fs
	} else if err := unmarshalFacts(r, facts); err != nil {
		return err
	}
	if ns, ok := scanFindings(findings); ok {
		r.Findings = ns
		return nil
	}
	return unmarshalFindings(r, findings)
}

func unmarshalFacts(r *Record, facts string) error {
	var fs []canonFact
	if err := json.Unmarshal([]byte(facts), &fs); err != nil {
		return err
	}
	r.Facts = make([]Fact, len(fs))
	for i, f := range fs {
		r.Facts[i] = Fact{Sheet: f.Sheet, Row: f.Row, Column: f.Column, Kind: f.Kind, Value: f.Value,
			Decimals: f.Decimals, Raw: f.Raw, Cell: f.Cell}
	}
	return nil
}

func unmarshalFindings(r *Record, findings string) error {
	var ns []canonFinding
	if err := json.Unmarshal([]byte(findings), &ns); err != nil {
		return err
	}
	r.Findings = make([]Finding, len(ns))
	for i, f := range ns {
		r.Findings[i] = Finding{Severity: f.Severity, Rule: f.Rule, Sheet: f.Sheet, Cell: f.Cell,
			Message: f.Message, Expected: f.Expected, Actual: f.Actual}
	}
	return nil
}

// scanFacts reads facts in canonParts' form; false when s is not in it.
func scanFacts(s string) ([]Fact, bool) {
	return scanList(s, func(p *scanner) Fact {
		var f Fact
		f.Cell = p.field(`{"cell":`)
		f.Column = p.field(`,"column":`)
		p.lit(`,"decimals":`)
		f.Decimals = p.int32()
		f.Kind = p.field(`,"kind":`)
		f.Raw = p.field(`,"raw":`)
		f.Row = p.field(`,"row":`)
		f.Sheet = p.field(`,"sheet":`)
		f.Value = p.field(`,"value":`)
		p.lit("}")
		return f
	})
}

// scanFindings reads findings in canonParts' form; false when s is not in
// it.
func scanFindings(s string) ([]Finding, bool) {
	return scanList(s, func(p *scanner) Finding {
		var f Finding
		f.Actual = p.field(`{"actual":`)
		f.Cell = p.field(`,"cell":`)
		f.Expected = p.field(`,"expected":`)
		f.Message = p.field(`,"message":`)
		f.Rule = p.field(`,"rule":`)
		f.Severity = p.field(`,"severity":`)
		f.Sheet = p.field(`,"sheet":`)
		p.lit("}")
		return f
	})
}

// scanList reads a list in canonParts' form, each item by item; false
// when s is not in that form.
func scanList[T any](s string, item func(p *scanner) T) ([]T, bool) {
	p := scanner{s: s, ok: utf8.ValidString(s)}
	n := p.list()
	out := make([]T, 0, n)
	for p.ok && p.i < len(s) && s[p.i] != ']' {
		if len(out) > 0 {
			p.lit(",")
		}
		out = append(out, item(&p))
	}
	p.lit("]")
	return out, p.ok && p.i == len(s)
}

// scanner reads the canonical form; ok turns false at the first thing
// that is not as canonParts writes it, and stays false.
type scanner struct {
	s  string
	i  int
	ok bool
}

// list reads the '[' of a list and returns about how many objects it
// holds (the count of '{', which may also stand in text), to size it.
func (p *scanner) list() int {
	p.lit("[")
	if !p.ok {
		return 0
	}
	return strings.Count(p.s[p.i:], "{")
}

func (p *scanner) lit(l string) {
	if p.ok && strings.HasPrefix(p.s[p.i:], l) {
		p.i += len(l)
	} else {
		p.ok = false
	}
}

// field reads the key l (with what comes before it) and its text.
func (p *scanner) field(l string) string {
	p.lit(l)
	return p.str()
}

// str reads a JSON string: a part of s when it has no escape, else
// decoded by encoding/json.
func (p *scanner) str() string {
	if !p.ok || p.i >= len(p.s) || p.s[p.i] != '"' {
		p.ok = false
		return ""
	}
	escaped := false
	for j := p.i + 1; j < len(p.s); j++ {
		switch c := p.s[j]; {
		case c == '\\':
			escaped = true
			j++ // the escaped character (a quote, say) ends nothing
		case c < 0x20: // not JSON
			p.ok = false
			return ""
		case c == '"':
			text := p.s[p.i : j+1]
			p.i = j + 1
			if !escaped {
				return text[1 : len(text)-1]
			}
			var out string
			if err := json.Unmarshal([]byte(text), &out); err != nil {
				p.ok = false
			}
			return out
		}
	}
	p.ok = false
	return ""
}

// int32 reads a JSON integer that fits an int32.
func (p *scanner) int32() int32 {
	if !p.ok {
		return 0
	}
	j := p.i
	if j < len(p.s) && p.s[j] == '-' {
		j++
	}
	digits := j
	for j < len(p.s) && p.s[j] >= '0' && p.s[j] <= '9' {
		j++
	}
	// JSON has no leading zeros, no "-" alone, no empty number
	if j == digits || (p.s[digits] == '0' && j-digits > 1) {
		p.ok = false
		return 0
	}
	v, err := strconv.ParseInt(p.s[p.i:j], 10, 32)
	if err != nil {
		p.ok = false
		return 0
	}
	p.i = j
	return int32(v)
}
