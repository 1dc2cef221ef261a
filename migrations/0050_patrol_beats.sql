-- Patrol planning: beat designs (versioned drafts and published versions), the beats in force
-- over time, patrol plans (time windows and key places), scheduled routes with check-in points
-- and check-in compliance records. Place-based only: no personal fields.

CREATE TABLE patrol_designs (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  -- The area designed (its children are the parents beats nest in).
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
  jurisdiction_path ltree NOT NULL,
  status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'published')),
  run_state text NOT NULL CHECK (run_state IN ('running', 'done', 'failed')),
  progress double precision NOT NULL DEFAULT 0,
  error text,
  -- Request parameters (beats, resolution, weights, time limit, fixed beats).
  parameters jsonb NOT NULL,
  -- Inputs the atoms and workload are rebuilt from: parent regions and incidents.
  inputs jsonb NOT NULL,
  -- Atom id list and, aligned with it, each atom's beat index.
  atom_ids jsonb,
  assignment jsonb,
  beats jsonb,
  quality jsonb,
  version integer NOT NULL DEFAULT 1,
  effective_from timestamptz,
  published_at timestamptz,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX patrol_designs_path ON patrol_designs USING gist (jurisdiction_path);

-- Published beats as GeoJSON; a beat is in force from effective_from until effective_to.
CREATE TABLE patrol_beats (
  id uuid PRIMARY KEY,
  design_id uuid NOT NULL REFERENCES patrol_designs(id),
  beat_code text NOT NULL,
  parent_code text NOT NULL,
  jurisdiction_path ltree NOT NULL,
  -- Path of the designed area, so a newer design of the same area supersedes these beats.
  area_path ltree NOT NULL,
  geometry jsonb NOT NULL,
  workload double precision NOT NULL DEFAULT 0,
  effective_from timestamptz NOT NULL,
  effective_to timestamptz
);
CREATE INDEX patrol_beats_path ON patrol_beats USING gist (jurisdiction_path);
CREATE INDEX patrol_beats_time ON patrol_beats (effective_from, effective_to);

CREATE TABLE patrol_plans (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  jurisdiction_path ltree NOT NULL,
  -- [{id, label, days: [1..7], start: 'HH:MM', end: 'HH:MM'}]
  windows jsonb NOT NULL,
  -- [{id, name, lon, lat, radiusM, minutes, windowIds}]
  points jsonb NOT NULL,
  version integer NOT NULL DEFAULT 1,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX patrol_plans_path ON patrol_plans USING gist (jurisdiction_path);

CREATE TABLE patrol_routes (
  id uuid PRIMARY KEY,
  plan_id uuid REFERENCES patrol_plans(id),
  name text NOT NULL,
  unit_code text NOT NULL,
  jurisdiction_path ltree NOT NULL,
  -- [{id, lon, lat, radiusM, windowStart, windowEnd}] (ISO times)
  check_ins jsonb NOT NULL,
  path jsonb,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX patrol_routes_path ON patrol_routes USING gist (jurisdiction_path);

CREATE TABLE patrol_compliance (
  id uuid PRIMARY KEY,
  route_id uuid NOT NULL REFERENCES patrol_routes(id),
  jurisdiction_path ltree NOT NULL,
  met integer NOT NULL,
  missed integer NOT NULL,
  deviations integer NOT NULL,
  report jsonb NOT NULL,
  computed_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX patrol_compliance_route ON patrol_compliance (route_id, computed_at);
CREATE INDEX patrol_compliance_path ON patrol_compliance USING gist (jurisdiction_path);
