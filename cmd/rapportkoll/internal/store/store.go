// Package store keeps the history of submissions: an append-only, hash
// chained record of every file submitted, what was read from it and what
// was found, in SQLite (one file, embedded) or PostgreSQL (shared).
//
// The store never checks anything itself: the caller checks a file and
// hands over a Record (see FromResult). Decimals are stored as text and
// all arithmetic stays in Go.
package store

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // database/sql driver "pgx"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"
	_ "modernc.org/sqlite" // database/sql driver "sqlite"
)

//go:embed migrations
var migrations embed.FS

// Dialect is the database engine.
type Dialect int

// The engines.
const (
	SQLite Dialect = iota + 1
	Postgres
)

// Options tune Open.
type Options struct {
	// ReadOnly opens an existing database for reading: nothing is created
	// or migrated (historik list, diff, verify).
	ReadOnly bool
	// BusyTimeout is how long a write waits for another writer; 0 means
	// DefaultBusyTimeout.
	BusyTimeout time.Duration

	maxPages   int    // SQLite: PRAGMA max_page_count, to test a full disk
	beforeSave func() // called inside the write transaction, before COMMIT (tests)
}

// newPageSize is the page size of a new SQLite database. A submission is
// about 40 KB (its report, facts and findings): on SQLite's default 4 KiB
// pages a chain of ten overflow pages, each written to the WAL and then
// to the database by a system call of its own. On 8 KiB pages storing
// 1,000 of them took about a fifth less time (BenchmarkPageSize) in a file
// of the same size (1,000 generated departments: 43.1 MB, 43.4 on 4 KiB);
// 16 KiB pages were faster still but made the file 14 % larger, the last
// page of each submission's chain half empty on average.
const newPageSize = 8192

// DefaultBusyTimeout is how long a write waits for the database.
const DefaultBusyTimeout = 30 * time.Second

