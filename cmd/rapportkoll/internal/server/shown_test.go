package server

import (
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/rules"
)

// TestShownValue: numbers on the page as in the messages, text as it is.
func TestShownValue(t *testing.T) {
	nb := strings.NewReplacer("\u00a0", " ", "\u2212", "-")
	for _, tt := range []struct {
		in   string
		lang rules.Lang
		want string
	}{
		{"-100455", rules.Swedish, "-100 455"},
		{"-7.3", rules.Swedish, "-7,3"},
		{"-7.3", rules.English, "-7.3"},
		{"1234.5", rules.English, "1,234.5"},
		{"Ej uppnått", rules.Swedish, "Ej uppnått"},
		{"≤38", rules.Swedish, "≤38"},
		{"", rules.Swedish, ""},
		{"1e5", rules.Swedish, "1e5"},
	} {
		if got := nb.Replace(shownValue(tt.in, tt.lang)); got != tt.want {
			t.Errorf("shownValue(%q, %s) = %q, want %q", tt.in, tt.lang, got, tt.want)
		}
	}
}
