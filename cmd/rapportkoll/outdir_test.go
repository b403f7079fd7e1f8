package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestConsolidateRefusesOutDir: the output folder is never the input
// folder, its parent or a folder of the user's, and a mistyped input path
// never replaces a previous output; each is exit 2 with a message saying
// what to do, and nothing changes.
func TestConsolidateRefusesOutDir(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "inlamnat")
	os.Mkdir(in, 0o755)
	data, err := os.ReadFile(filepath.Join(inlamnat, "grundskolenamnden-2023.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(in, "grundskolenamnden-2023.xlsx"), data, 0o644)
	os.WriteFile(filepath.Join(in, "gammal.xls"), []byte("aldrig läst"), 0o644)
	mine := filepath.Join(root, "mitt")
	os.Mkdir(mine, 0o755)
	os.WriteFile(filepath.Join(mine, "budget-2024.docx"), []byte("mina siffror"), 0o644)
	ut := filepath.Join(root, "ut")
	if code, _, stderr := runCLI(t, "consolidate", "-q", "-o", ut, in); code != exitOK {
		t.Fatalf("first run: exit %d, %s", code, stderr)
	}
	manifest, _ := os.ReadFile(filepath.Join(ut, "manifest.json"))
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"out is the input folder", []string{"-o", in, in}, "är eller innehåller"},
		{"out is the input folder's parent", []string{"-o", root, in}, "är eller innehåller"},
		{"out is the user's folder", []string{"-o", mine, in}, "budget-2024.docx"},
		{"a mistyped input", []string{"-o", ut, filepath.Join(root, "inlamant")}, "hittar inte"},
		{"a mistyped input beside a good one", []string{"-o", ut, in, filepath.Join(in, "kultur.xlsx")}, "hittar inte"},
		{"in English", []string{"--lang", "en", "-o", mine, in}, "never removes"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, append([]string{"consolidate", "-q"}, tt.args...)...)
			if code != exitFailed || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, stderr, tt.want)
			}
			for _, f := range []string{filepath.Join(in, "gammal.xls"), filepath.Join(in, "grundskolenamnden-2023.xlsx"), filepath.Join(mine, "budget-2024.docx")} {
				if _, err := os.Stat(f); err != nil {
					t.Errorf("%s: %v", f, err)
				}
			}
			if got, _ := os.ReadFile(filepath.Join(ut, "manifest.json")); string(got) != string(manifest) {
				t.Error("the previous output was replaced")
			}
			if entries, _ := os.ReadDir(root); len(entries) != 3 {
				t.Errorf("beside the folders: %v", entries)
			}
		})
	}
}
