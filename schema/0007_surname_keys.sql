-- 0007_surname_keys.sql: search keys per distinct spelling instead of per
-- name form.
--
-- 0003 stored the keys of every name form: about eleven rows a person, the
-- same keys again for each of the thousands of Smiths. A register of a
-- million rows holds a few thousand surname spellings and fewer given-name
-- spellings: keyed once each, a look-up goes from a key to its spellings and
-- from a spelling to its names through an index on person_name that holds
-- the person and the given names, so that find still reads no row but the
-- index; the keys of the given names it meets are read by spelling, not
-- worked out again.
--
-- SQL cannot compute the keys: powtrace fills the tables for the names of
-- an existing database right after this migration, in the same transaction
-- (pt_db_reindex_names does the same on demand).

DROP TABLE name_key;

CREATE TABLE surname_key (
  surname     TEXT NOT NULL,                -- person_name.surname as written
  kind        TEXT NOT NULL,                -- exact, part, variant, reverse, soundex, dm,
                                            -- translit, clerk_latn, clerk_cyrl
  key         TEXT NOT NULL,
  PRIMARY KEY (surname, kind, key)
) STRICT, WITHOUT ROWID;

-- find: every surname spelling with a key ("dm" '586000', "exact" 'kelly',
-- a prefix range of "exact" for Kel*)
CREATE INDEX surname_key_lookup ON surname_key(kind, key, surname);

-- The keys of every given-names spelling, word by word: what find compares
-- a typed given name with ("Bill" with "William Henry").
CREATE TABLE given_key (
  given       TEXT NOT NULL,                -- person_name.given_names as written
  part        INTEGER NOT NULL,             -- 1, 2, ...: the word
  kind        TEXT NOT NULL,                -- exact, variant, dm, translit, clerk_latn,
                                            -- clerk_cyrl, nickname, initial
  key         TEXT NOT NULL,
  PRIMARY KEY (given, part, kind, key)
) STRICT, WITHOUT ROWID;

-- find: from a spelling to its names, with their persons and given names,
-- from the index alone. Replaces 0002's index on surname COLLATE NOCASE,
-- which find did not use: keys fold case, spellings are compared as written.
DROP INDEX person_name_by_surname;
CREATE INDEX person_name_by_surname ON person_name(surname, person_id, given_names);
