/*
 * xref.c - the cross-reference of one source (`powtrace xref`): what it
 * supports, what it cites and what cites it at any depth, what it traces
 * back to, a citation circle through it, and which of its claims others
 * contradict. The walks are source_graph.c's.
 */
#include <stdlib.h>
#include <string.h>

#include "sources/sources.h"

/* ---- the cross-reference of one source ------------------------------------ */

static void link_release(pt_xref_link *l)
{
	free(l->relation); free(l->key); free(l->title); free(l->via);
}

void pt_xref_free(pt_xref *x)
{
	if (!x)
		return;
	pt_source_free(x->source);
	for (size_t i = 0; i < x->support_count; i++) {
		free(x->supports[i].type); free(x->supports[i].key); free(x->supports[i].label);
		pt__cite_release(&x->supports[i].cite);
	}
	free(x->supports);
	for (size_t i = 0; i < x->cites_count; i++)
		link_release(&x->cites[i]);
	free(x->cites);
	for (size_t i = 0; i < x->cited_by_count; i++)
		link_release(&x->cited_by[i]);
	free(x->cited_by);
	for (size_t i = 0; i < x->origin_count; i++)
		free(x->origins[i]);
	free(x->origins);
	for (size_t i = 0; i < x->circle_count; i++)
		free(x->circle[i]);
	free(x->circle);
	for (size_t i = 0; i < x->contradicted_count; i++) {
		pt_xref_contradiction *c = &x->contradicted[i];
		free(c->claim); free(c->value); free(c->other); free(c->other_value);
		free(c->other_sources); free(c->reason);
	}
	free(x->contradicted);
	free(x);
}

static char *cite_sources(const pt_claim *c)
{
	pt__buf b = PT__BUF_INIT;
	for (size_t i = 0; i < c->citation_count; i++)
		pt__buf_printf(&b, "%s%s", i ? ", " : "", c->citations[i].source_key);
	if (b.failed) {
		pt__buf_release(&b);
		return NULL;
	}
	return b.len ? pt__buf_detach(&b) : pt__strdup("");
}

static int cite_from_row(sqlite3_stmt *s, int first, pt_cite *c)
{
	const char *t;
	char **fields[] = { &c->locator, &c->source_quality, &c->information, &c->evidence };
	for (int i = 0; i < 4; i++)
		if ((t = (const char *)sqlite3_column_text(s, first + i)) && !(*fields[i] = pt__strdup(t)))
			return PT_ENOMEM;
	c->confidence = sqlite3_column_type(s, first + 4) == SQLITE_NULL ? -1
		      : sqlite3_column_int(s, first + 4);
	c->quay = pt_confidence_quay(c->confidence);
	if ((t = (const char *)sqlite3_column_text(s, first + 5)) && !(c->notes = pt__strdup(t)))
		return PT_ENOMEM;
	return PT_OK;
}

