package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/rapportkoll/rapportkoll/cmd/rapportkoll/internal/store"
)

func TestNyckelAndPeriod(t *testing.T) {
	db := filepath.Join(t.TempDir(), "h.db")
	tests := []struct {
		name string
		args []string
		code int
		out  string // in stdout, or stderr when code != 0
	}{
		{"department key", []string{"nyckel", "skapa", "--db", db, "--namnd", "Kulturnämnden"}, 0, "Nyckel 1 för Kulturnämnden"},
		{"finance key", []string{"nyckel", "skapa", "--db", db, "--roll", "ekonomi", "--lang", "en"}, 0, "Key 2 for ekonomi"},
		{"unknown role", []string{"nyckel", "skapa", "--db", db, "--roll", "chef"}, 2, "okänd roll"},
		{"both", []string{"nyckel", "skapa", "--db", db, "--roll", "revisor", "--namnd", "X"}, 2, "antingen"},
		{"no subcommand", []string{"nyckel", "--db", db, "--roll", "revisor"}, 2, "skapa"},
		{"open", []string{"period", "oppna", "Helår 2023", "--db", db, "--namnder", "Kulturnämnden, Kommunstyrelsen"}, 0, "öppen. Nämnder: Kulturnämnden, Kommunstyrelsen"},
		{"show", []string{"period", "visa", "helår 2023", "--db", db, "--lang", "en"}, 0, "open. Departments: Kulturnämnden, Kommunstyrelsen"},
		{"close", []string{"period", "stang", "Helår 2023", "--db", db}, 0, "stängd"},
		{"register without list", []string{"period", "namnder", "Helår 2023", "--db", db}, 2, "--namnder"},
		{"unknown verb", []string{"period", "radera", "Helår 2023", "--db", db}, 2, "Användning"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runCLI(t, tt.args...)
			got := stdout
			if code != 0 {
				got = stderr
			}
			if code != tt.code || !strings.Contains(got, tt.out) {
				t.Errorf("%v = %d, %q, want %d and %q", tt.args, code, got, tt.code, tt.out)
			}
		})
	}
	// the key printed is the one stored, by its hash only
	_, stdout, _ := runCLI(t, "nyckel", "skapa", "--db", db, "--roll", "revisor")
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	key := lines[len(lines)-1]
	st, err := store.Open(context.Background(), db, store.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if k, err := st.LookupKey(context.Background(), key); err != nil || k.Role != store.RoleAuditor {
		t.Errorf("LookupKey(printed key) = %+v, %v, want revisor", k, err)
	}
}
