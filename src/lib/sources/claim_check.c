/*
 * claim_check.c - claims against the records: a numeric claim about a
 * population set beside the database's own count of the persons in the
 * same scope (claimed US soldiers retained vs US persons 'unaccounted').
 *
 * The metric says what to count (a status, or an event type), the
 * population's nationality, camp, held_by (the power running the camp) and
 * period (events only) narrow it; a scope the database cannot count is said
 * so, never guessed.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "records/records.h"
#include "sources/sources.h"

struct metric_map {
	const char *metric;
	const char *status;   /* count persons with this status */
	const char *event;    /* or persons with an event of this type */
};

static const struct metric_map metrics[] = {
	{ "retained", "unaccounted", NULL }, { "disappeared", "unaccounted", NULL },
	{ "unaccounted", "unaccounted", NULL }, { "missing", "unaccounted", NULL },
	{ "not_repatriated", "unaccounted", NULL }, { "never_repatriated", "unaccounted", NULL },
	{ "died", "died", NULL }, { "dead", "died", NULL }, { "deaths", "died", NULL },
	{ "returned", "returned", NULL }, { "repatriated", "returned", NULL },
	{ "conflicting", "conflicting", NULL },
	{ "captured", NULL, "capture" }, { "interned", NULL, "internment" },
	{ "held", NULL, "internment" }, { "detained", NULL, "internment" },
	{ "liberated", NULL, "liberation" }, { "recovered", NULL, "liberation" },
	{ "transferred", NULL, "transfer" }, { "handed_over", NULL, "handover" },
	{ "released", NULL, "release" }, { "sighted", NULL, "sighting" },
	{ "last_seen", NULL, "last_seen" },
};

void pt_claim_checks_free(pt_claim_checks *checks)
{
	if (!checks)
		return;
	for (size_t i = 0; i < checks->count; i++) {
		free(checks->items[i].counted);
		free(checks->items[i].reason);
	}
	free(checks->items);
	pt_claims_free(checks->claims);
	free(checks);
}

/* A population member as a JSON array text (a string becomes a list of one). */
static char *as_list(json_t *value)
{
	json_t *list;
	char *text;
	if (json_is_array(value))
		return json_dumps(value, JSON_COMPACT);
	list = json_pack("[O]", value);
	text = list ? json_dumps(list, JSON_COMPACT) : NULL;
	json_decref(list);
	return text;
}

static void words_of(pt__buf *b, const char *label, json_t *value)
{
	size_t i;
	json_t *item;
	pt__buf_printf(b, ", %s ", label);
	if (json_is_string(value)) {
		pt__buf_puts(b, json_string_value(value));
		return;
	}
	json_array_foreach(value, i, item)
		pt__buf_printf(b, "%s%s", i ? " or " : "", json_is_string(item) ? json_string_value(item) : "?");
}

/* Counts the persons in the claim's scope; *count -1 and *why when it
 * cannot. */
