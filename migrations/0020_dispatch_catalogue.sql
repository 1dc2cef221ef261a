-- Dispatch: incident types with response plans and call scripts (editable by admins), settings.
CREATE TABLE dispatch_incident_types (
  code text PRIMARY KEY,
  definition jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true,
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- Module settings (timer thresholds, ...), one JSON value per key.
CREATE TABLE dispatch_settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
