DROP INDEX "entities_search_idx";--> statement-breakpoint
CREATE INDEX "entities_search_idx" ON "entities" USING gin ((to_tsvector('simple'::regconfig, "identifier" || ' ' || coalesce("title", '')) || jsonb_to_tsvector('simple'::regconfig, "properties", '["string"]'::jsonb)));--> statement-breakpoint
ALTER TABLE "entities" DROP COLUMN "search";