-- CreateIndex
CREATE INDEX "Violation_agentId_status_idx" ON "Violation"("agentId", "status");
