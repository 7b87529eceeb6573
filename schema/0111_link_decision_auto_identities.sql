-- 0111_link_decision_auto_identities.sql: an automatic decision names its
-- records by id only while they exist, and its time is its run's. The four
-- identity columns (a_source, a_record_id, b_source, b_record_id) and
-- made_at were half of an automatic link's row (166,126 links at 100,000
-- men: 21.1 MB, 12.8 MB without the identities, 9.4 MB without made_at
-- too), and the first run read both records' person rows for each link to
-- write them. They follow from what the row keeps: a record's identity from
-- its person row, the time from link_run.started_at of run_id.
--
-- A record's identity is written into every decision that names it without
-- it just before the record is deleted (trigger link_decision_identities),
-- so a decision about a record that is gone still says which record it was
-- about. A person's decisions keep both always (a record that comes back is
-- found by them). The view link_log gives every decision with both
-- identities and made_at filled.
--
-- link_decision again, with those columns NULL where they follow, and the
-- rows of before with them NULL where they say what the person row and the
-- run say.
DROP VIEW link_in_force;

CREATE TABLE link_decision_0111 (
  id            INTEGER PRIMARY KEY,
  a             INTEGER REFERENCES person(id) ON DELETE SET NULL,
  b             INTEGER REFERENCES person(id) ON DELETE SET NULL,
  a_source      TEXT,                          -- person.record_source of a; NULL: read person a
  a_record_id   TEXT,                          -- person.record_id of a
  b_source      TEXT,
  b_record_id   TEXT,
  decision      TEXT NOT NULL CHECK (decision IN ('same', 'different')),
  made_by       TEXT NOT NULL,                 -- 'auto', or the person who decided
  made_at       TEXT,                          -- UTC, ISO 8601; NULL: link_run.started_at of run_id
  run_id        INTEGER REFERENCES link_run(id),
  probability   REAL,
  evidence      TEXT,
  note          TEXT,
  superseded_at TEXT,
  superseded_by INTEGER REFERENCES link_decision_0111(id),
  levels        INTEGER,
  surname_count INTEGER,
  model_run     INTEGER REFERENCES link_run(id),
  CHECK (made_by <> 'auto' OR decision = 'same'),
  -- only an automatic decision leaves out what follows
  CHECK (made_by = 'auto' OR (a_source IS NOT NULL AND a_record_id IS NOT NULL AND
                              b_source IS NOT NULL AND b_record_id IS NOT NULL AND
                              made_at IS NOT NULL)),
  CHECK (made_at IS NOT NULL OR run_id IS NOT NULL),
  -- a record that is gone has its identity in the row
  CHECK (a IS NOT NULL OR (a_source IS NOT NULL AND a_record_id IS NOT NULL)),
  CHECK (b IS NOT NULL OR (b_source IS NOT NULL AND b_record_id IS NOT NULL))
) STRICT;

INSERT INTO link_decision_0111(id, a, b, a_source, a_record_id, b_source, b_record_id,
  decision, made_by, made_at, run_id, probability, evidence, note, superseded_at,
  superseded_by, levels, surname_count, model_run)
SELECT d.id, d.a, d.b,
  CASE WHEN d.made_by = 'auto' AND pa.record_source IS d.a_source
        AND pa.record_id IS d.a_record_id THEN NULL ELSE d.a_source END,
  CASE WHEN d.made_by = 'auto' AND pa.record_source IS d.a_source
        AND pa.record_id IS d.a_record_id THEN NULL ELSE d.a_record_id END,
  CASE WHEN d.made_by = 'auto' AND pb.record_source IS d.b_source
        AND pb.record_id IS d.b_record_id THEN NULL ELSE d.b_source END,
  CASE WHEN d.made_by = 'auto' AND pb.record_source IS d.b_source
        AND pb.record_id IS d.b_record_id THEN NULL ELSE d.b_record_id END,
  d.decision, d.made_by,
  CASE WHEN d.made_by = 'auto' AND r.started_at IS d.made_at THEN NULL ELSE d.made_at END,
  d.run_id, d.probability, d.evidence, d.note, d.superseded_at, d.superseded_by,
  d.levels, d.surname_count, d.model_run
FROM link_decision d
LEFT JOIN person pa ON pa.id = d.a
LEFT JOIN person pb ON pb.id = d.b
LEFT JOIN link_run r ON r.id = d.run_id
ORDER BY d.id;

-- (dropping a table deletes its rows first, and with foreign keys on each
-- deleted row is looked for in superseded_by: without an index, a pass over
-- the table for each row)
CREATE INDEX link_decision_superseded_by ON link_decision(superseded_by);
DROP TABLE link_decision;
ALTER TABLE link_decision_0111 RENAME TO link_decision;

CREATE INDEX link_decision_by_a ON link_decision(a, b);
CREATE INDEX link_decision_by_b ON link_decision(b, a);
CREATE INDEX link_decision_by_person_in_force ON link_decision(a, b, decision)
WHERE made_by <> 'auto' AND superseded_at IS NULL;

CREATE VIEW link_in_force AS
SELECT id, a, b, decision, made_by, coalesce(made_at,
  (SELECT started_at FROM link_run r WHERE r.id = run_id)) AS made_at, probability, note
FROM link_decision
WHERE superseded_at IS NULL AND a IS NOT NULL AND b IS NOT NULL;

-- Every decision with its records' identities and its time, as the table
-- held them before 0111.
CREATE VIEW link_log AS
SELECT d.id, d.a, d.b,
  coalesce(d.a_source, pa.record_source) AS a_source,
  coalesce(d.a_record_id, pa.record_id) AS a_record_id,
  coalesce(d.b_source, pb.record_source) AS b_source,
  coalesce(d.b_record_id, pb.record_id) AS b_record_id,
  d.decision, d.made_by, coalesce(d.made_at, r.started_at) AS made_at, d.run_id,
  d.probability, d.evidence, d.note, d.superseded_at, d.superseded_by, d.levels,
  d.surname_count, d.model_run
FROM link_decision d
LEFT JOIN person pa ON pa.id = d.a
LEFT JOIN person pb ON pb.id = d.b
LEFT JOIN link_run r ON r.id = d.run_id;

CREATE TRIGGER link_decision_identities BEFORE DELETE ON person BEGIN
  UPDATE link_decision SET a_source = old.record_source, a_record_id = old.record_id
  WHERE a = old.id AND a_record_id IS NULL;
  UPDATE link_decision SET b_source = old.record_source, b_record_id = old.record_id
  WHERE b = old.id AND b_record_id IS NULL;
END;
