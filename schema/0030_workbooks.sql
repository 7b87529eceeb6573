-- 0030_workbooks.sql: workbooks (.xlsx, .ods, .xls). Each sheet read from a
-- workbook is an import batch of its own (the same file, checksum and size),
-- so that every record's batch and line name the sheet and row it came from.

ALTER TABLE import_batch ADD COLUMN sheet TEXT;  -- the workbook's sheet; NULL for other files
