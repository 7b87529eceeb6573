/*
 * report.c - the research reports: everyone still unaccounted for (with the
 * last known event, the citations and the strongest evidence behind it), its
 * summary by nationality and last camp, and a camp's dossier.
 */
#include <stdlib.h>
#include <string.h>

#include "reports/reports.h"

static const char unaccounted_definition[] =
	"A person is unaccounted for when the last recorded event that bears on "
	"their fate leaves them in captivity or in transit (capture, internment, "
	"transfer, liberation, handover, release without a later return, "
	"sighting, last seen) and no later record says that they came home "
	"(repatriation, return) or died (death, burial). Events are put in order "
	"by their latest possible day; an undated event keeps its place in the "
	"record. The status is derived from the records in this database, never "
	"typed in: it says that these records do not account for the person, not "
	"that nobody ever did.";

const char *pt_report_unaccounted_definition(void)
{
	return unaccounted_definition;
}

/* A filter that keeps everything of `f` but its statuses, after checking
 * that they allow "unaccounted". */
static int unaccounted_filter(pt_db *db, const pt_filter *f, pt_filter *out)
{
	int allowed = 0;

	memset(out, 0, sizeof *out);
	if (!f)
		return PT_OK;
	*out = *f;
	for (size_t i = 0; i < f->status_count; i++) {
		pt_status status;
		if (pt_status_parse(f->statuses[i], &status))
			return pt__unknown_value(db, PT__VOCAB_STATUS, "status", f->statuses[i], "",
						 " or ");
		allowed |= status == PT_STATUS_UNACCOUNTED;
	}
	if (f->status_count && !allowed)
		return pt__error(db, PT_EINVAL, "the report lists unaccounted persons only; "
				 "the status filter excludes them");
	out->statuses = NULL;
	out->status_count = 0;
	return PT_OK;
}

/* ---- the unaccounted-for report ------------------------------------------- */

void pt_unaccounted_free(pt_unaccounted *report)
{
	if (!report)
		return;
	for (size_t i = 0; i < report->row_count; i++) {
		pt_unaccounted_row *r = &report->rows[i];
		free(r->surname); free(r->given_names); free(r->nationality);
		free(r->status_reason); free(r->event_type); free(r->event_date);
		free(r->event_place); free(r->event_camp); free(r->last_camp);
		for (size_t k = 0; k < r->source_count; k++)
			free(r->sources[k]);
		free(r->sources);
		pt__citation_release(r->evidence);
		free(r->evidence);
		free(r->records);
	}
	free(report->rows);
	free(report);
}

static int rank_of(const char *value, const char *const order[3])
{
	for (int i = 0; i < 3; i++)
		if (value && !strcmp(value, order[i]))
			return 3 - i;
	return 0;
}

/* Evidence first (direct, indirect, negative), then the information
 * (primary, secondary, undetermined), the source (original, derivative,
 * authored) and the confidence: the genealogical grading, strongest first. */
static int stronger(const pt_citation *a, const pt_citation *b)
{
	static const char *const evidence[3] = { "direct", "indirect", "negative" };
	static const char *const information[3] = { "primary", "secondary", "undetermined" };
	static const char *const quality[3] = { "original", "derivative", "authored" };
	int x, y;

	if ((x = rank_of(a->evidence, evidence)) != (y = rank_of(b->evidence, evidence)))
		return x > y;
	if ((x = rank_of(a->information, information)) != (y = rank_of(b->information, information)))
		return x > y;
	if ((x = rank_of(a->source_quality, quality)) != (y = rank_of(b->source_quality, quality)))
		return x > y;
	return a->confidence > b->confidence;
}

/* Counts the citations of the person of row r, lists their sources and keeps
 * the strongest one on the last event (or, without one, on the record). */
