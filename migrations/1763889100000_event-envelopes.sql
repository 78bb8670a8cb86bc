-- Up Migration

-- Every recorded event's envelope (no payload), with its checkpoint as the store encodes it
-- (`encodeCheckpoint`: pg:<transaction id>:<global position>). Read models kept in this database
-- whose rows are a function of the envelope alone (the audit log) select from it by position, so
-- those events need not travel to the process and back as rows to insert.
CREATE VIEW event_envelopes AS
SELECT global_position,
       transaction_id,
       'pg:' || transaction_id::text || ':' || global_position::text AS checkpoint,
       event_id,
       stream_id,
       revision,
       type,
       schema_version,
       metadata,
       occurred_at,
       recorded_at,
       previous_hash,
       hash
FROM events;

-- Down Migration

DROP VIEW event_envelopes;