static int count_scope(pt_db *db, const pt_claim *c, long long *count, pt__buf *counted,
		       pt__buf *why)
{
	const struct metric_map *m = NULL;
	json_t *pop = NULL, *value;
	const char *key;
	char *nationality = NULL, *camp = NULL, *operator = NULL;
	pt_date period;
	int has_period = 0, rc = PT_OK, linked = 0;
	sqlite3_stmt *s = NULL;
	pt__buf sql = PT__BUF_INIT;

	*count = -1;
	for (size_t i = 0; c->metric && i < sizeof metrics / sizeof *metrics; i++)
		if (!strcmp(metrics[i].metric, c->metric))
			m = &metrics[i];
	if (!m) {
		pt__buf_printf(why, "the database has no count for the metric '%s'",
			       c->metric ? c->metric : "(none)");
		return PT_OK;
	}
	if (m->status)
		pt__buf_printf(counted, "persons with status %s", m->status);
	else
		pt__buf_printf(counted, "persons with a%s %s event", strchr("aeiou", m->event[0]) ? "n" : "", m->event);
	if (c->population && !(pop = json_loads(c->population, 0, NULL)))
		return PT_ENOMEM;
	json_object_foreach(pop, key, value) {
		if (!strcmp(key, "nationality")) {
			if (!(nationality = as_list(value)))
				rc = PT_ENOMEM;
			words_of(counted, "nationality", value);
		} else if (!strcmp(key, "camp")) {
			if (!(camp = as_list(value)))
				rc = PT_ENOMEM;
			words_of(counted, "at camp", value);
		} else if (!strcmp(key, "held_by") || !strcmp(key, "camp_operator")) {
			if (!(operator = as_list(value)))
				rc = PT_ENOMEM;
			words_of(counted, m->event ? "at a camp run by" : "held at a camp run by", value);
		} else if (!strcmp(key, "period") && !m->status && json_is_string(value) &&
			   pt_date_parse(&period, json_string_value(value), NULL) == PT_OK) {
			has_period = 1;
			pt__buf_printf(counted, ", dated within %s", json_string_value(value));
		} else {
			pt__buf_printf(why, "the database cannot count the population's '%s'", key);
			goto cleanup;
		}
		if (rc)
			goto cleanup;
	}
	/* fixed fragments only; every value is bound. Men, not records: the
	 * records that links join count once, with the status of all of them,
	 * when one of them is in the scope */
	if ((rc = pt__men_linked(db, &linked)) || (linked && (rc = pt__men_fate_table(db))))
		goto cleanup;
	if (linked)
		pt__buf_puts(&sql, "SELECT count(DISTINCT coalesce(im.individual_id, p.id)) "
			     "FROM person p LEFT JOIN individual_member im ON im.person_id = p.id "
			     "LEFT JOIN pt_man_fate mf ON mf.individual_id = im.individual_id ");
	else
		pt__buf_puts(&sql, "SELECT count(DISTINCT p.id) FROM person p ");
	if (m->event)
		pt__buf_puts(&sql, "JOIN event e ON e.person_id = p.id AND e.type = ?1 "
			     "LEFT JOIN camp ec ON ec.id = e.camp_id ");
	pt__buf_puts(&sql, "WHERE 1 ");
	if (m->status)
		pt__buf_puts(&sql, linked ? "AND coalesce(mf.status, p.status) = ?2 "
					  : "AND p.status = ?2 ");
	if (nationality)
		pt__buf_puts(&sql, "AND p.nationality IN (SELECT value FROM json_each(?3)) ");
	if (camp && m->event)
		pt__buf_puts(&sql, "AND ec.key IN (SELECT value FROM json_each(?4)) ");
	else if (camp)
		pt__buf_puts(&sql, "AND EXISTS (SELECT 1 FROM event x JOIN camp xc ON xc.id = x.camp_id "
			     "WHERE x.person_id = p.id AND xc.key IN (SELECT value FROM json_each(?4))) ");
	if (operator && m->event)
		pt__buf_puts(&sql, "AND ec.operator IN (SELECT value FROM json_each(?5)) ");
	else if (operator)
		pt__buf_puts(&sql, "AND EXISTS (SELECT 1 FROM event y JOIN camp yc ON yc.id = y.camp_id "
			     "WHERE y.person_id = p.id AND yc.operator IN (SELECT value FROM json_each(?5))) ");
	if (has_period)
		pt__buf_puts(&sql, "AND (?6 IS NULL OR e.date_max >= ?6) AND (?7 IS NULL OR e.date_min <= ?7) ");
	if (sql.failed) {
		rc = PT_ENOMEM;
		goto cleanup;
	}
	if ((rc = pt__prepare(db, &s, pt__buf_str(&sql))))
		goto cleanup;
	if (m->event)
		sqlite3_bind_text(s, 1, m->event, -1, SQLITE_STATIC);
	if (m->status)
		sqlite3_bind_text(s, 2, m->status, -1, SQLITE_STATIC);
	if (nationality)
		sqlite3_bind_text(s, 3, nationality, -1, SQLITE_STATIC);
	if (camp)
		sqlite3_bind_text(s, 4, camp, -1, SQLITE_STATIC);
	if (operator)
		sqlite3_bind_text(s, 5, operator, -1, SQLITE_STATIC);
	if (has_period && (period.flags & PT_DATE_HAS_MIN))
		sqlite3_bind_int64(s, 6, period.min);
	if (has_period && (period.flags & PT_DATE_HAS_MAX))
		sqlite3_bind_int64(s, 7, period.max);
	if (sqlite3_step(s) == SQLITE_ROW)
		*count = sqlite3_column_int64(s, 0);
	else
		rc = pt__sql_error(db, "cannot count persons");
cleanup:
	sqlite3_finalize(s);
	pt__buf_release(&sql);
	json_decref(pop);
	free(nationality);
	free(camp);
	free(operator);
	return rc;
}

int pt_claims_check(pt_db *db, const pt_claim_query *query, pt_claim_checks **out)
{
	pt_claim_checks *checks = calloc(1, sizeof *checks);
	int rc;

	*out = NULL;
	if (!checks)
		return pt__error(db, PT_ENOMEM, "out of memory");
	if ((rc = pt_claims_list(db, query, &checks->claims))) {
		free(checks);
		return rc;
	}
	checks->items = calloc(checks->claims->count ? checks->claims->count : 1, sizeof *checks->items);
	if (!checks->items) {
		pt_claim_checks_free(checks);
		return pt__error(db, PT_ENOMEM, "out of memory");
	}
	for (size_t i = 0; i < checks->claims->count; i++) {
		const pt_claim *c = &checks->claims->items[i];
		pt_claim_check *k = &checks->items[checks->count];
		pt__buf counted = PT__BUF_INIT, why = PT__BUF_INIT;
		if (!c->comparable)
			continue;
		k->claim = i;
		rc = count_scope(db, c, &k->count, &counted, &why);
		if (rc == PT_OK && k->count >= 0) {
			char n[48], lo[48], hi[48];
			pt__number_format((double)k->count, n, sizeof n);
			pt__number_format(c->low, lo, sizeof lo);
			pt__number_format(c->high, hi, sizeof hi);
			if ((double)k->count < c->low) {
				k->verdict = "fewer";
				pt__buf_printf(&why, "the records hold %s, fewer than the %s the claim "
					       "allows: the database may be incomplete", n, lo);
			} else if ((double)k->count > c->high) {
				k->verdict = "more";
				pt__buf_printf(&why, "the records hold %s, more than the %s the claim "
					       "allows: the records contradict the claim", n, hi);
			} else {
				k->verdict = "consistent";
				pt__buf_printf(&why, "the records hold %s, within what the claim allows", n);
			}
		} else if (rc == PT_OK) {
			k->verdict = "not counted";
		}
		if (rc == PT_OK && (counted.failed || why.failed))
			rc = PT_ENOMEM;
		k->counted = pt__buf_detach(&counted);
		k->reason = pt__buf_detach(&why);
		checks->count++;
		if (rc) {
			pt_claim_checks_free(checks);
			return rc == PT_ENOMEM ? pt__error(db, rc, "out of memory") : rc;
		}
	}
	*out = checks;
	return PT_OK;
}
