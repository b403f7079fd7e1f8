-- The web page (issue 15): access keys, the register of the departments
-- expected per period, and periods opened and closed. Keys are stored only
-- as their SHA-256; a key is revoked by an appended revocation row. The
-- register and the periods are histories of events: the latest event of a
-- period holds. Rows are only ever added. These tables are not part of the
-- hash chain of records.

-- +goose Up
-- +goose StatementBegin
CREATE TABLE access_keys (
    id             INTEGER PRIMARY KEY,
    key_hash       TEXT    NOT NULL UNIQUE,  -- hex SHA-256 of the key
    role           TEXT    NOT NULL,         -- namnd, ekonomi, revisor
    department     TEXT    NOT NULL,         -- the department of a namnd key, else ''
    department_key TEXT    NOT NULL,
    created_at     TEXT    NOT NULL
) STRICT;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TABLE key_revocations (
    key_id     INTEGER PRIMARY KEY REFERENCES access_keys(id),
    revoked_at TEXT    NOT NULL
) STRICT;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TABLE register_events (
    id          INTEGER PRIMARY KEY,
    period      TEXT    NOT NULL,
    period_key  TEXT    NOT NULL,
    departments TEXT    NOT NULL,  -- JSON array of the expected departments' names
    created_at  TEXT    NOT NULL
) STRICT;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TABLE period_events (
    id          INTEGER PRIMARY KEY,
    period      TEXT    NOT NULL,
    period_key  TEXT    NOT NULL,
    is_open     INTEGER NOT NULL,  -- 1 opened, 0 closed
    created_at  TEXT    NOT NULL
) STRICT;
-- +goose StatementEnd

CREATE INDEX register_events_period ON register_events (period_key, id);
CREATE INDEX period_events_period ON period_events (period_key, id);

-- +goose StatementBegin
CREATE TRIGGER access_keys_no_update BEFORE UPDATE ON access_keys
BEGIN SELECT RAISE(ABORT, 'rapportkoll: the history is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER access_keys_no_delete BEFORE DELETE ON access_keys
BEGIN SELECT RAISE(ABORT, 'rapportkoll: the history is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER key_revocations_no_update BEFORE UPDATE ON key_revocations
BEGIN SELECT RAISE(ABORT, 'rapportkoll: the history is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER key_revocations_no_delete BEFORE DELETE ON key_revocations
BEGIN SELECT RAISE(ABORT, 'rapportkoll: the history is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER register_events_no_update BEFORE UPDATE ON register_events
BEGIN SELECT RAISE(ABORT, 'rapportkoll: the history is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER register_events_no_delete BEFORE DELETE ON register_events
BEGIN SELECT RAISE(ABORT, 'rapportkoll: the history is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER period_events_no_update BEFORE UPDATE ON period_events
BEGIN SELECT RAISE(ABORT, 'rapportkoll: the history is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER period_events_no_delete BEFORE DELETE ON period_events
BEGIN SELECT RAISE(ABORT, 'rapportkoll: the history is append-only'); END;
-- +goose StatementEnd

-- +goose Down
-- The history is never migrated down: a newer schema is refused instead.
