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
		{"list", []string{"nyckel", "lista", "--db", db}, 0, "1\tnamnd\tKulturnämnden\t"},
		{"revoke", []string{"nyckel", "aterkalla", "--db", db, "1"}, 0, "Nyckel 1 för Kulturnämnden är återkallad"},
		{"revoke again", []string{"nyckel", "aterkalla", "--db", db, "1"}, 2, "redan återkallad"},
		{"revoke unknown", []string{"nyckel", "aterkalla", "--db", db, "99", "--lang", "en"}, 2, "no key number 99"},
		{"revoke without id", []string{"nyckel", "aterkalla", "--db", db}, 2, "nyckelns nummer"},
		{"revoke bad id", []string{"nyckel", "aterkalla", "--db", db, "x1"}, 2, "ogiltigt nyckelnummer"},
		{"list revoked", []string{"nyckel", "lista", "--db", db, "--lang", "en"}, 0, "Revoked"},
		{"open", []string{"period", "oppna", "Helår 2023", "--db", db, "--namnder", "Kulturnämnden, Kommunstyrelsen"}, 0, "öppen. Nämnder: Kulturnämnden, Kommunstyrelsen"},
		{"show", []string{"period", "visa", "helår 2023", "--db", db, "--lang", "en"}, 0, "open. Departments: Kulturnämnden, Kommunstyrelsen"},
		{"close", []string{"period", "stang", "Helår 2023", "--db", db}, 0, "stängd"},
		{"register without list", []string{"period", "namnder", "Helår 2023", "--db", db}, 2, "--namnder"},
		{"control characters", []string{"period", "oppna", "Helår\r\n2023", "--db", db}, 2, "ogiltigt periodnamn"},
		{"too long", []string{"period", "oppna", strings.Repeat("å", 101), "--db", db, "--lang", "en"}, 2, "invalid period name"},
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
	// the revoked key is refused; lista never shows a key
	keys, err := st.ListKeys(context.Background())
	if err != nil || len(keys) != 3 || keys[0].Revoked == "" || keys[2].Revoked != "" {
		t.Errorf("ListKeys = %+v, %v, want 3 keys, the first revoked", keys, err)
	}
	if _, stdout, _ := runCLI(t, "nyckel", "lista", "--db", db); strings.Contains(stdout, key) || !strings.Contains(stdout, "3\trevisor") {
		t.Errorf("nyckel lista = %q, want key 3 listed and no key shown", stdout)
	}
}
