/*
 * evidence.c - the evidence on a person's fate: the events that say how
 * their captivity ended (returns and repatriations against deaths and
 * burials), each with the citations and grades behind it, so that a
 * 'conflicting' status can be shown with what competes.
 */
#include <stdlib.h>
#include <string.h>

#include "sources/sources.h"

/* "returned" or "died" for an event that ends the captivity, else NULL */
static const char *fate_of(const char *type)
{
	enum pt__fate fate = pt__event_fate(type);
	return fate == PT__FATE_RETURNED || fate == PT__FATE_DIED ? pt__fate_name(fate) : NULL;
}

void pt_fate_events_free(pt_fate_events *events)
{
	if (!events)
		return;
	for (size_t i = 0; i < events->count; i++) {
		pt_fate_event *e = &events->items[i];
		free(e->type); free(e->date); free(e->camp); free(e->place);
		for (size_t k = 0; k < e->citation_count; k++)
			pt__cite_release(&e->citations[k]);
		free(e->citations);
	}
	free(events->items);
	free(events);
}

/* A deep copy of a citation (an event with none of its own takes the
 * person's); PT_ENOMEM leaves what was copied for pt__cite_release. */
static int cite_copy(pt_cite *to, const pt_cite *from)
{
	*to = *from;
	to->source_key = pt__strdup(from->source_key);
	to->source_kind = pt__strdup(from->source_kind);
	to->source_title = pt__strdup(from->source_title);
	to->locator = pt__strdup(from->locator);
	to->source_quality = pt__strdup(from->source_quality);
	to->information = pt__strdup(from->information);
	to->evidence = pt__strdup(from->evidence);
	to->notes = pt__strdup(from->notes);
	return !to->source_key || (from->source_kind && !to->source_kind) ||
	       (from->source_title && !to->source_title) || (from->locator && !to->locator) ||
	       (from->source_quality && !to->source_quality) ||
	       (from->information && !to->information) || (from->evidence && !to->evidence) ||
	       (from->notes && !to->notes) ? PT_ENOMEM : PT_OK;
}

/* The person's own citations, given to each event that has none. */
static int person_cites(pt_db *db, int64_t id, pt_fate_events *list)
{
	static const char sql[] = "SELECT s.key, s.kind, s.title, ct.locator, ct.source_quality, "
				  "ct.information, ct.evidence, ct.confidence, ct.notes "
				  "FROM citation ct JOIN source s ON s.id = ct.source_id "
				  "WHERE ct.person_id = ? ORDER BY ct.id";
	sqlite3_stmt *s = NULL;
	pt_cite *cites = NULL;
	size_t count = 0;
	int rc = PT_OK, wanted = 0;

	for (size_t i = 0; i < list->count; i++)
		wanted |= !list->items[i].citation_count;
	if (!wanted)
		return PT_OK;
	if ((rc = pt__stmt_get(db, &s, sql)))
		return rc;
	rc = pt__cites_read(db, s, id, &cites, &count);
	pt__stmt_put(db, s);
	for (size_t i = 0; i < list->count && count && !rc; i++) {
		pt_fate_event *e = &list->items[i];
		if (e->citation_count)
			continue;
		if (!(e->citations = calloc(count, sizeof *e->citations))) {
			rc = pt__error(db, PT_ENOMEM, "out of memory");
			break;
		}
		for (size_t k = 0; k < count && !rc; k++, e->citation_count++)
			if (cite_copy(&e->citations[k], &cites[k]))
				rc = pt__error(db, PT_ENOMEM, "out of memory");
	}
	for (size_t k = 0; k < count; k++)
		pt__cite_release(&cites[k]);
	free(cites);
	return rc;
}

/* The events that end a captivity, as the evidence on his fate lists them */
static int ends_captivity(const char *type)
{
	static const char *const types[] = { "return", "repatriation", "death", "burial" };
	for (size_t i = 0; type && i < sizeof types / sizeof *types; i++)
		if (!strcmp(type, types[i]))
			return 1;
	return 0;
}

/* The events with their camps, in record order, and the citations of each,
 * in one query: a row for each citation (or one with none); the events are
 * picked here, not in SQL ("type IN (...)" made SQLite build a temporary
 * table for the list each time). *events: how many events he has at all. */
