package exporter

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

func TestFeedbackOrder(t *testing.T) {
	at := func(sev rules.Severity, sheet string, row, col int, rule string) rules.Finding {
		return rules.Finding{Severity: sev, Rule: rule, Ref: importer.Ref{File: "f.xlsx", Sheet: sheet, Row: row, Col: col}}
	}
	key := func(fs rules.Findings) []string {
		var out []string
		for _, f := range fs {
			out = append(out, f.Severity.String()+" "+f.Ref.Sheet+"!"+f.Ref.Cell()+" "+f.Rule)
		}
		return out
	}
	tabs := []string{"Info", "Indikatorer", "Drift", "Personal"}
	for _, tt := range []struct {
		name string
		tabs []string
		in   rules.Findings
		want []string
	}{
		{"severity first, then tab, row, column", tabs,
			rules.Findings{at(rules.Info, "Drift", 4, 4, "a"), at(rules.Error, "Personal", 3, 4, "b"), at(rules.Error, "Drift", 19, 6, "c"),
				at(rules.Warning, "Info", 2, 2, "d"), at(rules.Error, "Indikatorer", 16, 8, "e"), at(rules.Error, "Indikatorer", 7, 8, "f"),
				at(rules.Error, "Drift", 9, 10, "g"), at(rules.Error, "Drift", 10, 9, "h")},
			[]string{"error Indikatorer!H7 f", "error Indikatorer!H16 e", "error Drift!J9 g", "error Drift!I10 h", "error Drift!F19 c",
				"error Personal!D3 b", "warning Info!B2 d", "info Drift!D4 a"}},
		{"the whole file first, unknown sheets after the tabs, by name", tabs,
			rules.Findings{at(rules.Error, "Övrigt", 1, 1, "x"), at(rules.Error, "Annat", 1, 1, "y"), at(rules.Error, "Personal", 1, 1, "z"), at(rules.Error, "", 0, 0, "w")},
			[]string{"error ! w", "error Personal!A1 z", "error Annat!A1 y", "error Övrigt!A1 x"}},
		{"a sheet named in other case", tabs,
			rules.Findings{at(rules.Error, "PERSONAL", 1, 1, "p"), at(rules.Error, "drift", 2, 1, "d")},
			[]string{"error drift!A2 d", "error PERSONAL!A1 p"}},
		{"no tab order: by name", nil,
			rules.Findings{at(rules.Error, "Personal", 1, 1, "p"), at(rules.Error, "Drift", 2, 1, "d")},
			[]string{"error Drift!A2 d", "error Personal!A1 p"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			in := slices.Clone(tt.in)
			if got := key(feedbackOrder(in, tt.tabs)); !slices.Equal(got, tt.want) {
				t.Errorf("feedbackOrder = %q, want %q", got, tt.want)
			}
			if !slices.Equal(key(in), key(tt.in)) {
				t.Error("feedbackOrder changed its argument")
			}
		})
	}
}

func TestPartOrder(t *testing.T) {
	parts := map[string]string{"Drift": "xl/worksheets/sheet10.xml", "Info": "xl/worksheets/sheet2.xml", "X": "xl/worksheets/a.xml"}
	if got, want := partOrder(parts), []string{"X", "Info", "Drift"}; !slices.Equal(got, want) {
		t.Errorf("partOrder = %q, want %q", got, want)
	}
}

