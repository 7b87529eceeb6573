/*
 * bulk.c - what an import of a file of persons of 500 rows or more
 * does differently from writing row by row, all inside the import's
 * transaction (a failure or a kill leaves the database as it was, triggers
 * and indexes included):
 *
 *  - The full-text rows (person_text) of the persons and events it inserts
 *    are written at the end, one statement for all persons and one for all
 *    events, instead of by the insert triggers. A trigger on a table makes
 *    every single-row insert into it a statement that SQLite must be able to
 *    undo halfway (a statement journal: each page the row touches copied
 *    first, spilled to a temporary file after 64 KiB), and the interleaved
 *    rowids (a person, then its events as negative rowids) flushed FTS5's
 *    pending terms at every row. The triggers are taken off only when they
 *    read exactly as the schema made them (then the statements below write
 *    the same rows); otherwise they stay and do the work.
 *  - Into a database of at most half as many persons: the secondary indexes
 *    of the person tables not in bulk_keep are dropped and
 *    built again before the commit (sorted once, much faster than kept up
 *    row by row), and CHECK constraints (which the loaders check before
 *    writing) are skipped.
 */
#include <stdlib.h>
#include <string.h>

#include "import/import.h"

/* The insert triggers of person_text as the schema (0050) makes them, and
 * the statements that write what they would have written for the rows the
 * import inserted: events first, in ascending rowid (-id), then persons, so
 * that FTS5 takes its rows in one ascending run. The import's persons are
 * those after the largest id before it (a person is updated in place,
 * never deleted and inserted again); its events are those of the persons
 * it wrote (batch ?1 or a later one: a person written has all its events
 * written anew), not those after the largest event id: an updated person's
 * events are deleted first, and their ids may be given again. */
enum since { PERSON_MAX, FIRST_BATCH, SOURCE_MAX }; /* what bulk_sql's ?1 is */

static const struct text_trigger {
	const char *name, *sql, *bulk_sql;
	enum since since;
} text_triggers[] = {
	{ "event_text_insert",
	  "CREATE TRIGGER event_text_insert AFTER INSERT ON event WHEN NEW.notes IS NOT NULL BEGIN\n"
	  "  INSERT INTO person_text(rowid, notes, person_id) VALUES (-NEW.id, NEW.notes, NEW.person_id);\n"
	  "END",
	  "INSERT INTO person_text(rowid, notes, person_id) "
	  "SELECT -e.id, e.notes, e.person_id FROM person p JOIN event e ON e.person_id = p.id "
	  "WHERE p.batch_id >= ?1 AND e.notes IS NOT NULL ORDER BY e.id DESC", FIRST_BATCH },
	{ "person_text_insert",
	  "CREATE TRIGGER person_text_insert AFTER INSERT ON person\n"
	  "WHEN coalesce(NEW.unit, NEW.notes, NEW.extra) IS NOT NULL BEGIN\n"
	  "  INSERT INTO person_text(rowid, unit, notes, extra, person_id)\n"
	  "  SELECT NEW.id, NEW.unit, NEW.notes,\n"
	  "         (SELECT group_concat(key || ': ' || value, '; ') FROM json_each(\n"
	  "            CASE WHEN json_valid(NEW.extra) THEN NEW.extra END)\n"
	  "          WHERE type IN ('text', 'integer', 'real')),\n"
	  "         NEW.id;\n"
	  "END",
	  "INSERT INTO person_text(rowid, unit, notes, extra, person_id) "
	  "SELECT p.id, p.unit, p.notes, "
	  "(SELECT group_concat(key || ': ' || value, '; ') FROM json_each("
	  "CASE WHEN json_valid(p.extra) THEN p.extra END) "
	  "WHERE type IN ('text', 'integer', 'real')), p.id "
	  "FROM person p WHERE p.id > ?1 AND coalesce(p.unit, p.notes, p.extra) IS NOT NULL "
	  "ORDER BY p.id", PERSON_MAX },
	/* not full text, but the same kind of trigger (schema 0070): the
	 * persons a link run has still to compare. Left on, it alone made
	 * every person's insert a statement with a statement journal again. */
	{ "link_pending_insert",
	  "CREATE TRIGGER link_pending_insert AFTER INSERT ON person BEGIN\n"
	  "  INSERT OR IGNORE INTO link_pending(person_id) VALUES (new.id);\n"
	  "END",
	  "INSERT OR IGNORE INTO link_pending(person_id) "
	  "SELECT p.id FROM person p WHERE p.id > ?1 ORDER BY p.id", PERSON_MAX },
	/* schema 0004: a new source's first batch. The import sets it itself
	 * (resolve.c), so the trigger finds nothing to do, but on a table with
	 * a trigger each new source's insert is a statement SQLite must be
	 * able to undo halfway (about 9,000 instructions a source, 2% of
	 * the register with a source a row). Sources are never given an id
	 * below the largest before the import (a person import deletes only
	 * the sources it made). */
	{ "source_first_batch",
	  "CREATE TRIGGER source_first_batch AFTER INSERT ON source\n"
	  "  WHEN NEW.first_batch_id IS NULL AND NEW.batch_id IS NOT NULL\n"
	  "  BEGIN UPDATE source SET first_batch_id = NEW.batch_id WHERE id = NEW.id; END",
	  "UPDATE source SET first_batch_id = batch_id "
	  "WHERE id > ?1 AND first_batch_id IS NULL AND batch_id IS NOT NULL", SOURCE_MAX },
};

