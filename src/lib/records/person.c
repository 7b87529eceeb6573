/*
 * person.c - reads a person's dossier: the person, every name form, the
 * events in record order with camps and operations, and the citations on
 * any of them.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "records/records.h"

/* The texts of a dossier's columns are kept in room allocated with the
 * struct, one allocation for most men rather than one a column; a text that
 * does not fit, or that needed repair, is allocated on its own, and
 * pt_person_free frees only those. */
#define PERSON_ROOM 1536

struct room {
	char *at, *end;
};

static char *room_dup(struct room *r, sqlite3_stmt *s, int i)
{
	const char *t = (const char *)sqlite3_column_text(s, i);
	size_t n, bad;
	char *copy;
	if (!t)
		return NULL;
	n = (size_t)sqlite3_column_bytes(s, i);
	if (n >= (size_t)(r->end - r->at) || memchr(t, '\0', n) || !pt__utf8_valid(t, n, &bad))
		return pt__text_dup(t, n);
	copy = r->at;
	memcpy(copy, t, n);
	copy[n] = '\0';
	r->at += n + 1;
	return copy;
}

static void text_free(const pt_person *p, char *text)
{
	uintptr_t room = (uintptr_t)(p + 1), at = (uintptr_t)text;
	if (at < room || at >= room + PERSON_ROOM)
		free(text);
}

/* The reads of the person, his names and his events tell whether any of
 * them is cited (*cited), so that most dossiers, which have no citation,
 * skip the citations' three look-ups. */
static int load_names(pt_db *db, pt_person *p, struct room *r, int *cited)
{
	static const char sql[] = "SELECT id, surname, given_names, script, is_primary, "
				  "coalesce(batch_id, 0), coalesce(batch_line, 0), "
				  "EXISTS (SELECT 1 FROM citation WHERE name_id = person_name.id) "
				  "FROM person_name WHERE person_id = ? ORDER BY seq, id";
	sqlite3_stmt *s = NULL;
	int rc = pt__stmt_get(db, &s, sql);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, p->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pt_name *n;
		if (!(p->name_count & (p->name_count + 1))) {   /* 0, 1, 3, 7...: full */
			pt_name *grown = realloc(p->names, (2 * p->name_count + 2) * sizeof *grown);
			if (!grown) {
				pt__stmt_put(db, s);
				return pt__error(db, PT_ENOMEM, "out of memory");
			}
			p->names = grown;
		}
		n = &p->names[p->name_count++];
		memset(n, 0, sizeof *n);
		n->id = sqlite3_column_int64(s, 0);
		n->surname = room_dup(r, s, 1);
		n->given_names = room_dup(r, s, 2);
		n->script = room_dup(r, s, 3);
		n->is_primary = sqlite3_column_int(s, 4);
		n->batch_id = sqlite3_column_int64(s, 5);
		n->batch_line = (long)sqlite3_column_int64(s, 6);
		*cited |= sqlite3_column_int(s, 7);
	}
	pt__stmt_put(db, s);
	return rc == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot read names");
}

