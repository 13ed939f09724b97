-- CreateEnum
CREATE TYPE "CollaborationModel" AS ENUM ('SEQUENTIAL', 'PARALLEL', 'HIERARCHICAL', 'CONSENSUS', 'ROUND_ROBIN');

-- CreateEnum
CREATE TYPE "ParticipantRole" AS ENUM ('LEAD', 'MEMBER', 'OBSERVER');

-- CreateEnum
CREATE TYPE "ContextStatus" AS ENUM ('ACTIVE', 'PAUSED', 'CLOSED');

-- CreateEnum
CREATE TYPE "MessageType" AS ENUM ('REQUEST', 'RESPONSE', 'BROADCAST', 'HANDOFF', 'SYSTEM');

-- CreateEnum
CREATE TYPE "TaskStatus" AS ENUM ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED');

-- CreateEnum
CREATE TYPE "TaskPriority" AS ENUM ('LOW', 'NORMAL', 'HIGH', 'URGENT');

-- CreateEnum
CREATE TYPE "TaskStepStatus" AS ENUM ('STARTED', 'SUCCEEDED', 'FAILED', 'SKIPPED');

-- CreateTable
CREATE TABLE "AgentContext" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "collaborationModel" "CollaborationModel" NOT NULL,
    "status" "ContextStatus" NOT NULL DEFAULT 'ACTIVE',
    "metadata" JSONB NOT NULL DEFAULT '{}',
    "state" JSONB NOT NULL DEFAULT '{}',
    "revision" INTEGER NOT NULL DEFAULT 0,
    "createdByType" "ActorType" NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "closedAt" TIMESTAMPTZ(3),

    CONSTRAINT "AgentContext_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContextParticipant" (
    "id" UUID NOT NULL,
    "contextId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "role" "ParticipantRole" NOT NULL,
    "joinedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContextParticipant_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContextStateRevision" (
    "id" UUID NOT NULL,
    "contextId" UUID NOT NULL,
    "revision" INTEGER NOT NULL,
    "state" JSONB NOT NULL,
    "actorType" "ActorType" NOT NULL,
    "actorId" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContextStateRevision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ContextMessage" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "contextId" UUID NOT NULL,
    "position" BIGSERIAL NOT NULL,
    "fromAgentId" UUID NOT NULL,
    "toAgentIds" UUID[],
    "type" "MessageType" NOT NULL,
    "content" JSONB NOT NULL,
    "replyToId" UUID,
    "blocked" BOOLEAN NOT NULL DEFAULT false,
    "decision" JSONB NOT NULL,
    "violationId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ContextMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Task" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "contextId" UUID,
    "goal" TEXT NOT NULL,
    "input" JSONB NOT NULL,
    "priority" "TaskPriority" NOT NULL DEFAULT 'NORMAL',
    "sandbox" BOOLEAN NOT NULL DEFAULT false,
    "status" "TaskStatus" NOT NULL DEFAULT 'QUEUED',
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "maxAttempts" INTEGER NOT NULL DEFAULT 3,
    "output" JSONB,
    "error" TEXT,
    "cost" DECIMAL(18,6),
    "createdByType" "ActorType" NOT NULL,
    "createdById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,
    "startedAt" TIMESTAMPTZ(3),
    "finishedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Task_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TaskStep" (
    "id" UUID NOT NULL,
    "taskId" UUID NOT NULL,
    "position" INTEGER NOT NULL,
    "attempt" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "state" JSONB NOT NULL,
    "status" "TaskStepStatus" NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TaskStep_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "AgentContext_organizationId_createdAt_idx" ON "AgentContext"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "ContextParticipant_agentId_idx" ON "ContextParticipant"("agentId");

-- CreateIndex
CREATE UNIQUE INDEX "ContextParticipant_contextId_agentId_key" ON "ContextParticipant"("contextId", "agentId");

-- CreateIndex
CREATE UNIQUE INDEX "ContextStateRevision_contextId_revision_key" ON "ContextStateRevision"("contextId", "revision");

-- CreateIndex
CREATE INDEX "ContextMessage_contextId_position_idx" ON "ContextMessage"("contextId", "position");

-- CreateIndex
CREATE INDEX "ContextMessage_replyToId_idx" ON "ContextMessage"("replyToId");

-- CreateIndex
CREATE UNIQUE INDEX "ContextMessage_position_key" ON "ContextMessage"("position");

-- CreateIndex
CREATE INDEX "Task_organizationId_createdAt_idx" ON "Task"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "Task_agentId_createdAt_idx" ON "Task"("agentId", "createdAt");

-- CreateIndex
CREATE INDEX "Task_contextId_idx" ON "Task"("contextId");

-- CreateIndex
CREATE UNIQUE INDEX "TaskStep_taskId_position_key" ON "TaskStep"("taskId", "position");

-- CreateIndex
CREATE INDEX "SpendReservation_contextId_idx" ON "SpendReservation"("contextId");

-- AddForeignKey
ALTER TABLE "AgentContext" ADD CONSTRAINT "AgentContext_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContextParticipant" ADD CONSTRAINT "ContextParticipant_contextId_fkey" FOREIGN KEY ("contextId") REFERENCES "AgentContext"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContextParticipant" ADD CONSTRAINT "ContextParticipant_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContextStateRevision" ADD CONSTRAINT "ContextStateRevision_contextId_fkey" FOREIGN KEY ("contextId") REFERENCES "AgentContext"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContextMessage" ADD CONSTRAINT "ContextMessage_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContextMessage" ADD CONSTRAINT "ContextMessage_contextId_fkey" FOREIGN KEY ("contextId") REFERENCES "AgentContext"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContextMessage" ADD CONSTRAINT "ContextMessage_fromAgentId_fkey" FOREIGN KEY ("fromAgentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ContextMessage" ADD CONSTRAINT "ContextMessage_replyToId_fkey" FOREIGN KEY ("replyToId") REFERENCES "ContextMessage"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_contextId_fkey" FOREIGN KEY ("contextId") REFERENCES "AgentContext"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TaskStep" ADD CONSTRAINT "TaskStep_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE CASCADE ON UPDATE CASCADE;
