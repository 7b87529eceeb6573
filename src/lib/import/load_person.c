/*
 * load_person.c - the loader of persons: a record's fields, names and
 * events read and checked (camps and sources resolved), its identity (its
 * source and record_id, or its content) checked against the file and the
 * database, its status derived, then the person, its names (with their
 * search keys), citations and events written once.
 */
#include <stdlib.h>
#include <string.h>

#include "import/load.h"

/* ---- persons ------------------------------------------------------------ */

static const char *script_of(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; *p; p++)
		if (*p == 0xd0 || *p == 0xd1) /* U+0400-U+047F */
			return "Cyrl";
	return "Latn";
}

static int read_name(struct rec *r, const char *prefix, json_t *obj, struct name_in *n)
{
	static const char *const keys[] = {
		"surname", "given_names", "script", "notes", "citations", NULL,
	};
	int rc;
	if (!json_is_object(obj))
		return problem(r, pt__rec_field(r, prefix, ""), "expected an object, got %s",
			       pt__json_type_name(obj));
	if ((rc = pt__rec_check_keys(r, prefix, obj, keys)) ||
	    (rc = pt__rec_text(r, prefix, obj, "surname", MAX_NAME, &n->surname)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, prefix, obj, "given_names", MAX_NAME, &n->given_names)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, prefix, obj, "script", 8, &n->script)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, prefix, obj, "notes", MAX_TEXT, &n->notes)) == PT_ENOMEM ||
	    (rc = pt__rec_citations(r, prefix, obj, &n->citations)))
		return rc;
	if (!n->surname && !n->given_names)
		problem(r, pt__rec_field(r, prefix, "surname"), "a name needs a surname or given names");
	if (!n->script)
		n->script = (char *)script_of(n->surname ? n->surname : n->given_names ? n->given_names : "");
	return PT_OK;
}

/* An event's read text resolved, whichever reader read it: its camp (a name
 * that matches none is the problem pt__rec_camp noted, not a failure), the
 * date as written, its operation. */
static int event_resolve(struct rec *r, const char *prefix, struct event_in *e)
{
	int rc;

	if (e->camp_name &&
	    (rc = pt__rec_camp(r, pt__rec_field(r, prefix, "camp"), e->camp_name, &e->camp_id,
			       &e->camp_canonical)) != PT_OK && rc != PT_EINVAL)
		return rc;
	if (e->date.original && !e->date_original)
		e->date_original = e->date.original;
	if (e->operation_key) {
		if ((rc = pt__rec_lookup_key(r, S_OPERATION_ID, e->operation_key, &e->operation_id)))
			return rc;
		if (!e->operation_id)
			problem(r, pt__rec_field(r, prefix, "operation"),
				"unknown operation '%s' (import the operation first)", e->operation_key);
	}
	return PT_OK;
}

static int read_event(struct rec *r, const char *prefix, json_t *obj, struct event_in *e)
{
	static const char *const keys[] = {
		"type", "date", "date_original", "place", "camp", "operation", "agent", "notes",
		"citations", NULL,
	};
	int rc;
	if (!json_is_object(obj))
		return problem(r, pt__rec_field(r, prefix, ""), "expected an object, got %s",
			       pt__json_type_name(obj));
	if ((rc = pt__rec_check_keys(r, prefix, obj, keys)))
		return rc;
	if (!json_object_get(obj, "type"))
		problem(r, pt__rec_field(r, prefix, "type"), "required");
	if ((rc = pt__rec_enum(r, prefix, obj, "type", PT__VOCAB_EVENT_TYPE, &e->type)) == PT_ENOMEM ||
	    (rc = pt__rec_date_as(r, prefix, obj, "date",
				  pt_date_role_of_event(json_string_value(json_object_get(obj, "type"))),
				  &e->date)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, prefix, obj, "date_original", MAX_NAME,
				&e->date_original)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, prefix, obj, "place", MAX_NAME, &e->place)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, prefix, obj, "agent", MAX_NAME, &e->agent)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, prefix, obj, "notes", MAX_TEXT, &e->notes)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, prefix, obj, "camp", MAX_NAME, &e->camp_name)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, prefix, obj, "operation", MAX_NAME, &e->operation_key)) == PT_ENOMEM ||
	    (rc = pt__rec_citations(r, prefix, obj, &e->citations)))
		return rc;
	return event_resolve(r, prefix, e);
}

