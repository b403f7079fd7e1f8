package store

import (
	"context"
	"testing"

	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
)

// withStatus is sample with a status and one Drift figure of its own.
func withStatus(dept, period string, n int, status, utfall string) *Record {
	r := sample(dept, period, n)
	r.Status = status
	r.Facts = append(r.Facts, Fact{Sheet: "Drift", Row: "bibliotek", Column: "Utfall helår", Kind: "number",
		Value: utfall, Decimals: 0, Cell: "D9"})
	return r
}

// Prior is the department's submission in the latest consolidation of
// the period that used one, else its latest accepted submission; nothing
// for a department or period the history does not have.
func TestPrior(t *testing.T) {
	ctx := context.Background()
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			s := open(t, e.dsn(t), Options{})
			// Kultur, Helår 2022: seq 1 accepted, seq 2 rejected, seq 3 accepted with warnings.
			mustAppend(t, s, withStatus("Kultur", "Helår 2022", 1, "accepted", "-1700"))
			mustAppend(t, s, withStatus("Kultur", "Helår 2022", 2, "rejected", "-1710"))
			mustAppend(t, s, withStatus("Kultur", "Helår 2022", 3, "accepted_with_warnings", "-1720"))
			mustAppend(t, s, withStatus("Miljö", "Helår 2022", 4, "rejected", "-5"))
			type want struct {
				seq          int64
				consolidated bool
				utfall       string
			}
			check := func(step, dept, period string, w *want) {
				t.Helper()
				p, err := s.Prior(ctx, dept, period)
				if err != nil {
					t.Fatalf("%s: Prior(%s, %s): %v", step, dept, period, err)
				}
				if w == nil {
					if p != nil {
						t.Errorf("%s: Prior(%s, %s) = seq %d, want none", step, dept, period, p.Record.Seq)
					}
					return
				}
				if p == nil || p.Record.Seq != w.seq || (p.Consolidation != 0) != w.consolidated {
					t.Fatalf("%s: Prior(%s, %s) = %+v, want seq %d (consolidated %v)", step, dept, period, p, w.seq, w.consolidated)
				}
				rp := p.Rules()
				v, ok := rp.Sheets["Drift"].Row(importer.NameKey("Bibliotek"), 0)["Utfall helår"]
				if !ok || v.Num.String() != w.utfall || v.Cell != "D9" {
					t.Errorf("%s: last year's Drift!bibliotek = %+v (%v), want %s at D9", step, v, ok, w.utfall)
				}
				if (rp.Origin == rules.PriorConsolidation) != w.consolidated {
					t.Errorf("%s: origin %v, want consolidated %v", step, rp.Origin, w.consolidated)
				}
			}
			check("no consolidation: latest accepted", "kultur ", "HELÅR 2022", &want{3, false, "-1720"})
			check("only rejected", "Miljö", "Helår 2022", nil)
			check("no such department", "Skola", "Helår 2022", nil)
			check("no such period", "Kultur", "Helår 2021", nil)

			// A consolidation of Helår 2022 that used Kultur's seq 2 (the
			// rejected one, say by --strict's choice of files): it wins.
			c := &Consolidation{Period: "Helår 2022", Created: "2023-03-01T10:00:00.000000Z", SpecName: "verksamhetsberattelse",
				SpecVersion: "2023.1", ToolVersion: "0.4.0", Inputs: []Input{
					{Record: 2, File: "Kultur.xlsx", SHA256: "x", Department: "Kultur", InTotals: true},
					{Record: 4, File: "Miljö.xlsx", SHA256: "y", Department: "Miljö"},
				}}
			if err := s.AppendConsolidation(ctx, nil, c); err != nil {
				t.Fatal(err)
			}
			check("consolidated", "Kultur", "Helår 2022", &want{2, true, "-1710"})
			check("consolidated, not in totals", "Miljö", "Helår 2022", &want{1, true, "-5"})
			if p, _ := s.Prior(ctx, "Kultur", "Helår 2022"); p != nil && p.Consolidation != c.ID {
				t.Errorf("consolidation %d, want %d", p.Consolidation, c.ID)
			}

			// A later consolidation with a resubmission (seq 4) wins over the first.
			r := withStatus("Kultur", "Helår 2022", 5, "accepted", "-1730")
			c2 := &Consolidation{Period: "Helår 2022", Created: "2023-04-01T10:00:00.000000Z", SpecName: "verksamhetsberattelse",
				SpecVersion: "2023.1", ToolVersion: "0.4.0", Inputs: []Input{
					{Sub: r, File: r.File, SHA256: r.SHA256, Department: "Kultur", InTotals: true},
				}}
			if err := s.AppendConsolidation(ctx, []*Record{r}, c2); err != nil {
				t.Fatal(err)
			}
			check("later consolidation", "Kultur", "Helår 2022", &want{4, true, "-1730"})
			// Miljö is not in the later one: the earlier consolidation still gives it.
			check("earlier consolidation", "Miljö", "Helår 2022", &want{1, true, "-5"})

			// PriorLookup, reading the period's index once, answers as Prior.
			lookup := s.PriorLookup(ctx, nil, nil)
			for _, dept := range []string{"Kultur", "Miljö", "Skola", "kultur"} {
				p, err := s.Prior(ctx, dept, "Helår 2022")
				if err != nil {
					t.Fatal(err)
				}
				got := lookup(dept, "Helår 2022")
				if (p == nil) != (got == nil) || p != nil && (got.Number != p.Rules().Number || got.Origin != p.Rules().Origin) {
					t.Errorf("PriorLookup(%s) = %+v, Prior gives %+v", dept, got, p)
				}
			}
		})
	}
}
