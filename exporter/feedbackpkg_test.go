package exporter

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"slices"
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

// hostileFile writes Kommunstyrelsen's workbook with its entries passed
// through edit, and checks it.
func hostileFile(t *testing.T, edit func([]fixtures.Entry) []fixtures.Entry) *check.Submission {
	t.Helper()
	data, err := fixtures.KommunstyrelsenBytes()
	if err != nil {
		t.Fatal(err)
	}
	entries, err := fixtures.Entries(data)
	if err != nil {
		t.Fatal(err)
	}
	if data, err = fixtures.Zip(edit(entries)); err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "ks.xlsx")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	return check.File(s, name, check.Options{KeepTables: true})
}

func replaceIn(part, old, new string) func([]fixtures.Entry) []fixtures.Entry {
	return func(es []fixtures.Entry) []fixtures.Entry {
		return fixtures.Edit(es, part, func(s string) string { return strings.Replace(s, old, new, 1) })
	}
}

// zipNames lists the entries of an archive, and the text of those named.
func zipNames(t *testing.T, data []byte, read ...string) ([]string, map[string]string) {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	texts := map[string]string{}
	for _, zf := range zr.File {
		names = append(names, zf.Name)
		if slices.Contains(read, zf.Name) {
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			texts[zf.Name] = string(b)
		}
	}
	return names, texts
}

