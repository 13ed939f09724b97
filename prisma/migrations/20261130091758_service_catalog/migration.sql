-- AlterTable
ALTER TABLE "SpendReservation" ADD COLUMN     "quantity" DECIMAL(18,6),
ADD COLUMN     "unitPrice" DECIMAL(18,6);

-- CreateTable
CREATE TABLE "Service" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "key" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "unit" TEXT NOT NULL,
    "unitPrice" DECIMAL(18,6) NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'USD',
    "fallbackServiceId" UUID,
    "active" BOOLEAN NOT NULL DEFAULT true,
    "archivedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "Service_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Service_fallbackServiceId_idx" ON "Service"("fallbackServiceId");

-- CreateIndex
CREATE UNIQUE INDEX "Service_organizationId_key_key" ON "Service"("organizationId", "key");

-- CreateIndex
CREATE INDEX "SpendEntry_organizationId_createdAt_idx" ON "SpendEntry"("organizationId", "createdAt");

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Service" ADD CONSTRAINT "Service_fallbackServiceId_fkey" FOREIGN KEY ("fallbackServiceId") REFERENCES "Service"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- The last line of defence: prices are positive, and a priced reservation has both parts.
ALTER TABLE "Service" ADD CONSTRAINT "Service_unitPrice_positive" CHECK ("unitPrice" > 0);
ALTER TABLE "Service" ADD CONSTRAINT "Service_fallback_not_itself" CHECK ("fallbackServiceId" IS DISTINCT FROM id);
ALTER TABLE "SpendReservation" ADD CONSTRAINT "SpendReservation_priced_whole"
  CHECK (("quantity" IS NULL) = ("unitPrice" IS NULL) AND ("quantity" IS NULL OR ("quantity" > 0 AND "unitPrice" > 0)));
-- A priced reservation holds exactly its price (pricing.ts rounds half-up to 6 places, as round() does).
ALTER TABLE "SpendReservation" ADD CONSTRAINT "SpendReservation_priced_amount"
  CHECK ("quantity" IS NULL OR outcome = 'REJECTED' OR amount = round("quantity" * "unitPrice", 6));
