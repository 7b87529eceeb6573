-- 0105_link_record_events.sql: a link_record row holds what the vetoes and
-- the camp comparison take of its record's events (rows written from now
-- on; older rows lack it, and their records' events are read from event).
-- An import writes a record's events with the record, whose content_hash
-- then changes (link_record_change); an event moved or taken away without
-- that (a camp merge moves events to the surviving camp) takes the row.
CREATE TRIGGER link_record_event_change AFTER UPDATE OF person_id, type, date_min, date_max,
  camp_id ON event BEGIN
  DELETE FROM link_record WHERE person_id IN (old.person_id, new.person_id);
END;

CREATE TRIGGER link_record_event_gone AFTER DELETE ON event BEGIN
  DELETE FROM link_record WHERE person_id = old.person_id;
END;
