-- Dispatch: incidents, calls (caller fields are personal data), referrals, timeline, premise flags.
CREATE SEQUENCE dispatch_incident_number_seq;
CREATE TABLE dispatch_incidents (
  id uuid PRIMARY KEY,
  number bigint NOT NULL DEFAULT nextval('dispatch_incident_number_seq'),
  status text NOT NULL CHECK (status IN
    ('new', 'queued', 'dispatched', 'en_route', 'on_scene', 'cleared', 'closed', 'cancelled')),
  type_code text NOT NULL REFERENCES dispatch_incident_types(code),
  priority smallint NOT NULL CHECK (priority BETWEEN 1 AND 4),
  alarm_level smallint NOT NULL DEFAULT 1 CHECK (alarm_level >= 1),
  lon float8 NOT NULL CHECK (lon BETWEEN -180 AND 180),
  lat float8 NOT NULL CHECK (lat BETWEEN -90 AND 90),
  address text,
  h3 text NOT NULL,
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
  jurisdiction_path ltree NOT NULL,
  hazards text[] NOT NULL DEFAULT '{}',
  call_count int NOT NULL DEFAULT 1,
  received_at timestamptz NOT NULL,
  dispatched_at timestamptz,
  en_route_at timestamptz,
  on_scene_at timestamptz,
  cleared_at timestamptz,
  closed_at timestamptz,
  cancelled_at timestamptz,
  disposition text,
  cancel_reason text,
  close_note text,
  referred_to text,
  merged_into uuid REFERENCES dispatch_incidents(id),
  -- Time of the newest timeline entry: entries are never stamped earlier (row-locked writers).
  last_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX dispatch_incidents_number ON dispatch_incidents (number);
CREATE INDEX dispatch_incidents_path ON dispatch_incidents USING gist (jurisdiction_path);
CREATE INDEX dispatch_incidents_open ON dispatch_incidents (priority, received_at)
  WHERE status NOT IN ('closed', 'cancelled');
CREATE INDEX dispatch_incidents_received ON dispatch_incidents (received_at);
CREATE INDEX dispatch_incidents_h3 ON dispatch_incidents (h3);
CREATE INDEX dispatch_incidents_lat ON dispatch_incidents (lat);

CREATE TABLE dispatch_calls (
  id uuid PRIMARY KEY,
  idempotency_key text NOT NULL,
  request_hash text NOT NULL,
  incident_id uuid REFERENCES dispatch_incidents(id),
  handling text NOT NULL CHECK (handling IN ('incident', 'merged', 'referral')),
  caller_name text,
  caller_phone text,
  personal_purged_at timestamptz,
  type_code text NOT NULL,
  priority smallint NOT NULL,
  priority_reason text,
  lon float8 NOT NULL,
  lat float8 NOT NULL,
  address text,
  narrative text NOT NULL DEFAULT '',
  hazards text[] NOT NULL DEFAULT '{}',
  jurisdiction_path ltree NOT NULL,
  received_at timestamptz NOT NULL,
  taken_by text NOT NULL,
  taken_by_id text,
  console text
);
CREATE UNIQUE INDEX dispatch_calls_idempotency ON dispatch_calls (idempotency_key);
CREATE INDEX dispatch_calls_incident ON dispatch_calls (incident_id);
CREATE INDEX dispatch_calls_purge ON dispatch_calls (received_at) WHERE personal_purged_at IS NULL;

CREATE TABLE dispatch_referrals (
  id uuid PRIMARY KEY,
  call_id uuid NOT NULL REFERENCES dispatch_calls(id),
  target text NOT NULL,
  status text NOT NULL DEFAULT 'pending',
  jurisdiction_path ltree NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE dispatch_timeline (
  id uuid PRIMARY KEY,
  incident_id uuid NOT NULL REFERENCES dispatch_incidents(id),
  at timestamptz NOT NULL,
  kind text NOT NULL,
  text text NOT NULL,
  unit_id uuid,
  actor_id text,
  actor_name text NOT NULL,
  console text,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  jurisdiction_path ltree NOT NULL
);
CREATE INDEX dispatch_timeline_incident ON dispatch_timeline (incident_id, at, id);

-- Flags on places (a dog, chemicals, a gate code), never on persons; they expire.
CREATE TABLE dispatch_premise_hazards (
  id uuid PRIMARY KEY,
  kind text NOT NULL,
  lon float8 NOT NULL,
  lat float8 NOT NULL,
  radius_m float8 NOT NULL DEFAULT 30,
  note jsonb NOT NULL,
  jurisdiction_path ltree NOT NULL,
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz
);
CREATE INDEX dispatch_premise_hazards_lat ON dispatch_premise_hazards (lat);
