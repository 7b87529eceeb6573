/*
 * query.c - faceted counts of men (powtrace count): the filter, and the
 * queries of a count built from fixed fragments, whose rows tally.c groups.
 *
 * A man is an individual: the records that links join (individual_member),
 * or a record linked to no other. When nothing is linked, or the user asks
 * for records, one query reads every record as a man of its own, as before
 * links existed. Otherwise a first query reads the unlinked records and a
 * second the records of the men of several, man by man, with the man's own
 * fields (status, last event, last camp, the year of his first capture)
 * from his fate (records/men.c) and the rest from all his records.
 *
 * A field that a person can have several values of (camp, camp_type,
 * operator, source) joins all of them, so that a person counts once per
 * value; the single-valued fields read the person's row or one event.
 * Persons without a value fall into the NULL group.
 */
#include <stdlib.h>
#include <string.h>

#include "reports/reports.h"

/* ---- SQL text with bound parameters ------------------------------------ */

void pt__sql_add(pt__sql *q, const char *fragment)
{
	if (pt__buf_puts(&q->text, fragment))
		q->failed = 1;
}

static pt__param *new_param(pt__sql *q)
{
	if (q->count == q->cap) {
		size_t cap = q->cap ? q->cap * 2 : 8;
		pt__param *grown = realloc(q->params, cap * sizeof *grown);
		if (!grown) {
			q->failed = 1;
			return NULL;
		}
		q->params = grown;
		q->cap = cap;
	}
	pt__sql_add(q, "?");
	memset(&q->params[q->count], 0, sizeof *q->params);
	return &q->params[q->count++];
}

void pt__sql_text(pt__sql *q, const char *value)
{
	pt__param *p = new_param(q);
	if (!p)
		return;
	p->is_text = 1;
	if (!(p->text = pt__strdup(value)))
		q->failed = 1;
}

void pt__sql_int(pt__sql *q, int64_t value)
{
	pt__param *p = new_param(q);
	if (p)
		p->number = value;
}

int pt__sql_prepare(pt_db *db, pt__sql *q, sqlite3_stmt **stmt)
{
	int rc;

	*stmt = NULL;
	if (q->failed || q->text.failed)
		return pt__error(db, PT_ENOMEM, "out of memory");
	if ((rc = pt__prepare(db, stmt, pt__buf_str(&q->text))))
		return rc;
	for (size_t i = 0; i < q->count; i++) {
		if (q->params[i].is_text)
			sqlite3_bind_text(*stmt, (int)i + 1, q->params[i].text, -1, SQLITE_STATIC);
		else
			sqlite3_bind_int64(*stmt, (int)i + 1, q->params[i].number);
	}
	return PT_OK;
}

void pt__sql_release(pt__sql *q)
{
	for (size_t i = 0; i < q->count; i++)
		free(q->params[i].text);
	free(q->params);
	pt__buf_release(&q->text);
	q->params = NULL;
	q->count = q->cap = 0;
}

/* ---- the person filter ---------------------------------------------------- */

/* "unknown VOCABULARY 'x' (expected ...)", from the vocabulary's table */
int pt__unknown_value(pt_db *db, enum pt__vocab vocab, const char *what, const char *value,
		      const char *expected, const char *last)
{
	pt__buf list = PT__BUF_INIT;
	int rc;
	pt__vocab_list(vocab, last, &list);
	rc = pt__error(db, PT_EINVAL, "unknown %s '%s' (expected %s%s)", what, value ? value : "",
		       expected, pt__buf_str(&list));
	pt__buf_release(&list);
	return rc;
}

/* " IN (?, ?, ...)" over a list of texts */
static void in_texts(pt__sql *q, const char *const *values, size_t count)
{
	pt__sql_add(q, " IN (");
	for (size_t i = 0; i < count; i++) {
		if (i)
			pt__sql_add(q, ", ");
		pt__sql_text(q, values[i]);
	}
	pt__sql_add(q, ")");
}