enum { TEXT_TRIGGERS = sizeof text_triggers / sizeof text_triggers[0] };

/* The smallest file (estimated rows) written in bulk. */
enum { BULK_ROWS = 500 };

/* Indexes kept in place: those the loaders read while they write persons,
 * and event's two partial indexes whose keys come in the order of the rows
 * or hardly at all (event_by_person_camp, event_by_operation): keeping them
 * up costs less than building them again (README "Which indexes an import
 * keeps up"). Not person's: with three more indexes kept on person, a
 * person's insert once needs more than the 64 KiB of statement journal
 * SQLite keeps in memory, and from then on every insert writes its journal
 * to a temporary file (172,000 writes for 30,000 rows; 1.5x the CPU). */
static const char *const bulk_keep[] = {
	"event_by_person", "person_name_by_person", "person_by_last_event",
	"event_by_person_camp", "event_by_operation", NULL,
};

/* Whether trigger t is in the schema as text_triggers says. */
static int trigger_as_made(pt_db *db, const struct text_trigger *t, int *same)
{
	sqlite3_stmt *s = NULL;
	int rc = pt__prepare(db, &s, "SELECT sql FROM sqlite_schema WHERE type = 'trigger' "
			     "AND name = ?"), step;

	*same = 0;
	if (rc)
		return rc;
	sqlite3_bind_text(s, 1, t->name, -1, SQLITE_STATIC);
	step = sqlite3_step(s);
	if (step == SQLITE_ROW)
		*same = sqlite3_column_text(s, 0) &&
			!strcmp((const char *)sqlite3_column_text(s, 0), t->sql);
	else if (step != SQLITE_DONE)
		rc = pt__sql_error(db, "cannot read the schema");
	sqlite3_finalize(s);
	return rc;
}

/* Takes the insert triggers above off (all or none), noting the
 * largest person id and the import's batch. */
static int text_defer(pt__import *imp, pt__bulk *b)
{
	pt__buf drop = PT__BUF_INIT;
	int rc = PT_OK, same = 1;

	for (int i = 0; i < TEXT_TRIGGERS && rc == PT_OK && same; i++)
		rc = trigger_as_made(imp->db, &text_triggers[i], &same);
	if (rc || !same)
		return rc;
	if ((rc = pt__query_int(imp->db, "SELECT coalesce(max(id), 0) FROM person", &b->person_max)) ||
	    (rc = pt__query_int(imp->db, "SELECT coalesce(max(id), 0) FROM source", &b->source_max)))
		return rc;
	b->first_batch = imp->batch_id;
	for (int i = 0; i < TEXT_TRIGGERS; i++)
		pt__buf_printf(&drop, "DROP TRIGGER %s;", text_triggers[i].name);
	rc = drop.failed ? pt__error(imp->db, PT_ENOMEM, "out of memory")
		: pt__exec(imp->db, pt__buf_str(&drop));
	pt__buf_release(&drop);
	if (rc == PT_OK)
		b->text_deferred = 1;
	return rc;
}

/* The full-text rows of what the import inserted, and the triggers back. */
static int text_write(pt__import *imp, pt__bulk *b)
{
	int rc = PT_OK;

	for (int i = 0; i < TEXT_TRIGGERS && rc == PT_OK; i++) {
		const struct text_trigger *t = &text_triggers[i];
		sqlite3_stmt *s = NULL;
		if ((rc = pt__prepare(imp->db, &s, t->bulk_sql)))
			break;
		sqlite3_bind_int64(s, 1, t->since == PERSON_MAX ? b->person_max
				   : t->since == SOURCE_MAX ? b->source_max : b->first_batch);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = pt__sql_error(imp->db, "cannot write the full-text index");
		sqlite3_finalize(s);
		if (rc == PT_OK)
			rc = pt__exec(imp->db, t->sql);
	}
	if (rc == PT_OK)
		b->text_deferred = 0;
	return rc;
}

