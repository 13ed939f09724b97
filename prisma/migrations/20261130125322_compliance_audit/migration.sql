-- CreateEnum
CREATE TYPE "ComplianceAuditStatus" AS ENUM ('RUNNING', 'COMPLETED', 'FAILED');

-- CreateTable
CREATE TABLE "ComplianceReport" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "status" "ComplianceAuditStatus" NOT NULL DEFAULT 'RUNNING',
    "agentIds" UUID[],
    "totalAgents" INTEGER NOT NULL DEFAULT 0,
    "auditedAgents" INTEGER NOT NULL DEFAULT 0,
    "checks" INTEGER NOT NULL DEFAULT 0,
    "passed" INTEGER NOT NULL DEFAULT 0,
    "overallScore" DOUBLE PRECISION,
    "byEntityType" JSONB NOT NULL DEFAULT '[]',
    "byPrinciple" JSONB NOT NULL DEFAULT '[]',
    "error" TEXT,
    "requestedByType" "ActorType" NOT NULL,
    "requestedById" UUID,
    "startedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "heartbeatAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "completedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ComplianceReport_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComplianceFinding" (
    "id" UUID NOT NULL,
    "reportId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "entityType" TEXT NOT NULL,
    "entityId" UUID NOT NULL,
    "principle" TEXT NOT NULL,
    "reason" TEXT NOT NULL,

    CONSTRAINT "ComplianceFinding_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ComplianceAgentResult" (
    "reportId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "checks" INTEGER NOT NULL,
    "passed" INTEGER NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "compliant" BOOLEAN NOT NULL,
    "auditedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ComplianceAgentResult_pkey" PRIMARY KEY ("reportId","agentId")
);

-- CreateIndex
CREATE INDEX "ComplianceReport_organizationId_startedAt_idx" ON "ComplianceReport"("organizationId", "startedAt");

-- CreateIndex
CREATE INDEX "ComplianceFinding_reportId_agentId_idx" ON "ComplianceFinding"("reportId", "agentId");

-- CreateIndex
CREATE INDEX "ComplianceAgentResult_agentId_auditedAt_idx" ON "ComplianceAgentResult"("agentId", "auditedAt");

-- AddForeignKey
ALTER TABLE "ComplianceReport" ADD CONSTRAINT "ComplianceReport_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComplianceFinding" ADD CONSTRAINT "ComplianceFinding_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "ComplianceReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComplianceFinding" ADD CONSTRAINT "ComplianceFinding_reportId_agentId_fkey" FOREIGN KEY ("reportId", "agentId") REFERENCES "ComplianceAgentResult"("reportId", "agentId") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComplianceAgentResult" ADD CONSTRAINT "ComplianceAgentResult_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "ComplianceReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ComplianceAgentResult" ADD CONSTRAINT "ComplianceAgentResult_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

ALTER TABLE "ComplianceReport" ADD CONSTRAINT "ComplianceReport_counts" CHECK ("passed" >= 0 AND "passed" <= "checks" AND "auditedAgents" <= "totalAgents");
ALTER TABLE "ComplianceReport" ADD CONSTRAINT "ComplianceReport_completed_scored" CHECK ("status" <> 'COMPLETED' OR ("overallScore" IS NOT NULL AND "completedAt" IS NOT NULL));
ALTER TABLE "ComplianceAgentResult" ADD CONSTRAINT "ComplianceAgentResult_counts" CHECK ("passed" >= 0 AND "passed" <= "checks");
