package server

import (
	"strings"
	"testing"
)

func TestWhen(t *testing.T) {
	tests := []struct{ stored, want string }{
		{"2023-03-01T09:30:12.123456Z", "2023-03-01 09:30 UTC"},
		{"2023-03-01T10:30:00+01:00", "2023-03-01 09:30 UTC"},
		{"not a time", "not a time"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := when(tt.stored); got != tt.want {
			t.Errorf("when(%q) = %q, want %q", tt.stored, got, tt.want)
		}
	}
}

// The result page shows the errors and warnings, and the information
// findings folded away under their count.
func TestResultFoldsInfos(t *testing.T) {
	s := newSite(t, nil)
	a := s.upload("/kontroll", s.keys[ks], "ks.xlsx", fixture(t, "kommunstyrelsen-2023.xlsx"))
	main, infos, ok := strings.Cut(a.body, `<details class="infos">`)
	if a.status != 200 || !ok {
		t.Fatalf("POST /kontroll = %d, no folded information: %s", a.status, a.body)
	}
	if !strings.Contains(infos, "<summary>Information: 40 fynd (visa)</summary>") || strings.Contains(infos, `<tr class="error">`) {
		t.Errorf("the folded part lacks its count or holds errors:\n%s", infos)
	}
	if !strings.Contains(main, `<tr class="error"><td>Drift</td><td>F19</td>`) || strings.Contains(main, `<tr class="info">`) {
		t.Errorf("the findings shown lack Drift F19 or hold information:\n%s", main)
	}
}
