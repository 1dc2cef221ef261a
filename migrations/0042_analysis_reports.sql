-- Scheduled situation reports: the schedules (a jurisdiction subscribed to weekly or monthly
-- reports) and the archive of the reports produced, kept as produced (HTML and PDF bytes), one
-- per schedule and period. A row is claimed ('generating') before it is produced, so that several
-- nodes running the job produce each report once; a stale claim (a node died) is taken over.

CREATE TABLE analysis_report_schedules (
  id uuid PRIMARY KEY,
  period text NOT NULL CHECK (period IN ('week', 'month')),
  -- Null = everything the system sees (whole tree and rows outside every jurisdiction).
  jurisdiction_path ltree,
  tz text NOT NULL,
  lang text NOT NULL CHECK (lang IN ('en', 'zh-CN')),
  created_by text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX analysis_report_schedules_unique
  ON analysis_report_schedules (period, (coalesce(jurisdiction_path::text, '')), tz, lang);
CREATE INDEX analysis_report_schedules_path ON analysis_report_schedules USING gist (jurisdiction_path);

CREATE TABLE analysis_reports (
  id uuid PRIMARY KEY,
  schedule_id uuid REFERENCES analysis_report_schedules(id) ON DELETE SET NULL,
  period text NOT NULL CHECK (period IN ('week', 'month')),
  period_start date NOT NULL,
  period_end date NOT NULL,
  jurisdiction_path ltree,
  tz text NOT NULL,
  lang text NOT NULL,
  status text NOT NULL CHECK (status IN ('generating', 'ready')),
  claimed_at timestamptz NOT NULL,
  generated_at timestamptz,
  total integer,
  html text,
  pdf bytea,
  UNIQUE (schedule_id, period_end)
);
CREATE INDEX analysis_reports_path ON analysis_reports USING gist (jurisdiction_path);
CREATE INDEX analysis_reports_end ON analysis_reports (period_end DESC);
