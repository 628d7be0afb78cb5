CREATE TABLE "blueprint_value_slots" (
	"blueprint" text PRIMARY KEY NOT NULL,
	"strings" text[] NOT NULL,
	"numbers" text[] NOT NULL,
	"booleans" text[] NOT NULL
);
--> statement-breakpoint
CREATE TABLE "entity_values" (
	"blueprint" text NOT NULL,
	"identifier" text NOT NULL,
	"team" text[] NOT NULL,
	"s1" text,
	"s2" text,
	"s3" text,
	"s4" text,
	"s5" text,
	"s6" text,
	"s7" text,
	"s8" text,
	"s9" text,
	"s10" text,
	"s11" text,
	"s12" text,
	"n1" numeric,
	"n2" numeric,
	"n3" numeric,
	"n4" numeric,
	"n5" numeric,
	"n6" numeric,
	"b1" boolean,
	"b2" boolean,
	"b3" boolean,
	"b4" boolean,
	CONSTRAINT "entity_values_blueprint_identifier_pk" PRIMARY KEY("blueprint","identifier")
);
--> statement-breakpoint
ALTER TABLE "blueprint_value_slots" ADD CONSTRAINT "blueprint_value_slots_blueprint_blueprints_identifier_fk" FOREIGN KEY ("blueprint") REFERENCES "public"."blueprints"("identifier") ON DELETE cascade ON UPDATE cascade;