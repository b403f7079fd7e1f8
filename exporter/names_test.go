package exporter

import (
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSafeName(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Kommunstyrelsen", "Kommunstyrelsen"},
		{"Kultur- och fritidsnämnden", "Kultur- och fritidsnämnden"},
		{"../../x", "_.._x"},
		{"a/b", "a_b"},
		{`a\b`, "a_b"},
		{"CON", "_CON"},
		{"con.txt", "_con.txt"},
		{"LPT1", "_LPT1"},
		{"Nämnd 🎉", "Nämnd _"},
		{"", "namnlos"},
		{"...", "namnlos"},
		{"\x00\x01", "__"},
		{" . hidden", "hidden"},
	}
	for _, tt := range tests {
		if got := SafeName(tt.in); got != tt.want {
			t.Errorf("SafeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	long := SafeName(strings.Repeat("å", 300))
	if n := utf8.RuneCountInString(long); n != maxNameRunes {
		t.Errorf("SafeName(300 runes) has %d runes, want %d", n, maxNameRunes)
	}
}

// TestSafeNameStaysInside: no name escapes the folder it is joined to.
func TestSafeNameStaysInside(t *testing.T) {
	for _, in := range []string{"../../x", "..", "/etc/passwd", `..\..\x`, "a/../../b", "~", "x\x00y"} {
		p := filepath.Join("/out/feedback", SafeName(in)+".xlsx")
		if filepath.Dir(p) != "/out/feedback" {
			t.Errorf("SafeName(%q) = %q escapes: %s", in, SafeName(in), p)
		}
	}
}

func TestNamerUnique(t *testing.T) {
	n := namer{}
	got := []string{n.name("Nämnd"), n.name("nämnd"), n.name("Nämnd"), n.name("a/b"), n.name("a_b")}
	want := []string{"Nämnd", "nämnd (2)", "Nämnd (3)", "a_b", "a_b (2)"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("names = %q, want %q", got, want)
	}
}
