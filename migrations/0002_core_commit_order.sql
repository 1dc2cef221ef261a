-- Writers no longer queue on one lock held through their commit, nor NOTIFY inside their
-- transaction (PostgreSQL serialises the commits of notifying transactions). Both made every
-- audited write in the cluster commit one at a time, so one disk flush each.
--
-- Instead outbox and audit ids are taken freely, and the readers recover commit order:
-- a writer holds the record lock in SHARE mode from taking its ids to its commit, so a reader
-- that finds a gap in the ids takes the lock exclusively for an instant (a barrier) and knows
-- that every id below the ones it saw is then committed or gone for good (src/core/db/settled.ts).
CREATE OR REPLACE FUNCTION haven_record_lock() RETURNS void LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock_shared(7262554)
$$;

-- The readers' barrier: returns once every writer that held the lock before it has ended.
CREATE FUNCTION haven_record_barrier() RETURNS void LANGUAGE sql AS $$
  SELECT pg_advisory_xact_lock(7262554)
$$;

DROP TRIGGER events_notify ON events;
DROP FUNCTION events_notify();

-- The audit chain is sealed after commit, in id order, by one sealer at a time
-- (audit_seal below); a row is inserted unsealed.
ALTER TABLE audit_log ALTER COLUMN prev_hash DROP NOT NULL, ALTER COLUMN hash DROP NOT NULL;
CREATE INDEX audit_log_unsealed ON audit_log (id) WHERE hash IS NULL;

CREATE OR REPLACE FUNCTION audit_log_chain() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM haven_record_lock();
  NEW.id := nextval('audit_log_id_seq');
  NEW.prev_hash := NULL;
  NEW.hash := NULL;
  RETURN NEW;
END $$;

-- Still append-only: the one change allowed is sealing, which sets the two hash columns of an
-- unsealed row and nothing else.
CREATE OR REPLACE FUNCTION audit_log_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'UPDATE' AND OLD.hash IS NULL AND NEW.hash IS NOT NULL AND NEW.prev_hash IS NOT NULL
     AND to_jsonb(OLD) - 'hash' - 'prev_hash' = to_jsonb(NEW) - 'hash' - 'prev_hash' THEN
    RETURN NEW;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only' USING ERRCODE = 'insufficient_privilege';
END $$;

-- Seals the unsealed rows with ids up to `upto`, which the caller has made sure are settled
-- (no id at or below it can still appear). One sealer at a time; returns how many it sealed.
CREATE FUNCTION audit_seal(upto bigint) RETURNS integer LANGUAGE plpgsql AS $$
DECLARE
  r audit_log;
  prev text;
  sealed integer := 0;
BEGIN
  IF NOT pg_try_advisory_xact_lock(7262556) THEN
    RETURN 0;
  END IF;
  SELECT a.hash INTO prev FROM audit_log a WHERE a.hash IS NOT NULL ORDER BY a.id DESC LIMIT 1;
  prev := coalesce(prev, repeat('0', 64));
  FOR r IN SELECT * FROM audit_log a WHERE a.hash IS NULL AND a.id <= upto ORDER BY a.id LOOP
    r.prev_hash := prev;
    r.hash := audit_row_hash(prev, r);
    UPDATE audit_log SET prev_hash = r.prev_hash, hash = r.hash WHERE id = r.id;
    prev := r.hash;
    sealed := sealed + 1;
  END LOOP;
  RETURN sealed;
END $$;
