-- CreateEnum
CREATE TYPE "PolicyKind" AS ENUM ('BUDGET', 'RBAC', 'CONTENT', 'CONSTITUTIONAL', 'RATE_LIMIT', 'CUSTOM');

-- CreateEnum
CREATE TYPE "Severity" AS ENUM ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL');

-- CreateEnum
CREATE TYPE "ViolationStatus" AS ENUM ('OPEN', 'ACKNOWLEDGED', 'RESOLVED', 'DISMISSED');

-- CreateEnum
CREATE TYPE "ViolationCategory" AS ENUM ('DECEPTION', 'DATA_ACCESS', 'SCOPE', 'BUDGET', 'TRANSPARENCY', 'SAFETY', 'ACCOUNTABILITY', 'RATE_LIMIT', 'OTHER');

-- CreateTable
CREATE TABLE "Policy" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "kind" "PolicyKind" NOT NULL,
    "defaultSeverity" "Severity" NOT NULL,
    "rules" JSONB NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Policy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Violation" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "versionId" UUID,
    "policyId" UUID,
    "severity" "Severity" NOT NULL,
    "category" "ViolationCategory" NOT NULL,
    "description" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "status" "ViolationStatus" NOT NULL DEFAULT 'OPEN',
    "raisedByType" "ActorType" NOT NULL,
    "raisedById" TEXT,
    "raisedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "acknowledgedAt" TIMESTAMPTZ(3),
    "acknowledgedBy" TEXT,
    "resolvedAt" TIMESTAMPTZ(3),
    "resolvedBy" TEXT,
    "resolutionNote" TEXT,
    "dismissedAt" TIMESTAMPTZ(3),
    "dismissedBy" TEXT,
    "dismissalReason" TEXT,

    CONSTRAINT "Violation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Policy_organizationId_kind_idx" ON "Policy"("organizationId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "Policy_organizationId_key_key" ON "Policy"("organizationId", "key");

-- CreateIndex
CREATE INDEX "Violation_organizationId_status_raisedAt_idx" ON "Violation"("organizationId", "status", "raisedAt");

-- CreateIndex
CREATE INDEX "Violation_agentId_raisedAt_idx" ON "Violation"("agentId", "raisedAt");

-- CreateIndex
CREATE INDEX "Violation_versionId_idx" ON "Violation"("versionId");

-- CreateIndex
CREATE INDEX "Violation_policyId_idx" ON "Violation"("policyId");

-- AddForeignKey
ALTER TABLE "Policy" ADD CONSTRAINT "Policy_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Violation" ADD CONSTRAINT "Violation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Violation" ADD CONSTRAINT "Violation_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Violation" ADD CONSTRAINT "Violation_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "AgentVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Violation" ADD CONSTRAINT "Violation_policyId_fkey" FOREIGN KEY ("policyId") REFERENCES "Policy"("id") ON DELETE SET NULL ON UPDATE CASCADE;
