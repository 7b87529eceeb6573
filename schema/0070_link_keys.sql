-- 0070_link_keys.sql: the blocking keys of every record that `powtrace link`
-- has keyed, so that a later run keys only the new and changed records and
-- finds their candidates by an index look-up instead of reading and keying
-- every record again. A key is a 64-bit hash of one blocking rule's value
-- (a surname key with an initial and a birth year, a service number or one
-- of its neighbour swaps, a given name with the birth date, one deletion of
-- the surname with the year) or, for the term frequencies, of one surname
-- key (exact, variant or clerk key): the records with it are counted.
-- `info` holds what the pairing needs without reading the record: the rule,
-- whether the record has a birth year and a service number, and a hash of
-- the spelling (deletion keys) or of the sorted digits (name keys).
--
-- link_key holds the entries (key, record, info) in key order, a few
-- hundred to a row: `data` is a blob of varints, for each entry the key's
-- step from the entry before, person.id and info; first_key and last_key
-- are the row's first and last key with the top bit flipped (SQLite's
-- integers are signed), and a key's entries are never split between rows.
-- A first run writes a few thousand rows instead of millions (millions of
-- rows took longer than the rest of the run), and a look-up reads one row.
-- A run fills it for each record it keys (the first run after this
-- migration keys every record, in a database linked before it).
CREATE TABLE link_key (
  first_key  INTEGER PRIMARY KEY,
  last_key   INTEGER NOT NULL,
  data       BLOB NOT NULL
) STRICT;

-- The entries of the records that runs reading only the new records keyed,
-- one row each: adding them to link_key would rewrite its rows each time.
-- A run reads both; one that finds this table grown to an eighth of
-- link_key rewrites link_key with them.
CREATE TABLE link_key_recent (
  key        INTEGER NOT NULL,
  person_id  INTEGER NOT NULL,                 -- person.id
  info       INTEGER NOT NULL,
  PRIMARY KEY (key, person_id, info)
) STRICT, WITHOUT ROWID;

-- Records whose keys are to go: deleted ones (trigger link_key_gone) and
-- changed ones. Their keys are taken out of link_key (and link_key_recent)
-- in one pass (link_key rewritten), by
-- `powtrace unimport` and at the start of the next link run, before any
-- new key is stored. No index by person, no foreign key (which needs one):
-- a first run stores millions of keys, and one doubled its time.
CREATE TABLE link_key_gone (
  person_id  INTEGER PRIMARY KEY
) STRICT;

CREATE TRIGGER link_key_gone AFTER DELETE ON person BEGIN
  INSERT OR IGNORE INTO link_key_gone(person_id) VALUES (old.id);
  DELETE FROM link_pending WHERE person_id = old.id;
END;

-- The records `powtrace link` has still to compare: inserted ones, and ones
-- whose content_hash an import changed (kept by the triggers below; filled
-- for a database that has them already). A run reads its new records from
-- here, not from a pass over every record, and empties it.
CREATE TABLE link_pending (
  person_id  INTEGER PRIMARY KEY
) STRICT;

INSERT INTO link_pending(person_id)
SELECT p.id FROM person p LEFT JOIN link_compared c ON c.person_id = p.id
WHERE c.content_hash IS NULL OR c.content_hash <> p.content_hash;

CREATE TRIGGER link_pending_insert AFTER INSERT ON person BEGIN
  INSERT OR IGNORE INTO link_pending(person_id) VALUES (new.id);
END;

CREATE TRIGGER link_pending_change AFTER UPDATE OF content_hash ON person
WHEN new.content_hash IS NOT old.content_hash BEGIN
  INSERT OR IGNORE INTO link_pending(person_id) VALUES (new.id);
END;

-- A person's decisions in force, which every run reads (the log is mostly
-- automatic links with their evidence: a pass over it is long).
CREATE INDEX link_decision_by_person_in_force ON link_decision(a, b, decision)
WHERE made_by <> 'auto' AND superseded_at IS NULL;
