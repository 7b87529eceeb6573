/*
 * list.c - `powtrace list`: the men that pass the filters of count and find
 * (and a few of its own), one row each, sorted and paged. A record linked
 * to no other is a man of his own; the men of several records come from
 * the virtual table pt_man_fate (records/men.c), with the status of all their records,
 * and pass a filter when one of their records does. The row names the man
 * by the record whose id is his, with a romanisation beside a name in
 * another script than Latin.
 */
#include <stdlib.h>
#include <string.h>

#include "reports/reports.h"
#include "names/names.h"

/* pt_fold(TEXT): the folded look-up key (core/text.c) as SQL, so that a
 * unit is compared without case, accents, spaces or punctuation. */
static void sql_fold(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const unsigned char *text = sqlite3_value_text(argv[0]);
	char *key;
	(void)argc;
	if (!text) {
		sqlite3_result_null(ctx);
		return;
	}
	if (!(key = pt__fold_key(sqlite3_user_data(ctx), (const char *)text))) {
		sqlite3_result_error_nomem(ctx);
		return;
	}
	sqlite3_result_text(ctx, key, -1, free);
}

static int register_fold(pt_db *db)
{
	if (sqlite3_create_function_v2(db->sql, "pt_fold", 1, SQLITE_UTF8 | SQLITE_DETERMINISTIC,
				       db, sql_fold, NULL, NULL, NULL) != SQLITE_OK)
		return pt__sql_error(db, "cannot register pt_fold");
	return PT_OK;
}

/* The record conditions of list's own filters, on the person alias "p". */
static int record_conditions(pt_db *db, const pt_list_options *o, pt__sql *q,
			     const pt_date *born, char **units)
{
	if (o->born) {
		/* the birth date may fall in the range: an uncertain one that overlaps */
		pt__sql_add(q, " AND (p.birth_date_min IS NOT NULL OR p.birth_date_max IS NOT NULL)"
			    " AND coalesce(p.birth_date_min, 0) <= ");
		pt__sql_int(q, (born->flags & PT_DATE_HAS_MAX) ? born->max : 99999999);
		pt__sql_add(q, " AND coalesce(p.birth_date_max, 99999999) >= ");
		pt__sql_int(q, (born->flags & PT_DATE_HAS_MIN) ? born->min : 0);
	}
	if (o->unit_count) {
		pt__sql_add(q, " AND (0");
		for (size_t i = 0; i < o->unit_count; i++) {
			pt__sql_add(q, " OR instr(pt_fold(p.unit), ");
			pt__sql_text(q, units[i]);
			pt__sql_add(q, ") > 0");
		}
		pt__sql_add(q, ")");
	}
	if (o->batch_count) {
		pt__sql_add(q, " AND (0");
		for (size_t i = 0; i < o->batch_count; i++) {
			pt__sql_add(q, " OR p.batch_id = ");
			pt__sql_int(q, o->batches[i]);
			pt__sql_add(q, " OR p.first_batch_id = ");
			pt__sql_int(q, o->batches[i]);
		}
		pt__sql_add(q, ")");
	}
	return q->failed ? pt__error(db, PT_ENOMEM, "out of memory") : PT_OK;
}

static int has_record_conditions(const pt_list_options *o)
{
	return o->born || o->unit_count || o->batch_count;
}

/* The men already searched for in a place (research_note, 0040). */
static void not_searched(pt__sql *q, const char *man, const char *where_key)
{
	pt__sql_add(q, " AND ");
	pt__sql_add(q, man);
	pt__sql_add(q, " NOT IN (SELECT pi.individual_id FROM research_note r "
		    "JOIN person_individual pi ON pi.person_id = r.person_id "
		    "WHERE r.kind = 'search' AND r.undone_at IS NULL AND r.where_key = ");
	pt__sql_text(q, where_key);
	pt__sql_add(q, ")");
}

/* Both scopes, as one SELECT of (man, anchor, records, status,
 * last_event_id, last_camp_id). */
