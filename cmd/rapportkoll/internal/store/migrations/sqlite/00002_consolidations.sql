-- Consolidations (issue 14): a record of kind 'consolidation' says which
-- submissions a consolidation used. inputs is one JSON array in the
-- canonical form the record's hash covers; its entries name the
-- submissions by record id and SHA-256 (record 0: a file that could not be
-- stored, such as an unreadable one). Rows are only ever added.

-- +goose Up
-- +goose StatementBegin
CREATE TABLE consolidations (
    record_id    INTEGER PRIMARY KEY REFERENCES records(id),
    period       TEXT    NOT NULL,
    period_key   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    spec_name    TEXT    NOT NULL,
    spec_version TEXT    NOT NULL,
    tool_version TEXT    NOT NULL,
    strict       INTEGER NOT NULL,      -- 1 with --strict
    inputs       TEXT    NOT NULL       -- the submissions used, as in the canonical form
) STRICT;
-- +goose StatementEnd

CREATE INDEX consolidations_period ON consolidations (period_key);

-- +goose StatementBegin
CREATE TRIGGER consolidations_no_update BEFORE UPDATE ON consolidations
BEGIN SELECT RAISE(ABORT, 'rapportkoll: the history is append-only'); END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER consolidations_no_delete BEFORE DELETE ON consolidations
BEGIN SELECT RAISE(ABORT, 'rapportkoll: the history is append-only'); END;
-- +goose StatementEnd

-- +goose Down
-- The history is never migrated down: a newer schema is refused instead.
