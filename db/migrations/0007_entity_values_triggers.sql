-- entity_values follows entities in the same statement: statement-level triggers with transition
-- tables write each statement's rows in one INSERT … ON CONFLICT, so a bulk write of 1,000 entities
-- costs one extra statement, not 1,000.

-- The INSERT … SELECT that copies the scalar values of the entities in `source` (a relation name or a
-- parenthesised subquery) into their slots: the n-th string property in slot s<n> when it holds a
-- string, numbers in n<n>, booleans in b<n>; anything else (missing, null, another type) is NULL.
CREATE FUNCTION portico_entity_values_upsert_sql(source text) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
  cols text := 'team';
  exprs text := 'e.team';
  updates text := 'team = excluded.team';
  i int;
BEGIN
  FOR i IN 1..12 LOOP
    cols := cols || format(', s%s', i);
    exprs := exprs || format(', CASE WHEN jsonb_typeof(e.properties -> m.strings[%1$s]) = ''string'' THEN e.properties ->> m.strings[%1$s] END', i);
    updates := updates || format(', s%1$s = excluded.s%1$s', i);
  END LOOP;
  FOR i IN 1..6 LOOP
    cols := cols || format(', n%s', i);
    exprs := exprs || format(', CASE WHEN jsonb_typeof(e.properties -> m.numbers[%1$s]) = ''number'' THEN (e.properties -> m.numbers[%1$s])::numeric END', i);
    updates := updates || format(', n%1$s = excluded.n%1$s', i);
  END LOOP;
  FOR i IN 1..4 LOOP
    cols := cols || format(', b%s', i);
    exprs := exprs || format(', CASE WHEN jsonb_typeof(e.properties -> m.booleans[%1$s]) = ''boolean'' THEN (e.properties -> m.booleans[%1$s])::boolean END', i);
    updates := updates || format(', b%1$s = excluded.b%1$s', i);
  END LOOP;
  RETURN format(
    'INSERT INTO entity_values (blueprint, identifier, %s) SELECT e.blueprint, e.identifier, %s FROM %s e JOIN blueprint_value_slots m ON m.blueprint = e.blueprint ON CONFLICT (blueprint, identifier) DO UPDATE SET %s',
    cols, exprs, source, updates);
END;
$$;
--> statement-breakpoint
CREATE FUNCTION portico_entity_values_write() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  -- A share lock on the slot assignments: a blueprint change that reassigns slots (and rewrites its
  -- rows) waits for writes in flight, and writes after it see the new assignment.
  PERFORM 1 FROM blueprint_value_slots WHERE blueprint IN (SELECT DISTINCT blueprint FROM changed_rows) FOR SHARE;
  EXECUTE portico_entity_values_upsert_sql('changed_rows');
  IF TG_OP = 'UPDATE' THEN
    -- Keys changed by the update (a renamed blueprint): drop the rows of the old keys.
    DELETE FROM entity_values v USING previous_rows o
      WHERE v.blueprint = o.blueprint AND v.identifier = o.identifier
        AND NOT EXISTS (SELECT 1 FROM changed_rows n WHERE n.blueprint = o.blueprint AND n.identifier = o.identifier);
  END IF;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
CREATE FUNCTION portico_entity_values_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM entity_values v USING previous_rows o WHERE v.blueprint = o.blueprint AND v.identifier = o.identifier;
  RETURN NULL;
END;
$$;
--> statement-breakpoint
-- Rewrites a blueprint's rows after its slot assignment changed.
CREATE FUNCTION portico_entity_values_rebuild(bp text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  DELETE FROM entity_values WHERE blueprint = bp;
  EXECUTE portico_entity_values_upsert_sql(format('(SELECT * FROM entities WHERE blueprint = %L)', bp));
END;
$$;
--> statement-breakpoint
CREATE TRIGGER entities_values_insert AFTER INSERT ON entities
  REFERENCING NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_entity_values_write();
--> statement-breakpoint
CREATE TRIGGER entities_values_update AFTER UPDATE ON entities
  REFERENCING OLD TABLE AS previous_rows NEW TABLE AS changed_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_entity_values_write();
--> statement-breakpoint
CREATE TRIGGER entities_values_delete AFTER DELETE ON entities
  REFERENCING OLD TABLE AS previous_rows FOR EACH STATEMENT EXECUTE FUNCTION portico_entity_values_delete();
