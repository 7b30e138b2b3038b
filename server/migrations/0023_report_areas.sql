-- The hamlet (frazione) a report's place is in, from the street list
-- (content/streets.toml): the public list and map filter by it. Reports filed
-- before this column get theirs when the server starts.
ALTER TABLE reports ADD COLUMN area TEXT;
CREATE INDEX reports_by_area ON reports (area, created_at);
