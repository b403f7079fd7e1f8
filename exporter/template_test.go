package exporter_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/fixtures/soffice"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

func buildTemplate(t *testing.T, s *spec.Spec, opt exporter.TemplateOptions) string {
	t.Helper()
	data, err := exporter.BuildTemplate(s, opt)
	if err != nil {
		t.Fatal(err)
	}
	name := filepath.Join(t.TempDir(), "Mall.xlsx")
	if err := os.WriteFile(name, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return name
}

// fill types a department's figures into a template, as a person would:
// into the input cells under the matching headers, the fixed rows where the
// template has them; derived (formula) cells are left alone.
func fill(t *testing.T, template string, wb fixtures.Workbook, out string) {
	t.Helper()
	f, err := excelize.OpenFile(template)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for _, sh := range wb.Sheets {
		if sh.Header == nil { // Info: label in A, value in B
			for r := 1; r <= 10; r++ {
				label, _ := f.GetCellValue(sh.Name, "A"+strconv.Itoa(r))
				for _, row := range sh.Rows {
					if row[0] == label && label != "Mallversion" {
						set(t, f, sh.Name, "B"+strconv.Itoa(r), row[1])
					}
				}
			}
			continue
		}
		fillTable(t, f, sh)
	}
	if err := f.SaveAs(out); err != nil {
		t.Fatal(err)
	}
}

func fillTable(t *testing.T, f *excelize.File, sh fixtures.Sheet) {
	rows, _ := f.GetRows(sh.Name)
	header := rows[0]
	next := len(rows) + 1 // after the fixed rows
	for r := 1; r < len(rows); r++ {
		if len(rows[r]) == 0 || rows[r][0] == "" {
			next = r + 1
			break
		}
	}
	for _, row := range sh.Rows {
		if len(row) == 0 || len(row) == 1 { // blank and "Varav:" rows
			continue
		}
		target := 0
		for r := 1; r < len(rows); r++ {
			if len(rows[r]) > 0 && rows[r][0] == row[0] {
				target = r + 1
			}
		}
		if target == 0 {
			target, next = next, next+1
		}
		for c, v := range row {
			col := indexOf(header, sh.Header[c])
			ref, _ := excelize.CoordinatesToCellName(col+1, target)
			if formula, _ := f.GetCellFormula(sh.Name, ref); formula != "" || v == nil {
				continue
			}
			set(t, f, sh.Name, ref, v)
		}
	}
}

func indexOf(list []string, s string) int {
	for i, x := range list {
		if strings.EqualFold(strings.Join(strings.Fields(x), " "), strings.Join(strings.Fields(s), " ")) {
			return i
		}
	}
	return -1
}

func set(t *testing.T, f *excelize.File, sheet, ref string, v any) {
	t.Helper()
	var err error
	switch v := v.(type) {
	case string:
		err = f.SetCellStr(sheet, ref, v)
	case int:
		err = f.SetCellInt(sheet, ref, int64(v))
	case fixtures.Dec:
		err = f.SetCellDefault(sheet, ref, string(v))
	case fixtures.Pct:
		err = f.SetCellDefault(sheet, ref, decimal.RequireFromString(string(v)).Shift(-2).String())
	}
	if err != nil {
		t.Fatalf("%s!%s: %v", sheet, ref, err)
	}
}

func errorsAndWarnings(res *check.Submission) []string {
	var out []string
	for _, f := range res.Findings {
		if f.Severity != rules.Info {
			out = append(out, f.Severity.String()+" "+f.Ref.Sheet+"!"+f.Ref.Cell()+" "+f.Rule)
		}
	}
	return out
}

func TestTemplateRoundTrip(t *testing.T) {
	s, _ := spec.Default()
	tpl := buildTemplate(t, s, exporter.TemplateOptions{Department: "Grundskolenämnden", Period: "Helår 2023"})
	dept := fixtures.Consistent(fixtures.Departments()[0])
	filled := filepath.Join(t.TempDir(), "ifylld.xlsx")
	fill(t, tpl, dept, filled)
	res := check.File(s, filled, check.Options{})
	if got := errorsAndWarnings(res); len(got) > 0 || res.Department != "Grundskolenämnden" {
		t.Errorf("filled template: %s, findings %q; want no errors or warnings", res.Department, got)
	}
	if res.RowsRead["Drift"] < 9 {
		t.Errorf("read %d Drift rows", res.RowsRead["Drift"])
	}

	// One wrong figure: Personal's change typed over the formula.
	f, _ := excelize.OpenFile(filled)
	rows, _ := f.GetRows("Personal")
	ref := ""
	for r, row := range rows {
		if len(row) > 0 && row[0] == "Personalomsättning (%)" {
			ref = "D" + strconv.Itoa(r+1)
		}
	}
	f.SetCellDefault("Personal", ref, "-2.5")
	wrong := filepath.Join(t.TempDir(), "fel.xlsx")
	f.SaveAs(wrong)
	f.Close()
	res = check.File(s, wrong, check.Options{})
	want := "error Personal!" + ref + " personal.forandring|warning Personal!" + ref + " template.formula_overwritten"
	if got := strings.Join(errorsAndWarnings(res), "|"); got != want {
		t.Errorf("one wrong figure: %s\nwant %s", got, want)
	}

	t.Run("saved by LibreOffice", func(t *testing.T) {
		if testing.Short() {
			t.Skip("starts LibreOffice")
		}
		saved := convertXLSX(t, filled)
		res := check.File(s, saved, check.Options{})
		if got := errorsAndWarnings(res); len(got) > 0 {
			t.Errorf("after LibreOffice: %q", got)
		}
		for _, f := range res.Findings {
			if f.Rule == "import.formula_recomputed" {
				t.Errorf("LibreOffice saved no value for %s!%s", f.Ref.Sheet, f.Ref.Cell())
				break
			}
		}
	})
}

// convertXLSX saves a workbook through LibreOffice as xlsx.
func convertXLSX(t *testing.T, book string) string {
	t.Helper()
	return soffice.Convert(t, book)
}

func TestTemplateContents(t *testing.T) {
	s, _ := spec.Default()
	opt := exporter.TemplateOptions{Department: "Kommunstyrelsen", Period: "Delår augusti 2024"}
	a, _ := exporter.BuildTemplate(s, opt)
	b, _ := exporter.BuildTemplate(s, opt)
	if !bytes.Equal(a, b) {
		t.Error("the template differs between two builds")
	}
	name := buildTemplate(t, s, opt)
	f, err := excelize.OpenFile(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if got := f.GetSheetList(); got[0] != "Instruktioner" || got[1] != "Info" {
		t.Errorf("sheets = %v", got)
	}
	for ref, want := range map[string]string{"B1": "Kommunstyrelsen", "B2": "Delår augusti 2024", "B3": "2023.1"} {
		if got, _ := f.GetCellValue("Info", ref); got != want {
			t.Errorf("Info!%s = %q, want %q", ref, got, want)
		}
	}
	hdr, _ := f.GetRows("Indikatorer")
	if got := strings.Join(hdr[0], "|"); got != "Nämndmål|Indikator|2022|2023|2024|Etappmål 2024|Målvärde 2030|Bedömning" {
		t.Errorf("Indikatorer headers = %s", got)
	}
	if got, _ := f.GetCellValue("Resultaträkning", "A9"); got != "Årets resultat" {
		t.Errorf("Resultaträkning!A9 = %q, want the fixed post Årets resultat", got)
	}
	if got, _ := f.GetCellFormula("Drift", "E2"); got != `IF(COUNT(D2,C2)<2,"",IFERROR(ROUND((D2-C2),0),""))` {
		t.Errorf("Drift!E2 formula = %s", got)
	}
	if got, _ := f.GetCellFormula("Drift", "F5"); !strings.Contains(got, "ABS(C5)") || !strings.HasSuffix(got, `/100,""))`) {
		t.Errorf("Drift!F5 formula = %s", got)
	}
	dropdowns := map[string]string{}
	for _, sheet := range []string{"Måluppfyllelse", "Indikatorer", "Uppdrag"} {
		dvs, _ := f.GetDataValidations(sheet)
		for _, dv := range dvs {
			dropdowns[sheet+"!"+dv.Sqref] = dv.Formula1
		}
	}
	for where, want := range map[string]string{
		"Måluppfyllelse!D2:D51": "Listor!$B$1:$B$4", // Listor!A: Info's periods
		"Indikatorer!A2:A51":    "'Måluppfyllelse'!$C$2:$C$51",
		"Uppdrag!C2:C51":        "Listor!$D$1:$D$3",
	} {
		if !strings.Contains(dropdowns[where], want) {
			t.Errorf("dropdown %s = %q, want %s (all: %v)", where, dropdowns[where], want, dropdowns)
		}
	}
	locked := func(sheet, ref string) bool {
		id, _ := f.GetCellStyle(sheet, ref)
		st, _ := f.GetStyle(id)
		return st.Protection == nil || st.Protection.Locked
	}
	if !locked("Drift", "A1") || locked("Drift", "C2") || !locked("Drift", "E2") || locked("Info", "B1") || !locked("Info", "B3") {
		t.Error("header, formula and Mallversion cells must be locked, input cells unlocked")
	}
	if v, _ := f.GetSheetVisible("_rapportkoll"); v {
		t.Error("the marker sheet is visible")
	}
}

// TestTemplateCustomSpec: a spec with an extra sheet and enum column gives
// that sheet and its dropdown, with no code change.
func TestTemplateCustomSpec(t *testing.T) {
	src := string(spec.DefaultYAML()) + `
  - name: Lokaler
    required: false
    key: Lokal
    purpose: Nämndens lokaler.
    columns:
      - {header: Lokal, type: text, required: true}
      - {header: Yta (kvm), type: number, required: true}
      - {header: Ägare, type: enum, values: [Kommunen, Extern hyresvärd]}
`
	s, err := spec.Parse("mall-2024.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(buildTemplate(t, s, exporter.TemplateOptions{}))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, _ := f.GetRows("Lokaler")
	if len(rows) == 0 || strings.Join(rows[0], "|") != "Lokal|Yta (kvm)|Ägare" {
		t.Fatalf("Lokaler = %v", rows)
	}
	dvs, _ := f.GetDataValidations("Lokaler")
	if len(dvs) != 2 || dvs[0].Sqref != "B2:B51" || dvs[0].Type != "decimal" || dvs[1].Sqref != "C2:C51" || dvs[1].Type != "list" {
		t.Errorf("Lokaler dropdowns = %+v", dvs)
	}
}

// TestTemplateUntouched: checking the template as it was handed out says
// what to fill in; a template row that is there but empty is not missing.
// Only a row whose label is gone is.
func TestTemplateUntouched(t *testing.T) {
	s, _ := spec.Default()
	tpl := buildTemplate(t, s, exporter.TemplateOptions{})
	f, err := excelize.OpenFile(tpl)
	if err != nil {
		t.Fatal(err)
	}
	f.SetCellStr("Resultaträkning", "A9", "") // the label of Årets resultat
	gone := filepath.Join(t.TempDir(), "utan-rad.xlsx")
	if err := f.SaveAs(gone); err != nil {
		t.Fatal(err)
	}
	f.Close()
	tests := []struct {
		name, file string
		want       []string
	}{
		{"untouched", tpl, []string{
			"error Info!B1 info.namnd Uppgift saknas i \"Nämnd\".",
			"error Info!B2 info.period Uppgift saknas i \"Period\".",
			"error Resultaträkning!C2 resultatrakning.poster Raden \"Verksamhetens intäkter\" är inte ifylld.",
			"error Resultaträkning!C8 resultatrakning.poster Raden \"Verksamhetens kostnader\" är inte ifylld.",
			"error Resultaträkning!C9 resultatrakning.poster Raden \"Årets resultat\" är inte ifylld.",
		}},
		{"label removed", gone, []string{
			"error Info!B1 info.namnd Uppgift saknas i \"Nämnd\".",
			"error Info!B2 info.period Uppgift saknas i \"Period\".",
			"error Resultaträkning! resultatrakning.poster Raden \"Årets resultat\" saknas.",
			"error Resultaträkning!C2 resultatrakning.poster Raden \"Verksamhetens intäkter\" är inte ifylld.",
			"error Resultaträkning!C8 resultatrakning.poster Raden \"Verksamhetens kostnader\" är inte ifylld.",
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := check.File(s, tt.file, check.Options{})
			var got []string
			for _, f := range res.Findings {
				if strings.HasSuffix(f.Rule, "foregaende_ar") || strings.HasSuffix(f.Rule, "foregaende_matning") {
					continue // the cross-period rules' "no last year to compare with"
				}
				msg, _, _ := strings.Cut(f.Message, ". ")
				got = append(got, f.Severity.String()+" "+f.Ref.Sheet+"!"+f.Ref.Cell()+" "+f.Rule+" "+msg+".")
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}

// TestTemplateHostileOptions: whatever the department and period, the
// template is written (the printed header is cut to Excel's 255
// characters).
func TestTemplateHostileOptions(t *testing.T) {
	s, _ := spec.Default()
	for _, opt := range []exporter.TemplateOptions{
		{Department: strings.Repeat("&", 300), Period: strings.Repeat("&ö", 200)},
		{Department: strings.Repeat("😀", 200), Period: "Helår 2023"},
		{Department: "'Nämnd' \"x\" &P &N", Period: "Delår april 1999"},
	} {
		if _, err := exporter.BuildTemplate(s, opt); err != nil {
			t.Errorf("BuildTemplate(%.20q…) = %v", opt.Department, err)
		}
	}
}

// TestTemplateLayoutFromSpec: which sheets allow inserting rows, which
// rows show integers, and the period dropdown follow the spec, not code.
func TestTemplateLayoutFromSpec(t *testing.T) {
	base := string(spec.DefaultYAML())
	const defaultPeriods = "Helår 2023|Delår april 2023|Delår augusti 2023"
	tests := []struct {
		name    string
		src     string
		sheet   string
		insert  bool
		cell    string // an input cell and its number format
		format  string
		periods string // the periods offered (Listor!A), joined by "|"
	}{
		{"default Drift", base, "Drift", true, "C2", "#,##0;-#,##0", defaultPeriods},
		{"default Personal", base, "Personal", false, "B2", "#,##0;-#,##0", defaultPeriods},
		{"Personal's counts with a decimal", strings.Replace(base, "row_decimals: {Antal anställda: 0}", "row_decimals: {Antal anställda: 1}", 1),
			"Personal", false, "B2", "#,##0.0;-#,##0.0", defaultPeriods},
		{"Drift fixed", strings.Replace(base, "  - name: Drift\n    required: true\n    insert_rows: true\n", "  - name: Drift\n    required: true\n", 1),
			"Drift", false, "C2", "#,##0;-#,##0", defaultPeriods},
		{"other periods", strings.Replace(base, `'^(Helår|Delår (april|augusti)) (19|20)\d\d$'`, `'^(Helår|Tertial [12]) (19|20)\d\d$'`, 1),
			"Drift", true, "C2", "#,##0;-#,##0", "Helår 2023|Tertial 1 2023|Tertial 2 2023"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := spec.Parse("mall.yaml", []byte(tt.src))
			if err != nil {
				t.Fatal(err)
			}
			f, err := excelize.OpenFile(buildTemplate(t, s, exporter.TemplateOptions{}))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			p, _ := f.GetSheetProtection(tt.sheet)
			if p.InsertRows != tt.insert {
				t.Errorf("%s: inserting rows allowed = %v, want %v", tt.sheet, p.InsertRows, tt.insert)
			}
			id, _ := f.GetCellStyle(tt.sheet, tt.cell)
			st, _ := f.GetStyle(id)
			if st.CustomNumFmt == nil || *st.CustomNumFmt != tt.format {
				t.Errorf("%s!%s format = %v, want %s", tt.sheet, tt.cell, st.CustomNumFmt, tt.format)
			}
			var periods []string
			for r := 1; r <= 10; r++ {
				if v, _ := f.GetCellValue("Listor", "A"+strconv.Itoa(r)); v != "" {
					periods = append(periods, v)
				}
			}
			if got := strings.Join(periods, "|"); got != tt.periods {
				t.Errorf("periods offered %s, want %s", got, tt.periods)
			}
		})
	}
}
