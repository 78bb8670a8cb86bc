-- Up Migration

-- The envelopes of a range of the log in checkpoint order terms: after `after_checkpoint`
-- (exclusive; NULL: from the start) up to `up_to_checkpoint` (inclusive), both as
-- `event_envelopes.checkpoint` encodes them (pg:<transaction id>:<global position>). A read model
-- whose rows are a function of the envelope alone (the audit log) inserts a whole range with one
-- statement, so a rebuild of it reads nothing into the process but where its ranges end
-- (`EventStore.readPageEnd`). A plain SQL function over the view: the planner inlines it and scans
-- the commit-order index between the two bounds.
CREATE FUNCTION event_envelopes_between(after_checkpoint text, up_to_checkpoint text)
RETURNS SETOF event_envelopes
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT *
  FROM event_envelopes e
  WHERE (e.transaction_id, e.global_position) > (coalesce(split_part(after_checkpoint, ':', 2), '0')::xid8,
                                                 coalesce(split_part(after_checkpoint, ':', 3), '0')::bigint)
    AND (e.transaction_id, e.global_position) <= (split_part(up_to_checkpoint, ':', 2)::xid8,
                                                  split_part(up_to_checkpoint, ':', 3)::bigint)
$$;

-- Down Migration

DROP FUNCTION event_envelopes_between(text, text);