static void in_ints(pt__sql *q, const int64_t *values, size_t count)
{
	pt__sql_add(q, " IN (");
	for (size_t i = 0; i < count; i++) {
		if (i)
			pt__sql_add(q, ", ");
		pt__sql_int(q, values[i]);
	}
	pt__sql_add(q, ")");
}

static int filter_nationality(pt_db *db, const pt_filter *f, pt__sql *q)
{
	pt__sql_add(q, " AND p.nationality IN (");
	for (size_t i = 0; i < f->nationality_count; i++) {
		const char *code = f->nationalities[i];
		char upper[3];
		if (!code || strlen(code) != 2 ||
		    !((code[0] | 0x20) >= 'a' && (code[0] | 0x20) <= 'z') ||
		    !((code[1] | 0x20) >= 'a' && (code[1] | 0x20) <= 'z'))
			return pt__error(db, PT_EINVAL, "nationality '%s' is not an ISO 3166 "
					 "alpha-2 code (such as GB, US, SU)", code ? code : "");
		upper[0] = (char)(code[0] & ~0x20);
		upper[1] = (char)(code[1] & ~0x20);
		upper[2] = '\0';
		if (i)
			pt__sql_add(q, ", ");
		pt__sql_text(q, upper);
	}
	pt__sql_add(q, ")");
	return PT_OK;
}

static int filter_camps(pt_db *db, const pt_filter *f, pt__sql *q)
{
	int64_t *ids = calloc(f->camp_count, sizeof *ids);
	int rc = PT_OK;

	if (!ids)
		return pt__error(db, PT_ENOMEM, "out of memory");
	for (size_t i = 0; i < f->camp_count && rc == PT_OK; i++)
		rc = pt_camp_resolve(db, f->camps[i] ? f->camps[i] : "", &ids[i]);
	if (rc == PT_OK) {
		pt__sql_add(q, " AND p.id IN (SELECT person_id FROM event WHERE camp_id");
		in_ints(q, ids, f->camp_count);
		pt__sql_add(q, ")");
	}
	free(ids);
	return rc;
}

static int filter_sources(pt_db *db, const pt_filter *f, pt__sql *q)
{
	int64_t *ids = calloc(f->source_count, sizeof *ids);
	sqlite3_stmt *s = NULL;
	int rc = PT_OK;

	if (!ids)
		return pt__error(db, PT_ENOMEM, "out of memory");
	if ((rc = pt__prepare(db, &s, "SELECT id FROM source WHERE key = ?")))
		goto cleanup;
	for (size_t i = 0; i < f->source_count; i++) {
		const char *key = f->sources[i] ? f->sources[i] : "";
		sqlite3_reset(s);
		sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_ROW) {
			rc = pt__error(db, PT_ENOTFOUND, "unknown source '%s'", key);
			goto cleanup;
		}
		ids[i] = sqlite3_column_int64(s, 0);
	}
	pt__sql_add(q, " AND (p.record_source");
	in_texts(q, f->sources, f->source_count);
	pt__sql_add(q, " OR p.id IN (SELECT person_id FROM citation WHERE person_id IS NOT NULL "
		    "AND source_id");
	in_ints(q, ids, f->source_count);
	pt__sql_add(q, ") OR p.id IN (SELECT n.person_id FROM citation ct JOIN person_name n "
		    "ON n.id = ct.name_id WHERE ct.source_id");
	in_ints(q, ids, f->source_count);
	pt__sql_add(q, ") OR p.id IN (SELECT e.person_id FROM citation ct JOIN event e "
		    "ON e.id = ct.event_id WHERE ct.source_id");
	in_ints(q, ids, f->source_count);
	pt__sql_add(q, "))");
cleanup:
	sqlite3_finalize(s);
	free(ids);
	return rc;
}