/* Everything but claims that cites the source, and the records it gave. */
static int read_supports(pt_db *db, pt_xref *x)
{
	static const char sql[] =
		"SELECT CASE WHEN ct.person_id IS NOT NULL THEN 'person' "
		"  WHEN ct.name_id IS NOT NULL THEN 'name' WHEN ct.event_id IS NOT NULL THEN 'event' "
		"  WHEN ct.camp_id IS NOT NULL THEN 'camp' ELSE 'operation' END, "
		"coalesce(ct.person_id, ct.name_id, ct.event_id, ct.camp_id, ct.operation_id), "
		"coalesce(cp.key, op.key), "
		"CASE WHEN ct.camp_id IS NOT NULL THEN cp.name "
		"  WHEN ct.operation_id IS NOT NULL THEN op.name "
		"  ELSE coalesce(p.surname, '') || CASE WHEN p.given_names IS NOT NULL "
		"    THEN ', ' || p.given_names ELSE '' END || ' (person ' || p.id || ')' "
		"    || CASE WHEN ct.name_id IS NOT NULL THEN ': name ' || coalesce(n.surname, '') "
		"         || CASE WHEN n.given_names IS NOT NULL THEN ', ' || n.given_names ELSE '' END "
		"       WHEN ct.event_id IS NOT NULL THEN ': event ' || e.seq || ' ' || e.type "
		"         || CASE WHEN e.date IS NOT NULL THEN ' ' || e.date ELSE '' END "
		"       ELSE '' END END, "
		"ct.locator, ct.source_quality, ct.information, ct.evidence, ct.confidence, ct.notes "
		"FROM citation ct "
		"LEFT JOIN person_name n ON n.id = ct.name_id "
		"LEFT JOIN event e ON e.id = ct.event_id "
		"LEFT JOIN person p ON p.id = coalesce(ct.person_id, n.person_id, e.person_id) "
		"LEFT JOIN camp cp ON cp.id = ct.camp_id "
		"LEFT JOIN operation op ON op.id = ct.operation_id "
		"WHERE ct.source_id = ? AND ct.claim_id IS NULL "
		"ORDER BY ct.camp_id IS NULL, ct.operation_id IS NULL, p.id, n.seq, e.seq, ct.id";
	sqlite3_stmt *s = NULL;
	int rc = pt__prepare(db, &s, sql);

	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, x->source->id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pt_xref_support *grown = realloc(x->supports, (x->support_count + 1) * sizeof *grown), *u;
		if (!grown) {
			rc = PT_ENOMEM;
			break;
		}
		x->supports = grown;
		u = &grown[x->support_count++];
		memset(u, 0, sizeof *u);
		u->type = pt__strdup((const char *)sqlite3_column_text(s, 0));
		u->id = sqlite3_column_int64(s, 1);
		if (sqlite3_column_type(s, 2) != SQLITE_NULL)
			u->key = pt__strdup((const char *)sqlite3_column_text(s, 2));
		u->label = pt__strdup((const char *)sqlite3_column_text(s, 3));
		u->cite.source_key = pt__strdup(x->source->key);
		if (!u->type || !u->label || !u->cite.source_key ||
		    cite_from_row(s, 4, &u->cite)) {
			rc = PT_ENOMEM;
			break;
		}
	}
	sqlite3_finalize(s);
	if (rc == PT_ENOMEM)
		return pt__error(db, rc, "out of memory");
	if (rc != SQLITE_DONE)
		return pt__sql_error(db, "cannot read citations");
	if ((rc = pt__prepare(db, &s, "SELECT count(*) FROM person WHERE record_source = ?")))
		return rc;
	sqlite3_bind_text(s, 1, x->source->key, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		x->record_count = (long)sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return PT_OK;
}

