/*
 * person.c - the JSON of a person: a hit of the name search and the whole
 * dossier with its provenance and, when the records disagree on the fate,
 * the competing events.
 */
#include <stdlib.h>

#include "render.h"

json_t *render_find_hit(pt_db *db, const pt_find_hit *h)
{
	json_t *records = json_array(), *texts = json_array(), *form = json_null(), *roman;
	char *romanised = render_name_romanised(db, h->surname, h->given_names);
	for (size_t i = 0; i < h->record_count; i++)
		json_array_append_new(records, json_integer((json_int_t)h->records[i]));
	for (size_t i = 0; i < h->text_count; i++)
		json_array_append_new(texts, json_pack("{s:o, s:o}",
			"field", render_text(h->texts[i].field),
			"snippet", render_text(h->texts[i].snippet)));
	/* a hit found by number, unit or text alone matched no name form */
	if (h->name_id)
		form = json_pack("{s:I, s:I, s:o, s:o, s:o}",
			"name_id", (json_int_t)h->name_id, "record", (json_int_t)h->person_id,
			"surname", render_text(h->form_surname),
			"given_names", render_text(h->form_given_names),
			"script", render_text(h->form_script));
	roman = render_text(romanised);
	free(romanised);
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:s, s:s, s:i, s:i, s:o, s:o, "
			 "s:o, s:o}",
		"id", (json_int_t)h->individual_id, "records", records,
		"surname", render_text(h->surname), "given_names", render_text(h->given_names),
		"romanised", roman,
		"nationality", render_text(h->nationality), "birth_date", render_text(h->birth_date),
		"status", pt_status_name(h->status), "match", pt_match_name(h->match),
		"score", h->score, "parts_agree", h->parts_agree,
		"matched_form", form,
		"matched_number", render_text(h->service_number),
		"matched_text", texts,
		"why", render_text(h->why));
}

static json_t *person_json(const pt_person *p)
{
	json_t *names = json_array(), *events = json_array(), *citations = json_array();

	for (size_t i = 0; i < p->name_count; i++)
		json_array_append_new(names, json_pack("{s:o, s:o, s:o, s:b}",
			"surname", render_text(p->names[i].surname),
			"given_names", render_text(p->names[i].given_names),
			"script", render_text(p->names[i].script),
			"primary", p->names[i].is_primary));
	for (size_t i = 0; i < p->event_count; i++) {
		const pt_event *e = &p->events[i];
		json_array_append_new(events, json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			"seq", (json_int_t)(i + 1), "type", e->type,
			"date", render_text(e->date), "date_original", render_text(e->date_original),
			"camp", render_text(e->camp), "camp_key", render_text(e->camp_key),
			"place", render_text(e->place), "operation", render_text(e->operation_key),
			"agent", render_text(e->agent), "notes", render_text(e->notes)));
	}
	for (size_t i = 0; i < p->citation_count; i++) {
		const pt_citation *c = &p->citations[i];
		json_array_append_new(citations, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
			"source", c->source_key, "source_kind", render_text(c->source_kind),
			"source_title", render_text(c->source_title), "locator", render_text(c->locator),
			"supports", render_text(c->target), "source_quality", render_text(c->source_quality),
			"information", render_text(c->information), "evidence", render_text(c->evidence),
			"confidence", c->confidence >= 0 ? json_integer(c->confidence) : json_null()));
	}
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
			 "s:o, s:o, s:o, s:s, s:o}",
		"id", (json_int_t)p->id,
		"record_source", render_text(p->record_source), "record_id", render_text(p->record_id),
		"surname", render_text(p->surname), "given_names", render_text(p->given_names),
		"sex", render_text(p->sex), "nationality", render_text(p->nationality),
		"birth_date", render_text(p->birth_date), "birth_place", render_text(p->birth_place),
		"service", render_text(p->service), "service_number", render_text(p->service_number),
		"rank", render_text(p->rank), "unit", render_text(p->unit), "notes", render_text(p->notes),
		"names", names, "events", events, "citations", citations,
		"status", pt_status_name(p->status), "status_reason", render_text(p->status_reason));
}

/* Where the record came from: its import batch and line, the batch that
 * first brought it in, the archival text of its birth date, and the input's
 * columns that no field took. */
