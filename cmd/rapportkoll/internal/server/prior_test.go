package server

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestSubmitComparesWithLastYear: with Kultur's 2022 report in the
// history, the page's submission of its 2023 report is compared with it as
// submit --db compares it: the restated headcount (Personal!B2, 512
// against 509) is a warning, and the stored status says so.
func TestSubmitComparesWithLastYear(t *testing.T) {
	s := newSite(t, nil)
	last, err := os.ReadFile(filepath.Join(inlamnat, "..", "foregaende", "kultur-och-fritidsnamnden-2022.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	s.appendWithoutWorkbook("kultur-och-fritidsnamnden-2022.xlsx", last)
	id := s.submitted(s.keys[kultur], "kultur.xlsx", fixture(t, "kultur-och-fritidsnamnden-2023.xlsx"))
	rec, err := s.st.Load(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, f := range rec.Findings {
		if f.Rule == "personal.foregaende_ar" && f.Severity == "warning" && f.Cell == "B2" && f.Expected == "509" && f.Actual == "512" {
			found = true
		}
	}
	if !found || rec.Status != "accepted_with_warnings" {
		t.Errorf("stored status %s, findings %+v; want the warning at Personal!B2 (509 expected, 512 stated)", rec.Status, rec.Findings)
	}
}
