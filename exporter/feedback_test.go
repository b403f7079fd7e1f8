package exporter

import (
	"archive/zip"
	"bytes"
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// departmentWithViews writes Kommunstyrelsen's workbook as a department
// might leave it: Drift the active (selected) sheet, a print area local
// to Drift and one local to the last sheet, so that the feedback sheet put
// in front must leave them on their sheets.
func departmentWithViews(t *testing.T) string {
	t.Helper()
	name := filepath.Join(t.TempDir(), "ks.xlsx")
	if err := fixtures.Kommunstyrelsen().WriteFile(name); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sheets := f.GetSheetList()
	last := sheets[len(sheets)-1]
	for _, dn := range []excelize.DefinedName{
		{Name: "_xlnm.Print_Area", RefersTo: "Drift!$A$1:$H$30", Scope: "Drift"},
		{Name: "_xlnm.Print_Area", RefersTo: "'" + last + "'!$A$1:$C$3", Scope: last},
		{Name: "Budgetram", RefersTo: "Drift!$D$5"},
	} {
		if err := f.SetDefinedName(&dn); err != nil {
			t.Fatal(err)
		}
	}
	idx, _ := f.GetSheetIndex("Drift")
	f.SetActiveSheet(idx)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	return name
}

// selectedSheets lists the worksheet parts of a workbook whose XML marks
// a view as selected.
func selectedSheets(t *testing.T, data []byte) []string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	sel := regexp.MustCompile(`tabSelected="(1|true)"`)
	var out []string
	for _, zf := range zr.File {
		if !strings.HasPrefix(zf.Name, "xl/worksheets/") || !strings.HasSuffix(zf.Name, ".xml") {
			continue
		}
		rc, _ := zf.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		if sel.Match(b) {
			out = append(out, zf.Name)
		}
	}
	return out
}

// TestFeedbackWorkbook builds a feedback workbook three ways: by package
// surgery (buildFeedback), and on the excelize path that is its fallback,
// with the sheets patched before excelize reads them and, with the
// sheets' parts unknown, by excelize alone. All must put Återkoppling first, active and
// alone selected, keep every value, sheet-local name and marking, and
// record every sheet's used range.
func TestFeedbackWorkbook(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	name := departmentWithViews(t)
	orig, err := excelize.OpenFile(name, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer orig.Close()
	r := check.File(s, name, check.Options{})
	if r.Findings.Count(rules.Error) == 0 || len(r.Parts) == 0 {
		t.Fatalf("the check found no errors or no parts: %d errors, parts %v", r.Findings.Count(rules.Error), r.Parts)
	}
	slow := *r
	slow.Parts = nil
	books := map[string][]byte{}
	data, err := buildFeedback(r, rules.Swedish, time.Time{})
	if err != nil {
		t.Fatalf("surgery: %v", err)
	}
	books["surgery"] = data
	for way, res := range map[string]*check.Submission{"patched": r, "excelize": &slow} {
		in, err := readChecked(res)
		if err != nil {
			t.Fatal(err)
		}
		f, err := openData(in)
		if err != nil {
			t.Fatal(err)
		}
		if books[way], err = markOpened(f, in, res, rules.Swedish, time.Time{}); err != nil {
			t.Fatalf("%s: %v", way, err)
		}
	}
	var dims [3][]string
	for i, way := range []string{"surgery", "patched", "excelize"} {
		data := books[way]
		f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("%s: %v", way, err)
		}
		defer f.Close()
		sheets := f.GetSheetList()
		if want := append([]string{feedbackSheet}, orig.GetSheetList()...); !slices.Equal(sheets, want) {
			t.Errorf("%s: sheets %q, want %q", way, sheets, want)
		}
		if got := f.GetActiveSheetIndex(); got != 0 {
			t.Errorf("%s: active sheet %d, want 0", way, got)
		}
		if got := selectedSheets(t, data); len(got) != 1 {
			t.Errorf("%s: selected sheets %q, want only the feedback sheet", way, got)
		}
		var names []string
		for _, dn := range f.GetDefinedName() {
			if dn.Scope != feedbackSheet { // its own autofilter range
				names = append(names, dn.Name+"@"+dn.Scope+"="+dn.RefersTo)
			}
		}
		var want []string
		for _, dn := range orig.GetDefinedName() {
			want = append(want, dn.Name+"@"+dn.Scope+"="+dn.RefersTo)
		}
		if !slices.Equal(names, want) {
			t.Errorf("%s: defined names %q, want %q", way, names, want)
		}
		for _, sheet := range orig.GetSheetList() {
			got, _ := f.GetRows(sheet, excelize.Options{RawCellValue: true})
			was, _ := orig.GetRows(sheet, excelize.Options{RawCellValue: true})
			if !slices.EqualFunc(got, was, slices.Equal) {
				t.Errorf("%s: sheet %s changed its values", way, sheet)
			}
			dim, _ := f.GetSheetDimension(sheet)
			if len(was) > 1 && !strings.Contains(dim, ":") {
				t.Errorf("%s: sheet %s has dimension %q", way, sheet, dim)
			}
			dims[i] = append(dims[i], sheet+"="+dim)
		}
		id, _ := f.GetCellStyle("Drift", "F19")
		st, _ := f.GetStyle(id)
		if len(st.Fill.Color) == 0 || st.Fill.Color[0] != "FFC7CE" {
			t.Errorf("%s: Drift!F19 not filled red: %v", way, st.Fill.Color)
		}
		cs, _ := f.GetComments("Drift")
		if !slices.ContainsFunc(cs, func(c excelize.Comment) bool { return c.Cell == "F19" }) {
			t.Errorf("%s: no comment on Drift!F19", way)
		}
	}
	if !slices.Equal(dims[0], dims[2]) || !slices.Equal(dims[1], dims[2]) {
		t.Errorf("dimensions differ:\nsurgery  %q\npatched  %q\nexcelize %q", dims[0], dims[1], dims[2])
	}
}

