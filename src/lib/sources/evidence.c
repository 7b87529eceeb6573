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

int pt_person_fate_events(pt_db *db, int64_t id, pt_fate_events **out)
{
	static const char events_sql[] =
		"SELECT e.id, e.seq, e.type, e.date, c.name, e.place FROM event e "
		"LEFT JOIN camp c ON c.id = e.camp_id WHERE e.person_id = ? "
		"AND e.type IN ('return', 'repatriation', 'death', 'burial') ORDER BY e.seq, e.id";
#define CITE_COLUMNS "s.key, s.kind, s.title, ct.locator, ct.source_quality, ct.information, " \
		     "ct.evidence, ct.confidence, ct.notes FROM citation ct " \
		     "JOIN source s ON s.id = ct.source_id "
	static const char event_cites[] = "SELECT " CITE_COLUMNS "WHERE ct.event_id = ? ORDER BY ct.id";
	static const char person_cites[] = "SELECT " CITE_COLUMNS "WHERE ct.person_id = ? ORDER BY ct.id";
#undef CITE_COLUMNS
	sqlite3_stmt *s = NULL, *ec = NULL, *pc = NULL;
	pt_fate_events *list;
	int rc;

	*out = NULL;
	if ((rc = pt__prepare(db, &s, "SELECT 1 FROM person WHERE id = ?")))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s);
	sqlite3_finalize(s);
	s = NULL;
	if (rc != SQLITE_ROW)
		return rc == SQLITE_DONE ? pt__error(db, PT_ENOTFOUND, "no person with id %lld",
						     (long long)id)
					 : pt__sql_error(db, "cannot read person");
	if (!(list = calloc(1, sizeof *list)))
		return pt__error(db, PT_ENOMEM, "out of memory");
	if ((rc = pt__prepare(db, &s, events_sql)) || (rc = pt__prepare(db, &ec, event_cites)) ||
	    (rc = pt__prepare(db, &pc, person_cites)))
		goto cleanup;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pt_fate_event *grown = realloc(list->items, (list->count + 1) * sizeof *grown), *e;
		if (!grown) {
			rc = pt__error(db, PT_ENOMEM, "out of memory");
			goto cleanup;
		}
		list->items = grown;
		e = &grown[list->count++];
		memset(e, 0, sizeof *e);
		e->id = sqlite3_column_int64(s, 0);
		e->seq = sqlite3_column_int(s, 1);
		e->type = pt__column_dup(s, 2);
		e->date = pt__column_dup(s, 3);
		e->camp = pt__column_dup(s, 4);
		e->place = pt__column_dup(s, 5);
		if (!e->type) {
			rc = pt__error(db, PT_ENOMEM, "out of memory");
			goto cleanup;
		}
		e->fate = fate_of(e->type);
		if ((rc = pt__cites_read(db, ec, e->id, &e->citations, &e->citation_count)))
			goto cleanup;
	}
	if (rc != SQLITE_DONE) {
		rc = pt__sql_error(db, "cannot read events");
		goto cleanup;
	}
	rc = PT_OK;
	/* an event with no citation of its own rests on the person's */
	for (size_t i = 0; i < list->count && rc == PT_OK; i++)
		if (!list->items[i].citation_count)
			rc = pt__cites_read(db, pc, id, &list->items[i].citations,
					    &list->items[i].citation_count);
cleanup:
	sqlite3_finalize(s);
	sqlite3_finalize(ec);
	sqlite3_finalize(pc);
	if (rc) {
		pt_fate_events_free(list);
		return rc;
	}
	*out = list;
	return PT_OK;
}
