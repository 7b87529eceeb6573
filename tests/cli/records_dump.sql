-- records_dump.sql: every person record of a database as text, one fact a
-- line, without what another database numbers or stamps differently (row
-- ids, content hashes, import batches and lines): two databases that hold
-- the same records print the same lines. The export --persons round trip
-- (tests/cli/cases/80*) compares them:  sqlite3 DB < records_dump.sql
.headers off
.mode list
.separator "|"
.nullvalue "∅"
-- a record is named by its source and record id
CREATE TEMP VIEW rec AS
  SELECT id, record_source || ':' || record_id AS ref FROM person;
SELECT 'person', r.ref, surname, given_names, sex, nationality, birth_date, birth_date_min,
       birth_date_max, birth_date_original, birth_place, service, service_number, rank, unit,
       replace(notes, char(10), '\n'), status, status_reason, extra,
       (SELECT seq FROM event WHERE id = p.last_event_id)
FROM person p JOIN rec r ON r.id = p.id ORDER BY r.ref;
SELECT 'name', r.ref, n.seq, n.surname, n.given_names, n.script, n.is_primary, n.notes
FROM person_name n JOIN rec r ON r.id = n.person_id ORDER BY r.ref, n.seq;
SELECT 'event', r.ref, e.seq, e.type, e.date, e.date_min, e.date_max, e.date_original,
       c.key, e.place, o.key, e.agent, replace(e.notes, char(10), '\n')
FROM event e JOIN rec r ON r.id = e.person_id
LEFT JOIN camp c ON c.id = e.camp_id LEFT JOIN operation o ON o.id = e.operation_id
ORDER BY r.ref, e.seq;
-- a citation by what it supports (the record, its name or event by seq),
-- its source and everything else it says, in the order given
SELECT 'citation', coalesce(rp.ref, rn.ref, re.ref),
       CASE WHEN ct.person_id IS NOT NULL THEN 'person'
            WHEN ct.name_id IS NOT NULL THEN 'name ' || n.seq
            ELSE 'event ' || e.seq END,
       s.key, ct.locator, ct.source_quality, ct.information, ct.evidence, ct.confidence,
       ct.notes
FROM citation ct JOIN source s ON s.id = ct.source_id
LEFT JOIN rec rp ON rp.id = ct.person_id
LEFT JOIN person_name n ON n.id = ct.name_id LEFT JOIN rec rn ON rn.id = n.person_id
LEFT JOIN event e ON e.id = ct.event_id LEFT JOIN rec re ON re.id = e.person_id
WHERE ct.person_id IS NOT NULL OR ct.name_id IS NOT NULL OR ct.event_id IS NOT NULL
ORDER BY 2, 3, ct.id;
