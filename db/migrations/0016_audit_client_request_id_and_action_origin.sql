ALTER TABLE "audit_events" DROP CONSTRAINT "audit_events_origin";--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "client_request_id" text;--> statement-breakpoint
ALTER TABLE "audit_events" ADD CONSTRAINT "audit_events_origin" CHECK ("audit_events"."origin" in ('ui', 'api', 'integration', 'system', 'action'));