func openBook(t *testing.T, data []byte) *excelize.File {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data), excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatalf("the feedback workbook does not open: %v", err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// marked reports whether a cell is filled with color and has a comment.
func marked(t *testing.T, f *excelize.File, sheet, cell, color string) {
	t.Helper()
	id, _ := f.GetCellStyle(sheet, cell)
	st, _ := f.GetStyle(id)
	if st == nil || len(st.Fill.Color) == 0 || st.Fill.Color[0] != color {
		t.Errorf("%s!%s not filled %s", sheet, cell, color)
	}
	cs, _ := f.GetComments(sheet)
	if !slices.ContainsFunc(cs, func(c excelize.Comment) bool { return c.Cell == cell }) {
		t.Errorf("no comment on %s!%s", sheet, cell)
	}
}

const (
	vbaRel  = `<Relationship Id="rIdVBA" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>`
	macroCT = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"
)

// TestFeedbackHostilePackage: entries no relationship reaches, unsafe
// names, a part packed twice and the VBA project of a macro workbook stay
// out of the feedback workbook, which opens as a plain .xlsx with the
// findings marked.
func TestFeedbackHostilePackage(t *testing.T) {
	r := hostileFile(t, func(es []fixtures.Entry) []fixtures.Entry {
		for _, e := range es {
			if e.Name == "xl/worksheets/sheet5.xml" { // Drift, again
				es = append(es, e)
				break
			}
		}
		es = replaceIn("xl/_rels/workbook.xml.rels", "</Relationships>", vbaRel+"</Relationships>")(es)
		es = replaceIn("[Content_Types].xml", "</Types>", `<Override PartName="/xl/vbaProject.bin" ContentType="application/vnd.ms-office.vbaProject"/><Override PartName="/xl/ovan.xml" ContentType="application/xml"/></Types>`)(es)
		es = replaceIn("[Content_Types].xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml", macroCT)(es)
		return append(es,
			fixtures.Entry{Name: "../../ovan.xml", Data: "<x/>"},
			fixtures.Entry{Name: "/xl/absolut.xml", Data: "<x/>"},
			fixtures.Entry{Name: "xl/ovan.xml", Data: "<x/>"}, // no relationship reaches it
			fixtures.Entry{Name: "xl/vbaProject.bin", Data: "\xd0\xcf\x11\xe0 makro"})
	})
	if !slices.ContainsFunc(r.Findings, func(f rules.Finding) bool { return f.Rule == string(importer.DuplicatePart) }) {
		t.Errorf("no %s finding: %v", importer.DuplicatePart, r.Findings)
	}
	data, err := buildFeedback(r, rules.Swedish, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	names, texts := zipNames(t, data, "[Content_Types].xml", "xl/_rels/workbook.xml.rels")
	for _, bad := range []string{"../../ovan.xml", "/xl/absolut.xml", "xl/absolut.xml", "xl/ovan.xml", "xl/vbaProject.bin"} {
		if slices.Contains(names, bad) {
			t.Errorf("%s copied into the feedback workbook", bad)
		}
	}
	for _, n := range names {
		if strings.Contains(n, "..") || strings.HasPrefix(n, "/") || strings.Contains(strings.ToLower(n), "vba") {
			t.Errorf("unsafe entry %q", n)
		}
	}
	if sorted := slices.Sorted(slices.Values(names)); len(slices.Compact(sorted)) != len(names) {
		t.Errorf("an entry appears twice: %q", names)
	}
	if ct := texts["[Content_Types].xml"]; strings.Contains(ct, "macroEnabled") || strings.Contains(ct, "vbaProject.bin") || strings.Contains(ct, "ovan.xml") {
		t.Errorf("content types still name macros or dropped parts: %s", ct)
	}
	if rels := texts["xl/_rels/workbook.xml.rels"]; strings.Contains(rels, "vbaProject") || !strings.Contains(rels, "styles.xml") {
		t.Errorf("workbook relationships: %s", rels)
	}
	f := openBook(t, data)
	marked(t, f, "Drift", "F19", "FFC7CE")
	if got := f.GetSheetList(); len(got) != 13 || got[0] != feedbackSheet {
		t.Errorf("sheets %q", got)
	}
}

// TestFeedbackControlCharacters: a part holding a control character or
// invalid UTF-8 is not well-formed XML. In a part the check reads (a
// sheet, the shared strings, the workbook) the file is unreadable, as
// Excel calls it corrupt, and gets no feedback workbook; in a part only
// excelize reads (the theme), which excelize refuses, the feedback
// workbook is still made, with that part made well-formed.
func TestFeedbackControlCharacters(t *testing.T) {
	const drift, strs, theme = "xl/worksheets/sheet5.xml", "xl/sharedStrings.xml", "xl/theme/theme1.xml"
	const c4 = `<c r="C4"><v>-56174</v></c>`
	for _, tt := range []struct {
		name, part, old, new string
		unreadable           string // the character the check names, when it refuses the file
	}{
		{"control character in a number cell", drift, c4, "<c r=\"C4\" t=\"inlineStr\"><is><t>12\x01ab</t></is></c>", "U+0001"},
		{"invalid UTF-8 in a number cell", drift, c4, "<c r=\"C4\" t=\"inlineStr\"><is><t>12\xffab</t></is></c>", "UTF-8"},
		{"U+FFFF in a number cell", drift, c4, "<c r=\"C4\" t=\"inlineStr\"><is><t>12\uFFFFab</t></is></c>", "U+FFFF"},
		{"control character in the department", strs, "<t>Kommunstyrelsen</t>", "<t>Kommun\x02styrelsen</t>", "U+0002"},
		{"invalid UTF-8 in a text cell", strs, "<t>Ekonomichef, kommunstyrelseförvaltningen</t>", "<t>Ekonomichef \xc3</t>", "UTF-8"},
		{"control character in a sheet name", "xl/workbook.xml", `name="Sammanfattning"`, "name=\"Samman\x01fattning\"", "U+0001"},
		{"control character in the theme", theme, "</a:theme>", "<a:x>\x01</a:x></a:theme>", ""},
		{"invalid UTF-8 in the theme", theme, "</a:theme>", "<a:x>\xff</a:x></a:theme>", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			r := hostileFile(t, replaceIn(tt.part, tt.old, tt.new))
			if tt.unreadable != "" {
				named := slices.ContainsFunc(r.Findings, func(f rules.Finding) bool {
					return f.Rule == string(importer.WorkbookUnusable) && f.Actual == tt.unreadable
				})
				if r.Status != rules.Unreadable || !named {
					t.Fatalf("status %s, findings %v; want unreadable, naming %s", r.Status, r.Findings, tt.unreadable)
				}
				return
			}
			if r.Status == rules.Unreadable {
				t.Fatalf("the check could not read the file: %v", r.Findings)
			}
			data, err := buildFeedback(r, rules.Swedish, time.Time{})
			if err != nil {
				t.Fatalf("buildFeedback: %v", err)
			}
			f := openBook(t, data)
			marked(t, f, "Drift", "F19", "FFC7CE")
			title, _ := f.GetCellValue(feedbackSheet, "A1")
			if !strings.HasPrefix(title, "Återkoppling: Kommun") {
				t.Errorf("title %q", title)
			}
		})
	}
}

func TestXMLSafe(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"", ""},
		{"ren text åäö\t\r\n", "ren text åäö\t\r\n"},
		{"a\x00b\x1fc\x0bd", "abcd"},
		{"a\xffb\xc3", "a\uFFFDb\uFFFD"},
		{"a\uFFFEb\uFFFFc\uFFFDd", "abc\uFFFDd"},
	} {
		if got := string(xmlSafe([]byte(tt.in))); got != tt.want {
			t.Errorf("xmlSafe(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// consolidateOne runs Consolidate over one checked file and returns the
// manifest and the folder.
func consolidateOne(t *testing.T, r *check.Submission) (Manifest, string) {
	t.Helper()
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "ut")
	m, err := Consolidate(out, Run{Spec: s, Results: []*check.Submission{r}, Version: "test", Workers: 1}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	return m, out
}

// TestFeedbackNotMade: a file replaced after it was checked, and a
// workbook of 20,000 sheet entries, get no feedback workbook but a text
// saying why, and a line in the manifest for the log.
func TestFeedbackNotMade(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	many, err := fixtures.ManySheets(20000)
	if err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(inlamnatDir, "grundskolenamnden-2023.xlsx")
	for _, tt := range []struct {
		name   string
		data   func() []byte
		after  func(t *testing.T, file string) // between the check and the feedback
		reason string
		text   []string
	}{
		{"replaced during the run", func() []byte { b, _ := fixtures.KommunstyrelsenBytes(); return b },
			func(t *testing.T, file string) {
				b, err := os.ReadFile(other)
				if err != nil {
					t.Fatal(err)
				}
				os.WriteFile(file, b, 0o644)
			},
			"the file changed during the run", []string{"Ingen återkopplingsarbetsbok gjordes: Filen ändrades", "Kör sammanställningen igen."}},
		{"removed during the run", func() []byte { b, _ := fixtures.KommunstyrelsenBytes(); return b },
			func(t *testing.T, file string) { os.Remove(file) },
			"the file changed during the run", []string{"Filen ändrades eller flyttades"}},
		{"a workbook part that is no XML", func() []byte {
			b, _ := fixtures.KommunstyrelsenBytes()
			es, _ := fixtures.Entries(b)
			b, _ = fixtures.Zip(replaceIn("[Content_Types].xml", `<Default`, "<Default\x00 <<")(es))
			return b
		}, func(*testing.T, string) {},
			"XML syntax error", []string{"Ingen återkopplingsarbetsbok gjordes: rapportkoll kunde inte skriva in markeringarna i er arbetsbok (XML syntax error"}},
		{"20,000 sheet entries", func() []byte { return many }, func(*testing.T, string) {},
			"more sheets than are read", []string{"Ingen återkopplingsarbetsbok gjordes: Arbetsboken har fler blad"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			file := filepath.Join(t.TempDir(), "ks.xlsx")
			if err := os.WriteFile(file, tt.data(), 0o644); err != nil {
				t.Fatal(err)
			}
			r := check.File(s, file, check.Options{KeepTables: true})
			if r.Status == rules.Unreadable {
				t.Fatalf("unreadable: %v", r.Findings)
			}
			tt.after(t, file)
			m, out := consolidateOne(t, r)
			base := "feedback/" + r.Department
			if _, err := os.Stat(filepath.Join(out, base+".xlsx")); err == nil {
				t.Error("a feedback workbook was written")
			}
			text, err := os.ReadFile(filepath.Join(out, base+".txt"))
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.text {
				if !strings.Contains(string(text), w) {
					t.Errorf("the text lacks %q:\n%s", w, text)
				}
			}
			if len(m.NoFeedback) != 1 || m.NoFeedback[0].File != "ks.xlsx" || !strings.Contains(m.NoFeedback[0].Reason, tt.reason) {
				t.Errorf("manifest NoFeedback = %+v, want ks.xlsx: %s", m.NoFeedback, tt.reason)
			}
			var onDisk Manifest
			b, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
			if err := json.Unmarshal(b, &onDisk); err != nil || len(onDisk.NoFeedback) != 1 {
				t.Errorf("manifest.json no_feedback_workbook: %v %s", err, b)
			}
		})
	}
	// An unchanged file gets its workbook and no line.
	file := filepath.Join(t.TempDir(), "ks.xlsx")
	b, _ := fixtures.KommunstyrelsenBytes()
	os.WriteFile(file, b, 0o644)
	m, out := consolidateOne(t, check.File(s, file, check.Options{KeepTables: true}))
	if _, err := os.Stat(filepath.Join(out, "feedback", "Kommunstyrelsen.xlsx")); err != nil || len(m.NoFeedback) != 0 {
		t.Errorf("unchanged file: %v, NoFeedback %+v", err, m.NoFeedback)
	}
}

const inlamnatDir = "../fixtures/inlamnat"

// TestFeedbackManySheetsLinear builds the feedback workbook of a workbook
// listing 5,000 sheets beyond the template (past the check's limit, so
// the check names no part for them): every sheet's head is patched from
// the package's own relationships, read once, not looked up through
// excelize sheet by sheet, which took minutes at this size. The extra
// sheets' part gets its used range.
func TestFeedbackManySheetsLinear(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	data, err := fixtures.ManySheets(5000)
	if err != nil {
		t.Fatal(err)
	}
	file := filepath.Join(t.TempDir(), "m.xlsx")
	os.WriteFile(file, data, 0o644)
	r := check.File(s, file, check.Options{})
	r.Findings = slices.DeleteFunc(r.Findings, func(f rules.Finding) bool { return f.Rule == string(importer.TooManySheets) })
	parts := sheetParts(mustOpen(t, file), r.Parts)
	if len(r.Parts) != 1000 || len(parts) != 5012 || parts["Extra4999"] != "xl/worksheets/extra.xml" || parts["Drift"] != r.Parts["Drift"] {
		t.Fatalf("parts: check %d, completed %d, Extra4999 %q", len(r.Parts), len(parts), parts["Extra4999"])
	}
	out, err := buildFeedback(r, rules.Swedish, time.Time{})
	if err != nil {
		t.Fatal(err)
	}
	_, texts := zipNames(t, out, "xl/worksheets/extra.xml")
	if !strings.Contains(texts["xl/worksheets/extra.xml"], `<dimension ref="A1:A1"/>`) {
		t.Errorf("extra sheet not patched: %.200s", texts["xl/worksheets/extra.xml"])
	}
}

func mustOpen(t *testing.T, file string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(file)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}
