-- Dashboard pre-aggregation: incident counts per UTC hour x type x category x jurisdiction x beat.
-- Maintained by statement-level triggers on analysis_incidents, so the counts change in the same
-- transaction as the rows (import, dispatch consumer, batch deletes alike) and are always exact.
-- Statistics read it whenever the filter and time zone allow (see rollup.ts), raw rows otherwise.

CREATE TABLE analysis_incident_hours (
  hour timestamptz NOT NULL,
  type_code text NOT NULL,
  category text,
  jurisdiction_path ltree,
  beat_code text,
  n integer NOT NULL,
  CONSTRAINT analysis_incident_hours_key
    UNIQUE NULLS NOT DISTINCT (hour, type_code, category, jurisdiction_path, beat_code)
);
CREATE INDEX analysis_incident_hours_path ON analysis_incident_hours USING gist (jurisdiction_path);

CREATE FUNCTION analysis_incident_hours_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP IN ('UPDATE', 'DELETE') THEN
    INSERT INTO analysis_incident_hours AS h (hour, type_code, category, jurisdiction_path, beat_code, n)
      SELECT date_trunc('hour', occurred_at, 'UTC'), type_code, category, jurisdiction_path, beat_code, -count(*)
      FROM old_rows GROUP BY 1, 2, 3, 4, 5
      ON CONFLICT ON CONSTRAINT analysis_incident_hours_key DO UPDATE SET n = h.n + EXCLUDED.n;
    DELETE FROM analysis_incident_hours h
      USING (SELECT DISTINCT date_trunc('hour', occurred_at, 'UTC') AS hour, type_code, category,
               jurisdiction_path, beat_code FROM old_rows) o
      WHERE h.n = 0 AND h.hour = o.hour AND h.type_code = o.type_code
        AND h.category IS NOT DISTINCT FROM o.category
        AND h.jurisdiction_path IS NOT DISTINCT FROM o.jurisdiction_path
        AND h.beat_code IS NOT DISTINCT FROM o.beat_code;
  END IF;
  IF TG_OP IN ('UPDATE', 'INSERT') THEN
    INSERT INTO analysis_incident_hours AS h (hour, type_code, category, jurisdiction_path, beat_code, n)
      SELECT date_trunc('hour', occurred_at, 'UTC'), type_code, category, jurisdiction_path, beat_code, count(*)
      FROM new_rows GROUP BY 1, 2, 3, 4, 5
      ON CONFLICT ON CONSTRAINT analysis_incident_hours_key DO UPDATE SET n = h.n + EXCLUDED.n;
  END IF;
  RETURN NULL;
END $$;

CREATE TRIGGER analysis_incident_hours_insert AFTER INSERT ON analysis_incidents
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION analysis_incident_hours_apply();
CREATE TRIGGER analysis_incident_hours_update AFTER UPDATE ON analysis_incidents
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION analysis_incident_hours_apply();
CREATE TRIGGER analysis_incident_hours_delete AFTER DELETE ON analysis_incidents
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION analysis_incident_hours_apply();

INSERT INTO analysis_incident_hours (hour, type_code, category, jurisdiction_path, beat_code, n)
  SELECT date_trunc('hour', occurred_at, 'UTC'), type_code, category, jurisdiction_path, beat_code, count(*)
  FROM analysis_incidents GROUP BY 1, 2, 3, 4, 5;

-- Response times read only the few rows copied from dispatch, not millions of imported ones.
CREATE INDEX analysis_incidents_responded ON analysis_incidents (occurred_at)
  WHERE dispatched_at IS NOT NULL OR on_scene_at IS NOT NULL;
