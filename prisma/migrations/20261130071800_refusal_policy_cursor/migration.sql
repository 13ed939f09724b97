-- The refusal-policy consumer starts where the log is now for organizations that exist already.
INSERT INTO "EventConsumerCursor" ("consumer", "organizationId", "lastSequence", "updatedAt")
SELECT 'refusal-policy', h."organizationId", h."lastSequence", now() FROM "ActivityChainHead" h
ON CONFLICT DO NOTHING;