static int read_citations(pt_db *db, sqlite3_stmt *s, int64_t last_event_id,
			  pt_unaccounted_row *r)
{
	pt_citation best = { 0 }, candidate;
	int best_level = 0, rc;  /* 2: on the last event, 1: on the record */

	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, r->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(s, 1);
		int level = 0, seen = 0;

		r->citation_count++;
		for (size_t k = 0; k < r->source_count && !seen; k++)
			seen = !strcmp(r->sources[k], key);
		if (!seen) {
			char **grown = realloc(r->sources, (r->source_count + 1) * sizeof *grown);
			if (!grown)
				goto nomem;
			r->sources = grown;
			if (!(grown[r->source_count] = pt__strdup(key)))
				goto nomem;
			r->source_count++;
		}
		if (last_event_id && sqlite3_column_int64(s, 10) == last_event_id)
			level = 2;
		else if (sqlite3_column_type(s, 11) != SQLITE_NULL)
			level = 1;
		if (!level || level < best_level)
			continue;
		memset(&candidate, 0, sizeof candidate);
		pt__citation_from_row(s, &candidate);
		if (level > best_level || stronger(&candidate, &best)) {
			pt__citation_release(&best);
			best = candidate;
			best_level = level;
		} else {
			pt__citation_release(&candidate);
		}
	}
	if (rc != SQLITE_DONE) {
		pt__citation_release(&best);
		return pt__sql_error(db, "cannot read citations");
	}
	if (best_level) {
		if (!(r->evidence = malloc(sizeof *r->evidence))) {
			pt__citation_release(&best);
			return pt__error(db, PT_ENOMEM, "out of memory");
		}
		*r->evidence = best;
	}
	return PT_OK;
nomem:
	pt__citation_release(&best);
	return pt__error(db, PT_ENOMEM, "out of memory");
}

/* The records of a man, ascending, into r->records. */
static int read_records(pt_db *db, sqlite3_stmt *s, pt_unaccounted_row *r)
{
	size_t cap = 0;
	int rc;

	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, r->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (r->record_count == cap) {
			size_t grown_cap = cap ? cap * 2 : 4;
			int64_t *grown = realloc(r->records, grown_cap * sizeof *grown);
			if (!grown)
				return pt__error(db, PT_ENOMEM, "out of memory");
			r->records = grown;
			cap = grown_cap;
		}
		r->records[r->record_count++] = sqlite3_column_int64(s, 0);
	}
	return rc == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot read a man's records");
}

/* A record's surname and given names, columns of person P: its own, else
 * (a record named only in a name form, as a Cyrillic-only card) those of its
 * primary form, else of its first. */
#define NAME_FORM(P, col) \
	"coalesce(" P "." col ", CASE WHEN " P ".surname IS NULL AND " P ".given_names IS NULL " \
	"THEN (SELECT n." col " FROM person_name n WHERE n.person_id = " P ".id " \
	"ORDER BY n.is_primary DESC, n.seq LIMIT 1) END)"
#define NAME_OF(P) NAME_FORM(P, "surname") ", " NAME_FORM(P, "given_names")

/* The unaccounted (records of their own and men of several records) as one
 * SELECT, without its order: the report reads it; its total counts the same
 * rows by id alone (ids_only), for with the report's columns SQLite works
 * out the names and last camps of all 200,000 of a million persons only to
 * count them (a second, where the ids alone take 30 ms). The filters read
 * the person (p) and the man (f) only. */
static int unaccounted_query(pt_db *db, const pt_filter *f, int linked, int ids_only, pt__sql *q)
{
	int rc;

	if (ids_only)
		pt__sql_add(q, "SELECT p.id FROM person p WHERE p.status = 'unaccounted'");
	else
		pt__sql_add(q,
			"SELECT p.id, " NAME_OF("p") ", p.nationality, p.status_reason, "
			"le.id, le.type, le.date, le.place, lc.name, "
			"coalesce(lc.name, (SELECT c.name FROM event e2 JOIN camp c ON c.id = e2.camp_id "
			"  WHERE e2.person_id = p.id ORDER BY e2.seq DESC LIMIT 1)), 0 "
			"FROM person p LEFT JOIN event le ON le.id = p.last_event_id "
			"LEFT JOIN camp lc ON lc.id = le.camp_id "
			"WHERE p.status = 'unaccounted'");
	if (linked)
		pt__sql_add(q, " AND NOT EXISTS (SELECT 1 FROM individual_member im "
			    "WHERE im.person_id = p.id)");
	if ((rc = pt__filter_where(db, f, q)))
		return rc;
	if (linked && ids_only) {
		pt__sql_add(q, " UNION ALL SELECT f.individual_id FROM pt_man_fate f "
			    "JOIN person ap ON ap.id = f.anchor_id WHERE f.status = 'unaccounted'");
		if ((rc = pt__filter_where_men(db, f, q, "f.individual_id", "f.status")))
			return rc;
	} else if (linked) {
		/* the men of several records: named by their anchor record, with
		 * every nationality their records give */
		pt__sql_add(q,
			" UNION ALL "
			"SELECT f.individual_id, " NAME_OF("ap") ", "
			"(SELECT group_concat(DISTINCT p3.nationality) FROM individual_member m3 "
			"  JOIN person p3 ON p3.id = m3.person_id WHERE m3.individual_id = f.individual_id), "
			"NULL, le.id, le.type, le.date, le.place, lc.name, "
			"(SELECT name FROM camp WHERE id = f.last_camp_id), 1 "
			"FROM pt_man_fate f JOIN person ap ON ap.id = f.anchor_id "
			"LEFT JOIN event le ON le.id = f.last_event_id "
			"LEFT JOIN camp lc ON lc.id = le.camp_id "
			"WHERE f.status = 'unaccounted'");
		if ((rc = pt__filter_where_men(db, f, q, "f.individual_id", "f.status")))
			return rc;
	}
	return PT_OK;
}

