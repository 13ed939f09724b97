-- CreateEnum
CREATE TYPE "InstallState" AS ENUM ('INSTALLED', 'UNINSTALLED');

-- CreateEnum
CREATE TYPE "InstallationStatus" AS ENUM ('PENDING_GRANT', 'ACTIVE', 'SUPERSEDED', 'REFUSED', 'UNINSTALLED');

-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "grantedScopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "installState" "InstallState";

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "runtime" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "Installation" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "status" "InstallationStatus" NOT NULL,
    "requestedScopes" TEXT[],
    "grantedScopes" TEXT[] DEFAULT ARRAY[]::TEXT[],
    "compatibility" JSONB NOT NULL DEFAULT '[]',
    "requestedByType" "ActorType" NOT NULL,
    "requestedById" UUID,
    "decidedByType" "ActorType",
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "note" TEXT,
    "endedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Installation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Installation_organizationId_createdAt_idx" ON "Installation"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "Installation_agentId_createdAt_idx" ON "Installation"("agentId", "createdAt");

-- CreateIndex
CREATE INDEX "Installation_versionId_idx" ON "Installation"("versionId");

-- AddForeignKey
ALTER TABLE "Installation" ADD CONSTRAINT "Installation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Installation" ADD CONSTRAINT "Installation_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Installation" ADD CONSTRAINT "Installation_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "AgentVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- At most one ACTIVE and one PENDING_GRANT install per agent; granted scopes are among those requested.
CREATE UNIQUE INDEX "Installation_one_active" ON "Installation" ("agentId") WHERE "status" = 'ACTIVE';
CREATE UNIQUE INDEX "Installation_one_pending" ON "Installation" ("agentId") WHERE "status" = 'PENDING_GRANT';
ALTER TABLE "Installation" ADD CONSTRAINT "Installation_granted_requested" CHECK ("grantedScopes" <@ "requestedScopes");
