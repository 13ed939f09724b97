-- authorizeSpend in one statement (src/modules/budgets/spend-fast-path.ts). Holding budget
-- locks across an interactive transaction's round trips serialized every caller of a budget
-- behind one Node event loop; this function takes the locks, decides and writes in one call.
-- It handles the common case only: a request that fits every applicable budget (ALLOWED),
-- in windows that already have a usage row, with no due reservation to expire, no threshold to
-- cross and a new requestKey. Anything else returns NULL before writing anything, and the caller
-- runs the general path (spend.service.ts authorizeIn), which is the reference for every rule.

-- A version 7 UUID (time-ordered, like Prisma's uuid(7)), for rows this function inserts.
CREATE OR REPLACE FUNCTION agg_uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
  SELECT encode(
    set_bit(set_bit(
      overlay(uuid_send(gen_random_uuid())
              PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
              FROM 1 FOR 6),
      52, 1), 53, 1),
    'hex')::uuid
$$;

-- A JSON string as RFC 8785 (and JSON.stringify) writes it, or null. STABLE like to_json, so
-- that the planner inlines it (a non-inlined SQL function is planned again at every call).
CREATE OR REPLACE FUNCTION agg_json_text(value text) RETURNS text LANGUAGE sql STABLE AS $$
  SELECT coalesce(to_json(value)::text, 'null')
$$;

CREATE OR REPLACE FUNCTION agg_spend_authorize(
  p_org uuid,
  p_agent uuid,
  p_context uuid,
  p_amount numeric,
  p_priority "SpendPriority",
  p_service text,
  p_request_key text,
  p_reservation uuid,
  p_now timestamptz,
  p_expires_at timestamptz,
  p_actor_type "ActorType",
  p_actor_id text,
  p_request_id text,
  -- Formatted by the caller exactly as the general path formats them.
  p_requested text,
  p_reserved text,
  p_occurred_at text,
  p_channel text
) RETURNS jsonb LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  tz text;
  b record;
  u record;
  ws timestamptz;
  hold numeric;
  utilization float8;
  ids uuid[] := '{}';
  starts timestamptz[] := '{}';
  remaining jsonb := '[]';
  holds jsonb := '[]';
  decision jsonb;
  payload text;
  seq int;
  prev text;
  canonical text;
  hash text;
BEGIN
  SELECT o."timeZone" INTO tz
    FROM "Agent" a JOIN "Organization" o ON o.id = a."organizationId"
   WHERE a.id = p_agent AND a."organizationId" = p_org;
  IF NOT FOUND THEN RETURN NULL; END IF;
  IF p_context IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM "AgentContext" WHERE id = p_context AND "organizationId" = p_org) THEN
    RETURN NULL;
  END IF;
  IF EXISTS (SELECT 1 FROM "SpendReservation" WHERE "organizationId" = p_org AND "requestKey" = p_request_key) THEN
    RETURN NULL;
  END IF;

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
    IF b."perCallLimit" IS NOT NULL AND p_amount > b."perCallLimit" THEN RETURN NULL; END IF;
    hold := CASE WHEN p_priority = 'HIGH' THEN 0 ELSE b."limit" * b."highPriorityReserve" END;
    IF p_amount > b."limit" - u.spent - u.reserved - hold THEN RETURN NULL; END IF;
    utilization := CASE WHEN b."limit" = 0 THEN 1 ELSE ((u.spent + u.reserved + p_amount) / b."limit")::float8 END;
    -- A threshold this would cross (with a margin for rounding): the general path announces it.
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
    remaining := remaining || jsonb_build_object(
      'budgetId', b.id, 'remaining', trim_scale(round(b."limit" - u.spent - u.reserved - p_amount, 6))::text);
    holds := holds || jsonb_build_object(
      'budgetId', b.id, 'windowStart', to_char(ws AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'));
  END LOOP;

  decision := jsonb_build_object(
    'outcome', 'ALLOWED',
    'reservationId', p_reservation,
    'reservedAmount', p_reserved,
    'expiresAt', to_char(p_expires_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'bindingBudgetId', NULL,
    'remaining', remaining,
    'reasons', jsonb_build_array('fits every applicable budget'),
    'requested', p_requested);

  -- The first write. A concurrent first attempt with this requestKey won: nothing is written.
  INSERT INTO "SpendReservation" (id, "organizationId", "agentId", "requestKey", outcome, amount, priority,
                                  service, "contextId", status, budgets, decision, "expiresAt")
  VALUES (p_reservation, p_org, p_agent, p_request_key, 'ALLOWED', p_amount, p_priority,
          p_service, p_context, 'PENDING', holds, decision, p_expires_at)
  ON CONFLICT ("organizationId", "requestKey") DO NOTHING;
  IF NOT FOUND THEN RETURN NULL; END IF;

  INSERT INTO "SpendEntry" (id, "organizationId", "budgetId", "reservationId", kind, "spentDelta", "reservedDelta",
                            "windowStart", "actorType", "actorId", reason)
  SELECT agg_uuid_v7(), p_org, x.id, p_reservation, 'RESERVE', 0, p_amount, x.ws, p_actor_type, p_actor_id,
         p_service || ': reserved ' || p_reserved
    FROM unnest(ids, starts) AS x(id, ws);
  UPDATE "BudgetUsage" bu SET reserved = bu.reserved + p_amount
    FROM unnest(ids, starts) AS x(id, ws)
   WHERE bu."budgetId" = x.id AND bu."windowStart" = x.ws;

  -- The spend.authorized event, chained as src/events/append.ts chains it: the canonical JSON
  -- (RFC 8785: keys sorted, strings as JSON.stringify writes them) of the event.
  payload := '{"bindingBudgetId":null,"budgetIds":['
    || coalesce((SELECT string_agg(to_json(i::text)::text, ',' ORDER BY o) FROM unnest(ids) WITH ORDINALITY AS t(i, o)), '')
    || '],"priority":' || agg_json_text(p_priority::text)
    || ',"requestKey":' || agg_json_text(p_request_key)
    || ',"requested":' || agg_json_text(p_requested)
    || ',"reserved":' || agg_json_text(p_reserved)
    || ',"service":' || agg_json_text(p_service) || '}';
  SELECT "lastSequence", "lastHash" INTO seq, prev
    FROM "ActivityChainHead" WHERE "organizationId" = p_org FOR UPDATE;
  IF NOT FOUND THEN RAISE EXCEPTION 'No activity chain head for organization %', p_org; END IF;
  seq := seq + 1;
  canonical := '{"actorId":' || agg_json_text(p_actor_id)
    || ',"actorType":' || agg_json_text(p_actor_type::text)
    || ',"agentId":' || agg_json_text(p_agent::text)
    || ',"occurredAt":' || agg_json_text(p_occurred_at)
    || ',"organizationId":' || agg_json_text(p_org::text)
    || ',"payload":' || payload
    || ',"requestId":' || agg_json_text(p_request_id)
    || ',"sequence":' || seq
    || ',"subjectId":' || agg_json_text(p_reservation::text)
    || ',"subjectType":"SpendReservation","verb":"spend.authorized"}';
  hash := encode(sha256(convert_to(prev || canonical, 'UTF8')), 'hex');
  INSERT INTO "ActivityEvent" (id, "organizationId", sequence, verb, "actorType", "actorId", "subjectType", "subjectId",
                               "agentId", payload, "requestId", "occurredAt", "prevHash", hash)
  VALUES (agg_uuid_v7(), p_org, seq, 'spend.authorized', p_actor_type, p_actor_id, 'SpendReservation', p_reservation::text,
          p_agent, payload::jsonb, p_request_id, p_occurred_at::timestamptz, prev, hash);
  UPDATE "ActivityChainHead" SET "lastSequence" = seq, "lastHash" = hash WHERE "organizationId" = p_org;
  PERFORM pg_notify(p_channel, p_org::text || ':' || seq);
  RETURN decision;
END
$$;
