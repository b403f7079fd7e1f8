package exporter_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// consolidateOne checks file as consolidate does and writes the outputs,
// returning the result and the output folder.
func consolidateOne(t *testing.T, file string) (*check.Submission, string) {
	t.Helper()
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	r := check.File(s, file, check.Options{KeepTables: true})
	check.CheckBatch([]*check.Submission{r}, rules.Swedish)
	out := filepath.Join(t.TempDir(), "ut")
	if _, err := exporter.Consolidate(out, exporter.Run{Spec: s, Results: []*check.Submission{r}, Version: "test"}, exporter.Options{}); err != nil {
		t.Fatal(err)
	}
	return r, out
}

// selectedParts returns the worksheet parts of a workbook that are
// selected (tabSelected).
func selectedParts(t *testing.T, data []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") || !strings.HasSuffix(zf.Name, ".xml") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(rc)
		rc.Close()
		if bytes.Contains(b, []byte(`tabSelected="1"`)) || bytes.Contains(b, []byte(`tabSelected="true"`)) {
			out = append(out, zf.Name)
		}
	}
	return out
}

func findingsOf(r *check.Submission, rule string) []rules.Finding {
	var out []rules.Finding
	for _, f := range r.Findings {
		if f.Rule == rule {
			out = append(out, f)
		}
	}
	return out
}

// TestLargeSheetNotCopied: a Drift sheet over the limit (20,000 rows, 6 MB
// of sheet data, 80,000 cells that cannot be read) is checked fully, but
// its rows are not copied into Sammanställning.xlsx, the department is
// left out of the totals, and its cells are not marked in the feedback
// workbook: each with a line that says so.
func TestLargeSheetNotCopied(t *testing.T) {
	file := filepath.Join(t.TempDir(), "stor.xlsx")
	if err := fixtures.HostileFile(file, "bad", 80_000); err != nil {
		t.Fatal(err)
	}
	r, out := consolidateOne(t, file)
	if !slices.Equal(r.NotKept, []string{"Drift"}) || len(r.Tables["Drift"].Rows) != 0 {
		t.Fatalf("NotKept = %v, %d Drift rows kept; want [Drift] and none", r.NotKept, len(r.Tables["Drift"].Rows))
	}
	too := findingsOf(r, check.SheetTooLargeRule)
	if len(too) != 1 || too[0].Ref.Sheet != "Drift" || too[0].Severity != rules.Warning || !strings.Contains(too[0].Message, "4 MiB") || too[0].Actual != "20001" {
		t.Errorf("sheet too large: %+v, want one warning at Drift stating the limit and the rows", too)
	}
	if n := len(findingsOf(r, "import.not_a_number")); n != 50 {
		t.Errorf("%d import.not_a_number findings, want 50 (the check stays complete)", n)
	}

	book, err := excelize.OpenFile(filepath.Join(out, "Sammanställning.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer book.Close()
	if rows, _ := book.GetRows("Drift"); len(rows) != 1 {
		t.Errorf("Sammanställning Drift has %d rows, want the header only", len(rows))
	}
	if v, _ := book.GetCellValue("Översikt", "H2"); !strings.Contains(v, "nej – för stort för sammanställningen: Drift") {
		t.Errorf("Översikt!H2 = %q, want it to say the sheet was too large", v)
	}

	fb, err := excelize.OpenFile(filepath.Join(out, "feedback", "Stora nämnden.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer fb.Close()
	atCells := 0
	for _, f := range r.Findings {
		if f.Ref.Sheet == "Drift" && f.Ref.Row > 0 && f.Ref.Col > 0 {
			atCells++
		}
	}
	note := fmt.Sprintf("Cellerna i bladet Drift markeras inte: bladen med fynd har mer än 4 MiB data, gränsen för markeringar. Bladets %d fynd", atCells)
	if rows, _ := fb.GetRows("Återkoppling"); len(rows) < 3 || !strings.Contains(strings.Join(rows[2], " "), note) {
		t.Errorf("Återkoppling has no note on the unmarked sheet: %q", rows[:min(len(rows), 4)])
	}
	if st, _ := fb.GetCellStyle("Drift", "C3"); st != 0 {
		t.Errorf("Drift!C3 has style %d, want it left unmarked (0)", st)
	}
	if list := fb.GetSheetList(); list[0] != "Återkoppling" || fb.GetActiveSheetIndex() != 0 {
		t.Errorf("sheets %v, active %d; want Återkoppling first and active", list, fb.GetActiveSheetIndex())
	}
	data, err := os.ReadFile(filepath.Join(out, "feedback", "Stora nämnden.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if sel := selectedParts(t, data); len(sel) != 1 {
		t.Errorf("selected sheets %v, want Återkoppling alone", sel)
	}
}

// TestNoFeedbackWorkbook: a workbook over a feedback workbook's limits
// gets its feedback as text only, and a warning that states the limit.
func TestNoFeedbackWorkbook(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads workbooks of 20 and 70 MB unpacked")
	}
	for _, tt := range []struct {
		name, limit string
		write       func(file string) error
	}{
		{"shared strings over 16 MiB (700,000 unused, 20 MB)", "16 MiB",
			func(file string) error { return fixtures.HostileFile(file, "strings", 700_000) }},
		{"over 64 MiB unpacked (a Drift sheet of 240,000 rows, 70 MB)", "64 MiB",
			func(file string) error { return fixtures.LargeDriftFile(file, 240_000) }},
	} {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "stor.xlsx")
			if err := tt.write(file); err != nil {
				t.Fatal(err)
			}
			r, out := consolidateOne(t, file)
			no := findingsOf(r, check.NoFeedbackRule)
			if !r.NoFeedbackWorkbook || len(no) != 1 || !strings.Contains(no[0].Message, tt.limit) {
				t.Errorf("NoFeedbackWorkbook = %v, findings %+v; want set, with one stating %s", r.NoFeedbackWorkbook, no, tt.limit)
			}
			if _, err := os.Stat(filepath.Join(out, "feedback", "Stora nämnden.xlsx")); err == nil {
				t.Error("a feedback workbook was written")
			}
			text, err := os.ReadFile(filepath.Join(out, "feedback", "Stora nämnden.txt"))
			if err != nil || !strings.Contains(string(text), tt.limit) {
				t.Errorf("feedback text (%v) does not say why there is no workbook:\n%s", err, text)
			}
		})
	}
}
