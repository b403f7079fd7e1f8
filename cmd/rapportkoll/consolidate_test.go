package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/fixtures"
)

// consolidate runs the command into a new folder and returns it.
func consolidate(t *testing.T, args ...string) (dir string, code int, stdout, stderr string) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "ut")
	code, stdout, stderr = runCLI(t, append([]string{"consolidate", "-o", dir}, args...)...)
	return dir, code, stdout, stderr
}

func openXLSX(t *testing.T, name string) *excelize.File {
	t.Helper()
	f, err := excelize.OpenFile(name, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	return f
}

// rowWith returns the first row of a sheet that starts with the cells want.
func rowWith(t *testing.T, f *excelize.File, sheet string, want ...string) []string {
	t.Helper()
	rows, err := f.GetRows(sheet, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if len(r) >= len(want) && strings.Join(r[:len(want)], "\x00") == strings.Join(want, "\x00") {
			return r
		}
	}
	t.Fatalf("%s: no row with %q", sheet, want)
	return nil
}

func TestConsolidateFixtures(t *testing.T) {
	before := hashes(t)
	dir, code, stdout, stderr := consolidate(t, inlamnat)
	if code != exitErrors {
		t.Fatalf("exit = %d, want 1; stderr:\n%s", code, stderr)
	}
	if hashes(t) != before {
		t.Error("consolidate modified the input files")
	}
	for _, want := range []string{"Kommunstyrelsen", "avvisad", "oläsbar", "godkänd", "Utdata i"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("summary lacks %q:\n%s", want, stdout)
		}
	}
	if strings.Contains(stderr, "\r[") {
		t.Error("progress bar written although stderr is not a terminal")
	}
	for _, name := range []string{"Sammanställning.xlsx", "report.json", "manifest.json", "feedback/Kommunstyrelsen.xlsx",
		"feedback/Kommunstyrelsen.txt", "feedback/trasig-losenord.txt"} {
		if _, err := os.Stat(filepath.Join(dir, name)); err != nil {
			t.Errorf("missing output %s", name)
		}
	}
	s := openXLSX(t, filepath.Join(dir, "Sammanställning.xlsx"))
	wantSheets := "Översikt Info Måluppfyllelse Indikatorer Uppdrag Drift Resultaträkning Investeringar Satsningar Extern finansiering Intern kontroll Personal Sammanfattning Fel och varningar Källor"
	if got := strings.Join(s.GetSheetList(), " "); got != wantSheets {
		t.Errorf("sheets = %s\nwant %s", got, wantSheets)
	}
	// Municipality total of Drift's root rows: the three departments' Resultat rows summed exactly.
	total := rowWith(t, s, "Drift", "Totalt", "Resultat")
	ks := rowWith(t, s, "Drift", "Kommunstyrelsen", "Resultat")
	gs := rowWith(t, s, "Drift", "Grundskolenämnden", "Resultat")
	kf := rowWith(t, s, "Drift", "Kultur- och fritidsnämnden", "Resultat")
	if got, want := total[3], sum(t, ks[3], gs[3], kf[3]); got != want {
		t.Errorf("Drift total Budget helår = %s, want %s", got, want)
	}
	if ks[len(ks)-1] != "kommunstyrelsen-2023.xlsx!Drift!A24" {
		t.Errorf("Källa = %q, want kommunstyrelsen-2023.xlsx!Drift!A24", ks[len(ks)-1])
	}
	ov := rowWith(t, s, "Översikt", "", "trasig-losenord.xlsx")
	if !strings.Contains(strings.Join(ov, "|"), "nej – oläsbar") {
		t.Errorf("Översikt row of an unreadable file = %q", ov)
	}
	// Internal control: total of samples across departments, share recomputed.
	ik := rowWith(t, s, "Intern kontroll", "Totalt", "Totalt")
	if ik[2] != "186" || ik[3] != "69" || ik[4] != "0.37" {
		t.Errorf("Intern kontroll total = %q, want 114+36+36 = 186 samples, 69 errors, 0.37 (69/186 = 37 %%)", ik)
	}
	checkFeedback(t, filepath.Join(dir, "feedback", "Kommunstyrelsen.xlsx"))
	txt, _ := os.ReadFile(filepath.Join(dir, "feedback", "Kommunstyrelsen.txt"))
	// in the workbook's tab order: Indikatorer comes before Drift
	if !strings.Contains(string(txt), "Att rätta (fel):\n1. Indikatorer!H7:") || !strings.Contains(string(txt), "\n4. Drift!F19:") {
		t.Errorf("feedback text:\n%s", txt)
	}
}

