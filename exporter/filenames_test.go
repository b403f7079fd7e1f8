package exporter

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/rules/check"
)

func TestFileNames(t *testing.T) {
	tests := []struct {
		name  string
		files []string
		want  []string
	}{
		{"unique base names", []string{"/in/2023/a.xlsx", "/in/2022/b.xlsx"}, []string{"a.xlsx", "b.xlsx"}},
		{"same base name", []string{"/in/2023/a.xlsx", "/in/2022/a.xlsx", "/in/2022/b.xlsx"},
			[]string{"2023/a.xlsx", "2022/a.xlsx", "2022/b.xlsx"}},
		{"one inside the other", []string{"/in/a.xlsx", "/in/gamla/a.xlsx"}, []string{"a.xlsx", "gamla/a.xlsx"}},
		{"no common folder but the root", []string{"/a/r.xlsx", "/b/r.xlsx"}, []string{"a/r.xlsx", "b/r.xlsx"}},
		{"relative paths", []string{"x/r.xlsx", "y/z/r.xlsx"}, []string{"x/r.xlsx", "y/z/r.xlsx"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var results []*check.Submission
			for _, f := range tt.files {
				results = append(results, &check.Submission{Source: check.Source{File: filepath.FromSlash(f)}})
			}
			name := FileNames(results)
			var got []string
			for _, r := range results {
				got = append(got, name(r.File))
			}
			if strings.Join(got, " ") != strings.Join(tt.want, " ") {
				t.Errorf("FileNames = %q, want %q", got, tt.want)
			}
		})
	}
}