static int filter_events(pt_db *db, const pt_filter *f, pt__sql *q)
{
	pt_date range;
	const char *why = NULL;

	for (size_t i = 0; i < f->event_type_count; i++)
		if (!pt__event_type(f->event_types[i]))
			return pt__unknown_value(db, PT__VOCAB_EVENT_TYPE, "event type",
						 f->event_types[i], "one of ", ", ");
	if (f->between && pt_date_parse(&range, f->between, &why))
		return pt__error(db, PT_EINVAL, "cannot read date '%s': %s", f->between,
				 why ? why : "not an EDTF date");
	pt__sql_add(q, " AND p.id IN (SELECT person_id FROM event WHERE 1");
	if (f->event_type_count) {
		pt__sql_add(q, " AND type");
		in_texts(q, f->event_types, f->event_type_count);
	}
	if (f->between) {
		/* the event's interval overlaps the range; a missing bound on either
		 * side is open, an event with no bound at all is undated */
		pt__sql_add(q, " AND (date_min IS NOT NULL OR date_max IS NOT NULL)"
			    " AND coalesce(date_min, 0) <= ");
		pt__sql_int(q, (range.flags & PT_DATE_HAS_MAX) ? range.max : 99999999);
		pt__sql_add(q, " AND coalesce(date_max, 99999999) >= ");
		pt__sql_int(q, (range.flags & PT_DATE_HAS_MIN) ? range.min : 0);
	}
	pt__sql_add(q, ")");
	return PT_OK;
}

static int check_statuses(pt_db *db, const pt_filter *f)
{
	for (size_t i = 0; i < f->status_count; i++)
		if (pt_status_parse(f->statuses[i], NULL))
			return pt__unknown_value(db, PT__VOCAB_STATUS, "status", f->statuses[i], "",
						 " or ");
	return PT_OK;
}

int pt__filter_where(pt_db *db, const pt_filter *f, pt__sql *q)
{
	int rc;

	if (!f)
		return PT_OK;
	if ((rc = check_statuses(db, f)))
		return rc;
	if (f->nationality_count && (rc = filter_nationality(db, f, q)))
		return rc;
	if (f->status_count) {
		pt__sql_add(q, " AND p.status");
		in_texts(q, f->statuses, f->status_count);
	}
	if (f->camp_count && (rc = filter_camps(db, f, q)))
		return rc;
	if ((f->event_type_count || f->between) && (rc = filter_events(db, f, q)))
		return rc;
	if (f->source_count && (rc = filter_sources(db, f, q)))
		return rc;
	return q->failed ? pt__error(db, PT_ENOMEM, "out of memory") : PT_OK;
}

/* " AND MAN IN (the men with a record that passes one filter)" */
static void men_open(pt__sql *q, const char *man)
{
	pt__sql_add(q, " AND ");
	pt__sql_add(q, man);
	pt__sql_add(q, " IN (SELECT m2.individual_id FROM individual_member m2 "
		    "JOIN person p ON p.id = m2.person_id WHERE 1");
}

int pt__filter_where_men(pt_db *db, const pt_filter *f, pt__sql *q, const char *man,
			 const char *status)
{
	int rc;

	if (!f)
		return PT_OK;
	if ((rc = check_statuses(db, f)))
		return rc;
	if (f->nationality_count) {
		men_open(q, man);
		if ((rc = filter_nationality(db, f, q)))
			return rc;
		pt__sql_add(q, ")");
	}
	if (f->status_count) {
		pt__sql_add(q, " AND ");
		pt__sql_add(q, status);
		in_texts(q, f->statuses, f->status_count);
	}
	if (f->camp_count) {
		men_open(q, man);
		if ((rc = filter_camps(db, f, q)))
			return rc;
		pt__sql_add(q, ")");
	}
	if (f->event_type_count || f->between) {
		men_open(q, man);
		if ((rc = filter_events(db, f, q)))
			return rc;
		pt__sql_add(q, ")");
	}
	if (f->source_count) {
		men_open(q, man);
		if ((rc = filter_sources(db, f, q)))
			return rc;
		pt__sql_add(q, ")");
	}
	return q->failed ? pt__error(db, PT_ENOMEM, "out of memory") : PT_OK;
}

