package exporter_test

import (
	"archive/zip"
	"fmt"
	"html"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/fixtures/soffice"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// hostileRun is a run over workbooks made in the test: Kommunstyrelsen as
// the seed states it (its +1 % in Drift!F19 among its errors), and
// Grundskolenämnden with the text "abc" in a Drift amount cell and its
// ratings spelled "i hög grad uppfyllt" and "Delvis  uppfyllt" (so
// rejected too), Kultur- och fritidsnämnden as consistent as generated,
// and an empty file.
func hostileRun(t *testing.T, strict bool) exporter.Run {
	t.Helper()
	dir := t.TempDir()
	grund := fixtures.Consistent(fixtures.Departments()[0])
	for i := range grund.Sheets {
		sh := &grund.Sheets[i]
		switch sh.Name {
		case "Drift":
			sh.Rows[2][2] = "abc" // a child row: Varav: is row 1
		case "Måluppfyllelse":
			sh.Rows[0][3] = "i hög grad uppfyllt"
			sh.Rows[1][3] = "Delvis  uppfyllt"
		}
	}
	var files []string
	for _, wb := range []fixtures.Workbook{fixtures.Kommunstyrelsen(), grund, fixtures.Consistent(fixtures.Departments()[1])} {
		p := filepath.Join(dir, wb.File)
		out, err := os.Create(p)
		if err != nil {
			t.Fatal(err)
		}
		if err := wb.Write(out); err != nil {
			t.Fatal(err)
		}
		if err := out.Close(); err != nil {
			t.Fatal(err)
		}
		files = append(files, p)
	}
	empty := filepath.Join(dir, "tom.xlsx")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	files = append(files, empty)
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	var results []*check.Submission
	for _, f := range files {
		results = append(results, check.File(s, f, check.Options{KeepTables: true}))
	}
	check.CheckBatch(results, rules.Swedish)
	return exporter.Run{Spec: s, Results: results, Version: "test", Strict: strict, Period: "Helår 2023"}
}

// consolidated writes a run's outputs and opens its Sammanställning.xlsx.
func consolidated(t *testing.T, run exporter.Run) (*excelize.File, string) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "ut")
	if _, err := exporter.Consolidate(out, run, exporter.Options{}); err != nil {
		t.Fatal(err)
	}
	book := filepath.Join(out, "Sammanställning.xlsx")
	f, err := excelize.OpenFile(book, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f, book
}

// commentAt finds the comment on sheet whose text holds want and returns
// its cell, or "".
func commentAt(t *testing.T, f *excelize.File, sheet, want string) (ref, text string) {
	t.Helper()
	cs, err := f.GetComments(sheet)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range cs {
		var b strings.Builder
		for _, p := range c.Paragraph {
			b.WriteString(p.Text)
		}
		if strings.Contains(c.Text+b.String(), want) {
			return c.Cell, c.Text + b.String()
		}
	}
	return "", ""
}

func fillOf(t *testing.T, f *excelize.File, sheet, ref string) string {
	t.Helper()
	id, err := f.GetCellStyle(sheet, ref)
	if err != nil {
		t.Fatal(err)
	}
	st, err := f.GetStyle(id)
	if err != nil {
		t.Fatal(err)
	}
	if st.Fill.Pattern == 0 {
		return ""
	}
	return strings.Join(st.Fill.Color, ",")
}

