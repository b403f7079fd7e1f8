-- The submission history (issue 14). Every table is STRICT, so a value
-- keeps the type it was written with: a decimal written as TEXT comes back
-- as that TEXT, byte for byte (a NUMERIC column would turn '1234.50' into
-- the REAL 1234.5). A submission's facts and findings are one JSON array
-- each, in the canonical form its hash covers, decimals as strings (one
-- value to bind instead of thousands: the store must cost less than the
-- check); the views facts and findings show them as rows. Rows are only
-- ever added: the triggers below refuse UPDATE and DELETE.

-- +goose Up
-- +goose StatementBegin
CREATE TABLE records (
    id          INTEGER PRIMARY KEY,      -- position in the chain, 1, 2, 3, ...
    kind        TEXT    NOT NULL,         -- 'submission'; later also 'consolidation', ...
    record_hash TEXT    NOT NULL,         -- SHA-256 of the record's canonical form
    prev_chain  TEXT    NOT NULL,         -- the chain value before this record
    chain       TEXT    NOT NULL          -- SHA-256 of prev_chain and record_hash
) STRICT;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TABLE submissions (
    record_id      INTEGER PRIMARY KEY REFERENCES records(id),
    department     TEXT    NOT NULL,
    department_key TEXT    NOT NULL,      -- importer.NameKey, for the sequence
    period         TEXT    NOT NULL,
    period_key     TEXT    NOT NULL,
    seq            INTEGER NOT NULL,      -- 1 for the first file of (department, period), 2 for a resubmission, ...
    received_at    TEXT    NOT NULL,
    file_name      TEXT    NOT NULL,
    sha256         TEXT    NOT NULL,
    size           INTEGER NOT NULL,
    spec_name      TEXT    NOT NULL,
    spec_version   TEXT    NOT NULL,
    tool_version   TEXT    NOT NULL,
    status         TEXT    NOT NULL,
    errors         INTEGER NOT NULL,
    warnings       INTEGER NOT NULL,
    infos          INTEGER NOT NULL,
    report         BLOB    NOT NULL,      -- the JSON report exactly as shown
    workbook       BLOB,                  -- the file's bytes, only with --keep-files
    facts          TEXT    NOT NULL,      -- every value read, as in the canonical form (see the view facts)
    findings       TEXT    NOT NULL,      -- every finding, as in the canonical form (see the view findings)
    UNIQUE (department_key, period_key, seq)
) STRICT;
-- +goose StatementEnd

CREATE INDEX submissions_period ON submissions (period_key, department_key);

-- +goose StatementBegin
CREATE TRIGGER records_no_update BEFORE UPDATE ON records
BEGIN SELECT RAISE(ABORT, 'rapportkoll: the history is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER records_no_delete BEFORE DELETE ON records
BEGIN SELECT RAISE(ABORT, 'rapportkoll: the history is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER submissions_no_update BEFORE UPDATE ON submissions
BEGIN SELECT RAISE(ABORT, 'rapportkoll: the history is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER submissions_no_delete BEFORE DELETE ON submissions
BEGIN SELECT RAISE(ABORT, 'rapportkoll: the history is append-only'); END;
-- +goose StatementEnd
-- Every fact and finding as a row, for SQL: the values stay TEXT
-- (->> of a JSON string is TEXT), so '1234.50' is still '1234.50'.
-- +goose StatementBegin
CREATE VIEW facts AS
SELECT s.record_id, CAST(f.key AS INTEGER) AS ord, f.value->>'sheet' AS sheet, f.value->>'row' AS row_key,
       f.value->>'column' AS col_key, f.value->>'kind' AS kind, f.value->>'value' AS value,
       f.value->>'decimals' AS decimals, f.value->>'raw' AS raw, f.value->>'cell' AS cell
FROM submissions s, json_each(s.facts) f;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE VIEW findings AS
SELECT s.record_id, CAST(f.key AS INTEGER) AS ord, f.value->>'severity' AS severity, f.value->>'rule' AS rule,
       f.value->>'sheet' AS sheet, f.value->>'cell' AS cell, f.value->>'message' AS message,
       f.value->>'expected' AS expected, f.value->>'actual' AS actual
FROM submissions s, json_each(s.findings) f;
-- +goose StatementEnd

-- +goose Down
-- The history is never migrated down: a newer schema is refused instead.