/* ---- fields -------------------------------------------------------------- */

/* Each field joins what it needs and gives a key (what makes two values the
 * same group: the camp's id, not its name) and a label. A field with several
 * values per person gives a row for each; tally.c counts a person once per
 * distinct combination. */
struct field_sql {
	const char *name;
	const char *join;
	const char *key;
	const char *label;
	/* for the men of several records, a field that is the man's own (his
	 * status, his last event, his last camp) reads his fate, f (men.c);
	 * NULL: as for a record */
	const char *men_join, *men_key, *men_label;
};

#define YEAR_LABEL(t) \
	"(CASE WHEN " t ".date_min IS NULL AND " t ".date_max IS NULL THEN NULL " \
	"WHEN " t ".date_min / 10000 = " t ".date_max / 10000 " \
	"THEN printf('%04d', " t ".date_min / 10000) " \
	"ELSE (CASE WHEN " t ".date_min IS NULL THEN '..' " \
	"ELSE printf('%04d', " t ".date_min / 10000) END) || '/' || " \
	"(CASE WHEN " t ".date_max IS NULL THEN '..' " \
	"ELSE printf('%04d', " t ".date_max / 10000) END) END)"

static const struct field_sql fields[PT_FIELD_COUNT_] = {
	[PT_FIELD_NATIONALITY] = { "nationality", "", "p.nationality", "p.nationality" },
	[PT_FIELD_CAMP] = { "camp",
		" LEFT JOIN event f_pe ON f_pe.person_id = p.id AND f_pe.camp_id IS NOT NULL"
		" LEFT JOIN camp f_c ON f_c.id = f_pe.camp_id",
		"f_pe.camp_id", "f_c.name" },
	[PT_FIELD_CAMP_TYPE] = { "camp_type",
		" LEFT JOIN event f_te ON f_te.person_id = p.id AND f_te.camp_id IS NOT NULL"
		" LEFT JOIN camp f_tc ON f_tc.id = f_te.camp_id",
		"f_tc.type", "f_tc.type" },
	[PT_FIELD_OPERATOR] = { "operator",
		" LEFT JOIN event f_oe ON f_oe.person_id = p.id AND f_oe.camp_id IS NOT NULL"
		" LEFT JOIN camp f_oc ON f_oc.id = f_oe.camp_id",
		"f_oc.operator", "f_oc.operator" },
	[PT_FIELD_STATUS] = { "status", "", "p.status", "p.status", "", "f.status", "f.status" },
	[PT_FIELD_LAST_EVENT] = { "last_event",
		" LEFT JOIN event f_le ON f_le.id = p.last_event_id",
		"f_le.type", "f_le.type",
		" LEFT JOIN event f_le ON f_le.id = f.last_event_id", "f_le.type", "f_le.type" },
	[PT_FIELD_YEAR] = { "year", NULL /* depends on year_of */,
		YEAR_LABEL("f_y"), YEAR_LABEL("f_y") },
	[PT_FIELD_UNIT] = { "unit", "", "p.unit", "p.unit" },
	[PT_FIELD_SOURCE] = { "source",
		" LEFT JOIN (SELECT p2.id AS person_id, s2.id AS source_id FROM person p2"
		" JOIN source s2 ON s2.key = p2.record_source"
		" UNION ALL SELECT person_id, source_id FROM citation WHERE person_id IS NOT NULL"
		" UNION ALL SELECT n.person_id, ct.source_id FROM citation ct"
		" JOIN person_name n ON n.id = ct.name_id"
		" UNION ALL SELECT e.person_id, ct.source_id FROM citation ct"
		" JOIN event e ON e.id = ct.event_id) f_ps ON f_ps.person_id = p.id"
		" LEFT JOIN source f_s ON f_s.id = f_ps.source_id",
		"f_ps.source_id", "f_s.key" },
	[PT_FIELD_LAST_CAMP] = { "last_camp",
		" LEFT JOIN event f_lce ON f_lce.id = p.last_event_id"
		" LEFT JOIN camp f_lc ON f_lc.id = coalesce(f_lce.camp_id,"
		" (SELECT camp_id FROM event WHERE person_id = p.id AND camp_id IS NOT NULL"
		" ORDER BY seq DESC LIMIT 1))",
		"f_lc.id", "f_lc.name",
		" LEFT JOIN camp f_lc ON f_lc.id = f.last_camp_id", "f_lc.id", "f_lc.name" },
};

