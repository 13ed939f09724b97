-- CreateEnum
CREATE TYPE "BudgetSubject" AS ENUM ('ORGANIZATION', 'AGENT', 'CONTEXT', 'TRIAL');

-- CreateEnum
CREATE TYPE "BudgetWindow" AS ENUM ('DAILY', 'WEEKLY', 'MONTHLY', 'TOTAL');

-- CreateEnum
CREATE TYPE "SpendKind" AS ENUM ('RESERVE', 'SETTLE', 'RELEASE', 'EXPIRE', 'RESET', 'ADJUST');

-- CreateEnum
CREATE TYPE "SpendPriority" AS ENUM ('LOW', 'NORMAL', 'HIGH');

-- CreateEnum
CREATE TYPE "ReservationStatus" AS ENUM ('PENDING', 'SETTLED', 'RELEASED', 'EXPIRED');

-- CreateTable
CREATE TABLE "Budget" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "subjectType" "BudgetSubject" NOT NULL,
    "subjectId" UUID NOT NULL,
    "agentId" UUID,
    "name" TEXT NOT NULL,
    "window" "BudgetWindow" NOT NULL,
    "limit" DECIMAL(18,6) NOT NULL,
    "perCallLimit" DECIMAL(18,6),
    "thresholds" DOUBLE PRECISION[],
    "highPriorityReserve" DECIMAL(5,4) NOT NULL DEFAULT 0,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "archivedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Budget_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BudgetUsage" (
    "budgetId" UUID NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "spent" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "reserved" DECIMAL(18,6) NOT NULL DEFAULT 0,
    "thresholdsCrossed" DOUBLE PRECISION[],

    CONSTRAINT "BudgetUsage_pkey" PRIMARY KEY ("budgetId","windowStart")
);

-- CreateTable
CREATE TABLE "SpendReservation" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "requestKey" TEXT NOT NULL,
    "outcome" TEXT NOT NULL,
    "amount" DECIMAL(18,6) NOT NULL,
    "priority" "SpendPriority" NOT NULL,
    "service" TEXT NOT NULL,
    "contextId" UUID,
    "status" "ReservationStatus" NOT NULL,
    "budgets" JSONB NOT NULL,
    "decision" JSONB NOT NULL,
    "actualAmount" DECIMAL(18,6),
    "usage" JSONB,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "settledAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SpendReservation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SpendEntry" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "budgetId" UUID NOT NULL,
    "reservationId" UUID,
    "kind" "SpendKind" NOT NULL,
    "spentDelta" DECIMAL(18,6) NOT NULL,
    "reservedDelta" DECIMAL(18,6) NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "actorType" "ActorType" NOT NULL,
    "actorId" TEXT,
    "reason" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SpendEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Budget_organizationId_subjectType_subjectId_idx" ON "Budget"("organizationId", "subjectType", "subjectId");

-- CreateIndex
CREATE INDEX "Budget_agentId_idx" ON "Budget"("agentId");

-- CreateIndex
CREATE INDEX "SpendReservation_status_expiresAt_idx" ON "SpendReservation"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "SpendReservation_agentId_createdAt_idx" ON "SpendReservation"("agentId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "SpendReservation_organizationId_requestKey_key" ON "SpendReservation"("organizationId", "requestKey");

-- CreateIndex
CREATE INDEX "SpendEntry_budgetId_windowStart_idx" ON "SpendEntry"("budgetId", "windowStart");

-- CreateIndex
CREATE INDEX "SpendEntry_reservationId_idx" ON "SpendEntry"("reservationId");

-- AddForeignKey
ALTER TABLE "Budget" ADD CONSTRAINT "Budget_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Budget" ADD CONSTRAINT "Budget_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BudgetUsage" ADD CONSTRAINT "BudgetUsage_budgetId_fkey" FOREIGN KEY ("budgetId") REFERENCES "Budget"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpendReservation" ADD CONSTRAINT "SpendReservation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpendReservation" ADD CONSTRAINT "SpendReservation_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpendEntry" ADD CONSTRAINT "SpendEntry_budgetId_fkey" FOREIGN KEY ("budgetId") REFERENCES "Budget"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SpendEntry" ADD CONSTRAINT "SpendEntry_reservationId_fkey" FOREIGN KEY ("reservationId") REFERENCES "SpendReservation"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The spend ledger is append-only: corrections are new ADJUST entries. Written by hand.
CREATE FUNCTION "spend_entry_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'SpendEntry is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "SpendEntry_append_only"
  BEFORE UPDATE OR DELETE ON "SpendEntry"
  FOR EACH ROW EXECUTE FUNCTION "spend_entry_append_only"();