static int men_sql(pt_db *db, const pt_list_options *o, int linked, pt__sql *q,
		   const pt_date *born, char **units, const char *where_key)
{
	int rc;

	pt__sql_add(q, "SELECT p.id AS man, p.id AS anchor, 1 AS records, p.status AS status, "
		    "p.last_event_id AS last_event_id, NULL AS last_camp_id FROM person p WHERE 1");
	if (linked)
		pt__sql_add(q, " AND NOT EXISTS (SELECT 1 FROM individual_member im "
			    "WHERE im.person_id = p.id)");
	if ((rc = pt__filter_where(db, &o->filter, q)) ||
	    (rc = record_conditions(db, o, q, born, units)))
		return rc;
	if (o->no_name)
		pt__sql_add(q, " AND p.surname IS NULL AND p.given_names IS NULL");
	if (where_key)
		not_searched(q, "p.id", where_key);
	if (!linked)
		return q->failed ? pt__error(db, PT_ENOMEM, "out of memory") : PT_OK;
	pt__sql_add(q, " UNION ALL SELECT f.individual_id, f.anchor_id, f.records, f.status, "
		    "f.last_event_id, f.last_camp_id FROM pt_man_fate f WHERE 1");
	if ((rc = pt__filter_where_men(db, &o->filter, q, "f.individual_id", "f.status")))
		return rc;
	if (has_record_conditions(o)) {
		pt__sql_add(q, " AND f.individual_id IN (SELECT m2.individual_id FROM "
			    "individual_member m2 JOIN person p ON p.id = m2.person_id WHERE 1");
		if ((rc = record_conditions(db, o, q, born, units)))
			return rc;
		pt__sql_add(q, ")");
	}
	if (o->no_name)   /* none of his records has a name of its own */
		pt__sql_add(q, " AND NOT EXISTS (SELECT 1 FROM individual_member m2 JOIN person p2 "
			    "ON p2.id = m2.person_id WHERE m2.individual_id = f.individual_id AND "
			    "(p2.surname IS NOT NULL OR p2.given_names IS NOT NULL))");
	if (where_key)
		not_searched(q, "f.individual_id", where_key);
	return q->failed ? pt__error(db, PT_ENOMEM, "out of memory") : PT_OK;
}

/* the values of all his records, for a man of several */
#define ALL_OF(col) \
	"(SELECT group_concat(v, ', ') FROM (SELECT DISTINCT p3." col " AS v FROM " \
	"individual_member m3 JOIN person p3 ON p3.id = m3.person_id WHERE " \
	"m3.individual_id = x.man AND p3." col " IS NOT NULL ORDER BY p3.id))"
/* the anchor's value, else the first of his other records' */
#define FIRST_OF(col) \
	"coalesce(ap." col ", (SELECT p3." col " FROM individual_member m3 JOIN person p3 " \
	"ON p3.id = m3.person_id WHERE m3.individual_id = x.man AND p3." col " IS NOT NULL " \
	"ORDER BY p3.id LIMIT 1))"

/* the order of each sort, ascending and descending (men without the value last) */
static const char *const order_by[][2] = {
	[PT_LIST_BY_ID] = { "x.man", "x.man DESC" },
	[PT_LIST_BY_NAME] = { "sort_name IS NULL, sort_name, lower(ap.given_names), x.man",
			      "sort_name IS NULL, sort_name DESC, lower(ap.given_names) DESC, "
			      "x.man DESC" },
	[PT_LIST_BY_BORN] = { "born_min IS NULL, born_min, x.man",
			      "born_min IS NULL, born_min DESC, x.man DESC" },
	[PT_LIST_BY_STATUS] = { "x.status, x.man", "x.status DESC, x.man DESC" },
	[PT_LIST_BY_NATIONALITY] = { "nationality IS NULL, nationality, x.man",
				     "nationality IS NULL, nationality DESC, x.man DESC" },
};

static int read_row(pt_db *db, sqlite3_stmt *s, pt_list_row *r)
{
	r->id = sqlite3_column_int64(s, 0);
	r->records = (size_t)sqlite3_column_int64(s, 1);
	if (pt_status_parse((const char *)sqlite3_column_text(s, 2), &r->status))
		r->status = PT_STATUS_UNKNOWN;
	r->surname = pt__column_dup(s, 3);
	r->given_names = pt__column_dup(s, 4);
	r->nationality = pt__column_dup(s, 5);
	r->birth_date = pt__column_dup(s, 6);
	r->service_number = pt__column_dup(s, 7);
	r->rank = pt__column_dup(s, 8);
	r->unit = pt__column_dup(s, 9);
	r->last_event = pt__column_dup(s, 10);
	r->last_date = pt__column_dup(s, 11);
	r->last_place = pt__column_dup(s, 12);
	r->sources = pt__column_dup(s, 13);
	r->anchor = sqlite3_column_int64(s, 14);
	(void)db;
	return PT_OK;
}

