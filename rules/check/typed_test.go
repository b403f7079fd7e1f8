package check_test

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// TestTypedLikeTheTemplate: text that looks like the template's but is
// stored otherwise (combining marks, NFD) is read as the template's, with
// no finding; a label that names nothing is one error at its cell.
func TestTypedLikeTheTemplate(t *testing.T) {
	var buf bytes.Buffer
	if err := fixtures.Kommunstyrelsen().Write(&buf); err != nil {
		t.Fatal(err)
	}
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	checkEdited := func(t *testing.T, e edit) *check.Submission {
		t.Helper()
		data := zipParts(t, e(t, unzipParts(t, buf.Bytes())))
		file := filepath.Join(t.TempDir(), "ks.xlsx")
		if err := os.WriteFile(file, data, 0o644); err != nil {
			t.Fatal(err)
		}
		return check.File(s, file, check.Options{})
	}
	base := checkEdited(t, func(t *testing.T, p []part) []part { return p })
	tests := []struct {
		name string
		edit edit
		want []string // findings beyond the unedited workbook's: "Sheet!Cell rule"
	}{
		{"period in NFD", replaceIn("xl/sharedStrings.xml", "<t>Helår 2023</t>", "<t>Hela\u030ar 2023</t>"), nil},
		{"header in NFD", replaceIn("xl/sharedStrings.xml", "<t>Budget helår</t>", "<t>Budget hela\u030ar</t>"), nil},
		{"Drift label a control character", replaceIn("Drift", `<c r="A6" t="s"><v>165</v></c>`, `<c r="A6" t="inlineStr"><is><t>_x0001_</t></is></c>`), []string{"Drift!A6 import.row_unnamed"}},
		{"Drift label a dash", replaceIn("Drift", `<c r="A6" t="s"><v>165</v></c>`, `<c r="A6" t="inlineStr"><is><t>-</t></is></c>`), []string{"Drift!A6 import.row_unnamed"}},
		{"Drift label a number", replaceIn("Drift", `<c r="A6" t="s"><v>165</v></c>`, `<c r="A6"><v>0</v></c>`), []string{"Drift!A6 import.row_unnamed"}},
	}
	key := func(f rules.Finding) string { return f.Ref.Sheet + "!" + f.Ref.Cell() + " " + f.Rule }
	had := map[string]bool{}
	for _, f := range base.Findings {
		had[key(f)] = true
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := checkEdited(t, tt.edit)
			var extra []string
			for _, f := range res.Findings {
				if !had[key(f)] {
					extra = append(extra, key(f))
				}
			}
			if strings.Join(extra, "|") != strings.Join(tt.want, "|") {
				t.Errorf("new findings %q, want %q", extra, tt.want)
			}
		})
	}
}
