-- 0006_counts.sql: indexes for faceted counts and reports (powtrace count,
-- report unaccounted, report camp), named for the queries they serve.

-- the camps each person was held in: count --by camp / camp_type / operator,
-- and the latest camp before a person's last event (report unaccounted)
CREATE INDEX event_by_person_camp ON event(person_id, camp_id) WHERE camp_id IS NOT NULL;

-- everyone with an event at one camp, in date order (report camp's timeline)
CREATE INDEX event_by_camp_date ON event(camp_id, date_min) WHERE camp_id IS NOT NULL;

-- claims about one camp: population {"camp": KEY} (report camp)
CREATE INDEX claim_by_camp ON claim(json_extract(population, '$.camp'))
  WHERE population IS NOT NULL;

-- the gazetteer version a database holds (init loads it once per version)
CREATE INDEX import_batch_by_sha256 ON import_batch(sha256);
