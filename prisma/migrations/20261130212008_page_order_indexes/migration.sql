-- DropIndex
DROP INDEX "Agent_organizationId_name_idx";

-- DropIndex
DROP INDEX "AgentVersion_agentId_createdAt_idx";

-- CreateIndex
CREATE INDEX "Agent_organizationId_name_id_idx" ON "Agent"("organizationId", "name", "id");

-- CreateIndex
CREATE INDEX "AgentVersion_agentId_createdAt_id_idx" ON "AgentVersion"("agentId", "createdAt" DESC, "id" DESC);
