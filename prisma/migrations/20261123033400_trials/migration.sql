-- CreateEnum
CREATE TYPE "TrialStatus" AS ENUM ('ACTIVE', 'COMPLETED', 'CONVERTED', 'CANCELLED', 'EXPIRED');

-- AlterEnum
ALTER TYPE "ActorType" ADD VALUE 'CUSTOMER';

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "reservationId" UUID,
ADD COLUMN     "trialId" UUID;

-- CreateTable
CREATE TABLE "Customer" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "externalRef" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Customer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Trial" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "agentId" UUID NOT NULL,
    "customerId" UUID NOT NULL,
    "versionId" UUID NOT NULL,
    "status" "TrialStatus" NOT NULL DEFAULT 'ACTIVE',
    "startedAt" TIMESTAMPTZ(3) NOT NULL,
    "expiresAt" TIMESTAMPTZ(3) NOT NULL,
    "endedAt" TIMESTAMPTZ(3),
    "cancelReason" TEXT,
    "planReference" TEXT,
    "budgetId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Trial_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "TrialDeliverable" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "trialId" UUID NOT NULL,
    "title" TEXT NOT NULL,
    "content" TEXT,
    "url" TEXT,
    "taskId" UUID,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "TrialDeliverable_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Customer_organizationId_createdAt_idx" ON "Customer"("organizationId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_organizationId_email_key" ON "Customer"("organizationId", "email");

-- CreateIndex
CREATE UNIQUE INDEX "Customer_organizationId_externalRef_key" ON "Customer"("organizationId", "externalRef");

-- CreateIndex
CREATE INDEX "Trial_organizationId_createdAt_idx" ON "Trial"("organizationId", "createdAt");

-- CreateIndex
CREATE INDEX "Trial_customerId_createdAt_idx" ON "Trial"("customerId", "createdAt");

-- CreateIndex
CREATE INDEX "Trial_agentId_createdAt_idx" ON "Trial"("agentId", "createdAt");

-- CreateIndex
CREATE INDEX "Trial_status_expiresAt_idx" ON "Trial"("status", "expiresAt");

-- CreateIndex
CREATE INDEX "TrialDeliverable_trialId_createdAt_idx" ON "TrialDeliverable"("trialId", "createdAt");

-- CreateIndex
CREATE INDEX "Task_trialId_idx" ON "Task"("trialId");

-- AddForeignKey
ALTER TABLE "Task" ADD CONSTRAINT "Task_trialId_fkey" FOREIGN KEY ("trialId") REFERENCES "Trial"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Customer" ADD CONSTRAINT "Customer_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Trial" ADD CONSTRAINT "Trial_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Trial" ADD CONSTRAINT "Trial_agentId_fkey" FOREIGN KEY ("agentId") REFERENCES "Agent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Trial" ADD CONSTRAINT "Trial_customerId_fkey" FOREIGN KEY ("customerId") REFERENCES "Customer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrialDeliverable" ADD CONSTRAINT "TrialDeliverable_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrialDeliverable" ADD CONSTRAINT "TrialDeliverable_trialId_fkey" FOREIGN KEY ("trialId") REFERENCES "Trial"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "TrialDeliverable" ADD CONSTRAINT "TrialDeliverable_taskId_fkey" FOREIGN KEY ("taskId") REFERENCES "Task"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- One ACTIVE trial per customer and agent, also under concurrent starts.
CREATE UNIQUE INDEX "Trial_one_active_per_customer_agent" ON "Trial" ("customerId", "agentId") WHERE status = 'ACTIVE';
