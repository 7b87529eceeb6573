-- 0004_import_rows.sql: batch import of archival spreadsheets. How each
-- import was made (mapping, encoding, options), the rows it rejected, the
-- columns no mapping named (kept, never dropped), the original text of
-- archival dates, the batch and line of every name and event, which batch
-- first brought each record in (so that `powtrace unimport` can take it
-- back), camp locations, and the folded key that matches camp numerals.

ALTER TABLE import_batch ADD COLUMN kind TEXT;          -- person, camp, source, claim, ...
ALTER TABLE import_batch ADD COLUMN mapping TEXT;       -- the mapping file's name, or NULL
ALTER TABLE import_batch ADD COLUMN mapping_sha256 TEXT;
ALTER TABLE import_batch ADD COLUMN encoding TEXT;      -- utf-8, utf-16le, windows-1252, ...
ALTER TABLE import_batch ADD COLUMN options TEXT;       -- JSON: delimiter, header_line, date_order, skip_invalid, ...
ALTER TABLE import_batch ADD COLUMN finished_at TEXT;   -- UTC, ISO 8601
ALTER TABLE import_batch ADD COLUMN unimported_at TEXT; -- set by `powtrace unimport`

-- Rows an import rejected (with --skip-invalid): where, why, and the row's
-- bytes as the file held them.
CREATE TABLE import_reject (
  id          INTEGER PRIMARY KEY,
  batch_id    INTEGER NOT NULL REFERENCES import_batch(id) ON DELETE CASCADE,
  line        INTEGER,
  field       TEXT,
  message     TEXT NOT NULL,
  raw         BLOB                                      -- the row, byte for byte (NULL when not known)
) STRICT;
CREATE INDEX import_reject_by_batch ON import_reject(batch_id, line);

-- the original text of a birth date read from an archival spelling
ALTER TABLE person ADD COLUMN birth_date_original TEXT;

-- columns of the input that no mapping named: a JSON object {column: value}
ALTER TABLE person ADD COLUMN extra TEXT;
ALTER TABLE camp ADD COLUMN extra TEXT;
ALTER TABLE source ADD COLUMN extra TEXT;
ALTER TABLE claim ADD COLUMN extra TEXT;
ALTER TABLE operation ADD COLUMN extra TEXT;

-- the batch that inserted the record (batch_id is the last one that wrote it)
ALTER TABLE person ADD COLUMN first_batch_id INTEGER REFERENCES import_batch(id);
ALTER TABLE camp ADD COLUMN first_batch_id INTEGER REFERENCES import_batch(id);
ALTER TABLE source ADD COLUMN first_batch_id INTEGER REFERENCES import_batch(id);
ALTER TABLE claim ADD COLUMN first_batch_id INTEGER REFERENCES import_batch(id);
ALTER TABLE operation ADD COLUMN first_batch_id INTEGER REFERENCES import_batch(id);
UPDATE person SET first_batch_id = batch_id;
UPDATE camp SET first_batch_id = batch_id;
UPDATE source SET first_batch_id = batch_id;
UPDATE claim SET first_batch_id = batch_id;
UPDATE operation SET first_batch_id = batch_id;

-- provenance of every name form and event
ALTER TABLE person_name ADD COLUMN batch_id INTEGER REFERENCES import_batch(id);
ALTER TABLE person_name ADD COLUMN batch_line INTEGER;
ALTER TABLE event ADD COLUMN batch_id INTEGER REFERENCES import_batch(id);
ALTER TABLE event ADD COLUMN batch_line INTEGER;
UPDATE person_name SET batch_id = (SELECT batch_id FROM person WHERE id = person_id),
  batch_line = (SELECT batch_line FROM person WHERE id = person_id);
UPDATE event SET batch_id = (SELECT batch_id FROM person WHERE id = person_id),
  batch_line = (SELECT batch_line FROM person WHERE id = person_id);

-- Camp names folded further than alias_key: Roman numerals as Arabic
-- ("Stalag IV-B" = "Stalag 4B"), "ue" as "u" ("Muehlberg" = "Mühlberg").
-- Filled by powtrace (rows made before this migration are filled on the
-- next import).
ALTER TABLE camp_alias ADD COLUMN match_key TEXT;
CREATE INDEX camp_alias_by_match_key ON camp_alias(match_key);

-- Where a camp was: one row per location, in order (a camp that moved, or
-- spread over several sites, has several).
CREATE TABLE camp_location (
  id          INTEGER PRIMARY KEY,
  camp_id     INTEGER NOT NULL REFERENCES camp(id) ON DELETE CASCADE,
  seq         INTEGER NOT NULL DEFAULT 0,             -- order among the camp's locations
  lat         REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
  lon         REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
  place       TEXT,
  notes       TEXT,
  extra       TEXT,
  content_hash TEXT NOT NULL,
  batch_id    INTEGER REFERENCES import_batch(id),
  batch_line  INTEGER,
  first_batch_id INTEGER REFERENCES import_batch(id),
  UNIQUE (camp_id, seq)
) STRICT;

-- first_batch_id follows batch_id when a row is inserted (persons set it
-- themselves)
CREATE TRIGGER camp_first_batch AFTER INSERT ON camp
  WHEN NEW.first_batch_id IS NULL AND NEW.batch_id IS NOT NULL
  BEGIN UPDATE camp SET first_batch_id = NEW.batch_id WHERE id = NEW.id; END;
CREATE TRIGGER source_first_batch AFTER INSERT ON source
  WHEN NEW.first_batch_id IS NULL AND NEW.batch_id IS NOT NULL
  BEGIN UPDATE source SET first_batch_id = NEW.batch_id WHERE id = NEW.id; END;
CREATE TRIGGER claim_first_batch AFTER INSERT ON claim
  WHEN NEW.first_batch_id IS NULL AND NEW.batch_id IS NOT NULL
  BEGIN UPDATE claim SET first_batch_id = NEW.batch_id WHERE id = NEW.id; END;
CREATE TRIGGER operation_first_batch AFTER INSERT ON operation
  WHEN NEW.first_batch_id IS NULL AND NEW.batch_id IS NOT NULL
  BEGIN UPDATE operation SET first_batch_id = NEW.batch_id WHERE id = NEW.id; END;

-- Deleting an event (a person's record updated, a batch taken back) sets
-- person.last_event_id to NULL where it pointed at it: without this index
-- every deleted event would read the whole person table.
CREATE INDEX person_by_last_event ON person(last_event_id) WHERE last_event_id IS NOT NULL;
