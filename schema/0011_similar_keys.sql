-- 0011_similar_keys.sql: find by similarity. Every surname spelling gets,
-- beside its other search keys in surname_key, the keys of kind 'delete':
-- its folded form (and each romanisation) with one letter left out, so
-- that `powtrace find` meets a spelling one letter off (Hutchison,
-- Hutchinson) through the index, as it meets the other keys. SQL cannot
-- compute them: powtrace recomputes the keys of the spellings already in a
-- database right after this migration, in the same transaction.
SELECT 1;