/* A man named by no surname or given names of his own: the first name form
 * of his records; and a romanisation of a name that is not in Latin. */
static int name_row(pt_db *db, sqlite3_stmt *forms, pt_list_row *r)
{
	pt__buf whole = PT__BUF_INIT;
	pt__script script;

	if (!r->surname && !r->given_names) {
		sqlite3_reset(forms);
		sqlite3_bind_int64(forms, 1, r->anchor);
		sqlite3_bind_int64(forms, 2, r->id);
		if (sqlite3_step(forms) == SQLITE_ROW) {
			r->surname = pt__column_dup(forms, 0);
			r->given_names = pt__column_dup(forms, 1);
		}
		sqlite3_reset(forms);
	}
	pt__buf_printf(&whole, "%s%s%s", r->surname ? r->surname : "",
		       r->surname && r->given_names ? " " : "", r->given_names ? r->given_names : "");
	script = pt__script_of(pt__buf_str(&whole));
	r->script = pt__strdup(pt__script_code(script));
	if (whole.len && strcmp(r->script ? r->script : "", "Latn")) {
		char *surname = r->surname ? pt__romanise(db, PT__SCHEME_BGN, r->surname) : NULL;
		char *given = r->given_names ? pt__romanise(db, PT__SCHEME_BGN, r->given_names) : NULL;
		pt__buf_reset(&whole);
		pt__buf_printf(&whole, "%s%s%s", surname ? surname : "", surname && given ? ", " : "",
			       given ? given : "");
		r->romanised = pt__buf_detach(&whole);
		free(surname);
		free(given);
	}
	pt__buf_release(&whole);
	return PT_OK;
}