/* How many the report lists, for a page's "of N". */
static int unaccounted_total(pt_db *db, const pt_filter *f, int linked, int64_t *total)
{
	pt__sql q = PT__SQL_INIT;
	sqlite3_stmt *s = NULL;
	int rc;

	pt__sql_add(&q, "SELECT count(*) FROM (");
	if ((rc = unaccounted_query(db, f, linked, 1, &q)))
		goto cleanup;
	pt__sql_add(&q, ")");
	if ((rc = pt__sql_prepare(db, &q, &s)))
		goto cleanup;
	if (sqlite3_step(s) != SQLITE_ROW) {
		rc = pt__sql_error(db, "cannot count the unaccounted");
		goto cleanup;
	}
	*total = sqlite3_column_int64(s, 0);
cleanup:
	sqlite3_finalize(s);
	pt__sql_release(&q);
	return rc;
}

int pt_report_unaccounted(pt_db *db, const pt_filter *filter, pt_unaccounted **out)
{
	return pt_report_unaccounted_page(db, filter, 0, 0, out, NULL);
}

int pt_report_unaccounted_page(pt_db *db, const pt_filter *filter, size_t offset, size_t limit,
			       pt_unaccounted **out, int64_t *total_out)
{
	/* ?1 is the man: a record of his own, or the id of a man of several (the
	 * second alternative), whose citations name the record they are on */
	static const char citations_sql[] =
		"SELECT ct.id, s.key, s.kind, s.title, ct.locator, "
		"CASE WHEN m.person_id IS NULL THEN '' "
		"     ELSE 'record ' || coalesce(ct.person_id, n.person_id, e.person_id) || ', ' END || "
		"CASE WHEN ct.person_id IS NOT NULL THEN 'person' "
		"     WHEN ct.name_id IS NOT NULL THEN 'name ' || n.seq "
		"     ELSE 'event ' || e.seq END, "
		"ct.source_quality, ct.information, ct.evidence, coalesce(ct.confidence, -1), "
		"ct.event_id, ct.person_id "
		"FROM citation ct JOIN source s ON s.id = ct.source_id "
		"LEFT JOIN person_name n ON n.id = ct.name_id "
		"LEFT JOIN event e ON e.id = ct.event_id "
		"LEFT JOIN individual_member m "
		"  ON m.person_id = coalesce(ct.person_id, n.person_id, e.person_id) "
		"WHERE ct.person_id = ?1 "
		"   OR ct.name_id IN (SELECT id FROM person_name WHERE person_id = ?1) "
		"   OR ct.event_id IN (SELECT id FROM event WHERE person_id = ?1) "
		"   OR ct.person_id IN (SELECT person_id FROM individual_member WHERE individual_id = ?2) "
		"   OR ct.name_id IN (SELECT n2.id FROM individual_member m2 JOIN person_name n2 "
		"      ON n2.person_id = m2.person_id WHERE m2.individual_id = ?2) "
		"   OR ct.event_id IN (SELECT e2.id FROM individual_member m2 JOIN event e2 "
		"      ON e2.person_id = m2.person_id WHERE m2.individual_id = ?2) "
		"ORDER BY ct.id";
	static const char record_citations_sql[] =
		"SELECT ct.id, s.key, s.kind, s.title, ct.locator, "
		"CASE WHEN ct.person_id IS NOT NULL THEN 'person' "
		"     WHEN ct.name_id IS NOT NULL THEN 'name ' || n.seq "
		"     ELSE 'event ' || e.seq END, "
		"ct.source_quality, ct.information, ct.evidence, coalesce(ct.confidence, -1), "
		"ct.event_id, ct.person_id "
		"FROM citation ct JOIN source s ON s.id = ct.source_id "
		"LEFT JOIN person_name n ON n.id = ct.name_id "
		"LEFT JOIN event e ON e.id = ct.event_id "
		"WHERE ct.person_id = ?1 "
		"   OR ct.name_id IN (SELECT id FROM person_name WHERE person_id = ?1) "
		"   OR ct.event_id IN (SELECT id FROM event WHERE person_id = ?1) "
		"ORDER BY ct.id";
	/* whether a record has a citation at all: most have none (a register
	 * of a million men cites a few thousand), and for them the query above
	 * costs its temporary tables (the lists and the order) for nothing */
	static const char any_citation_sql[] =
		"SELECT EXISTS (SELECT 1 FROM citation WHERE person_id = ?1) "
		"OR EXISTS (SELECT 1 FROM person_name n JOIN citation ct ON ct.name_id = n.id "
		"  WHERE n.person_id = ?1) "
		"OR EXISTS (SELECT 1 FROM event e JOIN citation ct ON ct.event_id = e.id "
		"  WHERE e.person_id = ?1)";
	pt__sql q = PT__SQL_INIT;
	pt_filter f;
	pt_unaccounted *report = NULL;
	sqlite3_stmt *s = NULL, *cites = NULL, *records = NULL, *any_citation = NULL;
	size_t cap = 0;
	int rc, linked = 0;

	*out = NULL;
	if ((rc = unaccounted_filter(db, filter, &f)) || (rc = pt__men_scopes(db, filter, &linked)))
		return rc;
	if (linked && (rc = pt__men_fate_table(db)))
		return rc;
	if ((rc = unaccounted_query(db, &f, linked, 0, &q)))
		goto cleanup;
	pt__sql_add(&q, " ORDER BY 1");
	if (limit || offset) {
		pt__sql_add(&q, " LIMIT ");
		pt__sql_int(&q, !limit ? -1 : limit > INT64_MAX ? INT64_MAX : (int64_t)limit);
		pt__sql_add(&q, " OFFSET ");
		pt__sql_int(&q, offset > INT64_MAX ? INT64_MAX : (int64_t)offset);
	}
	if (total_out && (rc = unaccounted_total(db, &f, linked, total_out)))
		goto cleanup;
	if ((rc = pt__sql_prepare(db, &q, &s)) ||
	    (rc = pt__prepare(db, &cites, linked ? citations_sql : record_citations_sql)) ||
	    (rc = pt__prepare(db, &any_citation, any_citation_sql)) ||
	    (linked && (rc = pt__prepare(db, &records, "SELECT person_id FROM individual_member "
					 "WHERE individual_id = ? ORDER BY person_id"))))
		goto cleanup;
	if (!(report = calloc(1, sizeof *report))) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pt_unaccounted_row *r;
		int man = sqlite3_column_int(s, 11);
		if (report->row_count == cap) {
			size_t grown_cap = cap ? cap * 2 : 64;
			pt_unaccounted_row *grown = realloc(report->rows, grown_cap * sizeof *grown);
			if (!grown) {
				rc = pt__error(db, PT_ENOMEM, "out of memory");
				goto cleanup;
			}
			report->rows = grown;
			cap = grown_cap;
		}
		r = &report->rows[report->row_count++];
		memset(r, 0, sizeof *r);
		r->id = sqlite3_column_int64(s, 0);
		r->surname = pt__column_dup(s, 1);
		r->given_names = pt__column_dup(s, 2);
		r->nationality = pt__column_dup(s, 3);
		r->status_reason = pt__column_dup(s, 4);
		r->event_type = pt__column_dup(s, 6);
		r->event_date = pt__column_dup(s, 7);
		r->event_place = pt__column_dup(s, 8);
		r->event_camp = pt__column_dup(s, 9);
		r->last_camp = pt__column_dup(s, 10);
		if (man) {
			/* his status in words, naming the records it rests on */
			pt__man_fate fate;
			if ((rc = read_records(db, records, r)) ||
			    (rc = pt__man_fate_get(db, r->id, &fate)))
				goto cleanup;
			free(r->status_reason);
			r->status_reason = fate.reason;
			fate.reason = NULL;
			pt__man_fate_release(&fate);
		} else if ((r->records = malloc(sizeof *r->records))) {
			r->records[0] = r->id;
			r->record_count = 1;
		} else {
			rc = pt__error(db, PT_ENOMEM, "out of memory");
			goto cleanup;
		}
		if (!man) {
			/* a record of his own: its citations, if any */
			int step;
			sqlite3_reset(any_citation);
			sqlite3_bind_int64(any_citation, 1, r->id);
			if ((step = sqlite3_step(any_citation)) != SQLITE_ROW) {
				rc = pt__sql_error(db, "cannot read citations");
				goto cleanup;
			}
			if (!sqlite3_column_int(any_citation, 0))
				continue;
		}
		if (linked) {
			sqlite3_reset(cites);
			sqlite3_bind_int64(cites, 2, man ? r->id : 0);
		}
		if ((rc = read_citations(db, cites, sqlite3_column_int64(s, 5), r)))
			goto cleanup;
	}
	if (rc != SQLITE_DONE) {
		rc = pt__sql_error(db, "cannot read the unaccounted");
		goto cleanup;
	}
	rc = PT_OK;
	*out = report;
	report = NULL;
