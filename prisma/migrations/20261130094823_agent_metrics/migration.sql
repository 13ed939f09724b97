-- AlterTable
ALTER TABLE "SpendReservation" ADD COLUMN     "versionId" UUID;

-- CreateTable
CREATE TABLE "AgentMetricPoint" (
    "id" BIGSERIAL NOT NULL,
    "organizationId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "versionId" UUID,
    "taskId" UUID,
    "contextId" UUID,
    "name" TEXT NOT NULL,
    "value" DOUBLE PRECISION NOT NULL,
    "unit" TEXT,
    "time" TIMESTAMPTZ(3) NOT NULL,
    "tags" JSONB NOT NULL DEFAULT '{}',
    "clientId" TEXT,
    "recordedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgentMetricPoint_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AgentMetricRollup" (
    "organizationId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "hour" TIMESTAMPTZ(3) NOT NULL,
    "count" BIGINT NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,
    "min" DOUBLE PRECISION NOT NULL,
    "max" DOUBLE PRECISION NOT NULL,
    "sketch" JSONB NOT NULL,

    CONSTRAINT "AgentMetricRollup_pkey" PRIMARY KEY ("agentId","versionId","name","hour")
);

-- CreateTable
CREATE TABLE "AgentMetricDailyRollup" (
    "organizationId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "day" TIMESTAMPTZ(3) NOT NULL,
    "count" BIGINT NOT NULL,
    "sum" DOUBLE PRECISION NOT NULL,
    "min" DOUBLE PRECISION NOT NULL,
    "max" DOUBLE PRECISION NOT NULL,
    "sketch" JSONB NOT NULL,

    CONSTRAINT "AgentMetricDailyRollup_pkey" PRIMARY KEY ("agentId","versionId","name","day")
);

-- CreateIndex
CREATE INDEX "AgentMetricPoint_agentId_name_time_idx" ON "AgentMetricPoint"("agentId", "name", "time");

-- CreateIndex
CREATE INDEX "AgentMetricPoint_time_idx" ON "AgentMetricPoint" USING BRIN ("time");

-- CreateIndex
CREATE UNIQUE INDEX "AgentMetricPoint_organizationId_clientId_key" ON "AgentMetricPoint"("organizationId", "clientId");

-- CreateIndex
CREATE INDEX "AgentMetricRollup_organizationId_name_hour_idx" ON "AgentMetricRollup"("organizationId", "name", "hour");

-- CreateIndex
CREATE INDEX "AgentMetricRollup_hour_idx" ON "AgentMetricRollup" USING BRIN ("hour");

-- CreateIndex
CREATE INDEX "AgentMetricDailyRollup_organizationId_name_day_idx" ON "AgentMetricDailyRollup"("organizationId", "name", "day");
-- The metric sketch, in one place: a value's bucket code and a code's representative value.
-- Buckets grow by γ = 1.01 / 0.99, so every value is within 1 % of its bucket's representative
-- (DDSketch's relative-error mapping). Codes sort as the values do: negatives below 0 (|v| below
-- 1e-9), positives above. A rollup's sketch is {code: count}; percentiles are read from merged
-- sketches (src/modules/metrics/metrics.reads.ts) and clamped to the exact min and max.
CREATE FUNCTION metric_sketch_key(v double precision) RETURNS integer
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE
    WHEN v > 1e-9 THEN 100000 + ceil(ln(v) / ln(1.01 / 0.99))::integer
    WHEN v < -1e-9 THEN -(100000 + ceil(ln(-v) / ln(1.01 / 0.99))::integer)
    ELSE 0 END
$$;

CREATE FUNCTION metric_sketch_value(code integer) RETURNS double precision
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
  SELECT CASE WHEN code = 0 THEN 0::double precision
    ELSE sign(code) * 2 * power(1.01 / 0.99, abs(code) - 100000) / (1.01 / 0.99 + 1) END
$$;

-- Two sketches as one (the rollup upsert adds a batch's sketch to the hour's).
CREATE FUNCTION metric_sketch_merge(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT coalesce(jsonb_object_agg(k, n), '{}'::jsonb)
    FROM (SELECT k, sum(n::bigint) AS n
            FROM (SELECT * FROM jsonb_each_text(coalesce(a, '{}'::jsonb))
                  UNION ALL SELECT * FROM jsonb_each_text(coalesce(b, '{}'::jsonb))) AS e(k, n)
           GROUP BY k) AS s
$$;

-- The last line of defence: a rollup is never empty and its bounds are ordered.
ALTER TABLE "AgentMetricRollup" ADD CONSTRAINT "AgentMetricRollup_sane" CHECK ("count" > 0 AND "min" <= "max");

-- Availability (organizationKpis) reads the agents' status and halt history: only those rare
-- events are indexed, so the log's hot insert path pays nothing for it.
CREATE INDEX "ActivityEvent_availability_idx" ON "ActivityEvent" ("organizationId", "occurredAt")
  WHERE verb IN ('agent.created', 'agent.activated', 'agent.reactivated', 'agent.suspended', 'agent.retired',
                 'agent.halted', 'agent.resumed', 'organization.halted', 'organization.resumed');
ALTER TABLE "AgentMetricDailyRollup" ADD CONSTRAINT "AgentMetricDailyRollup_sane" CHECK ("count" > 0 AND "min" <= "max");
