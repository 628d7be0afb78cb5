ALTER TABLE "blueprints" ALTER COLUMN "schema" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "blueprints" ALTER COLUMN "schema" SET DEFAULT '{"properties":{},"required":[]}'::json;--> statement-breakpoint
ALTER TABLE "blueprints" ALTER COLUMN "relations" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "blueprints" ALTER COLUMN "relations" SET DEFAULT '{}'::json;--> statement-breakpoint
ALTER TABLE "blueprints" ALTER COLUMN "mirror_properties" SET DATA TYPE json;--> statement-breakpoint
ALTER TABLE "blueprints" ALTER COLUMN "mirror_properties" SET DEFAULT '{}'::json;