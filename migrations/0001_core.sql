-- Platform core: jurisdictions, identity, audit log, event outbox.
CREATE EXTENSION IF NOT EXISTS ltree;
CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- One lock serialises the tail of every writing transaction (outbox ids and the audit
-- chain), so ids are committed in order and the relay never skips an event.
CREATE FUNCTION haven_record_lock() RETURNS void LANGUAGE sql AS $$ SELECT pg_advisory_xact_lock(7262554) $$;

CREATE TABLE jurisdictions (
  id uuid PRIMARY KEY,
  parent_id uuid REFERENCES jurisdictions(id),
  path ltree NOT NULL UNIQUE,
  level text NOT NULL CHECK (level IN ('county', 'township', 'village', 'grid')),
  code text NOT NULL,
  name_zh text NOT NULL,
  name_en text NOT NULL,
  geometry jsonb,
  bbox float8[],
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX jurisdictions_path_gist ON jurisdictions USING gist (path);
CREATE INDEX jurisdictions_parent ON jurisdictions (parent_id);
CREATE UNIQUE INDEX jurisdictions_code ON jurisdictions (code);

CREATE TABLE users (
  id uuid PRIMARY KEY,
  username text NOT NULL,
  display_name text NOT NULL,
  password_hash text NOT NULL,
  locale text CHECK (locale IN ('zh-CN', 'en')),
  disabled boolean NOT NULL DEFAULT false,
  failed_attempts int NOT NULL DEFAULT 0,
  locked_until timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX users_username ON users (lower(username));

CREATE TABLE user_roles (
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  role text NOT NULL,
  PRIMARY KEY (user_id, role)
);

CREATE TABLE user_jurisdictions (
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  jurisdiction_id uuid NOT NULL REFERENCES jurisdictions(id),
  PRIMARY KEY (user_id, jurisdiction_id)
);

CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
  csrf_token text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL,
  user_agent text
);
CREATE INDEX sessions_user ON sessions (user_id);

CREATE TABLE api_keys (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  prefix text NOT NULL UNIQUE,
  key_hash text NOT NULL,
  permissions text[] NOT NULL,
  jurisdiction_ids uuid[] NOT NULL,
  created_by uuid REFERENCES users(id),
  created_at timestamptz NOT NULL DEFAULT now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

-- Append-only, hash-chained audit log of every write and every read of personal data.
-- ids come from the chain trigger, after the record lock, so id order is commit order.
CREATE SEQUENCE audit_log_id_seq;
CREATE TABLE audit_log (
  id bigint PRIMARY KEY,
  occurred_at timestamptz NOT NULL DEFAULT now(),
  actor_kind text NOT NULL,
  actor_id text,
  actor_name text NOT NULL,
  action text NOT NULL,
  target_type text NOT NULL,
  target_id text,
  purpose text,
  request_id text,
  jurisdiction_path ltree,
  details jsonb NOT NULL DEFAULT '{}'::jsonb,
  prev_hash text NOT NULL,
  hash text NOT NULL
);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, occurred_at);

-- The one definition of a row's hash, used by the insert trigger and by `haven audit verify`.
CREATE FUNCTION audit_row_hash(prev text, r audit_log) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT encode(sha256(convert_to(concat_ws(chr(31),
    prev, r.id::text, (extract(epoch FROM r.occurred_at) * 1000000)::bigint::text,
    r.actor_kind, coalesce(r.actor_id, ''), r.actor_name, r.action, r.target_type,
    coalesce(r.target_id, ''), coalesce(r.purpose, ''), coalesce(r.request_id, ''),
    coalesce(r.jurisdiction_path::text, ''), r.details::text), 'UTF8')), 'hex')
$$;

CREATE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM haven_record_lock();
  NEW.id := nextval('audit_log_id_seq');
  NEW.prev_hash := coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), repeat('0', 64));
  NEW.hash := audit_row_hash(NEW.prev_hash, NEW);
  RETURN NEW;
END $$;
CREATE TRIGGER audit_log_chain BEFORE INSERT ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_chain();

CREATE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_refuse_change();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION audit_log_refuse_change();

-- Transactional outbox: written in the same transaction as the change it reports.
CREATE SEQUENCE events_id_seq;
CREATE TABLE events (
  id bigint PRIMARY KEY,
  type text NOT NULL,
  payload jsonb NOT NULL,
  jurisdiction_path ltree,
  permission text,
  actor_id text,
  request_id text,
  created_at timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION events_assign_id() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM haven_record_lock();
  NEW.id := nextval('events_id_seq');
  RETURN NEW;
END $$;
CREATE TRIGGER events_assign_id BEFORE INSERT ON events FOR EACH ROW EXECUTE FUNCTION events_assign_id();

CREATE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('haven_events', '');
  RETURN NULL;
END $$;
CREATE TRIGGER events_notify AFTER INSERT ON events FOR EACH STATEMENT EXECUTE FUNCTION events_notify();

-- Durable cursors of module listeners: each event is handled once, in the handler's transaction.
CREATE TABLE event_consumers (
  name text PRIMARY KEY,
  last_id bigint NOT NULL DEFAULT 0
);

CREATE TABLE settings (
  key text PRIMARY KEY,
  value jsonb NOT NULL
);
