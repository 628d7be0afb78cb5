CREATE TABLE "scorecard_results" (
	"blueprint" text NOT NULL,
	"scorecard" text NOT NULL,
	"entity" text NOT NULL,
	"level" smallint NOT NULL,
	"score" real NOT NULL,
	"passed" boolean[] NOT NULL,
	"changed_at" timestamp with time zone[] NOT NULL,
	CONSTRAINT "scorecard_results_blueprint_scorecard_entity_pk" PRIMARY KEY("blueprint","scorecard","entity")
);
--> statement-breakpoint
CREATE TABLE "scorecard_snapshots" (
	"taken_at" timestamp with time zone NOT NULL,
	"blueprint" text NOT NULL,
	"scorecard" text NOT NULL,
	"entity" text NOT NULL,
	"level" smallint NOT NULL,
	"score" real NOT NULL,
	CONSTRAINT "scorecard_snapshots_blueprint_scorecard_taken_at_entity_pk" PRIMARY KEY("blueprint","scorecard","taken_at","entity")
);
--> statement-breakpoint
CREATE TABLE "scorecards" (
	"blueprint" text NOT NULL,
	"identifier" text NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"filter" jsonb,
	"levels" json NOT NULL,
	"rules" json NOT NULL,
	"evaluated_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "scorecards_blueprint_identifier_pk" PRIMARY KEY("blueprint","identifier")
);
--> statement-breakpoint
ALTER TABLE "scorecards" ADD CONSTRAINT "scorecards_blueprint_blueprints_identifier_fk" FOREIGN KEY ("blueprint") REFERENCES "public"."blueprints"("identifier") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "scorecard_results_level_idx" ON "scorecard_results" USING btree ("blueprint","scorecard","level");