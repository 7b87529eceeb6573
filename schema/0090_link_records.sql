-- 0090_link_records.sql: what `powtrace link` compares of each record,
-- stored when a run first reads the record, so that a later run reads the
-- candidates of its new records by id instead of reading person,
-- person_name and the names' keys and working the names' words out again.
--
-- link_record: one row a record, `data` a blob (src/lib/link/stored.c): the
-- birth date's bounds, the service number's digits, nationality, source,
-- the unit's words, and each name form as its words (the surname and the
-- given names, each named by its role and spelling).
-- link_word: each word once, keyed by a 64-bit hash of its role and
-- spelling; `data` holds the spelling again (checked on reading) and its
-- keys (folded form, skeleton, Soundex, Daitch-Mokotoff, romanisations,
-- clerk keys, given-name groups, initials).
-- A record's row goes when the record is deleted or an import changes it
-- (its content_hash): the next run reads it as it reads a new record and
-- stores it again. A record with no row (a database linked before 0090) is
-- read from person and person_name, and stored.
CREATE TABLE link_record (
  person_id  INTEGER PRIMARY KEY,              -- person.id
  data       BLOB NOT NULL
) STRICT;

CREATE TABLE link_word (
  key        INTEGER PRIMARY KEY,              -- hash of the role and the spelling
  data       BLOB NOT NULL
) STRICT;

CREATE TRIGGER link_record_gone AFTER DELETE ON person BEGIN
  DELETE FROM link_record WHERE person_id = old.id;
END;

CREATE TRIGGER link_record_change AFTER UPDATE OF content_hash ON person
WHEN new.content_hash IS NOT old.content_hash BEGIN
  DELETE FROM link_record WHERE person_id = new.id;
END;
