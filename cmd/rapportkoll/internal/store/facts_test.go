package store

import (
	"math/rand/v2"
	"path/filepath"
	"reflect"
	"testing"
	"time"

	"github.com/shopspring/decimal"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// TestAppendDecimalText: the canonical text of a number is what
// StringFixed with the number's own places writes, for coefficients
// within an int64 (written by hand) and beyond it (StringFixed itself).
func TestAppendDecimalText(t *testing.T) {
	texts := []string{"0", "0.00", "-0.5", "0.05", "-0.05", "1234.50", "-1234.50", "1e3", "-2e2", "100",
		"0.000000000000000001", "-0.000000000000000009", "999999999999999999", "-999999999999999999",
		"1000000000000000000", "123456789012345678.9", "0.1234567890123456789", "9223372036854775807",
		"-9223372036854775808", "12345678901234567890123.45", "1e-20", "-3.000"}
	var ds []decimal.Decimal
	for _, s := range texts {
		ds = append(ds, decimal.RequireFromString(s))
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 5000 {
		ds = append(ds, decimal.New(rng.Int64N(2e12)-1e12, -rng.Int32N(8)), decimal.New(rng.Int64()>>rng.IntN(63), -rng.Int32N(20)))
	}
	for _, d := range ds {
		want := d.StringFixed(max(0, -d.Exponent()))
		if got := string(appendDecimalText([]byte("x"), d)); got != "x"+want {
			t.Errorf("appendDecimalText(%s, exponent %d) = %q, want %q", d, d.Exponent(), got, "x"+want)
		}
	}
}

// TestAppendCell: A1 references as importer.Ref.Cell writes them.
func TestAppendCell(t *testing.T) {
	for _, rc := range [][2]int{{0, 0}, {0, 3}, {-1, 2}, {7, 0}, {7, -1}, {1, 1}, {17, 4}, {1, 26}, {1, 27}, {9, 52}, {9, 53},
		{1048576, 702}, {1048576, 703}, {3, 16384}, {12, 18278}, {12, 18279}} {
		want := importer.Ref{Sheet: "S", Row: rc[0], Col: rc[1]}.Cell()
		if got := string(appendCell([]byte("x"), rc[0], rc[1])); got != "x"+want {
			t.Errorf("appendCell(%d, %d) = %q, want %q", rc[0], rc[1], got, "x"+want)
		}
	}
}

// TestFromResultFacts: the facts FromResult makes are the ones made one by
// one (Ref.Cell, DecimalText, Value.String), as before they were written
// into one buffer.
func TestFromResultFacts(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	batch, _ := fixtures.Batch(6)
	for _, wb := range append(batch, fixtures.Kommunstyrelsen()) {
		file := filepath.Join(t.TempDir(), "n.xlsx")
		if err := wb.WriteFile(file); err != nil {
			t.Fatal(err)
		}
		res := check.File(s, file, check.Options{KeepTables: true})
		var want []Fact
		for _, sh := range s.Sheets {
			if tb := res.Tables[sh.Name]; tb != nil {
				want = append(want, referenceFacts(sh.Name, tb)...)
			}
		}
		got := FromResult(s, res, nil, "v", time.Now(), nil).Facts
		if len(want) < 50 || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: FromResult made %d facts, the reference %d", res.Department, len(got), len(want))
			for i := range min(len(got), len(want)) {
				if got[i] != want[i] {
					t.Fatalf("fact %d = %+v, want %+v", i, got[i], want[i])
				}
			}
		}
	}
}

// referenceFacts is tableFacts as it was, one allocation at a time.
func referenceFacts(sheet string, t *importer.Table) []Fact {
	var out []Fact
	key := -1
	if t.Layout.Key != "" {
		key = t.Index(t.Layout.Key)
	}
	for _, row := range t.Rows {
		label := ""
		if key >= 0 {
			label = clean(importer.Normalize(row.Values[key].String()))
		}
		for i, v := range row.Values {
			if i == key || v.Kind == importer.Empty {
				continue
			}
			tc := t.Columns[i]
			f := Fact{Sheet: sheet, Row: label, Column: clean(columnKey(tc)), Decimals: tc.Spec.Decimals,
				Cell: importer.Ref{Sheet: t.Sheet, Row: int(v.Row), Col: int(v.Col)}.Cell()}
			switch v.Kind {
			case importer.Number:
				f.Kind, f.Value = "number", v.Num.StringFixed(max(0, -v.Num.Exponent()))
			case importer.Date:
				f.Kind, f.Value = "date", v.String()
			case importer.Text:
				f.Kind, f.Value, f.Raw = "text", clean(v.Text), clean(v.Text)
			default:
				f.Kind, f.Raw = "invalid", clean(v.Text)
			}
			out = append(out, f)
		}
	}
	return out
}

// TestCanonPartsIsEncodingJSON: the facts and findings of checked
// generated departments, written by hand, are what encoding/json writes
// for []canonFact and []canonFinding (the form the views and older
// records have), repeated sheets, rows and kinds included.
func TestCanonPartsIsEncodingJSON(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	batch, _ := fixtures.Batch(4)
	for _, wb := range append(batch, fixtures.Kommunstyrelsen()) {
		file := filepath.Join(t.TempDir(), "n.xlsx")
		if err := wb.WriteFile(file); err != nil {
			t.Fatal(err)
		}
		r := FromResult(s, check.File(s, file, check.Options{KeepTables: true}), nil, "v", time.Now(), nil)
		r.Facts[len(r.Facts)-1].Row = `a "quoted" row` // after a row written from the buffer
		fs, ns := []canonFact{}, []canonFinding{}
		for _, f := range r.Facts {
			fs = append(fs, canonFact{Cell: f.Cell, Column: f.Column, Decimals: f.Decimals, Kind: f.Kind, Raw: f.Raw, Row: f.Row, Sheet: f.Sheet, Value: f.Value})
		}
		for _, f := range r.Findings {
			ns = append(ns, canonFinding{Actual: f.Actual, Cell: f.Cell, Expected: f.Expected, Message: f.Message, Rule: f.Rule, Severity: f.Severity, Sheet: f.Sheet})
		}
		facts, findings := canonParts(r)
		if want := encode(fs); string(facts) != string(want) {
			t.Errorf("%s: canonParts facts\n%s\nencoding/json\n%s", r.Department, facts, want)
		}
		if want := encode(ns); string(findings) != string(want) {
			t.Errorf("%s: canonParts findings (%d)\n%s\nencoding/json\n%s", r.Department, len(ns), findings, want)
		}
	}
}
