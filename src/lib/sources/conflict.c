/*
 * conflict.c - claims that cannot all be true, and claims that stand on
 * too little: conflicts within one question and scope (claim_value.c says
 * whether two values can both hold), the claims on the same question in
 * other scopes shown beside them as related, and the unsupported claims.
 */
#include <stdlib.h>
#include <string.h>

#include "sources/sources.h"

static void conflict_release(pt_conflict *c);

void pt_conflicts_free(pt_conflicts *conflicts)
{
	if (!conflicts)
		return;
	for (size_t i = 0; i < conflicts->count; i++)
		conflict_release(&conflicts->items[i]);
	free(conflicts->items);
	pt_claims_free(conflicts->claims);
	free(conflicts);
}

static int same_scope(const pt_claim *a, const pt_claim *b)
{
	if (strcmp(a->question, b->question))
		return 0;
	if ((a->metric == NULL) != (b->metric == NULL) || (a->metric && strcmp(a->metric, b->metric)))
		return 0;
	if ((a->population == NULL) != (b->population == NULL) ||
	    (a->population && strcmp(a->population, b->population)))
		return 0;
	return 1;
}

static int add_index(size_t **list, size_t *count, size_t value)
{
	size_t *grown;
	for (size_t i = 0; i < *count; i++)
		if ((*list)[i] == value)
			return PT_OK;
	grown = realloc(*list, (*count + 1) * sizeof *grown);
	if (!grown)
		return PT_ENOMEM;
	*list = grown;
	grown[(*count)++] = value;
	return PT_OK;
}

static int compare_index(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	return x < y ? -1 : x > y;
}

static int compare_text(const char *a, const char *b)
{
	if (!a || !b)
		return (a != NULL) - (b != NULL);
	return strcmp(a, b);
}

/* Orders the claims of one question by scope, keeping their order within a
 * scope (the index breaks ties). */
static const pt_claims *sort_claims;
static int compare_scope(const void *x, const void *y)
{
	const pt_claim *a = &sort_claims->items[*(const size_t *)x];
	const pt_claim *b = &sort_claims->items[*(const size_t *)y];
	int c = compare_text(a->metric, b->metric);
	if (!c)
		c = compare_text(a->population, b->population);
	if (!c)
		c = compare_index(x, y);
	return c;
}

static void conflict_release(pt_conflict *c)
{
	free(c->question);
	free(c->scope);
	free(c->members);
	for (size_t k = 0; k < c->pair_count; k++)
		free(c->pairs[k].reason);
	free(c->pairs);
	free(c->related);
}

/* The conflicts among the claims scope[0..n) of one scope; the question's
 * claims are [q_first, q_end). */
static int scope_conflicts(pt_conflicts *out, const size_t *scope, size_t n, size_t q_first,
			   size_t q_end)
{
	const pt_claims *all = out->claims;
	const pt_claim *head = &all->items[scope[0]];
	pt_conflict c = { 0 };
	int rc = PT_OK;

	for (size_t x = 0; x < n && rc == PT_OK; x++) {
		for (size_t y = x + 1; y < n && rc == PT_OK; y++) {
			size_t i = scope[x] < scope[y] ? scope[x] : scope[y];
			size_t j = scope[x] < scope[y] ? scope[y] : scope[x];
			const char *kind = NULL;
			char *reason = NULL;
			pt_conflict_pair *grown;
			int r = pt__claims_conflict(&all->items[i], &all->items[j], &kind, &reason);
			if (r < 0) {
				rc = r;
				break;
			}
			if (!r)
				continue;
			grown = realloc(c.pairs, (c.pair_count + 1) * sizeof *grown);
			if (!grown) {
				free(reason);
				rc = PT_ENOMEM;
				break;
			}
			c.pairs = grown;
			grown[c.pair_count].a = i;
			grown[c.pair_count].b = j;
			grown[c.pair_count].kind = kind;
			grown[c.pair_count].reason = reason;
			c.pair_count++;
			if ((rc = add_index(&c.members, &c.member_count, i)) == PT_OK)
				rc = add_index(&c.members, &c.member_count, j);
		}
	}
	if (rc == PT_OK && c.pair_count) {
		pt_conflict *grown;
		qsort(c.members, c.member_count, sizeof *c.members, compare_index);
		for (size_t i = q_first; i < q_end && rc == PT_OK; i++)
			if (!same_scope(head, &all->items[i]))
				rc = add_index(&c.related, &c.related_count, i);
		c.question = pt__strdup(head->question);
		c.scope = pt__strdup(head->scope);
		grown = rc ? NULL : realloc(out->items, (out->count + 1) * sizeof *grown);
		if (!grown || !c.question || !c.scope) {
			rc = PT_ENOMEM;
		} else {
			out->items = grown;
			out->items[out->count++] = c;
			return PT_OK;
		}
	}
	conflict_release(&c);
	return rc;
}

int pt_claims_conflicts(pt_db *db, const pt_claim_query *query, pt_conflicts **out)
{
	pt_conflicts *result = calloc(1, sizeof *result);
	size_t *order = NULL;
	int rc;

	*out = NULL;
	if (!result)
		return pt__error(db, PT_ENOMEM, "out of memory");
	result->tolerance = query && query->tolerance >= 0 ? query->tolerance : PT_TOLERANCE_DEFAULT;
	if ((rc = pt_claims_list(db, query, &result->claims))) {
		free(result);
		return rc;
	}
	order = malloc((result->claims->count ? result->claims->count : 1) * sizeof *order);
	if (!order) {
		rc = PT_ENOMEM;
		goto cleanup;
	}
	/* the list comes ordered by question: one question at a time */
	for (size_t q = 0; q < result->claims->count;) {
		size_t q_end = q + 1;
		while (q_end < result->claims->count &&
		       !strcmp(result->claims->items[q_end].question, result->claims->items[q].question))
			q_end++;
		for (size_t i = q; i < q_end; i++)
			order[i - q] = i;
		sort_claims = result->claims;
		qsort(order, q_end - q, sizeof *order, compare_scope);
		for (size_t g = 0; g < q_end - q && rc == PT_OK;) {
			size_t g_end = g + 1;
			while (g_end < q_end - q && same_scope(&result->claims->items[order[g]],
							       &result->claims->items[order[g_end]]))
				g_end++;
			if (g_end - g > 1)
				rc = scope_conflicts(result, order + g, g_end - g, q, q_end);
			g = g_end;
		}
		if (rc)
			goto cleanup;
		q = q_end;
	}
cleanup:
	free(order);
	if (rc) {
		pt_conflicts_free(result);
		return pt__error(db, rc, "out of memory");
	}
	*out = result;
	return PT_OK;
}

int pt_claims_unsupported(pt_db *db, const pt_claim_query *query, pt_claims **out)
{
	pt_claims *all = NULL;
	size_t kept = 0;
	int rc;

	*out = NULL;
	if ((rc = pt_claims_list(db, query, &all)))
		return rc;
	/* keep the unsupported ones, in their order */
	for (size_t i = 0; i < all->count; i++) {
		pt_claim *c = &all->items[i];
		if (c->citation_count == 0 || c->independent_origins < 2 || !c->has_original)
			all->items[kept++] = *c;
		else
			pt__claim_release(c);
	}
	all->count = kept;
	*out = all;
	return PT_OK;
}