static int read_person(struct rec *r, json_t *obj, struct person_in *p)
{
	static const char *const keys[] = {
		"record_id", "source", "surname", "given_names", "name_original", "names", "sex",
		"nationality", "birth_date", "birth_date_original", "birth_place", "service",
		"service_number", "rank", "unit", "notes", "events", "citations", "extra", NULL,
	};
	const char *sex = NULL;
	char *birth_original = NULL;
	json_t *names, *events, *item;
	size_t i;
	int rc;

	if ((rc = pt__rec_check_keys(r, "", obj, keys)) ||
	    (rc = pt__rec_text(r, "", obj, "record_id", MAX_NAME, &p->record_id)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "source", MAX_NAME, &p->source)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "surname", MAX_NAME, &p->surname)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "given_names", MAX_NAME, &p->given_names)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "name_original", MAX_NAME, &p->name_original)) == PT_ENOMEM ||
	    (rc = pt__rec_enum(r, "", obj, "sex", PT__VOCAB_SEX, &sex)) == PT_ENOMEM ||
	    (rc = pt__rec_country(r, "", obj, "nationality", &p->nationality)) == PT_ENOMEM ||
	    (rc = pt__rec_date_as(r, "", obj, "birth_date", PT_DATE_ROLE_BIRTH, &p->birth)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "birth_date_original", MAX_NAME,
				&birth_original)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "birth_place", MAX_NAME, &p->birth_place)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "service", MAX_NAME, &p->service)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "service_number", MAX_NAME, &p->service_number)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "rank", MAX_NAME, &p->rank)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "unit", MAX_NAME, &p->unit)) == PT_ENOMEM ||
	    (rc = pt__rec_text(r, "", obj, "notes", MAX_TEXT, &p->notes)) == PT_ENOMEM ||
	    (rc = pt__rec_citations(r, "", obj, &p->citations)) ||
	    (rc = pt__rec_array(r, "", obj, "names", &names)) == PT_ENOMEM ||
	    (rc = pt__rec_array(r, "", obj, "events", &events)) == PT_ENOMEM)
		return rc;
	p->sex = (char *)sex;
	if (birth_original) /* what the register said, before a mapping rewrote it */
		p->birth.original = birth_original; /* both are the record's: its pool frees them */
	if ((rc = pt__rec_extra(r, obj, &p->extra)))
		return rc;
	if (!p->surname && !p->given_names && !p->name_original && !json_array_size(names) &&
	    !r->failed)
		problem(r, "surname", "a person needs a surname or given names");
	if (p->source) {
		int64_t id;
		if ((rc = pt__rec_source(r, "source", p->source, &id)) == PT_ENOMEM)
			return rc;
	}

	p->names = pt__rec_calloc(r, json_array_size(names), sizeof *p->names);
	p->events = pt__rec_calloc(r, json_array_size(events), sizeof *p->events);
	if (!p->names || !p->events)
		return PT_ENOMEM;
	json_array_foreach(names, i, item) {
		char prefix[32];
		snprintf(prefix, sizeof prefix, "names[%zu].", i + 1);
		if ((rc = read_name(r, pt__rec_field(r, "", prefix), item, &p->names[p->name_count++])))
			return rc;
	}
	json_array_foreach(events, i, item) {
		char prefix[32];
		snprintf(prefix, sizeof prefix, "events[%zu].", i + 1);
		if ((rc = read_event(r, pt__rec_field(r, "", prefix), item, &p->events[p->event_count++])))
			return rc;
	}
	return PT_OK;
}

