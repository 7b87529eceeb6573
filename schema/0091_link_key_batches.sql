-- 0091_link_key_batches.sql: the blocking keys of the runs that read only
-- the new records, kept as link_key keeps its keys (runs of entries in key
-- order, a few hundred to a row, a blob of varints) in one batch a run,
-- instead of one row an entry in link_key_recent: a run of 10,000 new
-- records wrote some 240,000 rows there, and looked each of its keys up
-- in it. A key's entries may be in link_key and in several batches; a run
-- looks a key up in each (it reads each table's rows in key order). More
-- than eight batches are written again as one; the batches move into
-- link_key once they have grown to an eighth of it. powtrace moves the
-- entries of link_key_recent into the first batch (0092 drops it).
CREATE TABLE link_key_added (
  batch      INTEGER NOT NULL,                 -- 1, 2, ...: one a run
  first_key  INTEGER NOT NULL,                 -- as in link_key
  last_key   INTEGER NOT NULL,
  data       BLOB NOT NULL,
  PRIMARY KEY (batch, first_key)
) STRICT;
