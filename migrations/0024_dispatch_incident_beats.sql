-- Dispatch: the patrol beat in force at an incident's place when it was received (from the
-- area-layer port patrol provides), so incidents can be listed, exported and counted by beat.
ALTER TABLE dispatch_incidents ADD COLUMN beat_code text;
CREATE INDEX dispatch_incidents_beat ON dispatch_incidents (beat_code, received_at) WHERE beat_code IS NOT NULL;