/* The secondary indexes of the person tables not in bulk_keep: their
 * CREATE statements kept in b, the indexes dropped. */
static int indexes_drop(pt__import *imp, pt__bulk *b)
{
	sqlite3_stmt *s = NULL;
	int rc, step;

	if ((rc = pt__prepare(imp->db, &s, "SELECT name, sql FROM sqlite_schema WHERE type = 'index' "
			      "AND sql IS NOT NULL AND tbl_name IN ('person', 'person_name', 'event') "
			      "ORDER BY name")))
		return rc;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(s, 0);
		const char *const *k = bulk_keep;
		char **grown;
		while (*k && strcmp(*k, name))
			k++;
		if (*k)
			continue;
		if (!(grown = realloc(b->sql, (b->count + 1) * sizeof *grown)) ||
		    !(grown[b->count] = pt__strdup((const char *)sqlite3_column_text(s, 1)))) {
			if (grown)
				b->sql = grown;
			rc = pt__error(imp->db, PT_ENOMEM, "out of memory");
			break;
		}
		b->sql = grown;
		b->count++;
	}
	if (rc == PT_OK && step != SQLITE_DONE)
		rc = pt__sql_error(imp->db, "cannot read the schema");
	sqlite3_finalize(s);
	/* The loaders check every value a CHECK constraint of these tables
	 * guards (sex, status, event type, citation grades, ...) before they
	 * write it; SQLite would also build a small b-tree per row for each
	 * "x IN (...)". The constraints stay in the schema; only this bulk
	 * load skips them. */
	if (rc == PT_OK && b->count && (rc = pt__exec(imp->db, "PRAGMA ignore_check_constraints = ON")))
		return rc;
	b->checks_off = b->count > 0;
	for (size_t i = 0; i < b->count && rc == PT_OK; i++) {
		/* "CREATE INDEX name ON ..." -> "DROP INDEX name" */
		pt__buf drop = PT__BUF_INIT;
		const char *name = b->sql[i] + strlen("CREATE INDEX ");
		size_t len = strcspn(name, " (");
		if (strncmp(b->sql[i], "CREATE INDEX ", 13)) {
			free(b->sql[i]);
			b->sql[i--] = b->sql[--b->count]; /* not ours to drop: leave it */
			continue;
		}
		pt__buf_puts(&drop, "DROP INDEX ");
		pt__buf_add(&drop, name, len);
		rc = drop.failed ? PT_ENOMEM : pt__exec(imp->db, pt__buf_str(&drop));
		pt__buf_release(&drop);
	}
	return rc;
}

int pt__bulk_begin(pt__import *imp, uint64_t estimated_rows, pt__bulk *b)
{
	int64_t persons = 0;
	int rc;

	memset(b, 0, sizeof *b);
	/* A small file keeps the triggers: once the schema changed in a
	 * transaction, SQLite reads it again and prepares every statement
	 * anew after each ROLLBACK TO, that is after each rejected record
	 * that had made a camp (a few milliseconds each), and taking the
	 * triggers off and on costs about as much as a few rows. From
	 * BULK_ROWS rows on, a row written with the triggers on costs about
	 * twice what it costs in bulk (statement journals, FTS5's pending
	 * terms flushed every row): there was a cliff at 20,000 rows, where
	 * 15,000 rows took longer than 20,000. */
	if (estimated_rows < BULK_ROWS)
		return PT_OK;
	if ((rc = text_defer(imp, b)))
		return rc;
	/* into a small database: the indexes too */
	if ((rc = pt__query_int(imp->db, "SELECT coalesce(max(id), 0) FROM person", &persons)))
		return rc;
	if ((uint64_t)persons * 2 > estimated_rows)
		return PT_OK;
	return indexes_drop(imp, b);
}

int pt__bulk_end(pt__import *imp, pt__bulk *b)
{
	/* an index build sorts in as much memory as the page cache may hold:
	 * shrink both, so that the peak stays the loading's */
	int rc = b->count ? pt__exec(imp->db, "PRAGMA cache_size = -16384") : PT_OK;
	if (rc == PT_OK && b->text_deferred)
		rc = text_write(imp, b);
	for (size_t i = 0; i < b->count && rc == PT_OK; i++)
		rc = pt__exec(imp->db, b->sql[i]);
	return rc;
}

void pt__bulk_free(pt_db *db, pt__bulk *b)
{
	if (b->checks_off)
		sqlite3_exec(db->sql, "PRAGMA ignore_check_constraints = OFF", NULL, NULL, NULL);
	for (size_t i = 0; i < b->count; i++)
		free(b->sql[i]);
	free(b->sql);
	memset(b, 0, sizeof *b);
}
