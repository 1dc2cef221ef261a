-- Community grid: departments, request types (Open311 service definitions), responsibility matrix,
-- working calendars, grid cells with workers and aggregate figures, service requests (reporter
-- contact fields are personal data), timeline, photos, reply templates, patrol check-ins.

CREATE TABLE grid_departments (
  id uuid PRIMARY KEY,
  code text NOT NULL UNIQUE,
  name_zh text NOT NULL,
  name_en text NOT NULL,
  -- The jurisdiction whose subtree the department serves (for listing and scoping).
  jurisdiction_path ltree NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grid_departments_path ON grid_departments USING gist (jurisdiction_path);

CREATE TABLE grid_department_members (
  department_id uuid NOT NULL REFERENCES grid_departments(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (department_id, user_id)
);
CREATE INDEX grid_department_members_user ON grid_department_members (user_id);

CREATE TABLE grid_request_types (
  code text PRIMARY KEY CHECK (code ~ '^[A-Za-z0-9_.-]{1,64}$'),
  name_zh text NOT NULL,
  name_en text NOT NULL,
  group_code text NOT NULL,
  description_zh text,
  description_en text,
  keywords text[] NOT NULL DEFAULT '{}',
  -- Offered to the public (web form, Open311); false = staff-only.
  public boolean NOT NULL DEFAULT true,
  service_type text NOT NULL DEFAULT 'realtime' CHECK (service_type IN ('realtime', 'batch', 'blackbox')),
  sla_amount numeric NOT NULL CHECK (sla_amount > 0),
  sla_unit text NOT NULL CHECK (sla_unit IN ('working_minutes', 'working_hours', 'working_days', 'clock_hours')),
  escalation_amount numeric NOT NULL DEFAULT 1 CHECK (escalation_amount > 0),
  escalation_unit text NOT NULL DEFAULT 'working_days'
    CHECK (escalation_unit IN ('working_minutes', 'working_hours', 'working_days', 'clock_hours')),
  duplicate_radius_m int NOT NULL DEFAULT 50 CHECK (duplicate_radius_m BETWEEN 0 AND 5000),
  -- Open311 attribute definitions (GeoReport v2 service definition), in `order`.
  attributes jsonb NOT NULL DEFAULT '[]'::jsonb,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Which department handles a type in a subtree; '*' rows are catch-alls (see responsibility-matrix.ts).
CREATE TABLE grid_responsibilities (
  service_code text NOT NULL,
  jurisdiction_path ltree NOT NULL,
  department_id uuid NOT NULL REFERENCES grid_departments(id),
  PRIMARY KEY (service_code, jurisdiction_path)
);
CREATE INDEX grid_responsibilities_path ON grid_responsibilities USING gist (jurisdiction_path);

-- Working calendar of a subtree (the deepest covering row applies); spec = WorkCalendarSpec.
CREATE TABLE grid_calendars (
  jurisdiction_path ltree PRIMARY KEY,
  spec jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Grid cells are the `grid`-level jurisdictions of the core; this adds aggregate figures only.
CREATE TABLE grid_cells (
  jurisdiction_id uuid PRIMARY KEY REFERENCES jurisdictions(id) ON DELETE CASCADE,
  jurisdiction_path ltree NOT NULL,
  households int CHECK (households >= 0),
  population int CHECK (population >= 0),
  h3_cells text[] NOT NULL DEFAULT '{}',
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grid_cells_path ON grid_cells USING gist (jurisdiction_path);

CREATE TABLE grid_cell_workers (
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id) ON DELETE CASCADE,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  PRIMARY KEY (jurisdiction_id, user_id)
);
CREATE INDEX grid_cell_workers_user ON grid_cell_workers (user_id);

CREATE SEQUENCE grid_request_number_seq START 100001;
CREATE TABLE grid_requests (
  id uuid PRIMARY KEY,
  -- Open311 service_request_id: short, public, never reused.
  public_id text NOT NULL UNIQUE,
  service_code text NOT NULL REFERENCES grid_request_types(code),
  jurisdiction_path ltree NOT NULL,
  h3_cell text,
  lat float8 CHECK (lat BETWEEN -90 AND 90),
  lon float8 CHECK (lon BETWEEN -180 AND 180),
  address text,
  address_id text,
  zipcode text,
  description text,
  -- Redacted wording shown to the public instead of `description` (null = not redacted).
  public_description text,
  attributes jsonb NOT NULL DEFAULT '{}'::jsonb,
  state text NOT NULL CHECK (state IN
    ('submitted', 'accepted', 'in_progress', 'waiting_reporter', 'resolved', 'closed', 'returned', 'duplicate')),
  department_id uuid REFERENCES grid_departments(id),
  co_handlers jsonb NOT NULL DEFAULT '[]'::jsonb,
  duplicate_of uuid REFERENCES grid_requests(id),
  assignee_id uuid REFERENCES users(id),
  pauses jsonb NOT NULL DEFAULT '[]'::jsonb,
  sla_start timestamptz NOT NULL,
  deadline timestamptz,
  -- When the SLA sweep must next look at the row (reminder or escalation due); null = nothing pending.
  next_action_at timestamptz,
  reminded jsonb NOT NULL DEFAULT '[]'::jsonb,
  escalation_level int NOT NULL DEFAULT 0,
  escalated_to ltree,
  submitted_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  resolved_at timestamptz,
  closed_at timestamptz,
  closed_on_time boolean,
  status_notes text,
  reopen_count int NOT NULL DEFAULT 0,
  source text NOT NULL CHECK (source IN ('web', 'open311', 'worker', 'staff', 'dispatch', 'import')),
  external_id text,
  media_url text,
  private boolean NOT NULL DEFAULT false,
  rating smallint CHECK (rating BETWEEN 1 AND 5),
  rating_comment text,
  rated_at timestamptz,
  -- SHA-256 of the reporter's follow-up token (the token itself is shown once).
  token_hash text UNIQUE,
  -- Personal data: read only with a purpose (audited), never shown publicly, purged after retention.
  reporter_first_name text,
  reporter_last_name text,
  reporter_email text,
  reporter_phone text,
  reporter_device_id text,
  reporter_account_id text,
  personal_purged_at timestamptz,
  created_by text
);
CREATE UNIQUE INDEX grid_requests_external ON grid_requests (source, external_id) WHERE external_id IS NOT NULL;
CREATE INDEX grid_requests_path ON grid_requests USING gist (jurisdiction_path);
CREATE INDEX grid_requests_submitted ON grid_requests (submitted_at);
CREATE INDEX grid_requests_open ON grid_requests (deadline)
  WHERE state IN ('submitted', 'accepted', 'in_progress', 'waiting_reporter', 'returned');
CREATE INDEX grid_requests_next_action ON grid_requests (next_action_at) WHERE next_action_at IS NOT NULL;
CREATE INDEX grid_requests_department ON grid_requests (department_id, state);
CREATE INDEX grid_requests_assignee ON grid_requests (assignee_id) WHERE assignee_id IS NOT NULL;
CREATE INDEX grid_requests_h3 ON grid_requests (h3_cell);
CREATE INDEX grid_requests_retention ON grid_requests (closed_at) WHERE personal_purged_at IS NULL;

-- Timeline: every state change, reminder, escalation, note, photo and rating.
CREATE TABLE grid_request_events (
  id uuid PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES grid_requests(id) ON DELETE CASCADE,
  at timestamptz NOT NULL,
  kind text NOT NULL,
  from_state text,
  to_state text,
  actor_kind text NOT NULL,
  actor_name text NOT NULL,
  note text,
  -- Shown to the reporter and the public (status changes, replies); false = staff-only.
  public boolean NOT NULL DEFAULT false,
  details jsonb NOT NULL DEFAULT '{}'::jsonb
);
CREATE INDEX grid_request_events_request ON grid_request_events (request_id, at);

-- Photos after validation and metadata stripping (bytes as stored are safe to publish).
CREATE TABLE grid_photos (
  id uuid PRIMARY KEY,
  request_id uuid NOT NULL REFERENCES grid_requests(id) ON DELETE CASCADE,
  kind text NOT NULL CHECK (kind IN ('report', 'resolution', 'worker')),
  content_type text NOT NULL,
  bytes bytea NOT NULL,
  byte_size int NOT NULL,
  width int,
  height int,
  sha256 text NOT NULL,
  redacted boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL
);
CREATE INDEX grid_photos_request ON grid_photos (request_id);

-- Failed follow-up token lookups per client and window: throttles token guessing on every node.
CREATE TABLE grid_lookup_failures (
  client_key text NOT NULL,
  window_start timestamptz NOT NULL,
  failures int NOT NULL DEFAULT 0,
  PRIMARY KEY (client_key, window_start)
);

CREATE TABLE grid_reply_templates (
  id uuid PRIMARY KEY,
  jurisdiction_path ltree NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  created_by text,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX grid_reply_templates_path ON grid_reply_templates USING gist (jurisdiction_path);

CREATE TABLE grid_patrol_checkins (
  id uuid PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id),
  jurisdiction_path ltree NOT NULL,
  lat float8 NOT NULL CHECK (lat BETWEEN -90 AND 90),
  lon float8 NOT NULL CHECK (lon BETWEEN -180 AND 180),
  note text,
  at timestamptz NOT NULL
);
CREATE INDEX grid_patrol_checkins_user ON grid_patrol_checkins (user_id, at);
CREATE INDEX grid_patrol_checkins_path ON grid_patrol_checkins USING gist (jurisdiction_path);

-- Fallback type for non-emergency calls referred by dispatch without a matching grid type.
INSERT INTO grid_request_types (code, name_zh, name_en, group_code, public, sla_amount, sla_unit)
VALUES ('referral', '110移交事项', 'Referral from dispatch', 'other', false, 3, 'working_days');
