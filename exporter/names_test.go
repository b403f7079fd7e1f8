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
		{"Na\u0308mnd", "Nämnd"},                         // NFD: as the NFC spelling
		{"Gr\u200bund\u00adskola\u200d", "Grundskola"},   // zero-width space, soft hyphen, joiner
		{"Bygg-\u00a0och\u202fmiljö", "Bygg- och miljö"}, // no-break spaces
		{"\u200e\u202eCON", "_CON"},                      // direction marks do not hide a reserved name
		{"COM0", "_COM0"},
		{"lpt9.xlsx", "_lpt9.xlsx"},
		{"AUX .txt", "_AUX .txt"},
		{"Conrad", "Conrad"},
	}
	for _, tt := range tests {
		if got := SafeName(tt.in); got != tt.want {
			t.Errorf("SafeName(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// TestSafeNameLength: a name is cut by characters and by bytes, at a
// character boundary, so that with a suffix and the extension it stays far
// below the 255 bytes a file name may have.
func TestSafeNameLength(t *testing.T) {
	tests := []struct {
		name, in  string
		wantRunes int
	}{
		{"300 two-byte letters", strings.Repeat("å", 300), maxNameBytes / 2},
		{"80 four-byte letters", strings.Repeat("\U0001D49C", 80), maxNameBytes / 4},
		{"300 ASCII letters", strings.Repeat("a", 300), maxNameRunes},
		{"a space left at the cut goes", strings.Repeat("ä", 59) + " " + strings.Repeat("あ", 20), 59},
		{"NFD letters", strings.Repeat("a\u0308", 100), maxNameBytes / 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := SafeName(tt.in)
			if n := utf8.RuneCountInString(got); n != tt.wantRunes || !utf8.ValidString(got) || len(got) > maxNameBytes {
				t.Errorf("SafeName = %d characters, %d bytes (valid %v), want %d characters, at most %d bytes",
					n, len(got), utf8.ValidString(got), tt.wantRunes, maxNameBytes)
			}
			if full := len(got + " (99999).xlsx"); full > 200 {
				t.Errorf("file name with suffix is %d bytes", full)
			}
		})
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
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"case", []string{"Nämnd", "nämnd", "Nämnd", "NÄMND"}, []string{"Nämnd", "nämnd (2)", "Nämnd (3)", "NÄMND (4)"}},
		{"same after cleaning", []string{"a/b", "a_b"}, []string{"a_b", "a_b (2)"}},
		{"NFD and NFC", []string{"Nämnd", "Na\u0308mnd"}, []string{"Nämnd", "Nämnd (2)"}},
		{"zero-width space", []string{"Nämnd", "Näm\u200bnd"}, []string{"Nämnd", "Nämnd (2)"}},
		{"long names equal after the cut", []string{strings.Repeat("\U0001D49C", 80) + "1", strings.Repeat("\U0001D49C", 80) + "2"},
			[]string{strings.Repeat("\U0001D49C", 30), strings.Repeat("\U0001D49C", 30) + " (2)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := namer{}
			var got []string
			for _, s := range tt.in {
				got = append(got, n.name(s))
			}
			if strings.Join(got, "|") != strings.Join(tt.want, "|") {
				t.Errorf("names = %q, want %q", got, tt.want)
			}
		})
	}
}
