package store

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base32"
	"encoding/hex"
	"errors"
	"strings"
	"time"

	"github.com/rapportkoll/rapportkoll/importer"
)

// Roles of access keys.
const (
	RoleDepartment = "namnd"   // one department's key: checks and submits its own files
	RoleFinance    = "ekonomi" // the finance department: every period page
	RoleAuditor    = "revisor" // the auditors: read-only, every history
)

// ErrNoKey is the error of a key that is unknown or revoked.
var ErrNoKey = errors.New("no such access key")

// Key is an access key as stored: never the key itself, only its hash.
type Key struct {
	ID         int64
	Role       string
	Department string // the department of a RoleDepartment key, else ""
	Created    string
}

// keyEncoding writes keys in letters and digits that survive copying:
// base32 without padding, lower case.
var keyEncoding = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewKey makes a key of 32 random bytes; it is shown once and only its
// hash is stored (CreateKey).
func NewKey() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return strings.ToLower(keyEncoding.EncodeToString(b)), nil
}

// KeyHash is the hash a key is stored and looked up by.
func KeyHash(key string) string {
	sum := sha256.Sum256([]byte(strings.ToLower(strings.TrimSpace(key))))
	return hex.EncodeToString(sum[:])
}

// CreateKey makes and stores a new key of role (for department, with
// RoleDepartment) and returns the key, to be shown once.
func (s *Store) CreateKey(ctx context.Context, role, department string, now time.Time) (string, Key, error) {
	switch role {
	case RoleDepartment:
		if importer.NameKey(department) == "" {
			return "", Key{}, errors.New("a department key needs the department's name")
		}
	case RoleFinance, RoleAuditor:
		department = ""
	default:
		return "", Key{}, errors.New("unknown role " + role)
	}
	key, err := NewKey()
	if err != nil {
		return "", Key{}, err
	}
	k := Key{Role: role, Department: department, Created: FormatTime(now)}
	s.mu.Lock()
	defer s.mu.Unlock()
	err = s.writer.QueryRowContext(ctx, s.rebind(`INSERT INTO access_keys (key_hash, role, department, department_key, created_at)
		VALUES (?, ?, ?, ?, ?) RETURNING id`), KeyHash(key), role, department, importer.NameKey(department), k.Created).Scan(&k.ID)
	if err != nil {
		return "", Key{}, s.wrap(err)
	}
	return key, k, nil
}

// LookupKey returns the stored key whose hash is key's, or an error
// wrapping ErrNoKey when there is none or it was revoked.
func (s *Store) LookupKey(ctx context.Context, key string) (Key, error) {
	var k Key
	var revoked int
	err := s.db.QueryRowContext(ctx, s.rebind(`SELECT k.id, k.role, k.department, k.created_at,
		(SELECT COUNT(*) FROM key_revocations r WHERE r.key_id = k.id)
		FROM access_keys k WHERE k.key_hash = ?`), KeyHash(key)).Scan(&k.ID, &k.Role, &k.Department, &k.Created, &revoked)
	if err == sql.ErrNoRows || (err == nil && revoked > 0) {
		return Key{}, &Error{Err: ErrNoKey, Where: s.where}
	}
	if err != nil {
		return Key{}, s.wrap(err)
	}
	return k, nil
}

// RevokeKey revokes key id by an appended revocation row.
func (s *Store) RevokeKey(ctx context.Context, id int64, now time.Time) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	_, err := s.writer.ExecContext(ctx, s.rebind("INSERT INTO key_revocations (key_id, revoked_at) VALUES (?, ?)"), id, FormatTime(now))
	return s.wrap(err)
}

// KeyInfo is a stored key as `nyckel lista` shows it: never the key,
// only its id, role, department and dates.
type KeyInfo struct {
	Key
	Revoked string // when it was revoked, "" while it holds
}

// ListKeys returns every stored key, revoked ones too, by id.
func (s *Store) ListKeys(ctx context.Context) ([]KeyInfo, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT k.id, k.role, k.department, k.created_at, COALESCE(r.revoked_at, '')
		FROM access_keys k LEFT JOIN key_revocations r ON r.key_id = k.id ORDER BY k.id`)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	var out []KeyInfo
	for rows.Next() {
		var k KeyInfo
		if err := rows.Scan(&k.ID, &k.Role, &k.Department, &k.Created, &k.Revoked); err != nil {
			return nil, s.wrap(err)
		}
		out = append(out, k)
	}
	return out, s.wrap(rows.Err())
}

// RevokedKeys returns the ids of every revoked key. The table is small
// (a row per revoked key), so that the web page can read it whole every
// few seconds and end a revoked key's sessions.
func (s *Store) RevokedKeys(ctx context.Context) (map[int64]bool, error) {
	return s.idSet(ctx, `SELECT key_id FROM key_revocations`)
}

// idSet runs a query of one integer column and returns its values as a
// set.
func (s *Store) idSet(ctx context.Context, query string, args ...any) (map[int64]bool, error) {
	rows, err := s.db.QueryContext(ctx, s.rebind(query), args...)
	if err != nil {
		return nil, s.wrap(err)
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, s.wrap(err)
		}
		out[id] = true
	}
	return out, s.wrap(rows.Err())
}