// TestMarks checks that the figures with errors and warnings are marked in
// Sammanställning as in the feedback workbook: the fill, and a comment
// with the message and the source cell; an unreadable number is an empty
// cell in its number column, never the text; enum values are written in
// the spec's spelling.
func TestMarks(t *testing.T) {
	run := hostileRun(t, false)
	f, _ := consolidated(t, run)
	// the source cells, from the findings
	var abc string
	for _, r := range run.Results {
		for _, fd := range r.Findings {
			if fd.Ref.Sheet == "Drift" && strings.Contains(fd.Message, "abc") && fd.Severity == rules.Error {
				abc = filepath.Base(fd.Ref.File) + ": Drift!" + fd.Ref.Cell()
			}
		}
	}
	if abc == "" {
		t.Fatal("no error finding about Drift's abc; the test's workbook is wrong")
	}
	tests := []struct {
		name, sheet, source, fill string
		severity                  string
		emptyValue                bool // the written cell must be empty (not the text)
		value                     string
	}{
		{"wrong percentage", "Drift", "kommunstyrelsen-2023.xlsx: Drift!F19", "FFC7CE", "Fel:", false, "0.01"},
		{"text in a number column", "Drift", abc, "FFC7CE", "Fel:", true, ""},
		{"warning on a rating", "Måluppfyllelse", "kommunstyrelsen-2023.xlsx: Måluppfyllelse!D5", "FFEB9C", "Varning:", false, "I mycket hög grad uppfyllt"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ref, text := commentAt(t, f, tt.sheet, "("+tt.source+")")
			if ref == "" {
				t.Fatalf("no comment in %s names %s", tt.sheet, tt.source)
			}
			if !strings.Contains(text, tt.severity) {
				t.Errorf("%s!%s comment = %q, want it to start %q", tt.sheet, ref, text, tt.severity)
			}
			if got := fillOf(t, f, tt.sheet, ref); got != tt.fill {
				t.Errorf("%s!%s fill = %q, want %q", tt.sheet, ref, got, tt.fill)
			}
			v, _ := f.GetCellValue(tt.sheet, ref, excelize.Options{RawCellValue: true})
			typ, _ := f.GetCellType(tt.sheet, ref)
			switch {
			case tt.emptyValue && (v != "" || typ == excelize.CellTypeSharedString || typ == excelize.CellTypeInlineString):
				t.Errorf("%s!%s = %q (type %v), want an empty numeric cell", tt.sheet, ref, v, typ)
			case !tt.emptyValue && v != tt.value:
				t.Errorf("%s!%s = %q, want %q", tt.sheet, ref, v, tt.value)
			}
		})
	}
	t.Run("a total lacking an unreadable value", func(t *testing.T) {
		ref, text := commentAt(t, f, "Drift", "Summan saknar värden som inte kunde läsas: "+abc+".")
		if ref == "" {
			t.Fatalf("no total in Drift says it lacks %s", abc)
		}
		row, _ := f.GetRows("Drift")
		_, r, _ := excelize.CellNameToCoordinates(ref)
		if row[r-1][0] != "Totalt" {
			t.Errorf("Drift!%s (%q) is not a total row's cell: %v", ref, text, row[r-1])
		}
		if got := fillOf(t, f, "Drift", ref); got != "FFC7CE" {
			t.Errorf("Drift!%s fill = %q, want FFC7CE", ref, got)
		}
	})
	t.Run("no text in number columns", func(t *testing.T) {
		rows, _ := f.GetRows("Drift", excelize.Options{RawCellValue: true})
		for i, row := range rows {
			for _, v := range row {
				if v == "abc" {
					t.Errorf("Drift row %d holds the text abc", i+1)
				}
			}
		}
	})
	t.Run("enum spelling", func(t *testing.T) {
		rows, _ := f.GetRows("Måluppfyllelse", excelize.Options{RawCellValue: true})
		seen := map[string]bool{}
		for _, row := range rows[1:] {
			if len(row) > 4 {
				seen[row[4]] = true
			}
		}
		for _, bad := range []string{"i hög grad uppfyllt", "Delvis  uppfyllt"} {
			if seen[bad] {
				t.Errorf("Måluppfyllelse holds %q, want the spec's spelling", bad)
			}
		}
		for _, good := range []string{"I hög grad uppfyllt", "Delvis uppfyllt"} {
			if !seen[good] {
				t.Errorf("Måluppfyllelse lacks %q: %v", good, seen)
			}
		}
	})
	t.Run("info is not marked", func(t *testing.T) {
		if ref, text := commentAt(t, f, "Indikatorer", "lagrat som text"); ref != "" {
			t.Errorf("Indikatorer!%s has a comment for an info finding: %q", ref, text)
		}
	})
	t.Run("link from Fel och varningar", func(t *testing.T) {
		rows, _ := f.GetRows("Fel och varningar")
		for i, row := range rows {
			if len(row) > 5 && row[3] == "drift.avvikelse_procent" && row[5] == "F19" {
				ref := fmt.Sprintf("F%d", i+1)
				ok, target, _ := f.GetCellHyperLink("Fel och varningar", ref)
				marked, _ := commentAt(t, f, "Drift", "(kommunstyrelsen-2023.xlsx: Drift!F19)")
				if !ok || target != "'Drift'!"+marked {
					t.Errorf("Fel och varningar!%s links to %q (%v), want 'Drift'!%s", ref, target, ok, marked)
				}
				return
			}
		}
		t.Error("Fel och varningar has no line for Drift!F19")
	})
}