static int write_name(struct rec *r, int64_t person_id, const char *surname, const char *given,
		      const char *script, int primary, int seq, const char *notes,
		      const struct citations_in *citations)
{
	static const char sql[] = "INSERT INTO person_name(person_id, surname, given_names, "
				  "script, is_primary, seq, notes, batch_id, batch_line) "
				  "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
	sqlite3_stmt *s = pt__load_cached(r->imp, sql);
	int64_t name_id;
	int rc = PT_OK;
	if (!s)
		return PT_EIO;
	if (r->imp->batch_id)
		sqlite3_bind_int64(s, 8, r->imp->batch_id);
	sqlite3_bind_int64(s, 9, r->line);
	sqlite3_bind_int64(s, 1, person_id);
	pt__bind_text(s, 2, surname);
	pt__bind_text(s, 3, given);
	pt__bind_text(s, 4, script);
	sqlite3_bind_int(s, 5, primary);
	sqlite3_bind_int(s, 6, seq);
	pt__bind_text(s, 7, notes);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = pt__sql_error(r->imp->db, "cannot write a name");
	sqlite3_reset(s);
	name_id = sqlite3_last_insert_rowid(r->imp->db->sql);
	if (rc == PT_OK)   /* the search keys of its spellings (name_keys.c) */
		rc = pt__name_keys_write(r->imp->db, surname, given);
	if (rc == PT_OK && citations)
		rc = pt__rec_write_citations(r, citations, T_NAME, name_id);
	return rc;
}

/* The case status of a person from its events, before anything is written
 * (so that the person's row is written once, with its status): *last is
 * the index of the event the status rests on, or -1. */
static int derive_status(struct rec *r, const struct person_in *p, pt_status *status,
			 char **reason, long *last)
{
	pt_status_event *facts = pt__rec_calloc(r, p->event_count, sizeof *facts);
	int rc;

	if (!facts)
		return PT_ENOMEM;
	for (size_t i = 0; i < p->event_count; i++) {
		const struct event_in *e = &p->events[i];
		facts[i].type = e->type;
		facts[i].date = e->date.text ? e->date.date.edtf : NULL;
		facts[i].has_min = e->date.text && (e->date.date.flags & PT_DATE_HAS_MIN);
		facts[i].has_max = e->date.text && (e->date.date.flags & PT_DATE_HAS_MAX);
		facts[i].date_min = e->date.date.min;
		facts[i].date_max = e->date.date.max;
		facts[i].camp = e->camp_canonical;
		facts[i].place = e->place;
	}
	if ((rc = pt_status_derive(facts, p->event_count, status, reason, last)))
		return pt__error(r->imp->db, rc, "out of memory");
	/* the pool frees the reason when it cannot keep it: it must not be
	 * written after that */
	if (!pt__rec_keep(r, *reason)) {
		*reason = NULL;
		return PT_ENOMEM;
	}
	return PT_OK;
}

/* Writes the events, and points the person at the one its status rests on
 * (the status itself is written with the person). */
