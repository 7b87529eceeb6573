/*
 * claim.c - reads claims back: the claims a query selects, each with its
 * citations and grades, its value read (claim_value.c), and where its
 * support comes from: the origins its sources trace back to and how many
 * of them are independent of each other (the source graph of xref.c).
 *
 * Independence: two citations are dependent when their sources' origins
 * overlap, that is when one source links (cites, derives from, transcribes,
 * translates), directly or not, to the other or both link to a common one.
 * A citation graded `original` is its own origin: the grader says the
 * information starts there. A claim's independent origins are the groups
 * of citations that depend on each other.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "sources/sources.h"

int pt_confidence_quay(int confidence)
{
	if (confidence < 0 || confidence > 4)
		return -1;
	return confidence >= 3 ? 3 : confidence;
}

void pt__cite_release(pt_cite *c)
{
	free(c->source_key); free(c->source_kind); free(c->source_title); free(c->locator);
	free(c->source_quality); free(c->information); free(c->evidence); free(c->notes);
}

void pt__claim_release(pt_claim *c)
{
	free(c->key); free(c->question); free(c->metric); free(c->population); free(c->scope);
	free(c->value_text); free(c->value); free(c->date); free(c->text); free(c->notes);
	for (size_t i = 0; i < c->citation_count; i++)
		pt__cite_release(&c->citations[i]);
	free(c->citations);
	for (size_t i = 0; i < c->origin_count; i++)
		free(c->origins[i]);
	free(c->origins);
	free(c->support);
}

void pt_claim_free(pt_claim *claim)
{
	if (!claim)
		return;
	pt__claim_release(claim);
	free(claim);
}

void pt_claims_free(pt_claims *claims)
{
	if (!claims)
		return;
	for (size_t i = 0; i < claims->count; i++)
		pt__claim_release(&claims->items[i]);
	free(claims->items);
	free(claims);
}

/* ---- support ------------------------------------------------------------ */

static size_t find_root(size_t *parent, size_t i)
{
	while (parent[i] != i)
		i = parent[i] = parent[parent[i]];
	return i;
}

/* " (through a, b)": the sources a group of citations passes through on the
 * way to its origins, in the order the walk meets them. */
static int through_sources(const pt__graph *g, const pt_claim *c, size_t *parent, size_t root,
			   const size_t *origin_comps, size_t origin_count, pt__buf *b)
{
	long *listed = NULL;
	size_t listed_count = 0;
	int rc = PT_OK;

	for (size_t j = 0; j < c->citation_count && rc == PT_OK; j++) {
		const pt_cite *ct = &c->citations[j];
		int original = ct->source_quality && !strcmp(ct->source_quality, "original");
		long node = pt__graph_node_by_key(g, ct->source_key);
		size_t *nodes = NULL, count = 0;
		if (find_root(parent, j) != root)
			continue;
		if ((rc = pt__graph_reach(g, node, original, &nodes, &count)))
			break;
		for (size_t k = 0; k < count; k++) {
			int skip = 0;
			long *grown;
			for (size_t a = 0; a < origin_count && !skip; a++)
				skip = pt__graph_comp(g, nodes[k]) == origin_comps[a];
			for (size_t a = 0; a < listed_count && !skip; a++)
				skip = listed[a] == (long)nodes[k];
			if (skip)
				continue;
			if (!(grown = realloc(listed, (listed_count + 1) * sizeof *grown))) {
				rc = PT_ENOMEM;
				break;
			}
			listed = grown;
			listed[listed_count] = (long)nodes[k];
			pt__buf_printf(b, "%s%s", listed_count ? ", " : " (through ",
				       pt__graph_key(g, (long)nodes[k]));
			listed_count++;
		}
		free(nodes);
	}
	if (listed_count)
		pt__buf_putc(b, ')');
	free(listed);
	return rc;
}

