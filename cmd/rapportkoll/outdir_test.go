package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
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
	if code, _, stderr := runCLI(t, "consolidate", "-q", "-o", ut, in); code == exitFailed { // gammal.xls is checked (unreadable): exit 1
		t.Fatalf("first run: exit %d, %s", code, stderr)
	}
	manifest, _ := os.ReadFile(filepath.Join(ut, "manifest.json"))
	share := filepath.Join(root, "delad")
	linked := filepath.Join(root, "med-länk")
	os.Mkdir(linked, 0o755)
	if os.Symlink("/mnt/finns-inte/inlamnat", share) != nil ||
		os.Symlink(filepath.Join(ut, "report.json"), filepath.Join(linked, "ks.xlsx")) != nil {
		t.Skip("no symbolic links here")
	}
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
		{"a file with a trailing slash", []string{"-o", ut, filepath.Join(in, "grundskolenamnden-2023.xlsx") + "/"}, "en del av sökvägen är en fil"},
		{"a path through a file", []string{"-o", ut, filepath.Join(in, "grundskolenamnden-2023.xlsx", "x.xlsx")}, "en del av sökvägen är en fil"},
		{"a link to a share that is not mounted", []string{"-o", ut, share}, "som inte finns"},
		{"a link in the input folder into the output", []string{"-o", ut, linked}, "är eller innehåller"},
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
			if entries, _ := os.ReadDir(root); len(entries) != 5 {
				t.Errorf("beside the folders: %v", entries)
			}
		})
	}
}

// TestCheckFolderNamedXLSX: a folder named .xlsx is reported, named
// directly or inside a folder, and a folder with nothing to check is
// exit 2, as for consolidate.
func TestCheckFolderNamedXLSX(t *testing.T) {
	root := t.TempDir()
	odd := filepath.Join(root, "y.xlsx")
	os.Mkdir(odd, 0o755)
	empty := filepath.Join(root, "tom")
	os.Mkdir(empty, 0o755)
	for _, args := range [][]string{{odd}, {root}} {
		code, stdout, stderr := runCLI(t, append([]string{"check", "-q"}, args...)...)
		if code != exitErrors || !strings.Contains(stdout, "y.xlsx") || !strings.Contains(stdout, "inte en vanlig fil") {
			t.Errorf("check %v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
	if code, _, stderr := runCLI(t, "check", "-q", empty); code != exitFailed || !strings.Contains(stderr, "hittade inga") {
		t.Errorf("an empty folder: exit %d, stderr %q", code, stderr)
	}
}

// TestConsolidateMistypedPeriod: a --period no submission states would
// reject every department; it is exit 2 and the previous output stays.
func TestConsolidateMistypedPeriod(t *testing.T) {
	ut := filepath.Join(t.TempDir(), "ut")
	if code, _, stderr := runCLI(t, "consolidate", "-q", "-o", ut, filepath.Join(inlamnat, "grundskolenamnden-2023.xlsx")); code != exitOK {
		t.Fatalf("first run: exit %d, %s", code, stderr)
	}
	before, _ := os.ReadFile(filepath.Join(ut, "manifest.json"))
	code, _, stderr := runCLI(t, "consolidate", "-q", "--period", "Helar 2023", "-o", ut, filepath.Join(inlamnat, "grundskolenamnden-2023.xlsx"))
	if code != exitFailed || !strings.Contains(stderr, `"Helår 2023"`) {
		t.Errorf("exit %d, stderr %q; want exit 2 naming the period stated", code, stderr)
	}
	if after, _ := os.ReadFile(filepath.Join(ut, "manifest.json")); string(after) != string(before) {
		t.Error("the previous output was replaced")
	}
}

// TestTemplateOntoSpecialFile: template -o naming a pipe or a folder is
// refused at once, never opened.
func TestTemplateOntoSpecialFile(t *testing.T) {
	dir := t.TempDir()
	for _, out := range []string{dir, filepath.Join(dir, "x.fifo")} {
		if strings.HasSuffix(out, ".fifo") && mkfifo(out) != nil {
			continue
		}
		done := make(chan int, 1)
		go func() { code, _, _ := runCLI(t, "template", "-q", "-o", out); done <- code }()
		select {
		case code := <-done:
			if code != exitFailed {
				t.Errorf("template -o %s: exit %d, want 2", out, code)
			}
		case <-time.After(time.Minute):
			t.Fatalf("template -o %s waited", out)
		}
	}
}

// TestConsolidateNonUTF8Name: an input whose name is not UTF-8 (unzipped
// from an archive made on another system) does not make rapportkoll
// refuse its own output on the next run.
func TestConsolidateNonUTF8Name(t *testing.T) {
	root := t.TempDir()
	in := filepath.Join(root, "in")
	os.Mkdir(in, 0o755)
	data, _ := os.ReadFile(filepath.Join(inlamnat, "grundskolenamnden-2023.xlsx"))
	if err := os.WriteFile(filepath.Join(in, "bad\xffname.xlsx"), data, 0o644); err != nil {
		t.Skip("this file system wants UTF-8 names:", err)
	}
	ut := filepath.Join(root, "ut")
	for run := 1; run <= 2; run++ {
		if code, _, stderr := runCLI(t, "consolidate", "-q", "-o", ut, in); code == exitFailed { // gammal.xls is checked (unreadable): exit 1
			t.Fatalf("run %d: exit %d, %s", run, code, stderr)
		}
	}
}

// TestFolderSkipsNothingSilently: in a folder, a workbook saved in another
// format is checked and gets its format's message; any other file is
// named in the log as skipped.
func TestFolderSkipsNothingSilently(t *testing.T) {
	dir := t.TempDir()
	data, _ := os.ReadFile(filepath.Join(inlamnat, "trasig-gammalt-format.xlsx"))
	os.WriteFile(filepath.Join(dir, "gammal.xls"), data, 0o644)
	os.WriteFile(filepath.Join(dir, "siffror.csv"), []byte("a;b\n1;2\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "budget-2024.docx"), []byte("PK"), 0o644)
	code, stdout, stderr := runCLI(t, "check", dir)
	if code != exitErrors {
		t.Errorf("exit %d", code)
	}
	for _, want := range []string{"gammal.xls: fel: Filen är en äldre Excel-arbetsbok", "siffror.csv: fel: Filen är en textfil"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("stdout lacks %q:\n%s", want, stdout)
		}
	}
	if !strings.Contains(stderr, "budget-2024.docx") || !strings.Contains(stderr, "hoppades över") {
		t.Errorf("stderr does not name the skipped file:\n%s", stderr)
	}
}

// TestManifestOptions: manifest.json names the options that change the
// results, so that an auditor can run the same consolidation again.
func TestManifestOptions(t *testing.T) {
	ut := filepath.Join(t.TempDir(), "ut")
	if code, _, stderr := runCLI(t, "consolidate", "-q", "--strict", "--period", "Helår 2023", "-o", ut, filepath.Join(inlamnat, "grundskolenamnden-2023.xlsx")); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	data, _ := os.ReadFile(filepath.Join(ut, "manifest.json"))
	for _, want := range []string{`"period": "Helår 2023"`, `"strict": true`, `"lang": "sv"`, `"version": "` + version + `"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("manifest.json lacks %s:\n%s", want, data)
		}
	}
}
