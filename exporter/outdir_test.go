package exporter_test

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/exporter"
	"github.com/rapportkoll/rapportkoll/rules"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// smallRun is a consolidation of one department, written as version.
func smallRun(t testing.TB, version string) exporter.Run {
	t.Helper()
	s, err := spec.Default()
	if err != nil {
		t.Fatal(err)
	}
	r := check.File(s, filepath.Join(inlamnat, "grundskolenamnden-2023.xlsx"), check.Options{KeepTables: true})
	results := []*check.Submission{r}
	check.CheckBatch(results, rules.Swedish)
	return exporter.Run{Spec: s, Results: results, Version: version, Workers: 1}
}

// snapshot maps every entry under root to its content's hash ("dir" for
// folders, "link" for links), to tell whether anything was touched.
func snapshot(t *testing.T, root string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil
		}
		rel, _ := filepath.Rel(root, p)
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			out[rel] = "link"
		case d.IsDir():
			out[rel] = "dir"
		default:
			data, _ := os.ReadFile(p)
			sum := sha256.Sum256(data)
			out[rel] = hex.EncodeToString(sum[:])
		}
		return nil
	})
	return out
}

func writeTestFile(t *testing.T, name, content string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(name), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(name, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestOutDirRefused: an output folder that is or holds an input, that
// holds files rapportkoll did not write (or changed ones), that is a file
// or a link, is refused with the reason, and nothing anywhere changes.
func TestOutDirRefused(t *testing.T) {
	prev := func(t *testing.T, out string) {
		if _, err := exporter.Consolidate(out, smallRun(t, "förra"), exporter.Options{}); err != nil {
			t.Fatal(err)
		}
	}
	tests := []struct {
		name  string
		setup func(t *testing.T, root, in string) (out string)
		want  exporter.OutDirProblem
	}{
		{"the input folder", func(t *testing.T, root, in string) string { return in }, exporter.OutDirIsInput},
		{"the input folder's parent", func(t *testing.T, root, in string) string { return root }, exporter.OutDirIsInput},
		{"the input folder through a link", func(t *testing.T, root, in string) string {
			link := filepath.Join(root, "länk")
			if err := os.Symlink(in, link); err != nil {
				t.Skip(err)
			}
			return filepath.Join(link, ".")
		}, exporter.OutDirIsInput},
		{"a folder of the user's", func(t *testing.T, root, in string) string {
			out := filepath.Join(root, "mitt")
			writeTestFile(t, filepath.Join(out, "budget-2024.docx"), "mina siffror")
			return out
		}, exporter.OutDirForeign},
		{"a previous output with a file added", func(t *testing.T, root, in string) string {
			out := filepath.Join(root, "ut")
			prev(t, out)
			writeTestFile(t, filepath.Join(out, "feedback", "anteckningar.docx"), "mina anteckningar")
			return out
		}, exporter.OutDirForeign},
		{"a previous output with a workbook changed", func(t *testing.T, root, in string) string {
			out := filepath.Join(root, "ut")
			prev(t, out)
			writeTestFile(t, filepath.Join(out, "Sammanställning.xlsx"), "redigerad i Excel")
			return out
		}, exporter.OutDirForeign},
		{"a manifest not of rapportkoll", func(t *testing.T, root, in string) string {
			out := filepath.Join(root, "ut")
			writeTestFile(t, filepath.Join(out, "manifest.json"), `{"tool":{"name":"annat"},"outputs":[{"path":"a.txt"}]}`)
			writeTestFile(t, filepath.Join(out, "a.txt"), "")
			return out
		}, exporter.OutDirForeign},
		{"a previous output with an empty folder added", func(t *testing.T, root, in string) string {
			out := filepath.Join(root, "ut")
			prev(t, out)
			os.Mkdir(filepath.Join(out, "mitt"), 0o755)
			return out
		}, exporter.OutDirForeign},
		{"a previous output whose manifest was edited", func(t *testing.T, root, in string) string {
			out := filepath.Join(root, "ut")
			prev(t, out)
			data, _ := os.ReadFile(filepath.Join(out, "manifest.json"))
			writeTestFile(t, filepath.Join(out, "manifest.json"), strings.Replace(string(data), "{", `{"anteckning": "min",`, 1))
			return out
		}, exporter.OutDirForeign},
		{"a previous output whose manifest is a link", func(t *testing.T, root, in string) string {
			out := filepath.Join(root, "ut")
			prev(t, out)
			kept := filepath.Join(root, "kopia.json")
			os.Rename(filepath.Join(out, "manifest.json"), kept)
			if err := os.Symlink(kept, filepath.Join(out, "manifest.json")); err != nil {
				t.Skip(err)
			}
			return out
		}, exporter.OutDirForeign},
		{"a forged manifest listing a user's file", func(t *testing.T, root, in string) string {
			out := filepath.Join(root, "ut")
			writeTestFile(t, filepath.Join(out, "budget.docx"), "mina siffror")
			sum := sha256.Sum256([]byte("mina siffror"))
			m := exporter.Manifest{Tool: exporter.ToolID{Name: "rapportkoll", Version: "x"},
				Outputs: []exporter.FileHash{{Path: "budget.docx", SHA256: hex.EncodeToString(sum[:]), Size: 12}}}
			data, _ := json.MarshalIndent(m, "", "  ")
			writeTestFile(t, filepath.Join(out, "manifest.json"), string(data)+"\n")
			return out
		}, exporter.OutDirForeign},
		{"a file", func(t *testing.T, root, in string) string {
			out := filepath.Join(root, "ut.txt")
			writeTestFile(t, out, "text")
			return out
		}, exporter.OutDirNotDir},
		{"a link to a folder", func(t *testing.T, root, in string) string {
			target := filepath.Join(root, "mål")
			os.Mkdir(target, 0o755)
			out := filepath.Join(root, "ut")
			if err := os.Symlink(target, out); err != nil {
				t.Skip(err)
			}
			return out
		}, exporter.OutDirSymlink},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			root := t.TempDir()
			in := filepath.Join(root, "inlamnat")
			data, err := os.ReadFile(filepath.Join(inlamnat, "grundskolenamnden-2023.xlsx"))
			if err != nil {
				t.Fatal(err)
			}
			writeTestFile(t, filepath.Join(in, "grundskolenamnden-2023.xlsx"), string(data))
			writeTestFile(t, filepath.Join(in, "gammal.xls"), "aldrig läst")
			out := tt.setup(t, root, in)
			before := snapshot(t, root)
			for _, check := range []func() error{
				func() error { return exporter.CheckOutDir(out, []string{in}) },
				func() error {
					_, err := exporter.Consolidate(out, smallRun(t, "ny"), exporter.Options{Inputs: []string{in}})
					return err
				},
			} {
				var oe *exporter.OutDirError
				if err := check(); !errors.As(err, &oe) || oe.Problem != tt.want {
					t.Fatalf("error = %v, want an OutDirError %q", err, tt.want)
				}
				if msg := strings.ToLower(oe.Message(rules.Swedish)); !strings.Contains(msg, "välj") && !strings.Contains(msg, "ange") {
					t.Errorf("message says not what to do: %s", oe.Message(rules.Swedish))
				}
			}
			if after := snapshot(t, root); !mapsEqual(before, after) {
				t.Errorf("files changed:\nbefore %v\nafter  %v", before, after)
			}
		})
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

// TestOutDirReplaced: a folder that does not exist, an empty one and a
// previous output are written; a previous output's files are replaced and
// nothing is left beside the folder.
func TestOutDirReplaced(t *testing.T) {
	for _, name := range []string{"absent", "empty", "previous output", "private folder"} {
		t.Run(name, func(t *testing.T) {
			root := t.TempDir()
			out := filepath.Join(root, "ut")
			switch name {
			case "empty":
				os.Mkdir(out, 0o755)
			case "private folder":
				os.Mkdir(out, 0o700)
				os.Chmod(out, 0o750)
			case "previous output":
				if _, err := exporter.Consolidate(out, smallRun(t, "förra"), exporter.Options{}); err != nil {
					t.Fatal(err)
				}
			}
			if _, err := exporter.Consolidate(out, smallRun(t, "ny"), exporter.Options{}); err != nil {
				t.Fatal(err)
			}
			if st, err := os.Stat(out); err != nil || (name == "private folder" && st.Mode().Perm() != 0o750) {
				t.Errorf("the output folder's mode: %v, %v; want the folder's own 0750 kept", st.Mode(), err)
			}
			if v := manifestVersion(t, out); v != "ny" {
				t.Errorf("manifest version %q, want ny", v)
			}
			if entries, _ := os.ReadDir(root); len(entries) != 1 {
				t.Errorf("beside the output: %v", entries)
			}
		})
	}
}

func manifestVersion(t *testing.T, dir string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(dir, "manifest.json"))
	if err != nil {
		return ""
	}
	var m exporter.Manifest
	if err := json.Unmarshal(data, &m); err != nil {
		t.Fatal(err)
	}
	return m.Tool.Version
}

// TestOutDirLockFile: a previous output with the lock file of a workbook
// open in Excel or LibreOffice beside it is refused (the lock file is not
// rapportkoll's) with a message that says to close the workbook.
func TestOutDirLockFile(t *testing.T) {
	for _, lock := range []string{"~$Sammanställning.xlsx", ".~lock.Sammanställning.xlsx#"} {
		out := filepath.Join(t.TempDir(), "ut")
		if _, err := exporter.Consolidate(out, smallRun(t, "förra"), exporter.Options{}); err != nil {
			t.Fatal(err)
		}
		writeTestFile(t, filepath.Join(out, lock), "lock")
		err := exporter.CheckOutDir(out, nil)
		var oe *exporter.OutDirError
		if !errors.As(err, &oe) || oe.Problem != exporter.OutDirForeign ||
			!strings.Contains(oe.Message(rules.Swedish), "stäng arbetsboken och kör igen") ||
			!strings.Contains(oe.Message(rules.English), "close the workbook and run again") {
			t.Errorf("%s: %v", lock, err)
		}
	}
}
