package spec

import (
	"fmt"
	"slices"
	"sort"
)

// KindInfo declares what a rule kind needs of the spec, so that the spec
// is validated, and the sheets it reads are kept, without naming kinds.
// Each kind registers its KindInfo, with its run function, from one file
// of package rules (rules/kinds_*.go); a program that validates specs
// imports rules, whose init registers them.
type KindInfo struct {
	// Name is the kind as written in the spec (kind: formula).
	Name string
	// Fields are the rule fields the kind requires, by their YAML names:
	// column, columns, expr, tag, labels, outcome, sheet, other, rating,
	// row, pairs, items.
	Fields []string
	// NeedsKey and NeedsParent: the rule's sheet must name a key column
	// (rows found by label) or a parent column (a tree).
	NeedsKey, NeedsParent bool
	// Keeps returns the sheets, other than those its expressions name,
	// whose rows the rule reads whole: they are kept in memory, not
	// streamed. Nil: none.
	Keeps func(sh *Sheet, r *Rule) []string
	// Check reports what else is wrong with a rule of this kind (in
	// Swedish, as the spec's other errors); nil: nothing more to check.
	Check func(sh *Sheet, r *Rule) []string
	// Formula: the rule computes its column per row from Expr, so the
	// template writes it as an Excel formula and totals recompute it
	// from the summed operands.
	Formula bool
	// TotalRows: the rule's Labels name the sheet's total rows, whose
	// Recompute columns are computed from the sums instead of summed.
	TotalRows bool
}

var kindRegistry = map[string]*KindInfo{}

// RegisterKind declares a rule kind. It is called from the init of the
// kind's file in package rules; declaring a kind twice, or without a
// name, is a programming error and panics there, before any input is read.
func RegisterKind(k KindInfo) {
	if k.Name == "" {
		panic("spec: RegisterKind without a name")
	}
	if _, dup := kindRegistry[k.Name]; dup {
		panic(fmt.Sprintf("spec: rule kind %q registered twice", k.Name))
	}
	k.Fields = slices.Clone(k.Fields)
	kindRegistry[k.Name] = &k
}

// Kind returns the declaration of the named kind, or nil if none is
// registered.
func Kind(name string) *KindInfo { return kindRegistry[name] }

// KindNames returns the registered kinds in alphabetical order.
func KindNames() []string {
	out := make([]string, 0, len(kindRegistry))
	for name := range kindRegistry {
		out = append(out, name)
	}
	sort.Strings(out)
	return out
}

// IsFormula reports whether r computes its column per row (its kind
// declares Formula).
func (r *Rule) IsFormula() bool {
	k := Kind(r.Kind)
	return k != nil && k.Formula
}

// NamesTotalRows reports whether r's labels name total rows of its sheet
// (its kind declares TotalRows).
func (r *Rule) NamesTotalRows() bool {
	k := Kind(r.Kind)
	return k != nil && k.TotalRows
}