cleanup:
	sqlite3_finalize(s);
	sqlite3_finalize(cites);
	sqlite3_finalize(any_citation);
	sqlite3_finalize(records);
	pt__sql_release(&q);
	pt_unaccounted_free(report);
	return rc;
}

int pt_report_unaccounted_summary(pt_db *db, const pt_filter *filter, pt_count **out)
{
	static const char *const unaccounted[] = { "unaccounted" };
	pt_count_options opts;
	int rc;

	*out = NULL;
	memset(&opts, 0, sizeof opts);
	if ((rc = unaccounted_filter(db, filter, &opts.filter)))
		return rc;
	opts.filter.statuses = unaccounted;
	opts.filter.status_count = 1;
	opts.fields[0] = PT_FIELD_NATIONALITY;
	opts.fields[1] = PT_FIELD_LAST_CAMP;
	opts.field_count = 2;
	return pt_count_run(db, &opts, out);
}

/* ---- a camp's dossier ------------------------------------------------------- */

void pt_camp_dossier_free(pt_camp_dossier *d)
{
	if (!d)
		return;
	pt__camp_release(&d->camp);
	for (size_t i = 0; i < d->timeline_count; i++) {
		pt_timeline_entry *t = &d->timeline[i];
		for (size_t k = 0; k < t->person_count; k++) {
			free(t->persons[k].surname); free(t->persons[k].given_names);
			free(t->persons[k].nationality); free(t->persons[k].status);
		}
		free(t->persons);
		free(t->date);
		free(t->type);
	}
	free(d->timeline);
	for (size_t i = 0; i < d->claim_count; i++) {
		pt_camp_claim *c = &d->claims[i];
		free(c->key); free(c->question); free(c->metric); free(c->population);
		free(c->as_of); free(c->value_text); free(c->date); free(c->text);
		free(c->source); free(c->locator);
	}
	free(d->claims);
	for (size_t i = 0; i < d->citation_count; i++)
		pt__citation_release(&d->citations[i]);
	free(d->citations);
	free(d);
}

