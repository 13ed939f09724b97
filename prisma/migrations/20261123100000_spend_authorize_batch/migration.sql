-- authorizeSpend's common case for a batch of requests of one agent (and context) in one
-- statement (src/modules/budgets/spend-fast-path.ts). Concurrent requests that arrive while
-- one statement is running are sent together as the next one: the per-statement cost (locks,
-- planning, executor start, foreign-key checks, commit) is paid once per batch instead of once
-- per request. A batch of one is the single request of the previous function, which it replaces.
--
-- The batch is decided as if its requests came one after another in array order. It handles
-- the batch only if every request would be ALLOWED: a new requestKey each, windows that already
-- have a usage row, no due reservation to expire, no threshold crossed, nothing over a per-call
-- limit, and request i fitting what is left after requests 1..i-1 (outside the HIGH reserve
-- unless i is HIGH). Otherwise it writes nothing and returns NULL, and the caller decides the
-- requests one at a time; the general path (spend.service.ts authorizeIn) is the reference for
-- every rule.
DROP FUNCTION IF EXISTS agg_spend_authorize(uuid, uuid, uuid, numeric, "SpendPriority", text, text, uuid, timestamptz,
  timestamptz, "ActorType", text, text, text, text, text, text);

CREATE OR REPLACE FUNCTION agg_spend_authorize_batch(
  p_org uuid,
  p_agent uuid,
  p_context uuid,
  p_now timestamptz,
  p_channel text,
  -- One element per request, in order.
  p_amounts numeric[],
  p_priorities "SpendPriority"[],
  p_services text[],
  p_request_keys text[],
  p_reservations uuid[],
  p_expires_at timestamptz[],
  p_actor_types "ActorType"[],
  p_actor_ids text[],
  p_request_ids text[],
  -- Formatted by the caller exactly as the general path formats them.
  p_requested text[],
  p_occurred_at text[]
) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  n int := cardinality(p_request_keys);
  tz text;
  b record;
  u record;
  ws timestamptz;
  total numeric;
  utilization float8;
  ids uuid[] := '{}';
  starts timestamptz[] := '{}';
  remaining jsonb[];
  holds jsonb := '[]';
  decisions jsonb[];
  inserted int;
  budget_ids text;
  payloads text[] := '{}';
  seqs bigint[] := '{}';
  prevs text[] := '{}';
  hashes text[] := '{}';
  seq bigint;
  prev text;
  hash text;