static const char *const year_joins[] = {
	[PT_YEAR_OF_CAPTURE] = " LEFT JOIN event f_y ON f_y.id = (SELECT id FROM event"
		" WHERE person_id = p.id AND type = 'capture' ORDER BY seq LIMIT 1)",
	[PT_YEAR_OF_LIBERATION] = " LEFT JOIN event f_y ON f_y.id = (SELECT id FROM event"
		" WHERE person_id = p.id AND type = 'liberation' ORDER BY seq LIMIT 1)",
	[PT_YEAR_OF_LAST] = " LEFT JOIN event f_y ON f_y.id = p.last_event_id",
};

/* the same for a man of several records: the first in time of all his
 * records (men.c) */
static const char *const men_year_joins[] = {
	[PT_YEAR_OF_CAPTURE] = " LEFT JOIN event f_y ON f_y.id = f.capture_event_id",
	[PT_YEAR_OF_LIBERATION] = " LEFT JOIN event f_y ON f_y.id = f.liberation_event_id",
	[PT_YEAR_OF_LAST] = " LEFT JOIN event f_y ON f_y.id = f.last_event_id",
};

const char *pt_field_name(pt_field field)
{
	return (unsigned)field < PT_FIELD_COUNT_ ? fields[field].name : NULL;
}

int pt_field_parse(const char *name, pt_field *out)
{
	for (int f = 0; f < PT_FIELD_COUNT_; f++)
		if (name && !strcmp(fields[f].name, name)) {
			*out = (pt_field)f;
			return PT_OK;
		}
	return PT_EINVAL;
}

/* ---- counting ---------------------------------------------------------------- */

void pt_count_free(pt_count *count)
{
	if (!count)
		return;
	for (size_t r = 0; r < count->row_count; r++)
		for (size_t f = 0; f < count->field_count; f++)
			free(count->rows[r].values[f]);
	free(count->rows);
	free(count);
}

/* NULL sorts after every value; unused fields are NULL in every row */
static int compare_values(const pt_count_row *a, const pt_count_row *b)
{
	for (size_t f = 0; f < PT_COUNT_MAX_FIELDS; f++) {
		const char *x = a->values[f], *y = b->values[f];
		int c;
		if (x == y)
			continue;
		if (!x || !y)
			return x ? -1 : 1;
		if ((c = strcmp(x, y)))
			return c;
	}
	return 0;
}

static int by_count(const void *pa, const void *pb)
{
	const pt_count_row *a = pa, *b = pb;
	if (a->count != b->count)
		return a->count > b->count ? -1 : 1;
	return compare_values(a, b);
}

static int by_value(const void *pa, const void *pb)
{
	const pt_count_row *a = pa, *b = pb;
	int c = compare_values(a, b);
	if (c)
		return c;
	return a->count > b->count ? -1 : a->count < b->count;
}

/* By value; or largest first: with several fields, the groups of the first
 * field by their totals, and within each group the largest first. */
struct ranked {
	pt_count_row row;
	int64_t group_total;
};

