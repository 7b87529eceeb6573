-- 0100_link_evidence_levels.sql: a pair's evidence stored as its comparison
-- levels, with the model of the run that weighed them, instead of as JSON.
-- The JSON of an automatic link was about 280 of the 400 bytes of its row
-- (166,126 links, 68 MB, at 100,000 men); the levels take four bytes and
-- the surname's count three. What the JSON said (each level's weight, the
-- match weight, the surname's frequency) follows from the levels and that
-- run's model, and powtrace rebuilds it byte for byte when it shows the
-- evidence (src/lib/link/model.c, pt__lk_evidence_json).
--
-- levels: comparison c's level in bits 4c to 4c + 3 (surname, given_names,
-- birth_date, service_number, nationality, unit, camp; the level's seq in
-- link_model, 15 for a missing value), a veto in bits 28 and 29.
-- surname_count: the records whose surname has the key that agreed (the
-- term frequency is surname_count over the run's 'tf_records'); NULL: none.
-- model_run: the run whose model (link_run_model) weighs the levels.
-- A row written before 0100 keeps its JSON in `evidence` (levels NULL).
ALTER TABLE link_decision ADD COLUMN levels INTEGER;
ALTER TABLE link_decision ADD COLUMN surname_count INTEGER;
ALTER TABLE link_decision ADD COLUMN model_run INTEGER REFERENCES link_run(id);

-- link_review again, with its evidence NULL where the levels are given
-- (its model is that of run_id, the run that queued the pair).
CREATE TABLE link_review_0100 (
  a             INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  b             INTEGER NOT NULL REFERENCES person(id) ON DELETE CASCADE,
  probability   REAL NOT NULL,
  evidence      TEXT,                          -- JSON (a pair queued before 0100), or NULL
  run_id        INTEGER REFERENCES link_run(id),
  queued_at     TEXT NOT NULL,
  levels        INTEGER,                       -- as in link_decision
  surname_count INTEGER,
  PRIMARY KEY (a, b),
  CHECK (evidence IS NOT NULL OR levels IS NOT NULL)
) STRICT, WITHOUT ROWID;
INSERT INTO link_review_0100(a, b, probability, evidence, run_id, queued_at)
SELECT a, b, probability, evidence, run_id, queued_at FROM link_review;
DROP TABLE link_review;
ALTER TABLE link_review_0100 RENAME TO link_review;
CREATE INDEX link_review_by_b ON link_review(b);

-- The model each run weighed its pairs with (the one it estimated, or the
-- one it kept, with the prior it scaled), as link_model and
-- link_model_value hold the latest: the evidence of its decisions and
-- queued pairs is read with it.
CREATE TABLE link_run_model (
  run_id      INTEGER NOT NULL REFERENCES link_run(id),
  comparison  TEXT NOT NULL,
  level       TEXT NOT NULL,
  seq         INTEGER NOT NULL,
  m           REAL NOT NULL,
  u           REAL NOT NULL,
  PRIMARY KEY (run_id, comparison, level)
) STRICT, WITHOUT ROWID;

-- prior, records, tf_records (the records the term frequencies were
-- counted over), pairs, iterations, sampled
CREATE TABLE link_run_model_value (
  run_id      INTEGER NOT NULL REFERENCES link_run(id),
  name        TEXT NOT NULL,
  value       REAL NOT NULL,
  PRIMARY KEY (run_id, name)
) STRICT, WITHOUT ROWID;
