CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"token_prefix" text NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "api_tokens_tokenHash_unique" UNIQUE("token_hash")
);
--> statement-breakpoint
ALTER TABLE "entities" ADD COLUMN "validation_errors" jsonb;--> statement-breakpoint
ALTER TABLE "entities" ADD COLUMN "search" "tsvector" GENERATED ALWAYS AS (to_tsvector('simple', "entities"."identifier" || ' ' || coalesce("entities"."title", '')) || jsonb_to_tsvector('simple', "entities"."properties", '["string"]')) STORED NOT NULL;--> statement-breakpoint
CREATE INDEX "api_tokens_created_idx" ON "api_tokens" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "entities_properties_idx" ON "entities" USING gin ("properties" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "entities_relations_idx" ON "entities" USING gin ("relations" jsonb_path_ops);--> statement-breakpoint
CREATE INDEX "entities_search_idx" ON "entities" USING gin ("search");