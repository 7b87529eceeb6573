-- 0110_link_compared_in_pending.sql: which version of a record `powtrace
-- link` compared is kept in link_pending, with the records still to
-- compare, instead of in a row for every record compared (link_compared:
-- 17.6 MB at 100,000 men, each row the 64-character content_hash, written
-- by the first run in a pass over person).
--
-- Since 0070 a record has no link_pending row exactly when a run compared it
-- in its present version: an inserted record gets a row (new), an import
-- that changes its content_hash gives it one (changed), and a run empties
-- the table. So the version compared is needed only for the records with a
-- row: compared_hash is the content_hash it was compared in, NULL when it
-- was never compared. The row is written when the record first changes
-- after a run (trigger link_pending_change: the old content_hash is then
-- the version compared), and a later change keeps it. A record whose
-- content_hash has gone back to the version compared (compared_hash =
-- content_hash) is not compared again.
ALTER TABLE link_pending ADD COLUMN compared_hash TEXT;

UPDATE link_pending SET compared_hash =
  (SELECT c.content_hash FROM link_compared c WHERE c.person_id = link_pending.person_id);

DROP TABLE link_compared;

DROP TRIGGER link_pending_change;
CREATE TRIGGER link_pending_change AFTER UPDATE OF content_hash ON person
WHEN new.content_hash IS NOT old.content_hash BEGIN
  INSERT OR IGNORE INTO link_pending(person_id, compared_hash) VALUES (new.id, old.content_hash);
END;

-- The records compared, each with the version it was compared in, as the
-- table of that name had them (for reading; a run reads link_pending).
CREATE VIEW link_compared AS
SELECT p.id AS person_id, coalesce(q.compared_hash, p.content_hash) AS content_hash
FROM person p LEFT JOIN link_pending q ON q.person_id = p.id
WHERE q.person_id IS NULL OR q.compared_hash IS NOT NULL;
