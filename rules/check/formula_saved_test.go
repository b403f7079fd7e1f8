package check_test

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// withDriftFormulas writes Kommunstyrelsen's workbook with its Drift
// sheet's values and says which of them a department would compute with
// formulas: every row with children sums them (=SUM(C5,C6,C7)) in Budget
// and Utfall, and every Avvikelse is =D-C; the values written are the
// formulas' exact results.
func withDriftFormulas(t *testing.T) (data []byte, formulas map[string]string) {
	wb := fixtures.Kommunstyrelsen()
	var drift *fixtures.Sheet
	for i := range wb.Sheets {
		if wb.Sheets[i].Name == "Drift" {
			drift = &wb.Sheets[i]
		}
	}
	first := len(drift.Titles) + 2 // the sheet row of Rows[0]
	children := map[string][]int{}
	for i, r := range drift.Rows {
		if len(r) > 1 {
			if p, ok := r[1].(string); ok && p != "" {
				children[p] = append(children[p], i)
			}
		}
	}
	var value func(i, col int) int
	value = func(i, col int) int {
		r := drift.Rows[i]
		kids := children[r[0].(string)]
		if len(kids) == 0 {
			return r[col].(int)
		}
		sum := 0
		for _, k := range kids {
			sum += value(k, col)
		}
		return sum
	}
	formulas = map[string]string{}
	sums := map[[2]int]int{}
	for i, r := range drift.Rows {
		if len(r) < 5 {
			continue
		}
		row := first + i
		if kids := children[r[0].(string)]; len(kids) > 0 {
			for col, letter := range map[int]string{2: "C", 3: "D"} {
				var refs []string
				for _, k := range kids {
					refs = append(refs, fmt.Sprintf("%s%d", letter, first+k))
				}
				formulas[fmt.Sprintf("%s%d", letter, row)] = "SUM(" + strings.Join(refs, ",") + ")"
				sums[[2]int{i, col}] = value(i, col)
			}
		}
		formulas[fmt.Sprintf("E%d", row)] = fmt.Sprintf("D%d-C%d", row, row)
		sums[[2]int{i, 4}] = value(i, 3) - value(i, 2)
	}
	for k, v := range sums {
		drift.Rows[k[0]][k[1]] = v
	}
	if len(formulas) < 20 {
		t.Fatalf("only %d formulas", len(formulas))
	}
	var buf bytes.Buffer
	if err := wb.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes(), formulas
}

// driftPart is the archive path of the Drift sheet.
func driftPart(t *testing.T, data []byte) string {
	wb, err := importer.Open("k.xlsx", importer.Options{Data: data})
	if err != nil {
		t.Fatal(err)
	}
	defer wb.Close()
	return wb.Parts()["Drift"]
}

var valueCell = regexp.MustCompile(`<c r="([A-Z]+[0-9]+)"([^>]*)><v>([^<]*)</v></c>`)
var typeAttr = regexp.MustCompile(` t="[^"]*"`)

// saveAs puts the formulas into the Drift sheet's cells as a program
// saves them: Excel keeps each cached value (empty is "keep"); openpyxl
// writes no type and an empty <v></v> (or <v/>); excelize without
// calculation no <v>.
func saveAs(t *testing.T, data []byte, formulas map[string]string, empty string) []byte {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	part := driftPart(t, data)
	n := 0
	for _, f := range zr.File {
		rc, _ := f.Open()
		body, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == part {
			body = valueCell.ReplaceAllFunc(body, func(c []byte) []byte {
				m := valueCell.FindSubmatch(c)
				expr, ok := formulas[string(m[1])]
				if !ok {
					return c
				}
				n++
				if empty == "keep" {
					return []byte(fmt.Sprintf(`<c r="%s"%s><f>%s</f><v>%s</v></c>`, m[1], m[2], expr, m[3]))
				}
				return []byte(fmt.Sprintf(`<c r="%s"%s><f>%s</f>%s</c>`, m[1], typeAttr.ReplaceAllString(string(m[2]), ""), expr, empty))
			})
		}
		w, _ := zw.Create(f.Name)
		w.Write(body)
	}
	zw.Close()
	if n != len(formulas) {
		t.Fatalf("%d formula cells written, want %d", n, len(formulas))
	}
	return out.Bytes()
}