static void add_provenance(json_t *doc, const pt_person *p)
{
	json_t *extra = NULL, *item;
	json_error_t err;
	size_t i;

	json_object_set_new(doc, "batch", p->batch_id ? json_pack("{s:I, s:o, s:I, s:I}",
		"id", (json_int_t)p->batch_id, "file", render_text(p->batch_file),
		"line", (json_int_t)p->batch_line, "first", (json_int_t)p->first_batch_id)
		: json_null());
	json_object_set_new(doc, "birth_date_original", render_text(p->birth_date_original));
	if (p->extra)
		extra = json_loads(p->extra, 0, &err);
	json_object_set_new(doc, "extra", extra ? extra : json_null());
	json_array_foreach(json_object_get(doc, "names"), i, item)
		if (i < p->name_count && p->names[i].batch_id)
			json_object_set_new(item, "batch", json_pack("{s:I, s:I}", "id",
				(json_int_t)p->names[i].batch_id, "line", (json_int_t)p->names[i].batch_line));
	json_array_foreach(json_object_get(doc, "events"), i, item)
		if (i < p->event_count && p->events[i].batch_id)
			json_object_set_new(item, "batch", json_pack("{s:I, s:I}", "id",
				(json_int_t)p->events[i].batch_id, "line", (json_int_t)p->events[i].batch_line));
}

/* The events that compete for the fate, each with its sources and grades. */
static json_t *competing_json(const pt_fate_events *f)
{
	json_t *events = json_array();
	for (size_t i = 0; i < f->count; i++) {
		const pt_fate_event *e = &f->items[i];
		json_t *cites = json_array();
		for (size_t k = 0; k < e->citation_count; k++)
			json_array_append_new(cites, render_cite(&e->citations[k]));
		json_array_append_new(events, json_pack("{s:i, s:s, s:s, s:o, s:o, s:o, s:o}",
			"seq", e->seq, "type", e->type, "fate", e->fate, "date", render_text(e->date),
			"camp", render_text(e->camp), "place", render_text(e->place), "citations", cites));
	}
	return events;
}

json_t *render_person(const pt_person *person, const pt_fate_events *competing)
{
	json_t *doc = person_json(person);
	if (!doc)
		return NULL;
	add_provenance(doc, person);
	if (competing)
		json_object_set_new(doc, "competing_events", competing_json(competing));
	return doc;
}

/* ---- a man (render_individual) ---------------------------------------------- */

/* A record as the man's dossier lists it: what the source says of him. */
static json_t *record_json(const pt_person *p)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
			 "s:s, s:o}",
		"id", (json_int_t)p->id,
		"source", render_text(p->record_source), "record_id", render_text(p->record_id),
		"surname", render_text(p->surname), "given_names", render_text(p->given_names),
		"sex", render_text(p->sex), "nationality", render_text(p->nationality),
		"birth_date", render_text(p->birth_date), "birth_place", render_text(p->birth_place),
		"service", render_text(p->service), "service_number", render_text(p->service_number),
		"rank", render_text(p->rank), "unit", render_text(p->unit), "notes", render_text(p->notes),
		"status", pt_status_name(p->status), "status_reason", render_text(p->status_reason));
}

static json_t *records_json(const pt_individual *d)
{
	json_t *records = json_array();
	for (size_t r = 0; r < d->record_count; r++) {
		json_t *rec = record_json(d->records[r]);
		const pt_person *p = d->records[r];
		json_object_set_new(rec, "batch", p->batch_id ? json_pack("{s:I, s:o, s:I, s:I}",
			"id", (json_int_t)p->batch_id, "file", render_text(p->batch_file),
			"line", (json_int_t)p->batch_line, "first", (json_int_t)p->first_batch_id)
			: json_null());
		json_array_append_new(records, rec);
	}
	return records;
}

static json_t *disagreements_json(const pt_individual *d)
{
	json_t *list = json_array();
	for (size_t i = 0; i < d->disagreement_count; i++) {
		const pt_disagreement *g = &d->disagreements[i];
		json_t *values = json_array();
		for (size_t k = 0; k < g->value_count; k++) {
			json_t *ids = json_array();
			for (size_t r = 0; r < g->values[k].record_count; r++)
				json_array_append_new(ids, json_integer(
					(json_int_t)d->records[g->values[k].records[r]]->id));
			json_array_append_new(values, json_pack("{s:s, s:o}", "value",
				g->values[k].value, "records", ids));
		}
		json_array_append_new(list, json_pack("{s:s, s:o}", "field", g->field,
						      "values", values));
	}
	return list;
}

