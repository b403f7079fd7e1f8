package check_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/fixtures/ruletest"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// streamedSpec is the test spec without its sum_leaves item, the one
// reference that makes Drift's rows be kept: with it, Drift is checked as
// it streams past.
func streamedSpec(t *testing.T) *spec.Spec {
	t.Helper()
	src := strings.Replace(testSpec, "          - {key: Budget löv, expr: \"sum_leaves('Drift', [Budget])\"}\n", "", 1)
	if src == testSpec {
		t.Fatal("the sum_leaves item was not found in testSpec")
	}
	s, err := spec.Parse("streamed.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// sameBothWays checks file with every sheet streamed that can be and with
// every row kept, and requires identical results.
func sameBothWays(t *testing.T, s *spec.Spec, file string) *check.Submission {
	t.Helper()
	kept := check.File(s, file, check.Options{StreamAbove: 1 << 40})
	var streamed *check.Submission
	// Streamed with the tree's names in memory, and moved to a temporary
	// file from the first name on and from the third.
	for _, names := range []int{-1, 1, 3} {
		streamed = check.File(s, file, check.Options{StreamAbove: -1, TreeNamesInMemory: names})
		way := fmt.Sprintf("streamed, %d names in memory", names)
		if !reflect.DeepEqual(kept.Findings, streamed.Findings) {
			t.Errorf("%s: findings differ\nkept:\n%s\n%s:\n%s", filepath.Base(file), dump(kept.Findings), way, dump(streamed.Findings))
		}
		if !reflect.DeepEqual(kept.Checks, streamed.Checks) {
			t.Errorf("%s: checks differ\nkept: %v\n%s: %v", filepath.Base(file), kept.Checks, way, streamed.Checks)
		}
		if !reflect.DeepEqual(kept.Assessed, streamed.Assessed) || kept.Status != streamed.Status {
			t.Errorf("%s: assessments or status differ (%s)", filepath.Base(file), way)
		}
	}
	return streamed
}

func dump(fs rules.Findings) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "  %s %s %s\n", place(f), f.Message, f.Expected)
	}
	return b.String()
}

// streamCases break Drift's tree in the ways that depend on row order, on
// top of the rule-kind cases.
var streamCases = []struct {
	name string
	rows [][]any
}{
	{"parents before their children", [][]any{
		{"Total", nil, -3304, -16727, -13423, -406},
		{"Costs", "Total", -1560, -14966, -13406, -859},
		{"Other", "Total", -1744, -1762, -18, -1},
	}},
	{"heading parents at every depth, one wrong", [][]any{
		{"Root", nil, -15, -15, 0},
		{"L1", "Root", -18, -15, 3},
		{"L2", "L1", -10, -10, 0},
		{"L3", "L2", -10, -10, 0},
		{"L4", "L3", -10, -10, 0},
		{"L2b", "L1", -5, -5, 0},
	}},
	{"duplicate name used as parent", [][]any{
		{"A", "Total", -1, -1, 0},
		{"A", "Total", -2, -2, 0},
		{"B", "A", -1, -1, 0},
		{"Total", nil, -3, -3, 0},
	}},
	{"duplicate after its node was named", [][]any{
		{"A", "Total", -1, -1, 0},
		{"B", "A", -1, -1, 0},
		{"A", "Total", -2, -2, 0},
		{"A", "A", -4, -4, 0},
		{"Total", nil, -3, -3, 0},
	}},
	{"self parent, cycle of three entered from a leaf", [][]any{
		{"Leaf", "C", -1, -1, 0},
		{"S", "S", -1, -1, 0},
		{"C", "A", -1, -1, 0},
		{"A", "B", -1, -1, 0},
		{"B", "C", -1, -1, 0},
		{"Total", nil, -1, -1, 0},
	}},
}

