package rules

import (
	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// sumOf adds the values of column i over rows; ok is false when none has a
// value or one could not be read (its own finding says so; no follow-on).
// Empty cells count as zero.
func sumOf(t *importer.Table, rows []importer.Row, i int) (sum Interval, ok bool) {
	sum = Exact(decimal.Zero)
	col := t.Columns[i].Spec
	for _, r := range rows {
		switch v := cellVal(r.Values[i], col); v.kind {
		case vInvalid:
			return sum, false
		case vNum:
			sum, ok = sum.Add(v.iv), true
		}
	}
	return sum, ok
}

// checkSum compares a computed figure with the stated value in cell v and
// records a rounding note or a failure.
func (rc ruleCtx) checkSum(computed Interval, v importer.Value, col *importer.Column, key string, a args) {
	rc.evaluated()
	verdict, expected := Compare(computed, v.Num, col.Decimals, col.Exact)
	if a == nil {
		a = args{}
	}
	a["col"] = col.Name
	a["diff"] = numText(v.Num.Sub(expected).Abs(), rc.e.lang) + unit(col, rc.e.lang)
	switch verdict {
	case Rounding:
		rc.note(rc.ref(v), "rounding", a, expected.String(), v.Num.String())
	case Differs:
		rc.fail(rc.ref(v), key, a, expected.String(), v.Num.String())
	}
}

// unit is the unit word of a column's figures in messages.
func unit(col *importer.Column, lang Lang) string {
	switch col.Type {
	case importer.TypeAmount:
		return " tkr"
	case importer.TypePercent:
		return tr(lang, "unit.percentage_points")
	}
	return ""
}

func init() {
	registerKind(spec.KindInfo{Name: "total_row", Fields: []string{"columns", "labels"}, NeedsKey: true, TotalRows: true}, checkTotalRow,
		"total_row", "total_row.recompute", "rounding")
}

func checkTotalRow(rc ruleCtx) runner {
	cols := rc.columns(rc.r.Columns)
	sums := make([]colSum, len(cols))
	var totals []importer.Row
	return runner{
		row: func(r importer.Row) {
			if rc.isTotal(r) {
				totals = append(totals, r)
				return
			}
			for k, i := range cols {
				sums[k].add(r.Values[i], rc.t.Columns[i].Spec)
			}
		},
		finish: func() {
			for _, r := range totals {
				vals := map[string]val{}
				for k, i := range cols {
					name := rc.t.Columns[i].Spec.Name
					sum, ok := sums[k].interval()
					if !ok {
						vals[name] = val{kind: vInvalid}
						continue
					}
					vals[name] = val{kind: vNum, iv: sum}
					if v := r.Values[i]; v.Kind == importer.Number {
						rc.checkSum(sum, v, rc.t.Columns[i].Spec, "total_row", nil)
					}
				}
				rc.recomputeTotals(r, vals)
			}
		},
	}
}

// columns returns the table positions of the named columns present, in
// the order named.
func (rc ruleCtx) columns(names []string) []int {
	var out []int
	for _, name := range names {
		if i := rc.t.Index(name); i >= 0 {
			out = append(out, i)
		}
	}
	return out
}

// recomputeTotals checks the total row's derived columns (Andel fel) from
// the summed figures, using the sheet's formula rule for each column.
func (rc ruleCtx) recomputeTotals(r importer.Row, sums map[string]val) {
	for _, col := range rc.r.Recompute {
		for k := range rc.sheet.Rules {
			f := &rc.sheet.Rules[k]
			if f.IsFormula() && f.Column == col {
				rc.formulaRow(f, r, rowEnv{t: rc.t, r: r, override: sums}, "total_row.recompute")
			}
		}
	}
}

func init() {
	registerKind(spec.KindInfo{Name: "cross_sheet", Fields: []string{"row", "sheet", "pairs"}, NeedsKey: true}, checkCrossSheet,
		"cross_sheet", "rounding")
}

func checkCrossSheet(rc ruleCtx) runner {
	var mine []importer.Row // this sheet's rows named by the rule
	name := importer.Normalize(rc.r.Row)
	return runner{
		row: func(r importer.Row) {
			if rc.key(r) == name {
				mine = append(mine, r)
			}
		},
		finish: func() { rc.crossSheet(mine) },
		late:   true,
	}
}

func (rc ruleCtx) crossSheet(mine []importer.Row) {
	other := rc.e.tables[rc.e.spec.Sheet(rc.r.Sheet).Name]
	if other == nil {
		return
	}
	oc := ruleCtx{e: rc.e, sheet: rc.e.spec.Sheet(rc.r.Sheet), t: other, r: rc.r}
	root, ok := oc.root()
	if !ok {
		return
	}
	for _, r := range mine {
		for _, mine := range sortedKeys(rc.r.Pairs) {
			v, o := rc.t.Value(r, mine), other.Value(root, rc.r.Pairs[mine])
			if v.Kind != importer.Number || o.Kind != importer.Number {
				continue
			}
			col := rc.sheet.Column(mine)
			oiv := cellVal(o, oc.sheet.Column(rc.r.Pairs[mine])).iv
			rc.checkSum(oiv, v, col, "cross_sheet", args{
				"row": rc.r.Row, "sheet": other.Sheet, "other": other.Ref(o).Cell(), "col": mine,
			})
		}
	}
}

// root returns the single row of the table without a parent.
func (rc ruleCtx) root() (importer.Row, bool) {
	var found []importer.Row
	for _, r := range rc.t.Rows {
		if rc.t.Value(r, rc.sheet.Parent).Kind == importer.Empty {
			found = append(found, r)
		}
	}
	if len(found) != 1 {
		return importer.Row{}, false
	}
	return found[0], true
}

// colSum adds up a column as its rows are read: the sum of the stated
// figures, and how many figures were stated with each number of decimals,
// which gives the sum's interval (each figure is ±½ unit of its last
// decimal) without keeping the rows. Figures of up to 15 digits are added
// in an int64 (exactly; anything larger goes to a Decimal), since a sheet
// of a million rows adds four million of them.
type colSum struct {
	small        int64 // in units of 10^exp
	exp          int32
	big          decimal.Decimal
	any, invalid bool
	halves       [16]int64       // figures stated with 0..15 decimals
	moreHalves   map[int32]int64 // with more
}

// smallLimit bounds the int64 sum, so that adding a figure of 15 digits
// scaled by up to 10^2 cannot overflow.
const smallLimit = 1 << 60

var pow10 = [...]int64{1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000, 1000000000}

// add adds a cell of column col; an empty cell counts as zero.
func (s *colSum) add(v importer.Value, col *importer.Column) {
	switch v.Kind {
	case importer.Invalid:
		s.invalid = true
	case importer.Number, importer.Date:
		s.any = true
		s.addDecimal(v.Num)
		if col.Exact {
			return
		}
		if d := max(col.Decimals, -v.Num.Exponent()); d >= 0 && int(d) < len(s.halves) {
			s.halves[d]++
		} else {
			if s.moreHalves == nil {
				s.moreHalves = map[int32]int64{}
			}
			s.moreHalves[d]++
		}
	}
}

func (s *colSum) addDecimal(d decimal.Decimal) {
	e := d.Exponent()
	if d.NumDigits() > 15 || e < s.exp-2 || e > s.exp+2 || e < -int32(len(pow10)-1) || e > int32(len(pow10)-1) {
		s.flush(e)
		if d.NumDigits() > 15 || e != s.exp {
			s.big = s.big.Add(d)
			return
		}
	}
	c := d.CoefficientInt64()
	if e < s.exp {
		s.small *= pow10[s.exp-e] // |small| < 2^60 / ... checked below
		s.exp = e
	} else if e > s.exp {
		c *= pow10[e-s.exp]
	}
	s.small += c
	if s.small > smallLimit/1000 || s.small < -smallLimit/1000 {
		s.flush(s.exp)
	}
}

// flush moves the int64 sum into the Decimal and restarts it at exponent e.
func (s *colSum) flush(e int32) {
	if s.small != 0 {
		s.big = s.big.Add(decimal.New(s.small, s.exp))
	}
	s.small, s.exp = 0, min(e, 0)
}

// mid returns the sum of the stated figures.
func (s *colSum) mid() decimal.Decimal { return s.big.Add(decimal.New(s.small, s.exp)) }

// sum returns the stated figures' sum; ok is false when none had a value or
// one could not be read (its own finding says so; no follow-on).
func (s *colSum) sum() (decimal.Decimal, bool) { return s.mid(), s.any && !s.invalid }

// interval returns the sum as an interval, as the sum of every figure's
// Stated interval would be; ok as for sum.
func (s *colSum) interval() (Interval, bool) {
	tol := decimal.Zero
	for d, n := range s.halves {
		if n > 0 {
			tol = tol.Add(half.Shift(-int32(d)).Mul(decimal.NewFromInt(n)))
		}
	}
	for d, n := range s.moreHalves {
		tol = tol.Add(half.Shift(-d).Mul(decimal.NewFromInt(n)))
	}
	mid := s.mid()
	return Interval{Lo: mid.Sub(tol), Mid: mid, Hi: mid.Add(tol)}, s.any && !s.invalid
}
