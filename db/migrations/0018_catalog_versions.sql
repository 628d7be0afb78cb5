CREATE TABLE "catalog_pending_versions" (
	"txid" bigint PRIMARY KEY NOT NULL
);
--> statement-breakpoint
CREATE TABLE "catalog_versions" (
	"blueprint" text PRIMARY KEY NOT NULL,
	"version" uuid NOT NULL
);

--> statement-breakpoint
-- Catalog versions (db/schema/catalog.ts `catalogVersions`). A statement that writes entities, a
-- blueprint or its value slots records the blueprints it touched in a transaction-local setting and,
-- the first time in the transaction, a row of catalog_pending_versions; the deferred constraint
-- trigger on that row runs at commit and gives every touched blueprint a new version in one
-- statement, in identifier order. So the version row is locked only while the transaction commits
-- (a long import does not hold up other writers of the blueprint), two committing transactions lock
-- versions in the same order, and a savepoint rolled back takes its blueprints with it (the setting
-- and the row are both undone).
CREATE FUNCTION portico_catalog_touch(touched_now text[]) RETURNS void LANGUAGE plpgsql AS $$
DECLARE
  touched text[] := coalesce(nullif(current_setting('portico.catalog_touched', true), ''), '{}')::text[];
  added text[];
BEGIN
  added := array(SELECT DISTINCT b FROM unnest(touched_now) b WHERE b IS NOT NULL AND NOT (b = ANY (touched)));
  IF cardinality(added) = 0 THEN
    RETURN;
  END IF;
  IF cardinality(touched) = 0 THEN
    INSERT INTO catalog_pending_versions (txid) VALUES (txid_current()) ON CONFLICT DO NOTHING;
  END IF;
  PERFORM set_config('portico.catalog_touched', (touched || added)::text, true);
END;
$$;
--> statement-breakpoint
CREATE FUNCTION portico_catalog_touch_new_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM portico_catalog_touch(array(SELECT DISTINCT blueprint FROM changed_rows));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION portico_catalog_touch_old_rows() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM portico_catalog_touch(array(SELECT DISTINCT blueprint FROM previous_rows));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION portico_catalog_touch_new_blueprints() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM portico_catalog_touch(array(SELECT identifier FROM changed_rows));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION portico_catalog_touch_old_blueprints() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM portico_catalog_touch(array(SELECT identifier FROM previous_rows));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- TRUNCATE has no transition table: every blueprint is touched.
CREATE FUNCTION portico_catalog_touch_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM portico_catalog_touch(array(SELECT identifier FROM blueprints UNION SELECT blueprint FROM catalog_versions));
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION portico_catalog_versions_commit() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  touched text[] := coalesce(nullif(current_setting('portico.catalog_touched', true), ''), '{}')::text[];
BEGIN
  INSERT INTO catalog_versions (blueprint, version)
    SELECT b, gen_random_uuid() FROM unnest(touched) b ORDER BY b
    ON CONFLICT (blueprint) DO UPDATE SET version = excluded.version;
  PERFORM set_config('portico.catalog_touched', '', true);
  DELETE FROM catalog_pending_versions WHERE txid = NEW.txid;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE CONSTRAINT TRIGGER catalog_versions_commit AFTER INSERT ON catalog_pending_versions
  DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION portico_catalog_versions_commit();
--> statement-breakpoint
CREATE TRIGGER entities_catalog_insert AFTER INSERT ON entities
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_catalog_touch_new_rows();
--> statement-breakpoint
CREATE TRIGGER entities_catalog_update AFTER UPDATE ON entities
  REFERENCING OLD TABLE AS previous_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_catalog_touch_new_rows();
--> statement-breakpoint
-- An update that moves an entity to another blueprint changes both (the old one through this trigger).
CREATE TRIGGER entities_catalog_update_old AFTER UPDATE ON entities
  REFERENCING OLD TABLE AS previous_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_catalog_touch_old_rows();
--> statement-breakpoint
CREATE TRIGGER entities_catalog_delete AFTER DELETE ON entities
  REFERENCING OLD TABLE AS previous_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_catalog_touch_old_rows();
--> statement-breakpoint
CREATE TRIGGER entities_catalog_truncate AFTER TRUNCATE ON entities
  FOR EACH STATEMENT EXECUTE FUNCTION portico_catalog_touch_all();
--> statement-breakpoint
CREATE TRIGGER blueprints_catalog_insert AFTER INSERT ON blueprints
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_catalog_touch_new_blueprints();
--> statement-breakpoint
CREATE TRIGGER blueprints_catalog_update AFTER UPDATE ON blueprints
  REFERENCING OLD TABLE AS previous_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_catalog_touch_new_blueprints();
--> statement-breakpoint
CREATE TRIGGER blueprints_catalog_update_old AFTER UPDATE ON blueprints
  REFERENCING OLD TABLE AS previous_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_catalog_touch_old_blueprints();
--> statement-breakpoint
CREATE TRIGGER blueprints_catalog_delete AFTER DELETE ON blueprints
  REFERENCING OLD TABLE AS previous_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_catalog_touch_old_blueprints();
--> statement-breakpoint
CREATE TRIGGER blueprint_value_slots_catalog_insert AFTER INSERT ON blueprint_value_slots
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_catalog_touch_new_rows();
--> statement-breakpoint
CREATE TRIGGER blueprint_value_slots_catalog_update AFTER UPDATE ON blueprint_value_slots
  REFERENCING OLD TABLE AS previous_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_catalog_touch_new_rows();
--> statement-breakpoint
-- entity_values (migration 0007) followed inserts, updates and deletes of entities, not TRUNCATE.
CREATE FUNCTION portico_entity_values_truncate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM entity_values;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE TRIGGER entities_values_truncate AFTER TRUNCATE ON entities
  FOR EACH STATEMENT EXECUTE FUNCTION portico_entity_values_truncate();
--> statement-breakpoint
INSERT INTO catalog_versions (blueprint, version) SELECT identifier, gen_random_uuid() FROM blueprints;