int pt__claim_support(pt_db *db, const pt__graph *g, pt_claim *c)
{
	size_t n = c->citation_count;
	size_t **comps = calloc(n ? n : 1, sizeof *comps), *comp_count = calloc(n ? n : 1, sizeof *comp_count);
	size_t *parent = calloc(n ? n : 1, sizeof *parent), all_count = 0, *all = NULL;
	pt__buf b = PT__BUF_INIT;
	int rc = PT_ENOMEM, groups = 0;

	if (!comps || !comp_count || !parent)
		goto cleanup;
	c->has_original = 0;
	c->circular = 0;
	for (size_t i = 0; i < n; i++) {
		const pt_cite *ct = &c->citations[i];
		int original = ct->source_quality && !strcmp(ct->source_quality, "original");
		long node = pt__graph_node_by_key(g, ct->source_key);
		c->has_original |= original;
		parent[i] = i;
		if (pt__graph_origins(g, node, original, &comps[i], &comp_count[i], &c->circular))
			goto cleanup;
		for (size_t k = 0; k < comp_count[i]; k++) {
			size_t j;
			for (j = 0; j < all_count && all[j] != comps[i][k]; j++)
				;
			if (j == all_count) {
				size_t *grown = realloc(all, (all_count + 1) * sizeof *grown);
				if (!grown)
					goto cleanup;
				all = grown;
				all[all_count++] = comps[i][k];
			}
		}
	}
	/* citations whose origins overlap are one line of evidence */
	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++)
			for (size_t a = 0; a < comp_count[i]; a++)
				for (size_t z = 0; z < comp_count[j]; z++)
					if (comps[i][a] == comps[j][z])
						parent[find_root(parent, i)] = find_root(parent, j);
	for (size_t i = 0; i < n; i++)
		groups += find_root(parent, i) == i;
	c->independent_origins = groups;

	for (size_t i = 0; i < c->origin_count; i++)
		free(c->origins[i]);
	free(c->origins);
	c->origin_count = 0;
	c->origins = calloc(all_count ? all_count : 1, sizeof *c->origins);
	if (!c->origins)
		goto cleanup;
	for (size_t i = 0; i < all_count; i++) {
		pt__buf name = PT__BUF_INIT;
		if (pt__graph_origin_name(g, all[i], &name)) {
			pt__buf_release(&name);
			goto cleanup;
		}
		c->origins[c->origin_count++] = pt__buf_detach(&name);
	}
	/* origins in key order (insertion sort: they are few) */
	for (size_t i = 1; i < all_count; i++)
		for (size_t j = i; j > 0 && strcmp(c->origins[j - 1], c->origins[j]) > 0; j--) {
			char *name = c->origins[j];
			size_t comp = all[j];
			c->origins[j] = c->origins[j - 1];
			all[j] = all[j - 1];
			c->origins[j - 1] = name;
			all[j - 1] = comp;
		}

	/* the sentence */
	if (!n) {
		pt__buf_puts(&b, "no source cited");
	} else {
		int first_group = 1;
		pt__buf_printf(&b, "%d independent origin%s: ", groups, groups == 1 ? "" : "s");
		for (size_t i = 0; i < n; i++) {
			size_t root = find_root(parent, i);
			int first = 1;
			if (root != i) /* printed with its group */
				continue;
			pt__buf_puts(&b, first_group ? "" : "; ");
			first_group = 0;
			/* the group's origins */
			for (size_t a = 0; a < all_count; a++) {
				int in = 0;
				for (size_t j = 0; j < n && !in; j++)
					if (find_root(parent, j) == root)
						for (size_t k = 0; k < comp_count[j] && !in; k++)
							in = comps[j][k] == all[a];
				if (in) {
					pt__buf_printf(&b, "%s%s", first ? "" : " + ", c->origins[a]);
					first = 0;
				}
			}
			/* the sources between: cited, or reached, and not an origin */
			if ((rc = through_sources(g, c, parent, root, all, all_count, &b)) != PT_OK)
				goto cleanup;
			rc = PT_ENOMEM;
		}
		if (!c->has_original) {
			int first = 1;
			pt__buf_puts(&b, "; no original source (");
			for (size_t i = 0; i < n; i++) {
				const char *q = c->citations[i].source_quality;
				pt__buf_printf(&b, "%s%s %s", first ? "" : ", ", c->citations[i].source_key,
					       q ? q : "not graded");
				first = 0;
			}
			pt__buf_putc(&b, ')');
		}
		if (c->circular)
			pt__buf_puts(&b, "; its sources cite each other in a circle");
	}
	if (b.failed)
		goto cleanup;
	free(c->support);
	c->support = pt__buf_detach(&b);
	rc = PT_OK;
