/*
 * claim_check.c - claims against the records: a numeric claim about a
 * population set beside the number of men the records show in the same
 * scope, counted only on positive evidence.
 *
 * A man counts as retained (disappeared, missing, never repatriated) only
 * when a record shows him in captivity after the repatriation period: an
 * internment, transfer, handover, release, sighting or last sighting dated
 * after 1945, or a death at a camp then. A record that shows no return is no
 * evidence that he stayed: a roll of captives says nothing of who came home.
 * The other metrics count a status (died, returned) or an event (captured,
 * liberated, ...). When no record in the scope bears on the claim, the
 * claim is untested, with the number of records looked at and why; a camp's
 * head count (a population on a date, as_of, such as the gazetteer's yearly
 * counts, or any claim on a question camp-population:...) is a statistic the
 * records of men cannot test, left out unless asked for.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "records/records.h"
#include "sources/sources.h"

/* The repatriation of 1945: captivity recorded after its last day is
 * evidence of retention; a return or death by then accounts for a man. */
#define REPATRIATION_END 19451231
#define REPATRIATION_WORDS "after 1945"

enum metric_kind {
	BY_STATUS,        /* men whose status is `status` */
	BY_EVENT,         /* men with an event of type `event` */
	HELD_AFTER,       /* men shown in captivity after the repatriation period */
	INTERNED          /* an internment: needs a camp or a detaining power */
};

struct metric_map {
	const char *metric;
	enum metric_kind kind;
	const char *what;     /* the status, or the event type */
};

static const struct metric_map metrics[] = {
	{ "retained", HELD_AFTER, NULL }, { "disappeared", HELD_AFTER, NULL },
	{ "unaccounted", HELD_AFTER, NULL }, { "missing", HELD_AFTER, NULL },
	{ "not_repatriated", HELD_AFTER, NULL }, { "never_repatriated", HELD_AFTER, NULL },
	{ "died", BY_STATUS, "died" }, { "dead", BY_STATUS, "died" },
	{ "deaths", BY_STATUS, "died" },
	{ "returned", BY_STATUS, "returned" }, { "repatriated", BY_STATUS, "returned" },
	{ "conflicting", BY_STATUS, "conflicting" },
	{ "captured", BY_EVENT, "capture" }, { "interned", INTERNED, "internment" },
	{ "held", INTERNED, "internment" }, { "detained", INTERNED, "internment" },
	{ "liberated", BY_EVENT, "liberation" }, { "recovered", BY_EVENT, "liberation" },
	{ "transferred", BY_EVENT, "transfer" }, { "handed_over", BY_EVENT, "handover" },
	{ "released", BY_EVENT, "release" }, { "sighted", BY_EVENT, "sighting" },
	{ "last_seen", BY_EVENT, "last_seen" },
};

