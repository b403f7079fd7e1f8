package store

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// 16 submits at once, each with a connection of its own as 16 processes
// would have, onto a database none of them has created yet.
func TestConcurrentAppends(t *testing.T) {
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			dsn := e.dsn(t)
			ctx := context.Background()
			depts := []string{"Kultur", "Kommunstyrelsen", "Miljö", "Skola"}
			var wg sync.WaitGroup
			errs := make([]error, 16)
			for i := range 16 {
				wg.Go(func() {
					s, err := Open(ctx, dsn, Options{})
					if err != nil {
						errs[i] = err
						return
					}
					defer s.Close()
					errs[i] = s.Append(ctx, sample(depts[i%4], "Helår 2023", i))
				})
			}
			wg.Wait()
			for i, err := range errs {
				if err != nil {
					t.Errorf("submit %d: %v", i, err)
				}
			}
			s := open(t, dsn, Options{ReadOnly: true})
			for _, d := range depts {
				list, err := s.List(ctx, Filter{Department: d})
				if err != nil {
					t.Fatal(err)
				}
				var seqs []string
				for _, m := range list {
					seqs = append(seqs, fmt.Sprint(m.Seq))
				}
				if got := strings.Join(seqs, ","); got != "1,2,3,4" {
					t.Errorf("%s: sequence %s, want 1,2,3,4", d, got)
				}
			}
			v, err := s.Verify(ctx)
			if err != nil || v.Broken != nil || v.Records != 16 {
				t.Errorf("Verify = %+v, %v; want 16 records that verify", v, err)
			}
		})
	}
}

// A full disk (here: SQLite's page limit, which gives the same SQLITE_FULL
// as ENOSPC does) fails the submit with ErrDiskFull and leaves no part of
// it behind: not the file that did not fit, nor the one stored with it in
// the same transaction.
func TestDiskFull(t *testing.T) {
	file := filepath.Join(t.TempDir(), "historik.db")
	open(t, file, Options{}).Close() // the schema, without a limit
	s := open(t, file, Options{maxPages: 40})
	ctx := context.Background()
	mustAppend(t, s, sample("Kultur", "Helår 2023", 1))
	big := sample("Miljö", "Helår 2023", 2)
	big.Report = bytes.Repeat([]byte("x"), 1<<20)
	small := sample("Skola", "Helår 2023", 3)
	err := s.AppendAll(ctx, []*Record{small, big})
	if !errors.Is(err, ErrDiskFull) {
		t.Fatalf("AppendAll on a full disk: %v, want %v", err, ErrDiskFull)
	}
	for _, r := range []*Record{small, big} {
		if r.ID != 0 || r.Chain != "" {
			t.Errorf("a failed AppendAll left id %d chain %q on %s", r.ID, r.Chain, r.Department)
		}
	}
	assertIntact(t, file, 1)
}

// assertIntact checks that the database holds n records that verify and
// nothing of a half-written one.
func assertIntact(t *testing.T, dsn string, n int64) {
	t.Helper()
	s := open(t, dsn, Options{})
	v, err := s.Verify(context.Background())
	if err != nil || v.Broken != nil || v.Records != n {
		t.Errorf("Verify = %+v, %v; want %d records that verify", v, err, n)
	}
	for _, table := range []string{"records", "submissions"} {
		var got int64
		s.db.QueryRow("SELECT COUNT(*) FROM " + table).Scan(&got)
		if got != n {
			t.Errorf("%s holds %d rows, want %d", table, got, n)
		}
	}
}

// helperEnv makes the test binary the helper process of TestKillDuringAppend.
const helperEnv = "RAPPORTKOLL_STORE_HELPER_DSN"

// TestHelperAppendAndHang is not a test: started by TestKillDuringAppend
// with helperEnv set, it writes a whole submission, says so, and waits
// before COMMIT to be killed.
func TestHelperAppendAndHang(t *testing.T) {
	dsn := os.Getenv(helperEnv)
	if dsn == "" {
		t.Skip("helper process of TestKillDuringAppend")
	}
	s, err := Open(context.Background(), dsn, Options{beforeSave: func() {
		fmt.Println("written")
		time.Sleep(time.Minute)
	}})
	if err != nil {
		fmt.Println(err)
		os.Exit(3)
	}
	s.Append(context.Background(), sample("Miljö", "Helår 2023", 2))
	os.Exit(4)
}

// kill -9 while a submission is written but not committed: the database
// stays as it was, and the next submit takes the next place.
func TestKillDuringAppend(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a process")
	}
	for _, e := range engines() {
		t.Run(e.name, func(t *testing.T) {
			dsn := e.dsn(t)
			mustAppend(t, open(t, dsn, Options{}), sample("Kultur", "Helår 2023", 1))
			cmd := exec.Command(os.Args[0], "-test.run=^TestHelperAppendAndHang$")
			cmd.Env = append(os.Environ(), helperEnv+"="+dsn)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			line, _ := bufio.NewReader(out).ReadString('\n')
			cmd.Process.Kill() // SIGKILL
			cmd.Wait()
			if strings.TrimSpace(line) != "written" {
				t.Fatalf("helper said %q, want written", line)
			}
			assertIntact(t, dsn, 1)
			r := sample("Miljö", "Helår 2023", 3)
			mustAppend(t, open(t, dsn, Options{}), r)
			if r.ID != 2 || r.Seq != 1 {
				t.Errorf("after the kill: id %d seq %d, want 2 1", r.ID, r.Seq)
			}
		})
	}
}

