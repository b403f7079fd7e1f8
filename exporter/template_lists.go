package exporter

import (
	"regexp/syntax"
	"slices"

	"github.com/rapportkoll/rapportkoll/rules"
)

// maxChoices bounds the dropdown made from a format pattern.
const maxChoices = 40

// maxExpand bounds how many strings a pattern is expanded to before the
// choices of the report year are picked out.
const maxExpand = 5000

// formatChoices lists the values a format pattern accepts, for a dropdown,
// when there are few: every string the pattern matches, or, when they run
// over many years, those of the report year ("Helår 2023", "Delår april
// 2023", …). It is nil when the pattern has no such short list (any text,
// repetitions, or too many values).
func formatChoices(pattern string, year int) []string {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return nil
	}
	all, ok := expand(re.Simplify())
	if !ok || len(all) == 0 {
		return nil
	}
	if len(all) > maxChoices {
		all = slices.DeleteFunc(all, func(s string) bool { return rules.YearOf(s) != year })
	}
	if len(all) == 0 || len(all) > maxChoices {
		return nil
	}
	return all
}

// expand returns every string a parsed pattern matches, in the pattern's
// order; ok is false when they are not a short finite list.
func expand(re *syntax.Regexp) ([]string, bool) {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginText, syntax.OpEndText, syntax.OpBeginLine, syntax.OpEndLine:
		return []string{""}, true
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return []string{string(re.Rune)}, true
	case syntax.OpCharClass:
		var out []string
		for i := 0; i+1 < len(re.Rune); i += 2 {
			for r := re.Rune[i]; r <= re.Rune[i+1]; r++ {
				if len(out) >= maxExpand {
					return nil, false
				}
				out = append(out, string(r))
			}
		}
		return out, true
	case syntax.OpCapture:
		return expand(re.Sub[0])
	case syntax.OpAlternate:
		var out []string
		for _, sub := range re.Sub {
			s, ok := expand(sub)
			if !ok || len(out)+len(s) > maxExpand {
				return nil, false
			}
			out = append(out, s...)
		}
		return out, true
	case syntax.OpConcat:
		out := []string{""}
		for _, sub := range re.Sub {
			s, ok := expand(sub)
			if !ok || len(out)*len(s) > maxExpand {
				return nil, false
			}
			next := make([]string, 0, len(out)*len(s))
			for _, a := range out {
				for _, b := range s {
					next = append(next, a+b)
				}
			}
			out = next
		}
		return out, true
	case syntax.OpQuest:
		s, ok := expand(re.Sub[0])
		if !ok || len(s)+1 > maxExpand {
			return nil, false
		}
		return append([]string{""}, s...), true
	}
	return nil, false
}
