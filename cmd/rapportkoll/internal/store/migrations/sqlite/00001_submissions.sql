-- The submission history (issue 14). Every table is STRICT, so a value
-- keeps the type it was written with: a decimal written as TEXT comes back
-- as that TEXT, byte for byte (a NUMERIC column would turn '1234.50' into
-- the REAL 1234.5). Rows are only ever added: the triggers below refuse
-- UPDATE and DELETE.

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
    department_key TEXT    NOT NULL,      -- normalised, for the sequence
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
    UNIQUE (department_key, period_key, seq)
) STRICT;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TABLE facts (
    record_id INTEGER NOT NULL REFERENCES records(id),
    ord       INTEGER NOT NULL,
    sheet     TEXT    NOT NULL,
    row_key   TEXT    NOT NULL,           -- the row's normalised label
    col_key   TEXT    NOT NULL,           -- the column's spec header
    kind      TEXT    NOT NULL,           -- number, text, date, invalid
    value     TEXT    NOT NULL,           -- canonical decimal text for numbers
    decimals  INTEGER NOT NULL,           -- the decimals the column states
    raw       TEXT    NOT NULL,
    cell      TEXT    NOT NULL,
    PRIMARY KEY (record_id, ord)
) STRICT, WITHOUT ROWID;
-- +goose StatementEnd

-- +goose StatementBegin
CREATE TABLE findings (
    record_id INTEGER NOT NULL REFERENCES records(id),
    ord       INTEGER NOT NULL,
    severity  TEXT    NOT NULL,
    rule      TEXT    NOT NULL,
    sheet     TEXT    NOT NULL,
    cell      TEXT    NOT NULL,
    message   TEXT    NOT NULL,
    expected  TEXT    NOT NULL,
    actual    TEXT    NOT NULL,
    PRIMARY KEY (record_id, ord)
) STRICT, WITHOUT ROWID;
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
-- +goose StatementBegin
CREATE TRIGGER facts_no_update BEFORE UPDATE ON facts
BEGIN SELECT RAISE(ABORT, 'rapportkoll: the history is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER facts_no_delete BEFORE DELETE ON facts
BEGIN SELECT RAISE(ABORT, 'rapportkoll: the history is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER findings_no_update BEFORE UPDATE ON findings
BEGIN SELECT RAISE(ABORT, 'rapportkoll: the history is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER findings_no_delete BEFORE DELETE ON findings
BEGIN SELECT RAISE(ABORT, 'rapportkoll: the history is append-only'); END;
-- +goose StatementEnd

-- +goose Down
-- The history is never migrated down: a newer schema is refused instead.
