-- An outbox row that cannot be read (a type this build does not know, a body that does not parse)
-- can never be published. It is tried a few times (another instance, of a newer build, may know the
-- type), counted in attempts, and then set aside in outbox_dead_letters so that it no longer holds
-- up the rows behind it. Nothing is dropped: a row set aside can be put back by hand.
ALTER TABLE outbox_messages ADD COLUMN attempts integer NOT NULL DEFAULT 0;

CREATE TABLE outbox_dead_letters (
    id               uuid        PRIMARY KEY,
    sequence         bigint      NOT NULL,
    message_type     text        NOT NULL,
    body             bytea       NOT NULL,
    created_at       timestamptz NOT NULL,
    attempts         integer     NOT NULL,
    reason           text        NOT NULL,
    dead_lettered_at timestamptz NOT NULL
);

-- Inbox retention deletes rows past a configured age, oldest first, in small batches.
CREATE INDEX ix_inbox_messages_processed_at ON inbox_messages (processed_at);
