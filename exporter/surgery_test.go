package exporter

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/fixtures/soffice"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// surgeryOf checks the workbook at path and makes its feedback workbook by
// package surgery, failing the test when the surgery falls back.
func surgeryOf(t testing.TB, path string) (*check.Submission, []byte, []byte) {
	t.Helper()
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	r := check.File(s, path, check.Options{KeepTables: true})
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out, err := surgery(data, r, rules.Swedish, time.Time{})
	if err != nil {
		t.Fatalf("surgery(%s) = %v, want a workbook", filepath.Base(path), err)
	}
	return r, data, out
}

// readableFixtures are the shipped department workbooks the check reads.
var readableFixtures = []string{"kommunstyrelsen-2023.xlsx", "grundskolenamnden-2023.xlsx", "kultur-och-fritidsnamnden-2023.xlsx"}

// TestSurgeryFixtures: for every readable fixture and its copy saved by
// LibreOffice, the surgery's feedback workbook read by excelize has every
// original cell value, the fills and comments on the findings' cells and
// Återkoppling first and active; the parts it does not rewrite are the
// input's entries byte for byte; LibreOffice opens it.
func TestSurgeryFixtures(t *testing.T) {
	type input struct{ name, path string }
	var inputs []input
	for _, file := range readableFixtures {
		inputs = append(inputs, input{file, filepath.Join(inlamnatDir, file)})
	}
	if !testing.Short() {
		for _, file := range readableFixtures {
			inputs = append(inputs, input{file + " saved by LibreOffice", soffice.Convert(t, filepath.Join(inlamnatDir, file))})
		}
	}
	for _, in := range inputs {
		t.Run(in.name, func(t *testing.T) {
			r, data, out := surgeryOf(t, in.path)
			checkValues(t, data, out)
			checkMarks(t, r, out)
			checkRawCopies(t, data, out)
			if !testing.Short() {
				checkLibreOffice(t, data, out, r)
			}
		})
	}
}

