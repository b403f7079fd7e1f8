package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTemplateCommand(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "Mall.xlsx")
	code, _, stderr := runCLI(t, "template", "-o", out, "--namnd", "Kommunstyrelsen", "--period", "Helår 2023")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	code, stdout, _ := runCLI(t, "check", "-q", out)
	if !strings.Contains(stdout, "(Kommunstyrelsen, Helår 2023)") {
		t.Errorf("check of the empty template: exit %d\n%s", code, stdout)
	}
}

func TestTemplateBadArguments(t *testing.T) {
	dir := t.TempDir()
	blocker := filepath.Join(dir, "fil")
	os.WriteFile(blocker, []byte("x"), 0o644)
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no output", []string{"template"}, "ange mallens filnamn"},
		{"empty namnd", []string{"template", "-o", filepath.Join(dir, "a.xlsx"), "--namnd", "  "}, "--namnd är tomt"},
		{"long namnd", []string{"template", "-o", filepath.Join(dir, "b.xlsx"), "--namnd", strings.Repeat("x", 101)}, "längre än 100"},
		{"bad period", []string{"template", "-o", filepath.Join(dir, "c.xlsx"), "--period", "Hela 2023"}, "går inte att läsa"},
		{"unwritable", []string{"template", "-o", filepath.Join(blocker, "d.xlsx")}, "ingen fil skrevs"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, stderr := runCLI(t, tt.args...)
			if code != exitFailed || !strings.Contains(stderr, tt.want) {
				t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, tt.want)
			}
		})
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("files left behind: %v", entries)
	}
}

// TestTemplateNeverOverwrites: -o naming an existing file (it may be a
// department's filled-in template) is refused and the file is unchanged;
// the same template written again is no change at all.
func TestTemplateNeverOverwrites(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "Mall.xlsx")
	if code, _, stderr := runCLI(t, "template", "-q", "-o", out); code != exitOK {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if code, _, stderr := runCLI(t, "template", "-q", "-o", out); code != exitOK {
		t.Errorf("the same template again: exit %d: %s", code, stderr)
	}
	submitted := filepath.Join(dir, "kommunstyrelsen-2023.xlsx")
	os.WriteFile(submitted, []byte("ifylld"), 0o644)
	code, _, stderr := runCLI(t, "template", "-q", "-o", submitted, "--namnd", "Kommunstyrelsen")
	if code != exitFailed || !strings.Contains(stderr, "finns redan") {
		t.Errorf("over a file: exit %d, stderr %q", code, stderr)
	}
	if data, _ := os.ReadFile(submitted); string(data) != "ifylld" {
		t.Error("the existing file was overwritten")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 2 {
		t.Errorf("files left behind: %v", entries)
	}
}