// TestFindingsOrder checks that Fel och varningar lists errors first, then
// warnings, then info, across departments, with a repeated info as one
// line of ranges.
func TestFindingsOrder(t *testing.T) {
	f, _ := consolidated(t, fixtureRun(t))
	rows, err := f.GetRows("Fel och varningar")
	if err != nil {
		t.Fatal(err)
	}
	rank := map[string]int{"fel": 1, "varning": 2, "info": 3}
	last := 0
	for i, row := range rows[1:] {
		if len(row) < 3 {
			continue
		}
		r := rank[row[2]]
		if r < last {
			t.Fatalf("Fel och varningar row %d is %q after a less severe one", i+2, row[2])
		}
		last = r
	}
	if last != 3 {
		t.Errorf("no info rows at the end (last rank %d)", last)
	}
}

// TestTotalsStatement checks that each totals block says which departments
// it covers and which it leaves out and why, by default (rejected
// included, flagged) and with --strict.
func TestTotalsStatement(t *testing.T) {
	tests := []struct {
		name   string
		strict bool
		want   []string
		not    []string
		inKS   string // Översikt's "Ingår i totaler" for Kommunstyrelsen
	}{
		{"default", false,
			[]string{"Totalen omfattar: Kommunstyrelsen, Grundskolenämnden, Kultur- och fritidsnämnden.", "Utelämnade: tom.xlsx (oläsbar).",
				"Kommunstyrelsen, Grundskolenämnden ingår trots fel"},
			nil, "ja, trots fel (--strict utesluter)"},
		{"strict", true,
			[]string{"Totalen omfattar: Kultur- och fritidsnämnden.", "Utelämnade: Kommunstyrelsen, Grundskolenämnden (avvisad, --strict); tom.xlsx (oläsbar)."},
			[]string{"ingår trots fel"}, "nej – avvisad (--strict)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			run := hostileRun(t, tt.strict)
			f, _ := consolidated(t, run)
			rows, _ := f.GetRows("Drift")
			var text []string
			for _, row := range rows {
				if len(row) > 0 {
					text = append(text, row[0])
				}
			}
			all := strings.Join(text, "\n")
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("Drift's totals block lacks %q:\n%s", w, tail(all, 8))
				}
			}
			for _, w := range tt.not {
				if strings.Contains(all, w) {
					t.Errorf("Drift's totals block says %q", w)
				}
			}
			ov, _ := f.GetRows("Översikt")
			for _, row := range ov {
				if len(row) > 7 && row[0] == "Kommunstyrelsen" && row[7] != tt.inKS {
					t.Errorf("Översikt: Kommunstyrelsen in totals = %q, want %q", row[7], tt.inKS)
				}
			}
		})
	}
}

// TestSummaryLayout pins what the cell dump of cmd's golden test does not
// show: every sheet's page setup (orientation, fit, repeated rows, header
// and footer, frozen panes), the comments per sheet, Översikt's charts
// (type and the cells each series refers to) and the links of Fel och
// varningar. `go test ./exporter -run TestSummaryLayout -update` accepts
// a change.
func TestSummaryLayout(t *testing.T) {
	_, book := consolidated(t, fixtureRun(t))
	got := layoutDump(t, book)
	path := filepath.Join("testdata", "summary", "layout.golden")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run with -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("layout of Sammanställning.xlsx differs from %s (-update accepts it):\n%s", path, lineDiff(string(want), got))
	}
}

