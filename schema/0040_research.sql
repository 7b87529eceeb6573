-- 0040_research.sql: what a researcher adds (PRODUCT.md, "research note"):
-- a fact found elsewhere, always with its source (`powtrace add event|name|
-- note|citation`), or a search made and its result (`powtrace searched`).
-- A fact becomes a record of its own: a person row whose source is the one
-- the researcher cites and whose record_id is 'research-N', written by an
-- import batch of its own and joined to the man by a person's `same`
-- decision, so that the man's dossier and status take it in beside the
-- imported records, none of which is ever edited. This table is the log of
-- those additions and of the searches: taking one back (`powtrace add
-- --undo N`) removes the record and marks the entry, which stays.

CREATE TABLE research_note (
  id             INTEGER PRIMARY KEY,        -- the N of 'research-N' and of --undo N
  kind           TEXT NOT NULL CHECK (kind IN ('event', 'name', 'note', 'citation', 'search')),
  person_id      INTEGER REFERENCES person(id) ON DELETE SET NULL,
                                             -- the man: his individual's id when it was added
  person_source  TEXT NOT NULL,              -- that record's source and record_id, which
  person_record_id TEXT NOT NULL,            -- say who it was about once the row is gone
  record_id      INTEGER REFERENCES person(id) ON DELETE SET NULL,
                                             -- a fact: the record it made; NULL for a search
  batch_id       INTEGER REFERENCES import_batch(id),  -- a fact: the batch that wrote it
  source_id      INTEGER REFERENCES source(id),        -- a fact: the source cited
  locator        TEXT,                       -- where in it: page, card, URL
  what           TEXT NOT NULL,              -- the fact or the search in words, for the log
  searched_where TEXT,                       -- a search: where ("OBD Memorial")
  where_key      TEXT,                       -- that folded (case, accents, punctuation)
  query          TEXT,                       -- what was searched for ("Келли 1915-1925")
  found          TEXT CHECK (found IN ('yes', 'no')),
  note           TEXT,
  made_by        TEXT NOT NULL,              -- $USER, or 'unknown'
  made_at        TEXT NOT NULL,              -- UTC, ISO 8601
  undone_at      TEXT,                       -- taken back (the entry stays in the log)
  CHECK ((kind = 'search') = (searched_where IS NOT NULL AND found IS NOT NULL))
) STRICT;

-- the research on one man (the dossier)
CREATE INDEX research_note_by_person ON research_note(person_id);
-- the men already searched for in one place: list --not-searched-in
CREATE INDEX research_note_by_where ON research_note(where_key, person_id)
  WHERE kind = 'search' AND undone_at IS NULL;
-- the entry that made a record (a record's provenance in the dossier)
CREATE INDEX research_note_by_record ON research_note(record_id) WHERE record_id IS NOT NULL;
