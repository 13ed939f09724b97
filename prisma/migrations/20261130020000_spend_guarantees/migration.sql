-- Issue 15: the database backs the spend rules up, so that a future bug fails loudly instead of
-- minting budget. The rules themselves live in one place, src/modules/budgets/spend-engine/.

-- The batch function decided spend in PL/pgSQL beside the TypeScript engine, and the copies
-- drifted (due expiry). The TypeScript engine now decides every batch; the SQL copy goes.
DROP FUNCTION IF EXISTS agg_spend_authorize_batch(uuid, uuid, uuid, timestamptz, text, numeric[], "SpendPriority"[],
  text[], text[], uuid[], timestamptz[], "ActorType"[], text[], text[], text[], text[]);
DROP FUNCTION IF EXISTS agg_json_text(text);

-- A reservation ends exactly once (SETTLE, RELEASE or EXPIRE) and reserves once, per budget.
CREATE UNIQUE INDEX "SpendEntry_one_terminal_per_reservation_budget"
  ON "SpendEntry" ("reservationId", "budgetId") WHERE kind IN ('SETTLE', 'RELEASE', 'EXPIRE');
CREATE UNIQUE INDEX "SpendEntry_one_reserve_per_reservation_budget"
  ON "SpendEntry" ("reservationId", "budgetId") WHERE kind = 'RESERVE';

-- A reservation leaves PENDING once, and never comes back.
CREATE FUNCTION agg_reservation_ends_once() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF OLD.status <> 'PENDING' AND NEW.status IS DISTINCT FROM OLD.status THEN
    RAISE EXCEPTION 'reservation % already ended as %', OLD.id, OLD.status USING ERRCODE = 'AGG02';
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "SpendReservation_ends_once" BEFORE UPDATE OF status ON "SpendReservation"
  FOR EACH ROW EXECUTE FUNCTION agg_reservation_ends_once();

-- Window totals are never negative.
ALTER TABLE "BudgetUsage" ADD CONSTRAINT "BudgetUsage_spent_not_negative" CHECK (spent >= 0);
ALTER TABLE "BudgetUsage" ADD CONSTRAINT "BudgetUsage_reserved_not_negative" CHECK (reserved >= 0);

-- A window keeps the end it started with: a time-zone change applies from the next boundary.
ALTER TABLE "BudgetUsage" ADD COLUMN "windowEnd" TIMESTAMPTZ(3);
UPDATE "BudgetUsage" u
   SET "windowEnd" = (date_trunc(CASE b."window" WHEN 'DAILY' THEN 'day' WHEN 'WEEKLY' THEN 'week' ELSE 'month' END,
                                 u."windowStart", o."timeZone")
                      AT TIME ZONE o."timeZone"
                      + CASE b."window" WHEN 'DAILY' THEN interval '1 day' WHEN 'WEEKLY' THEN interval '1 week'
                                        ELSE interval '1 month' END) AT TIME ZONE o."timeZone"
  FROM "Budget" b JOIN "Organization" o ON o.id = b."organizationId"
 WHERE b.id = u."budgetId" AND b."window" <> 'TOTAL';

-- One trial per customer and agent, ever (the seed's UNIQUE(customer_id, agent_id)); extendTrial
-- gives more time.
DROP INDEX IF EXISTS "Trial_one_active_per_customer_agent";
CREATE UNIQUE INDEX "Trial_customerId_agentId_key" ON "Trial" ("customerId", "agentId");
