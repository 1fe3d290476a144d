-- The capture's heartbeat is now a logical decoding message (pg_logical_emit_message), which needs no
-- table, no write privilege and no place in the publication: the capture's role keeps only REPLICATION
-- and SELECT on the five tables. Dropping the table also drops it from any publication that listed it.
DROP TABLE IF EXISTS menuca_v3.cdc_heartbeat;