static int same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* The men with an event at the camp, by status: the records linked to no
 * other by their own status, the men of several records (one of whose
 * records has an event there) once each, by theirs. */
static int read_status_counts(pt_db *db, pt_camp_dossier *d, int linked)
{
	sqlite3_stmt *s = NULL;
	int rc = pt__prepare(db, &s, linked
		? "SELECT status, count(*) FROM person p WHERE id IN "
		  "(SELECT person_id FROM event WHERE camp_id = ?1) AND NOT EXISTS "
		  "(SELECT 1 FROM individual_member im WHERE im.person_id = p.id) GROUP BY status "
		  "UNION ALL SELECT f.status, count(*) FROM pt_man_fate f "
		  "WHERE f.individual_id IN (SELECT m.individual_id FROM individual_member m "
		  "JOIN event e ON e.person_id = m.person_id WHERE e.camp_id = ?1) GROUP BY f.status"
		: "SELECT status, count(*) FROM person WHERE id IN "
		  "(SELECT person_id FROM event WHERE camp_id = ?) GROUP BY status");
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, d->camp.id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pt_status status;
		if (!pt_status_parse((const char *)sqlite3_column_text(s, 0), &status))
			d->by_status[status] += sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot count a camp's persons");
}

/* Every event at the camp, by date and type; each entry names the men it
 * happened to (a man whose records both say so, once: his id and status, the
 * name his first record there gives). */
