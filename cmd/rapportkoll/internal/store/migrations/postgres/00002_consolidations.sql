-- Consolidations (issue 14), the same table as on SQLite. Rows are only
-- ever added: the triggers refuse UPDATE, DELETE and TRUNCATE.

-- +goose Up
CREATE TABLE consolidations (
    record_id    bigint PRIMARY KEY REFERENCES records(id),
    period       text   NOT NULL,
    period_key   text   NOT NULL,
    created_at   text   NOT NULL,
    spec_name    text   NOT NULL,
    spec_version text   NOT NULL,
    tool_version text   NOT NULL,
    strict       bigint NOT NULL,
    inputs       text   NOT NULL
);

CREATE INDEX consolidations_period ON consolidations (period_key);

CREATE TRIGGER consolidations_append_only BEFORE UPDATE OR DELETE ON consolidations
    FOR EACH ROW EXECUTE FUNCTION rapportkoll_append_only();
CREATE TRIGGER consolidations_no_truncate BEFORE TRUNCATE ON consolidations
    FOR EACH STATEMENT EXECUTE FUNCTION rapportkoll_append_only();

-- +goose Down
-- The history is never migrated down: a newer schema is refused instead.
