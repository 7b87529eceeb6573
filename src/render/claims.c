/*
 * claims.c - the JSON of sources, citations and claims: a citation with its
 * grades, a claim with its support, a source with its links, one group of
 * conflicting claims, and a source's cross-reference.
 */
#include <math.h>

#include "render.h"

json_t *render_cite(const pt_cite *c)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"source", render_text(c->source_key), "source_kind", render_text(c->source_kind),
		"source_title", render_text(c->source_title), "locator", render_text(c->locator),
		"source_quality", render_text(c->source_quality),
		"information", render_text(c->information), "evidence", render_text(c->evidence),
		"confidence", c->confidence >= 0 ? json_integer(c->confidence) : json_null(),
		"quay", c->quay >= 0 ? json_integer(c->quay) : json_null(),
		"notes", render_text(c->notes));
}

static json_t *number_or_null(int has, double v)
{
	if (!has || isinf(v))
		return json_null();
	if (v == floor(v) && fabs(v) < 9e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static json_t *strings_json(char **items, size_t count)
{
	json_t *a = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(a, json_string(items[i]));
	return a;
}

json_t *render_claim(const pt_claim *c)
{
	json_t *citations = json_array(), *population = NULL;

	for (size_t i = 0; i < c->citation_count; i++)
		json_array_append_new(citations, render_cite(&c->citations[i]));
	if (c->population)
		population = json_loads(c->population, 0, NULL);
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:s, s:o, s:o, "
			 "s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:b, s:b, s:o}",
		"key", c->key, "question", c->question, "metric", render_text(c->metric),
		"population", population ? population : json_null(), "scope", render_text(c->scope),
		"value", render_text(c->value),
		"value_min", number_or_null(c->has_min, c->value_min),
		"value_max", number_or_null(c->has_max, c->value_max),
		"approximate", c->approximate, "value_text", render_text(c->value_text),
		"reading", c->reading, "fate", render_text(c->fate),
		"allows_min", number_or_null(c->comparable, c->low),
		"allows_max", number_or_null(c->comparable, c->high),
		"date", render_text(c->date), "text", render_text(c->text), "notes", render_text(c->notes),
		"source", c->citation_count ? json_string(c->citations[0].source_key) : json_null(),
		"locator", c->citation_count ? render_text(c->citations[0].locator) : json_null(),
		"citations", citations, "origins", strings_json(c->origins, c->origin_count),
		"independent_origins", (json_int_t)c->independent_origins,
		"has_original", c->has_original, "circular", c->circular,
		"support", render_text(c->support));
}

static json_t *refs_json(const pt_source_ref *refs, size_t count)
{
	json_t *a = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:o}", "relation", refs[i].relation,
			"key", refs[i].key, "kind", render_text(refs[i].kind),
			"title", render_text(refs[i].title)));
	return a;
}

json_t *render_source(const pt_source *s)
{
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
			 "s:o, s:o, s:o, s:o, s:o, s:I, s:I}",
		"key", s->key, "kind", s->kind, "title", render_text(s->title),
		"authors", strings_json(s->authors, s->author_count), "date", render_text(s->date),
		"publisher", render_text(s->publisher), "isbn", render_text(s->isbn),
		"url", render_text(s->url), "archive", render_text(s->archive),
		"collection", render_text(s->collection), "series", render_text(s->series),
		"piece", render_text(s->piece), "fond", render_text(s->fond), "opis", render_text(s->opis),
		"delo", render_text(s->delo), "reference", render_text(s->reference),
		"notes", render_text(s->notes), "links", refs_json(s->links, s->link_count),
		"linked_by", refs_json(s->linked_by, s->linked_by_count),
		"citations", (json_int_t)s->citation_count, "claims", (json_int_t)s->claim_count);
}

json_t *render_conflict(const pt_conflicts *found, size_t index)
{
	const pt_conflict *cf = &found->items[index];
	json_t *claims = json_array(), *pairs = json_array(), *related = json_array();
	const pt_claim *head = &found->claims->items[cf->members[0]];
	json_t *population = head->population ? json_loads(head->population, 0, NULL) : NULL;

	for (size_t k = 0; k < cf->member_count; k++)
		json_array_append_new(claims, render_claim(&found->claims->items[cf->members[k]]));
	for (size_t k = 0; k < cf->pair_count; k++)
		json_array_append_new(pairs, json_pack("{s:[s,s], s:s, s:s}",
			"claims", found->claims->items[cf->pairs[k].a].key,
			found->claims->items[cf->pairs[k].b].key,
			"kind", cf->pairs[k].kind, "reason", cf->pairs[k].reason));
	for (size_t k = 0; k < cf->related_count; k++) {
		const pt_claim *r = &found->claims->items[cf->related[k]];
		json_array_append_new(related, json_pack("{s:s, s:s, s:s, s:o, s:o}",
			"key", r->key, "scope", r->scope, "value", r->value,
			"source", r->citation_count ? json_string(r->citations[0].source_key)
						    : json_null(),
			"locator", r->citation_count ? render_text(r->citations[0].locator)
						     : json_null()));
	}
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o}",
		"question", cf->question, "scope", cf->scope,
		"metric", render_text(head->metric),
		"population", population ? population : json_null(),
		"claims", claims, "pairs", pairs, "related", related);
}

static json_t *links_json(const pt_xref_link *links, size_t count)
{
	json_t *a = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:i, s:o}",
			"key", links[i].key, "relation", links[i].relation,
			"title", render_text(links[i].title), "depth", links[i].depth,
			"via", render_text(links[i].via)));
	return a;
}

json_t *render_xref(const pt_xref *x)
{
	json_t *supports = json_array(), *contradicted = json_array();
	for (size_t i = 0; i < x->support_count; i++) {
		const pt_xref_support *u = &x->supports[i];
		json_t *cite = render_cite(&u->cite);
		json_object_del(cite, "source");
		json_object_del(cite, "source_kind");
		json_object_del(cite, "source_title");
		json_array_append_new(supports, json_pack("{s:s, s:I, s:o, s:s, s:o}",
			"type", u->type, "id", (json_int_t)u->id, "key", render_text(u->key),
			"label", u->label, "citation", cite));
	}
	for (size_t i = 0; i < x->contradicted_count; i++) {
		const pt_xref_contradiction *c = &x->contradicted[i];
		json_array_append_new(contradicted, json_pack("{s:s, s:s, s:s, s:s, s:s, s:s}",
			"claim", c->claim, "value", c->value, "by", c->other,
			"by_value", c->other_value, "by_sources", c->other_sources,
			"reason", c->reason));
	}
	return json_pack("{s:o, s:o, s:I, s:o, s:o, s:o, s:o, s:o}",
		"source", render_source(x->source), "supports", supports,
		"records", (json_int_t)x->record_count,
		"cites", links_json(x->cites, x->cites_count),
		"cited_by", links_json(x->cited_by, x->cited_by_count),
		"origins", strings_json(x->origins, x->origin_count),
		"circle", x->circle_count ? strings_json(x->circle, x->circle_count) : json_null(),
		"contradicted", contradicted);
}
