-- CreateEnum
CREATE TYPE "TrustTier" AS ENUM ('UNTRUSTED', 'PROBATIONARY', 'STANDARD', 'TRUSTED', 'VERIFIED');

-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "currentTrustScoreId" UUID;

-- AlterTable
ALTER TABLE "AgentVersion" ADD COLUMN     "currentTrustScoreId" UUID;

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "trustSettings" JSONB NOT NULL DEFAULT '{}';

-- CreateTable
CREATE TABLE "Attestation" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "versionId" UUID,
    "issuer" TEXT NOT NULL,
    "claim" TEXT NOT NULL,
    "evidence" JSONB NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "issuedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMPTZ(3),
    "revokedAt" TIMESTAMPTZ(3),
    "revokedBy" TEXT,
    "createdBy" TEXT,

    CONSTRAINT "Attestation_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrustScore" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "versionId" UUID,
    "competence" DOUBLE PRECISION NOT NULL,
    "reliability" DOUBLE PRECISION NOT NULL,
    "honesty" DOUBLE PRECISION NOT NULL,
    "transparency" DOUBLE PRECISION NOT NULL,
    "overall" DOUBLE PRECISION NOT NULL,
    "tier" "TrustTier" NOT NULL,
    "inputs" JSONB NOT NULL,
    "causeVerb" TEXT NOT NULL,
    "causeSequence" INTEGER,
    "computedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "TrustScore_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Attestation_agentId_issuedAt_idx" ON "Attestation"("agentId", "issuedAt");

-- CreateIndex
CREATE INDEX "Attestation_organizationId_idx" ON "Attestation"("organizationId");

-- CreateIndex
CREATE INDEX "Attestation_versionId_idx" ON "Attestation"("versionId");

-- CreateIndex
CREATE INDEX "TrustScore_agentId_versionId_computedAt_idx" ON "TrustScore"("agentId", "versionId", "computedAt");

-- CreateIndex
CREATE INDEX "TrustScore_organizationId_idx" ON "TrustScore"("organizationId");

-- CreateIndex
CREATE INDEX "TrustScore_versionId_idx" ON "TrustScore"("versionId");

-- CreateIndex
CREATE UNIQUE INDEX "Agent_currentTrustScoreId_key" ON "Agent"("currentTrustScoreId");

-- CreateIndex
CREATE UNIQUE INDEX "AgentVersion_currentTrustScoreId_key" ON "AgentVersion"("currentTrustScoreId");

-- AddForeignKey
ALTER TABLE "Agent" ADD CONSTRAINT "Agent_currentTrustScoreId_fkey" FOREIGN KEY ("currentTrustScoreId") REFERENCES "TrustScore"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentVersion" ADD CONSTRAINT "AgentVersion_currentTrustScoreId_fkey" FOREIGN KEY ("currentTrustScoreId") REFERENCES "TrustScore"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attestation" ADD CONSTRAINT "Attestation_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attestation" ADD CONSTRAINT "Attestation_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Attestation" ADD CONSTRAINT "Attestation_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "AgentVersion"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrustScore" ADD CONSTRAINT "TrustScore_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrustScore" ADD CONSTRAINT "TrustScore_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrustScore" ADD CONSTRAINT "TrustScore_versionId_fkey" FOREIGN KEY ("versionId") REFERENCES "AgentVersion"("id") ON DELETE CASCADE ON UPDATE CASCADE;