BEGIN
  IF n = 0 THEN RETURN '[]'; END IF;
  SELECT o."timeZone" INTO tz
    FROM "Agent" a JOIN "Organization" o ON o.id = a."organizationId"
   WHERE a.id = p_agent AND a."organizationId" = p_org;
  IF NOT FOUND THEN RETURN NULL; END IF;
  IF p_context IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM "AgentContext" WHERE id = p_context AND "organizationId" = p_org) THEN
    RETURN NULL;
  END IF;
  -- A retry, or one requestKey twice in the batch: decided one at a time.
  IF (SELECT count(DISTINCT k) FROM unnest(p_request_keys) AS k) <> n
     OR EXISTS (SELECT 1 FROM "SpendReservation"
                 WHERE "organizationId" = p_org AND "requestKey" = ANY (p_request_keys)) THEN
    RETURN NULL;
  END IF;
  total := (SELECT sum(a) FROM unnest(p_amounts) AS a);
  remaining := array_fill('[]'::jsonb, ARRAY[n]);

  -- The applicable budgets, locked in id order as lockBudgets locks them.
  FOR b IN
    SELECT bu.id, bu."limit", bu."perCallLimit", bu."highPriorityReserve", bu.thresholds, bu."window"
      FROM "Budget" bu
     WHERE bu."organizationId" = p_org AND bu."archivedAt" IS NULL
       AND (bu."subjectType" = 'ORGANIZATION'
            OR (bu."subjectType" = 'AGENT' AND bu."subjectId" = p_agent)
            OR (bu."subjectType" = 'CONTEXT' AND bu."subjectId" = p_context))
     ORDER BY bu.id
       FOR UPDATE
  LOOP
    ws := CASE b."window"
            WHEN 'TOTAL' THEN 'epoch'::timestamptz
            ELSE date_trunc(CASE b."window" WHEN 'DAILY' THEN 'day' WHEN 'WEEKLY' THEN 'week' ELSE 'month' END, p_now, tz)
          END;
    SELECT spent, reserved, "thresholdsCrossed" INTO u
      FROM "BudgetUsage" WHERE "budgetId" = b.id AND "windowStart" = ws;
    IF NOT FOUND THEN RETURN NULL; END IF;
    IF b."perCallLimit" IS NOT NULL AND (SELECT max(a) FROM unnest(p_amounts) AS a) > b."perCallLimit" THEN
      RETURN NULL;
    END IF;
    -- Request i fits if the requests up to and including it, plus the HIGH reserve unless it is
    -- HIGH, are within what was left.
    IF EXISTS (SELECT 1
                 FROM (SELECT sum(x.a) OVER (ORDER BY x.o) AS upto, x.p
                         FROM unnest(p_amounts, p_priorities) WITH ORDINALITY AS x(a, p, o)) s
                WHERE s.upto + CASE WHEN s.p = 'HIGH' THEN 0 ELSE b."limit" * b."highPriorityReserve" END
                      > b."limit" - u.spent - u.reserved) THEN
      RETURN NULL;
    END IF;
    utilization := CASE WHEN b."limit" = 0 THEN 1 ELSE ((u.spent + u.reserved + total) / b."limit")::float8 END;
    -- A threshold the batch would cross (with a margin for rounding): the general path announces it.
    IF EXISTS (SELECT 1 FROM unnest(b.thresholds) t
                WHERE utilization >= t - 1e-9 AND NOT (t = ANY (u."thresholdsCrossed"))) THEN
      RETURN NULL;
    END IF;
    IF EXISTS (SELECT 1 FROM "SpendReservation" r
                WHERE r.status = 'PENDING' AND r."expiresAt" <= p_now AND r."organizationId" = p_org
                  AND r.budgets @> jsonb_build_array(jsonb_build_object('budgetId', b.id))) THEN
      RETURN NULL;
    END IF;
    ids := ids || b.id;
    starts := starts || ws;
    -- What each request leaves in this budget.
    remaining := ARRAY(
      SELECT remaining[s.o] || jsonb_build_object(
               'budgetId', b.id, 'remaining', trim_scale(round(b."limit" - u.spent - u.reserved - s.upto, 6))::text)
        FROM (SELECT sum(x.a) OVER (ORDER BY x.o) AS upto, x.o
                FROM unnest(p_amounts) WITH ORDINALITY AS x(a, o)) s
       ORDER BY s.o);
    holds := holds || jsonb_build_object(
      'budgetId', b.id, 'windowStart', to_char(ws AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
  END LOOP;

  decisions := ARRAY(
    SELECT jsonb_build_object(
             'outcome', 'ALLOWED',
             'reservationId', p_reservations[o],
             'reservedAmount', p_requested[o],
             'expiresAt', to_char(p_expires_at[o] AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
             'bindingBudgetId', NULL,
             'remaining', remaining[o],
             'reasons', jsonb_build_array('fits every applicable budget'),
             'requested', p_requested[o])
      FROM generate_series(1, n) AS o ORDER BY o);

  -- The first write. A concurrent first attempt with one of these keys won: decided one at a time.
  INSERT INTO "SpendReservation" (id, "organizationId", "agentId", "requestKey", outcome, amount, priority,
                                  service, "contextId", status, budgets, decision, "expiresAt")
  SELECT p_reservations[o], p_org, p_agent, p_request_keys[o], 'ALLOWED', p_amounts[o], p_priorities[o],
         p_services[o], p_context, 'PENDING', holds, decisions[o], p_expires_at[o]
    FROM generate_series(1, n) AS o
  ON CONFLICT ("organizationId", "requestKey") DO NOTHING;
  GET DIAGNOSTICS inserted = ROW_COUNT;
  IF inserted = 0 THEN RETURN NULL; END IF;
  IF inserted <> n THEN
    RAISE EXCEPTION 'agg_spend_authorize_batch: a requestKey was taken concurrently' USING ERRCODE = 'AGG01';
  END IF;

  INSERT INTO "SpendEntry" (id, "organizationId", "budgetId", "reservationId", kind, "spentDelta", "reservedDelta",
                            "windowStart", "actorType", "actorId", reason)
  SELECT agg_uuid_v7(), p_org, x.id, p_reservations[o], 'RESERVE', 0, p_amounts[o], x.ws, p_actor_types[o],
         p_actor_ids[o], p_services[o] || ': reserved ' || p_requested[o]
    FROM generate_series(1, n) AS o, unnest(ids, starts) AS x(id, ws)
   ORDER BY o, x.id;
  UPDATE "BudgetUsage" bu SET reserved = bu.reserved + total
    FROM unnest(ids, starts) AS x(id, ws)
   WHERE bu."budgetId" = x.id AND bu."windowStart" = x.ws;

  -- The spend.authorized events, chained as src/events/append.ts chains them: hash =
  -- sha256(previous hash + the event's canonical JSON (RFC 8785: keys sorted, strings as
  -- JSON.stringify writes them)).
  budget_ids := coalesce((SELECT string_agg(to_json(i::text)::text, ',' ORDER BY o)
                            FROM unnest(ids) WITH ORDINALITY AS t(i, o)), '');
  SELECT "lastSequence", "lastHash" INTO seq, prev
    FROM "ActivityChainHead" WHERE "organizationId" = p_org FOR UPDATE;
  IF NOT FOUND THEN RAISE EXCEPTION 'No activity chain head for organization %', p_org; END IF;
  FOR i IN 1..n LOOP
    payloads[i] := '{"bindingBudgetId":null,"budgetIds":[' || budget_ids
      || '],"priority":' || agg_json_text(p_priorities[i]::text)
      || ',"requestKey":' || agg_json_text(p_request_keys[i])
      || ',"requested":' || agg_json_text(p_requested[i])
      || ',"reserved":' || agg_json_text(p_requested[i])
      || ',"service":' || agg_json_text(p_services[i]) || '}';
    seq := seq + 1;
    hash := encode(sha256(convert_to(prev
      || '{"actorId":' || agg_json_text(p_actor_ids[i])
      || ',"actorType":' || agg_json_text(p_actor_types[i]::text)
      || ',"agentId":' || agg_json_text(p_agent::text)
      || ',"occurredAt":' || agg_json_text(p_occurred_at[i])
      || ',"organizationId":' || agg_json_text(p_org::text)
      || ',"payload":' || payloads[i]
      || ',"requestId":' || agg_json_text(p_request_ids[i])
      || ',"sequence":' || seq
      || ',"subjectId":' || agg_json_text(p_reservations[i]::text)
      || ',"subjectType":"SpendReservation","verb":"spend.authorized"}', 'UTF8')), 'hex');
    seqs[i] := seq;
    prevs[i] := prev;
    hashes[i] := hash;
    prev := hash;
  END LOOP;
  INSERT INTO "ActivityEvent" (id, "organizationId", sequence, verb, "actorType", "actorId", "subjectType", "subjectId",
                               "agentId", payload, "requestId", "occurredAt", "prevHash", hash)
  SELECT agg_uuid_v7(), p_org, seqs[o], 'spend.authorized', p_actor_types[o], p_actor_ids[o], 'SpendReservation',
         p_reservations[o]::text, p_agent, payloads[o]::jsonb, p_request_ids[o], p_occurred_at[o]::timestamptz,
         prevs[o], hashes[o]
    FROM generate_series(1, n) AS o
   ORDER BY o;
  UPDATE "ActivityChainHead" SET "lastSequence" = seq, "lastHash" = prev WHERE "organizationId" = p_org;
  -- One signal for the batch: it says "everything up to this sequence committed".
  PERFORM pg_notify(p_channel, p_org::text || ':' || seq);
  RETURN to_jsonb(decisions);
END
$$;
