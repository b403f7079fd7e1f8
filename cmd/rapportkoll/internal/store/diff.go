package store

import (
	"strconv"

	"github.com/shopspring/decimal"
)

// Diff is what changed from one submission to another (usually the same
// department's resubmission).
type Diff struct {
	From, To    Ident        `json:"-"`
	Changed     []FactChange `json:"facts_changed"`
	RowsAdded   []RowKey     `json:"rows_added"`
	RowsRemoved []RowKey     `json:"rows_removed"`
	Fixed       []Finding    `json:"findings_fixed"` // in From, not in To
	New         []Finding    `json:"findings_new"`   // in To, not in From
}

// Ident names a submission.
type Ident struct {
	ID         int64  `json:"id"`
	Department string `json:"department"`
	Period     string `json:"period"`
	Seq        int64  `json:"sequence"`
	File       string `json:"file"`
}

// IdentOf names r.
func IdentOf(r *Record) Ident {
	return Ident{ID: r.ID, Department: r.Department, Period: r.Period, Seq: r.Seq, File: r.File}
}

// FactChange is one value that differs; From or To is empty when the cell
// was emptied or filled in.
type FactChange struct {
	Sheet    string `json:"sheet"`
	Row      string `json:"row"`
	Column   string `json:"column"`
	From     string `json:"from"`
	To       string `json:"to"`
	FromCell string `json:"from_cell"`
	ToCell   string `json:"to_cell"`
}

// RowKey is a row of a sheet, by its normalised label.
type RowKey struct {
	Sheet string `json:"sheet"`
	Row   string `json:"row"`
}

// Compare lists what changed from a to b. Rows are matched by normalised
// label (a label used twice is matched by its occurrence), numbers by
// value (1234.50 equals 1234.5), findings by rule, sheet and cell.
func Compare(a, b *Record) *Diff {
	d := &Diff{From: IdentOf(a), To: IdentOf(b), Changed: []FactChange{}, RowsAdded: []RowKey{},
		RowsRemoved: []RowKey{}, Fixed: []Finding{}, New: []Finding{}}
	fa, ra := indexFacts(a.Facts)
	fb, rb := indexFacts(b.Facts)
	for _, k := range rb.order {
		if !ra.has[k] {
			d.RowsAdded = append(d.RowsAdded, k)
		}
	}
	for _, k := range ra.order {
		if !rb.has[k] {
			d.RowsRemoved = append(d.RowsRemoved, k)
		}
	}
	for _, k := range fb.order {
		fy, fx := fb.facts[k], fa.facts[k]
		if !ra.has[k.row] { // a new row is listed once, not cell by cell
			continue
		}
		if fx == nil || !sameValue(*fx, *fy) {
			d.Changed = append(d.Changed, change(k, fx, fy))
		}
	}
	for _, k := range fa.order {
		if fb.facts[k] == nil && rb.has[k.row] {
			d.Changed = append(d.Changed, change(k, fa.facts[k], nil))
		}
	}
	d.Fixed = findingsMissing(a.Findings, b.Findings)
	d.New = findingsMissing(b.Findings, a.Findings)
	return d
}

type factKey struct {
	row    RowKey
	column string
}

type factIndex struct {
	facts map[factKey]*Fact
	order []factKey
}

type rowIndex struct {
	has   map[RowKey]bool
	order []RowKey
}

// indexFacts keys facts by sheet, row and column; the second row with a
// label already seen becomes "label #2".
func indexFacts(facts []Fact) (factIndex, rowIndex) {
	fi := factIndex{facts: make(map[factKey]*Fact, len(facts)), order: make([]factKey, 0, len(facts))}
	ri := rowIndex{has: map[RowKey]bool{}}
	seen := map[RowKey]int{}     // occurrences of a label so far
	rowOf := map[string]RowKey{} // sheet + cell row → its key
	for i := range facts {
		f := &facts[i]
		base := RowKey{f.Sheet, f.Row}
		where := f.Sheet + "\x00" + cellRow(f.Cell)
		if f.Row == "" { // a key-value sheet: one row
			where = f.Sheet
		}
		k, ok := rowOf[where]
		if !ok {
			seen[base]++
			k = base
			if n := seen[base]; n > 1 {
				k.Row += " #" + strconv.Itoa(n)
			}
			rowOf[where] = k
			ri.has[k] = true
			ri.order = append(ri.order, k)
		}
		fk := factKey{k, f.Column}
		if fi.facts[fk] == nil {
			fi.facts[fk] = f
			fi.order = append(fi.order, fk)
		}
	}
	return fi, ri
}

// cellRow is the row digits of an A1 reference.
func cellRow(cell string) string {
	for i := 0; i < len(cell); i++ {
		if cell[i] >= '0' && cell[i] <= '9' {
			return cell[i:]
		}
	}
	return cell
}

func sameValue(a, b Fact) bool {
	if a.Kind == b.Kind && a.Value == b.Value && a.Raw == b.Raw {
		return true // the same text: the same number too (most of a resubmission)
	}
	if a.Kind == "number" && b.Kind == "number" {
		x, errx := decimal.NewFromString(a.Value)
		y, erry := decimal.NewFromString(b.Value)
		if errx == nil && erry == nil {
			return x.Equal(y)
		}
	}
	return a.Kind == b.Kind && a.Value == b.Value && a.Raw == b.Raw
}

func change(k factKey, from, to *Fact) FactChange {
	c := FactChange{Sheet: k.row.Sheet, Row: k.row.Row, Column: k.column}
	if from != nil {
		c.From, c.FromCell = shown(*from), from.Cell
	}
	if to != nil {
		c.To, c.ToCell = shown(*to), to.Cell
	}
	return c
}

func shown(f Fact) string {
	if f.Kind == "invalid" {
		return f.Raw
	}
	return f.Value
}

// findingsMissing lists the findings of a that b does not have, matched by
// rule, sheet and cell, counting repeats.
func findingsMissing(a, b []Finding) []Finding {
	type key struct{ rule, sheet, cell string }
	left := map[key]int{}
	for _, f := range b {
		left[key{f.Rule, f.Sheet, f.Cell}]++
	}
	out := []Finding{}
	for _, f := range a {
		k := key{f.Rule, f.Sheet, f.Cell}
		if left[k] > 0 {
			left[k]--
			continue
		}
		out = append(out, f)
	}
	return out
}
