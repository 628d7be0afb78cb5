ALTER TABLE "teams" ADD COLUMN "parent_id" text;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "type" text;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "teams" ADD COLUMN "picture" text;--> statement-breakpoint
ALTER TABLE "teams" ADD CONSTRAINT "teams_parent_id_teams_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."teams"("id") ON DELETE set null ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "teams_parent_idx" ON "teams" USING btree ("parent_id");