// TestConsolidateStrict: --strict leaves the rejected Kommunstyrelsen out
// of the totals, and says so in Översikt.
func TestConsolidateStrict(t *testing.T) {
	dir, _, _, _ := consolidate(t, "--strict", inlamnat)
	s := openXLSX(t, filepath.Join(dir, "Sammanställning.xlsx"))
	if ik := rowWith(t, s, "Intern kontroll", "Totalt", "Totalt"); ik[2] != "72" || ik[3] != "8" || ik[4] != "0.11" {
		t.Errorf("strict Intern kontroll total = %q, want 72, 8, 0.11", ik)
	}
	ov := rowWith(t, s, "Översikt", "Kommunstyrelsen")
	if !strings.Contains(strings.Join(ov, "|"), "nej – avvisad (--strict)") {
		t.Errorf("Översikt = %q", ov)
	}
}

func sum(t *testing.T, vals ...string) string {
	t.Helper()
	var n int64
	for _, v := range vals {
		var x int64
		if _, err := fmtSscan(v, &x); err != nil {
			t.Fatalf("%q: %v", v, err)
		}
		n += x
	}
	return itoa64(n)
}

// checkFeedback: the error cell is red with a comment, and the first sheet
// lists the finding with a link to it.
func checkFeedback(t *testing.T, name string) {
	f := openXLSX(t, name)
	if f.GetSheetList()[0] != "Återkoppling" {
		t.Errorf("first sheet = %s, want Återkoppling", f.GetSheetList()[0])
	}
	id, _ := f.GetCellStyle("Drift", "F19")
	st, _ := f.GetStyle(id)
	if len(st.Fill.Color) == 0 || st.Fill.Color[0] != "FFC7CE" || st.NumFmt != 9 {
		t.Errorf("Drift!F19 style = fill %v numfmt %d, want red fill keeping the percent format", st.Fill.Color, st.NumFmt)
	}
	comments, _ := f.GetComments("Drift")
	found := false
	for _, c := range comments {
		if c.Cell == "F19" && strings.Contains(commentOf(c), "Avvikelse (%)") {
			found = true
		}
	}
	if !found {
		t.Error("no comment on Drift!F19")
	}
	row := rowWith(t, f, "Återkoppling", "fel", "Drift", "F19")
	if !strings.Contains(strings.Join(row, " "), "−1") {
		t.Errorf("Återkoppling row = %q", row)
	}
	rows, _ := f.GetRows("Återkoppling")
	at := slices.IndexFunc(rows, func(r []string) bool { return len(r) > 2 && r[1] == "Drift" && r[2] == "F19" })
	cell := "C" + strconv.Itoa(at+1)
	ok, link, _ := f.GetCellHyperLink("Återkoppling", cell)
	if !ok || link != "'Drift'!F19" {
		t.Errorf("Återkoppling!%s link = %v %q, want 'Drift'!F19", cell, ok, link)
	}
}

func commentOf(c excelize.Comment) string {
	s := c.Text
	for _, p := range c.Paragraph {
		s += p.Text
	}
	return s
}

