/*
 * report.c - the JSON of the reports: the rows of `report unaccounted`, the
 * groups of `count`, a camp of the gazetteer and a camp's dossier.
 */
#include <math.h>

#include "render.h"

json_t *render_citation(const pt_citation *c)
{
	if (!c)
		return json_null();
	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o, s:o}",
		"source", c->source_key, "locator", render_text(c->locator),
		"supports", render_text(c->target), "source_quality", render_text(c->source_quality),
		"information", render_text(c->information), "evidence", render_text(c->evidence),
		"confidence", c->confidence >= 0 ? json_integer(c->confidence) : json_null());
}

json_t *render_ids(const int64_t *ids, size_t count)
{
	json_t *a = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(a, json_integer((json_int_t)ids[i]));
	return a;
}

json_t *render_unaccounted_row(const pt_unaccounted_row *r)
{
	json_t *sources = json_array();
	for (size_t k = 0; k < r->source_count; k++)
		json_array_append_new(sources, json_string(r->sources[k]));
	return json_pack(
		"{s:I, s:o, s:o, s:o, s:o, s:{s:o, s:o, s:o, s:o}, s:o, s:o, s:I, s:o, s:o}",
		"id", (json_int_t)r->id, "records", render_ids(r->records, r->record_count),
		"surname", render_text(r->surname),
		"given_names", render_text(r->given_names),
		"nationality", render_text(r->nationality),
		"last_event", "type", render_text(r->event_type), "date", render_text(r->event_date),
		"place", render_text(r->event_place), "camp", render_text(r->event_camp),
		"last_camp", render_text(r->last_camp), "sources", sources,
		"citations", (json_int_t)r->citation_count,
		"evidence", render_citation(r->evidence),
		"status_reason", render_text(r->status_reason));
}

json_t *render_unaccounted(const pt_unaccounted *u)
{
	json_t *rows = json_array();
	for (size_t i = 0; i < u->row_count; i++)
		json_array_append_new(rows, render_unaccounted_row(&u->rows[i]));
	return rows;
}

static double percent_of(int64_t n, int64_t total)
{
	return total ? 100.0 * (double)n / (double)total : 0.0;
}

json_t *render_count(const pt_count *c, int percent)
{
	json_t *rows = json_array();
	for (size_t r = 0; r < c->row_count; r++) {
		json_t *obj = json_object();
		for (size_t f = 0; f < c->field_count; f++)
			json_object_set_new(obj, pt_field_name(c->fields[f]),
					    render_text(c->rows[r].values[f]));
		json_object_set_new(obj, "count", json_integer(c->rows[r].count));
		if (percent)
			json_object_set_new(obj, "percent",
				json_real(round(percent_of(c->rows[r].count, c->total) * 100) / 100));
		json_array_append_new(rows, obj);
	}
	return rows;
}

static json_t *strings_json(char **items, size_t count)
{
	json_t *a = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(a, json_string(items[i]));
	return a;
}

json_t *render_camp(const pt_camp *c)
{
	json_t *obj = json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o, s:I}",
		"key", c->key, "name", c->name, "type", c->type,
		"operator", render_text(c->operator_code), "place", render_text(c->place),
		"country", render_text(c->country),
		"lat", c->has_coordinates ? json_real(c->lat) : json_null(),
		"lon", c->has_coordinates ? json_real(c->lon) : json_null(),
		"period", render_text(c->period), "verified", c->verified,
		"aliases", strings_json(c->aliases, c->alias_count),
		"sources", strings_json(c->sources, c->source_count),
		"persons", (json_int_t)c->persons);
	if (obj && c->events >= 0) { /* camps --unverified: where it came from */
		json_object_set_new(obj, "events", json_integer(c->events));
		json_object_set_new(obj, "came_from", strings_json(c->origins, c->origin_count));
		json_object_set_new(obj, "reads_as", strings_json(c->reads_as, c->reads_as_count));
	}
	return obj;
}

