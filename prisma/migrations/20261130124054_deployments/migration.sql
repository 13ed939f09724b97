-- CreateEnum
CREATE TYPE "DeploymentStatus" AS ENUM ('PENDING', 'LIVE', 'DEGRADED', 'DOWN', 'RETIRED');

-- AlterEnum
ALTER TYPE "NotificationKind" ADD VALUE 'DEPLOYMENT_STATUS';

-- CreateTable
CREATE TABLE "Deployment" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "environment" TEXT NOT NULL,
    "endpointUrl" TEXT NOT NULL,
    "healthCheckUrl" TEXT NOT NULL,
    "status" "DeploymentStatus" NOT NULL DEFAULT 'PENDING',
    "consecutiveFailures" INTEGER NOT NULL DEFAULT 0,
    "checks" INTEGER NOT NULL DEFAULT 0,
    "lastCheckedAt" TIMESTAMPTZ(3),
    "lastStatusCode" INTEGER,
    "lastLatencyMs" INTEGER,
    "lastError" TEXT,
    "nextCheckAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "statusChangedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "retiredAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Deployment_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Deployment_organizationId_createdAt_idx" ON "Deployment"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "Deployment_agentId_idx" ON "Deployment"("agentId");

-- CreateIndex
CREATE INDEX "Deployment_versionId_idx" ON "Deployment"("versionId");

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "AgentVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- One deployment that is not retired per agent and environment; the checker's due list.
CREATE UNIQUE INDEX "Deployment_agent_environment_open" ON "Deployment" ("agentId", "environment") WHERE "status" <> 'RETIRED';
CREATE INDEX "Deployment_due" ON "Deployment" ("nextCheckAt") WHERE "status" <> 'RETIRED';
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_retired_has_time" CHECK (("status" = 'RETIRED') = ("retiredAt" IS NOT NULL));
ALTER TABLE "Deployment" ADD CONSTRAINT "Deployment_failures_nonnegative" CHECK ("consecutiveFailures" >= 0 AND "checks" >= 0);
