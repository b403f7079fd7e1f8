package store

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/rapportkoll/rapportkoll/fixtures"
	"github.com/rapportkoll/rapportkoll/rules/check"
	"github.com/rapportkoll/rapportkoll/rules/spec"
)

// BenchmarkAppend stores submissions of the size of a generated
// department (about 190 facts and a few findings) into SQLite.
func BenchmarkAppend(b *testing.B) {
	s, err := Open(context.Background(), filepath.Join(b.TempDir(), "h.db"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	base := sample("Kultur", "Helår 2023", 1)
	for i := range 180 {
		base.Facts = append(base.Facts, Fact{Sheet: "Drift", Row: fmt.Sprintf("verksamhet %d", i), Column: "Budget helår",
			Kind: "number", Value: fmt.Sprint(-1000 * i), Cell: fmt.Sprintf("C%d", i+5)})
	}
	base.Report = make([]byte, 8000)
	b.ResetTimer()
	for i := range b.N {
		r := *base
		r.Department = fmt.Sprint("Nämnd ", i%50)
		if err := s.Append(context.Background(), &r); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPageSize stores 1,000 rows of a submission's size (its report,
// facts and findings, about 40 KB), 100 to a transaction, as AppendAll
// does, in a new WAL database of each page size: what newPageSize rests on.
func BenchmarkPageSize(b *testing.B) {
	report := []byte(strings.Repeat("r", 11300))
	facts := strings.Repeat("f", 30400)
	for _, ps := range []int{4096, 8192, 16384, 32768} {
		b.Run(fmt.Sprint(ps), func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				db, err := sql.Open("sqlite", "file:"+filepath.Join(b.TempDir(), "h.db")+"?_pragma=synchronous(FULL)&_txlock=immediate")
				if err != nil {
					b.Fatal(err)
				}
				db.SetMaxOpenConns(1)
				for _, q := range []string{fmt.Sprintf("PRAGMA page_size = %d", ps), "PRAGMA journal_mode = WAL",
					"CREATE TABLE s (id INTEGER PRIMARY KEY, k TEXT NOT NULL, seq INTEGER NOT NULL, report BLOB NOT NULL, facts TEXT NOT NULL, UNIQUE (k, seq)) STRICT"} {
					if _, err := db.Exec(q); err != nil {
						b.Fatal(err)
					}
				}
				b.StartTimer()
				for g := range 10 {
					tx, err := db.Begin()
					if err != nil {
						b.Fatal(err)
					}
					st, err := tx.Prepare("INSERT INTO s (id, k, seq, report, facts) VALUES (?, ?, ?, ?, ?)")
					if err != nil {
						b.Fatal(err)
					}
					for i := range 100 {
						if _, err := st.Exec(g*100+i+1, fmt.Sprint("Nämnd ", g*100+i), 1, report, facts); err != nil {
							b.Fatal(err)
						}
					}
					st.Close()
					if err := tx.Commit(); err != nil {
						b.Fatal(err)
					}
				}
				b.StopTimer()
				var pages int
				db.QueryRow("PRAGMA page_count").Scan(&pages)
				b.ReportMetric(float64(pages*ps)/1e6, "MB")
				db.Close()
				b.StartTimer()
			}
		})
	}
}

// BenchmarkFromResult makes the record of a checked generated department
// and its canonical facts and findings, as submit's check workers do.
func BenchmarkFromResult(b *testing.B) {
	s, err := spec.Default()
	if err != nil {
		b.Fatal(err)
	}
	wbs, _ := fixtures.Batch(1)
	file := filepath.Join(b.TempDir(), "n.xlsx")
	if err := wbs[0].WriteFile(file); err != nil {
		b.Fatal(err)
	}
	res := check.File(s, file, check.Options{KeepTables: true})
	report := make([]byte, 11000)
	received := time.Now()
	b.ReportAllocs()
	for b.Loop() {
		r := FromResult(s, res, report, "v", received, nil)
		r.Prepare()
	}
}