// TestConsolidateReproducible: the same inputs give byte-identical outputs,
// with one worker or several.
func TestConsolidateReproducible(t *testing.T) {
	a, _, _, _ := consolidate(t, "-j", "1", inlamnat)
	b, _, _, _ := consolidate(t, "-j", "4", inlamnat)
	files, _ := filepath.Glob(filepath.Join(a, "*"))
	more, _ := filepath.Glob(filepath.Join(a, "feedback", "*"))
	files = append(files, more...)
	if len(files) < 10 {
		t.Fatalf("only %d outputs", len(files))
	}
	for _, fa := range files {
		rel, _ := filepath.Rel(a, fa)
		if st, _ := os.Stat(fa); st.IsDir() {
			continue
		}
		da, _ := os.ReadFile(fa)
		db, err := os.ReadFile(filepath.Join(b, rel))
		if err != nil || !bytes.Equal(da, db) {
			t.Errorf("%s differs between runs", rel)
		}
	}
	var m struct {
		Outputs []struct {
			Path, SHA256 string
			Size         int64
		}
	}
	data, _ := os.ReadFile(filepath.Join(a, "manifest.json"))
	if err := json.Unmarshal(data, &m); err != nil || len(m.Outputs) != len(files)-2 { // less manifest.json and the feedback folder
		t.Errorf("manifest lists %d outputs (%v), want %d", len(m.Outputs), err, len(files)-2)
	}
	for _, o := range m.Outputs { // hashed as written (Sammanställning as it streams out) or from memory
		data, err := os.ReadFile(filepath.Join(a, filepath.FromSlash(o.Path)))
		sum := sha256.Sum256(data)
		if err != nil || hex.EncodeToString(sum[:]) != o.SHA256 || int64(len(data)) != o.Size {
			t.Errorf("manifest: %s has SHA-256 %s and %d bytes, the file %x and %d (%v)", o.Path, o.SHA256, o.Size, sum, len(data), err)
		}
	}
}

// writeWorkbook writes a consistent department with its name, period and
// one comment changed.
func writeWorkbook(t *testing.T, dir, file, dept, comment string) {
	t.Helper()
	wb := fixtures.Consistent(fixtures.Departments()[0])
	wb.Sheets[0].Rows[0] = []any{"Nämnd", dept}
	wb.Sheets[3].Rows[1] = []any{"Se över lokalbehovet till 2030", "Ekonomi i balans", "Ej klart i år", comment}
	if err := wb.WriteFile(filepath.Join(dir, file)); err != nil {
		t.Fatal(err)
	}
}

// TestConsolidateHostileNames: department names from workbooks never write
// outside the output folder, and text never becomes a formula.
func TestConsolidateHostileNames(t *testing.T) {
	in := t.TempDir()
	names := []string{"../../x", "CON", "a/b", strings.Repeat("Nämnd", 60), "Nämnd 🎉", "=1+1",
		strings.Repeat("\U0001D49C", 80), strings.Repeat("\U0001D49C", 80) + "x", "nul.txt", "Nämnd\u200b🎉"}
	for i, n := range names {
		writeWorkbook(t, in, "n"+itoa64(int64(i))+".xlsx", n, `=HYPERLINK("http://example.com","klicka")`)
	}
	dir, code, _, stderr := consolidate(t, in)
	if code == exitFailed {
		t.Fatalf("exit = %d; stderr:\n%s", code, stderr)
	}
	entries, err := os.ReadDir(filepath.Join(dir, "feedback"))
	if err != nil {
		t.Fatal(err, stderr)
	}
	if len(entries) != 2*len(names) {
		t.Errorf("feedback has %d files, want %d", len(entries), 2*len(names))
	}
	outside, _ := filepath.Glob(filepath.Join(filepath.Dir(dir), "*"))
	if len(outside) != 1 {
		t.Errorf("files beside the output folder: %v", outside)
	}
	s := openXLSX(t, filepath.Join(dir, "Sammanställning.xlsx"))
	rows, _ := s.GetRows("Uppdrag")
	for r := range rows {
		for c := range rows[r] {
			ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
			if f, _ := s.GetCellFormula("Uppdrag", ref); f != "" {
				t.Errorf("Uppdrag!%s became a formula: %s", ref, f)
			}
		}
	}
	row := rowWith(t, s, "Uppdrag", "=1+1", "Se över lokalbehovet till 2030")
	if !strings.Contains(strings.Join(row, "|"), `=HYPERLINK("http://example.com","klicka")`) {
		t.Errorf("comment text not kept as text: %q", row)
	}
}

