-- Dispatch: units, their AVL history, assignments and raised timer alerts.
CREATE TABLE dispatch_units (
  id uuid PRIMARY KEY,
  call_sign text NOT NULL,
  kind text NOT NULL,
  extra_capabilities text[] NOT NULL DEFAULT '{}',
  capabilities text[] NOT NULL,
  status text NOT NULL CHECK (status IN ('off_duty', 'available', 'at_station', 'dispatched', 'en_route',
    'on_scene', 'transporting', 'out_of_service')),
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
  jurisdiction_path ltree NOT NULL,
  home_station jsonb,
  shifts jsonb NOT NULL DEFAULT '[]'::jsonb,
  device_user_id uuid REFERENCES users(id),
  current_incident_id uuid REFERENCES dispatch_incidents(id),
  lon float8,
  lat float8,
  position_at timestamptz,
  speed_kmh float8,
  heading float8,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX dispatch_units_call_sign ON dispatch_units (lower(call_sign));
CREATE INDEX dispatch_units_path ON dispatch_units USING gist (jurisdiction_path);
CREATE INDEX dispatch_units_device ON dispatch_units (device_user_id);

CREATE TABLE dispatch_unit_positions (
  unit_id uuid NOT NULL REFERENCES dispatch_units(id),
  at timestamptz NOT NULL,
  lon float8 NOT NULL,
  lat float8 NOT NULL,
  speed_kmh float8,
  heading float8,
  accuracy_m float8,
  received_at timestamptz NOT NULL DEFAULT now(),
  jurisdiction_path ltree NOT NULL,
  PRIMARY KEY (unit_id, at)
);

CREATE TABLE dispatch_assignments (
  id uuid PRIMARY KEY,
  incident_id uuid NOT NULL REFERENCES dispatch_incidents(id),
  unit_id uuid NOT NULL REFERENCES dispatch_units(id),
  status text NOT NULL CHECK (status IN
    ('dispatched', 'en_route', 'on_scene', 'transporting', 'cleared', 'released')),
  mutual_aid boolean NOT NULL DEFAULT false,
  dispatched_at timestamptz NOT NULL,
  acknowledged_at timestamptz,
  en_route_at timestamptz,
  on_scene_at timestamptz,
  cleared_at timestamptz,
  released_at timestamptz,
  release_reason text,
  last_check_in_at timestamptz,
  dispatched_by text NOT NULL,
  eta_seconds float8,
  jurisdiction_path ltree NOT NULL
);
-- The guarantee behind "one unit on at most one active incident": whatever the code does,
-- the database refuses a second active assignment of the same unit.
CREATE UNIQUE INDEX dispatch_assignments_one_active ON dispatch_assignments (unit_id)
  WHERE status IN ('dispatched', 'en_route', 'on_scene', 'transporting');
CREATE INDEX dispatch_assignments_incident ON dispatch_assignments (incident_id);

-- Overdue and missed check-in alerts already raised: one row per (incident, timer, unit, level, start).
CREATE TABLE dispatch_timer_alerts (
  incident_id uuid NOT NULL REFERENCES dispatch_incidents(id),
  timer text NOT NULL,
  unit_key text NOT NULL,
  level text NOT NULL,
  started_at timestamptz NOT NULL,
  raised_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (incident_id, timer, unit_key, level, started_at)
);