int pt_list_men(pt_db *db, const pt_list_options *opts, pt_list **out)
{
	static const pt_list_options defaults;
	const pt_list_options *o = opts ? opts : &defaults;
	pt__sql q = PT__SQL_INIT, page = PT__SQL_INIT;
	sqlite3_stmt *s = NULL, *forms = NULL;
	pt_list *list = NULL;
	pt_date born;
	char **units = NULL, *where_key = NULL;
	const char *why = NULL;
	size_t cap = 0;
	int rc = PT_OK, linked = 0, step;

	*out = NULL;
	if ((unsigned)o->sort > PT_LIST_BY_NATIONALITY)
		return pt__error(db, PT_EINVAL, "unknown sort order %d", (int)o->sort);
	if (o->born && pt_date_parse(&born, o->born, &why))
		return pt__error(db, PT_EINVAL, "--born: cannot read date '%s': %s", o->born,
				 why ? why : "not an EDTF date");
	if (o->not_searched_in && !(where_key = pt__fold_key(db, o->not_searched_in)))
		return pt__error(db, PT_ENOMEM, "out of memory");
	if (where_key && !*where_key) {
		rc = pt__error(db, PT_EINVAL, "--not-searched-in: '%s' has no letters or digits",
			       o->not_searched_in);
		goto cleanup;
	}
	if (o->unit_count) {
		if (!(units = calloc(o->unit_count, sizeof *units))) {
			rc = pt__error(db, PT_ENOMEM, "out of memory");
			goto cleanup;
		}
		for (size_t i = 0; i < o->unit_count; i++)
			if (!(units[i] = pt__fold_key(db, o->units[i] ? o->units[i] : ""))) {
				rc = pt__error(db, PT_ENOMEM, "out of memory");
				goto cleanup;
			}
		if ((rc = register_fold(db)))
			goto cleanup;
	}
	if ((rc = pt__men_scopes(db, &o->filter, &linked)) ||
	    (linked && (rc = pt__men_fate_table(db))))
		goto cleanup;
	if (!(list = calloc(1, sizeof *list))) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	/* how many in all, before the page */
	pt__sql_add(&q, "SELECT count(*) FROM (");
	if ((rc = men_sql(db, o, linked, &q, &born, units, where_key)))
		goto cleanup;
	pt__sql_add(&q, ")");
	if ((rc = pt__sql_prepare(db, &q, &s)))
		goto cleanup;
	if ((step = sqlite3_step(s)) == SQLITE_ROW)
		list->total = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	s = NULL;
	if (step != SQLITE_ROW) {
		rc = pt__sql_error(db, "cannot count the men");
		goto cleanup;
	}
	/* the page, each row with what names and places the man */
	pt__sql_add(&page,
		"SELECT x.man, x.records, x.status, ap.surname, ap.given_names, "
		"CASE WHEN x.records = 1 THEN ap.nationality ELSE " ALL_OF("nationality")
		" END AS nationality, "
		"CASE WHEN x.records = 1 THEN ap.birth_date ELSE " FIRST_OF("birth_date") " END, "
		"CASE WHEN x.records = 1 THEN ap.service_number ELSE " FIRST_OF("service_number")
		" END, "
		"CASE WHEN x.records = 1 THEN ap.rank ELSE " FIRST_OF("rank") " END, "
		"CASE WHEN x.records = 1 THEN ap.unit ELSE " FIRST_OF("unit") " END, "
		"le.type, le.date, coalesce(lc.name, le.place, (SELECT name FROM camp WHERE "
		"id = x.last_camp_id)), "
		"CASE WHEN x.records = 1 THEN nullif(ap.record_source, '') ELSE "
		ALL_OF("record_source") " END, x.anchor, "
		"lower(coalesce(ap.surname, (SELECT n.surname FROM person_name n WHERE "
		"n.person_id = x.anchor ORDER BY n.seq LIMIT 1))) AS sort_name, "
		"CASE WHEN x.records = 1 THEN ap.birth_date_min ELSE (SELECT min(p3.birth_date_min) "
		"FROM individual_member m3 JOIN person p3 ON p3.id = m3.person_id WHERE "
		"m3.individual_id = x.man) END AS born_min "
		"FROM (");
	if ((rc = men_sql(db, o, linked, &page, &born, units, where_key)))
		goto cleanup;
	pt__sql_add(&page, ") x JOIN person ap ON ap.id = x.anchor "
		    "LEFT JOIN event le ON le.id = x.last_event_id "
		    "LEFT JOIN camp lc ON lc.id = le.camp_id ORDER BY ");
	pt__sql_add(&page, order_by[o->sort][o->descending != 0]);
	pt__sql_add(&page, " LIMIT ");
	pt__sql_int(&page, o->limit ? (int64_t)o->limit : -1);
	pt__sql_add(&page, " OFFSET ");
	pt__sql_int(&page, (int64_t)o->offset);
	if ((rc = pt__sql_prepare(db, &page, &s)))
		goto cleanup;
	if ((rc = pt__prepare(db, &forms, "SELECT n.surname, n.given_names FROM person_name n "
			      "WHERE n.person_id = ?1 OR n.person_id IN (SELECT person_id FROM "
			      "individual_member WHERE individual_id = ?2) ORDER BY n.person_id = ?1 "
			      "DESC, n.person_id, n.seq LIMIT 1")))
		goto cleanup;
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		if (list->count == cap) {
			pt_list_row *grown = realloc(list->rows, (cap = cap ? cap * 2 : 64) *
						     sizeof *grown);
			if (!grown) {
				rc = pt__error(db, PT_ENOMEM, "out of memory");
				goto cleanup;
			}
			list->rows = grown;
		}
		memset(&list->rows[list->count], 0, sizeof *list->rows);
		read_row(db, s, &list->rows[list->count]);
		name_row(db, forms, &list->rows[list->count]);
		list->count++;
	}
	if (step != SQLITE_DONE)
		rc = pt__sql_error(db, "cannot list the men");
cleanup:
	sqlite3_finalize(s);
	sqlite3_finalize(forms);
	pt__sql_release(&q);
	pt__sql_release(&page);
	for (size_t i = 0; units && i < o->unit_count; i++)
		free(units[i]);
	free(units);
	free(where_key);
	if (rc) {
		pt_list_free(list);
		return rc;
	}
	*out = list;
	return PT_OK;
}

void pt_list_free(pt_list *list)
{
	if (!list)
		return;
	for (size_t i = 0; i < list->count; i++) {
		pt_list_row *r = &list->rows[i];
		free(r->surname);
		free(r->given_names);
		free(r->script);
		free(r->romanised);
		free(r->nationality);
		free(r->birth_date);
		free(r->service_number);
		free(r->rank);
		free(r->unit);
		free(r->last_event);
		free(r->last_date);
		free(r->last_place);
		free(r->sources);
	}
	free(list->rows);
	free(list);
}
