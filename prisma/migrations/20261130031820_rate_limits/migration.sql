-- UNLOGGED: rate-limit counts are not worth a WAL write per request; a crash resets them.
-- CreateTable
CREATE UNLOGGED TABLE "RateLimitWindow" (
    "subject" TEXT NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "used" BIGINT NOT NULL,

    CONSTRAINT "RateLimitWindow_pkey" PRIMARY KEY ("subject","windowStart")
);
