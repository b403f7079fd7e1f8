package check_test

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// TestGeneratedBatch checks a generated batch: the planted mistakes give
// exactly the findings the generator lists, and every other department is
// free of errors and warnings.
func TestGeneratedBatch(t *testing.T) {
	s, _ := spec.Default()
	n := 120
	if testing.Short() {
		n = 45
	}
	wbs, want := fixtures.Batch(n)
	dir := t.TempDir()
	var got []string
	for _, wb := range wbs {
		name := filepath.Join(dir, wb.File)
		if err := wb.WriteFile(name); err != nil {
			t.Fatal(err)
		}
		for _, fd := range check.File(s, name, check.Options{}).Findings {
			if fd.Severity == rules.Info {
				continue
			}
			got = append(got, fixtures.Expected{File: wb.File, Severity: fd.Severity.String(),
				Place: fd.Ref.Sheet + "!" + fd.Ref.Cell(), Rule: fd.Rule}.String())
		}
	}
	var wantLines []string
	kinds := map[string]bool{}
	for _, e := range want {
		wantLines = append(wantLines, e.String())
		kinds[e.Rule] = true
	}
	slices.Sort(got)
	slices.Sort(wantLines)
	if strings.Join(got, "\n") != strings.Join(wantLines, "\n") {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(wantLines, "\n"))
	}
	if n/fixtures.MistakeShare != countFiles(want) {
		t.Errorf("%d files with mistakes, want %d", countFiles(want), n/fixtures.MistakeShare)
	}
	if !testing.Short() && len(kinds) < 9 {
		t.Errorf("only %d kinds of findings planted in %d files: %v", len(kinds), n, kinds)
	}
}

func countFiles(es []fixtures.Expected) int {
	files := map[string]bool{}
	for _, e := range es {
		files[e.File] = true
	}
	return len(files)
}
