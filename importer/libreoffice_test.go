package importer_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// convertWithLibreOffice saves a workbook through LibreOffice as xlsx, as a
// department using LibreOffice would, and returns the new file.
func convertWithLibreOffice(t *testing.T, src string) string {
	t.Helper()
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		if os.Getenv("CI") != "" {
			t.Fatal("LibreOffice (soffice) is not installed; .ci/run installs it")
		}
		t.Skip("LibreOffice (soffice) is not installed")
	}
	dir := t.TempDir()
	// A copy with another name, so the converted file does not overwrite it.
	in := filepath.Join(dir, "in-"+filepath.Base(src))
	data, err := os.ReadFile(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", out, in)
	if msg, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, msg)
	}
	conv := filepath.Join(out, filepath.Base(in))
	if _, err := os.Stat(conv); err != nil {
		t.Fatalf("soffice wrote no %s", conv)
	}
	return conv
}

// TestLibreOfficeRoundTrip reads a fixture saved by LibreOffice to the same
// values as the original.
func TestLibreOfficeRoundTrip(t *testing.T) {
	if testing.Short() {
		t.Skip("starts LibreOffice")
	}
	s, _ := spec.Default()
	for _, name := range []string{"kommunstyrelsen-2023.xlsx", "kultur-och-fritidsnamnden-2023.xlsx"} {
		src := filepath.Join(fixtureDir, name)
		conv := convertWithLibreOffice(t, src)
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