// TestFormulasSavedWithoutValues: Kommunstyrelsen's workbook with formulas
// gives the same errors and warnings and reads the same rows whether its
// formulas' values were saved (Excel) or not (openpyxl, excelize): the
// formulas are computed, never read as empty cells.
func TestFormulasSavedWithoutValues(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	checkBytes := func(name string, data []byte) *check.Submission {
		file := filepath.Join(dir, name)
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return check.File(s, file, check.Options{})
	}
	plain, formulas := withDriftFormulas(t)
	base := checkBytes("excel.xlsx", saveAs(t, plain, formulas, "keep"))
	want := errorsAndWarnings(base)
	if len(want) == 0 {
		t.Fatal("no errors: the fixture's known mistakes are missing")
	}
	for _, tt := range []struct{ name, empty string }{
		{"openpyxl <v></v>", "<v></v>"},
		{"openpyxl <v/>", "<v/>"},
		{"excelize without calculation", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			res := checkBytes("resaved.xlsx", saveAs(t, plain, formulas, tt.empty))
			if got := errorsAndWarnings(res); !slices.Equal(got, want) {
				t.Errorf("errors and warnings:\n%s\nwant, as with cached values:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if fmt.Sprint(res.RowsRead) != fmt.Sprint(base.RowsRead) {
				t.Errorf("rows read %v, want %v", res.RowsRead, base.RowsRead)
			}
			recomputed := 0
			for _, f := range res.Findings {
				if f.Rule == "import.formula_recomputed" {
					recomputed++
				}
			}
			if recomputed < 20 {
				t.Errorf("%d formulas computed, want every formula of Drift", recomputed)
			}
		})
	}
}

func errorsAndWarnings(res *check.Submission) []string {
	var out []string
	for _, f := range res.Findings {
		if f.Severity != rules.Info {
			out = append(out, place(f)+" "+f.Actual)
		}
	}
	slices.Sort(out)
	return out
}

// TestFormulaNotComputedFindings: a circular formula and one that is not
// computed, saved without values, are findings at their cells in both
// languages, and the rest of the workbook is checked as before.
func TestFormulaNotComputedFindings(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	plain, _ := withDriftFormulas(t)
	file := filepath.Join(t.TempDir(), "k.xlsx")
	formulas := map[string]string{"E4": "E4+1", "E7": `LEN(REPT("x",2000000000))`, "E6": "E8", "E8": "E6"}
	if err := os.WriteFile(file, saveAs(t, plain, formulas, "<v></v>"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		lang rules.Lang
		want map[string]string // "Drift!E4 rule actual" → a word of the message
	}{
		{rules.Swedish, map[string]string{
			"Drift!E4 import.formula_circular =E4+1":                      "cirkelreferens",
			"Drift!E6 import.formula_circular =E8":                        "cirkelreferens",
			"Drift!E8 import.formula_circular =E6":                        "cirkelreferens",
			`Drift!E7 import.formula_no_value =LEN(REPT("x",2000000000))`: "kunde inte räknas fram",
			"Personal!D3 personal.forandring -8.7":                        "",
		}},
		{rules.English, map[string]string{
			"Drift!E4 import.formula_circular =E4+1":                      "circular reference",
			`Drift!E7 import.formula_no_value =LEN(REPT("x",2000000000))`: "could not be computed",
		}},
	}
	for _, tt := range tests {
		t.Run(string(tt.lang), func(t *testing.T) {
			res := check.File(s, file, check.Options{Lang: tt.lang})
			got := map[string]rules.Finding{}
			for _, f := range res.Findings {
				got[f.Ref.Sheet+"!"+f.Ref.Cell()+" "+f.Rule+" "+f.Actual] = f
			}
			for key, word := range tt.want {
				f, ok := got[key]
				switch {
				case !ok:
					t.Errorf("no finding %s; findings %v", key, errorsAndWarnings(res))
				case f.Severity != rules.Error:
					t.Errorf("%s: severity %s, want error", key, f.Severity)
				case !strings.Contains(f.Message, word):
					t.Errorf("%s: message %q, want it to say %q", key, f.Message, word)
				}
			}
			if res.Status != rules.Rejected {
				t.Errorf("status %v, want rejected", res.Status)
			}
		})
	}
}
