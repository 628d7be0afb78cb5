CREATE TABLE "insights_rollup" (
	"id" smallint PRIMARY KEY DEFAULT 1 NOT NULL,
	"runs_through" date,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "insights_rollup_one_row" CHECK ("insights_rollup"."id" = 1)
);
--> statement-breakpoint
CREATE TABLE "run_paths" (
	"action" text NOT NULL,
	"teams" text[] NOT NULL,
	"title" text NOT NULL,
	CONSTRAINT "run_paths_action_teams_pk" PRIMARY KEY("action","teams")
);
--> statement-breakpoint
CREATE TABLE "run_totals" (
	"action" text NOT NULL,
	"teams" text[] NOT NULL,
	"day" date NOT NULL,
	"runs" integer NOT NULL,
	"succeeded" integer NOT NULL,
	"failed" integer NOT NULL,
	"duration_offset" smallint NOT NULL,
	"durations" integer[] NOT NULL,
	"wait_offset" smallint NOT NULL,
	"waits" integer[] NOT NULL,
	CONSTRAINT "run_totals_action_teams_day_pk" PRIMARY KEY("action","teams","day")
);
--> statement-breakpoint
CREATE TABLE "run_totals_stale" (
	"action" text NOT NULL,
	"teams" text[] NOT NULL,
	"day" date NOT NULL,
	CONSTRAINT "run_totals_stale_action_teams_day_pk" PRIMARY KEY("action","teams","day")
);
--> statement-breakpoint
CREATE TABLE "user_activity_years" (
	"user_id" uuid NOT NULL,
	"year" smallint NOT NULL,
	"days" bit(366) NOT NULL,
	CONSTRAINT "user_activity_years_user_id_year_pk" PRIMARY KEY("user_id","year")
);
--> statement-breakpoint
ALTER TABLE "user_activity_years" ADD CONSTRAINT "user_activity_years_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "run_paths_teams_idx" ON "run_paths" USING gin ("teams");--> statement-breakpoint
CREATE INDEX "user_activity_years_year_idx" ON "user_activity_years" USING btree ("year");--> statement-breakpoint
CREATE INDEX "runs_path_idx" ON "runs" USING btree ("action","requester_teams","created_at");--> statement-breakpoint
INSERT INTO "insights_rollup" ("id") VALUES (1);
--> statement-breakpoint
-- Weekly active users read a bit per day (db/schema/insights.ts `userActivityYears`): every day recorded in
-- user_activity_days sets its bit, in the statement that records it. (Days go only with their user, and the
-- user's years with them.)
CREATE FUNCTION portico_activity_years() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO user_activity_years (user_id, year, days)
    SELECT user_id, extract(year FROM day)::smallint, bit_or(set_bit(repeat('0', 366)::bit(366), extract(doy FROM day)::int - 1, 1))
    FROM changed_rows GROUP BY 1, 2
    ON CONFLICT (user_id, year) DO UPDATE SET days = user_activity_years.days | excluded.days;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER user_activity_days_years AFTER INSERT ON user_activity_days
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_activity_years();
--> statement-breakpoint
INSERT INTO user_activity_years (user_id, year, days)
  SELECT user_id, extract(year FROM day)::smallint, bit_or(set_bit(repeat('0', 366)::bit(366), extract(doy FROM day)::int - 1, 1))
  FROM user_activity_days GROUP BY 1, 2;
--> statement-breakpoint
-- The daily roll-up of runs (server/insights/run-totals.ts) learns which days of which paths to roll up
-- again: any run written, deleted or changed in what the totals count, and any approval decision, marks
-- its path (action and requester teams) and the UTC day it was created on.
CREATE FUNCTION portico_run_totals_stale_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO run_totals_stale (action, teams, day)
    SELECT DISTINCT action, requester_teams, (created_at AT TIME ZONE 'UTC')::date FROM changed_rows
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER runs_totals_insert AFTER INSERT ON runs
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_run_totals_stale_rows();
--> statement-breakpoint
CREATE TRIGGER runs_totals_delete AFTER DELETE ON runs
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_run_totals_stale_rows();
--> statement-breakpoint
-- Updates one row at a time (a run's status moves), and only when what the totals count moved: not the
-- dispatcher's lease or the follower's next look.
CREATE FUNCTION portico_run_totals_stale_update() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO run_totals_stale (action, teams, day)
    VALUES (OLD.action, OLD.requester_teams, (OLD.created_at AT TIME ZONE 'UTC')::date),
           (NEW.action, NEW.requester_teams, (NEW.created_at AT TIME ZONE 'UTC')::date)
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER runs_totals_update AFTER UPDATE ON runs FOR EACH ROW
  WHEN (OLD.status IS DISTINCT FROM NEW.status OR OLD.started_at IS DISTINCT FROM NEW.started_at OR OLD.finished_at IS DISTINCT FROM NEW.finished_at
    OR OLD.action IS DISTINCT FROM NEW.action OR OLD.action_title IS DISTINCT FROM NEW.action_title
    OR OLD.requester_teams IS DISTINCT FROM NEW.requester_teams OR OLD.created_at IS DISTINCT FROM NEW.created_at)
  EXECUTE FUNCTION portico_run_totals_stale_update();
--> statement-breakpoint
-- TRUNCATE has no transition table: the roll-up starts again from nothing.
CREATE FUNCTION portico_run_totals_reset() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM run_totals;
  DELETE FROM run_paths;
  DELETE FROM run_totals_stale;
  UPDATE insights_rollup SET runs_through = NULL, updated_at = now();
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER runs_totals_truncate AFTER TRUNCATE ON runs
  FOR EACH STATEMENT EXECUTE FUNCTION portico_run_totals_reset();
--> statement-breakpoint
CREATE FUNCTION portico_run_totals_stale_approvals() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO run_totals_stale (action, teams, day)
    SELECT DISTINCT r.action, r.requester_teams, (r.created_at AT TIME ZONE 'UTC')::date FROM changed_rows a JOIN runs r ON r.id = a.run_id
    ON CONFLICT DO NOTHING;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER run_approvals_totals_insert AFTER INSERT ON run_approvals
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_run_totals_stale_approvals();
--> statement-breakpoint
CREATE TRIGGER run_approvals_totals_delete AFTER DELETE ON run_approvals
  REFERENCING OLD TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_run_totals_stale_approvals();
--> statement-breakpoint
-- Time to production reads the services created through a golden path: a few in a year of runs, read from
-- this index alone (drizzle's index builder has no INCLUDE, so it is written here, not in db/schema).
CREATE INDEX "runs_created_services_idx" ON "runs" USING btree ("created_at") INCLUDE ("action", "requester_teams", "affected_entities")
  WHERE "status" = 'SUCCESS' AND ("action_snapshot"->>'operation') = 'CREATE';
