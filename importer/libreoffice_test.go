package importer_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures/soffice"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// TestLibreOfficeRoundTrip reads a fixture saved by LibreOffice to the same
// values as the original.
func TestLibreOfficeRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("starts LibreOffice")
	}
	s, _ := spec.Default()
	for _, name := range []string{"kommunstyrelsen-2023.xlsx", "kultur-och-fritidsnamnden-2023.xlsx"} {
		src := filepath.Join(fixtureDir, name)
		conv := soffice.Convert(t, src)
		want, _ := readAll(t, src)
		got, problems := readAll(t, conv)
		if g, w := dump(s, got), dump(s, want); g != w {
			t.Errorf("%s through LibreOffice reads differently:\n%s", name, diffLines(w, g))
		}
		for _, p := range problems {
			if p.Code != "import.number_as_text" {
				t.Errorf("%s through LibreOffice: problem %s at %s", name, p.Code, p.Ref)
			}
		}
	}
}

// diffLines lists lines only in a or only in b.
func diffLines(a, b string) string {
	in := func(s string) map[string]bool {
		m := map[string]bool{}
		for _, l := range strings.Split(s, "\n") {
			m[l] = true
		}
		return m
	}
	ma, mb := in(a), in(b)
	var out []string
	for _, l := range strings.Split(a, "\n") {
		if !mb[l] {
			out = append(out, "- "+l)
		}
	}
	for _, l := range strings.Split(b, "\n") {
		if !ma[l] {
			out = append(out, "+ "+l)
		}
	}
	if len(out) > 40 {
		out = out[:40]
	}
	return strings.Join(out, "\n")
}
