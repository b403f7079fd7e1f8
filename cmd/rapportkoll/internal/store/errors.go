package store

import (
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"
)

// Why a database could not be used. Errors from this package wrap one of
// these in an *Error; the command line turns each into a message.
var (
	ErrMissing        = errors.New("the database does not exist")
	ErrCannotOpen     = errors.New("the database cannot be opened")
	ErrNotDatabase    = errors.New("the file is not a database")
	ErrNotRapportkoll = errors.New("the database is not a rapportkoll history")
	ErrSchemaNewer    = errors.New("the database was made by a newer rapportkoll")
	ErrSchemaOlder    = errors.New("the database has an older schema")
	ErrLocked         = errors.New("the database is locked by another program")
	ErrReadOnly       = errors.New("the database is read-only")
	ErrDiskFull       = errors.New("the disk is full")
	ErrAppendOnly     = errors.New("the history is append-only")
	ErrNotFound       = errors.New("no such submission")
	ErrFailed         = errors.New("the database failed")
)

// Error is a database problem: which sentinel, where, and the driver's
// own error for the log.
type Error struct {
	Err   error  // one of the sentinels above
	Where string // the file or address
	Cause error  // the driver's error, or nil
}

func (e *Error) Error() string {
	if e.Cause != nil {
		return fmt.Sprintf("%s: %v: %v", e.Where, e.Err, e.Cause)
	}
	return fmt.Sprintf("%s: %v", e.Where, e.Err)
}

// Unwrap lets errors.Is find the sentinel and the cause.
func (e *Error) Unwrap() []error { return []error{e.Err, e.Cause} }

// wrap classifies a driver error.
func (s *Store) wrap(err error) error {
	if err == nil {
		return nil
	}
	var e *Error
	if errors.As(err, &e) {
		return err
	}
	if s.dialect == SQLite {
		return s.sqliteError(err)
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "53100":
			return &Error{Err: ErrDiskFull, Where: s.where, Cause: err}
		case pe.Code == "25006":
			return &Error{Err: ErrReadOnly, Where: s.where, Cause: err}
		case pe.Code == "55P03" || pe.Code == "40P01":
			return &Error{Err: ErrLocked, Where: s.where, Cause: err}
		case pe.Code == "P0001" && pe.Message == appendOnlyMessage:
			return &Error{Err: ErrAppendOnly, Where: s.where, Cause: err}
		}
	}
	return &Error{Err: ErrFailed, Where: s.where, Cause: err}
}

const appendOnlyMessage = "rapportkoll: the history is append-only"

func (s *Store) sqliteError(err error) error {
	if err == nil {
		return nil
	}
	var se *sqlite.Error
	if !errors.As(err, &se) {
		return &Error{Err: ErrFailed, Where: s.where, Cause: err}
	}
	sentinel := ErrFailed
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED:
		sentinel = ErrLocked
	case sqlite3.SQLITE_READONLY:
		sentinel = ErrReadOnly
	case sqlite3.SQLITE_FULL:
		sentinel = ErrDiskFull
	case sqlite3.SQLITE_NOTADB:
		sentinel = ErrNotDatabase
	case sqlite3.SQLITE_CANTOPEN, sqlite3.SQLITE_PERM, sqlite3.SQLITE_AUTH:
		sentinel = ErrCannotOpen
	case sqlite3.SQLITE_CORRUPT:
		sentinel = ErrNotDatabase
	case sqlite3.SQLITE_CONSTRAINT:
		if se.Code() == sqlite3.SQLITE_CONSTRAINT_TRIGGER {
			sentinel = ErrAppendOnly
		}
	}
	return &Error{Err: sentinel, Where: s.where, Cause: err}
}
