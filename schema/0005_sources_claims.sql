-- 0005_sources_claims.sql: sources, citations and claims. Archival
-- references as structured fields, the GEDCOM quality of every citation,
-- and the indexes and views that cross-reference sources and claims.

-- An archival reference in parts. Western archives: archive, collection
-- (the department or record group: WO, RG 330), series (208), piece (3400).
-- Russian archives: fond, opis (inventory) and delo (file). `reference`
-- keeps the reference as one text (composed from the parts when not given).
ALTER TABLE source ADD COLUMN collection TEXT;
ALTER TABLE source ADD COLUMN series TEXT;
ALTER TABLE source ADD COLUMN piece TEXT;
ALTER TABLE source ADD COLUMN fond TEXT;
ALTER TABLE source ADD COLUMN opis TEXT;
ALTER TABLE source ADD COLUMN delo TEXT;

-- GEDCOM's QUAY (0-3) for the confidence (0-4): 3 and 4 are both "direct
-- and primary evidence"; computed, never stored.
ALTER TABLE citation ADD COLUMN quay INTEGER
  GENERATED ALWAYS AS (CASE WHEN confidence IS NULL THEN NULL
                            WHEN confidence >= 3 THEN 3 ELSE confidence END) VIRTUAL;

-- the sources of one kind (source list --kind); one book by its ISBN (a
-- second source with the same ISBN is refused)
CREATE INDEX source_by_kind ON source(kind, key);
CREATE INDEX source_by_isbn ON source(isbn) WHERE isbn IS NOT NULL;

-- the claims cited from one source (xref, claims list --source) are found
-- through citation_by_source; the claims on one question and metric
CREATE INDEX claim_by_question_metric ON claim(question, metric);

-- Every claim with each of its citations and the source behind it: one row
-- per claim and citation (a claim without citations has one row with NULL
-- source columns).
CREATE VIEW claim_source AS
SELECT c.id AS claim_id, c.key AS claim_key, c.question, c.metric, c.population,
       c.value_min, c.value_max, c.approximate, c.value_text, c.date, c.text,
       s.key AS source_key, s.kind AS source_kind, s.title AS source_title,
       ct.locator, ct.source_quality, ct.information, ct.evidence, ct.confidence, ct.quay
FROM claim c
LEFT JOIN citation ct ON ct.claim_id = c.id
LEFT JOIN source s ON s.id = ct.source_id;

-- Every link between sources with both keys: who cites, derives from,
-- transcribes or translates whom.
CREATE VIEW source_link_detail AS
SELECT s.key AS source_key, s.kind AS source_kind, s.title AS source_title, l.relation,
       t.key AS target_key, t.kind AS target_kind, t.title AS target_title
FROM source_link l
JOIN source s ON s.id = l.source_id
JOIN source t ON t.id = l.target_id;
