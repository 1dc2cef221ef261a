-- Dispatch: open incidents by place, for the duplicate search at call intake. It runs with a
-- generic plan (a prepared statement) and with or without fresh statistics, so it needs an index
-- that answers "open incidents in this box" by itself: a 2-D index over the few open rows,
-- instead of a latitude band through all of history.
CREATE INDEX dispatch_incidents_open_place ON dispatch_incidents USING gist (point(lon, lat))
  WHERE status NOT IN ('closed', 'cancelled');
