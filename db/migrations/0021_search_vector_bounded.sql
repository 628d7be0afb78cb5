-- The entity search vector as a function, so a large property (an API definition) cannot make it
-- exceed PostgreSQL's 1 MB tsvector limit and fail the write. Below 256 KB of properties it is what
-- it was (jsonb_to_tsvector of the string values); above, each string counts with its first 10,000
-- characters and all of them together with 200,000.
CREATE OR REPLACE FUNCTION portico_search_vector(identifier text, title text, properties jsonb) RETURNS tsvector
LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$
BEGIN
  IF properties IS NULL OR octet_length(properties::text) <= 262144 THEN
    RETURN to_tsvector('simple'::regconfig, identifier || ' ' || coalesce(title, '')) || jsonb_to_tsvector('simple'::regconfig, coalesce(properties, '{}'::jsonb), '["string"]'::jsonb);
  END IF;
  RETURN to_tsvector('simple'::regconfig, identifier || ' ' || coalesce(title, ''))
    || to_tsvector('simple'::regconfig, left(coalesce((
         SELECT string_agg(left(v #>> '{}', 10000), ' ') FROM jsonb_path_query(properties, 'strict $.** ? (@.type() == "string")') AS v), ''), 200000));
END
$$;--> statement-breakpoint
DROP INDEX "entities_search_idx";--> statement-breakpoint
CREATE INDEX "entities_search_idx" ON "entities" USING gin (portico_search_vector("identifier", "title", "properties"));
