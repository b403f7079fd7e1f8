//go:build unix

package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// runWithin runs the command and fails the test, instead of hanging it,
// when the run does not finish in time.
func runWithin(t *testing.T, limit time.Duration, args ...string) (code int, stdout, stderr string) {
	t.Helper()
	type outcome struct {
		code     int
		out, err string
	}
	done := make(chan outcome, 1)
	go func() {
		c, o, e := runCLI(t, args...)
		done <- outcome{c, o, e}
	}()
	select {
	case r := <-done:
		return r.code, r.out, r.err
	case <-time.After(limit):
		t.Fatalf("rapportkoll %s did not finish in %v", strings.Join(args, " "), limit)
	}
	return 0, "", ""
}

type jsonReport struct {
	Submissions []struct {
		File     string `json:"file"`
		SHA256   string `json:"sha256"`
		Status   string `json:"status"`
		Findings []struct {
			Rule, Message, Expected, Actual string
		} `json:"findings"`
	} `json:"submissions"`
}

// TestSpecialFiles: a folder holding a named pipe, a link to /dev/zero, a
// link loop, a link to a folder and a sparse 10 GiB file, each named .xlsx,
// is checked to the end; each gets its own finding, none is read, and the
// good workbook beside them is checked as usual.
func TestSpecialFiles(t *testing.T) {
	dir := t.TempDir()
	writeWorkbook(t, dir, "a-bra.xlsx", "Grundskolenämnden", "x")
	if err := syscall.Mkfifo(filepath.Join(dir, "fifo.xlsx"), 0o644); err != nil {
		t.Fatal(err)
	}
	must(t, os.Symlink("/dev/zero", filepath.Join(dir, "noll.xlsx")))
	must(t, os.Symlink("slinga.xlsx", filepath.Join(dir, "slinga.xlsx")))
	must(t, os.Symlink("saknas.xlsx", filepath.Join(dir, "trasig-lank.xlsx")))
	must(t, os.Mkdir(filepath.Join(dir, "mapp"), 0o755))
	must(t, os.Symlink("mapp", filepath.Join(dir, "mapp.xlsx")))
	big := filepath.Join(dir, "stor.xlsx")
	must(t, os.WriteFile(big, nil, 0o644))
	must(t, os.Truncate(big, 10<<30)) // sparse: takes no disk space
	tests := []struct {
		file, sv, en string
	}{
		{"a-bra.xlsx", "", ""},
		{"fifo.xlsx", "inte en vanlig fil (en namngiven pipe (FIFO))", "not a regular file (a named pipe (FIFO))"},
		{"mapp.xlsx", "inte en vanlig fil (en mapp)", "not a regular file (a folder)"},
		{"noll.xlsx", "inte en vanlig fil (en enhet, till exempel /dev/zero)", "not a regular file (a device, such as /dev/zero)"},
		{"slinga.xlsx", "länkslinga", "link loop"},
		{"stor.xlsx", "Filen är 10,0 GiB (10737418240 byte) stor, över gränsen 512,0 MiB", "The file is 10.0 GiB (10737418240 bytes), over the limit of 512.0 MiB"},
		{"trasig-lank.xlsx", "Filen finns inte", "The file does not exist"},
	}
	for _, lang := range []string{"sv", "en"} {
		t.Run(lang, func(t *testing.T) {
			code, out, stderr := runWithin(t, time.Minute, "check", "-q", "--lang", lang, "--format", "json", dir)
			if code != exitErrors {
				t.Errorf("exit = %d, want 1; stderr:\n%s", code, stderr)
			}
			var rep jsonReport
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("%v\n%s", err, out)
			}
			if len(rep.Submissions) != len(tests) {
				t.Fatalf("%d submissions, want %d:\n%s", len(rep.Submissions), len(tests), out)
			}
			for i, tt := range tests {
				sub := rep.Submissions[i]
				want := tt.sv
				if lang == "en" {
					want = tt.en
				}
				switch {
				case sub.File != tt.file:
					t.Errorf("submission %d = %s, want %s", i, sub.File, tt.file)
				case want == "":
					if sub.Status != "accepted" && sub.Status != "accepted_with_warnings" {
						t.Errorf("%s: status %s, want accepted: %+v", tt.file, sub.Status, sub.Findings)
					}
				case sub.Status != "unreadable" || sub.SHA256 != "" || len(sub.Findings) != 1:
					t.Errorf("%s: status %s, sha256 %q, %d findings; want unreadable, not hashed, one finding", tt.file, sub.Status, sub.SHA256, len(sub.Findings))
				case !strings.Contains(sub.Findings[0].Message, want):
					t.Errorf("%s: message %q, want it to contain %q", tt.file, sub.Findings[0].Message, want)
				}
			}
		})
	}
}

// TestSameFileOnce: a file given twice, by whatever names, is read once
// and is not reported as a duplicate of itself.
func TestSameFileOnce(t *testing.T) {
	dir := t.TempDir()
	writeWorkbook(t, dir, "a.xlsx", "Grundskolenämnden", "x")
	a := filepath.Join(dir, "a.xlsx")
	other := t.TempDir()
	must(t, os.Link(a, filepath.Join(other, "hård.xlsx")))
	must(t, os.Symlink(a, filepath.Join(other, "länk.xlsx")))
	tests := []struct {
		name string
		args []string
	}{
		{"twice by name", []string{a, a}},
		{"folder and name", []string{dir, a}},
		{"name and folder", []string{a, dir}},
		{"unclean path", []string{a, dir + "/./sub/../a.xlsx"}},
		{"folder twice", []string{dir, dir + "/"}},
		{"hard link", []string{a, filepath.Join(other, "hård.xlsx")}},
		{"symbolic link", []string{filepath.Join(other, "länk.xlsx"), a}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCLI(t, append([]string{"check", "-q", "--format", "json"}, tt.args...)...)
			var rep jsonReport
			if err := json.Unmarshal([]byte(out), &rep); err != nil {
				t.Fatalf("exit %d, %v\n%s", code, err, stderr)
			}
			if code != exitOK || len(rep.Submissions) != 1 {
				t.Errorf("exit %d, %d submissions, want 0 and 1:\n%s", code, len(rep.Submissions), out)
			}
		})
	}
}
