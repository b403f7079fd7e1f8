-- The submission history (issue 14), the same tables as on SQLite.
-- Decimals are text: all arithmetic stays in Go. Rows are only ever added:
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
    UNIQUE (department_key, period_key, seq)
);

CREATE TABLE facts (
    record_id bigint NOT NULL REFERENCES records(id),
    ord       bigint NOT NULL,
    sheet     text   NOT NULL,
    row_key   text   NOT NULL,
    col_key   text   NOT NULL,
    kind      text   NOT NULL,
    value     text   NOT NULL,
    decimals  bigint NOT NULL,
    raw       text   NOT NULL,
    cell      text   NOT NULL,
    PRIMARY KEY (record_id, ord)
);

CREATE TABLE findings (
    record_id bigint NOT NULL REFERENCES records(id),
    ord       bigint NOT NULL,
    severity  text   NOT NULL,
    rule      text   NOT NULL,
    sheet     text   NOT NULL,
    cell      text   NOT NULL,
    message   text   NOT NULL,
    expected  text   NOT NULL,
    actual    text   NOT NULL,
    PRIMARY KEY (record_id, ord)
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
CREATE TRIGGER facts_append_only BEFORE UPDATE OR DELETE ON facts
    FOR EACH ROW EXECUTE FUNCTION rapportkoll_append_only();
CREATE TRIGGER facts_no_truncate BEFORE TRUNCATE ON facts
    FOR EACH STATEMENT EXECUTE FUNCTION rapportkoll_append_only();
CREATE TRIGGER findings_append_only BEFORE UPDATE OR DELETE ON findings
    FOR EACH ROW EXECUTE FUNCTION rapportkoll_append_only();
CREATE TRIGGER findings_no_truncate BEFORE TRUNCATE ON findings
    FOR EACH STATEMENT EXECUTE FUNCTION rapportkoll_append_only();

-- +goose Down
-- The history is never migrated down: a newer schema is refused instead.
