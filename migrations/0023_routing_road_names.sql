-- Routing: names of the roads of a graph version, for address lookup at call intake. Kept apart
-- from the graph bytes so routing memory does not grow: [{names: [...], coords: [lon, lat, ...]}].
CREATE TABLE road_graph_names (
  version bigint PRIMARY KEY REFERENCES road_graphs(version) ON DELETE CASCADE,
  names jsonb NOT NULL DEFAULT '[]'::jsonb
);
