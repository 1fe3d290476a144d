-- This service's own state. Created at start (spring.sql.init.mode), idempotently.
CREATE TABLE IF NOT EXISTS handled_events (
    event_id      text PRIMARY KEY,
    type          text NOT NULL,
    restaurant_id bigint NOT NULL,
    customer_id   bigint,
    occurred_at   timestamptz NOT NULL,
    handled_at    timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE IF NOT EXISTS customer_savings (
    customer_id bigint PRIMARY KEY,
    redemptions bigint NOT NULL,
    saved       numeric(12, 2) NOT NULL
);
CREATE TABLE IF NOT EXISTS latest_counts (
    scope          text NOT NULL,
    id             bigint NOT NULL,
    total          bigint NOT NULL,
    discount_total numeric(12, 2) NOT NULL,
    PRIMARY KEY (scope, id)
);
CREATE TABLE IF NOT EXISTS usage_changes (
    lsn              bigint NOT NULL,
    usage_id         bigint NOT NULL,
    op               text NOT NULL,
    customer_id      bigint NOT NULL,
    discount_applied numeric(10, 2) NOT NULL,
    committed_at     timestamptz NOT NULL,
    PRIMARY KEY (lsn, usage_id)
);
