package server

import (
	"bytes"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/rules"
)

// A tree's names spilled in memory read back as written, and past the
// bound the write fails with a message in the user's language.
func TestMemSpill(t *testing.T) {
	f, _ := memSpiller(100, rules.Swedish)()
	for _, tt := range []struct {
		off     int64
		data    string
		wantErr bool
	}{
		{0, "abc", false},
		{3, strings.Repeat("x", 90), false},
		{93, "0123456789", true},
	} {
		if _, err := f.WriteAt([]byte(tt.data), tt.off); (err != nil) != tt.wantErr {
			t.Errorf("WriteAt(%d bytes, %d) = %v, want error %v", len(tt.data), tt.off, err, tt.wantErr)
		} else if err != nil && !strings.Contains(err.Error(), "rapportkoll check") {
			t.Errorf("WriteAt past the bound: %v, want a message that names rapportkoll check", err)
		}
	}
	got := make([]byte, 5)
	if n, err := f.ReadAt(got, 1); n != 5 || err != nil || !bytes.Equal(got, []byte("bcxxx")) {
		t.Errorf("ReadAt(5, 1) = %d, %v, %q, want 5, nil, \"bcxxx\"", n, err, got)
	}
	f.Close()
}