func TestPatchHead(t *testing.T) {
	const data = `<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>tabSelected="1" &lt;dimension ref="A1"/&gt;</t></is></c></row></sheetData></worksheet>`
	for _, c := range []struct {
		name, in, ref, want string
		headOK, dimOK       bool
	}{
		{"excel", `<worksheet><dimension ref="A1"/><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>`, "A1:F30",
			`<worksheet><dimension ref="A1:F30"/><sheetViews><sheetView tabSelected="0" workbookViewId="0"/></sheetViews>`, true, true},
		{"excelize", `<worksheet><dimension ref="A1"></dimension><sheetViews><sheetView tabSelected="true" workbookViewId="0"></sheetView></sheetViews>`, "A1:B2",
			`<worksheet><dimension ref="A1:B2"></dimension><sheetViews><sheetView tabSelected="0" workbookViewId="0"></sheetView></sheetViews>`, true, true},
		{"prefixed, single quotes, spaces", `<x:worksheet><x:dimension  ref = 'B2:C3' /><x:sheetViews><x:sheetView tabSelected = '1'/></x:sheetViews>`, "A1:C9",
			`<x:worksheet><x:dimension  ref="A1:C9" /><x:sheetViews><x:sheetView tabSelected="0"/></x:sheetViews>`, true, true},
		{"not selected, no ref wanted", `<worksheet><dimension ref="A1"/><sheetViews><sheetView tabSelected="0"/></sheetViews>`, "",
			`<worksheet><dimension ref="A1"/><sheetViews><sheetView tabSelected="0"/></sheetViews>`, true, false},
		{"no dimension", `<worksheet><sheetViews><sheetView tabSelected="1"/></sheetViews>`, "A1:B2",
			`<worksheet><dimension ref="A1:B2"/><sheetViews><sheetView tabSelected="0"/></sheetViews>`, true, true},
		{"no dimension, sheetPr", `<worksheet xmlns="m"><sheetPr><tabColor rgb="FF0000"/></sheetPr><sheetViews/>`, "A1:B2",
			`<worksheet xmlns="m"><sheetPr><tabColor rgb="FF0000"/></sheetPr><dimension ref="A1:B2"/><sheetViews/>`, true, true},
		{"no dimension, prefixed, empty sheetPr", `<x:worksheet xmlns:x="m"><x:sheetPr/><x:sheetViews/>`, "A1:B2",
			`<x:worksheet xmlns:x="m"><x:sheetPr/><x:dimension ref="A1:B2"/><x:sheetViews/>`, true, true},
		{"no dimension, no ref wanted", `<worksheet><sheetViews/>`, "", `<worksheet><sheetViews/>`, true, false},
		{"no worksheet element", `<sheetViews/>`, "A1:B2", `<sheetViews/>`, true, false},
		{"dimension without ref", `<worksheet><dimension/>`, "A1:B2", `<worksheet><dimension/>`, true, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			out, headOK, dimOK := patchHead([]byte(c.in+data), c.ref)
			if headOK != c.headOK || dimOK != c.dimOK || string(out) != c.want+data {
				t.Errorf("patchHead = %v %v\n%s\nwant %v %v\n%s", headOK, dimOK, out, c.headOK, c.dimOK, c.want+data)
			}
		})
	}
	if out, headOK, _ := patchHead([]byte(`<chartsheet><sheetViews><sheetView tabSelected="1"/></sheetViews></chartsheet>`), "A1:B2"); headOK || out != nil {
		t.Errorf("a sheet without cell data was patched: %s", out)
	}
}
