CREATE TABLE "ci_repositories" (
	"repository" text PRIMARY KEY NOT NULL,
	"synced_at" timestamp with time zone,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "ci_runs" (
	"repository" text NOT NULL,
	"run_id" bigint NOT NULL,
	"workflow" text NOT NULL,
	"title" text,
	"status" text NOT NULL,
	"conclusion" text,
	"branch" text,
	"commit_sha" text,
	"actor" text,
	"event" text,
	"url" text,
	"attempt" integer DEFAULT 1 NOT NULL,
	"started_at" timestamp with time zone,
	"updated_at" timestamp with time zone,
	"source" text DEFAULT 'github' NOT NULL,
	CONSTRAINT "ci_runs_repository_run_id_pk" PRIMARY KEY("repository","run_id")
);
--> statement-breakpoint
CREATE TABLE "cluster_objects" (
	"cluster" text NOT NULL,
	"namespace" text NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"service" text,
	"object" jsonb NOT NULL,
	"resource_version" text,
	"synced_at" timestamp with time zone DEFAULT now() NOT NULL,
	"source" text DEFAULT 'cluster' NOT NULL,
	CONSTRAINT "cluster_objects_cluster_namespace_kind_name_pk" PRIMARY KEY("cluster","namespace","kind","name")
);
--> statement-breakpoint
CREATE TABLE "cluster_syncs" (
	"cluster" text PRIMARY KEY NOT NULL,
	"lease_owner" text,
	"lease_until" timestamp with time zone,
	"status" text DEFAULT 'connecting' NOT NULL,
	"namespaces" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"last_synced_at" timestamp with time zone,
	"last_error" text,
	"last_error_at" timestamp with time zone,
	"failures" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "deployments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service" text NOT NULL,
	"environment" text NOT NULL,
	"environment_type" text,
	"version" text NOT NULL,
	"commit_sha" text,
	"commit_at" timestamp with time zone,
	"status" text NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone,
	"source" text NOT NULL,
	"actor" text,
	"url" text,
	"run_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE INDEX "ci_runs_repository_idx" ON "ci_runs" USING btree ("repository","started_at");--> statement-breakpoint
CREATE INDEX "cluster_objects_service_idx" ON "cluster_objects" USING btree ("service");--> statement-breakpoint
CREATE INDEX "deployments_service_idx" ON "deployments" USING btree ("service","started_at");--> statement-breakpoint
CREATE INDEX "deployments_environment_idx" ON "deployments" USING btree ("environment","started_at");--> statement-breakpoint
CREATE INDEX "deployments_started_idx" ON "deployments" USING btree ("started_at");