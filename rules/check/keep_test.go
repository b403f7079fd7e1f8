package check_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"testing"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/fixtures/ruletest"
	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// TestKeepTablesBelow: with KeepTables and SpoolTables, a sheet over KeepTablesBelow is
// checked as it streams past, exactly as without KeepTables, keeps no
// rows in memory, and has them all in its spool, value for value (exact
// decimals with their exponent, positions, kinds) as a table kept whole.
func TestKeepTablesBelow(t *testing.T) {
	s := streamedSpec(t)
	for _, tt := range ruletest.KindCases {
		for _, stream := range []int64{0, -1} { // the rules keep the rows, or stream them
			t.Run(fmt.Sprintf("%s/StreamAbove=%d", tt.Name, stream), func(t *testing.T) {
				file := writeBook(t, tt.Change)
				plain := check.File(s, file, check.Options{StreamAbove: -1})
				whole := check.File(s, file, check.Options{KeepTables: true})
				kept := check.File(s, file, check.Options{KeepTables: true, SpoolTables: true, KeepTablesBelow: 1, StreamAbove: stream})
				defer kept.Close()
				if !reflect.DeepEqual(kept.Findings, plain.Findings) {
					t.Errorf("findings differ\nwithout KeepTables:\n%s\nwith, all spooled:\n%s", dump(plain.Findings), dump(kept.Findings))
				}
				if len(kept.NotKept) > 0 || len(kept.Spooled) == 0 {
					t.Fatalf("NotKept %v, %d spooled; want none and some", kept.NotKept, len(kept.Spooled))
				}
				for name := range kept.Spooled {
					spooledSheet(t, s.Sheet(name), kept, whole.Tables[name])
				}
			})
		}
	}
}

// spooledSheet checks a spooled sheet against the same sheet kept whole:
// no rows in memory, every row in the spool (twice), and its roots.
func spooledSheet(t *testing.T, sh *spec.Sheet, kept *check.Submission, whole *importer.Table) {
	t.Helper()
	name := sh.Name
	if tab := kept.Tables[name]; tab == nil || len(tab.Rows) > 0 {
		t.Errorf("%s: table %v kept rows in memory", name, tab)
	}
	want := whole.Rows
	for pass := range 2 { // a spool can be read again
		var got []importer.Row
		if err := kept.EachRow(name, func(r importer.Row) error { got = append(got, r); return nil }); err != nil {
			t.Fatal(err)
		}
		if !sameRows(got, want) || kept.RowCount(name) != len(want) {
			t.Errorf("%s pass %d: spooled rows\n%+v\nwant\n%+v", name, pass, got, want)
		}
	}
	roots, ok := kept.Roots(name)
	if ok != (sh.Parent != "") {
		t.Errorf("%s: Roots ok = %v with parent column %q", name, ok, sh.Parent)
	}
	var wantRoots []importer.Row
	for _, r := range want {
		if sh.Parent != "" && len(wantRoots) < 2 && whole.Value(r, sh.Parent).Kind == importer.Empty {
			wantRoots = append(wantRoots, r)
		}
	}
	if !sameRows(roots, wantRoots) {
		t.Errorf("%s: roots %+v, want %+v", name, roots, wantRoots)
	}
}

// sameRows compares rows value by value, decimals by coefficient and
// exponent (1.0 is not 1 to a number format).
func sameRows(a, b []importer.Row) bool {
	return slices.EqualFunc(a, b, func(x, y importer.Row) bool {
		return x.Num == y.Num && slices.EqualFunc(x.Values, y.Values, func(v, w importer.Value) bool {
			return v.Kind == w.Kind && v.Text == w.Text && v.Row == w.Row && v.Col == w.Col && v.Formula == w.Formula &&
				sameDecimal(v.Num, w.Num)
		})
	})
}

func sameDecimal(a, b decimal.Decimal) bool {
	return a.Exponent() == b.Exponent() && a.Coefficient().Cmp(b.Coefficient()) == 0
}