/* The claims the source supports, and the claims that contradict them. */
static int read_claims(pt_db *db, pt_xref *x, double tolerance)
{
	pt_claim_query q = { 0 };
	pt_claims *own = NULL;
	int rc;

	q.source = x->source->key;
	q.tolerance = tolerance;
	if ((rc = pt_claims_list(db, &q, &own)))
		return rc;
	for (size_t i = 0; i < own->count && rc == PT_OK; i++) {
		const pt_claim *c = &own->items[i];
		pt_xref_support *grown = realloc(x->supports, (x->support_count + 1) * sizeof *grown), *u;
		pt__buf label = PT__BUF_INIT;
		if (!grown) {
			rc = PT_ENOMEM;
			break;
		}
		x->supports = grown;
		u = &grown[x->support_count++];
		memset(u, 0, sizeof *u);
		pt__buf_printf(&label, "%s: %s %s", c->question, c->scope, c->value);
		u->type = pt__strdup("claim");
		u->id = c->id;
		u->key = pt__strdup(c->key);
		u->label = pt__buf_detach(&label);
		u->cite.confidence = u->cite.quay = -1;
		for (size_t k = 0; k < c->citation_count; k++) {
			const pt_cite *from = &c->citations[k];
			if (strcmp(from->source_key, x->source->key))
				continue;
			u->cite.source_key = pt__strdup(from->source_key);
			u->cite.locator = pt__strdup(from->locator);
			u->cite.source_quality = pt__strdup(from->source_quality);
			u->cite.information = pt__strdup(from->information);
			u->cite.evidence = pt__strdup(from->evidence);
			u->cite.confidence = from->confidence;
			u->cite.quay = from->quay;
			break;
		}
		if (!u->type || !u->key || !u->label)
			rc = PT_ENOMEM;
	}
	/* contradictions: the conflicts on each question the source speaks to */
	for (size_t i = 0; i < own->count && rc == PT_OK; i++) {
		pt_conflicts *found = NULL;
		if (i > 0 && !strcmp(own->items[i].question, own->items[i - 1].question))
			continue;
		q.source = NULL;
		q.question = own->items[i].question;
		if ((rc = pt_claims_conflicts(db, &q, &found)))
			break;
		for (size_t k = 0; k < found->count && rc == PT_OK; k++) {
			const pt_conflict *cf = &found->items[k];
			for (size_t p = 0; p < cf->pair_count && rc == PT_OK; p++) {
				for (int side = 0; side < 2 && rc == PT_OK; side++) {
					const pt_claim *mine = &found->claims->items[side ? cf->pairs[p].b
											 : cf->pairs[p].a];
					const pt_claim *other = &found->claims->items[side ? cf->pairs[p].a
											  : cf->pairs[p].b];
					int cited = 0;
					pt_xref_contradiction *grown, *d;
					for (size_t j = 0; j < mine->citation_count; j++)
						cited |= !strcmp(mine->citations[j].source_key, x->source->key);
					if (!cited)
						continue;
					grown = realloc(x->contradicted,
							(x->contradicted_count + 1) * sizeof *grown);
					if (!grown) {
						rc = PT_ENOMEM;
						break;
					}
					x->contradicted = grown;
					d = &grown[x->contradicted_count++];
					d->claim = pt__strdup(mine->key);
					d->value = pt__strdup(mine->value);
					d->other = pt__strdup(other->key);
					d->other_value = pt__strdup(other->value);
					d->other_sources = cite_sources(other);
					d->reason = pt__strdup(cf->pairs[p].reason);
					if (!d->claim || !d->value || !d->other || !d->other_value ||
					    !d->other_sources || !d->reason)
						rc = PT_ENOMEM;
				}
			}
		}
		pt_conflicts_free(found);
	}
	pt_claims_free(own);
	if (rc == PT_ENOMEM)
		return pt__error(db, rc, "out of memory");
	return rc;
}

int pt_xref_get(pt_db *db, const char *key, double tolerance, pt_xref **out)
{
	pt__graph *g = NULL;
	pt_xref *x = calloc(1, sizeof *x);
	size_t *comps = NULL, comp_count = 0;
	int circular = 0, rc;
	long node;

	*out = NULL;
	if (!x)
		return pt__error(db, PT_ENOMEM, "out of memory");
	if ((rc = pt_source_get(db, key, &x->source)) || (rc = pt__graph_load(db, &g)))
		goto cleanup;
	node = pt__graph_node(g, x->source->id);
	rc = PT_ENOMEM;
	if (node < 0 || pt__graph_walk(g, (size_t)node, 0, &x->cites, &x->cites_count) ||
	    pt__graph_walk(g, (size_t)node, 1, &x->cited_by, &x->cited_by_count) ||
	    pt__graph_circle(g, (size_t)node, &x->circle, &x->circle_count) ||
	    pt__graph_origins(g, node, 0, &comps, &comp_count, &circular))
		goto cleanup;
	x->origins = calloc(comp_count ? comp_count : 1, sizeof *x->origins);
	if (!x->origins)
		goto cleanup;
	for (size_t i = 0; i < comp_count; i++) {
		pt__buf name = PT__BUF_INIT;
		if (pt__graph_origin_name(g, comps[i], &name)) {
			pt__buf_release(&name);
			goto cleanup;
		}
		x->origins[x->origin_count++] = pt__buf_detach(&name);
	}
	if ((rc = read_claims(db, x, tolerance)) || (rc = read_supports(db, x)))
		goto cleanup;
	*out = x;
	x = NULL;
cleanup:
	if (rc == PT_ENOMEM)
		pt__error(db, rc, "out of memory");
	free(comps);
	pt__graph_free(g);
	pt_xref_free(x);
	return rc;
}