static int read_timeline(pt_db *db, pt_camp_dossier *d, int linked)
{
	static const char sql[] =
		"SELECT e.date, e.type, p.id, " NAME_OF("p") ", p.nationality, p.status, p.id "
		"FROM event e JOIN person p ON p.id = e.person_id WHERE e.camp_id = ? "
		"ORDER BY (e.date_min IS NULL AND e.date_max IS NULL), "
		"coalesce(e.date_min, e.date_max), coalesce(e.date_max, e.date_min), e.date, "
		"e.type, p.id";
	static const char men_sql[] =
		"SELECT e.date, e.type, coalesce(m.individual_id, p.id), " NAME_OF("p") ", "
		"p.nationality, coalesce(f.status, p.status), p.id "
		"FROM event e JOIN person p ON p.id = e.person_id "
		"LEFT JOIN individual_member m ON m.person_id = p.id "
		"LEFT JOIN pt_man_fate f ON f.individual_id = m.individual_id "
		"WHERE e.camp_id = ? "
		"ORDER BY (e.date_min IS NULL AND e.date_max IS NULL), "
		"coalesce(e.date_min, e.date_max), coalesce(e.date_max, e.date_min), e.date, "
		"e.type, coalesce(m.individual_id, p.id), p.id";
	sqlite3_stmt *s = NULL;
	size_t cap = 0, person_cap = 0;
	int64_t last_record = 0;
	int rc = pt__prepare(db, &s, linked ? men_sql : sql);

	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, d->camp.id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		const char *date = (const char *)sqlite3_column_text(s, 0);
		const char *type = (const char *)sqlite3_column_text(s, 1);
		pt_timeline_entry *t = d->timeline_count ? &d->timeline[d->timeline_count - 1] : NULL;
		pt_person_ref *p;

		if (!t || !same_text(t->date, date) || !same_text(t->type, type)) {
			if (d->timeline_count == cap) {
				size_t grown_cap = cap ? cap * 2 : 16;
				pt_timeline_entry *grown = realloc(d->timeline, grown_cap * sizeof *grown);
				if (!grown)
					goto nomem;
				d->timeline = grown;
				cap = grown_cap;
			}
			t = &d->timeline[d->timeline_count++];
			memset(t, 0, sizeof *t);
			t->date = pt__column_dup(s, 0);
			t->type = pt__column_dup(s, 1);
			person_cap = 0;
			if ((date && !t->date) || !t->type)
				goto nomem;
		} else if (t->person_count &&
			   t->persons[t->person_count - 1].id == sqlite3_column_int64(s, 2) &&
			   last_record != sqlite3_column_int64(s, 7)) {
			continue;      /* the same man, from another of his records */
		}
		last_record = sqlite3_column_int64(s, 7);
		if (t->person_count == person_cap) {
			size_t grown_cap = person_cap ? person_cap * 2 : 4;
			pt_person_ref *grown = realloc(t->persons, grown_cap * sizeof *grown);
			if (!grown)
				goto nomem;
			t->persons = grown;
			person_cap = grown_cap;
		}
		p = &t->persons[t->person_count++];
		p->id = sqlite3_column_int64(s, 2);
		p->surname = pt__column_dup(s, 3);
		p->given_names = pt__column_dup(s, 4);
		p->nationality = pt__column_dup(s, 5);
		p->status = pt__column_dup(s, 6);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot read a camp's events");
nomem:
	sqlite3_finalize(s);
	return pt__error(db, PT_ENOMEM, "out of memory");
}

