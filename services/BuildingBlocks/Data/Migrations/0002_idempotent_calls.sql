-- Changes a caller may retry after UNAVAILABLE or a lost answer: the first call with a key is done
-- once, in the same transaction as this row; a repeat with the same request is answered with the
-- stored response, a different request under the same key is refused (IdempotentCalls.cs).
CREATE TABLE idempotent_calls (
    method          text        NOT NULL,
    caller          text        NOT NULL,
    idempotency_key text        NOT NULL,
    request_hash    bytea       NOT NULL,
    response        bytea,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (method, caller, idempotency_key)
);