static int write_events(struct rec *r, int64_t person_id, const struct person_in *p, long last)
{
	static const char sql[] =
		"INSERT INTO event(person_id, type, date, date_min, date_max, date_original, "
		"camp_id, place, operation_id, agent, notes, seq, batch_id, batch_line) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
	static const char last_sql[] = "UPDATE person SET last_event_id = ? WHERE id = ?";
	int64_t *ids = pt__rec_calloc(r, p->event_count, sizeof *ids);
	sqlite3_stmt *s = NULL, *u = NULL;
	int rc;

	if (!ids)
		return PT_ENOMEM;
	if (!(s = pt__load_cached(r->imp, sql)))
		return PT_EIO;
	rc = PT_OK;
	for (size_t i = 0; i < p->event_count && rc == PT_OK; i++) {
		const struct event_in *e = &p->events[i];
		sqlite3_reset(s);
		sqlite3_clear_bindings(s);
		if (r->imp->batch_id)
			sqlite3_bind_int64(s, 13, r->imp->batch_id);
		sqlite3_bind_int64(s, 14, r->line);
		sqlite3_bind_int64(s, 1, person_id);
		pt__bind_text(s, 2, e->type);
		pt__bind_date(s, 3, &e->date);
		pt__bind_text(s, 6, e->date_original);
		if (e->camp_id)
			sqlite3_bind_int64(s, 7, e->camp_id);
		pt__bind_text(s, 8, e->place);
		if (e->operation_id)
			sqlite3_bind_int64(s, 9, e->operation_id);
		pt__bind_text(s, 10, e->agent);
		pt__bind_text(s, 11, e->notes);
		sqlite3_bind_int64(s, 12, (int64_t)i + 1);
		if (sqlite3_step(s) != SQLITE_DONE) {
			rc = pt__sql_error(r->imp->db, "cannot write an event");
			break;
		}
		ids[i] = sqlite3_last_insert_rowid(r->imp->db->sql);
		rc = pt__rec_write_citations(r, &e->citations, T_EVENT, ids[i]);
	}
	sqlite3_reset(s);
	if (rc || last < 0)
		return rc;
	/* last_event_id has no index: this update rewrites the row only */
	if (!(u = pt__load_cached(r->imp, last_sql)))
		return PT_EIO;
	sqlite3_bind_int64(u, 1, ids[last]);
	sqlite3_bind_int64(u, 2, person_id);
	if (sqlite3_step(u) != SQLITE_DONE)
		rc = pt__sql_error(r->imp->db, "cannot write the status");
	sqlite3_reset(u);
	return rc;
}

static int write_person(struct rec *r, const struct person_in *p, const char *record_source,
			const char *record_id, const char *hash, int64_t id)
{
	static const char insert_sql[] =
		"INSERT INTO person(surname, given_names, sex, nationality, birth_date, "
		"birth_date_min, birth_date_max, birth_place, service, service_number, rank, unit, "
		"notes, content_hash, batch_id, batch_line, record_source, record_id, "
		"birth_date_original, extra, first_batch_id, status, status_reason) "
		"VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?15, ?21, ?22)";
	static const char update_sql[] =
		"UPDATE person SET surname = ?, given_names = ?, sex = ?, nationality = ?, "
		"birth_date = ?, birth_date_min = ?, birth_date_max = ?, birth_place = ?, "
		"service = ?, service_number = ?, rank = ?, unit = ?, notes = ?, content_hash = ?, "
		"batch_id = ?, batch_line = ?, last_event_id = NULL, birth_date_original = ?19, "
		"extra = ?20, status = ?21, status_reason = ?22 "
		"WHERE record_source = ?17 AND record_id = ?18";
	sqlite3_stmt *s = NULL;
	pt_status status;
	char *reason = NULL;
	long last = -1;
	int rc, seq = 0;

	if ((rc = derive_status(r, p, &status, &reason, &last)))
		return rc;
	if (id && ((rc = pt__rec_run(r, "DELETE FROM citation WHERE person_id = ?", id, NULL)) ||
		   (rc = pt__rec_run(r, "DELETE FROM person_name WHERE person_id = ?", id, NULL))))
		return rc;
	if (!(s = pt__load_cached(r->imp, id ? update_sql : insert_sql)))
		return PT_EIO;
	rc = PT_OK;
	pt__bind_text(s, 19, p->birth.original);
	pt__bind_text(s, 20, p->extra);
	sqlite3_bind_text(s, 21, pt_status_name(status), -1, SQLITE_STATIC);
	pt__bind_text(s, 22, reason);
	pt__bind_text(s, 1, p->surname);
	pt__bind_text(s, 2, p->given_names);
	pt__bind_text(s, 3, p->sex);
	pt__bind_text(s, 4, p->nationality);
	pt__bind_date(s, 5, &p->birth);
	pt__bind_text(s, 8, p->birth_place);
	pt__bind_text(s, 9, p->service);
	pt__bind_text(s, 10, p->service_number);
	pt__bind_text(s, 11, p->rank);
	pt__bind_text(s, 12, p->unit);
	pt__bind_text(s, 13, p->notes);
	pt__bind_text(s, 14, hash);
	sqlite3_bind_int64(s, 15, r->imp->batch_id);
	sqlite3_bind_int64(s, 16, r->line);
	pt__bind_text(s, 17, record_source);
	pt__bind_text(s, 18, record_id);
	if (sqlite3_step(s) != SQLITE_DONE)
		rc = pt__sql_error(r->imp->db, "cannot write a person");
	sqlite3_reset(s);
	if (rc)
		return rc;
	if (!id)
		id = sqlite3_last_insert_rowid(r->imp->db->sql);
	else if ((rc = pt__rec_run(r, "DELETE FROM event WHERE person_id = ?", id, NULL)))
		return rc;

	if ((p->surname || p->given_names) &&
	    (rc = write_name(r, id, p->surname, p->given_names,
			     script_of(p->surname ? p->surname : p->given_names), 1, seq++, NULL, NULL)))
		return rc;
	if (p->name_original &&
	    (rc = write_name(r, id, p->name_original, NULL, script_of(p->name_original),
			     seq == 0, seq, "name as written in the record", NULL)))
		return rc;
	if (p->name_original)
		seq++;
	for (size_t i = 0; i < p->name_count; i++) {
		const struct name_in *n = &p->names[i];
		if ((rc = write_name(r, id, n->surname, n->given_names, n->script, seq == 0, seq,
				     n->notes, &n->citations)))
			return rc;
		seq++;
	}
	if ((rc = pt__rec_write_citations(r, &p->citations, T_PERSON, id)))
		return rc;
	return write_events(r, id, p, last);
}

