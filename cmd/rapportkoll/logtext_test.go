package main

import (
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
