-- 0031_camp_merge.sql: camps a person puts right. `powtrace camps merge FROM
-- INTO` makes FROM's spellings aliases of INTO and moves what named FROM to
-- INTO; every merge is logged with what it moved, so that `powtrace camps
-- unmerge` can take it back.

CREATE TABLE camp_merge (
  id          INTEGER PRIMARY KEY,
  from_key    TEXT NOT NULL,                 -- the camp merged away, as it was keyed
  from_id     INTEGER NOT NULL,              -- its id (no longer a camp's while merged)
  into_id     INTEGER NOT NULL,              -- the camp it went into (no foreign key: the log
                                             -- outlives a camp an unimport removes)
  from_camp   TEXT NOT NULL,                 -- JSON: the merged camp's row and its aliases, to restore it
  merged_at   TEXT NOT NULL,                 -- UTC, ISO 8601
  unmerged_at TEXT                           -- set by `powtrace camps unmerge`
) STRICT;
CREATE INDEX camp_merge_by_from_key ON camp_merge(from_key, id);
CREATE INDEX camp_merge_by_into ON camp_merge(into_id);

-- What one merge moved: the rows it pointed from FROM to INTO.
CREATE TABLE camp_merge_moved (
  merge_id    INTEGER NOT NULL REFERENCES camp_merge(id) ON DELETE CASCADE,
  what        TEXT NOT NULL CHECK (what IN ('alias', 'event', 'citation', 'location',
                'claim', 'person')),
  row_id      INTEGER NOT NULL,              -- camp_alias rowid, event.id, citation.id,
                                             -- camp_location.id, claim.id or person.id
  old         TEXT,                          -- what tells the row again, or what it held:
                                             -- an alias's spelling, an event's person, a
                                             -- citation's source, a location's seq, a
                                             -- claim's population
  PRIMARY KEY (merge_id, what, row_id)
) STRICT;