// TestStreamingSameAsKept: checking a sheet as it streams past gives
// exactly what checking it with every row kept gives.
func TestStreamingSameAsKept(t *testing.T) {
	s := streamedSpec(t)
	for _, tt := range ruletest.KindCases {
		t.Run(tt.Name, func(t *testing.T) { sameBothWays(t, s, writeBook(t, tt.Change)) })
	}
	for _, tt := range streamCases {
		t.Run(tt.name, func(t *testing.T) { sameBothWays(t, s, writeBook(t, driftRows(tt.rows...))) })
	}
	t.Run("more duplicates and self parents than are listed", func(t *testing.T) {
		rows := [][]any{{"Total", nil, -80, -80, 0}}
		for i := range 70 {
			rows = append(rows, []any{"X", "Total", -1, -1, 0})
			if i%5 == 0 {
				rows = append(rows, []any{fmt.Sprintf("S%d", i), fmt.Sprintf("S%d", i), -1, -1, 0})
				rows = append(rows, []any{"X", "X", -1, -1, 0})
			}
		}
		sameBothWays(t, s, writeBook(t, driftRows(rows...)))
	})
	t.Run("many roots and unknown parents", func(t *testing.T) {
		var rows [][]any
		for i := range 70 {
			rows = append(rows, []any{fmt.Sprintf("R%d", i), nil, -1, -1, 0})
			rows = append(rows, []any{fmt.Sprintf("C%d", i), fmt.Sprintf("Okänd %d", i%3), -1, -1, 0})
		}
		res := sameBothWays(t, s, writeBook(t, driftRows(rows...)))
		// 69 roots too many, listed apart from the unknown parents: 50 at
		// their Ingår i cell, the rest counted
		roots, parents := 0, 0
		for _, f := range res.Findings {
			switch {
			case f.Rule != "d.tree":
			case strings.Contains(f.Message, "har 70"):
				roots++
				if f.Ref.Col != 2 {
					t.Errorf("root finding at %s, want column B: %s", f.Ref.Cell(), f.Message)
				}
			case strings.Contains(f.Message, "Okänd"):
				parents++
			}
		}
		if roots != 50 || parents != 50 {
			t.Errorf("%d root findings and %d unknown parents, want 50 and 50", roots, parents)
		}
	})
	s2, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(inlamnat, "*.xlsx"))
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) { sameBothWays(t, s2, f) })
	}
}

// TestStreamedLargeSheet checks a generated Drift sheet of 30,000 rows,
// root last, streamed and kept, and a copy with one activity's outcome
// off: the tree and formula findings land on the same cells both ways.
func TestStreamedLargeSheet(t *testing.T) {
	s, _ := spec.Default()
	name := filepath.Join(t.TempDir(), "stor.xlsx")
	if err := fixtures.LargeDriftFile(name, 30_000); err != nil {
		t.Fatal(err)
	}
	res := sameBothWays(t, s, name)
	if res.RowsRead["Drift"] != 30_001 {
		t.Errorf("read %d Drift rows, want 30001", res.RowsRead["Drift"])
	}
	for _, f := range res.Findings {
		// drift.foregaende_ar says once that there is no last year to compare with.
		if strings.HasPrefix(f.Rule, "drift.") && f.Rule != "drift.foregaende_ar" {
			t.Errorf("consistent sheet: %s", place(f))
		}
	}
}

// TestSharedStringsLargeSheet checks the same generated sheet written as
// Excel writes it, every text in shared strings: the same rows, findings
// and sums as with inline strings.
func TestSharedStringsLargeSheet(t *testing.T) {
	s, _ := spec.Default()
	dir := t.TempDir()
	inline, shared := filepath.Join(dir, "inline.xlsx"), filepath.Join(dir, "shared.xlsx")
	if err := fixtures.LargeDriftFile(inline, 5_000); err != nil {
		t.Fatal(err)
	}
	if err := fixtures.LargeDriftSharedFile(shared, 5_000); err != nil {
		t.Fatal(err)
	}
	a := check.File(s, inline, check.Options{KeepTables: true})
	b := sameBothWays(t, s, shared)
	if a.RowsRead["Drift"] != 5_001 || b.RowsRead["Drift"] != a.RowsRead["Drift"] {
		t.Errorf("rows read: inline %d, shared %d, want 5001", a.RowsRead["Drift"], b.RowsRead["Drift"])
	}
	if len(a.Findings) != len(b.Findings) {
		t.Errorf("%d findings inline, %d shared", len(a.Findings), len(b.Findings))
	}
	for i := range min(len(a.Findings), len(b.Findings)) {
		fa, fb := a.Findings[i], b.Findings[i]
		fa.Ref.File, fb.Ref.File = "", ""
		if fa != fb {
			t.Errorf("finding %d: inline %s, shared %s", i, place(fa), place(fb))
		}
	}
	kept := check.File(s, shared, check.Options{KeepTables: true})
	last := kept.Tables["Drift"].Rows
	if len(last) == 0 || last[len(last)-1].Values[0].Text != "Resultat" || last[0].Values[0].Text != "Verksamhet 1" {
		t.Errorf("shared strings read wrongly: first %+v", last[:min(1, len(last))])
	}
}