// TestSpoolDecimals: numbers beyond an int64's coefficient, negative and
// with trailing zeros come back from a spool exactly.
func TestSpoolDecimals(t *testing.T) {
	for _, s := range []string{"0", "-0.10", "1.0", "12345678901234567890123.45", "-98765432109876543210987654321", "1e-30", "7e20"} {
		d := decimal.RequireFromString(s)
		got, ok := check.SpoolRoundTrip(d)
		if !ok || !sameDecimal(got, d) {
			t.Errorf("spool(%s) = %s (exp %d), want exp %d", s, got, got.Exponent(), d.Exponent())
		}
	}
}

// TestKeepTablesBelowNotSpooled: without SpoolTables, a sheet over
// KeepTablesBelow is checked as it streams past, exactly as without
// KeepTables, keeps no rows, and gets one warning saying so.
func TestKeepTablesBelowNotSpooled(t *testing.T) {
	s := streamedSpec(t)
	for _, tt := range ruletest.KindCases {
		t.Run(tt.Name, func(t *testing.T) {
			file := writeBook(t, tt.Change)
			plain := check.File(s, file, check.Options{StreamAbove: -1})
			kept := check.File(s, file, check.Options{KeepTables: true, KeepTablesBelow: 1})
			var rest rules.Findings
			too := 0
			for _, f := range kept.Findings {
				if f.Rule == check.SheetTooLargeRule {
					too++
					continue
				}
				rest = append(rest, f)
			}
			if too != len(kept.NotKept) || too == 0 {
				t.Errorf("%d %s findings for NotKept %v", too, check.SheetTooLargeRule, kept.NotKept)
			}
			if !reflect.DeepEqual(rest, plain.Findings) {
				t.Errorf("findings differ\nwithout KeepTables:\n%s\nwith, none kept:\n%s", dump(plain.Findings), dump(rest))
			}
			for _, name := range kept.NotKept {
				if tab := kept.Tables[name]; tab != nil && len(tab.Rows) > 0 {
					t.Errorf("%s: %d rows kept", name, len(tab.Rows))
				}
			}
		})
	}
}

// TestPooledInputNotKept: a workbook's bytes are read into a buffer that
// the next check reuses, so nothing a submission keeps may point into
// it. With every buffer overwritten when it is given back, each
// fixture's submission (kept while the others are checked) equals a
// fresh check of the same file made without overwriting, compared
// before the next check reuses its buffer.
func TestPooledInputNotKept(t *testing.T) {
	s, files := defaultAndFixtures(t, 3)
	opt := check.Options{KeepTables: true}
	kept := make([]*check.Submission, len(files))
	check.PoisonInputs(t, true)
	for i, f := range files {
		kept[i] = check.File(s, f, opt)
	}
	check.PoisonInputs(t, false)
	for i, f := range files {
		fresh := check.File(s, f, opt)
		k := kept[i]
		for _, c := range []struct {
			what      string
			got, want any
		}{
			{"tables", k.Tables, fresh.Tables}, {"findings", k.Findings, fresh.Findings},
			{"checks", k.Checks, fresh.Checks}, {"department", k.Department, fresh.Department},
			{"period", k.Period, fresh.Period}, {"assessed", k.Assessed, fresh.Assessed},
			{"source", k.Source, fresh.Source},
		} {
			if !reflect.DeepEqual(c.got, c.want) {
				t.Errorf("%s: the %s kept while other files were checked differ from a fresh check's", filepath.Base(f), c.what)
			}
		}
		fresh.Close()
		k.Close()
	}
}

// TestKeepInput: with KeepInput a submission holds the very bytes checked,
// still whole after other files have been read into the pooled buffer it
// was read into; without it, none.
func TestKeepInput(t *testing.T) {
	check.PoisonInputs(t, true)
	s, names := defaultAndFixtures(t, 3)
	subs := make([]*check.Submission, len(names))
	for i, name := range names {
		subs[i] = check.File(s, name, check.Options{KeepInput: true})
	}
	for i, name := range names {
		want, err := os.ReadFile(name)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(subs[i].Input, want) && subs[i].SHA256 != "" {
			t.Errorf("%s: Input has %d bytes, not the file's %d", filepath.Base(name), len(subs[i].Input), len(want))
		}
	}
	if sub := check.File(s, names[0], check.Options{}); sub.Input != nil {
		t.Errorf("without KeepInput: Input has %d bytes", len(sub.Input))
	}
}