/* ---- what looks wrong: warnings, not rejections ----------------------- */

#define MIN_AGE_AT_CAPTURE 14
#define MAX_AGE_AT_CAPTURE 70

/* Whole years from day a to day b (YYYYMMDD numbers). */
static long years_between(int64_t a, int64_t b)
{
	return (long)(b / 10000 - a / 10000) - ((b % 10000) < (a % 10000));
}

/* The date's earliest (`bound` PT_DATE_HAS_MIN) or latest day is known. */
static int has(const struct date_in *d, unsigned bound)
{
	return d->text && (d->date.flags & bound);
}

/* The age at capture, when the dates bound it, in words ("74", "5 to 6",
 * "at most 5", "at least 74"); *young and *old: whether it is surely under
 * MIN_AGE_AT_CAPTURE or over MAX_AGE_AT_CAPTURE. A half-open date ("before
 * 1944") bounds it on one side. */
static void age_at_capture(const struct date_in *birth, const struct date_in *capture,
			   char *age, size_t size, int *young, int *old)
{
	int has_oldest = has(birth, PT_DATE_HAS_MIN) && has(capture, PT_DATE_HAS_MAX);
	int has_youngest = has(birth, PT_DATE_HAS_MAX) && has(capture, PT_DATE_HAS_MIN);
	long oldest = has_oldest ? years_between(birth->date.min, capture->date.max) : 0;
	long youngest = has_youngest ? years_between(birth->date.max, capture->date.min) : 0;

	*young = has_oldest && oldest < MIN_AGE_AT_CAPTURE;
	*old = has_youngest && youngest > MAX_AGE_AT_CAPTURE;
	if (has_oldest && has_youngest && youngest == oldest)
		snprintf(age, size, "%ld", oldest);
	else if (has_oldest && has_youngest)
		snprintf(age, size, "%ld to %ld", youngest < 0 ? 0 : youngest, oldest);
	else if (has_oldest)
		snprintf(age, size, "at most %ld", oldest);
	else
		snprintf(age, size, "at least %ld", youngest);
}

