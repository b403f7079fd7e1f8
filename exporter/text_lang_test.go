package exporter_test

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// TestTextLanguage: the text report's summary line and the summary table
// are in the user's language, English with the singular for one ("1
// error"), Swedish as before.
func TestTextLanguage(t *testing.T) {
	one := &check.Submission{Source: check.Source{File: "a.xlsx"}, Department: "Kultur", Period: "Helår 2023", Status: rules.Rejected,
		Findings: rules.Findings{{Severity: rules.Error, Rule: "required", Ref: importer.Ref{File: "a.xlsx"}, Message: "m"},
			{Severity: rules.Warning, Rule: "required", Ref: importer.Ref{File: "a.xlsx"}, Message: "m"}},
		RowsRead: map[string]int{"Drift": 1}}
	tests := []struct {
		lang          rules.Lang
		line, summary []string
	}{
		{rules.Swedish,
			[]string{"a.xlsx (Kultur, Helår 2023): avvisad: 1 fel, 1 varningar, 0 info; 1 rader lästa"},
			[]string{"Nämnd", "Varningar", "avvisad", "\n1 fil: avvisad.\n", "Utdata i ut: Sammanställning.xlsx"}},
		{rules.English,
			[]string{"a.xlsx (Kultur, Helår 2023): rejected: 1 error, 1 warning, 0 info; 1 row read"},
			[]string{"Department", "File", "Errors", "Warnings", "rejected", "\n1 file: rejected.\n", "Output in ut: Sammanställning.xlsx"}},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			var text, sum bytes.Buffer
			if err := exporter.WriteText(&text, []*check.Submission{one}, tt.lang, filepath.Base); err != nil {
				t.Fatal(err)
			}
			if err := exporter.WriteSummary(&sum, []*check.Submission{one}, "ut", tt.lang); err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.line {
				if !strings.Contains(text.String(), w) {
					t.Errorf("WriteText(%s) = %q, want %q in it", tt.lang, text.String(), w)
				}
			}
			for _, w := range tt.summary {
				if !strings.Contains(sum.String(), w) {
					t.Errorf("WriteSummary(%s) = %q, want %q in it", tt.lang, sum.String(), w)
				}
			}
		})
	}
}

// TestSummaryTotals: the summary that ends a consolidation counts the
// submissions per status, in the user's language, and says where the
// outputs are.
func TestSummaryTotals(t *testing.T) {
	results := []*check.Submission{
		{Source: check.Source{File: "a.xlsx"}, Department: "Kultur", Status: rules.Accepted},
		{Source: check.Source{File: "b.xlsx"}, Department: "Miljö", Status: rules.AcceptedWithWarnings,
			Findings: rules.Findings{{Severity: rules.Warning, Rule: "r", Ref: importer.Ref{File: "b.xlsx"}, Message: "m"}}},
		{Source: check.Source{File: "c.xlsx"}, Status: rules.Unreadable,
			Findings: rules.Findings{{Severity: rules.Error, Rule: "import.unreadable", Ref: importer.Ref{File: "c.xlsx"}, Message: "m"}}},
	}
	tests := []struct {
		lang rules.Lang
		want string
	}{
		{rules.Swedish, "\nTotalt 3 filer: 1 godkända, 1 godkända med varningar, 0 avvisade, 1 oläsbara.\nUtdata i ut: "},
		{rules.English, "\nIn all 3 files: 1 accepted, 1 accepted with warnings, 0 rejected, 1 unreadable.\nOutput in ut: "},
	}
	for _, tt := range tests {
		var b bytes.Buffer
		if err := exporter.WriteSummary(&b, results, "ut", tt.lang); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(b.String(), tt.want) {
			t.Errorf("WriteSummary(%s) = %q, want %q in it", tt.lang, b.String(), tt.want)
		}
	}
}
