package importer_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/importer"
	"github.com/rapportkoll/rapportkoll/importer/xlsx"
)

// withDuplicate is Kommunstyrelsen's workbook with the Drift sheet's part
// packed a second time, the second copy holding other values.
func withDuplicate(t *testing.T) []byte {
	t.Helper()
	data, err := fixtures.KommunstyrelsenBytes()
	if err != nil {
		t.Fatal(err)
	}
	entries, err := fixtures.Entries(data)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Name == "xl/worksheets/sheet5.xml" {
			entries = append(entries, fixtures.Entry{Name: e.Name, Data: strings.Replace(e.Data, "<v>", "<v>9", 1)})
		}
	}
	out, err := fixtures.Zip(entries)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestArchiveProblems: a workbook listing more sheets than are read, and
// an archive with a part twice, are reported once each, at the file; the
// checks count as evaluated on every workbook.
func TestArchiveProblems(t *testing.T) {
	ks, err := fixtures.KommunstyrelsenBytes()
	if err != nil {
		t.Fatal(err)
	}
	many, err := fixtures.ManySheets(20000)
	if err != nil {
		t.Fatal(err)
	}
	for _, tt := range []struct {
		name   string
		data   []byte
		limits xlsx.Limits
		want   []string // "code text count limit"
		sheets int
	}{
		{"clean", ks, xlsx.Limits{}, nil, 12},
		{"20,000 sheet entries", many, xlsx.Limits{}, []string{"import.too_many_sheets 20012 0 1000"}, 1000},
		{"a limit of 5", ks, xlsx.Limits{TotalSize: 1 << 30, PartSize: 1 << 26, Ratio: 500, Sheets: 5}, []string{"import.too_many_sheets 12 0 5"}, 5},
		{"a part twice", withDuplicate(t), xlsx.Limits{}, []string{"import.duplicate_part xl/worksheets/sheet5.xml 1 0"}, 12},
	} {
		t.Run(tt.name, func(t *testing.T) {
			wb, err := importer.Open(tt.name+".xlsx", importer.Options{Data: tt.data, Limits: tt.limits})
			if err != nil {
				t.Fatalf("Open: %v", err)
			}
			defer wb.Close()
			var got []string
			for _, p := range wb.Problems {
				if p.Ref.Sheet != "" || p.Ref.File != tt.name+".xlsx" {
					t.Errorf("problem %s at %+v, want the file", p.Code, p.Ref)
				}
				got = append(got, fmt.Sprintf("%s %s %d %d", p.Code, p.Text, p.Count, p.Limit))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("problems %q, want %q", got, tt.want)
			}
			if n := len(wb.SheetNames()); n != tt.sheets {
				t.Errorf("%d sheets listed, want %d", n, tt.sheets)
			}
			for _, code := range []importer.Code{importer.TooManySheets, importer.DuplicatePart} {
				if c := wb.Checks()[code]; c.Evaluated != 1 {
					t.Errorf("check %s = %+v, want evaluated once", code, c)
				}
			}
		})
	}
}
