-- CreateTable
CREATE TABLE "SignedCheckpoint" (
    "id" UUID NOT NULL,
    "organizationId" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "signedAt" TIMESTAMPTZ(3) NOT NULL,
    "signature" TEXT NOT NULL,

    CONSTRAINT "SignedCheckpoint_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SignedCheckpoint_organizationId_sequence_key" ON "SignedCheckpoint"("organizationId", "sequence");

-- AddForeignKey
ALTER TABLE "SignedCheckpoint" ADD CONSTRAINT "SignedCheckpoint_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;