// Store is an open history.
type Store struct {
	dialect Dialect
	where   string  // the file, or the PostgreSQL address without its password
	db      *sql.DB // reads
	writer  *sql.DB // the one writer connection (SQLite); db on PostgreSQL
	opt     Options

	mu sync.Mutex // serialises the appends of this process
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens the history named by dsn: a file name for SQLite, a
// postgres:// address for PostgreSQL. Unless opt.ReadOnly, a new database
// is created and an older schema migrated. Errors wrap the sentinels of
// errors.go.
func Open(ctx context.Context, dsn string, opt Options) (*Store, error) {
	if opt.BusyTimeout <= 0 {
		opt.BusyTimeout = DefaultBusyTimeout
	}
	// The first submits to a new database race to create it, and SQLite
	// answers a change of journal mode with "busy" without waiting: such
	// an open is tried again until the busy timeout has passed.
	deadline := time.Now().Add(opt.BusyTimeout)
	for attempt := 1; ; attempt++ {
		s, err := open1(ctx, dsn, opt)
		if err == nil {
			return s, nil
		}
		if !(errors.Is(err, ErrLocked) || errors.Is(err, ErrFailed)) || time.Now().After(deadline) || ctx.Err() != nil {
			return nil, err
		}
		time.Sleep(time.Duration(min(attempt, 10)) * 50 * time.Millisecond)
	}
}

func open1(ctx context.Context, dsn string, opt Options) (*Store, error) {
	s := &Store{opt: opt}
	var err error
	if IsPostgres(dsn) {
		err = s.openPostgres(ctx, dsn)
	} else {
		err = s.openSQLite(ctx, dsn)
	}
	if err == nil {
		err = s.prepare(ctx)
	}
	if err != nil {
		s.Close()
		return nil, err
	}
	return s, nil
}

func (s *Store) openSQLite(ctx context.Context, file string) error {
	s.dialect, s.where = SQLite, file
	st, err := os.Stat(file)
	switch {
	case err == nil && st.IsDir():
		return &Error{Err: ErrNotDatabase, Where: file}
	case errors.Is(err, fs.ErrNotExist) && s.opt.ReadOnly:
		return &Error{Err: ErrMissing, Where: file}
	case errors.Is(err, fs.ErrNotExist):
		if _, err := os.Stat(filepath.Dir(file)); err != nil {
			return &Error{Err: ErrMissing, Where: filepath.Dir(file), Cause: err}
		}
	case err != nil:
		return &Error{Err: ErrCannotOpen, Where: file, Cause: err}
	}
	ms := s.opt.BusyTimeout.Milliseconds()
	q := fmt.Sprintf("_pragma=busy_timeout(%d)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_txlock=immediate", ms)
	if s.opt.maxPages > 0 {
		q += fmt.Sprintf("&_pragma=max_page_count(%d)", s.opt.maxPages)
	}
	name := "file:" + escapePath(file)
	if s.opt.ReadOnly {
		s.db, err = sql.Open("sqlite", name+"?mode=ro&"+q)
		if err != nil {
			return &Error{Err: ErrCannotOpen, Where: file, Cause: err}
		}
		s.writer = s.db
		return s.sqliteError(s.db.PingContext(ctx))
	}
	// One writer connection: appends are serialised inside the process,
	// and BEGIN IMMEDIATE with the busy timeout serialises them between
	// processes, so the chain has no forks.
	s.writer, err = sql.Open("sqlite", name+"?"+q)
	if err != nil {
		return &Error{Err: ErrCannotOpen, Where: file, Cause: err}
	}
	s.writer.SetMaxOpenConns(1)
	s.writer.SetMaxIdleConns(1)
	s.writer.SetConnMaxLifetime(0)
	if err := s.sqliteError(s.writer.PingContext(ctx)); err != nil {
		return err
	}
	// A new database gets pages of newPageSize; the page size is set
	// before the journal mode, whose change writes the first page. An
	// existing database keeps its pages (SQLite ignores the pragma), and
	// WAL, once set, stays set in the file.
	for _, pragma := range []string{fmt.Sprintf("PRAGMA page_size = %d", newPageSize), "PRAGMA journal_mode = WAL"} {
		if _, err := s.writer.ExecContext(ctx, pragma); err != nil {
			return s.sqliteError(err)
		}
	}
	// Reads go through connections of their own: in WAL mode a reader
	// sees the last committed state while the writer writes, so that a
	// check asking for last year's report (or a page of the web server)
	// does not wait for an append's transaction.
	s.db, err = sql.Open("sqlite", name+"?mode=ro&"+q)
	if err != nil {
		return &Error{Err: ErrCannotOpen, Where: file, Cause: err}
	}
	s.db.SetMaxOpenConns(4)
	return nil
}

func (s *Store) openPostgres(ctx context.Context, dsn string) error {
	s.dialect, s.where = Postgres, redact(dsn)
	if s.opt.ReadOnly {
		// Every connection of the pool, not only the first, is read-only.
		u, err := url.Parse(dsn)
		if err != nil {
			// url's error quotes the whole address, password and all
			return &Error{Err: ErrCannotOpen, Where: s.where, Cause: errors.New("the address cannot be read (check its host, port and punctuation)")}
		}
		q := u.Query()
		q.Set("default_transaction_read_only", "on")
		u.RawQuery = q.Encode()
		dsn = u.String()
	}
	db, err := sql.Open("pgx", dsn)
	if err != nil {
		return &Error{Err: ErrCannotOpen, Where: s.where, Cause: err}
	}
	s.db, s.writer = db, db
	db.SetMaxOpenConns(4)
	if err := db.PingContext(ctx); err != nil {
		return &Error{Err: ErrCannotOpen, Where: s.where, Cause: err}
	}
	return nil
}

// Close closes the database. A SQLite store's readers are closed before
// its writer: the last connection to close moves the write-ahead log into
// the database file and removes it, which a read-only connection cannot,
// so that the database file alone holds every record (a copy of it is
// whole) once no other process has it open.
func (s *Store) Close() error {
	var err error
	if s.db != nil {
		err = s.db.Close()
	}
	if s.writer != nil && s.writer != s.db {
		err = errors.Join(err, s.writer.Close())
	}
	return err
}

// Where names the database for messages: the file, or the PostgreSQL
// address without its password.
func (s *Store) Where() string { return s.where }

// prepare refuses a database that is not rapportkoll's or is newer than
// this binary, and (unless read-only) creates or migrates the schema.
func (s *Store) prepare(ctx context.Context) error {
	tables, err := s.tableNames(ctx)
	if err != nil {
		return s.wrap(err)
	}
	_, hasGoose := tables[versionTable]
	_, hasRecords := tables["records"]
	switch {
	case len(tables) > 0 && !hasGoose: // another program's database
		return &Error{Err: ErrNotRapportkoll, Where: s.where}
	case !hasRecords && s.opt.ReadOnly: // empty: nothing was ever submitted
		return &Error{Err: ErrNotRapportkoll, Where: s.where}
	}
	p, err := s.provider()
	if err != nil {
		return s.wrap(err)
	}
	known := int64(0)
	for _, src := range p.ListSources() {
		known = max(known, src.Version)
	}
	if hasGoose {
		current, err := p.GetDBVersion(ctx)
		if err != nil {
			return s.wrap(err)
		}
		if current > known {
			return &Error{Err: ErrSchemaNewer, Where: s.where, Cause: fmt.Errorf("schema %d, this rapportkoll knows %d", current, known)}
		}
		if current == known {
			return nil
		}
		if s.opt.ReadOnly {
			return &Error{Err: ErrSchemaOlder, Where: s.where}
		}
	}
	if _, err := p.Up(ctx); err != nil {
		return s.wrap(err)
	}
	return nil
}

// migrationLockID is the advisory lock held while the schema is migrated
// on PostgreSQL (the CRC-32 of "rapportkoll").
const migrationLockID = 0xbab944db

// versionTable is goose's table of applied migrations.
const versionTable = "rapportkoll_schema"

func (s *Store) provider() (*goose.Provider, error) {
	dir, dialect := "migrations/sqlite", goose.DialectSQLite3
	if s.dialect == Postgres {
		dir, dialect = "migrations/postgres", goose.DialectPostgres
	}
	sub, err := fs.Sub(migrations, dir)
	if err != nil {
		return nil, err
	}
	opts := []goose.ProviderOption{goose.WithTableName(versionTable), goose.WithDisableGlobalRegistry(true)}
	if s.dialect == Postgres {
		// Two first submits at once must not both create the tables.
		l, err := lock.NewPostgresSessionLocker(lock.WithLockID(migrationLockID), lock.WithLockTimeout(1, 120))
		if err != nil {
			return nil, err
		}
		opts = append(opts, goose.WithSessionLocker(l))
	}
	return goose.NewProvider(dialect, s.writer, sub, opts...)
}

// tableNames lists the tables of the database (the current schema on
// PostgreSQL).
func (s *Store) tableNames(ctx context.Context) (map[string]struct{}, error) {
	q := "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
	if s.dialect == Postgres {
		q = "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema()"
	}
	rows, err := s.db.QueryContext(ctx, q)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]struct{}{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out[n] = struct{}{}
	}
	return out, rows.Err()
}

// rebind turns ? placeholders into PostgreSQL's $1, $2, ...
func (s *Store) rebind(q string) string {
	if s.dialect != Postgres {
		return q
	}
	var b strings.Builder
	n := 0
	for _, c := range q {
		if c == '?' {
			n++
			fmt.Fprintf(&b, "$%d", n)
			continue
		}
		b.WriteRune(c)
	}
	return b.String()
}

// escapePath makes a file name safe inside a file: URI.
func escapePath(p string) string {
	r := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23")
	return r.Replace(p)
}

// redact removes the password from a PostgreSQL address: in its user part
// and as a password= parameter. An address that does not parse is shown
// only by its scheme, since it may hold a password where it failed.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.Scheme == "" {
		if i := strings.Index(dsn, "://"); i >= 0 {
			return dsn[:i+3] + "…"
		}
		return "…"
	}
	if q := u.Query(); q.Has("password") {
		q.Set("password", "xxxxx")
		u.RawQuery = q.Encode()
	}
	return u.Redacted()
}
