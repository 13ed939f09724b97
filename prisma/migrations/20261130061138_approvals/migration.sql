-- CreateEnum
CREATE TYPE "ApprovalStatus" AS ENUM ('PENDING', 'APPROVED', 'DENIED', 'EXPIRED', 'USED');

-- CreateTable
CREATE TABLE "ApprovalRequest" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "source" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "scopes" TEXT[],
    "resource" TEXT,
    "contentDigest" TEXT,
    "costCeiling" DECIMAL(18,6),
    "reasons" TEXT[],
    "policyKeys" TEXT[],
    "status" "ApprovalStatus" NOT NULL DEFAULT 'PENDING',
    "requestedByType" "ActorType" NOT NULL,
    "requestedById" TEXT,
    "requestedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "decidedByType" "ActorType",
    "decidedById" TEXT,
    "decidedAt" TIMESTAMPTZ(3),
    "decisionNote" TEXT,
    "usedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ApprovalRequest_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ApprovalRequest_organizationId_status_requestedAt_idx" ON "ApprovalRequest"("organizationId", "status", "requestedAt");

-- CreateIndex
CREATE INDEX "ApprovalRequest_agentId_status_idx" ON "ApprovalRequest"("agentId", "status");

-- AddForeignKey
ALTER TABLE "ApprovalRequest" ADD CONSTRAINT "ApprovalRequest_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ApprovalRequest" ADD CONSTRAINT "ApprovalRequest_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- A request is used at most once, and only after it was approved; a decided request names when.
ALTER TABLE "ApprovalRequest" ADD CONSTRAINT "ApprovalRequest_used_check"
  CHECK (("status" = 'USED') = ("usedAt" IS NOT NULL));
ALTER TABLE "ApprovalRequest" ADD CONSTRAINT "ApprovalRequest_decided_check"
  CHECK (("status" IN ('APPROVED', 'DENIED', 'USED')) = ("decidedAt" IS NOT NULL) OR "status" = 'EXPIRED');
