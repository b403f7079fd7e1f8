-- The submission history (issue 14), the same tables and views as on
-- SQLite. Decimals are text (strings inside the facts' JSON text, which is
-- kept as text, not jsonb, so its bytes are the ones hashed): all
-- arithmetic stays in Go. Rows are only ever added:
-- the triggers below refuse UPDATE, DELETE and TRUNCATE.

-- +goose Up
CREATE TABLE records (
    id          bigint PRIMARY KEY,
    kind        text   NOT NULL,
    record_hash text   NOT NULL,
    prev_chain  text   NOT NULL,
    chain       text   NOT NULL
);

CREATE TABLE submissions (
    record_id      bigint PRIMARY KEY REFERENCES records(id),
    department     text   NOT NULL,
    department_key text   NOT NULL,
    period         text   NOT NULL,
    period_key     text   NOT NULL,
    seq            bigint NOT NULL,
    received_at    text   NOT NULL,
    file_name      text   NOT NULL,
    sha256         text   NOT NULL,
    size           bigint NOT NULL,
    spec_name      text   NOT NULL,
    spec_version   text   NOT NULL,
    tool_version   text   NOT NULL,
    status         text   NOT NULL,
    errors         bigint NOT NULL,
    warnings       bigint NOT NULL,
    infos          bigint NOT NULL,
    report         bytea  NOT NULL,
    workbook       bytea,
    facts          text   NOT NULL,
    findings       text   NOT NULL,
    UNIQUE (department_key, period_key, seq)
);

CREATE INDEX submissions_period ON submissions (period_key, department_key);

-- +goose StatementBegin
CREATE FUNCTION rapportkoll_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'rapportkoll: the history is append-only';
END;
$$;
-- +goose StatementEnd

CREATE TRIGGER records_append_only BEFORE UPDATE OR DELETE ON records
    FOR EACH ROW EXECUTE FUNCTION rapportkoll_append_only();
CREATE TRIGGER records_no_truncate BEFORE TRUNCATE ON records
    FOR EACH STATEMENT EXECUTE FUNCTION rapportkoll_append_only();
CREATE TRIGGER submissions_append_only BEFORE UPDATE OR DELETE ON submissions
    FOR EACH ROW EXECUTE FUNCTION rapportkoll_append_only();
CREATE TRIGGER submissions_no_truncate BEFORE TRUNCATE ON submissions
    FOR EACH STATEMENT EXECUTE FUNCTION rapportkoll_append_only();

CREATE VIEW facts AS
SELECT s.record_id, f.n - 1 AS ord, f.v->>'sheet' AS sheet, f.v->>'row' AS row_key, f.v->>'column' AS col_key,
       f.v->>'kind' AS kind, f.v->>'value' AS value, (f.v->>'decimals')::int AS decimals, f.v->>'raw' AS raw,
       f.v->>'cell' AS cell
FROM submissions s, jsonb_array_elements(s.facts::jsonb) WITH ORDINALITY f(v, n);

CREATE VIEW findings AS
SELECT s.record_id, f.n - 1 AS ord, f.v->>'severity' AS severity, f.v->>'rule' AS rule, f.v->>'sheet' AS sheet,
       f.v->>'cell' AS cell, f.v->>'message' AS message, f.v->>'expected' AS expected, f.v->>'actual' AS actual
FROM submissions s, jsonb_array_elements(s.findings::jsonb) WITH ORDINALITY f(v, n);

-- +goose Down
-- The history is never migrated down: a newer schema is refused instead.
