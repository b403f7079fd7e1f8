package main

import (
	"bytes"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapportkoll/rapportkoll/rules"
)

func TestSourceDate(t *testing.T) {
	tests := []struct {
		in   string
		want time.Time
		ok   bool
	}{
		{"", time.Time{}, true},
		{"1700000000", time.Date(2023, 11, 14, 22, 13, 20, 0, time.UTC), true},
		{"0", time.Unix(0, 0).UTC(), true},
		{"253402300799", time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC), true},
		{"253402300800", time.Time{}, false},
		{"-1", time.Time{}, false},
		{"+1700000000", time.Time{}, false},
		{"1700000000.5", time.Time{}, false},
		{" 1700000000", time.Time{}, false},
		{"igår", time.Time{}, false},
		{"99999999999999999999", time.Time{}, false},
	}
	for _, tt := range tests {
		got, err := sourceDate(tt.in, rules.Swedish)
		if (err == nil) != tt.ok || !got.Equal(tt.want) {
			t.Errorf("sourceDate(%q) = %v, %v; want %v, ok %v", tt.in, got, err, tt.want, tt.ok)
		}
	}
}

// TestConsolidateSourceDateEpoch: with SOURCE_DATE_EPOCH two runs on the
// same input give the same bytes, the date stands in manifest.json, in
// Källor and in Sammanställning's document properties; without it none of
// them names a date; a malformed value exits 2 and writes nothing.
func TestConsolidateSourceDateEpoch(t *testing.T) {
	in := filepath.Join(inlamnat, "kultur-och-fritidsnamnden-2023.xlsx")
	const date = "2023-11-14T22:13:20Z"
	t.Setenv("SOURCE_DATE_EPOCH", "1700000000")
	a, code, _, stderr := consolidate(t, "-q", in)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	b, _, _, _ := consolidate(t, "-q", in)
	if fa, fb := tree(t, a), tree(t, b); len(fa) == 0 || !equalTrees(fa, fb) {
		t.Errorf("two runs with the same SOURCE_DATE_EPOCH differ: %v / %v", keys(fa), keys(fb))
	}
	manifest, _ := os.ReadFile(filepath.Join(a, "manifest.json"))
	if !strings.Contains(string(manifest), `"created": "`+date+`"`) {
		t.Errorf("manifest.json has no \"created\": %q:\n%s", date, manifest)
	}
	s := openXLSX(t, filepath.Join(a, "Sammanställning.xlsx"))
	if p, err := s.GetDocProps(); err != nil || p.Created != date || p.Modified != date {
		t.Errorf("docProps = %+v, %v; want created and modified %s", p, err, date)
	}
	if rows, _ := s.GetRows("Källor"); !strings.Contains(last(rows), date) {
		t.Errorf("Källor's last row = %q, want the date %s in it", last(rows), date)
	}
	fb := openXLSX(t, filepath.Join(a, "feedback", "Kultur- och fritidsnämnden.xlsx"))
	if p, err := fb.GetDocProps(); err != nil || p.Created != date || p.Modified != date {
		t.Errorf("the feedback workbook's docProps = %+v, %v; want created and modified %s", p, err, date)
	}
	tpl := filepath.Join(t.TempDir(), "Mall.xlsx")
	if code, _, stderr := runCLI(t, "template", "-q", "-o", tpl); code != exitOK {
		t.Fatalf("template: exit %d: %s", code, stderr)
	}
	if p, err := openXLSX(t, tpl).GetDocProps(); err != nil || p.Created != date {
		t.Errorf("the template's docProps = %+v, %v; want created %s", p, err, date)
	}

	t.Setenv("SOURCE_DATE_EPOCH", "")
	c, code, _, _ := consolidate(t, "-q", in)
	manifest, _ = os.ReadFile(filepath.Join(c, "manifest.json"))
	s = openXLSX(t, filepath.Join(c, "Sammanställning.xlsx"))
	p, _ := s.GetDocProps()
	if rows, _ := s.GetRows("Källor"); code != exitOK || strings.Contains(string(manifest), `"created"`) ||
		p.Created != "2000-01-01T00:00:00Z" || strings.Contains(last(rows), "SOURCE_DATE_EPOCH") {
		t.Errorf("without SOURCE_DATE_EPOCH: exit %d, created %s, Källor %q, manifest:\n%s", code, p.Created, last(rows), manifest)
	}

	for _, lang := range []string{"sv", "en"} {
		t.Setenv("SOURCE_DATE_EPOCH", "igår")
		d, code, _, stderr := consolidate(t, "-q", "--lang", lang, in)
		if _, err := os.Stat(d); code != exitFailed || !strings.Contains(stderr, `SOURCE_DATE_EPOCH`) || !strings.Contains(stderr, `"igår"`) || err == nil {
			t.Errorf("--lang %s, SOURCE_DATE_EPOCH=igår: exit %d (want 2), output folder %v, stderr %q", lang, code, err, stderr)
		}
		if lang == "en" && strings.Contains(stderr, "sekunder") {
			t.Errorf("--lang en: Swedish message %q", stderr)
		}
	}
}

// tree is every file under dir by its relative path.
func tree(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = data
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func equalTrees(a, b map[string][]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || !bytes.Equal(v, w) {
			return false
		}
	}
	return true
}

func keys(m map[string][]byte) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// last is the last non-empty row of rows, its cells joined.
func last(rows [][]string) string {
	for i := len(rows) - 1; i >= 0; i-- {
		if s := strings.Join(rows[i], " "); strings.TrimSpace(s) != "" {
			return s
		}
	}
	return ""
}
