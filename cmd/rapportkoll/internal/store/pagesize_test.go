package store

import (
	"context"
	"database/sql"
	"path/filepath"
	"testing"
)

// TestPageSize: a new database is made with pages of newPageSize, in WAL
// mode; a database made with SQLite's default pages (as rapportkoll made
// them before) keeps its pages and WAL, takes new submissions, and
// verifies.
func TestPageSize(t *testing.T) {
	ctx := context.Background()
	pragmas := func(t *testing.T, file string) (pageSize int, mode string) {
		t.Helper()
		db, err := sql.Open("sqlite", "file:"+file+"?mode=ro")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		if err := db.QueryRow("PRAGMA page_size").Scan(&pageSize); err != nil {
			t.Fatal(err)
		}
		if err := db.QueryRow("PRAGMA journal_mode").Scan(&mode); err != nil {
			t.Fatal(err)
		}
		return pageSize, mode
	}
	t.Run("new", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "h.db")
		s := open(t, file, Options{})
		mustAppend(t, s, sample("Kultur", "Helår 2023", 1))
		s.Close()
		if size, mode := pragmas(t, file); size != newPageSize || mode != "wal" {
			t.Errorf("a new database has pages of %d bytes, journal mode %q; want %d, wal", size, mode, newPageSize)
		}
	})
	t.Run("old", func(t *testing.T) {
		file := filepath.Join(t.TempDir(), "h.db")
		old, err := sql.Open("sqlite", "file:"+file+"?_pragma=journal_mode(WAL)")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := old.Exec("CREATE TABLE before_rapportkoll_opened_it (x)"); err != nil {
			t.Fatal(err)
		}
		if _, err := old.Exec("DROP TABLE before_rapportkoll_opened_it"); err != nil {
			t.Fatal(err)
		}
		old.Close()
		s := open(t, file, Options{})
		for i, dept := range []string{"Kultur", "Skola", "Kultur"} {
			mustAppend(t, s, sample(dept, "Helår 2023", i+1))
		}
		v, err := s.Verify(ctx)
		if err != nil || v.Broken != nil || v.Records != 3 {
			t.Errorf("Verify = %+v, %v; want 3 records that verify", v, err)
		}
		s.Close()
		if size, mode := pragmas(t, file); size != 4096 || mode != "wal" {
			t.Errorf("a database of 4096-byte pages has pages of %d bytes, journal mode %q after submits; want 4096, wal", size, mode)
		}
	})
}