static int by_group_total(const void *pa, const void *pb)
{
	const struct ranked *a = pa, *b = pb;
	int c;
	if (a->group_total != b->group_total)
		return a->group_total > b->group_total ? -1 : 1;
	if (a->row.values[0] != b->row.values[0]) {
		if (!a->row.values[0] || !b->row.values[0])
			return a->row.values[0] ? -1 : 1;
		if ((c = strcmp(a->row.values[0], b->row.values[0])))
			return c;
	}
	return by_count(&a->row, &b->row);
}

static int sort_rows(pt_count *count, int sort_by_value)
{
	struct ranked *ranked;
	size_t n = count->row_count;

	if (!sort_by_value && count->field_count < 2) {
		qsort(count->rows, n, sizeof *count->rows, by_count);
		return PT_OK;
	}
	/* by value; which also brings each group of the first field together */
	qsort(count->rows, n, sizeof *count->rows, by_value);
	if (sort_by_value)
		return PT_OK;
	if (!(ranked = malloc(n * sizeof *ranked)))
		return PT_ENOMEM;
	for (size_t i = 0; i < n; ) {
		size_t j = i;
		int64_t total = 0;
		while (j < n && (j == i || (count->rows[j].values[0] == count->rows[i].values[0]) ||
				 (count->rows[j].values[0] && count->rows[i].values[0] &&
				  !strcmp(count->rows[j].values[0], count->rows[i].values[0]))))
			total += count->rows[j++].count;
		for (size_t k = i; k < j; k++) {
			ranked[k].row = count->rows[k];
			ranked[k].group_total = total;
		}
		i = j;
	}
	qsort(ranked, n, sizeof *ranked, by_group_total);
	for (size_t i = 0; i < n; i++)
		count->rows[i] = ranked[i].row;
	free(ranked);
	return PT_OK;
}

/* Which records a count's query reads, and as whose rows. */
enum scope {
	SCOPE_RECORDS,   /* every record, each a man of its own (no links, or --records) */
	SCOPE_SINGLE,    /* the records linked to no other: men of one record */
	SCOPE_LINKED     /* the records of the men of several, by man */
};

/* Feeds the tally the rows of one scope: the man, a key and a label per
 * field, the record; a man's rows together, his records' rows within. */
static int count_scope(pt_db *db, const pt_count_options *opts, enum scope scope,
		       pt__tally *tally)
{
	pt__sql q = PT__SQL_INIT;
	sqlite3_stmt *s = NULL;
	size_t n = opts->field_count;
	int rc;

	pt__sql_add(&q, scope == SCOPE_LINKED ? "SELECT m.individual_id" : "SELECT p.id");
	for (size_t f = 0; f < n; f++) {
		const struct field_sql *field = &fields[opts->fields[f]];
		const char *key = scope == SCOPE_LINKED && field->men_key ? field->men_key : field->key;
		pt__sql_add(&q, ", ");
		pt__sql_add(&q, key);
		pt__sql_add(&q, ", ");
		pt__sql_add(&q, scope == SCOPE_LINKED && field->men_key ? field->men_label : field->label);
	}
	pt__sql_add(&q, ", p.id");
	if (scope == SCOPE_LINKED) {
		/* the men in id order, each man's records in id order (the index) */
		pt__sql_add(&q, " FROM individual_member m INDEXED BY individual_member_by_individual"
			    " JOIN person p ON p.id = m.person_id"
			    " JOIN pt_man_fate f ON f.individual_id = m.individual_id");
	} else {
		/* Without a filter that an index serves, read the persons in id
		 * order: their events are then looked up in index order too, which
		 * keeps the count linear in the number of persons (a covering
		 * index in another order is smaller but scatters the lookups). */
		pt__sql_add(&q, opts->filter.status_count || opts->filter.nationality_count
				? " FROM person p" : " FROM person p NOT INDEXED");
	}
	for (size_t f = 0; f < n; f++) {
		const struct field_sql *field = &fields[opts->fields[f]];
		if (opts->fields[f] == PT_FIELD_YEAR)
			pt__sql_add(&q, scope == SCOPE_LINKED ? men_year_joins[opts->year_of]
							      : year_joins[opts->year_of]);
		else
			pt__sql_add(&q, scope == SCOPE_LINKED && field->men_join ? field->men_join
										 : field->join);
	}
	pt__sql_add(&q, " WHERE 1");
	if (scope == SCOPE_SINGLE)
		pt__sql_add(&q, " AND NOT EXISTS (SELECT 1 FROM individual_member im"
			    " WHERE im.person_id = p.id)");
	rc = scope == SCOPE_LINKED
		? pt__filter_where_men(db, &opts->filter, &q, "m.individual_id", "f.status")
		: pt__filter_where(db, &opts->filter, &q);
	if (rc || (rc = pt__sql_prepare(db, &q, &s)))
		goto cleanup;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = pt__tally_row(tally, s))) {
			pt__error(db, rc, "out of memory");
			goto cleanup;
		}
	rc = rc == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot count persons");
