-- Situation analysis: the incidents analysed (imported history and live incidents copied from
-- dispatch events), place-based and aggregate only: no names, no personal fields.

CREATE TABLE analysis_import_batches (
  id uuid PRIMARY KEY,
  file_name text NOT NULL,
  rows_imported integer NOT NULL,
  rows_rejected integer NOT NULL,
  rows_outside integer NOT NULL,
  actor_name text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE analysis_incidents (
  id uuid PRIMARY KEY,
  source text NOT NULL CHECK (source IN ('import', 'dispatch')),
  -- The dispatch incident id for live incidents (one row per dispatch incident).
  source_ref text,
  batch_id uuid REFERENCES analysis_import_batches(id) ON DELETE CASCADE,
  occurred_at timestamptz NOT NULL,
  lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
  lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
  h3 text NOT NULL,
  type_code text NOT NULL,
  category text,
  priority smallint,
  -- Null = outside every served jurisdiction (kept for analysis; see scope.ts for who sees it).
  jurisdiction_path ltree,
  dispatched_at timestamptz,
  on_scene_at timestamptz,
  closed_at timestamptz
);
CREATE UNIQUE INDEX analysis_incidents_source_ref ON analysis_incidents (source_ref) WHERE source = 'dispatch';
CREATE INDEX analysis_incidents_time ON analysis_incidents (occurred_at);
CREATE INDEX analysis_incidents_type_time ON analysis_incidents (type_code, occurred_at);
CREATE INDEX analysis_incidents_path ON analysis_incidents USING gist (jurisdiction_path);
CREATE INDEX analysis_incidents_batch ON analysis_incidents (batch_id);

-- Early-warning alarms already raised (one per cell and hour of week window), so that several
-- nodes running the job raise each alarm once.
CREATE TABLE analysis_warnings (
  id uuid PRIMARY KEY,
  method text NOT NULL,
  h3 text NOT NULL,
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  observed integer NOT NULL,
  expected double precision NOT NULL,
  p_value double precision,
  recurrence_days double precision,
  jurisdiction_path ltree,
  raised_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (method, h3, window_start)
);
CREATE INDEX analysis_warnings_path ON analysis_warnings USING gist (jurisdiction_path);
