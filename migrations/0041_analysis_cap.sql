-- Public warnings (OASIS CAP 1.2): locally authored alerts with a supervisor's approval before
-- publishing, and external alerts ingested into the situation map.

CREATE TABLE analysis_cap_alerts (
  id uuid PRIMARY KEY,
  origin text NOT NULL CHECK (origin IN ('local', 'external')),
  state text NOT NULL CHECK (state IN ('pending', 'published', 'rejected', 'received')),
  identifier text NOT NULL,
  sender text NOT NULL,
  msg_type text NOT NULL,
  -- The alert this one updates or cancels (local alerts).
  references_id uuid REFERENCES analysis_cap_alerts(id),
  alert jsonb NOT NULL,
  xml text,
  -- GeoJSON FeatureCollection of every area (external and local), for the situation map.
  areas jsonb NOT NULL,
  headline text,
  event text NOT NULL,
  severity text NOT NULL,
  expires_at timestamptz,
  jurisdiction_path ltree,
  author_id uuid,
  author_name text NOT NULL,
  approver_id uuid,
  approver_name text,
  published_at timestamptz,
  -- A later Update or Cancel of this alert has been published.
  superseded boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (sender, identifier)
);
CREATE INDEX analysis_cap_alerts_public ON analysis_cap_alerts (published_at DESC) WHERE state = 'published';
CREATE INDEX analysis_cap_alerts_path ON analysis_cap_alerts USING gist (jurisdiction_path);