cleanup:
	sqlite3_finalize(s);
	pt__sql_release(&q);
	return rc;
}

/* The scopes a count reads: every record as a man of its own when nothing
 * is linked (the count of records and the count of men are then one) or
 * when asked for records; else the unlinked records and the linked men. */
int pt__men_scopes(pt_db *db, const pt_filter *filter, int *linked)
{
	*linked = 0;
	if (filter && filter->records)
		return PT_OK;
	return pt__men_linked(db, linked);
}

/* One row per man and combination of his values (see tally.c). */
static int count_groups(pt_db *db, const pt_count_options *opts, pt_count *out)
{
	pt__tally *tally = NULL;
	int rc, linked = 0;

	if ((rc = pt__men_scopes(db, &opts->filter, &linked)))
		return rc;
	if (linked && (rc = pt__men_fate_table(db)))
		return rc;
	if ((rc = pt__tally_new(&tally, opts->field_count)))
		return pt__error(db, rc, "out of memory");
	if (!linked)
		rc = count_scope(db, opts, SCOPE_RECORDS, tally);
	else if (!(rc = count_scope(db, opts, SCOPE_SINGLE, tally))) {
		if ((rc = pt__tally_men(tally)))
			pt__error(db, rc, "out of memory");
		else
			rc = count_scope(db, opts, SCOPE_LINKED, tally);
	}
	if (!rc && (rc = pt__tally_finish(tally, out)))
		pt__error(db, rc, "out of memory");
	pt__tally_free(tally);
	return rc;
}

int pt_count_run(pt_db *db, const pt_count_options *opts, pt_count **out)
{
	pt_count *count;
	int rc;

	*out = NULL;
	if (!opts || opts->field_count > PT_COUNT_MAX_FIELDS)
		return pt__error(db, PT_EINVAL, "count by at most %d fields", PT_COUNT_MAX_FIELDS);
	if ((unsigned)opts->year_of > PT_YEAR_OF_LAST)
		return pt__error(db, PT_EINVAL, "unknown year-of choice");
	for (size_t f = 0; f < opts->field_count; f++) {
		if ((unsigned)opts->fields[f] >= PT_FIELD_COUNT_)
			return pt__error(db, PT_EINVAL, "unknown field");
		for (size_t g = 0; g < f; g++)
			if (opts->fields[g] == opts->fields[f])
				return pt__error(db, PT_EINVAL, "field '%s' given twice",
						 fields[opts->fields[f]].name);
	}
	if (!(count = calloc(1, sizeof *count)))
		return pt__error(db, PT_ENOMEM, "out of memory");
	count->field_count = opts->field_count;
	memcpy(count->fields, opts->fields, sizeof count->fields);
	count->year_of = opts->year_of;

	if ((rc = count_groups(db, opts, count)))
		goto fail;
	if (count->row_count > 1 && (rc = sort_rows(count, opts->sort_by_value))) {
		pt__error(db, rc, "out of memory");
		goto fail;
	}
	*out = count;
	return PT_OK;
fail:
	pt_count_free(count);
	return rc;
}
