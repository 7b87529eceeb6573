-- 0003_name_keys.sql: the search keys of every name form, computed by
-- powtrace when a name is written (folded form, spelling variant, Soundex,
-- Daitch-Mokotoff branches, transliterations, the cross-script "clerk" key,
-- given-name equivalents), so that `powtrace find` looks names up through
-- an index and never reads the person table from end to end.
--
-- SQL cannot compute these keys: powtrace fills the table for the names of
-- an existing database right after this migration, in the same transaction
-- (pt_db_reindex_names does the same on demand).

CREATE TABLE name_key (
  name_id     INTEGER NOT NULL REFERENCES person_name(id) ON DELETE CASCADE,
  person_id   INTEGER NOT NULL,             -- person_name.person_id, kept here for hand-written queries
  part        INTEGER NOT NULL,             -- 0: the surname; 1, 2, ...: the given names in order
  kind        TEXT NOT NULL,                -- exact, part, variant, reverse, soundex, dm,
                                            -- translit, clerk_latn, clerk_cyrl, nickname, initial
  key         TEXT NOT NULL,
  given       TEXT,                         -- on surname keys (part 0): the name's given names,
                                            -- as the keys of parts 1, 2, ... were made from them
  PRIMARY KEY (name_id, part, kind, key)
) STRICT, WITHOUT ROWID;

-- find: every surname with a given key ("dm" '586000', "exact" 'kelly', a
-- prefix range of "exact" for Kel*), with its person and given names, from
-- the index alone: thousands of Walkers are compared with "Harold" without
-- reading a row for each. Only surname keys need the index.
CREATE INDEX name_key_surname ON name_key(kind, key, person_id, given) WHERE part = 0;
