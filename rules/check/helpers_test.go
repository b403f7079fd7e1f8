package check_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/fixtures/ruletest"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// defaultAndFixtures returns the default spec and the shipped
// submissions, failing the test when there are fewer than least.
func defaultAndFixtures(t *testing.T, least int) (*spec.Spec, []string) {
	t.Helper()
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	names, _ := filepath.Glob(filepath.Join(inlamnat, "*.xlsx"))
	if len(names) < least {
		t.Fatalf("%d fixtures", len(names))
	}
	return s, names
}

// The spec and workbook of the rule tests (fixtures/ruletest).
const testSpec = ruletest.TestSpec

var (
	driftRows = ruletest.DriftRows
	setRows   = ruletest.SetRows
)

// writeBook writes the base workbook with a change and returns its path.
func writeBook(t *testing.T, change func(map[string]fixtures.Sheet)) string {
	t.Helper()
	data, err := ruletest.Book(change)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "t.xlsx")
	if err := os.WriteFile(file, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return file
}
