package main

import (
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/rapportkoll/rapportkoll/rules"
)

func TestSeconds(t *testing.T) {
	tests := []struct {
		lang rules.Lang
		d    time.Duration
		want string
	}{
		{rules.Swedish, 1204 * time.Millisecond, "1,2 s"},
		{rules.English, 1204 * time.Millisecond, "1.2 s"},
		{rules.Swedish, 59960 * time.Millisecond, "60,0 s"},
		{rules.English, 340*time.Millisecond + 400*time.Microsecond, "340 ms"},
		{rules.English, 949 * time.Millisecond, "949 ms"},
		{rules.English, 950 * time.Millisecond, "1.0 s"},
		{rules.Swedish, 0, "0 ms"},
	}
	for _, tt := range tests {
		if got := seconds(tt.lang, tt.d); got != tt.want {
			t.Errorf("seconds(%s, %v) = %q, want %q", tt.lang, tt.d, got, tt.want)
		}
	}
}

var flagName = regexp.MustCompile(`(?m)^\s+(-[-a-z]+)`)

// TestUsageEnglish: -h after --lang en prints the usage in English, the
// Swedish one otherwise, and the two name the same flags (the English
// one --all-cells for --alla-celler).
func TestUsageEnglish(t *testing.T) {
	tests := []struct {
		args      []string
		want, not string
	}{
		{[]string{"check", "-h"}, "--alla-celler           en rad per cell", "Usage:"},
		{[]string{"check", "--lang", "en", "-h"}, "--all-cells             one line per cell", "Användning:"},
		{[]string{"consolidate", "--lang", "en", "-h"}, "SOURCE_DATE_EPOCH       consolidate, template: the run's date", "Flaggor"},
	}
	for _, tt := range tests {
		code, _, stderr := runCLI(t, tt.args...)
		if code != exitOK || !strings.Contains(stderr, tt.want) || strings.Contains(stderr, tt.not) {
			t.Errorf("%q: exit %d, want 0 and %q, not %q, in:\n%s", tt.args, code, tt.want, tt.not, stderr)
		}
	}
	flags := func(s string) []string {
		var out []string
		for _, m := range flagName.FindAllStringSubmatch(s, -1) {
			out = append(out, strings.Replace(m[1], "--alla-celler", "--all-cells", 1))
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	if sv := flags(usage); len(sv) < 15 || !slices.Contains(sv, "--all-cells") {
		t.Fatalf("flags in the usage = %q, want them all", sv)
	}
	if sv, en := flags(usage), flags(usageEN); !slices.Equal(sv, en) {
		t.Errorf("the usage names the flags %q, the English usage %q; want the same", sv, en)
	}
}