static int load_events(pt_db *db, pt_person *p, struct room *r, int *cited)
{
	static const char sql[] =
		"SELECT e.id, e.type, e.date, e.date_original, c.key, c.name, e.place, o.key, "
		"o.name, e.agent, e.notes, coalesce(e.batch_id, 0), coalesce(e.batch_line, 0), e.seq, "
		"EXISTS (SELECT 1 FROM citation ct WHERE ct.event_id = e.id) "
		"FROM event e LEFT JOIN camp c ON c.id = e.camp_id "
		"LEFT JOIN operation o ON o.id = e.operation_id WHERE e.person_id = ? "
		"ORDER BY e.seq, e.id";
	sqlite3_stmt *s = NULL;
	int rc = pt__stmt_get(db, &s, sql);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, p->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pt_event *e;
		if (!(p->event_count & (p->event_count + 1))) {   /* 0, 1, 3, 7...: full */
			pt_event *grown = realloc(p->events, (2 * p->event_count + 2) * sizeof *grown);
			if (!grown) {
				pt__stmt_put(db, s);
				return pt__error(db, PT_ENOMEM, "out of memory");
			}
			p->events = grown;
		}
		e = &p->events[p->event_count++];
		e->id = sqlite3_column_int64(s, 0);
		e->type = room_dup(r, s, 1);
		e->date = room_dup(r, s, 2);
		e->date_original = room_dup(r, s, 3);
		e->camp_key = room_dup(r, s, 4);
		e->camp = room_dup(r, s, 5);
		e->place = room_dup(r, s, 6);
		e->operation_key = room_dup(r, s, 7);
		e->operation = room_dup(r, s, 8);
		e->agent = room_dup(r, s, 9);
		e->notes = room_dup(r, s, 10);
		e->batch_id = sqlite3_column_int64(s, 11);
		e->batch_line = (long)sqlite3_column_int64(s, 12);
		e->seq = sqlite3_column_int(s, 13);
		*cited |= sqlite3_column_int(s, 14);
	}
	pt__stmt_put(db, s);
	return rc == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot read events");
}

void pt__citation_from_row(sqlite3_stmt *s, pt_citation *c)
{
	c->id = sqlite3_column_int64(s, 0);
	c->source_key = pt__column_dup(s, 1);
	c->source_kind = pt__column_dup(s, 2);
	c->source_title = pt__column_dup(s, 3);
	c->locator = pt__column_dup(s, 4);
	c->target = pt__column_dup(s, 5);
	c->source_quality = pt__column_dup(s, 6);
	c->information = pt__column_dup(s, 7);
	c->evidence = pt__column_dup(s, 8);
	c->confidence = sqlite3_column_int(s, 9);
	c->event_id = 0;
	c->notes = NULL;
}

void pt__citation_release(pt_citation *c)
{
	if (!c)
		return;
	free(c->source_key); free(c->source_kind); free(c->source_title); free(c->locator);
	free(c->target); free(c->source_quality); free(c->information); free(c->evidence);
	free(c->notes);
}

/* The citations' order: the person's, then each name's (in name order),
 * then each event's (in event order), each group by id. */
struct cite_order {
	int group;        /* 0 person, 1 name, 2 event */
	int64_t seq, id;
	size_t index;
};

