-- Unit positions kept for check-in compliance: copied from dispatch AVL events, only for units
-- that have a scheduled patrol route (a route names the dispatch unit by id).

ALTER TABLE patrol_routes ADD COLUMN unit_id uuid;
CREATE INDEX patrol_routes_unit ON patrol_routes (unit_id) WHERE unit_id IS NOT NULL;

CREATE TABLE patrol_unit_positions (
  unit_id uuid NOT NULL,
  at timestamptz NOT NULL,
  lon double precision NOT NULL,
  lat double precision NOT NULL,
  PRIMARY KEY (unit_id, at)
);