// TestConsolidateDuplicates: the same department and period twice are both
// rejected and left out of the totals.
func TestConsolidateDuplicates(t *testing.T) {
	in := t.TempDir()
	writeWorkbook(t, in, "a.xlsx", "Grundskolenämnden", "x")
	writeWorkbook(t, in, "b.xlsx", "grundskolenämnden ", "y")
	dir, code, stdout, _ := consolidate(t, in)
	if code != exitErrors || strings.Count(stdout, "avvisad ") != 2 { // not the total's "avvisade"
		t.Errorf("exit %d, summary:\n%s", code, stdout)
	}
	s := openXLSX(t, filepath.Join(dir, "Sammanställning.xlsx"))
	row := rowWith(t, s, "Översikt", "Grundskolenämnden", "a.xlsx")
	if !strings.Contains(strings.Join(row, "|"), "nej – inlämnad två gånger") {
		t.Errorf("Översikt = %q", row)
	}
	rows, _ := s.GetRows("Drift")
	for _, r := range rows {
		if len(r) > 0 && r[0] == "Totalt" {
			t.Errorf("duplicates entered the totals: %q", r)
		}
	}
	var report struct {
		Submissions []struct {
			Findings []struct{ Rule, Message string }
		}
	}
	data, _ := os.ReadFile(filepath.Join(dir, "report.json"))
	json.Unmarshal(data, &report)
	for _, sub := range report.Submissions {
		found := false
		for _, f := range sub.Findings {
			found = found || f.Rule == "consolidate.duplicate"
		}
		if !found {
			t.Error("a duplicate lacks its finding")
		}
	}
}

// TestConsolidateAtomic: a failure while writing leaves the previous output
// folder as it was, and an output that cannot be written exits 2.
func TestConsolidateAtomic(t *testing.T) {
	parent := t.TempDir()
	out := filepath.Join(parent, "ut")
	os.MkdirAll(out, 0o755)
	os.WriteFile(filepath.Join(out, "förra.txt"), []byte("förra körningen"), 0o644)
	blocker := filepath.Join(parent, "fil")
	os.WriteFile(blocker, []byte("x"), 0o644)
	code, _, stderr := runCLI(t, "consolidate", "-q", "-o", filepath.Join(blocker, "ut"), inlamnat)
	if code != exitFailed || !strings.Contains(stderr, "Inget ändrades") {
		t.Errorf("unwritable output: exit %d, stderr %q", code, stderr)
	}
	if data, _ := os.ReadFile(filepath.Join(out, "förra.txt")); string(data) != "förra körningen" {
		t.Error("the previous output was touched")
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 2 {
		t.Errorf("leftovers beside the output: %v", entries)
	}
}

func fmtSscan(s string, x *int64) (int, error) {
	var n int64
	neg := strings.HasPrefix(s, "-")
	for _, r := range strings.TrimPrefix(s, "-") {
		if r < '0' || r > '9' {
			return 0, errors.New("not an integer")
		}
		n = n*10 + int64(r-'0')
	}
	if neg {
		n = -n
	}
	*x = n
	return 1, nil
}

func itoa64(n int64) string {
	if n < 0 {
		return "-" + itoa64(-n)
	}
	if n < 10 {
		return string(rune('0' + n))
	}
	return itoa64(n/10) + string(rune('0'+n%10))
}