/* What a claim's scope asks of the records. */
struct scope {
	const struct metric_map *m;
	char *nationality, *camp, *operator;   /* JSON lists, or NULL */
	pt_date period;
	int has_period;
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

static void scope_release(struct scope *s)
{
	free(s->nationality);
	free(s->camp);
	free(s->operator);
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

/* 1 when the claim is a camp's head count: a statistic (a population on a
 * date, as_of, or the gazetteer's question of a camp's population: a peak,
 * "about 2,500 officers"). Men counted over the whole war are no test of it. */
static int is_statistic(const pt_claim *c)
{
	json_t *pop = c->population ? json_loads(c->population, 0, NULL) : NULL;
	int yes = json_object_get(pop, "as_of") != NULL ||
		  (c->question && !strncmp(c->question, "camp-population:", 16));
	json_decref(pop);
	return yes;
}

/* The event types of a fate as a JSON list, from the vocabulary; `except`
 * (may be NULL) left out. */
static int fate_types(enum pt__fate fate, const char *except, pt__buf *out)
{
	const struct pt__event_type *t;
	int n = 0;
	pt__buf_putc(out, '[');
	for (size_t i = 0; (t = pt__event_type_at(i)); i++)
		if (t->fate == fate && (!except || strcmp(t->name, except)))
			pt__buf_printf(out, "%s\"%s\"", n++ ? "," : "", t->name);
	pt__buf_putc(out, ']');
	return out->failed ? PT_ENOMEM : PT_OK;
}

/* What is counted, in words: "men shown held after 1945 (...)". */
static void counted_words(const struct scope *s, pt__buf *counted)
{
	const struct metric_map *m = s->m;
	if (m->kind == HELD_AFTER)
		pt__buf_puts(counted, "men a record shows in captivity " REPATRIATION_WORDS
			     " (an internment, transfer, handover, release or sighting then, or a "
			     "death at a camp)");
	else if (m->kind == BY_STATUS)
		pt__buf_printf(counted, "men with status %s", m->what);
	else
		pt__buf_printf(counted, "men with a%s %s event",
			       strchr("aeiou", m->what[0]) ? "n" : "", m->what);
}

/* Reads the claim's population into *s; *why says when the records cannot
 * count it (s->m is then NULL). */
static int read_scope(const pt_claim *c, struct scope *s, pt__buf *counted, pt__buf *why)
{
	json_t *pop = NULL, *value;
	const char *key;
	int rc = PT_OK;

	memset(s, 0, sizeof *s);
	for (size_t i = 0; c->metric && i < sizeof metrics / sizeof *metrics; i++)
		if (!strcmp(metrics[i].metric, c->metric))
			s->m = &metrics[i];
	if (!s->m) {
		pt__buf_printf(why, "the database has no count for the metric '%s'",
			       c->metric ? c->metric : "(none)");
		return PT_OK;
	}
	counted_words(s, counted);
	if (c->population && !(pop = json_loads(c->population, 0, NULL)))
		return PT_ENOMEM;
	json_object_foreach(pop, key, value) {
		char **list = NULL;
		if (!strcmp(key, "nationality")) {
			list = &s->nationality;
			words_of(counted, "nationality", value);
		} else if (!strcmp(key, "camp")) {
			list = &s->camp;
			words_of(counted, s->m->kind == HELD_AFTER || s->m->kind == BY_STATUS
				 ? "recorded at camp" : "at camp", value);
		} else if (!strcmp(key, "held_by") || !strcmp(key, "camp_operator")) {
			list = &s->operator;
			words_of(counted, s->m->kind == BY_STATUS ? "held at a camp run by"
				 : s->m->kind == HELD_AFTER ? "at a camp, one run by" : "at a camp run by",
				 value);
		} else if (!strcmp(key, "period") && s->m->kind != BY_STATUS &&
			   s->m->kind != HELD_AFTER && json_is_string(value) &&
			   pt_date_parse(&s->period, json_string_value(value), NULL) == PT_OK) {
			s->has_period = 1;
			pt__buf_printf(counted, ", dated within %s", json_string_value(value));
		} else {
			pt__buf_printf(why, "the database cannot count the population's '%s'", key);
			s->m = NULL;
			break;
		}
		if (list && !(*list = as_list(value))) {
			rc = PT_ENOMEM;
			break;
		}
	}
	if (rc == PT_OK && s->m && s->m->kind == INTERNED && !s->camp && !s->operator) {
		pt__buf_puts(why, "the claim names no camp and no detaining power (held_by): "
			     "an internment in the records cannot be matched to it");
		s->m = NULL;
	}
	json_decref(pop);
	return rc;
}

/* The query that counts a scope: its records, its men, the men the records
 * show (evidence), and (retention only) the men shown home or dead by the
 * end of the repatriation period and not held after it. Fixed fragments
 * only; every value is bound. */
static void scope_sql(const struct scope *s, int linked, pt__buf *sql)
{
	enum metric_kind kind = s->m->kind;
	const char *on_camp = "AND xc.key IN (SELECT value FROM json_each(?4)) ";

	if (linked)
		pt__buf_puts(sql, "WITH mr AS (SELECT p.id AS pid, p.nationality AS nat, "
			     "coalesce(mf.status, p.status) AS status, "
			     "coalesce(im.individual_id, -p.id) AS man FROM person p "
			     "LEFT JOIN individual_member im ON im.person_id = p.id "
			     "LEFT JOIN pt_man_fate mf ON mf.individual_id = im.individual_id), ");
	else
		pt__buf_puts(sql, "WITH mr AS (SELECT p.id AS pid, p.nationality AS nat, "
			     "p.status AS status, -p.id AS man FROM person p), ");
	pt__buf_puts(sql, "scope AS (SELECT pid, man, status FROM mr WHERE 1 ");
	if (s->nationality)
		pt__buf_puts(sql, "AND nat IN (SELECT value FROM json_each(?3)) ");
	if (s->camp)
		pt__buf_printf(sql, "AND EXISTS (SELECT 1 FROM event x JOIN camp xc ON xc.id = x.camp_id "
			       "WHERE x.person_id = mr.pid %s) ", on_camp);
	if (s->operator && kind == BY_STATUS)
		pt__buf_puts(sql, "AND EXISTS (SELECT 1 FROM event y JOIN camp yc ON yc.id = y.camp_id "
			     "WHERE y.person_id = mr.pid AND yc.operator IN (SELECT value FROM json_each(?5))) ");
	pt__buf_puts(sql, ") ");
	if (kind == HELD_AFTER) {
		const char *man = linked ? "coalesce(im.individual_id, -e.person_id)" : "-e.person_id";
		const char *join = linked ? "LEFT JOIN individual_member im ON im.person_id = e.person_id "
					  : "";
		pt__buf_printf(sql, ", held AS (SELECT DISTINCT %s AS man FROM event e %s"
			       "LEFT JOIN camp c ON c.id = e.camp_id "
			       "WHERE (e.type IN (SELECT value FROM json_each(?9)) OR "
			       "(e.type IN (SELECT value FROM json_each(?10)) AND e.camp_id IS NOT NULL)) "
			       "AND e.date_max > ?8 AND (e.date_min > ?8 OR instr(e.date, '/')) ",
			       man, join);
		if (s->operator)
			pt__buf_puts(sql, "AND (e.camp_id IS NULL OR c.operator IN "
				     "(SELECT value FROM json_each(?5))) ");
		pt__buf_printf(sql, "), home AS (SELECT DISTINCT %s AS man FROM event e %s"
			       "WHERE (e.type IN (SELECT value FROM json_each(?10)) "
			       "OR e.type IN (SELECT value FROM json_each(?11))) AND e.date_max <= ?8) ",
			       man, join);
	}
	/* a record is a man of its own unless linked: no DISTINCT to sort then */
	pt__buf_puts(sql, linked ? "SELECT count(*), count(DISTINCT man), count(DISTINCT CASE WHEN "
				 : "SELECT count(*), count(*), coalesce(sum(CASE WHEN ");
	if (kind == BY_STATUS) {
		pt__buf_puts(sql, "status = ?2 ");
	} else if (kind == HELD_AFTER) {
		pt__buf_puts(sql, "man IN (SELECT man FROM held) ");
	} else {
		pt__buf_puts(sql, "EXISTS (SELECT 1 FROM event e LEFT JOIN camp xc ON xc.id = e.camp_id "
			     "WHERE e.person_id = scope.pid AND e.type = ?1 ");
		if (s->camp)
			pt__buf_puts(sql, on_camp);
		if (s->operator)
			pt__buf_puts(sql, "AND xc.operator IN (SELECT value FROM json_each(?5)) ");
		if (s->has_period)
			pt__buf_puts(sql, "AND (?6 IS NULL OR e.date_max >= ?6) "
				     "AND (?7 IS NULL OR e.date_min <= ?7) ");
		pt__buf_puts(sql, ") ");
	}
	pt__buf_puts(sql, linked ? "THEN man END), " : "THEN 1 END), 0), ");
	if (kind == HELD_AFTER)
		pt__buf_printf(sql, "%s man IN (SELECT man FROM home) AND "
			       "man NOT IN (SELECT man FROM held) THEN %s) ",
			       linked ? "count(DISTINCT CASE WHEN" : "coalesce(sum(CASE WHEN",
			       linked ? "man END" : "1 END), 0");
	else
		pt__buf_puts(sql, "0 ");
	pt__buf_puts(sql, "FROM scope");
}

/* Counts the scope's records and men into *k. */
static int count_scope(pt_db *db, const struct scope *s, pt_claim_check *k)
{
	pt__buf sql = PT__BUF_INIT, captive = PT__BUF_INIT, died = PT__BUF_INIT,
		returned = PT__BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc, linked = 0;

	if ((rc = pt__men_linked(db, &linked)) || (linked && (rc = pt__men_fate_table(db))))
		return rc;
	scope_sql(s, linked, &sql);
	if (sql.failed || fate_types(PT__FATE_CAPTIVE, "liberation", &captive) ||
	    fate_types(PT__FATE_DIED, NULL, &died) || fate_types(PT__FATE_RETURNED, NULL, &returned)) {
		rc = PT_ENOMEM;
		goto cleanup;
	}
	if ((rc = pt__prepare(db, &st, pt__buf_str(&sql))))
		goto cleanup;
	if (s->m->kind == BY_EVENT || s->m->kind == INTERNED)
		sqlite3_bind_text(st, 1, s->m->what, -1, SQLITE_STATIC);
	if (s->m->kind == BY_STATUS)
		sqlite3_bind_text(st, 2, s->m->what, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, s->nationality, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, s->camp, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, s->operator, -1, SQLITE_STATIC);
	if (s->has_period && (s->period.flags & PT_DATE_HAS_MIN))
		sqlite3_bind_int64(st, 6, s->period.min);
	if (s->has_period && (s->period.flags & PT_DATE_HAS_MAX))
		sqlite3_bind_int64(st, 7, s->period.max);
	if (s->m->kind == HELD_AFTER) {
		sqlite3_bind_int64(st, 8, REPATRIATION_END);
		sqlite3_bind_text(st, 9, pt__buf_str(&captive), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 10, pt__buf_str(&died), -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 11, pt__buf_str(&returned), -1, SQLITE_STATIC);
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		k->records = sqlite3_column_int64(st, 0);
		k->men = sqlite3_column_int64(st, 1);
		k->count = sqlite3_column_int64(st, 2);
		k->accounted = sqlite3_column_int64(st, 3);
	} else {
		rc = pt__sql_error(db, "cannot count persons");
	}
cleanup:
	sqlite3_finalize(st);
	pt__buf_release(&sql);
	pt__buf_release(&captive);
	pt__buf_release(&died);
	pt__buf_release(&returned);
	return rc;
}

/* "looked at 30,000 records (29,877 men)" */
static void looked_at(pt__buf *why, const pt_claim_check *k)
{
	char r[48], m[48];
	pt__number_format((double)k->records, r, sizeof r);
	pt__number_format((double)k->men, m, sizeof m);
	if (k->records == 0)
		pt__buf_puts(why, "no record is in the claim's scope");
	else
		pt__buf_printf(why, "looked at %s record%s (%s m%sn) in the scope", r,
			       k->records == 1 ? "" : "s", m, k->men == 1 ? "a" : "e");
}

/* The verdict of a counted scope, and why. */
static void judge(const pt_claim *c, const struct scope *s, pt_claim_check *k, pt__buf *why)
{
	char n[48], lo[48], hi[48], a[48], u[48];
	int held = s->m->kind == HELD_AFTER;

	pt__number_format((double)k->count, n, sizeof n);
	pt__number_format(c->low, lo, sizeof lo);
	pt__number_format(c->high, hi, sizeof hi);
	pt__number_format((double)k->accounted, a, sizeof a);
	pt__number_format((double)(k->men - k->count - k->accounted), u, sizeof u);
	if ((double)k->count > c->high) {
		k->verdict = "contradicted";
		pt__buf_printf(why, "the records show %s, more than the %s the claim allows", n, hi);
	} else if (k->count == 0 && k->accounted == 0) {
		k->verdict = "untested";
		looked_at(why, k);
		if (k->records && held)
			pt__buf_puts(why, ": none shows captivity " REPATRIATION_WORDS
				     ", nor a return or death by then; a record without a return "
				     "is no evidence that a man stayed");
		else if (k->records && s->m->kind == BY_STATUS)
			pt__buf_printf(why, ": none has status %s", s->m->what);
		else if (k->records)
			pt__buf_printf(why, ": none has a%s %s event%s%s", strchr("aeiou", s->m->what[0])
				       ? "n" : "", s->m->what, s->operator ? " at a camp run by the "
				       "claim's held_by" : s->camp ? " at the claim's camp" : "",
				       s->has_period ? " in its period" : "");
		return;
	} else if ((double)k->count >= c->low) {
		k->verdict = "consistent";
		pt__buf_printf(why, "the records show %s, within what the claim allows", n);
	} else {
		k->verdict = "fewer";
		pt__buf_printf(why, "the records show %s, fewer than the %s the claim allows: "
			       "it may rest on men these records do not hold", n, lo);
	}
	if (held)
		pt__buf_printf(why, "; %s shown home or dead by the end of 1945, %s shown "
			       "neither way", a, u);
}

/* Checks one claim into *k. */
static int check_one(pt_db *db, const pt_claim *c, pt_claim_check *k)
{
	pt__buf counted = PT__BUF_INIT, why = PT__BUF_INIT;
	struct scope s;
	int rc = read_scope(c, &s, &counted, &why);

	k->count = -1;
	if (rc == PT_OK && s.m && (rc = count_scope(db, &s, k)) == PT_OK)
		judge(c, &s, k, &why);
	else if (rc == PT_OK) {
		k->verdict = "untested";
		k->records = k->men = 0;
	}
	if (rc == PT_OK && (counted.failed || why.failed))
		rc = PT_ENOMEM;
	k->counted = pt__buf_detach(&counted);
	k->reason = pt__buf_detach(&why);
	scope_release(&s);
	return rc;
}

int pt_claims_check(pt_db *db, const pt_claim_query *query, pt_claim_checks **out)
{
	pt_claim_checks *checks = calloc(1, sizeof *checks);
	int rc = PT_OK;

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
		if (!c->comparable)
			continue;
		if (!(query && query->with_statistics) && is_statistic(c)) {
			checks->statistics_left_out++;
			continue;
		}
		k->claim = i;
		rc = check_one(db, c, k);
		checks->count++;
		if (rc)
			break;
		if (query && query->verdict && strcmp(query->verdict, k->verdict)) {
			free(k->counted);
			free(k->reason);
			memset(k, 0, sizeof *k);
			checks->count--;
		}
	}
	if (rc) {
		pt_claim_checks_free(checks);
		return rc == PT_ENOMEM ? pt__error(db, rc, "out of memory") : rc;
	}
	*out = checks;
	return PT_OK;
}
