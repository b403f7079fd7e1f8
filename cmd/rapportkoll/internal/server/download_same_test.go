package server

import (
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/fixtures/xlsxdump"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
)

// TestDownloadIsConsolidatesWorkbook: the feedback workbook downloaded
// after a check is the one consolidate writes for the same file (cells,
// marks, print titles, number formats), although the page keeps only the
// tables' shape of a check in memory.
func TestDownloadIsConsolidatesWorkbook(t *testing.T) {
	s := newSite(t, nil)
	c := s.browser(s.keys[ks])
	data := fixture(t, "kommunstyrelsen-2023.xlsx")
	body, ct := multipartBody(t, "kommunstyrelsen-2023.xlsx", data)
	res := s.do(c, http.MethodPost, "/kontroll", "", body, ct)
	m := regexp.MustCompile(`href="(/aterkoppling/[^"?]+)`).FindStringSubmatch(res.body)
	if res.status != 200 || m == nil {
		t.Fatalf("POST /kontroll = %d, no download link", res.status)
	}
	dl := s.do(c, http.MethodGet, m[1], "", nil, "")
	if dl.status != 200 {
		t.Fatalf("GET %s = %d", m[1], dl.status)
	}
	sub := check.Bytes(s.srv.cfg.Spec, "kommunstyrelsen-2023.xlsx", data, check.Options{Lang: rules.Swedish, KeepTables: true})
	want, err := exporter.FeedbackWorkbook(sub, data, rules.Swedish)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	dump := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		d, err := xlsxdump.DumpWith(p, xlsxdump.Options{Layout: true})
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
	if got, want := dump("got.xlsx", dl.raw), dump("want.xlsx", want); got != want {
		t.Errorf("the downloaded workbook differs from consolidate's:\n--- downloaded\n%.3000s\n--- consolidate\n%.3000s", got, want)
	}
}