cleanup:
	for (size_t i = 0; comps && i < n; i++)
		free(comps[i]);
	free(comps);
	free(comp_count);
	free(parent);
	free(all);
	pt__buf_release(&b);
	if (rc == PT_ENOMEM)
		pt__error(db, rc, "out of memory");
	return rc;
}

/* ---- reading ------------------------------------------------------------ */

int pt__cite_add(pt_db *db, sqlite3_stmt *s, int col, pt_cite **items, size_t *count)
{
	pt_cite *grown = realloc(*items, (*count + 1) * sizeof *grown), *ct;
	if (!grown)
		return pt__error(db, PT_ENOMEM, "out of memory");
	*items = grown;
	ct = &grown[(*count)++];
	memset(ct, 0, sizeof *ct);
	ct->source_key = pt__column_dup(s, col);
	ct->source_kind = pt__column_dup(s, col + 1);
	ct->source_title = pt__column_dup(s, col + 2);
	ct->locator = pt__column_dup(s, col + 3);
	ct->source_quality = pt__column_dup(s, col + 4);
	ct->information = pt__column_dup(s, col + 5);
	ct->evidence = pt__column_dup(s, col + 6);
	ct->confidence = sqlite3_column_type(s, col + 7) == SQLITE_NULL
		? -1 : sqlite3_column_int(s, col + 7);
	ct->quay = pt_confidence_quay(ct->confidence);
	ct->notes = pt__column_dup(s, col + 8);
	if (!ct->source_key)
		return pt__error(db, PT_ENOMEM, "out of memory");
	return PT_OK;
}

int pt__cites_read(pt_db *db, sqlite3_stmt *s, int64_t id, pt_cite **items, size_t *count)
{
	int rc;
	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW)
		if ((rc = pt__cite_add(db, s, 0, items, count)))
			return rc;
	return rc == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot read citations");
}