func layoutDump(t *testing.T, book string) string {
	t.Helper()
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	titles := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			titles[dn.Scope] = dn.RefersTo
		}
	}
	for _, sheet := range f.GetSheetList() {
		pl, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		props, _ := f.GetSheetProps(sheet)
		hf, _ := f.GetHeaderFooter(sheet)
		panes, _ := f.GetPanes(sheet)
		cs, _ := f.GetComments(sheet)
		fmt.Fprintf(&b, "== %s\n", sheet)
		fmt.Fprintf(&b, "page\t%s\tsize %d\tfit %v: %d wide × %d high\n", deref(pl.Orientation), deref(pl.Size), deref(props.FitToPage), deref(pl.FitToWidth), deref(pl.FitToHeight))
		fmt.Fprintf(&b, "print titles\t%s\n", titles[sheet])
		if hf != nil {
			fmt.Fprintf(&b, "header\t%s\nfooter\t%s\n", hf.OddHeader, hf.OddFooter)
		}
		fmt.Fprintf(&b, "frozen\t%v %d\n", panes.Freeze, panes.YSplit)
		fmt.Fprintf(&b, "comments\t%d\n", len(cs))
		if sheet == "Fel och varningar" {
			rows, _ := f.GetRows(sheet)
			for i := range rows {
				ref := fmt.Sprintf("F%d", i+1)
				if ok, target, _ := f.GetCellHyperLink(sheet, ref); ok {
					fmt.Fprintf(&b, "link\t%s\t%s\n", ref, target)
				}
			}
		}
	}
	for _, c := range charts(t, book) {
		fmt.Fprintf(&b, "chart\t%s\n", c)
	}
	return b.String()
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}

var (
	chartKind = regexp.MustCompile(`(?s)<(?:c:)?(barChart|lineChart|pieChart)>.*?<(?:c:)?barDir val="(\w+)"`)
	chartRefs = regexp.MustCompile(`<(?:c:)?f>([^<]*)</(?:c:)?f>`)
)

// charts describes each chart part of a workbook: its kind and the cell
// references of its series, in part order.
func charts(t *testing.T, book string) []string {
	t.Helper()
	zr, err := zip.OpenReader(book)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	var names []string
	parts := map[string]*zip.File{}
	for _, zf := range zr.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			names = append(names, zf.Name)
			parts[zf.Name] = zf
		}
	}
	slices.Sort(names)
	var out []string
	for _, n := range names {
		rc, err := parts[n].Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		kind := "?"
		if m := chartKind.FindSubmatch(data); m != nil {
			kind = string(m[1]) + " " + string(m[2])
		}
		var refs []string
		for _, m := range chartRefs.FindAllSubmatch(data, -1) {
			refs = append(refs, html.UnescapeString(string(m[1])))
		}
		out = append(out, kind+"\t"+strings.Join(refs, " "))
	}
	return out
}

// lineDiff shows the first lines where two texts differ.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	n := 0
	for i := 0; i < max(len(w), len(g)) && n < 20; i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d:\n- %s\n+ %s\n", i+1, wl, gl)
			n++
		}
	}
	return b.String()
}

// TestPrintedPages prints Sammanställning for the shipped fixtures through
// LibreOffice and checks it stays short (78 pages before page setup) and
// that Översikt, table, statement and charts, is one page.
func TestPrintedPages(t *testing.T) {
	if testing.Short() {
		t.Skip("starts LibreOffice")
	}
	_, book := consolidated(t, fixtureRun(t))
	if _, pages := soffice.PDFPages(t, book); pages > 16 {
		t.Errorf("Sammanställning.xlsx prints as %d pages, want at most 16 (15 when this test was written)", pages)
	}
	// Översikt alone
	f, err := excelize.OpenFile(book)
	if err != nil {
		t.Fatal(err)
	}
	for _, sheet := range f.GetSheetList()[1:] {
		if err := f.DeleteSheet(sheet); err != nil {
			t.Fatal(err)
		}
	}
	only := filepath.Join(t.TempDir(), "oversikt.xlsx")
	if err := f.SaveAs(only); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, pages := soffice.PDFPages(t, only); pages != 1 {
		t.Errorf("Översikt prints as %d pages, want 1", pages)
	}
}

