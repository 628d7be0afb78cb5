CREATE TABLE "entity_doc_assets" (
	"blueprint" text NOT NULL,
	"identifier" text NOT NULL,
	"path" text NOT NULL,
	"sha" text NOT NULL,
	"content_type" text NOT NULL,
	"bytes" "bytea" NOT NULL,
	CONSTRAINT "entity_doc_assets_blueprint_identifier_path_pk" PRIMARY KEY("blueprint","identifier","path")
);
--> statement-breakpoint
CREATE TABLE "entity_doc_pages" (
	"blueprint" text NOT NULL,
	"identifier" text NOT NULL,
	"path" text NOT NULL,
	"title" text NOT NULL,
	"sha" text NOT NULL,
	"markdown" text NOT NULL,
	CONSTRAINT "entity_doc_pages_blueprint_identifier_path_pk" PRIMARY KEY("blueprint","identifier","path")
);
--> statement-breakpoint
CREATE TABLE "entity_docs" (
	"blueprint" text NOT NULL,
	"identifier" text NOT NULL,
	"source" text DEFAULT 'github' NOT NULL,
	"repository" text,
	"ref" text,
	"folder" text,
	"site_name" text,
	"nav" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tree_sha" text,
	"status" text NOT NULL,
	"message" text,
	"pages" integer DEFAULT 0 NOT NULL,
	"synced_at" timestamp with time zone,
	"checked_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "entity_docs_blueprint_identifier_pk" PRIMARY KEY("blueprint","identifier")
);
--> statement-breakpoint
ALTER TABLE "entity_doc_assets" ADD CONSTRAINT "entity_doc_assets_blueprint_identifier_entity_docs_blueprint_identifier_fk" FOREIGN KEY ("blueprint","identifier") REFERENCES "public"."entity_docs"("blueprint","identifier") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "entity_doc_pages" ADD CONSTRAINT "entity_doc_pages_blueprint_identifier_entity_docs_blueprint_identifier_fk" FOREIGN KEY ("blueprint","identifier") REFERENCES "public"."entity_docs"("blueprint","identifier") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
ALTER TABLE "entity_docs" ADD CONSTRAINT "entity_docs_blueprint_identifier_entities_blueprint_identifier_fk" FOREIGN KEY ("blueprint","identifier") REFERENCES "public"."entities"("blueprint","identifier") ON DELETE cascade ON UPDATE cascade;--> statement-breakpoint
CREATE INDEX "entity_doc_pages_search_idx" ON "entity_doc_pages" USING gin (to_tsvector('simple', "title" || ' ' || "markdown"));