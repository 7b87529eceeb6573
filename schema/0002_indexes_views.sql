-- 0002_indexes_views.sql: indexes named for the queries they serve, and
-- views that spare researchers the joins they would otherwise write by hand.

-- a person's dossier: names, events and citations of one person
CREATE INDEX person_name_by_person ON person_name(person_id, seq);
CREATE INDEX event_by_person ON event(person_id, seq);
CREATE INDEX citation_by_person ON citation(person_id) WHERE person_id IS NOT NULL;
CREATE INDEX citation_by_name ON citation(name_id) WHERE name_id IS NOT NULL;
CREATE INDEX citation_by_event ON citation(event_id) WHERE event_id IS NOT NULL;
CREATE INDEX citation_by_camp ON citation(camp_id) WHERE camp_id IS NOT NULL;
CREATE INDEX citation_by_claim ON citation(claim_id) WHERE claim_id IS NOT NULL;
CREATE INDEX citation_by_operation ON citation(operation_id) WHERE operation_id IS NOT NULL;
CREATE INDEX citation_by_source ON citation(source_id);

-- name look-ups ("everyone called Kelly") and faceted counts
CREATE INDEX person_name_by_surname ON person_name(surname COLLATE NOCASE);
CREATE INDEX person_by_nationality_status ON person(nationality, status);
CREATE INDEX person_by_status ON person(status);
CREATE INDEX person_by_birth ON person(birth_date_min, birth_date_max);
CREATE INDEX person_by_batch ON person(batch_id);

-- events at a camp, of a type, in a date range
CREATE INDEX event_by_camp ON event(camp_id, type) WHERE camp_id IS NOT NULL;
CREATE INDEX event_by_type_date ON event(type, date_min, date_max);
CREATE INDEX event_by_operation ON event(operation_id) WHERE operation_id IS NOT NULL;

-- camp names in any spelling; sources that cite a source; claims on a question
CREATE INDEX camp_alias_by_key ON camp_alias(alias_key);
CREATE INDEX source_link_by_target ON source_link(target_id, relation);
CREATE INDEX claim_by_question ON claim(question);

-- Every event with its person's primary name and its camp's canonical name,
-- in the order a timeline reads.
CREATE VIEW event_timeline AS
SELECT e.id AS event_id, e.person_id, p.surname, p.given_names, p.nationality,
       e.seq, e.type, e.date, e.date_min, e.date_max, e.date_original,
       c.key AS camp_key, c.name AS camp, e.place,
       o.key AS operation_key, o.name AS operation, e.agent, e.notes
FROM event e
JOIN person p ON p.id = e.person_id
LEFT JOIN camp c ON c.id = e.camp_id
LEFT JOIN operation o ON o.id = e.operation_id;

-- Every citation with its source and the kind and id of what it supports.
CREATE VIEW citation_detail AS
SELECT ct.id AS citation_id, s.key AS source_key, s.kind AS source_kind,
       s.title AS source_title, ct.locator,
       CASE WHEN ct.person_id IS NOT NULL THEN 'person'
            WHEN ct.name_id IS NOT NULL THEN 'name'
            WHEN ct.event_id IS NOT NULL THEN 'event'
            WHEN ct.camp_id IS NOT NULL THEN 'camp'
            WHEN ct.operation_id IS NOT NULL THEN 'operation'
            ELSE 'claim' END AS target_type,
       coalesce(ct.person_id, ct.name_id, ct.event_id, ct.camp_id, ct.claim_id,
                ct.operation_id) AS target_id,
       coalesce(ct.person_id,
                (SELECT person_id FROM person_name WHERE id = ct.name_id),
                (SELECT person_id FROM event WHERE id = ct.event_id)) AS person_id,
       ct.source_quality, ct.information, ct.evidence, ct.confidence, ct.notes
FROM citation ct
JOIN source s ON s.id = ct.source_id;

-- The people whose status is 'unaccounted', with their last recorded event.
CREATE VIEW unaccounted AS
SELECT p.id, p.surname, p.given_names, p.nationality, p.status_reason,
       e.type AS last_event_type, e.date AS last_event_date,
       e.place AS last_event_place, c.name AS last_event_camp
FROM person p
LEFT JOIN event e ON e.id = p.last_event_id
LEFT JOIN camp c ON c.id = e.camp_id
WHERE p.status = 'unaccounted';