func TestOpenRefuses(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	sqliteWith := func(name string, stmts ...string) string {
		p := filepath.Join(dir, name)
		db, err := sql.Open("sqlite", p)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		for _, q := range stmts {
			if _, err := db.Exec(q); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
		}
		return p
	}
	newer := filepath.Join(dir, "newer.db")
	open(t, newer, Options{}).Close()
	sqliteWith("newer.db", "INSERT INTO rapportkoll_schema (version_id, is_applied) VALUES (99, 1)")
	tests := []struct {
		name string
		file string
		opt  Options
		want error
	}{
		{"missing, to read", filepath.Join(dir, "saknas.db"), Options{ReadOnly: true}, ErrMissing},
		{"missing folder", filepath.Join(dir, "saknas", "h.db"), Options{}, ErrMissing},
		{"a folder", dir, Options{}, ErrNotDatabase},
		{"text file", write("text.db", bytes.Repeat([]byte("inte en databas\n"), 300)), Options{}, ErrNotDatabase},
		{"text file, to read", write("text2.db", bytes.Repeat([]byte("inte en databas\n"), 300)), Options{ReadOnly: true}, ErrNotDatabase},
		{"a workbook", write("bok.db", []byte("PK\x03\x04 not a database")), Options{}, ErrNotDatabase},
		{"another program's", sqliteWith("other.db", "CREATE TABLE kunder (id INTEGER)"), Options{}, ErrNotRapportkoll},
		{"empty, to read", write("tom.db", nil), Options{ReadOnly: true}, ErrNotRapportkoll},
		{"newer schema", newer, Options{}, ErrSchemaNewer},
		{"newer schema, to read", newer, Options{ReadOnly: true}, ErrSchemaNewer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := Open(context.Background(), tt.file, tt.opt)
			if err == nil {
				s.Close()
			}
			if !errors.Is(err, tt.want) {
				t.Errorf("Open(%s) = %v, want %v", tt.name, err, tt.want)
			}
		})
	}
	other, _ := os.ReadFile(filepath.Join(dir, "other.db"))
	if bytes.Contains(other, []byte("rapportkoll_schema")) {
		t.Error("Open wrote its tables into another program's database")
	}
}

// Another program holds the write lock longer than the busy timeout.
func TestLockedByAnotherProgram(t *testing.T) {
	file := filepath.Join(t.TempDir(), "historik.db")
	open(t, file, Options{}).Close()
	other, err := sql.Open("sqlite", file)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	conn, err := other.Conn(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := conn.ExecContext(context.Background(), "BEGIN EXCLUSIVE"); err != nil {
		t.Fatal(err)
	}
	s := open(t, file, Options{BusyTimeout: 200 * time.Millisecond})
	err = s.Append(context.Background(), sample("Kultur", "Helår 2023", 1))
	if !errors.Is(err, ErrLocked) {
		t.Errorf("Append while locked = %v, want %v", err, ErrLocked)
	}
	conn.ExecContext(context.Background(), "ROLLBACK")
	mustAppend(t, s, sample("Kultur", "Helår 2023", 1))
}

func TestReadOnlyFile(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root writes to read-only files")
	}
	dir := t.TempDir()
	file := filepath.Join(dir, "historik.db")
	s := open(t, file, Options{})
	mustAppend(t, s, sample("Kultur", "Helår 2023", 1))
	s.Close()
	os.Chmod(file, 0o444)
	os.Chmod(dir, 0o555)
	t.Cleanup(func() { os.Chmod(dir, 0o755) })
	s2, err := Open(context.Background(), file, Options{})
	if err == nil {
		err = s2.Append(context.Background(), sample("Kultur", "Helår 2023", 2))
		s2.Close()
	}
	if !errors.Is(err, ErrReadOnly) && !errors.Is(err, ErrCannotOpen) {
		t.Errorf("submit to a read-only file: %v, want %v", err, ErrReadOnly)
	}
}

// On PostgreSQL, another program holding the table lock longer than the
// busy timeout gives ErrLocked too.
func TestLockedPostgres(t *testing.T) {
	dsn := postgresDSN(t)
	open(t, dsn, Options{}).Close()
	other, err := sql.Open("pgx", dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	tx, err := other.Begin()
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback()
	if _, err := tx.Exec("LOCK TABLE records IN EXCLUSIVE MODE"); err != nil {
		t.Fatal(err)
	}
	s := open(t, dsn, Options{BusyTimeout: 200 * time.Millisecond})
	if err := s.Append(context.Background(), sample("Kultur", "Helår 2023", 1)); !errors.Is(err, ErrLocked) {
		t.Errorf("Append while locked = %v, want %v", err, ErrLocked)
	}
	tx.Rollback()
	mustAppend(t, s, sample("Kultur", "Helår 2023", 1))
	ro := open(t, dsn, Options{ReadOnly: true})
	if _, err := ro.writer.Exec("INSERT INTO records (id, kind, record_hash, prev_chain, chain) VALUES (9, 'x', '', '', '')"); !errors.Is(ro.wrap(err), ErrReadOnly) {
		t.Errorf("a write through a read-only store: %v, want %v", err, ErrReadOnly)
	}
}