// rewritePart copies a workbook with one part changed and returns the copy.
func rewritePart(t *testing.T, src, part string, change func([]byte) []byte) string {
	t.Helper()
	zr, err := zip.OpenReader(src)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	name := filepath.Join(t.TempDir(), filepath.Base(src))
	out, err := os.Create(name)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	zw := zip.NewWriter(out)
	changed := false
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if f.Name == part {
			data, changed = change(data), true
		}
		w, err := zw.Create(f.Name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !changed {
		t.Fatalf("%s has no part %s", src, part)
	}
	return name
}

// TestStreamedSheetFallsBack: a Drift sheet the fast scanner cannot read to
// its end (a comment between rows) is read on with encoding/xml, both while
// it streams and when its parent rows (above their children here) are read
// again; the findings are those of the original file, and the fallback is
// reported once.
func TestStreamedSheetFallsBack(t *testing.T) {
	s, _ := spec.Default()
	src := filepath.Join(inlamnat, "grundskolenamnden-2023.xlsx")
	name := rewritePart(t, src, "xl/worksheets/sheet5.xml", func(b []byte) []byte {
		at := 0
		for range 4 {
			at += bytes.Index(b[at:], []byte("</row>")) + len("</row>")
		}
		return append(append(append([]byte{}, b[:at]...), "<!-- en kommentar mellan raderna -->"...), b[at:]...)
	})
	orig := check.File(s, src, check.Options{StreamAbove: -1})
	res := sameBothWays(t, s, name)
	if got, want := dump(res.Findings), dump(orig.Findings); got != want {
		t.Errorf("findings after the fallback:\n%s\nwant those of the original:\n%s", got, want)
	}
	if res.RowsRead["Drift"] != orig.RowsRead["Drift"] || res.RowsRead["Drift"] == 0 {
		t.Errorf("read %d Drift rows, the original %d", res.RowsRead["Drift"], orig.RowsRead["Drift"])
	}
	if len(res.Fallbacks) != 1 || !strings.HasPrefix(res.Fallbacks[0], "Drift: ") {
		t.Errorf("fallbacks %q, want one for Drift", res.Fallbacks)
	}
}

// TestTreeWithoutTemporaryFolder: when no temporary file can be made, a
// tree keeps its names in memory and finds the same.
func TestTreeWithoutTemporaryFolder(t *testing.T) {
	s := streamedSpec(t)
	file := writeBook(t, driftRows(streamCases[2].rows...))
	kept := check.File(s, file, check.Options{StreamAbove: 1 << 40})
	t.Setenv("TMPDIR", filepath.Join(t.TempDir(), "saknas"))
	streamed := check.File(s, file, check.Options{StreamAbove: -1, TreeNamesInMemory: 1})
	if !reflect.DeepEqual(kept.Findings, streamed.Findings) || !reflect.DeepEqual(kept.Checks, streamed.Checks) {
		t.Errorf("findings differ\nkept:\n%s\nstreamed:\n%s", dump(kept.Findings), dump(streamed.Findings))
	}
	if len(kept.Findings) == 0 {
		t.Error("the case has no findings to compare")
	}
}