static int read_claims(pt_db *db, pt_camp_dossier *d)
{
	/* the population names the camp by its key or one of its names, alone
	 * or in an array */
	static const char sql[] =
		"WITH names(name) AS (SELECT ?2 UNION SELECT alias FROM camp_alias WHERE camp_id = ?1) "
		"SELECT c.key, c.question, c.metric, c.population, "
		"coalesce(json_extract(c.population, '$.as_of'), json_extract(c.population, '$.date')) "
		"AS as_of, c.value_min, c.value_max, c.approximate, c.value_text, c.date, c.text, "
		"(SELECT s.key FROM citation ct JOIN source s ON s.id = ct.source_id "
		"  WHERE ct.claim_id = c.id ORDER BY ct.id LIMIT 1), "
		"(SELECT ct.locator FROM citation ct WHERE ct.claim_id = c.id ORDER BY ct.id LIMIT 1) "
		"FROM claim c "
		"WHERE c.population IS NOT NULL AND json_valid(c.population) AND ("
		"  json_extract(c.population, '$.camp') IN (SELECT name FROM names) "
		"  OR (json_type(c.population, '$.camp') = 'array' AND EXISTS (SELECT 1 FROM "
		"      json_each(c.population, '$.camp') j WHERE j.value IN (SELECT name FROM names)))) "
		"ORDER BY as_of IS NULL, as_of, c.metric, c.key";
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int rc = pt__prepare(db, &s, sql);

	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, d->camp.id);
	sqlite3_bind_text(s, 2, d->camp.key, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pt_camp_claim *c;
		if (d->claim_count == cap) {
			size_t grown_cap = cap ? cap * 2 : 16;
			pt_camp_claim *grown = realloc(d->claims, grown_cap * sizeof *grown);
			if (!grown) {
				sqlite3_finalize(s);
				return pt__error(db, PT_ENOMEM, "out of memory");
			}
			d->claims = grown;
			cap = grown_cap;
		}
		c = &d->claims[d->claim_count++];
		memset(c, 0, sizeof *c);
		c->key = pt__column_dup(s, 0);
		c->question = pt__column_dup(s, 1);
		c->metric = pt__column_dup(s, 2);
		c->population = pt__column_dup(s, 3);
		c->as_of = pt__column_dup(s, 4);
		c->has_value = sqlite3_column_type(s, 5) != SQLITE_NULL;
		c->value_min = sqlite3_column_double(s, 5);
		c->value_max = sqlite3_column_type(s, 6) != SQLITE_NULL
			     ? sqlite3_column_double(s, 6) : c->value_min;
		c->approximate = sqlite3_column_int(s, 7);
		c->value_text = pt__column_dup(s, 8);
		c->date = pt__column_dup(s, 9);
		c->text = pt__column_dup(s, 10);
		c->source = pt__column_dup(s, 11);
		c->locator = pt__column_dup(s, 12);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot read claims");
}

static int read_camp_citations(pt_db *db, pt_camp_dossier *d)
{
	static const char sql[] =
		"SELECT ct.id, s.key, s.kind, s.title, ct.locator, 'camp', ct.source_quality, "
		"ct.information, ct.evidence, coalesce(ct.confidence, -1) "
		"FROM citation ct JOIN source s ON s.id = ct.source_id WHERE ct.camp_id = ? "
		"ORDER BY ct.id";
	sqlite3_stmt *s = NULL;
	int rc = pt__prepare(db, &s, sql);

	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, d->camp.id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pt_citation *grown = realloc(d->citations, (d->citation_count + 1) * sizeof *grown);
		if (!grown) {
			sqlite3_finalize(s);
			return pt__error(db, PT_ENOMEM, "out of memory");
		}
		d->citations = grown;
		memset(&grown[d->citation_count], 0, sizeof *grown);
		pt__citation_from_row(s, &grown[d->citation_count++]);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot read a camp's citations");
}

int pt_report_camp(pt_db *db, const char *name, pt_camp_dossier **out)
{
	pt_camp_dossier *d;
	int64_t id;
	int rc, linked = 0;

	*out = NULL;
	if ((rc = pt_camp_resolve(db, name ? name : "", &id)) ||
	    (rc = pt__men_linked(db, &linked)) || (linked && (rc = pt__men_fate_table(db))))
		return rc;
	if (!(d = calloc(1, sizeof *d)))
		return pt__error(db, PT_ENOMEM, "out of memory");
	if ((rc = pt__camp_get(db, id, 1, &d->camp)) || (rc = read_status_counts(db, d, linked)) ||
	    (rc = read_timeline(db, d, linked)) || (rc = read_claims(db, d)) ||
	    (rc = read_camp_citations(db, d))) {
		pt_camp_dossier_free(d);
		return rc;
	}
	*out = d;
	return PT_OK;
}