static int compare_cites(const void *a, const void *b)
{
	const struct cite_order *x = a, *y = b;
	if (x->group != y->group)
		return x->group < y->group ? -1 : 1;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int sort_citations(pt_db *db, pt_person *p, struct cite_order *order)
{
	pt_citation *sorted;
	if (p->citation_count < 2)
		return PT_OK;
	qsort(order, p->citation_count, sizeof *order, compare_cites);
	if (!(sorted = malloc(p->citation_count * sizeof *sorted)))
		return pt__error(db, PT_ENOMEM, "out of memory");
	for (size_t i = 0; i < p->citation_count; i++)
		sorted[i] = p->citations[order[i].index];
	free(p->citations);
	p->citations = sorted;
	return PT_OK;
}

static int load_citations(pt_db *db, pt_person *p)
{
	/* three index look-ups, one for each thing a citation of his can
	 * support (a citation supports exactly one), and no temporary table:
	 * "ct.id IN (...) ORDER BY" made SQLite build two for each dossier,
	 * most of which have no citation at all; sorted below */
#define CITATION_COLUMNS "SELECT ct.id, s.key, s.kind, s.title, ct.locator, "
#define CITATION_GRADES ", ct.source_quality, ct.information, ct.evidence, " \
			"coalesce(ct.confidence, -1), "
	static const char sql[] =
		CITATION_COLUMNS "'person'" CITATION_GRADES "0, 0, 0, ct.notes "
		"FROM citation ct JOIN source s ON s.id = ct.source_id WHERE ct.person_id = ?1 "
		"UNION ALL "
		CITATION_COLUMNS "'name ' || (n.seq + 1)" CITATION_GRADES "1, n.seq, 0, ct.notes "
		"FROM person_name n JOIN citation ct ON ct.name_id = n.id "
		"JOIN source s ON s.id = ct.source_id WHERE n.person_id = ?1 "
		"UNION ALL "
		CITATION_COLUMNS "'event ' || e.seq" CITATION_GRADES "2, e.seq, e.id, ct.notes "
		"FROM event e JOIN citation ct ON ct.event_id = e.id "
		"JOIN source s ON s.id = ct.source_id WHERE e.person_id = ?1";
#undef CITATION_COLUMNS
#undef CITATION_GRADES
	struct cite_order *order = NULL;
	size_t cap = 0;
	sqlite3_stmt *s = NULL;
	int rc = pt__stmt_get(db, &s, sql);
	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, p->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (p->citation_count == cap) {
			size_t grown_cap = cap ? cap * 2 : 4;
			pt_citation *grown = realloc(p->citations, grown_cap * sizeof *grown);
			struct cite_order *grown_order;
			if (grown)
				p->citations = grown;
			if (!grown || !(grown_order = realloc(order, grown_cap * sizeof *order))) {
				rc = PT_ENOMEM;
				break;
			}
			order = grown_order;
			cap = grown_cap;
		}
		order[p->citation_count].group = sqlite3_column_int(s, 10);
		order[p->citation_count].seq = sqlite3_column_int64(s, 11);
		order[p->citation_count].id = sqlite3_column_int64(s, 0);
		order[p->citation_count].index = p->citation_count;
		pt__citation_from_row(s, &p->citations[p->citation_count]);
		p->citations[p->citation_count].event_id = sqlite3_column_int64(s, 12);
		p->citations[p->citation_count++].notes = pt__column_dup(s, 13);
	}
	pt__stmt_put(db, s);
	if (rc == SQLITE_DONE)
		rc = sort_citations(db, p, order);
	else if (rc == PT_ENOMEM)
		rc = pt__error(db, PT_ENOMEM, "out of memory");
	else
		rc = pt__sql_error(db, "cannot read citations");
	free(order);
	return rc;
}

/* The status stored with a person (unknown when it is no status). */
static pt_status status_from_name(const char *name)
{
	pt_status status = PT_STATUS_UNKNOWN;
	pt_status_parse(name, &status);
	return status;
}

int pt_person_get(pt_db *db, int64_t id, pt_person **out)
{
	return pt__person_read(db, id, out, NULL);
}

int pt__person_read(pt_db *db, int64_t id, pt_person **out, int64_t *last_event_id)
{
	return pt__person_read_linked(db, id, out, last_event_id, NULL);
}

