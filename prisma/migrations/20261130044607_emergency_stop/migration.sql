-- AlterTable
ALTER TABLE "Agent" ADD COLUMN     "haltReason" TEXT,
ADD COLUMN     "haltedAt" TIMESTAMPTZ(3);

-- AlterTable
ALTER TABLE "Organization" ADD COLUMN     "haltReason" TEXT,
ADD COLUMN     "haltedAt" TIMESTAMPTZ(3);
