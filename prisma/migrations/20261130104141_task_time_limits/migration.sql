-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "deadlineAt" TIMESTAMPTZ(3),
ADD COLUMN     "retryAt" TIMESTAMPTZ(3);

-- CreateIndex
CREATE INDEX "Task_status_deadlineAt_idx" ON "Task"("status", "deadlineAt");

-- CreateIndex
CREATE INDEX "Task_status_retryAt_idx" ON "Task"("status", "retryAt");
