-- Up Migration

-- The same range as before, with the transaction ids' bounds also given on their own. The planner
-- has no statistics for a row comparison and guessed that a range of 10,000 events held 17% of a
-- 1,000,000-event log, so it read the whole log sequentially for every range (300 ms a page in the
-- audit log's rebuild, and in every live batch, growing with the log). The plain bounds on
-- `transaction_id` are implied by the row comparisons, so the rows are the same; the planner
-- estimates them from the column's histogram and scans the commit-order index between them.
CREATE OR REPLACE FUNCTION event_envelopes_between(after_checkpoint text, up_to_checkpoint text)
RETURNS SETOF event_envelopes
LANGUAGE sql STABLE PARALLEL SAFE
AS $$
  SELECT *
  FROM event_envelopes e
  WHERE (e.transaction_id, e.global_position) > (coalesce(split_part(after_checkpoint, ':', 2), '0')::xid8,
                                                 coalesce(split_part(after_checkpoint, ':', 3), '0')::bigint)
    AND (e.transaction_id, e.global_position) <= (split_part(up_to_checkpoint, ':', 2)::xid8,
                                                  split_part(up_to_checkpoint, ':', 3)::bigint)
    AND e.transaction_id >= coalesce(split_part(after_checkpoint, ':', 2), '0')::xid8
    AND e.transaction_id <= split_part(up_to_checkpoint, ':', 2)::xid8
$$;

-- Down Migration

CREATE OR REPLACE FUNCTION event_envelopes_between(after_checkpoint text, up_to_checkpoint text)
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