int pt__person_read_linked(pt_db *db, int64_t id, pt_person **out, int64_t *last_event_id,
			   int64_t *individual)
{
#define PERSON_COLUMNS \
		"SELECT record_source, record_id, surname, given_names, sex, nationality, " \
		"birth_date, birth_place, service, service_number, rank, unit, notes, status, " \
		"status_reason, coalesce(batch_id, 0), coalesce(batch_line, 0), " \
		"coalesce(first_batch_id, 0), birth_date_original, extra, " \
		"(SELECT file || coalesce(':' || sheet, '') FROM import_batch WHERE id = person.batch_id), " \
		"coalesce(last_event_id, 0), " \
		"EXISTS (SELECT 1 FROM citation WHERE person_id = person.id)"
	static const char sql[] = PERSON_COLUMNS " FROM person WHERE id = ?";
	/* (a record linked to others has a row, each of them; link/cluster.c) */
	static const char sql_linked[] = PERSON_COLUMNS ", "
		"coalesce((SELECT individual_id FROM individual_member WHERE person_id = person.id), 0) "
		"FROM person WHERE id = ?";
#undef PERSON_COLUMNS
	sqlite3_stmt *s = NULL;
	pt_person *p;
	struct room room;
	int rc, cited;

	*out = NULL;
	if ((rc = pt__stmt_get(db, &s, individual ? sql_linked : sql)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		pt__stmt_put(db, s);
		if (rc == SQLITE_DONE)
			return pt__error(db, PT_ENOTFOUND, "no person with id %lld", (long long)id);
		return pt__sql_error(db, "cannot read person");
	}
	p = malloc(sizeof *p + PERSON_ROOM);
	if (!p) {
		pt__stmt_put(db, s);
		return pt__error(db, PT_ENOMEM, "out of memory");
	}
	memset(p, 0, sizeof *p);
	room.at = (char *)(p + 1);
	room.end = room.at + PERSON_ROOM;
	p->id = id;
	p->record_source = room_dup(&room, s, 0);
	p->record_id = room_dup(&room, s, 1);
	p->surname = room_dup(&room, s, 2);
	p->given_names = room_dup(&room, s, 3);
	p->sex = room_dup(&room, s, 4);
	p->nationality = room_dup(&room, s, 5);
	p->birth_date = room_dup(&room, s, 6);
	p->birth_place = room_dup(&room, s, 7);
	p->service = room_dup(&room, s, 8);
	p->service_number = room_dup(&room, s, 9);
	p->rank = room_dup(&room, s, 10);
	p->unit = room_dup(&room, s, 11);
	p->notes = room_dup(&room, s, 12);
	p->status = status_from_name((const char *)sqlite3_column_text(s, 13));
	p->status_reason = room_dup(&room, s, 14);
	p->batch_id = sqlite3_column_int64(s, 15);
	p->batch_line = (long)sqlite3_column_int64(s, 16);
	p->first_batch_id = sqlite3_column_int64(s, 17);
	p->birth_date_original = room_dup(&room, s, 18);
	p->extra = room_dup(&room, s, 19);
	p->batch_file = room_dup(&room, s, 20);
	if (last_event_id)
		*last_event_id = sqlite3_column_int64(s, 21);
	cited = sqlite3_column_int(s, 22);
	if (individual)
		*individual = sqlite3_column_int64(s, 23);
	pt__stmt_put(db, s);

	if ((rc = load_names(db, p, &room, &cited)) || (rc = load_events(db, p, &room, &cited)) ||
	    (cited && (rc = load_citations(db, p)))) {
		pt_person_free(p);
		return rc;
	}
	*out = p;
	return PT_OK;
}

void pt_person_free(pt_person *p)
{
	if (!p)
		return;
	for (size_t i = 0; i < p->name_count; i++) {
		text_free(p, p->names[i].surname);
		text_free(p, p->names[i].given_names);
		text_free(p, p->names[i].script);
	}
	for (size_t i = 0; i < p->event_count; i++) {
		pt_event *e = &p->events[i];
		char *texts[] = { e->type, e->date, e->date_original, e->camp_key, e->camp,
				  e->place, e->operation_key, e->operation, e->agent, e->notes };
		for (size_t k = 0; k < sizeof texts / sizeof *texts; k++)
			text_free(p, texts[k]);
	}
	for (size_t i = 0; i < p->citation_count; i++)
		pt__citation_release(&p->citations[i]);
	free(p->names);
	free(p->events);
	free(p->citations);
	{
		char *texts[] = { p->record_source, p->record_id, p->surname, p->given_names,
				  p->sex, p->nationality, p->birth_date, p->birth_place,
				  p->service, p->service_number, p->rank, p->unit, p->notes,
				  p->status_reason, p->birth_date_original, p->extra,
				  p->batch_file };
		for (size_t k = 0; k < sizeof texts / sizeof *texts; k++)
			text_free(p, texts[k]);
	}
	free(p);
}
