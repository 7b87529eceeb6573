-- 0050_find_beyond_names.sql: find a man by his service number, his unit or
-- a word of the notes (`powtrace find --number`, `--unit`, `--text`),
-- through indexes, never a scan of the person table.
--
-- The service number as find compares it: upper case, without spaces,
-- hyphens, slashes or full stops ("t/14 412-345" = "T14412345"). The index is
-- on that expression, built from SQLite's own functions, so that any SQLite
-- tool keeps it when it writes a record. A query must write the expression
-- exactly so to use it (find looks up a number and its neighbours, one
-- digit wrong or two next to each other swapped, with `IN (...)`).
CREATE INDEX person_by_number ON person(
  upper(replace(replace(replace(replace(service_number, ' ', ''), '-', ''), '/', ''), '.', '')))
  WHERE service_number IS NOT NULL;

-- The words of each record for full-text search (FTS5; case and accents
-- folded): its unit, its notes (remarks, a researcher's note) and the values
-- of the columns an import kept unmapped (`extra`, as "column: value; ..."),
-- in the row whose rowid is the person's id; the notes of each of its events
-- in a row whose rowid is minus the event's id. `person_id` names the record
-- in both. Triggers keep it true through every import, re-import of a changed
-- record, unimport and `powtrace add`, whoever writes (the sqlite3 shell too).
CREATE VIRTUAL TABLE person_text USING fts5(
  unit, notes, extra, person_id UNINDEXED,
  tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER person_text_insert AFTER INSERT ON person
WHEN coalesce(NEW.unit, NEW.notes, NEW.extra) IS NOT NULL BEGIN
  INSERT INTO person_text(rowid, unit, notes, extra, person_id)
  SELECT NEW.id, NEW.unit, NEW.notes,
         (SELECT group_concat(key || ': ' || value, '; ') FROM json_each(
            CASE WHEN json_valid(NEW.extra) THEN NEW.extra END)
          WHERE type IN ('text', 'integer', 'real')),
         NEW.id;
END;

CREATE TRIGGER person_text_update AFTER UPDATE OF unit, notes, extra ON person BEGIN
  DELETE FROM person_text WHERE rowid = OLD.id;
  INSERT INTO person_text(rowid, unit, notes, extra, person_id)
  SELECT NEW.id, NEW.unit, NEW.notes,
         (SELECT group_concat(key || ': ' || value, '; ') FROM json_each(
            CASE WHEN json_valid(NEW.extra) THEN NEW.extra END)
          WHERE type IN ('text', 'integer', 'real')),
         NEW.id
  WHERE coalesce(NEW.unit, NEW.notes, NEW.extra) IS NOT NULL;
END;

CREATE TRIGGER person_text_delete AFTER DELETE ON person BEGIN
  DELETE FROM person_text WHERE rowid = OLD.id;
END;

CREATE TRIGGER event_text_insert AFTER INSERT ON event WHEN NEW.notes IS NOT NULL BEGIN
  INSERT INTO person_text(rowid, notes, person_id) VALUES (-NEW.id, NEW.notes, NEW.person_id);
END;

CREATE TRIGGER event_text_update AFTER UPDATE OF notes, person_id ON event BEGIN
  DELETE FROM person_text WHERE rowid = -OLD.id;
  INSERT INTO person_text(rowid, notes, person_id)
  SELECT -NEW.id, NEW.notes, NEW.person_id WHERE NEW.notes IS NOT NULL;
END;

CREATE TRIGGER event_text_delete AFTER DELETE ON event WHEN OLD.notes IS NOT NULL BEGIN
  DELETE FROM person_text WHERE rowid = -OLD.id;
END;

-- the records already in the database
INSERT INTO person_text(rowid, unit, notes, extra, person_id)
SELECT id, unit, notes,
       (SELECT group_concat(key || ': ' || value, '; ') FROM json_each(
          CASE WHEN json_valid(extra) THEN extra END)
        WHERE type IN ('text', 'integer', 'real')),
       id
FROM person WHERE coalesce(unit, notes, extra) IS NOT NULL;
INSERT INTO person_text(rowid, notes, person_id)
SELECT -id, notes, person_id FROM event WHERE notes IS NOT NULL;