/* A birth after the capture, a death before it, an age at capture under 14
 * or over 70: what a clerk's slip or a misread year gives. The record is
 * imported as written; the summary lists the warning. A date counts by its
 * earliest and latest days (a half-open one, "before 1944", by the one it
 * has): only what no reading of it avoids is said. */
static int plausibility(struct rec *r, const struct person_in *p)
{
	const struct event_in *capture = NULL;
	int rc, young, old;
	char age[48];

	for (size_t i = 0; i < p->event_count && !capture; i++)
		if (!strcmp(p->events[i].type, "capture") &&
		    (has(&p->events[i].date, PT_DATE_HAS_MIN) || has(&p->events[i].date, PT_DATE_HAS_MAX)))
			capture = &p->events[i];
	if (!capture)
		return PT_OK;
	age_at_capture(&p->birth, &capture->date, age, sizeof age, &young, &old);
	if (has(&p->birth, PT_DATE_HAS_MIN) && has(&capture->date, PT_DATE_HAS_MAX) &&
	    p->birth.date.min > capture->date.date.max) {
		if ((rc = pt__import_warning(r->imp, r->line, "birth_date", "born %s, after the "
					     "capture on %s", p->birth.date.edtf,
					     capture->date.date.edtf)))
			return rc;
	} else if ((young || old) &&
		   (rc = pt__import_warning(r->imp, r->line, "birth_date", "%s years old at "
					    "capture (born %s, captured %s)", age,
					    p->birth.date.edtf, capture->date.date.edtf))) {
		return rc;
	}
	for (size_t i = 0; i < p->event_count; i++) {
		const struct event_in *e = &p->events[i];
		char path[48];
		if ((strcmp(e->type, "death") && strcmp(e->type, "burial")) ||
		    !has(&e->date, PT_DATE_HAS_MAX) || !has(&capture->date, PT_DATE_HAS_MIN) ||
		    e->date.date.max >= capture->date.date.min)
			continue;
		snprintf(path, sizeof path, "events[%zu].date", i + 1);
		if ((rc = pt__import_warning(r->imp, r->line, path, "%s %s, before the capture on %s",
					     strcmp(e->type, "death") ? "buried" : "died",
					     e->date.date.edtf, capture->date.date.edtf)))
			return rc;
	}
	return PT_OK;
}

/* A person read and checked, its hash in r->hash: its identity checked
 * against the file and the database, then written (or counted unchanged). */
static int load_checked(struct rec *r, struct person_in *p)
{
	const char *record_source, *record_id, *hash = r->hash;
	char ident_hash[96];
	pt__buf ident = PT__BUF_INIT;
	enum fate fate;
	int64_t id;
	int rc;

	if ((rc = plausibility(r, p)))
		return rc;
	record_source = p->source ? p->source
		      : p->citations.count ? p->citations.items[0].source_key : "";
	record_source = pt__source_key_of(r->imp, record_source); /* a source made from words */
	if (p->record_id) {
		record_id = p->record_id;
		pt__buf_printf(&ident, "%s\x1f%s", record_source, record_id);
		rc = pt__rec_check_duplicate(r, "record_id", PT__KIND_PERSON, pt__buf_str(&ident), record_id);
	} else {
		/* identified by content; a register that lists the same entry twice
		 * lists two persons as far as we know: the second is "...#2" */
		int64_t first = 0;
		for (int n = 1; rc == PT_OK; n++) {
			if (n == 1)
				snprintf(ident_hash, sizeof ident_hash, "sha256:%s", hash);
			else
				snprintf(ident_hash, sizeof ident_hash, "sha256:%s#%d", hash, n);
			pt__buf_reset(&ident);
			pt__buf_printf(&ident, "%s\x1f%s", record_source, ident_hash);
			if ((rc = pt__rec_seen_line(r, PT__KIND_PERSON, pt__buf_str(&ident), hash, &first)) ||
			    first == r->line)
				break;
		}
		record_id = ident_hash;
	}
	pt__buf_release(&ident);
	if (rc || r->failed)
		return rc ? rc : PT_EINVAL;
	if ((rc = pt__rec_existing(r, "SELECT id, content_hash FROM person WHERE record_source = ? "
			   "AND record_id = ?", record_source, record_id, hash, &id, &fate)) ||
	    (rc = pt__rec_good(r)))
		return rc;
	if (fate != F_UNCHANGED && (rc = write_person(r, p, record_source, record_id, hash, id)))
		return rc;
	pt__rec_count(r, fate);
	return PT_OK;
}

