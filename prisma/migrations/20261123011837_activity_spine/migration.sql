-- CreateTable
CREATE TABLE "ActivityCheckpoint" (
    "organizationId" UUID NOT NULL,
    "sequence" INTEGER NOT NULL,
    "hash" TEXT NOT NULL,
    "prunedAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ActivityCheckpoint_pkey" PRIMARY KEY ("organizationId")
);

-- AddForeignKey
ALTER TABLE "ActivityCheckpoint" ADD CONSTRAINT "ActivityCheckpoint_organizationId_fkey" FOREIGN KEY ("organizationId") REFERENCES "Organization"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The activity log is append-only: the database refuses UPDATE, and refuses DELETE except
-- inside a retention transaction (src/events/retention.ts sets agg.activity_retention = 'on'
-- locally). Written by hand: Prisma's schema does not describe triggers.
CREATE FUNCTION "activity_event_append_only"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND current_setting('agg.activity_retention', true) = 'on' THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'ActivityEvent is append-only: % is not allowed', TG_OP
    USING ERRCODE = 'insufficient_privilege';
END;
$$;

CREATE TRIGGER "ActivityEvent_append_only"
  BEFORE UPDATE OR DELETE ON "ActivityEvent"
  FOR EACH ROW EXECUTE FUNCTION "activity_event_append_only"();

CREATE TRIGGER "ActivityEvent_no_truncate"
  BEFORE TRUNCATE ON "ActivityEvent"
  FOR EACH STATEMENT EXECUTE FUNCTION "activity_event_append_only"();
