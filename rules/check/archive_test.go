package check_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// TestTooManySheets checks a workbook of 20,000 sheet entries: it must
// finish (reading is linear and stops at the limit) with a warning at the
// file naming the count and the limit, in both languages, while the
// template's sheets are still checked.
func TestTooManySheets(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	data, err := fixtures.ManySheets(20000)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "manga-blad.xlsx")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		lang rules.Lang
		want []string
	}{
		{rules.Swedish, []string{"har 20012 blad", "de 1000 som"}},
		{rules.English, []string{"has 20012 sheets", "the 1000 that"}},
	} {
		r := check.File(s, name, check.Options{Lang: tt.lang})
		var got *rules.Finding
		for i, f := range r.Findings {
			if f.Rule == string(importer.TooManySheets) {
				got = &r.Findings[i]
			}
		}
		if got == nil {
			t.Fatalf("%s: no %s finding in %v", tt.lang, importer.TooManySheets, r.Findings)
		}
		if got.Severity != rules.Warning || got.Ref.Sheet != "" || got.Actual != "20012" || got.Expected != "1000" {
			t.Errorf("%s: finding %+v, want a warning at the file, actual 20012, expected 1000", tt.lang, *got)
		}
		for _, w := range tt.want {
			if !strings.Contains(got.Message, w) {
				t.Errorf("%s: message %q lacks %q", tt.lang, got.Message, w)
			}
		}
		if r.RowsRead["Drift"] == 0 {
			t.Errorf("%s: Drift not read", tt.lang)
		}
	}
}