int pt__load_person(struct rec *r, json_t *obj)
{
	struct person_in p = { 0 };
	char hash[65];
	int rc;

	if ((rc = read_person(r, obj, &p)))
		return rc;
	if (r->failed)
		return PT_EINVAL;
	if ((rc = pt__rec_hash(r, obj, hash)))
		return rc;
	memcpy(r->hash, hash, sizeof hash);
	return load_checked(r, &p);
}

/* ---- a flat row's person ------------------------------------------------- */

/* A text of the row checked and normalised where it is. */
static int flat_text(struct rec *r, const char *prefix, const char *key, size_t max,
		     int normal, char **field)
{
	char *raw = *field;
	*field = NULL;
	if (!raw)
		return PT_OK;
	return pt__rec_text_value(r, prefix, key, raw, strlen(raw), max, normal, field);
}

static int flat_event(struct rec *r, const char *prefix, int normal, struct event_in *e)
{
	char *type = (char *)e->type, *date = e->date.text;
	int rc;

	e->type = NULL;
	e->date.text = NULL;
	if ((rc = pt__rec_enum_value(r, prefix, "type", type, normal, PT__VOCAB_EVENT_TYPE,
				     &e->type)) == PT_ENOMEM ||
	    (date && (rc = pt__rec_date_value(r, prefix, "date", date, normal,
					      pt_date_role_of_event(type), &e->date)) == PT_ENOMEM) ||
	    (rc = flat_text(r, prefix, "date_original", MAX_NAME, normal,
			    &e->date_original)) == PT_ENOMEM ||
	    (rc = flat_text(r, prefix, "place", MAX_NAME, normal, &e->place)) == PT_ENOMEM ||
	    (rc = flat_text(r, prefix, "agent", MAX_NAME, normal, &e->agent)) == PT_ENOMEM ||
	    (rc = flat_text(r, prefix, "notes", MAX_TEXT, normal, &e->notes)) == PT_ENOMEM ||
	    (rc = flat_text(r, prefix, "camp", MAX_NAME, normal, &e->camp_name)) == PT_ENOMEM ||
	    (rc = flat_text(r, prefix, "operation", MAX_NAME, normal,
			    &e->operation_key)) == PT_ENOMEM)
		return rc;
	return event_resolve(r, prefix, e);
}

/* The row's one citation (its source and locator), as read_citation reads it. */
static int flat_citation(struct rec *r, int normal, struct citation_in *c)
{
	static const char prefix[] = "citations[1].";
	int rc;

	c->confidence = -1;
	if ((rc = flat_text(r, prefix, "source", MAX_NAME, normal, &c->source_key)) == PT_ENOMEM ||
	    (rc = flat_text(r, prefix, "locator", MAX_NAME, normal, &c->locator)) == PT_ENOMEM)
		return rc;
	if (!c->source_key)
		return problem(r, "citations[1].source", "required") == PT_ENOMEM ? PT_ENOMEM : PT_OK;
	return pt__rec_source(r, "citations[1].source", c->source_key,
			      &c->source_id) == PT_ENOMEM ? PT_ENOMEM : PT_OK;
}

/* The texts the row gave, checked and normalised in the order read_person
 * reads a JSON record's (so that a row's problems come in the same order). */
