-- Routing: versions of the road graph, serialised (graph-codec layout), newest = in use.
CREATE TABLE road_graphs (
  version bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  source text NOT NULL CHECK (source IN ('synthetic', 'osm')),
  source_name text,
  format int NOT NULL,
  nodes int NOT NULL,
  edges int NOT NULL,
  bytes int NOT NULL,
  graph bytea NOT NULL,
  report jsonb NOT NULL DEFAULT '{}'::jsonb,
  created_at timestamptz NOT NULL DEFAULT now()
);