func TestValueOf(t *testing.T) {
	col := func(typ importer.ColumnType, decimals int32) *importer.Column {
		return &importer.Column{Type: typ, Decimals: decimals}
	}
	for _, tt := range []struct {
		in          string
		col         *importer.Column
		num, format string // num "" means text
	}{
		{"-100455", col(importer.TypeAmount, 0), "-100455", "#,##0;-#,##0"},
		{"61.7", col(importer.TypeNumber, 1), "61.7", "#,##0.0;-#,##0.0"},
		{"-7.3", col(importer.TypeNumber, 1), "-7.3", "#,##0.0;-#,##0.0"},
		{"6", col(importer.TypeNumber, 1), "6", "#,##0;-#,##0"}, // a count: as the message gives it
		{"-1", col(importer.TypePercent, 0), "-0.01", "0%"},
		{"8.5", col(importer.TypePercent, 1), "0.085", "0.0%"},
		{"Ej uppnått", col(importer.TypeEnum, 0), "", ""},
		{"2023.1", col(importer.TypeText, 0), "", ""}, // Mallversion is text
		{"1e3", col(importer.TypeAmount, 0), "", ""},
		{"", col(importer.TypeAmount, 0), "", ""},
		{"12", nil, "12", "#,##0;-#,##0"}, // column not known: a plain decimal is a number
		{"≤38", nil, "", ""},
		{"0.30000000000000004", nil, "0.30000000000000004", "#,##0.0000000000;-#,##0.0000000000"}, // at most 10 decimals shown
	} {
		got := valueOf(tt.in, tt.col, tt.col != nil)
		switch {
		case tt.num == "" && (got.Num != nil || got.Text != tt.in):
			t.Errorf("valueOf(%q) = %v %q, want the text", tt.in, got.Num, got.Text)
		case tt.num != "" && (got.Num == nil || got.Num.String() != tt.num || got.Format != tt.format):
			t.Errorf("valueOf(%q) = %v %q, want %s %q", tt.in, got.Num, got.Format, tt.num, tt.format)
		}
	}
}

// numbersAsText is Kommunstyrelsen's workbook with the figures of Extern
// finansiering and Satsningar typed as text, as a department that pasted
// them from a document would have them.
func numbersAsText(t *testing.T) *check.Submission {
	t.Helper()
	wb := fixtures.Kommunstyrelsen()
	for i := range wb.Sheets {
		sh := &wb.Sheets[i]
		if sh.Name != "Extern finansiering" && sh.Name != "Satsningar" {
			continue
		}
		for _, row := range sh.Rows {
			for j, v := range row {
				if n, ok := v.(int); ok {
					row[j] = strconv.Itoa(n)
				}
			}
		}
	}
	name := filepath.Join(t.TempDir(), "text.xlsx")
	if err := wb.WriteFile(name); err != nil {
		t.Fatal(err)
	}
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	return check.File(s, name, check.Options{KeepTables: true})
}