/* The man of several records: the fields of his anchor record (the one whose
 * id is his), then every name form, one timeline and every citation, each
 * naming its record, his status, his records and where they disagree. */
static json_t *man_json(const pt_individual *d, const pt_fate_events *const *competing)
{
	const pt_person *a = d->records[d->anchor];
	json_t *doc = person_json(a), *names = json_array(), *events = json_array();
	json_t *citations = json_array(), *fates = NULL;

	if (!doc)
		return NULL;
	json_object_set_new(doc, "id", json_integer((json_int_t)d->id));
	for (size_t i = 0; i < d->name_count; i++) {
		const pt_person *p = d->records[d->names[i].record];
		const pt_name *n = &p->names[d->names[i].index];
		json_array_append_new(names, json_pack("{s:o, s:o, s:o, s:b, s:I}",
			"surname", render_text(n->surname), "given_names", render_text(n->given_names),
			"script", render_text(n->script), "primary", n->is_primary,
			"record", (json_int_t)p->id));
	}
	for (size_t i = 0; i < d->timeline_count; i++) {
		const pt_person *p = d->records[d->timeline[i].record];
		const pt_event *e = &p->events[d->timeline[i].index];
		json_array_append_new(events, json_pack("{s:I, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
							"s:o, s:I, s:o, s:b}",
			"seq", (json_int_t)(d->timeline[i].index + 1), "type", e->type,
			"date", render_text(e->date), "date_original", render_text(e->date_original),
			"camp", render_text(e->camp), "camp_key", render_text(e->camp_key),
			"place", render_text(e->place), "operation", render_text(e->operation_key),
			"agent", render_text(e->agent), "notes", render_text(e->notes),
			"record", (json_int_t)p->id, "source", render_text(p->record_source),
			"status_rests_on", (long)i == d->last_event));
	}
	for (size_t r = 0; r < d->record_count; r++) {
		const pt_person *p = d->records[r];
		for (size_t i = 0; i < p->citation_count; i++) {
			const pt_citation *c = &p->citations[i];
			json_array_append_new(citations, json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o, "
								   "s:o, s:o, s:I}",
				"source", c->source_key, "source_kind", render_text(c->source_kind),
				"source_title", render_text(c->source_title),
				"locator", render_text(c->locator), "supports", render_text(c->target),
				"source_quality", render_text(c->source_quality),
				"information", render_text(c->information),
				"evidence", render_text(c->evidence),
				"confidence", c->confidence >= 0 ? json_integer(c->confidence) : json_null(),
				"record", (json_int_t)p->id));
		}
	}
	json_object_set_new(doc, "names", names);
	json_object_set_new(doc, "events", events);
	json_object_set_new(doc, "citations", citations);
	json_object_set_new(doc, "status", json_string(pt_status_name(d->status)));
	json_object_set_new(doc, "status_reason", render_text(d->status_reason));
	json_object_set_new(doc, "records", records_json(d));
	json_object_set_new(doc, "disagreements", disagreements_json(d));
	if (competing) {
		fates = json_array();
		for (size_t r = 0; r < d->record_count; r++) {
			json_t *some, *item;
			size_t k;
			if (!competing[r])
				continue;
			some = competing_json(competing[r]);
			json_array_foreach(some, k, item) {
				json_object_set_new(item, "record", json_integer((json_int_t)d->records[r]->id));
				json_array_append(fates, item);
			}
			json_decref(some);
		}
		json_object_set_new(doc, "competing_events", fates);
	}
	return doc;
}

json_t *render_individual(const pt_individual *d, const pt_fate_events *const *competing,
			  const pt_research_entries *research)
{
	json_t *doc;

	if (d->record_count == 1) {
		/* a man of one record: the record's dossier, as before links */
		doc = render_person(d->records[0], competing ? competing[0] : NULL);
		if (doc) {
			json_object_set_new(doc, "records", records_json(d));
			json_object_set_new(doc, "disagreements", json_array());
		}
	} else {
		doc = man_json(d, competing);
	}
	if (doc && research)
		json_object_set_new(doc, "research", render_research(research));
	return doc;
}
