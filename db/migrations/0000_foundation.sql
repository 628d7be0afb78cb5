CREATE TABLE "team_members" (
	"team_id" text NOT NULL,
	"user_id" uuid NOT NULL,
	"source" text DEFAULT 'manual' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "team_members_team_id_user_id_pk" PRIMARY KEY("team_id","user_id")
);
--> statement-breakpoint
CREATE TABLE "teams" (
	"id" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"description" text,
	"idp_group" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "teams_id_shape" CHECK ("teams"."id" ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$')
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"email" text NOT NULL,
	"name" text,
	"image" text,
	"role" text DEFAULT 'member' NOT NULL,
	"role_source" text DEFAULT 'manual' NOT NULL,
	"is_demo" boolean DEFAULT false NOT NULL,
	"last_sign_in_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_email_shape" CHECK ("users"."email" like '%@%')
);
--> statement-breakpoint
CREATE TABLE "audit_events" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_id" text NOT NULL,
	"actor_label" text NOT NULL,
	"action" text NOT NULL,
	"resource_type" text NOT NULL,
	"resource_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb,
	"diff" jsonb,
	"origin" text NOT NULL,
	"request_id" text NOT NULL,
	"ip" "inet",
	CONSTRAINT "audit_events_action_shape" CHECK ("audit_events"."action" ~ '^[a-z][a-z0-9-]*(\.[a-z][a-z0-9-]*)+$'),
	CONSTRAINT "audit_events_origin" CHECK ("audit_events"."origin" in ('ui', 'api', 'integration', 'system'))
);
--> statement-breakpoint
CREATE TABLE "blueprints" (
	"identifier" text PRIMARY KEY NOT NULL,
	"title" text NOT NULL,
	"icon" text,
	"description" text,
	"schema" jsonb DEFAULT '{"properties":{},"required":[]}'::jsonb NOT NULL,
	"relations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"mirror_properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "blueprints_identifier_shape" CHECK ("blueprints"."identifier" ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$')
);
--> statement-breakpoint
CREATE TABLE "entities" (
	"blueprint" text NOT NULL,
	"identifier" text NOT NULL,
	"title" text,
	"team" text[] DEFAULT '{}'::text[] NOT NULL,
	"properties" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"relations" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_by" text NOT NULL,
	CONSTRAINT "entities_blueprint_identifier_pk" PRIMARY KEY("blueprint","identifier"),
	CONSTRAINT "entities_identifier_shape" CHECK ("entities"."identifier" ~ '^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$')
);
--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_team_id_teams_id_fk" FOREIGN KEY ("team_id") REFERENCES "public"."teams"("id") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "team_members" ADD CONSTRAINT "team_members_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "entities" ADD CONSTRAINT "entities_blueprint_blueprints_identifier_fk" FOREIGN KEY ("blueprint") REFERENCES "public"."blueprints"("identifier") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "team_members_user_idx" ON "team_members" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_lower_idx" ON "users" USING btree (lower("email"));--> statement-breakpoint
CREATE INDEX "audit_events_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "audit_events_actor_idx" ON "audit_events" USING btree ("actor_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_resource_idx" ON "audit_events" USING btree ("resource_type","resource_id","id");--> statement-breakpoint
CREATE INDEX "audit_events_action_idx" ON "audit_events" USING btree ("action","id");--> statement-breakpoint
CREATE INDEX "entities_team_idx" ON "entities" USING gin ("team");--> statement-breakpoint
CREATE INDEX "entities_blueprint_updated_idx" ON "entities" USING btree ("blueprint","updated_at" DESC NULLS LAST,"identifier");