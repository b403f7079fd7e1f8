package exporter

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/fixtures/soffice"
	"github.com/rapportkoll/rapportkoll/fixtures/xlsxdump"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// golden compares got with the file testdata/name; -update writes it.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./exporter -run %s -update)", err, t.Name())
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range max(len(gl), len(wl)) {
			g, w := "", ""
			if i < len(gl) {
				g = gl[i]
			}
			if i < len(wl) {
				w = wl[i]
			}
			if g != w {
				t.Fatalf("%s differs from line %d:\ngot  %s\nwant %s\n(run go test ./exporter -run %s -update to accept)", path, i+1, g, w, t.Name())
			}
		}
	}
}

// feedbackOf writes wb, checks it as consolidate does and returns the
// path of its feedback workbook.
func feedbackOf(t *testing.T, wb fixtures.Workbook, lang rules.Lang) (string, *check.Submission) {
	t.Helper()
	dir := t.TempDir()
	name := filepath.Join(dir, wb.File)
	if err := wb.WriteFile(name); err != nil {
		t.Fatal(err)
	}
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	r := check.File(s, name, check.Options{KeepTables: true, Lang: lang})
	data, err := buildFeedback(r, lang, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "feedback.xlsx")
	if err := os.WriteFile(out, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return out, r
}

// TestFeedbackGolden compares a dump of Kommunstyrelsen's feedback
// workbook, in Swedish and English, with testdata/feedback: every cell
// with its value, fill, format and comment, and each sheet's page setup
// and the list's column widths and row heights.
func TestFeedbackGolden(t *testing.T) {
	for _, lang := range []rules.Lang{rules.Swedish, rules.English} {
		t.Run(string(lang), func(t *testing.T) {
			path, r := feedbackOf(t, fixtures.Kommunstyrelsen(), lang)
			dump, err := xlsxdump.Dump(path)
			if err != nil {
				t.Fatal(err)
			}
			got := dump + printDump(t, path)
			golden(t, "feedback/Kommunstyrelsen-"+string(lang)+".tsv", got)
			// the excelize path, the surgery's fallback, reads the same
			in, err := readChecked(r)
			if err != nil {
				t.Fatal(err)
			}
			f, err := openData(in)
			if err != nil {
				t.Fatal(err)
			}
			data, err := markOpened(f, in, r, lang, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			slow := filepath.Join(t.TempDir(), "excelize.xlsx")
			if err := os.WriteFile(slow, data, 0o644); err != nil {
				t.Fatal(err)
			}
			if dump, err = xlsxdump.Dump(slow); err != nil {
				t.Fatal(err)
			}
			if want := dump + printDump(t, slow); got != want {
				gl, wl := strings.Split(got, "\n"), strings.Split(want, "\n")
				for i := range min(len(gl), len(wl)) {
					if gl[i] != wl[i] {
						t.Fatalf("surgery and excelize differ from line %d:\nsurgery  %s\nexcelize %s", i+1, gl[i], wl[i])
					}
				}
				t.Fatalf("surgery has %d lines, excelize %d", len(gl), len(wl))
			}
		})
	}
}

// printDump gives the print layout of every sheet of the workbook at path,
// and the widths and heights of the feedback sheet's columns and rows.
func printDump(t *testing.T, path string) string {
	t.Helper()
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	b.WriteString("== print layout\n")
	titles := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == printTitles || dn.Name == "_xlnm.Print_Area" {
			titles[dn.Scope] += "\t" + strings.TrimPrefix(dn.Name, "_xlnm.") + ":" + dn.RefersTo
		}
	}
	deref := func(p any) string {
		switch v := p.(type) {
		case *string:
			if v != nil {
				return *v
			}
		case *int:
			if v != nil {
				return fmt.Sprint(*v)
			}
		case *bool:
			if v != nil {
				return fmt.Sprint(*v)
			}
		}
		return "-"
	}
	for _, sheet := range f.GetSheetList() {
		pl, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		props, _ := f.GetSheetProps(sheet)
		hf, _ := f.GetHeaderFooter(sheet)
		head, foot := "", ""
		if hf != nil {
			head, foot = hf.OddHeader, hf.OddFooter
		}
		fmt.Fprintf(&b, "%s\tpaper:%s\t%s\tfitToPage:%s\twide:%s\ttall:%s\theader:%s\tfooter:%s%s\n", sheet, deref(pl.Size), deref(pl.Orientation),
			deref(props.FitToPage), deref(pl.FitToWidth), deref(pl.FitToHeight), head, foot, titles[sheet])
	}
	sheet := f.GetSheetList()[0]
	b.WriteString("== " + sheet + " widths\n")
	for i := range listWidths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		w, _ := f.GetColWidth(sheet, col)
		fmt.Fprintf(&b, "%s\t%v\n", col, w)
	}
	b.WriteString("== " + sheet + " row heights\n")
	rows, _ := f.GetRows(sheet)
	for i := range rows {
		if h, _ := f.GetRowHeight(sheet, i+1); h != 15 {
			fmt.Fprintf(&b, "%d\t%v\n", i+1, h)
		}
	}
	merged, _ := f.GetMergeCells(sheet)
	for _, m := range merged {
		fmt.Fprintf(&b, "merged\t%s:%s\n", m.GetStartAxis(), m.GetEndAxis())
	}
	return b.String()
}

// TestFeedbackPrintsFewPages prints the feedback workbooks of the shipped
// fixtures through LibreOffice: every sheet one page wide, the department's
// sheets one page each, Återkoppling on at most two (it was 18 pages for
// Kommunstyrelsen before the page setup, split by column).
func TestFeedbackPrintsFewPages(t *testing.T) {
	if testing.Short() {
		t.Skip("prints through LibreOffice")
	}
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{"kommunstyrelsen-2023.xlsx", "kultur-och-fritidsnamnden-2023.xlsx"} {
		t.Run(file, func(t *testing.T) {
			r := check.File(s, filepath.Join(inlamnatDir, file), check.Options{KeepTables: true})
			data, err := buildFeedback(r, rules.Swedish, time.Time{})
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(t.TempDir(), "feedback.xlsx")
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenFile(path)
			if err != nil {
				t.Fatal(err)
			}
			sheets := len(f.GetSheetList())
			f.Close()
			_, pages := soffice.PDFPages(t, path)
			if most := sheets + 1; pages > most || pages < sheets {
				t.Errorf("%s prints on %d pages, want %d to %d (%d sheets, Återkoppling on at most 2 pages)", file, pages, sheets, most, sheets)
			}
		})
	}
}
