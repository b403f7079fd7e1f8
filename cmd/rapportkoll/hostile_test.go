package main

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// rewriteShared replaces old by new in the shared strings of a workbook,
// byte for byte: what excelize would refuse to write (ESC, invalid UTF-8,
// a text beyond 32,767 characters) reaches the file as a hostile program
// would write it.
func rewriteShared(t *testing.T, file, old, new string) {
	t.Helper()
	zr, err := zip.OpenReader(file)
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatal(err)
		}
		data, _ := io.ReadAll(rc)
		rc.Close()
		if f.Name == "xl/sharedStrings.xml" {
			if !bytes.Contains(data, []byte(old)) {
				t.Fatalf("shared strings lack %q", old)
			}
			data = bytes.ReplaceAll(data, []byte(old), []byte(new))
		}
		w, _ := zw.Create(f.Name)
		w.Write(data)
	}
	zr.Close()
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(file, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// noisyText is n letters that do not compress much (a zip bomb guard
// would stop a text of one letter repeated).
func noisyText(n int) string {
	r := rand.New(rand.NewPCG(1, 2))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('a' + r.IntN(26))
	}
	return string(b)
}

// TestHostileText: text from a workbook cannot forge report lines, reach
// the terminal raw or write invalid UTF-8 (a lone surrogate), and a 10 MB Nämnd is shown
// shortened everywhere but in report.json.
func TestHostileText(t *testing.T) {
	in := t.TempDir()
	forged := "\nfejk.xlsx (Fejknämnden, Helår 2023): godkänd: 0 fel, 0 varningar, 0 info; 99 rader lästa\n"
	writeWorkbook(t, in, "a.xlsx", "Nämnd A FORGE ESC BIDI BADUTF", "x")
	// Control characters reach the text as OOXML escapes (_x001B_): raw
	// in the XML they make the part malformed, and the file unreadable.
	rewriteShared(t, filepath.Join(in, "a.xlsx"), "FORGE ESC BIDI BADUTF", "_x001B_[2J_x001B_]0;x_x0007_\u202egpj_xD800_"+forged)
	huge := noisyText(10 << 20)
	writeWorkbook(t, in, "b.xlsx", "HUGE", "y")
	rewriteShared(t, filepath.Join(in, "b.xlsx"), "HUGE", huge)

	_, stdout, stderr := runCLI(t, "check", "--log-format", "console", filepath.Join(in, "a.xlsx"), filepath.Join(in, "b.xlsx"))
	dir, _, sum, stderr2 := consolidate(t, in)
	outputs := map[string]string{"check stdout": stdout, "check log": stderr, "consolidate summary": sum, "consolidate log": stderr2}
	matches, _ := filepath.Glob(filepath.Join(dir, "feedback", "*.txt"))
	for _, m := range matches {
		data, _ := os.ReadFile(m)
		outputs[filepath.Base(m)] = string(data)
	}
	if len(outputs) < 6 {
		t.Fatalf("want two feedback texts, have %d outputs", len(outputs))
	}
	for name, out := range outputs {
		if len(out) > 64<<10 {
			t.Errorf("%s is %d bytes, want it short", name, len(out))
		}
		if strings.ContainsAny(out, "\x1b\x07\u202e") {
			t.Errorf("%s holds raw control or bidi characters", name)
		}
		if !utf8.ValidString(out) {
			t.Errorf("%s is not valid UTF-8", name)
		}
		for _, line := range strings.Split(out, "\n") {
			if strings.HasPrefix(line, "fejk.xlsx") {
				t.Errorf("%s has a forged line: %q", name, line)
			}
		}
	}
	if !strings.Contains(stdout, `\nfejk.xlsx (Fejknämnden`) || !strings.Contains(stdout, `\x1b[2J`) || !strings.Contains(stdout, `\u202egpj�`) {
		t.Errorf("check output does not show the text escaped:\n%.2000s", stdout)
	}
	var rep struct {
		Submissions []struct{ Department string }
	}
	data, err := os.ReadFile(filepath.Join(dir, "report.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		t.Fatal(err)
	}
	full := false
	for _, s := range rep.Submissions {
		full = full || s.Department == huge
	}
	if !full {
		t.Error("report.json does not keep the whole 10 MB Nämnd")
	}
}
