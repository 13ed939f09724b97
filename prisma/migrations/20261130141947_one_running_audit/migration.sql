-- CreateIndex
CREATE INDEX "ComplianceReport_organizationId_status_idx" ON "ComplianceReport"("organizationId", "status");

-- One audit at a time per organization: a second runComplianceAudit while one runs is refused.
CREATE UNIQUE INDEX "ComplianceReport_one_running" ON "ComplianceReport" ("organizationId") WHERE "status" = 'RUNNING';
