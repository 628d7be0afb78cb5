CREATE TABLE "campaigns" (
	"identifier" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"blueprint" text NOT NULL,
	"scorecard" text NOT NULL,
	"goal" jsonb NOT NULL,
	"scope" jsonb,
	"team" text,
	"fix_action" text,
	"starts_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"notified" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "campaigns" ADD CONSTRAINT "campaigns_blueprint_scorecard_scorecards_blueprint_identifier_fk" FOREIGN KEY ("blueprint","scorecard") REFERENCES "public"."scorecards"("blueprint","identifier") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "campaigns_scorecard_idx" ON "campaigns" USING btree ("blueprint","scorecard");--> statement-breakpoint
CREATE INDEX "campaigns_due_idx" ON "campaigns" USING btree ("due_at");