static int check_flat(struct rec *r, struct person_in *p)
{
	char *sex = p->sex, *nationality = p->nationality, *birth = p->birth.text;
	const char *sex_code = NULL;
	int n = p->normal, rc;

	p->sex = p->nationality = p->birth.text = NULL;
	if ((rc = flat_text(r, "", "record_id", MAX_NAME, n, &p->record_id)) == PT_ENOMEM ||
	    (rc = flat_text(r, "", "source", MAX_NAME, n, &p->source)) == PT_ENOMEM ||
	    (rc = flat_text(r, "", "surname", MAX_NAME, n, &p->surname)) == PT_ENOMEM ||
	    (rc = flat_text(r, "", "given_names", MAX_NAME, n, &p->given_names)) == PT_ENOMEM ||
	    (rc = flat_text(r, "", "name_original", MAX_NAME, n, &p->name_original)) == PT_ENOMEM ||
	    (sex && (rc = pt__rec_enum_value(r, "", "sex", sex, n, PT__VOCAB_SEX,
					     &sex_code)) == PT_ENOMEM) ||
	    (nationality && (rc = pt__rec_country_value(r, "", "nationality", nationality, n,
							&p->nationality)) == PT_ENOMEM) ||
	    (birth && (rc = pt__rec_date_value(r, "", "birth_date", birth, n, PT_DATE_ROLE_BIRTH,
					       &p->birth)) == PT_ENOMEM) ||
	    (rc = flat_text(r, "", "birth_date_original", MAX_NAME, n,
			    &p->birth_date_original)) == PT_ENOMEM ||
	    (rc = flat_text(r, "", "birth_place", MAX_NAME, n, &p->birth_place)) == PT_ENOMEM ||
	    (rc = flat_text(r, "", "service", MAX_NAME, n, &p->service)) == PT_ENOMEM ||
	    (rc = flat_text(r, "", "service_number", MAX_NAME, n, &p->service_number)) == PT_ENOMEM ||
	    (rc = flat_text(r, "", "rank", MAX_NAME, n, &p->rank)) == PT_ENOMEM ||
	    (rc = flat_text(r, "", "unit", MAX_NAME, n, &p->unit)) == PT_ENOMEM ||
	    (rc = flat_text(r, "", "notes", MAX_TEXT, n, &p->notes)) == PT_ENOMEM ||
	    (p->citations.count && (rc = flat_citation(r, n, &p->citations.items[0]))))
		return rc;
	p->sex = (char *)sex_code;
	if (p->birth_date_original) /* what the register said, before a mapping rewrote it */
		p->birth.original = p->birth_date_original;
	if (p->extra_count && !(p->extra = pt__rec_keep(r, pt__extra_json(p->extra_items,
									  p->extra_count))))
		return PT_ENOMEM;
	if (!p->surname && !p->given_names && !p->name_original && !r->failed)
		problem(r, "surname", "a person needs a surname or given names");
	if (p->source) {
		int64_t id;
		if ((rc = pt__rec_source(r, "source", p->source, &id)) == PT_ENOMEM)
			return rc;
	}
	for (size_t i = 0; i < p->event_count; i++) {
		char prefix[32];
		snprintf(prefix, sizeof prefix, "events[%zu].", i + 1);
		if ((rc = flat_event(r, pt__rec_field(r, "", prefix), n, &p->events[i])))
			return rc;
	}
	return PT_OK;
}

int pt__load_person_flat(struct rec *r, struct person_in *p)
{
	int rc;

	/* of the texts as the row gave them (by the thread that read it, ahead.c) */
	if (p->hashed)
		memcpy(r->hash, p->hash, sizeof r->hash);
	else
		pt__person_hash(p, r->hash);
	if ((rc = check_flat(r, p)))
		return rc;
	if (r->failed)
		return PT_EINVAL;
	return load_checked(r, p);
}
