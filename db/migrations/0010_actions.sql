CREATE TABLE "actions" (
	"identifier" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"icon" text,
	"description" text,
	"blueprint" text NOT NULL,
	"operation" text NOT NULL,
	"condition" jsonb,
	"user_inputs" json NOT NULL,
	"invocation" json NOT NULL,
	"approval" json,
	"permissions" json,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "actions_identifier_shape" CHECK ("actions"."identifier" ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$')
);
--> statement-breakpoint
ALTER TABLE "actions" ADD CONSTRAINT "actions_blueprint_blueprints_identifier_fk" FOREIGN KEY ("blueprint") REFERENCES "public"."blueprints"("identifier") ON DELETE cascade ON UPDATE cascade;