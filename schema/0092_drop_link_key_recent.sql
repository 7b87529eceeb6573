-- 0092_drop_link_key_recent.sql: link_key_recent's entries are in
-- link_key_added now (0091 and the step after it).
DROP TABLE link_key_recent;
