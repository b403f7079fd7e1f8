package exporter_test

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/fixtures/soffice"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

const inlamnat = "../fixtures/inlamnat"

func fixtureRun(t *testing.T) exporter.Run {
	t.Helper()
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(inlamnat, "*.xlsx"))
	var results []*check.Submission
	for _, f := range files {
		results = append(results, check.File(s, f, check.Options{KeepTables: true}))
	}
	check.CheckBatch(results, rules.Swedish)
	return exporter.Run{Spec: s, Results: results, Version: "test"}
}

// TestFailureKeepsPreviousOutput simulates the disk filling up after every
// file is written but before the folder is put in place.
func TestFailureKeepsPreviousOutput(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "ut")
	prev := fixtureRun(t)
	prev.Version = "förra"
	if _, err := exporter.Consolidate(out, prev, exporter.Options{}); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
	full := errors.New("no space left on device (simulated)")
	_, err := exporter.Consolidate(out, fixtureRun(t), exporter.Options{BeforeSwap: func(string) error { return full }})
	if !errors.Is(err, full) {
		t.Fatalf("Consolidate = %v, want the simulated failure", err)
	}
	if data, _ := os.ReadFile(filepath.Join(out, "manifest.json")); string(data) != string(before) {
		t.Error("the previous output was changed")
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("left behind: %v", entries)
	}
	// And a successful run replaces it whole.
	if _, err := exporter.Consolidate(out, fixtureRun(t), exporter.Options{}); err != nil {
		t.Fatal(err)
	}
	if data, _ := os.ReadFile(filepath.Join(out, "manifest.json")); string(data) == string(before) {
		t.Error("the output was not replaced")
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 1 {
		t.Errorf("left behind after success: %v", entries)
	}
}

// TestRealReaders opens the outputs with LibreOffice and with openpyxl in
// read-only mode, as a finance officer's spreadsheet and an auditor's
// script would, and checks they see the totals and every row and column.
func TestRealReaders(t *testing.T) {
	if testing.Short() {
		t.Skip("starts LibreOffice and Python")
	}
	out := filepath.Join(t.TempDir(), "ut")
	if _, err := exporter.Consolidate(out, fixtureRun(t), exporter.Options{}); err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(out, "Sammanställning.xlsx")
	t.Run("LibreOffice", func(t *testing.T) {
		csv := convertCSV(t, book, "Drift")
		if !strings.Contains(csv, "Totalt,Resultat,,-1305352,-1319186,-13834,-1%,-1204615") {
			t.Errorf("LibreOffice's Drift has no municipality total row:\n%s", tail(csv, 5))
		}
		fb := convertCSV(t, filepath.Join(out, "feedback", "Kommunstyrelsen.xlsx"), "Återkoppling")
		if !strings.Contains(fb, "fel,Drift,F19,") {
			t.Errorf("LibreOffice's Återkoppling lacks Drift!F19:\n%s", tail(fb, 50))
		}
	})
	t.Run("openpyxl read-only", func(t *testing.T) {
		py := pythonWithOpenpyxl()
		if py == "" {
			if os.Getenv("CI") != "" {
				t.Fatal("python3-openpyxl is not installed; .ci/run installs it")
			}
			t.Skip("python3-openpyxl is not installed")
		}
		totals := openpyxlMatchesExcelize(t, py, book)
		if totals["Drift"] != "-1305352" {
			t.Errorf("openpyxl Drift total budget = %q, want -1305352", totals["Drift"])
		}
		// The feedback workbooks too, sheets written by another program included.
		openpyxlMatchesExcelize(t, py, filepath.Join(out, "feedback", "Kommunstyrelsen.xlsx"))
		openpyxlMatchesExcelize(t, py, filepath.Join(out, "feedback", "Grundskolenämnden.xlsx"))
	})
}

// openpyxlMatchesExcelize reads a workbook with openpyxl in read-only mode
// and requires it to see, on every sheet, the rows and columns excelize
// sees; it returns per sheet the Budget of a "Totalt"/"Resultat" row.
func openpyxlMatchesExcelize(t *testing.T, py, book string) map[string]string {
	t.Helper()
	script := `import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1], read_only=True)
for ws in wb.worksheets:
    rows = [r for r in ws.iter_rows(values_only=True)]
    cols = max((len(r) for r in rows), default=0)
    total = [r[3] for r in rows if len(r) > 3 and r[0] == "Totalt" and r[1] == "Resultat"]
    print(ws.title, len(rows), cols, total[0] if total else "", sep="\t")
`
	got, err := exec.Command(py, "-c", script, book).CombinedOutput()
	if err != nil {
		t.Fatalf("openpyxl: %v\n%s", err, got)
	}
	ef, err := excelize.OpenFile(book, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ef.Close()
	lines := strings.Split(strings.TrimRight(string(got), "\n"), "\n")
	if len(lines) != len(ef.GetSheetList()) {
		t.Fatalf("%s: openpyxl sees %d sheets, excelize %d:\n%s", filepath.Base(book), len(lines), len(ef.GetSheetList()), got)
	}
	totals := map[string]string{}
	for _, l := range lines {
		f := strings.Split(l, "\t")
		if len(f) != 4 {
			t.Fatalf("%s: openpyxl printed %q", filepath.Base(book), l)
		}
		rows, _ := ef.GetRows(f[0], excelize.Options{RawCellValue: true})
		cols := 0
		for _, r := range rows {
			cols = max(cols, len(r))
		}
		if f[1] != fmt.Sprint(len(rows)) || f[2] != fmt.Sprint(cols) {
			t.Errorf("%s: openpyxl %s: %s rows × %s columns, excelize %d × %d", filepath.Base(book), f[0], f[1], f[2], len(rows), cols)
		}
		totals[f[0]] = f[3]
	}
	return totals
}

// pythonWithOpenpyxl finds a Python that has openpyxl: Debian's
// python3-openpyxl installs for /usr/bin/python3, which another python3
// earlier on PATH may hide.
func pythonWithOpenpyxl() string {
	for _, py := range []string{"/usr/bin/python3", "python3"} {
		if exec.Command(py, "-c", "import openpyxl").Run() == nil {
			return py
		}
	}
	return ""
}

func tail(s string, n int) string {
	l := strings.Split(s, "\n")
	return strings.Join(l[max(0, len(l)-n):], "\n")
}

// convertCSV converts one sheet of a workbook to CSV with LibreOffice.
func convertCSV(t *testing.T, book, sheet string) string {
	t.Helper()
	dir := soffice.ConvertTo(t, book, "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1")
	out, err := os.ReadFile(filepath.Join(dir, "bok-"+sheet+".csv"))
	if err != nil {
		entries, _ := os.ReadDir(dir)
		t.Fatalf("no CSV for %s: %v (%v)", sheet, err, entries)
	}
	return string(out)
}
