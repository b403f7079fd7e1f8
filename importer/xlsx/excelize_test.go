package xlsx_test

import (
	"path/filepath"
	"testing"

	"github.com/xuri/excelize/v2"

	"github.com/rapportkoll/rapportkoll/fixtures/soffice"
	"github.com/rapportkoll/rapportkoll/importer/xlsx"
)

// TestSameAsExcelize reads every readable fixture with this package and
// with excelize (raw values) and requires the same cells.
func TestSameAsExcelize(t *testing.T) {
	files, _ := filepath.Glob("../../fixtures/inlamnat/*-2023.xlsx")
	if len(files) < 3 {
		t.Fatalf("found %d fixtures, want at least 3", len(files))
	}
	for _, name := range files {
		t.Run(filepath.Base(name), func(t *testing.T) { compareWithExcelize(t, name) })
	}
}

// TestSameAsExcelizeOnLibreOffice compares the two readers on fixtures
// saved by LibreOffice, whose files differ from Excel's and excelize's in
// many details (inline strings, styles, empty cells).
func TestSameAsExcelizeOnLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("starts LibreOffice")
	}
	for _, name := range []string{"kommunstyrelsen-2023.xlsx", "kultur-och-fritidsnamnden-2023.xlsx"} {
		t.Run(name, func(t *testing.T) {
			compareWithExcelize(t, soffice.Convert(t, filepath.Join("../../fixtures/inlamnat", name)))
		})
	}
}

func compareWithExcelize(t *testing.T, name string) {
	ef, err := excelize.OpenFile(name, excelize.Options{RawCellValue: true})
	if err != nil {
		t.Fatal(err)
	}
	defer ef.Close()
	b, err := xlsx.Open(name, xlsx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	b.OnFallback = func(sheet string, err error) { t.Errorf("%s: the fast scanner fell back: %v", sheet, err) }
	if got, want := len(b.Sheets), len(ef.GetSheetList()); got != want {
		t.Fatalf("%d sheets, excelize %d", got, want)
	}
	cells := 0
	for _, sh := range b.Sheets {
		want := map[string]string{}
		rows, err := ef.GetRows(sh.Name, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for r, row := range rows {
			for c, v := range row {
				if v != "" {
					ref, _ := excelize.CoordinatesToCellName(c+1, r+1)
					want[ref] = v
				}
			}
		}
		got := map[string]string{}
		for row, err := range b.Rows(sh.Name) {
			if err != nil {
				t.Fatal(err)
			}
			for _, c := range row.Cells {
				if c.Value != "" {
					ref, _ := excelize.CoordinatesToCellName(c.Col, row.Num)
					got[ref] = c.Value
				}
			}
		}
		for ref, w := range want {
			if got[ref] != w {
				t.Errorf("%s!%s = %q, excelize %q", sh.Name, ref, got[ref], w)
			}
		}
		for ref, g := range got {
			if _, ok := want[ref]; !ok {
				t.Errorf("%s!%s = %q, excelize has no value", sh.Name, ref, g)
			}
		}
		cells += len(want)
	}
	if cells == 0 {
		t.Error("no cells compared")
	}
}