json_t *render_camp_merge(const pt_camp_merge_info *m)
{
	return json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:I, s:I, s:I, s:I, s:I}",
		"merge", (json_int_t)m->id, "from", render_text(m->from_key),
		"from_name", render_text(m->from_name), "into", render_text(m->into_key),
		"into_name", render_text(m->into_name), "merged_at", render_text(m->merged_at),
		"unmerged_at", render_text(m->unmerged_at), "aliases", (json_int_t)m->aliases,
		"events", (json_int_t)m->events, "citations", (json_int_t)m->citations,
		"locations", (json_int_t)m->locations, "claims", (json_int_t)m->claims,
		"persons", (json_int_t)m->persons);
}

/* a whole number as an integer, else a real */
static json_t *json_number(double v)
{
	if (v == floor(v) && fabs(v) < 9e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

json_t *render_camp_dossier(const pt_camp_dossier *d)
{
	const pt_camp *c = &d->camp;
	json_t *aliases = json_array(), *timeline = json_array(), *claims = json_array();
	json_t *citations = json_array(), *persons = json_object();
	int64_t total = 0;

	for (size_t i = 0; i < c->alias_count; i++)
		json_array_append_new(aliases, json_string(c->aliases[i]));
	for (int s = 0; s <= PT_STATUS_CONFLICTING; s++)
		total += d->by_status[s];
	json_object_set_new(persons, "total", json_integer(total));
	for (int s = 1; s <= PT_STATUS_CONFLICTING; s++)
		json_object_set_new(persons, pt_status_name((pt_status)s), json_integer(d->by_status[s]));
	json_object_set_new(persons, "unknown", json_integer(d->by_status[0]));
	for (size_t i = 0; i < d->timeline_count; i++) {
		const pt_timeline_entry *t = &d->timeline[i];
		json_t *who = json_array();
		for (size_t k = 0; k < t->person_count; k++)
			json_array_append_new(who, json_pack("{s:I, s:o, s:o, s:o, s:o}",
				"id", (json_int_t)t->persons[k].id,
				"surname", render_text(t->persons[k].surname),
				"given_names", render_text(t->persons[k].given_names),
				"nationality", render_text(t->persons[k].nationality),
				"status", render_text(t->persons[k].status)));
		json_array_append_new(timeline, json_pack("{s:o, s:s, s:I, s:o}",
			"date", render_text(t->date), "type", t->type,
			"count", (json_int_t)t->person_count, "persons", who));
	}
	for (size_t i = 0; i < d->claim_count; i++) {
		const pt_camp_claim *cl = &d->claims[i];
		json_t *population = cl->population ? json_loads(cl->population, 0, NULL) : NULL;
		json_array_append_new(claims, json_pack(
			"{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o, s:o, s:o, s:o}",
			"key", render_text(cl->key), "question", render_text(cl->question),
			"metric", render_text(cl->metric),
			"population", population ? population : json_null(),
			"as_of", render_text(cl->as_of),
			"value_min", cl->has_value ? json_number(cl->value_min) : json_null(),
			"value_max", cl->has_value ? json_number(cl->value_max) : json_null(),
			"approximate", cl->approximate, "value_text", render_text(cl->value_text),
			"date", render_text(cl->date), "text", render_text(cl->text),
			"source", render_text(cl->source), "locator", render_text(cl->locator)));
	}
	for (size_t i = 0; i < d->citation_count; i++)
		json_array_append_new(citations, render_citation(&d->citations[i]));
	return json_pack("{s:s, s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:o, "
			 "s:o, s:o, s:o, s:o}",
		"key", c->key, "name", c->name, "type", c->type,
		"operator", render_text(c->operator_code), "place", render_text(c->place),
		"country", render_text(c->country),
		"lat", c->has_coordinates ? json_real(c->lat) : json_null(),
		"lon", c->has_coordinates ? json_real(c->lon) : json_null(),
		"period", render_text(c->period), "verified", c->verified,
		"notes", render_text(c->notes), "aliases", aliases, "persons", persons,
		"timeline", timeline, "claims", claims, "sources", citations);
}
