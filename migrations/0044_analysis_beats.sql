-- Analysed incidents attributed to the patrol beat in force at their place and time (looked up
-- through the core area-layer port when the row is imported or copied from dispatch). Null = no
-- beat in force there and then, or patrol not installed.
ALTER TABLE analysis_incidents ADD COLUMN beat_id text, ADD COLUMN beat_code text;