// TestFeedbackGroupsRepeated: numbers typed as text on two sheets make one
// line per sheet in Återkoppling and in the text, with the cells as
// ranges, while every one of the cells is still commented; the text does
// not call notes that ask for an action needless.
func TestFeedbackGroupsRepeated(t *testing.T) {
	r := numbersAsText(t)
	perSheet := map[string][]string{}
	for _, fd := range r.Findings {
		if fd.Rule == string(importer.NumberAsText) && (fd.Ref.Sheet == "Extern finansiering" || fd.Ref.Sheet == "Satsningar") {
			perSheet[fd.Ref.Sheet] = append(perSheet[fd.Ref.Sheet], fd.Ref.Cell())
		}
	}
	if len(perSheet["Extern finansiering"]) < rules.GroupMin || len(perSheet["Satsningar"]) < rules.GroupMin {
		t.Fatalf("numbers as text: %v, want at least %d on each sheet", perSheet, rules.GroupMin)
	}
	data, err := buildFeedback(r, rules.Swedish, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(feedbackSheet)
	for sheet, cells := range perSheet {
		var lines [][]string
		at := 0
		for i, row := range rows {
			if len(row) > 6 && row[1] == sheet && row[6] == string(importer.NumberAsText) {
				lines, at = append(lines, row), i+1
			}
		}
		if len(lines) != 1 {
			t.Errorf("%s: %d lines of numbers as text in Återkoppling, want 1: %q", sheet, len(lines), lines)
			continue
		}
		if want := strconv.Itoa(len(cells)) + " tal lagrade som text i " + lines[0][2]; !strings.Contains(lines[0][3], want) || !strings.Contains(lines[0][2], ":") {
			t.Errorf("%s: line %q, want ranges in Cell and %q in the message", sheet, lines[0], want)
		}
		if ok, link, _ := f.GetCellHyperLink(feedbackSheet, "B"+strconv.Itoa(at)); !ok || link != quoteSheet(sheet)+"!"+cells[0] {
			t.Errorf("%s: the group links to %v %q, want its first cell %s", sheet, ok, link, cells[0])
		}
		cs, _ := f.GetComments(sheet)
		for _, c := range cells {
			if !slices.ContainsFunc(cs, func(cm excelize.Comment) bool {
				return cm.Cell == c && strings.Contains(commentText(cm), "lagrat som text")
			}) {
				t.Errorf("%s!%s has no comment of its own", sheet, c)
			}
		}
	}
	text := feedbackText(r, "feedback/Kommunstyrelsen.xlsx", rules.Swedish, nil)
	if strings.Contains(text, "kräver ingen åtgärd.") && !strings.Contains(text, "Gör det som en notering ber om") {
		t.Errorf("the text calls every note needless:\n%s", text)
	}
	for sheet, cells := range perSheet {
		want := sheet + ": " + strconv.Itoa(len(cells)) + " tal lagrade som text i "
		if strings.Count(text, want) != 1 {
			t.Errorf("the text lacks one line %q:\n%s", want, text)
		}
		for _, line := range strings.Split(text, "\n") {
			if strings.Contains(line, sheet+"!") && strings.Contains(line, "lagrat som text") {
				t.Errorf("the text lists a cell of the group on its own: %s", line)
			}
		}
	}
}

// TestFeedbackText: per severity what to do, the lists in tab order, and a
// notes list that stops after textNotes lines with a count of the rest.
func TestFeedbackText(t *testing.T) {
	name := filepath.Join(t.TempDir(), "ks.xlsx")
	if err := fixtures.Kommunstyrelsen().WriteFile(name); err != nil {
		t.Fatal(err)
	}
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	r := check.File(s, name, check.Options{KeepTables: true})
	for _, lang := range []rules.Lang{rules.Swedish, rules.English} {
		text := feedbackText(r, "feedback/Kommunstyrelsen.xlsx", lang, nil)
		wants := map[rules.Lang][]string{
			rules.Swedish: {"Fel (8) ska rättas", "Varningar (5) ska kontrolleras", "Noteringar (40) påverkar inte godkännandet",
				"Att rätta (fel):\n1. Indikatorer!H7:", "\n4. Drift!F19:", "Noteringar (info):\n1. Indikatorer: \"Utfall\" jämfördes inte", "\n2. Indikatorer: 11 fynd",
				"Alla fynd står i feedback/Kommunstyrelsen.xlsx, bladet Återkoppling"},
			rules.English: {"Errors (8) must be corrected", "Warnings (5) must be checked", "Notes (40) do not affect acceptance",
				"To correct (errors):\n1. Indikatorer!H7:", "Notes (info):\n1. Indikatorer: \"Utfall\" jämfördes inte", "\n2. Indikatorer: 11 findings"},
		}[lang]
		for _, w := range wants {
			if !strings.Contains(text, w) {
				t.Errorf("%s: the text lacks %q:\n%s", lang, w, text)
			}
		}
	}
	// Only a finding about the whole file: no links to cells are promised.
	whole := &check.Submission{Source: check.Source{File: "tom.xlsx"}, Status: rules.Rejected,
		Findings: rules.Findings{{Severity: rules.Error, Rule: "import.no_template_sheets", Message: "m", Ref: importer.Ref{File: "tom.xlsx"}}}}
	if text := feedbackText(whole, "feedback/tom.xlsx", rules.Swedish, nil); !strings.Contains(text, "1. filen: m\n") ||
		!strings.Contains(text, "Fynden står också i feedback/tom.xlsx, bladet Återkoppling.") || strings.Contains(text, "länkar") {
		t.Errorf("the text of a finding about the file:\n%s", text)
	}
	// Notes on many sheets: textNotes lines, then a count of the rest.
	many := &check.Submission{Source: check.Source{File: filepath.Join(t.TempDir(), "borta.xlsx")}, Department: "N", Period: "Helår 2023"}
	for i := range textNotes + 5 {
		many.Findings = append(many.Findings, rules.Finding{Severity: rules.Info, Rule: "r", Message: "m",
			Ref: importer.Ref{Sheet: fmt.Sprintf("Blad%03d", i), Row: 1, Col: 1}})
	}
	text := feedbackText(many, "", rules.Swedish, nil)
	if !strings.Contains(text, fmt.Sprintf("\n%d. Blad%03d!A1: m\n… och 5 noteringar till.\n", textNotes, textNotes-1)) {
		t.Errorf("the notes are not cut after %d lines:\n%s", textNotes, text)
	}
}

// TestFeedbackListValues: Återkoppling's Förväntat and Angivet are numeric
// cells in the column's format where they are numbers, text otherwise;
// Meddelande wraps; the rows come errors first in tab order.
func TestFeedbackListValues(t *testing.T) {
	name := filepath.Join(t.TempDir(), "ks.xlsx")
	if err := fixtures.Kommunstyrelsen().WriteFile(name); err != nil {
		t.Fatal(err)
	}
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	r := check.File(s, name, check.Options{KeepTables: true})
	data, err := buildFeedback(r, rules.Swedish, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows(feedbackSheet, excelize.Options{RawCellValue: true})
	find := func(sheet, cell string) int {
		for i, row := range rows {
			if len(row) > 2 && row[1] == sheet && row[2] == cell {
				return i + 1
			}
		}
		t.Fatalf("no row for %s!%s", sheet, cell)
		return 0
	}
	for _, tt := range []struct {
		sheet, cell   string
		col           string
		value, format string
		numeric       bool
	}{
		{"Drift", "F19", "E", "-0.01", "0%", true},
		{"Drift", "F19", "F", "0.01", "0%", true},
		{"Intern kontroll", "B12", "E", "144", "#,##0;-#,##0", true},
		{"Personal", "D3", "E", "-7.3", "#,##0.0;-#,##0.0", true},
		{"Drift", "E6", "F", "-4440", "#,##0;-#,##0", true},
		{"Indikatorer", "H7", "E", "Ej uppnått", "", false},
	} {
		ref := tt.col + strconv.Itoa(find(tt.sheet, tt.cell))
		v, _ := f.GetCellValue(feedbackSheet, ref, excelize.Options{RawCellValue: true})
		typ, _ := f.GetCellType(feedbackSheet, ref)
		id, _ := f.GetCellStyle(feedbackSheet, ref)
		st, _ := f.GetStyle(id)
		format := ""
		if st != nil && st.CustomNumFmt != nil {
			format = *st.CustomNumFmt
		}
		isNum := typ == excelize.CellTypeNumber || typ == excelize.CellTypeUnset
		if v != tt.value || isNum != tt.numeric || format != tt.format {
			t.Errorf("%s (%s!%s) = %q type %v format %q, want %q numeric %v format %q", ref, tt.sheet, tt.cell, v, typ, format, tt.value, tt.numeric, tt.format)
		}
	}
	header := slices.IndexFunc(rows, func(row []string) bool { return len(row) > 3 && row[3] == "Meddelande" })
	id, _ := f.GetCellStyle(feedbackSheet, "D"+strconv.Itoa(header+2))
	if st, _ := f.GetStyle(id); st == nil || st.Alignment == nil || !st.Alignment.WrapText {
		t.Errorf("Meddelande does not wrap: %+v", st)
	}
	if w, _ := f.GetColWidth(feedbackSheet, "D"); w < 60 {
		t.Errorf("Meddelande is %v wide, want at least 60", w)
	}
	var sevs []string
	for _, row := range rows[header+1:] {
		sevs = append(sevs, row[0])
	}
	if !slices.IsSortedFunc(sevs, func(a, b string) int { return order(a) - order(b) }) {
		t.Errorf("severities not errors first: %q", sevs)
	}
	if first := rows[header+1]; first[1] != "Indikatorer" {
		t.Errorf("first row %q, want Indikatorer's (before Drift in the tabs)", first)
	}
}

func order(sev string) int { return map[string]int{"fel": 0, "varning": 1, "info": 2}[sev] }

// TestFeedbackPageSetup: every sheet of the feedback workbook prints
// landscape, one page wide, with the header and footer; Återkoppling and
// the department's table sheets repeat their header row, except where the
// department has print titles of its own; the department's values and
// print areas stay.
func TestFeedbackPageSetup(t *testing.T) {
	name := departmentWithViews(t)
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	orig, err := excelize.OpenFile(name, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer orig.Close()
	if err := orig.SetDefinedName(&excelize.DefinedName{Name: printTitles, RefersTo: "'Personal'!$1:$2", Scope: "Personal"}); err != nil {
		t.Fatal(err)
	}
	a3 := 8
	if err := orig.SetPageLayout("Drift", &excelize.PageLayoutOptions{Size: &a3}); err != nil {
		t.Fatal(err)
	}
	if err := orig.Save(); err != nil {
		t.Fatal(err)
	}
	r := check.File(s, name, check.Options{KeepTables: true})
	data, err := buildFeedback(r, rules.Swedish, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	titles := map[string]string{}
	names := map[string]string{}
	for _, dn := range f.GetDefinedName() {
		names[dn.Name+"@"+dn.Scope] = dn.RefersTo
		if dn.Name == printTitles {
			titles[dn.Scope] = dn.RefersTo
		}
	}
	for _, dn := range orig.GetDefinedName() {
		if got := names[dn.Name+"@"+dn.Scope]; got != dn.RefersTo {
			t.Errorf("defined name %s@%s = %q, want the department's %q", dn.Name, dn.Scope, got, dn.RefersTo)
		}
	}
	for _, sheet := range f.GetSheetList() {
		pl, err := f.GetPageLayout(sheet)
		if err != nil {
			t.Fatal(err)
		}
		if pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 || pl.FitToHeight == nil || *pl.FitToHeight != 0 {
			t.Errorf("%s: page layout %v %v %v, want landscape, 1 page wide, any length", sheet, pl.Orientation, pl.FitToWidth, pl.FitToHeight)
		}
		if want := map[bool]int{true: a3, false: paperA4}[sheet == "Drift"]; pl.Size == nil || *pl.Size != want {
			t.Errorf("%s: paper size %v, want %d", sheet, pl.Size, want)
		}
		props, _ := f.GetSheetProps(sheet)
		if props.FitToPage == nil || !*props.FitToPage {
			t.Errorf("%s: fit to page not set", sheet)
		}
		hf, _ := f.GetHeaderFooter(sheet)
		if hf == nil || hf.OddHeader != "&CÅterkoppling – Kommunstyrelsen – Helår 2023" || !strings.Contains(hf.OddFooter, "Sida &P av &N") {
			t.Errorf("%s: header and footer %+v", sheet, hf)
		}
		if sheet == "Info" || sheet == feedbackSheet {
			continue
		}
		was, _ := orig.GetRows(sheet, excelize.Options{RawCellValue: true})
		got, _ := f.GetRows(sheet, excelize.Options{RawCellValue: true})
		if !slices.EqualFunc(got, was, slices.Equal) {
			t.Errorf("%s changed its values", sheet)
		}
	}
	wants := map[string]string{feedbackSheet: "'Återkoppling'!$", "Drift": "'Drift'!$", "Personal": "'Personal'!$1:$2"}
	for sheet, want := range wants {
		if !strings.HasPrefix(titles[sheet], want) {
			t.Errorf("%s: print titles %q, want %q…", sheet, titles[sheet], want)
		}
	}
	if _, ok := titles["Info"]; ok {
		t.Errorf("Info (label and value, no header) has print titles %q", titles["Info"])
	}
	hrow := strconv.Itoa(r.Tables["Drift"].HeaderRow)
	if titles["Drift"] != "'Drift'!$"+hrow+":$"+hrow {
		t.Errorf("Drift print titles %q, want its header row %s", titles["Drift"], hrow)
	}
}

// TestFeedbackTitleWithoutDepartment: a workbook without Nämnd is titled
// by its file name in the list, its header and its document title.
func TestFeedbackTitleWithoutDepartment(t *testing.T) {
	wb := fixtures.Kommunstyrelsen()
	info := &wb.Sheets[0]
	info.Rows = slices.DeleteFunc(info.Rows, func(row []any) bool { return row[0] == "Nämnd" })
	name := filepath.Join(t.TempDir(), "utan-namnd.xlsx")
	if err := wb.WriteFile(name); err != nil {
		t.Fatal(err)
	}
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	r := check.File(s, name, check.Options{KeepTables: true})
	data, err := buildFeedback(r, rules.Swedish, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "fb.xlsx")
	os.WriteFile(out, data, 0o644)
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if v, _ := f.GetCellValue(feedbackSheet, "A1"); v != "Återkoppling: utan-namnd.xlsx, Helår 2023" {
		t.Errorf("title %q", v)
	}
	if hf, _ := f.GetHeaderFooter("Drift"); hf == nil || hf.OddHeader != "&CÅterkoppling – utan-namnd.xlsx – Helår 2023" {
		t.Errorf("header %+v", hf)
	}
	if p, _ := f.GetDocProps(); p.Title != "Återkoppling: utan-namnd.xlsx, Helår 2023" {
		t.Errorf("document title %q", p.Title)
	}
}

// TestFeedbackChartSheet: a department's chart sheet, which has no page
// setup of a worksheet, is kept as it is and does not stop the feedback
// workbook.
func TestFeedbackChartSheet(t *testing.T) {
	name := filepath.Join(t.TempDir(), "ks.xlsx")
	if err := fixtures.Kommunstyrelsen().WriteFile(name); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.AddChartSheet("Diagram", &excelize.Chart{Type: excelize.Col,
		Series: []excelize.ChartSeries{{Name: "Drift!$C$3", Categories: "Drift!$A$4:$A$8", Values: "Drift!$C$4:$C$8"}}}); err != nil {
		t.Fatal(err)
	}
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	r := check.File(s, name, check.Options{KeepTables: true})
	data, err := buildFeedback(r, rules.Swedish, time.Time{})
	if err != nil {
		t.Fatalf("buildFeedback: %v", err)
	}
	out, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if !slices.Contains(out.GetSheetList(), "Diagram") {
		t.Errorf("the chart sheet is gone: %q", out.GetSheetList())
	}
	if pl, err := out.GetPageLayout("Drift"); err != nil || pl.Orientation == nil || *pl.Orientation != "landscape" {
		t.Errorf("Drift page layout %v %v", pl.Orientation, err)
	}
}

func TestTextLines(t *testing.T) {
	width := 10.0
	per := int(width*charsPerWidth) - 1 // characters on a line of width 10
	for _, tt := range []struct {
		text string
		want int
	}{
		{"", 1},
		{"kort", 1},
		{strings.Repeat("a", per), 1},
		{strings.Repeat("a", per+1), 2}, // one long word breaks anywhere
		{strings.Repeat("a", per-2) + " bb", 2},
		{"en\ntvå", 2},
		{"a\n\nb", 3},
	} {
		if got := textLines(tt.text, 10); got != tt.want {
			t.Errorf("textLines(%q, 10) = %d, want %d", tt.text, got, tt.want)
		}
	}
}