static int fate_events_read(pt_db *db, int64_t id, pt_fate_events *list, size_t *events)
{
	static const char sql[] =
		"SELECT e.id, e.seq, e.type, e.date, c.name, e.place, s.key, s.kind, s.title, "
		"ct.locator, ct.source_quality, ct.information, ct.evidence, ct.confidence, ct.notes "
		"FROM event e LEFT JOIN camp c ON c.id = e.camp_id "
		"LEFT JOIN citation ct ON ct.event_id = e.id "
		"LEFT JOIN source s ON s.id = ct.source_id "
		"WHERE e.person_id = ? ORDER BY e.seq, e.id, ct.id";
	sqlite3_stmt *s = NULL;
	int64_t last = 0;
	int rc, step;

	*events = 0;
	if ((rc = pt__stmt_get(db, &s, sql)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t event = sqlite3_column_int64(s, 0);
		int first = !*events || event != last;   /* its first row */
		pt_fate_event *e;
		last = event;
		*events += first;
		if (!ends_captivity((const char *)sqlite3_column_text(s, 2)))
			continue;
		if (first) {
			pt_fate_event *grown = realloc(list->items, (list->count + 1) * sizeof *grown);
			if (!grown)
				break;
			list->items = grown;
			e = &grown[list->count++];
			memset(e, 0, sizeof *e);
			e->id = event;
			e->seq = sqlite3_column_int(s, 1);
			e->type = pt__column_dup(s, 2);
			e->date = pt__column_dup(s, 3);
			e->camp = pt__column_dup(s, 4);
			e->place = pt__column_dup(s, 5);
			if (!e->type)
				break;
			e->fate = fate_of(e->type);
		}
		e = &list->items[list->count - 1];
		if (sqlite3_column_type(s, 6) != SQLITE_NULL &&
		    (rc = pt__cite_add(db, s, 6, &e->citations, &e->citation_count)))
			break;
	}
	rc = step == SQLITE_DONE ? PT_OK
	   : step == SQLITE_ROW ? pt__error(db, PT_ENOMEM, "out of memory")
	   : pt__sql_error(db, "cannot read events");
	pt__stmt_put(db, s);
	return rc;
}

int pt_person_fate_events(pt_db *db, int64_t id, pt_fate_events **out)
{
	pt_fate_events *list = NULL;
	size_t events = 0;
	int rc, transaction = 0;

	*out = NULL;
	/* one read transaction for its few statements */
	if ((rc = pt__read_begin(db, &transaction)))
		return rc;
	if (!(list = calloc(1, sizeof *list))) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if ((rc = fate_events_read(db, id, list, &events)))
		goto cleanup;
	if (!events) {
		/* no event: is there such a person? */
		sqlite3_stmt *s = NULL;
		if ((rc = pt__stmt_get(db, &s, "SELECT 1 FROM person WHERE id = ?")))
			goto cleanup;
		sqlite3_bind_int64(s, 1, id);
		rc = sqlite3_step(s);
		rc = rc == SQLITE_ROW ? PT_OK
		   : rc == SQLITE_DONE ? pt__error(db, PT_ENOTFOUND, "no person with id %lld",
						   (long long)id)
		   : pt__sql_error(db, "cannot read person");
		pt__stmt_put(db, s);
		if (rc)
			goto cleanup;
	}
	/* an event with no citation of its own rests on the person's */
	if ((rc = person_cites(db, id, list)))
		goto cleanup;
	*out = list;
	list = NULL;
cleanup:
	pt_fate_events_free(list);
	pt__read_end(db, transaction);
	return rc;
}

/* A citation of the dossier as the event sees it (PT_ENOMEM leaves what was
 * copied for pt__cite_release). */
static int cite_of(pt_cite *to, const pt_citation *from)
{
	pt_cite view = { (char *)from->source_key, (char *)from->source_kind,
			 (char *)from->source_title, (char *)from->locator,
			 (char *)from->source_quality, (char *)from->information,
			 (char *)from->evidence, from->confidence,
			 pt_confidence_quay(from->confidence), (char *)from->notes };
	return cite_copy(to, &view);
}

/* The citations of the dossier on event `event_id` (0: the person's own) */
static int event_cites(pt_db *db, const pt_person *p, const char *person_target,
		       int64_t event_id, pt_fate_event *e)
{
	for (size_t k = 0; k < p->citation_count; k++) {
		const pt_citation *c = &p->citations[k];
		pt_cite *grown;
		if (event_id ? c->event_id != event_id
			     : !c->target || strcmp(c->target, person_target))
			continue;
		if (!(grown = realloc(e->citations, (e->citation_count + 1) * sizeof *grown)))
			return pt__error(db, PT_ENOMEM, "out of memory");
		e->citations = grown;
		memset(&grown[e->citation_count], 0, sizeof *grown);
		if (cite_of(&grown[e->citation_count++], c))
			return pt__error(db, PT_ENOMEM, "out of memory");
	}
	return PT_OK;
}

int pt_person_fate_events_of(pt_db *db, const pt_person *p, pt_fate_events **out)
{
	/* the dossier has the events in record order and the citations on the
	 * person (by id) and on each event (by id), as fate_events_read and
	 * person_cites order them */
	pt_fate_events *list = calloc(1, sizeof *list);
	int rc = PT_OK;

	*out = NULL;
	if (!list)
		return pt__error(db, PT_ENOMEM, "out of memory");
	for (size_t i = 0; i < p->event_count && !rc; i++) {
		const pt_event *ev = &p->events[i];
		pt_fate_event *e, *grown;
		if (!ends_captivity(ev->type))
			continue;
		if (!(grown = realloc(list->items, (list->count + 1) * sizeof *grown))) {
			rc = pt__error(db, PT_ENOMEM, "out of memory");
			break;
		}
		list->items = grown;
		e = &grown[list->count++];
		memset(e, 0, sizeof *e);
		e->id = ev->id;
		e->seq = ev->seq;
		e->type = pt__strdup(ev->type);
		e->date = pt__strdup(ev->date);
		e->camp = pt__strdup(ev->camp);
		e->place = pt__strdup(ev->place);
		if (!e->type || (ev->date && !e->date) || (ev->camp && !e->camp) ||
		    (ev->place && !e->place)) {
			rc = pt__error(db, PT_ENOMEM, "out of memory");
			break;
		}
		e->fate = fate_of(e->type);
		/* an event with no citation of its own rests on the person's */
		if (!(rc = event_cites(db, p, NULL, ev->id, e)) && !e->citation_count)
			rc = event_cites(db, p, "person", 0, e);
	}
	if (rc) {
		pt_fate_events_free(list);
		return rc;
	}
	*out = list;
	return PT_OK;
}
