-- CreateEnum
CREATE TYPE "CertificationStatus" AS ENUM ('DRAFT', 'PENDING_CERTIFICATION', 'CERTIFIED', 'REJECTED', 'DEPRECATED');

-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "jobRoleId" UUID;

-- CreateTable
CREATE TABLE "Skill" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" "CertificationStatus" NOT NULL DEFAULT 'DRAFT',
    "submittedByType" "ActorType",
    "submittedById" UUID,
    "submittedByUserId" UUID,
    "submittedAt" TIMESTAMPTZ(3),
    "decidedByType" "ActorType",
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "rejectionReason" TEXT,
    "deprecatedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Skill_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRole" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "status" "CertificationStatus" NOT NULL DEFAULT 'DRAFT',
    "submittedByType" "ActorType",
    "submittedById" UUID,
    "submittedByUserId" UUID,
    "submittedAt" TIMESTAMPTZ(3),
    "decidedByType" "ActorType",
    "decidedById" UUID,
    "decidedAt" TIMESTAMPTZ(3),
    "rejectionReason" TEXT,
    "deprecatedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "JobRole_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "JobRoleSkill" (
    "jobRoleId" UUID NOT NULL,
    "skillId" UUID NOT NULL,

    CONSTRAINT "JobRoleSkill_pkey" PRIMARY KEY ("jobRoleId","skillId")
);

-- CreateTable
CREATE TABLE "AgentSkill" (
    "agentId" UUID NOT NULL,
    "skillId" UUID NOT NULL,
    "assignedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "AgentSkill_pkey" PRIMARY KEY ("agentId","skillId")
);

-- CreateIndex
CREATE INDEX "Skill_organizationId_status_idx" ON "Skill"("organizationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "Skill_organizationId_key_key" ON "Skill"("organizationId", "key");

-- CreateIndex
CREATE INDEX "JobRole_organizationId_status_idx" ON "JobRole"("organizationId", "status");

-- CreateIndex
CREATE UNIQUE INDEX "JobRole_organizationId_name_key" ON "JobRole"("organizationId", "name");

-- CreateIndex
CREATE INDEX "JobRoleSkill_skillId_idx" ON "JobRoleSkill"("skillId");

-- CreateIndex
CREATE INDEX "AgentSkill_skillId_idx" ON "AgentSkill"("skillId");

-- CreateIndex
CREATE INDEX "Agent_jobRoleId_idx" ON "Agent"("jobRoleId");

-- AddForeignKey
ALTER TABLE "Agent" ADD CONSTRAINT "Agent_jobRoleId_fkey" FOREIGN KEY ("jobRoleId") REFERENCES "JobRole"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Skill" ADD CONSTRAINT "Skill_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobRole" ADD CONSTRAINT "JobRole_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobRoleSkill" ADD CONSTRAINT "JobRoleSkill_jobRoleId_fkey" FOREIGN KEY ("jobRoleId") REFERENCES "JobRole"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "JobRoleSkill" ADD CONSTRAINT "JobRoleSkill_skillId_fkey" FOREIGN KEY ("skillId") REFERENCES "Skill"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentSkill" ADD CONSTRAINT "AgentSkill_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AgentSkill" ADD CONSTRAINT "AgentSkill_skillId_fkey" FOREIGN KEY ("skillId") REFERENCES "Skill"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A rejection always says why; a deprecation says when.
ALTER TABLE "Skill" ADD CONSTRAINT "Skill_rejected_has_reason" CHECK ("status" <> 'REJECTED' OR "rejectionReason" IS NOT NULL);
ALTER TABLE "Skill" ADD CONSTRAINT "Skill_deprecated_has_time" CHECK ("status" <> 'DEPRECATED' OR "deprecatedAt" IS NOT NULL);
ALTER TABLE "JobRole" ADD CONSTRAINT "JobRole_rejected_has_reason" CHECK ("status" <> 'REJECTED' OR "rejectionReason" IS NOT NULL);
ALTER TABLE "JobRole" ADD CONSTRAINT "JobRole_deprecated_has_time" CHECK ("status" <> 'DEPRECATED' OR "deprecatedAt" IS NOT NULL);
