CREATE TABLE "api_rate_limits" (
	"key" text PRIMARY KEY NOT NULL,
	"tokens" double precision NOT NULL,
	"allowed" boolean NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
-- Added by hand (drizzle has no UNLOGGED): a bucket is worth nothing after a crash, and without WAL
-- taking a token does not wait for a disk flush on every REST request.
ALTER TABLE "api_rate_limits" SET UNLOGGED;
