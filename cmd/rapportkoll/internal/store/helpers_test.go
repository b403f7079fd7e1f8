package store

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"testing"
)

// engine is a database to run a test against.
type engine struct {
	name string
	// dsn returns a fresh, empty database for one test.
	dsn func(t *testing.T) string
}

// engines returns SQLite always and PostgreSQL when
// RAPPORTKOLL_TEST_POSTGRES holds an address (.ci/run sets it); each test
// gets a schema of its own there.
func engines() []engine {
	return []engine{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "historik.db") }},
		{"postgres", postgresDSN},
	}
}

func postgresDSN(t *testing.T) string {
	t.Helper()
	base := os.Getenv("RAPPORTKOLL_TEST_POSTGRES")
	if base == "" {
		t.Skip("PostgreSQL not tested: RAPPORTKOLL_TEST_POSTGRES is unset (.ci/run starts a throwaway cluster and sets it)")
	}
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "rk_test_" + hex.EncodeToString(b)
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		t.Fatalf("CREATE SCHEMA: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err == nil {
			a.Exec("DROP SCHEMA " + schema + " CASCADE")
			a.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func open(t *testing.T, dsn string, opt Options) *Store {
	t.Helper()
	s, err := Open(context.Background(), dsn, opt)
	if err != nil {
		t.Fatalf("Open(%s): %v", dsn, err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// sample is a small submission with facts and findings.
func sample(dept, period string, n int) *Record {
	r := &Record{
		Department: dept, Period: period, Received: "2024-02-15T09:30:00.000000Z",
		File: dept + ".xlsx", SHA256: fmt.Sprintf("%064x", n), Size: int64(1000 + n),
		SpecName: "verksamhetsberattelse", SpecVersion: "2023.1", ToolVersion: "0.3.0",
		Status: "rejected", Errors: 1, Infos: 1,
		Report: []byte(`{"file":"` + dept + `.xlsx","status":"rejected"}`),
	}
	for i, v := range []string{"1234.50", "-0.5", "100", "61.7", "0", "12345678901234567890.1"} {
		r.Facts = append(r.Facts, Fact{Sheet: "Drift", Row: fmt.Sprintf("verksamhet %d", i), Column: "Utfall helår",
			Kind: "number", Value: v, Decimals: 0, Cell: fmt.Sprintf("D%d", i+5)})
	}
	r.Facts = append(r.Facts, Fact{Sheet: "Info", Column: "Nämnd", Kind: "text", Value: dept, Raw: dept, Cell: "B2"})
	r.Findings = []Finding{
		{Severity: "error", Rule: "drift.avvikelse_procent", Sheet: "Drift", Cell: "F12",
			Message: "Avvikelse (%) ska vara -1", Expected: "-1", Actual: fmt.Sprint(n)},
		{Severity: "info", Rule: "resultatrakning.summa", Sheet: "Resultaträkning", Cell: "D9",
			Message: "avrundningsdifferens 1 tkr", Expected: "-774628", Actual: "-774627"},
	}
	return r
}

func mustAppend(t *testing.T, s *Store, r *Record) {
	t.Helper()
	if err := s.Append(context.Background(), r); err != nil {
		t.Fatalf("Append(%s, %s): %v", r.Department, r.Period, err)
	}
}
