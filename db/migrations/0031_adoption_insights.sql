CREATE TABLE "user_activity_days" (
	"day" date NOT NULL,
	"user_id" uuid NOT NULL,
	CONSTRAINT "user_activity_days_day_user_id_pk" PRIMARY KEY("day","user_id")
);
--> statement-breakpoint
ALTER TABLE "scorecard_trends" ADD COLUMN "team_counts" jsonb;--> statement-breakpoint
ALTER TABLE "user_activity_days" ADD CONSTRAINT "user_activity_days_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "user_activity_days_user_idx" ON "user_activity_days" USING btree ("user_id","day");--> statement-breakpoint
CREATE INDEX "runs_requester_teams_idx" ON "runs" USING gin ("requester_teams");--> statement-breakpoint
-- The days users were active before this table existed, as far as the audit log knows them (sign-ins and changes).
INSERT INTO "user_activity_days" ("day", "user_id")
SELECT DISTINCT (a."at" AT TIME ZONE 'UTC')::date, u."id" FROM "audit_events" a JOIN "users" u ON u."id"::text = a."actor_id"
ON CONFLICT DO NOTHING;