int pt_claims_list(pt_db *db, const pt_claim_query *query, pt_claims **out)
{
	static const char sql[] =
		"SELECT c.id, c.key, c.question, c.metric, c.population, c.value_min, c.value_max, "
		"c.approximate, c.value_text, c.date, c.text, c.notes FROM claim c "
		"WHERE (?1 IS NULL OR c.key = ?1) AND (?2 IS NULL OR c.question = ?2) "
		"AND (?3 IS NULL OR c.metric = ?3) "
		"AND (?4 IS NULL OR EXISTS (SELECT 1 FROM json_each(c.population, '$.nationality') "
		"     WHERE upper(value) = upper(?4))) "
		"AND (?5 IS NULL OR EXISTS (SELECT 1 FROM citation ct JOIN source s ON s.id = ct.source_id "
		"     WHERE ct.claim_id = c.id AND s.key = ?5)) "
		"ORDER BY c.question, c.date_min IS NULL, c.date_min, c.key";
	static const char cite_sql[] =
		"SELECT s.key, s.kind, s.title, ct.locator, ct.source_quality, ct.information, "
		"ct.evidence, ct.confidence, ct.notes FROM citation ct JOIN source s ON s.id = ct.source_id "
		"WHERE ct.claim_id = ? ORDER BY ct.id";
	pt_claim_query none = { .tolerance = -1 };
	sqlite3_stmt *s = NULL, *cs = NULL;
	pt__graph *g = NULL;
	pt_claims *list = calloc(1, sizeof *list);
	size_t cap = 0;
	int rc;

	*out = NULL;
	if (!query)
		query = &none;
	if (!list)
		return pt__error(db, PT_ENOMEM, "out of memory");
	if ((rc = pt__prepare(db, &s, sql)) || (rc = pt__prepare(db, &cs, cite_sql)) ||
	    (rc = pt__graph_load(db, &g)))
		goto cleanup;
	if (query->key)
		sqlite3_bind_text(s, 1, query->key, -1, SQLITE_STATIC);
	if (query->question)
		sqlite3_bind_text(s, 2, query->question, -1, SQLITE_STATIC);
	if (query->metric)
		sqlite3_bind_text(s, 3, query->metric, -1, SQLITE_STATIC);
	if (query->nationality)
		sqlite3_bind_text(s, 4, query->nationality, -1, SQLITE_STATIC);
	if (query->source)
		sqlite3_bind_text(s, 5, query->source, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pt_claim *c;
		if (list->count == cap) {
			pt_claim *grown = realloc(list->items, (cap = cap ? 2 * cap : 64) * sizeof *grown);
			if (!grown) {
				rc = pt__error(db, PT_ENOMEM, "out of memory");
				goto cleanup;
			}
			list->items = grown;
		}
		c = &list->items[list->count++];
		memset(c, 0, sizeof *c);
		c->id = sqlite3_column_int64(s, 0);
		c->key = pt__column_dup(s, 1);
		c->question = pt__column_dup(s, 2);
		c->metric = pt__column_dup(s, 3);
		c->population = pt__column_dup(s, 4);
		c->has_min = sqlite3_column_type(s, 5) != SQLITE_NULL;
		c->has_max = sqlite3_column_type(s, 6) != SQLITE_NULL;
		c->value_min = sqlite3_column_double(s, 5);
		c->value_max = sqlite3_column_double(s, 6);
		c->approximate = sqlite3_column_int(s, 7);
		c->value_text = pt__column_dup(s, 8);
		c->date = pt__column_dup(s, 9);
		c->text = pt__column_dup(s, 10);
		c->notes = pt__column_dup(s, 11);
		if (!c->key || !c->question) {
			rc = pt__error(db, PT_ENOMEM, "out of memory");
			goto cleanup;
		}
		if ((rc = pt__cites_read(db, cs, c->id, &c->citations, &c->citation_count)) ||
		    (rc = pt__claim_read_value(c, query->tolerance)) ||
		    (rc = pt__claim_support(db, g, c))) {
			if (rc == PT_ENOMEM)
				pt__error(db, rc, "out of memory");
			goto cleanup;
		}
	}
	rc = rc == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot read claims");
cleanup:
	sqlite3_finalize(s);
	sqlite3_finalize(cs);
	pt__graph_free(g);
	if (rc) {
		pt_claims_free(list);
		return rc;
	}
	*out = list;
	return PT_OK;
}

int pt_claim_get(pt_db *db, const char *key, double tolerance, pt_claim **out)
{
	pt_claim_query q = { .tolerance = -1 };
	pt_claims *list = NULL;
	int rc;

	*out = NULL;
	q.key = key;
	q.tolerance = tolerance;
	if ((rc = pt_claims_list(db, &q, &list)))
		return rc;
	if (!list->count) {
		pt_claims_free(list);
		return pt__error(db, PT_ENOTFOUND, "no claim '%s'", key);
	}
	*out = malloc(sizeof **out);
	if (!*out) {
		pt_claims_free(list);
		return pt__error(db, PT_ENOMEM, "out of memory");
	}
	**out = list->items[0];
	list->count = 0;
	pt_claims_free(list);
	return PT_OK;
}