// TestNothingToTotal: a run in which no submission has figures writes
// Översikt without a total row or charts, and the statement still.
func TestNothingToTotal(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "tom.xlsx")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	results := []*check.Submission{check.File(s, empty, check.Options{KeepTables: true})}
	check.CheckBatch(results, rules.English)
	f, book := consolidated(t, exporter.Run{Spec: s, Results: results, Version: "test", Lang: rules.English})
	rows, _ := f.GetRows("Översikt")
	for _, row := range rows {
		if len(row) > 0 && row[0] == "Municipality total" {
			t.Errorf("Översikt has a total row with nothing to total: %q", row)
		}
	}
	if last := rows[len(rows)-1]; len(last) == 0 || !strings.HasPrefix(last[0], "The totals cover every readable submission") {
		t.Errorf("Översikt's last row = %q, want the totals statement", last)
	}
	if cs := charts(t, book); len(cs) != 0 {
		t.Errorf("charts with nothing to chart: %v", cs)
	}
}

// TestOverviewTotalIncomplete: a department in the totals whose Drift root
// has a Budget that could not be read leaves the municipality's Budget sum
// incomplete: the cell is marked red with a comment naming the department,
// and the deviation percentage computed from it is left empty.
func TestOverviewTotalIncomplete(t *testing.T) {
	dir := t.TempDir()
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	var results []*check.Submission
	for i, d := range fixtures.Departments()[:2] {
		wb := fixtures.Consistent(d)
		if i == 0 { // the second department's headers are reordered
			for j := range wb.Sheets {
				if sh := &wb.Sheets[j]; sh.Name == "Drift" {
					sh.Rows[len(sh.Rows)-1][2] = "abc" // the root's Budget helår
				}
			}
		}
		p := filepath.Join(dir, wb.File)
		if err := wb.WriteFile(p); err != nil {
			t.Fatal(err)
		}
		results = append(results, check.File(s, p, check.Options{KeepTables: true}))
	}
	check.CheckBatch(results, rules.Swedish)
	f, _ := consolidated(t, exporter.Run{Spec: s, Results: results, Version: "test", Period: "Helår 2023"})
	rows, err := f.GetRows("Översikt")
	if err != nil {
		t.Fatal(err)
	}
	total := -1
	for i, r := range rows {
		if len(r) > 0 && r[0] == "Kommunen totalt" {
			total = i + 1
		}
	}
	if total < 0 {
		t.Fatalf("no total row in Översikt: %q", rows)
	}
	header := rows[0]
	budget, pct := slices.Index(header, "Budget helår (tkr)"), slices.Index(header, "Avvikelse (%)")
	if budget < 0 || pct < 0 {
		t.Fatalf("Översikt's header %q", header)
	}
	cell := func(col int) string { n, _ := excelize.CoordinatesToCellName(col+1, total); return n }
	if _, text := commentAt(t, f, "Översikt", "Summan saknar"); text == "" || !strings.Contains(text, results[0].Department) {
		t.Errorf("no comment on Översikt names %s as missing from the sum: %q", results[0].Department, text)
	}
	style, _ := f.GetCellStyle("Översikt", cell(budget))
	if st, _ := f.GetStyle(style); st == nil || len(st.Fill.Color) == 0 || st.Fill.Color[0] != "FFC7CE" {
		t.Errorf("the incomplete Budget sum %s is not marked red: %+v", cell(budget), st)
	}
	if v, _ := f.GetCellValue("Översikt", cell(pct)); v != "" {
		t.Errorf("Avvikelse (%%) computed from an incomplete sum: %q", v)
	}
}
