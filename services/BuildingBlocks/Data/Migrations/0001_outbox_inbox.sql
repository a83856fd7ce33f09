-- Every service's database carries the transactional outbox and the consumer inbox.
CREATE TABLE outbox_messages (
    id           uuid        PRIMARY KEY,
    sequence     bigint      GENERATED ALWAYS AS IDENTITY,
    message_type text        NOT NULL,
    body         bytea       NOT NULL,
    created_at   timestamptz NOT NULL
);
CREATE INDEX ix_outbox_messages_sequence ON outbox_messages (sequence);

CREATE TABLE inbox_messages (
    message_id   uuid        NOT NULL,
    consumer     text        NOT NULL,
    processed_at timestamptz NOT NULL,
    PRIMARY KEY (message_id, consumer)
);
