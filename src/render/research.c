/*
 * research.c - the research log as JSON: what was added about a man with
 * its source, and every search made for him (`show --format json` key
 * "research", and the website's dossier).
 */
#include "render/render.h"

json_t *render_research_entry(const pt_research_entry *e)
{
	json_t *o = json_pack("{s:I, s:s, s:o}", "id", (json_int_t)e->id, "kind", e->kind,
			      "what", render_text(e->what));
	if (!o)
		return NULL;
	if (e->found < 0) {
		json_object_set_new(o, "source", render_text(e->source));
		json_object_set_new(o, "locator", render_text(e->locator));
		json_object_set_new(o, "record", e->record ? json_integer(e->record) : json_null());
	} else {
		json_object_set_new(o, "where", render_text(e->where));
		json_object_set_new(o, "query", render_text(e->query));
		json_object_set_new(o, "found", json_string(e->found ? "yes" : "no"));
	}
	json_object_set_new(o, "note", render_text(e->note));
	json_object_set_new(o, "made_by", render_text(e->made_by));
	json_object_set_new(o, "made_at", render_text(e->made_at));
	if (e->undone_at)
		json_object_set_new(o, "undone_at", json_string(e->undone_at));
	return o;
}

json_t *render_research(const pt_research_entries *entries)
{
	json_t *a = json_array();
	for (size_t i = 0; a && entries && i < entries->count; i++)
		json_array_append_new(a, render_research_entry(&entries->items[i]));
	return a;
}
