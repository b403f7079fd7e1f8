package exporter_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/fixtures/xlsxdump"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// TestTemplateGolden pins the template as a person sees it: every sheet's
// cells (values, formulas, fills, number formats), column widths, row
// heights, protection, page setup, header and footer, print titles and
// dropdowns. `go test ./exporter -run TestTemplateGolden -update` accepts
// a change.
func TestTemplateGolden(t *testing.T) {
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		opt  exporter.TemplateOptions
	}{
		{"template-default", exporter.TemplateOptions{}},
		{"template-kommunstyrelsen", exporter.TemplateOptions{Department: "Kommunstyrelsen & Co", Period: "Delår augusti 2024"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := xlsxdump.DumpWith(buildTemplate(t, s, tt.opt), xlsxdump.Options{Layout: true})
			if err != nil {
				t.Fatal(err)
			}
			name := filepath.Join("testdata", tt.name+".tsv")
			if *update {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(name, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(name)
			if err != nil {
				t.Fatalf("%v (run with -update to create it)", err)
			}
			if got != string(want) {
				t.Errorf("%s differs from the template written now; run go test ./exporter -run TestTemplateGolden -update and review the diff\n%s",
					name, firstDiff(string(want), got))
			}
		})
	}
}

// firstDiff shows the first differing line of two dumps.
func firstDiff(want, got string) string {
	wl, gl := strings.Split(want, "\n"), strings.Split(got, "\n")
	for i := 0; i < max(len(wl), len(gl)); i++ {
		var w, g string
		if i < len(wl) {
			w = wl[i]
		}
		if i < len(gl) {
			g = gl[i]
		}
		if w != g {
			return "line " + strconv.Itoa(i+1) + ":\n  want " + w + "\n  got  " + g
		}
	}
	return ""
}
