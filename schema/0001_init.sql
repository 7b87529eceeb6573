-- 0001_init.sql: the nouns of powtrace, one table each.
-- Forward-only: never edit a migration that has shipped; add a new file.
-- Dates are EDTF text; beside each, *_min and *_max hold the earliest and
-- latest day it can mean as the integer YYYYMMDD (NULL: no bound).

CREATE TABLE import_batch (
  id          INTEGER PRIMARY KEY,
  file        TEXT NOT NULL,              -- the name the file was given on the command line
  sha256      TEXT NOT NULL,              -- checksum of the file's bytes
  bytes       INTEGER NOT NULL,
  format      TEXT NOT NULL,              -- json, jsonl, csv
  started_at  TEXT NOT NULL,              -- UTC, ISO 8601
  rows        INTEGER NOT NULL DEFAULT 0,
  inserted    INTEGER NOT NULL DEFAULT 0,
  updated     INTEGER NOT NULL DEFAULT 0,
  unchanged   INTEGER NOT NULL DEFAULT 0,
  rejected    INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE source (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE,
  kind        TEXT NOT NULL CHECK (kind IN ('book', 'article', 'archival_file',
                'register', 'report', 'testimony', 'web', 'dataset')),
  title       TEXT,
  authors     TEXT,                       -- JSON array of names
  date        TEXT,                       -- EDTF
  date_min    INTEGER,
  date_max    INTEGER,
  publisher   TEXT,
  isbn        TEXT,
  url         TEXT,
  archive     TEXT,                       -- e.g. The National Archives (UK), GARF
  reference   TEXT,                       -- e.g. WO 208/3400, fond 9401 opis 2 delo 64
  notes       TEXT,
  content_hash TEXT NOT NULL,
  batch_id    INTEGER REFERENCES import_batch(id),
  batch_line  INTEGER
) STRICT;

CREATE TABLE source_link (
  source_id   INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
  target_id   INTEGER NOT NULL REFERENCES source(id) ON DELETE CASCADE,
  relation    TEXT NOT NULL CHECK (relation IN ('cites', 'derives_from',
                'transcribes', 'translates')),
  PRIMARY KEY (source_id, target_id, relation)
) STRICT;

CREATE TABLE camp (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  type        TEXT NOT NULL CHECK (type IN ('stalag', 'oflag', 'stalag_luft',
                'dulag', 'marlag', 'milag', 'nkvd_filtration', 'gupvi',
                'itl', 'special', 'transit', 'hospital', 'other')),
  operator    TEXT,                       -- ISO 3166 alpha-2 of the power running it (SU: USSR)
  place       TEXT,
  country     TEXT,                       -- ISO 3166 alpha-2 of the place today
  lat         REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
  lon         REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
  period      TEXT,                       -- EDTF, usually an interval
  period_min  INTEGER,
  period_max  INTEGER,
  verified    INTEGER NOT NULL DEFAULT 1 CHECK (verified IN (0, 1)),
  notes       TEXT,
  content_hash TEXT NOT NULL,
  batch_id    INTEGER REFERENCES import_batch(id),
  batch_line  INTEGER
) STRICT;

-- Every name a camp goes by, including its canonical name; alias_key is the
-- folded form (case, diacritics, punctuation) that look-ups compare.
CREATE TABLE camp_alias (
  camp_id     INTEGER NOT NULL REFERENCES camp(id) ON DELETE CASCADE,
  alias       TEXT NOT NULL,
  alias_key   TEXT NOT NULL,
  PRIMARY KEY (camp_id, alias)
) STRICT;

CREATE TABLE operation (
  id          INTEGER PRIMARY KEY,
  key         TEXT NOT NULL UNIQUE,
  name        TEXT NOT NULL,
  kind        TEXT,                       -- exchange, repatriation, release, ...
  date        TEXT,
  date_min    INTEGER,
  date_max    INTEGER,
  place       TEXT,
  notes       TEXT,
  content_hash TEXT NOT NULL,
  batch_id    INTEGER REFERENCES import_batch(id),
  batch_line  INTEGER
) STRICT;

CREATE TABLE person (
  id             INTEGER PRIMARY KEY,
  record_source  TEXT NOT NULL DEFAULT '', -- key of the source the record comes from
  record_id      TEXT NOT NULL,            -- its key in that source, or 'sha256:...' of its content
  surname        TEXT,
  given_names    TEXT,
  sex            TEXT CHECK (sex IN ('M', 'F', 'U')),
  nationality    TEXT,                     -- ISO 3166 alpha-2 of the force served
  birth_date     TEXT,
  birth_date_min INTEGER,
  birth_date_max INTEGER,
  birth_place    TEXT,
  service        TEXT,
  service_number TEXT,
  rank           TEXT,
  unit           TEXT,
  notes          TEXT,
  status         TEXT NOT NULL DEFAULT 'unknown' CHECK (status IN ('returned',
                   'died', 'unaccounted', 'conflicting', 'unknown')),
  status_reason  TEXT NOT NULL DEFAULT 'no event that bears on fate',
  last_event_id  INTEGER REFERENCES event(id) ON DELETE SET NULL, -- derived with status
  content_hash   TEXT NOT NULL,
  batch_id       INTEGER REFERENCES import_batch(id),
  batch_line     INTEGER,
  UNIQUE (record_source, record_id)
) STRICT;

CREATE TABLE person_name (
  id          INTEGER PRIMARY KEY,
  person_id   INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  surname     TEXT,
  given_names TEXT,
  script      TEXT NOT NULL DEFAULT 'Latn', -- ISO 15924: Latn, Cyrl, ...
  is_primary  INTEGER NOT NULL DEFAULT 0 CHECK (is_primary IN (0, 1)),
  seq         INTEGER NOT NULL,             -- order in the record
  notes       TEXT
) STRICT;

CREATE TABLE event (
  id           INTEGER PRIMARY KEY,
  person_id    INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  type         TEXT NOT NULL CHECK (type IN ('birth', 'capture', 'internment',
                 'transfer', 'liberation', 'handover', 'repatriation', 'release',
                 'return', 'death', 'burial', 'sighting', 'last_seen')),
  date         TEXT,
  date_min     INTEGER,
  date_max     INTEGER,
  date_original TEXT,                      -- the date as the record wrote it
  camp_id      INTEGER REFERENCES camp(id),
  place        TEXT,
  operation_id INTEGER REFERENCES operation(id),
  agent        TEXT,                       -- who acted: "Red Army", "NKVD", ...
  notes        TEXT,
  seq          INTEGER NOT NULL            -- order in the record
) STRICT;

CREATE TABLE claim (
  id           INTEGER PRIMARY KEY,
  key          TEXT NOT NULL UNIQUE,
  question     TEXT NOT NULL,              -- stable key shared by claims that answer one question
  metric       TEXT,                       -- held, interned, repatriated, retained, ...
  population   TEXT,                       -- JSON object: {"nationality": "US", ...}
  value_min    REAL,                       -- a number, or the ends of a range
  value_max    REAL,
  approximate  INTEGER NOT NULL DEFAULT 0 CHECK (approximate IN (0, 1)),
  value_text   TEXT,                       -- a value that is not a number
  date         TEXT,                       -- when the claim was made (EDTF)
  date_min     INTEGER,
  date_max     INTEGER,
  text         TEXT,                       -- the words of the claim
  notes        TEXT,
  content_hash TEXT NOT NULL,
  batch_id     INTEGER REFERENCES import_batch(id),
  batch_line   INTEGER
) STRICT;

-- A citation points at exactly one thing: a person, a name form, an event,
-- a camp, a claim or an operation.
CREATE TABLE citation (
  id           INTEGER PRIMARY KEY,
  source_id    INTEGER NOT NULL REFERENCES source(id),
  locator      TEXT,                       -- page, folio, row, paragraph
  person_id    INTEGER REFERENCES person(id) ON DELETE CASCADE,
  name_id      INTEGER REFERENCES person_name(id) ON DELETE CASCADE,
  event_id     INTEGER REFERENCES event(id) ON DELETE CASCADE,
  camp_id      INTEGER REFERENCES camp(id) ON DELETE CASCADE,
  claim_id     INTEGER REFERENCES claim(id) ON DELETE CASCADE,
  operation_id INTEGER REFERENCES operation(id) ON DELETE CASCADE,
  source_quality TEXT CHECK (source_quality IN ('original', 'derivative', 'authored')),
  information  TEXT CHECK (information IN ('primary', 'secondary', 'undetermined')),
  evidence     TEXT CHECK (evidence IN ('direct', 'indirect', 'negative')),
  confidence   INTEGER CHECK (confidence BETWEEN 0 AND 4),
  notes        TEXT,
  CHECK ((person_id IS NOT NULL) + (name_id IS NOT NULL) + (event_id IS NOT NULL)
         + (camp_id IS NOT NULL) + (claim_id IS NOT NULL) + (operation_id IS NOT NULL) = 1)
) STRICT;