func openBytes(t testing.TB, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// checkValues compares every cell value and formula of the input's sheets
// with the output's.
func checkValues(t *testing.T, in, out []byte) {
	t.Helper()
	fi, fo := openBytes(t, in), openBytes(t, out)
	defer fi.Close()
	defer fo.Close()
	for _, sheet := range fi.GetSheetList() {
		want, err := fi.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		got, err := fo.GetRows(sheet, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatalf("GetRows(%s) of the feedback workbook: %v", sheet, err)
		}
		for len(got) > len(want) && len(got[len(got)-1]) == 0 {
			got = got[:len(got)-1] // a row added only for a mark's style
		}
		if len(got) != len(want) {
			t.Fatalf("%s has %d rows, want %d", sheet, len(got), len(want))
		}
		for i := range want {
			if !slices.Equal(trimRight(got[i]), trimRight(want[i])) {
				t.Errorf("%s row %d = %q, want %q", sheet, i+1, got[i], want[i])
			}
		}
	}
}

func trimRight(row []string) []string {
	for len(row) > 0 && row[len(row)-1] == "" {
		row = row[:len(row)-1]
	}
	return row
}

// checkMarks looks for the fill and the comment of every finding on a
// cell, and the list first and active.
func checkMarks(t *testing.T, r *check.Submission, out []byte) {
	t.Helper()
	f := openBytes(t, out)
	defer f.Close()
	if first := f.GetSheetList()[0]; first != feedbackSheet {
		t.Errorf("first sheet %q, want %q", first, feedbackSheet)
	}
	if got := f.GetActiveSheetIndex(); got != 0 {
		t.Errorf("active sheet %d, want 0", got)
	}
	comments := map[string]string{}
	worst := map[string]rules.Severity{}
	n := 0
	for _, fd := range r.Findings {
		if fd.Ref.Sheet == "" || fd.Ref.Row == 0 || fd.Ref.Col == 0 {
			continue
		}
		n++
		k := fd.Ref.Sheet + "!" + fd.Ref.Cell()
		if w, ok := worst[k]; !ok || fd.Severity < w {
			worst[k] = fd.Severity
		}
		if _, ok := comments[fd.Ref.Sheet]; !ok {
			cs, err := f.GetComments(fd.Ref.Sheet)
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range cs {
				comments[fd.Ref.Sheet+"!"+c.Cell] = commentText(c)
			}
			comments[fd.Ref.Sheet] = ""
		}
		if c := comments[k]; !strings.Contains(c, fd.Message) {
			t.Errorf("comment on %s = %q, want it to hold %q", k, c, fd.Message)
		}
	}
	if n == 0 {
		t.Log("no findings on cells")
	}
	for k, sev := range worst {
		sheet, cell, _ := strings.Cut(k, "!")
		id, err := f.GetCellStyle(sheet, cell)
		if err != nil {
			t.Fatal(err)
		}
		st, err := f.GetStyle(id)
		if err != nil {
			t.Fatal(err)
		}
		got := ""
		if len(st.Fill.Color) > 0 {
			got = st.Fill.Color[0]
		}
		if got == "" {
			got = fillRGB(t, out, id) // excelize gives no colours without a theme (LibreOffice writes none)
		}
		if want := fills[sev]; want != "" && !strings.EqualFold(got, want) {
			t.Errorf("fill of %s = %q, want %s (%v)", k, got, want, sev)
		}
	}
}

// rewritten are the parts the surgery may write anew; every other entry
// of the input must be copied raw.
func rewritten(name string) bool {
	return name == contentTypesPart || name == "xl/workbook.xml" || name == "xl/_rels/workbook.xml.rels" ||
		name == "xl/styles.xml" || name == "docProps/core.xml" ||
		strings.HasPrefix(name, "xl/chartsheets/sheet") || // a chart sheet selected
		strings.HasPrefix(name, "xl/worksheets/") // the sheets marked or laid out for print, and their .rels
}

// checkRawCopies compares the entries of in and out of the same name: one
// the surgery does not rewrite has the same CRC, sizes and compressed
// bytes.
func checkRawCopies(t *testing.T, in, out []byte) {
	t.Helper()
	zi, err := zip.NewReader(bytes.NewReader(in), int64(len(in)))
	if err != nil {
		t.Fatal(err)
	}
	zo, err := zip.NewReader(bytes.NewReader(out), int64(len(out)))
	if err != nil {
		t.Fatal(err)
	}
	outs := map[string]*zip.File{}
	for _, zf := range zo.File {
		outs[zf.Name] = zf
	}
	same := 0
	for _, zf := range zi.File {
		o, ok := outs[zf.Name]
		if !ok {
			t.Errorf("%s missing from the feedback workbook", zf.Name)
			continue
		}
		if rewritten(zf.Name) {
			continue
		}
		if o.CRC32 != zf.CRC32 || o.CompressedSize64 != zf.CompressedSize64 || o.Method != zf.Method {
			t.Errorf("%s: CRC %08x size %d method %d, want the input's %08x %d %d", zf.Name, o.CRC32, o.CompressedSize64, o.Method, zf.CRC32, zf.CompressedSize64, zf.Method)
			continue
		}
		if a, b := rawBytes(t, zf), rawBytes(t, o); !bytes.Equal(a, b) {
			t.Errorf("%s: compressed bytes differ", zf.Name)
		}
		same++
	}
	if same == 0 {
		t.Error("no part copied raw")
	}
}

func rawBytes(t *testing.T, zf *zip.File) []byte {
	t.Helper()
	rc, err := zf.OpenRaw()
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(rc)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// checkLibreOffice saves the feedback workbook through LibreOffice and
// compares every cell of the department's sheets with the input's saved
// the same way (so that both values went through the same writer), finds
// the list first and a comment on the first marked cell.
func checkLibreOffice(t *testing.T, in, out []byte, r *check.Submission) {
	t.Helper()
	dir := t.TempDir()
	inPath, outPath := filepath.Join(dir, "in.xlsx"), filepath.Join(dir, "feedback.xlsx")
	if err := os.WriteFile(inPath, in, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(outPath, out, 0o644); err != nil {
		t.Fatal(err)
	}
	open := func(path string) *excelize.File {
		f, err := excelize.OpenFile(soffice.Convert(t, path), excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	fi, fo := open(inPath), open(outPath)
	defer fi.Close()
	defer fo.Close()
	if first := fo.GetSheetList()[0]; first != feedbackSheet {
		t.Errorf("LibreOffice: first sheet %q, want %q", first, feedbackSheet)
	}
	if v, _ := fo.GetCellValue(feedbackSheet, "A1"); !strings.HasPrefix(v, "Återkoppling") {
		t.Errorf("LibreOffice: %s!A1 = %q, want the title", feedbackSheet, v)
	}
	for _, sheet := range fi.GetSheetList() {
		want, _ := fi.GetRows(sheet, excelize.Options{RawCellValue: true})
		got, _ := fo.GetRows(sheet, excelize.Options{RawCellValue: true})
		for i := range max(len(want), len(got)) {
			var w, g []string
			if i < len(want) {
				w = trimRight(want[i])
			}
			if i < len(got) {
				g = trimRight(got[i])
			}
			if !slices.Equal(g, w) {
				t.Errorf("LibreOffice: %s row %d = %q, want %q", sheet, i+1, g, w)
			}
		}
	}
	for _, fd := range r.Findings {
		if fd.Ref.Row == 0 || fd.Ref.Col == 0 {
			continue
		}
		cs, _ := fo.GetComments(fd.Ref.Sheet)
		if !slices.ContainsFunc(cs, func(c excelize.Comment) bool { return c.Cell == fd.Ref.Cell() }) {
			t.Errorf("LibreOffice: no comment on %s!%s", fd.Ref.Sheet, fd.Ref.Cell())
		}
		break
	}
}

// TestSurgeryHostile: entries with unsafe names (../, absolute), entries
// no relationship reaches and the VBA project are never copied by the
// surgery; a part packed twice makes it fall back to excelize, whose
// workbook holds each part once.
func TestSurgeryHostile(t *testing.T) {
	hostile := func(es []fixtures.Entry) []fixtures.Entry {
		es = replaceIn("xl/_rels/workbook.xml.rels", "</Relationships>", vbaRel+
			`<Relationship Id="rIdUp" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="../../ovan.xml"/>`+
			`<Relationship Id="rIdAbs" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml" Target="/xl/absolut.xml"/>`+
			"</Relationships>")(es)
		es = replaceIn("[Content_Types].xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", macroCT)(es)
		return append(es,
			fixtures.Entry{Name: "../../ovan.xml", Data: "<x/>"},
			fixtures.Entry{Name: "/xl/absolut.xml", Data: "<x/>"},
			fixtures.Entry{Name: "xl/ovan.xml", Data: "<x/>"},
			fixtures.Entry{Name: "xl/vbaProject.bin", Data: "\xd0\xcf\x11\xe0 makro"})
	}
	r := hostileFile(t, hostile)
	data, err := os.ReadFile(r.File)
	if err != nil {
		t.Fatal(err)
	}
	out, err := surgery(data, r, rules.Swedish, time.Time{})
	if err != nil {
		t.Fatalf("surgery = %v", err)
	}
	names, texts := zipNames(t, out, "[Content_Types].xml", "xl/_rels/workbook.xml.rels")
	for _, n := range names {
		if strings.Contains(n, "..") || strings.HasPrefix(n, "/") || strings.Contains(strings.ToLower(n), "vba") ||
			n == "xl/ovan.xml" || n == "xl/absolut.xml" {
			t.Errorf("entry %q copied", n)
		}
	}
	if rels := texts["xl/_rels/workbook.xml.rels"]; strings.Contains(rels, "ovan.xml") || strings.Contains(rels, "absolut") || strings.Contains(rels, "vba") {
		t.Errorf("relationships to parts not copied kept: %s", rels)
	}
	if ct := texts["[Content_Types].xml"]; strings.Contains(ct, "macroEnabled") {
		t.Errorf("content types name macros: %s", ct)
	}
	checkMarks(t, r, out)

	twice := hostileFile(t, func(es []fixtures.Entry) []fixtures.Entry {
		for _, e := range es {
			if e.Name == "xl/worksheets/sheet5.xml" {
				return append(es, e)
			}
		}
		t.Fatal("no sheet5")
		return nil
	})
	data, err = os.ReadFile(twice.File)
	if err != nil {
		t.Fatal(err)
	}
	var u errUnhandled
	if _, err := surgery(data, twice, rules.Swedish, time.Time{}); !errors.As(err, &u) {
		t.Fatalf("surgery of a part packed twice = %v, want errUnhandled", err)
	}
	out, err = feedbackFrom(data, twice, rules.Swedish, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	names, _ = zipNames(t, out)
	if sorted := slices.Sorted(slices.Values(names)); len(slices.Compact(sorted)) != len(names) {
		t.Errorf("an entry appears twice: %q", names)
	}
}

// fillRGB reads the fill colour of cell style id from styles.xml itself.
func fillRGB(t *testing.T, data []byte, id int) string {
	t.Helper()
	_, texts := zipNames(t, data, "xl/styles.xml")
	st := texts["xl/styles.xml"]
	xfs := regexp.MustCompile(`(?s)<cellXfs\b.*?</cellXfs>`).FindString(st)
	xf := regexp.MustCompile(`<xf\b[^>]*>`).FindAllString(xfs, -1)
	if id >= len(xf) {
		t.Fatalf("style %d of %d", id, len(xf))
	}
	fillID, _ := strconv.Atoi(attrOf([]byte(xf[id]), "fillId"))
	fills := regexp.MustCompile(`(?s)<fill>.*?</fill>`).FindAllString(regexp.MustCompile(`(?s)<fills\b.*?</fills>`).FindString(st), -1)
	if fillID >= len(fills) {
		t.Fatalf("fill %d of %d", fillID, len(fills))
	}
	m := regexp.MustCompile(`<fgColor rgb="(?:FF)?([0-9A-Fa-f]{6})"`).FindStringSubmatch(fills[fillID])
	if m == nil {
		return ""
	}
	return m[1]
}

// TestSurgeryKeepsWhatItDoesNotModel: a department's chart, chart sheet,
// conditional format, data validation and external link are carried over
// as they were (the chart's parts byte for byte), and the chart sheet the
// department left active is no longer selected.
func TestSurgeryKeepsWhatItDoesNotModel(t *testing.T) {
	path := filepath.Join(t.TempDir(), "ks.xlsx")
	if err := fixtures.Kommunstyrelsen().WriteFile(path); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(path)
	if err != nil {
		t.Fatal(err)
	}
	chart := &excelize.Chart{Type: excelize.Col, Series: []excelize.ChartSeries{{Name: "Drift!$C$3", Categories: "Drift!$A$4:$A$8", Values: "Drift!$C$4:$C$8"}}}
	red, err := f.NewConditionalStyle(&excelize.Style{Font: &excelize.Font{Color: "9C0006"}})
	if err != nil {
		t.Fatal(err)
	}
	dv := excelize.NewDataValidation(true)
	dv.Sqref = "G4:G20"
	if err := dv.SetRange(-1e9, 1e9, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween); err != nil {
		t.Fatal(err)
	}
	for _, step := range []error{
		f.AddChart("Drift", "J2", chart),
		f.AddChartSheet("Diagram", chart),
		f.SetConditionalFormat("Drift", "E4:E20", []excelize.ConditionalFormatOptions{{Type: "cell", Criteria: "<", Format: &red, Value: "0"}}),
		f.AddDataValidation("Drift", dv),
		f.SetCellHyperLink("Info", "B1", "https://example.org/anvisningar", "External"),
	} {
		if step != nil {
			t.Fatal(step)
		}
	}
	idx, _ := f.GetSheetIndex("Diagram")
	f.SetActiveSheet(idx)
	if err := f.Save(); err != nil {
		t.Fatal(err)
	}
	f.Close()

	raw, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	es, err := fixtures.Entries(raw)
	if err != nil {
		t.Fatal(err)
	}
	es = fixtures.Edit(es, "xl/chartsheets/sheet13.xml", func(s string) string {
		return regexp.MustCompile(`<sheetView\b`).ReplaceAllString(s, `<sheetView tabSelected="1"`)
	})
	if raw, err = fixtures.Zip(es); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	r, data, out := surgeryOf(t, path)
	if !bytes.Contains(partText(t, data, "xl/chartsheets/sheet13.xml"), []byte(`tabSelected="1"`)) {
		t.Fatal("the chart sheet is not selected in the input")
	}
	checkValues(t, data, out)
	checkMarks(t, r, out)
	checkRawCopies(t, data, out)
	if sel := selectedSheets(t, out); len(sel) != 1 || bytes.Contains(partText(t, out, "xl/chartsheets/sheet13.xml"), []byte(`tabSelected="1"`)) {
		t.Errorf("selected sheets %v, want Återkoppling alone", sel)
	}
	names, _ := zipNames(t, out)
	for _, want := range []string{"xl/charts/chart1.xml", "xl/charts/chart2.xml", "xl/drawings/drawing1.xml", "xl/chartsheets/sheet13.xml"} {
		if !slices.Contains(names, want) {
			t.Errorf("%s missing", want)
		}
	}
	fi, fo := openBytes(t, data), openBytes(t, out)
	defer fi.Close()
	defer fo.Close()
	for _, get := range []func(*excelize.File) (any, error){
		func(f *excelize.File) (any, error) { return f.GetConditionalFormats("Drift") },
		func(f *excelize.File) (any, error) { return f.GetDataValidations("Drift") },
		func(f *excelize.File) (any, error) {
			ok, link, err := f.GetCellHyperLink("Info", "B1")
			return fmt.Sprint(ok, link), err
		},
	} {
		want, err1 := get(fi)
		got, err2 := get(fo)
		if g, w := jsonOf(t, got), jsonOf(t, want); err1 != nil || err2 != nil || g != w {
			t.Errorf("got %v (%v), want %v (%v)", got, err2, want, err1)
		}
	}
	if !testing.Short() {
		checkLibreOffice(t, data, out, r)
	}
}

func partText(t *testing.T, data []byte, name string) []byte {
	t.Helper()
	_, texts := zipNames(t, data, name)
	return []byte(texts[name])
}

func jsonOf(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestSurgeryReproducible: the same submission gives the same bytes.
func TestSurgeryReproducible(t *testing.T) {
	r, data, first := surgeryOf(t, filepath.Join(inlamnatDir, "kommunstyrelsen-2023.xlsx"))
	for range 3 {
		again, err := surgery(data, r, rules.Swedish, time.Time{})
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(again, first) {
			t.Fatal("two surgeries of one submission differ")
		}
	}
}

// TestSurgeryBrokenInputs: on every broken file of a real batch, and on
// the hostile workbooks, the surgery makes a workbook excelize opens, or
// says what it does not handle (then the excelize path decides), and never
// panics.
func TestSurgeryBrokenInputs(t *testing.T) {
	files, err := fixtures.Broken()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, kind := range []string{"chain", "strings", "bad"} {
		path := filepath.Join(dir, kind+".xlsx")
		if err := fixtures.HostileFile(path, kind, 2000); err != nil {
			t.Fatal(err)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		files["hostile-"+kind+".xlsx"] = data
	}
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range slices.Sorted(maps.Keys(files)) {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(dir, name)
			if err := os.WriteFile(path, files[name], 0o644); err != nil {
				t.Fatal(err)
			}
			r := check.File(s, path, check.Options{KeepTables: true})
			out, err := surgery(files[name], r, rules.Swedish, time.Time{})
			var u errUnhandled
			switch {
			case errors.As(err, &u):
				t.Logf("falls back: %v", err)
			case err != nil:
				t.Fatalf("surgery = %v, want a workbook or errUnhandled", err)
			default:
				f := openBytes(t, out)
				if first := f.GetSheetList()[0]; first != feedbackSheet {
					t.Errorf("first sheet %q", first)
				}
				f.Close()
			}
		})
	}
}

// TestSurgeryLargeList: a list of findings whose rows outgrow the memory
// of a rowSink (sinkMemory, then a temporary file) is written whole.
func TestSurgeryLargeList(t *testing.T) {
	r, data, _ := surgeryOf(t, filepath.Join(inlamnatDir, "kommunstyrelsen-2023.xlsx"))
	long := strings.Repeat("x<&", 10000) // 30,000 characters, some 90 kB escaped
	for i := range 120 {
		r.Findings = append(r.Findings, rules.Finding{Rule: fmt.Sprintf("test.rule%d", i), Severity: rules.Warning, Message: fmt.Sprintf("%d %s", i, long)})
	}
	out, err := surgery(data, r, rules.Swedish, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	f := openBytes(t, out)
	defer f.Close()
	rows, err := f.GetRows(f.GetSheetList()[0])
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, row := range rows {
		if len(row) > 3 && strings.HasSuffix(row[3], long) {
			n++
		}
	}
	if n != 120 {
		t.Errorf("%d of the 120 long findings listed (%d rows)", n, len(rows))
	}
}

// TestSurgeryVMLIds: the comments' drawings never share a block of shape
// ids with each other or with a drawing the department's workbook has (a
// form control's), and a sheet of more comments than a block holds gets
// more blocks.
func TestSurgeryVMLIds(t *testing.T) {
	marks := make([]cellMark, 1100)
	for i := range marks {
		marks[i] = cellMark{row: i + 1, col: 1, fs: rules.Findings{{Severity: rules.Error, Message: "m"}}}
	}
	n, err := notesXML(marks, 5, "Calibri", rules.Swedish)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(n.vml, []byte(`data="5,6"`)) {
		t.Errorf("1,100 comments from block 5: want the blocks 5,6")
	}
	seen := map[string]bool{}
	for _, m := range regexp.MustCompile(`_x0000_s(\d+)"`).FindAllSubmatch(n.vml, -1) {
		id, _ := strconv.Atoi(string(m[1]))
		if seen[string(m[1])] || id/1024 < 5 || id/1024 > 6 || id%1024 == 0 {
			t.Fatalf("shape id %d twice or outside the blocks 5 and 6", id)
		}
		seen[string(m[1])] = true
	}

	// a department workbook whose Uppdrag sheet (no findings) has a button
	f, err := excelize.OpenFile(filepath.Join(inlamnatDir, "kommunstyrelsen-2023.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	if err := f.AddFormControl("Uppdrag", excelize.FormControl{Cell: "H1", Type: excelize.FormControlButton, Text: "Knapp"}); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "med-knapp.xlsx")
	if err := f.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, _, out := surgeryOf(t, path)
	names, _ := zipNames(t, out)
	var vmls []string
	for _, name := range names {
		if strings.HasSuffix(name, ".vml") {
			vmls = append(vmls, name)
		}
	}
	_, texts := zipNames(t, out, vmls...)
	blocks, drawings := map[string]string{}, 0
	for _, name := range vmls {
		drawings++
		for _, m := range idmapData.FindAllStringSubmatch(texts[name], -1) {
			for _, b := range strings.Split(m[1], ",") {
				if other, ok := blocks[b]; ok {
					t.Errorf("block %s in %s and in %s", b, other, name)
				}
				blocks[b] = name
			}
		}
	}
	if drawings < 2 {
		t.Fatalf("%d VML drawings, want the button's and the comments'", drawings)
	}
}
