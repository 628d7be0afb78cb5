CREATE TABLE "scorecard_trends" (
	"taken_at" timestamp with time zone NOT NULL,
	"blueprint" text NOT NULL,
	"scorecard" text NOT NULL,
	"counts" integer[] NOT NULL,
	"average_score" real,
	CONSTRAINT "scorecard_trends_blueprint_scorecard_taken_at_pk" PRIMARY KEY("blueprint","scorecard","taken_at")
);
--> statement-breakpoint
ALTER TABLE "scorecard_results" ADD COLUMN "team" text[] DEFAULT '{}'::text[] NOT NULL;