-- 0010_link.sql: records and individuals. A person row is a *record*: one
-- source's account of one man, never edited by linking. An *individual* is
-- one man, made of the records that `same` decisions join, never across a
-- `different` decision. Every decision is logged (who or what made it, when,
-- the probability and the evidence, a note) and stays in the log when a
-- later one replaces it or its records are gone.
--
-- Individual ids are drawn from the record ids: an individual's id is the id
-- of one of its records (its anchor), so "individual N" and "the individual
-- of record N" are the same thing whenever individual N exists, and
-- `powtrace show N` takes either. A record that shares its individual with
-- no other record is its own individual, with its own id: such records have
-- no row in individual_member, so an import needs no extra write per record
-- and every record belongs to exactly one individual even before `powtrace
-- link` has run. Ids are stable: a run, an import or a decision about other
-- records never renumbers an individual. When two individuals merge, the
-- merged one keeps the smaller (older) id; when one splits, the part that
-- holds the anchor record keeps the id and each other part takes the
-- smallest id among its records (schema/README.md, "Records and
-- individuals").

-- The link runs: what each `powtrace link` compared and decided.
CREATE TABLE link_run (
  id               INTEGER PRIMARY KEY,
  started_at       TEXT NOT NULL,              -- UTC, ISO 8601
  finished_at      TEXT,
  made_by          TEXT NOT NULL,              -- who ran it ($USER, or 'powtrace')
  auto_threshold   REAL NOT NULL,              -- pairs at or above: linked
  review_threshold REAL NOT NULL,              -- pairs at or above (and below auto): review
  records_compared INTEGER NOT NULL DEFAULT 0, -- new and changed records compared
  candidate_pairs  INTEGER NOT NULL DEFAULT 0, -- pairs the blocking keys proposed and the model scored
  links            INTEGER NOT NULL DEFAULT 0, -- automatic same decisions made
  review           INTEGER NOT NULL DEFAULT 0, -- pairs queued for review
  vetoed           INTEGER NOT NULL DEFAULT 0, -- pairs whose events make a link impossible
  individuals      INTEGER NOT NULL DEFAULT 0, -- individuals after the run
  records          INTEGER NOT NULL DEFAULT 0, -- records after the run
  seconds          REAL,
  estimated        INTEGER NOT NULL DEFAULT 0 CHECK (estimated IN (0, 1)) -- the run estimated the model
) STRICT;

-- The model a run estimated (Fellegi-Sunter): for each comparison and level,
-- m = P(level | the two records are one man), u = P(level | two men). The
-- weight of a level is log2(m/u). Only the latest estimate is kept; older
-- ones stay in the decisions' evidence.
CREATE TABLE link_model (
  comparison  TEXT NOT NULL,                   -- surname, given_names, birth_date, service_number,
                                               -- nationality, unit, camp, ...
  level       TEXT NOT NULL,                   -- exact, variant, ..., different, missing
  seq         INTEGER NOT NULL,                -- the level's order in its comparison (0: strongest)
  m           REAL NOT NULL,
  u           REAL NOT NULL,
  run_id      INTEGER REFERENCES link_run(id),
  PRIMARY KEY (comparison, level)
) STRICT;

-- Values of the model that are not per level: the prior probability that two
-- candidate records are one man ('prior'), the number of pairs the estimate
-- rested on ('pairs'), the EM iterations ('iterations').
CREATE TABLE link_model_value (
  name        TEXT PRIMARY KEY,
  value       REAL NOT NULL,
  run_id      INTEGER REFERENCES link_run(id)
) STRICT;

-- The decisions log. a is the record with the smaller id when the decision
-- was made. The record identities (source and record_id) are kept beside
-- the ids, so that the log still says which records it was about once they
-- are gone (a and b become NULL then). A decision is in force while
-- superseded_at is NULL. Automatic decisions are only `same` links (pairs
-- at or above the auto threshold); a person's decisions are `same` or
-- `different`, and no automatic run replaces them.
CREATE TABLE link_decision (
  id            INTEGER PRIMARY KEY,
  a             INTEGER REFERENCES person(id) ON DELETE SET NULL,
  b             INTEGER REFERENCES person(id) ON DELETE SET NULL,
  a_source      TEXT NOT NULL,                 -- person.record_source of a
  a_record_id   TEXT NOT NULL,                 -- person.record_id of a
  b_source      TEXT NOT NULL,
  b_record_id   TEXT NOT NULL,
  decision      TEXT NOT NULL CHECK (decision IN ('same', 'different')),
  made_by       TEXT NOT NULL,                 -- 'auto', or the person who decided
  made_at       TEXT NOT NULL,                 -- UTC, ISO 8601
  run_id        INTEGER REFERENCES link_run(id), -- the run of an auto decision
  probability   REAL,                          -- the model's probability that a and b are one man
  evidence      TEXT,                          -- JSON: each comparison's level and weight
  note          TEXT,
  superseded_at TEXT,                          -- NULL: in force
  superseded_by INTEGER REFERENCES link_decision(id),
                                               -- the decision that replaced it; NULL when a record
                                               -- changed or went and the pair was compared again
  CHECK (made_by <> 'auto' OR decision = 'same')
) STRICT;
-- the decisions about one record (clustering walks them; they also serve
-- the foreign keys when a record is deleted)
CREATE INDEX link_decision_by_a ON link_decision(a, b);
CREATE INDEX link_decision_by_b ON link_decision(b, a);

-- The records that share their individual with at least one other record.
-- A record without a row is an individual of its own, whose id is its own.
CREATE TABLE individual_member (
  person_id     INTEGER PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
  individual_id INTEGER NOT NULL               -- the id of one of the individual's records
) STRICT;
-- the records of one individual
CREATE INDEX individual_member_by_individual ON individual_member(individual_id, person_id);

-- Which records have been compared, and in which version: a record whose
-- content_hash has changed since (a re-import that edited it), or that has
-- no row (new), is compared by the next `powtrace link`.
CREATE TABLE link_compared (
  person_id     INTEGER PRIMARY KEY REFERENCES person(id) ON DELETE CASCADE,
  content_hash  TEXT NOT NULL,                 -- person.content_hash when it was compared
  run_id        INTEGER REFERENCES link_run(id)
) STRICT;

-- The review queue: pairs whose probability lies between the review and the
-- auto threshold, waiting for a person's decision (a < b). A decision on
-- the pair takes it out of the queue.
CREATE TABLE link_review (
  a             INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  b             INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  probability   REAL NOT NULL,
  evidence      TEXT NOT NULL,                 -- JSON, as in link_decision
  run_id        INTEGER REFERENCES link_run(id),
  queued_at     TEXT NOT NULL,
  PRIMARY KEY (a, b)
) STRICT, WITHOUT ROWID;
CREATE INDEX link_review_by_b ON link_review(b);

-- Every record with its individual: what every report counts by.
CREATE VIEW person_individual AS
SELECT p.id AS person_id, coalesce(m.individual_id, p.id) AS individual_id
FROM person p LEFT JOIN individual_member m ON m.person_id = p.id;

-- Every individual with the number of its records.
CREATE VIEW individual AS
SELECT individual_id AS id, count(*) AS records
FROM person_individual GROUP BY individual_id;

-- Every decision in force with both records' current ids.
CREATE VIEW link_in_force AS
SELECT id, a, b, decision, made_by, made_at, probability, note
FROM link_decision
WHERE superseded_at IS NULL AND a IS NOT NULL AND b IS NOT NULL;
