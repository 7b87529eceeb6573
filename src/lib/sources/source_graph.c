/*
 * source_graph.c - the graph of links between sources (cites, derives
 * from, transcribes, translates) and what it tells: where a citation traces
 * back to (its origins), which sources a citation draws on, walks up and
 * down the links to any depth, and citation circles.
 *
 * The graph is read whole (sources and links are few next to persons) and
 * split into strongly connected components (Tarjan's algorithm, without
 * recursion), so that a circle of sources citing each other is one node of
 * the condensed graph: walks visit each source once and always end.
 */
#include <stdlib.h>
#include <string.h>

#include "sources/sources.h"

struct pt__graph {
	size_t n;
	int64_t *ids;          /* node -> source id, ascending */
	char **keys, **titles;
	size_t *by_key;        /* nodes in key order */
	size_t *out_start, *out_to;  const char **out_rel;  /* links from a node */
	size_t *in_start, *in_to;    const char **in_rel;   /* links to a node */
	size_t *comp;          /* node -> strongly connected component */
	size_t comp_count;
	size_t *comp_size;
	unsigned char *comp_sink; /* no link leaves the component */
	size_t **comp_origins;   /* the sink components a component reaches */
	size_t *comp_origin_count;
	unsigned char *comp_circular; /* it is, or reaches, a circle */
	size_t *comp_node;       /* a member of each component */
	size_t *members_start, *members; /* the members of component c: members[start[c]..start[c+1]) */
	char **comp_name;        /* names of circles, made when first asked for */
	unsigned *mark;          /* scratch for walks: mark[v] == stamp means seen */
	unsigned stamp;
};

static const char *relation_name(const char *r)
{
	static const char *const names[] = { "cites", "derives_from", "transcribes", "translates" };
	for (size_t i = 0; i < 4; i++)
		if (r && !strcmp(r, names[i]))
			return names[i];
	return "cites";
}

void pt__graph_free(pt__graph *g)
{
	if (!g)
		return;
	for (size_t i = 0; i < g->n; i++) {
		free(g->keys[i]);
		free(g->titles[i]);
	}
	free(g->ids); free(g->keys); free(g->titles); free(g->by_key);
	free(g->out_start); free(g->out_to); free(g->out_rel);
	free(g->in_start); free(g->in_to); free(g->in_rel);
	for (size_t c = 0; g->comp_origins && c < g->comp_count; c++)
		free(g->comp_origins[c]);
	free(g->comp_origins); free(g->comp_origin_count); free(g->comp_circular);
	for (size_t c = 0; g->comp_name && c < g->comp_count; c++)
		free(g->comp_name[c]);
	free(g->comp_name); free(g->members_start); free(g->members);
	free(g->comp); free(g->comp_size); free(g->comp_sink); free(g->mark); free(g->comp_node);
	free(g);
}

static const pt__graph *sort_graph;
static int compare_by_key(const void *a, const void *b)
{
	return strcmp(sort_graph->keys[*(const size_t *)a], sort_graph->keys[*(const size_t *)b]);
}

long pt__graph_node(const pt__graph *g, int64_t id)
{
	size_t lo = 0, hi = g->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (g->ids[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g->n && g->ids[lo] == id ? (long)lo : -1;
}

static long node_by_key(const pt__graph *g, const char *key)
{
	size_t lo = 0, hi = g->n;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(g->keys[g->by_key[mid]], key);
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < g->n && !strcmp(g->keys[g->by_key[lo]], key) ? (long)g->by_key[lo] : -1;
}

const char *pt__graph_key(const pt__graph *g, long node)
{
	return node >= 0 && (size_t)node < g->n ? g->keys[node] : NULL;
}

/* The origins of every component: itself when no link leaves it, else the
 * union of the origins of the components its links lead to. Tarjan numbers
 * a component after every component it reaches, so one pass in number
 * order sees the successors first. */
static int component_origins(pt__graph *g)
{
	size_t *members_start, *members;
	size_t *fill;

	g->comp_origins = calloc(g->comp_count ? g->comp_count : 1, sizeof *g->comp_origins);
	g->comp_origin_count = calloc(g->comp_count ? g->comp_count : 1, sizeof *g->comp_origin_count);
	g->comp_circular = calloc(g->comp_count ? g->comp_count : 1, 1);
	g->mark = calloc(g->n ? g->n : 1, sizeof *g->mark);
	g->comp_node = calloc(g->comp_count ? g->comp_count : 1, sizeof *g->comp_node);
	g->comp_name = calloc(g->comp_count ? g->comp_count : 1, sizeof *g->comp_name);
	members_start = calloc(g->comp_count + 1, sizeof *members_start);
	members = malloc((g->n ? g->n : 1) * sizeof *members);
	fill = calloc(g->comp_count ? g->comp_count : 1, sizeof *fill);
	if (!g->comp_origins || !g->comp_origin_count || !g->comp_circular || !g->mark || !g->comp_node ||
	    !g->comp_name ||
	    !members_start || !members || !fill)
		goto nomem;
	for (size_t v = 0; v < g->n; v++)
		members_start[g->comp[v] + 1]++;
	for (size_t c = 0; c < g->comp_count; c++)
		members_start[c + 1] += members_start[c];
	for (size_t v = 0; v < g->n; v++) {
		members[members_start[g->comp[v]] + fill[g->comp[v]]++] = v;
		g->comp_node[g->comp[v]] = v;
	}
	for (size_t c = 0; c < g->comp_count; c++) {
		g->comp_circular[c] = g->comp_size[c] > 1;
		if (g->comp_sink[c]) {
			if (!(g->comp_origins[c] = malloc(sizeof **g->comp_origins)))
				goto nomem;
			g->comp_origins[c][0] = c;
			g->comp_origin_count[c] = 1;
			continue;
		}
		for (size_t m = members_start[c]; m < members_start[c + 1]; m++) {
			size_t v = members[m];
			for (size_t e = g->out_start[v]; e < g->out_start[v + 1]; e++) {
				size_t d = g->comp[g->out_to[e]];
				if (d == c)
					continue;
				g->comp_circular[c] |= g->comp_circular[d];
				for (size_t k = 0; k < g->comp_origin_count[d]; k++) {
					size_t o = g->comp_origins[d][k], j;
					size_t *grown;
					for (j = 0; j < g->comp_origin_count[c] && g->comp_origins[c][j] != o; j++)
						;
					if (j < g->comp_origin_count[c])
						continue;
					grown = realloc(g->comp_origins[c],
							(g->comp_origin_count[c] + 1) * sizeof *grown);
					if (!grown)
						goto nomem;
					g->comp_origins[c] = grown;
					grown[g->comp_origin_count[c]++] = o;
				}
			}
		}
	}
	g->members_start = members_start;
	g->members = members;
	free(fill);
	return PT_OK;
nomem:
	free(members_start);
	free(members);
	free(fill);
	return PT_ENOMEM;
}

/* Tarjan's strongly connected components with an explicit stack. */
static int find_components(pt__graph *g)
{
	size_t n = g->n, next_index = 0, top = 0, calls = 0;
	size_t *index = malloc((n ? n : 1) * sizeof *index);
	size_t *low = malloc((n ? n : 1) * sizeof *low);
	size_t *stack = malloc((n ? n : 1) * sizeof *stack);
	size_t *call_node = malloc((n ? n : 1) * sizeof *call_node);
	size_t *call_edge = malloc((n ? n : 1) * sizeof *call_edge);
	unsigned char *on_stack = calloc(n ? n : 1, 1);
	int rc = PT_ENOMEM;

	g->comp = malloc((n ? n : 1) * sizeof *g->comp);
	g->comp_size = calloc(n ? n : 1, sizeof *g->comp_size);
	g->comp_sink = calloc(n ? n : 1, 1);
	if (!index || !low || !stack || !call_node || !call_edge || !on_stack || !g->comp ||
	    !g->comp_size || !g->comp_sink)
		goto cleanup;
	for (size_t v = 0; v < n; v++)
		index[v] = (size_t)-1;
	for (size_t root = 0; root < n; root++) {
		if (index[root] != (size_t)-1)
			continue;
		call_node[0] = root;
		call_edge[0] = g->out_start[root];
		calls = 1;
		index[root] = low[root] = next_index++;
		stack[top++] = root;
		on_stack[root] = 1;
		while (calls) {
			size_t v = call_node[calls - 1];
			if (call_edge[calls - 1] < g->out_start[v + 1]) {
				size_t w = g->out_to[call_edge[calls - 1]++];
				if (index[w] == (size_t)-1) {
					index[w] = low[w] = next_index++;
					stack[top++] = w;
					on_stack[w] = 1;
					call_node[calls] = w;
					call_edge[calls] = g->out_start[w];
					calls++;
				} else if (on_stack[w] && index[w] < low[v]) {
					low[v] = index[w];
				}
				continue;
			}
			if (low[v] == index[v]) {
				size_t w;
				do {
					w = stack[--top];
					on_stack[w] = 0;
					g->comp[w] = g->comp_count;
					g->comp_size[g->comp_count]++;
				} while (w != v);
				g->comp_count++;
			}
			calls--;
			if (calls) {
				size_t parent = call_node[calls - 1];
				if (low[v] < low[parent])
					low[parent] = low[v];
			}
		}
	}
	for (size_t c = 0; c < g->comp_count; c++)
		g->comp_sink[c] = 1;
	for (size_t v = 0; v < n; v++)
		for (size_t e = g->out_start[v]; e < g->out_start[v + 1]; e++)
			if (g->comp[g->out_to[e]] != g->comp[v])
				g->comp_sink[g->comp[v]] = 0;
	rc = component_origins(g);
cleanup:
	free(index); free(low); free(stack); free(call_node); free(call_edge); free(on_stack);
	return rc;
}

int pt__graph_load(pt_db *db, pt__graph **out)
{
	sqlite3_stmt *s = NULL;
	pt__graph *g = calloc(1, sizeof *g);
	size_t cap = 0, ecap = 0, ecount = 0;
	int64_t (*edges)[2] = NULL;
	const char **rels = NULL;
	int rc;

	*out = NULL;
	if (!g)
		return pt__error(db, PT_ENOMEM, "out of memory");
	if ((rc = pt__prepare(db, &s, "SELECT id, key, title FROM source ORDER BY id")))
		goto cleanup;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (g->n == cap) {
			size_t ncap = cap ? cap * 2 : 64;
			int64_t *ids = realloc(g->ids, ncap * sizeof *ids);
			char **keys = ids ? realloc(g->keys, ncap * sizeof *keys) : NULL;
			char **titles;
			if (ids)
				g->ids = ids;
			if (keys)
				g->keys = keys;
			titles = keys ? realloc(g->titles, ncap * sizeof *titles) : NULL;
			if (!titles) {
				rc = PT_ENOMEM;
				goto cleanup;
			}
			g->titles = titles;
			cap = ncap;
		}
		g->ids[g->n] = sqlite3_column_int64(s, 0);
		g->keys[g->n] = pt__strdup((const char *)sqlite3_column_text(s, 1));
		g->titles[g->n] = sqlite3_column_type(s, 2) == SQLITE_NULL ? NULL
				: pt__strdup((const char *)sqlite3_column_text(s, 2));
		g->n++;
		if (!g->keys[g->n - 1]) {
			rc = PT_ENOMEM;
			goto cleanup;
		}
	}
	if (rc != SQLITE_DONE) {
		rc = pt__sql_error(db, "cannot read sources");
		goto cleanup;
	}
	sqlite3_finalize(s);
	s = NULL;
	if ((rc = pt__prepare(db, &s, "SELECT source_id, target_id, relation FROM source_link "
			      "ORDER BY source_id, relation, target_id")))
		goto cleanup;
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		if (ecount == ecap) {
			size_t ncap = ecap ? ecap * 2 : 64;
			int64_t (*e)[2] = realloc(edges, ncap * sizeof *e);
			const char **r = e ? realloc(rels, ncap * sizeof *r) : NULL;
			if (e)
				edges = e;
			if (!r) {
				rc = PT_ENOMEM;
				goto cleanup;
			}
			rels = r;
			ecap = ncap;
		}
		edges[ecount][0] = sqlite3_column_int64(s, 0);
		edges[ecount][1] = sqlite3_column_int64(s, 1);
		rels[ecount] = relation_name((const char *)sqlite3_column_text(s, 2));
		ecount++;
	}
	if (rc != SQLITE_DONE) {
		rc = pt__sql_error(db, "cannot read source links");
		goto cleanup;
	}
	rc = PT_ENOMEM;
	g->out_start = calloc(g->n + 1, sizeof *g->out_start);
	g->in_start = calloc(g->n + 1, sizeof *g->in_start);
	g->out_to = malloc((ecount ? ecount : 1) * sizeof *g->out_to);
	g->in_to = malloc((ecount ? ecount : 1) * sizeof *g->in_to);
	g->out_rel = malloc((ecount ? ecount : 1) * sizeof *g->out_rel);
	g->in_rel = malloc((ecount ? ecount : 1) * sizeof *g->in_rel);
	g->by_key = malloc((g->n ? g->n : 1) * sizeof *g->by_key);
	if (!g->out_start || !g->in_start || !g->out_to || !g->in_to || !g->out_rel ||
	    !g->in_rel || !g->by_key)
		goto cleanup;
	for (size_t e = 0; e < ecount; e++) {
		long a = pt__graph_node(g, edges[e][0]), b = pt__graph_node(g, edges[e][1]);
		if (a >= 0 && b >= 0) {
			g->out_start[a + 1]++;
			g->in_start[b + 1]++;
		}
	}
	for (size_t v = 0; v < g->n; v++) {
		g->out_start[v + 1] += g->out_start[v];
		g->in_start[v + 1] += g->in_start[v];
	}
	{
		size_t *out_fill = calloc(g->n ? g->n : 1, sizeof *out_fill);
		size_t *in_fill = calloc(g->n ? g->n : 1, sizeof *in_fill);
		if (!out_fill || !in_fill) {
			free(out_fill);
			free(in_fill);
			goto cleanup;
		}
		for (size_t e = 0; e < ecount; e++) {
			long a = pt__graph_node(g, edges[e][0]), b = pt__graph_node(g, edges[e][1]);
			size_t i, j;
			if (a < 0 || b < 0)
				continue;
			i = g->out_start[a] + out_fill[a]++;
			j = g->in_start[b] + in_fill[b]++;
			g->out_to[i] = (size_t)b;
			g->out_rel[i] = rels[e];
			g->in_to[j] = (size_t)a;
			g->in_rel[j] = rels[e];
		}
		free(out_fill);
		free(in_fill);
	}
	for (size_t v = 0; v < g->n; v++)
		g->by_key[v] = v;
	sort_graph = g;
	qsort(g->by_key, g->n, sizeof *g->by_key, compare_by_key);
	if ((rc = find_components(g)))
		goto cleanup;
	*out = g;
	g = NULL;
	rc = PT_OK;
cleanup:
	sqlite3_finalize(s);
	free(edges);
	free(rels);
	if (g) {
		pt__graph_free(g);
		if (rc == PT_ENOMEM)
			pt__error(db, rc, "out of memory");
	}
	return rc;
}

static int add_comp(size_t **comps, size_t *count, size_t comp)
{
	size_t *grown;
	for (size_t i = 0; i < *count; i++)
		if ((*comps)[i] == comp)
			return PT_OK;
	grown = realloc(*comps, (*count + 1) * sizeof *grown);
	if (!grown)
		return PT_ENOMEM;
	*comps = grown;
	grown[(*count)++] = comp;
	return PT_OK;
}

int pt__graph_origins(const pt__graph *g, long node, int original, size_t **comps,
		      size_t *count, int *circular)
{
	size_t c;
	int rc = PT_OK;

	if (node < 0)
		return PT_OK;
	c = g->comp[node];
	if (g->comp_circular[c])
		*circular = 1;
	if (original)
		return add_comp(comps, count, c);
	for (size_t k = 0; k < g->comp_origin_count[c] && rc == PT_OK; k++)
		rc = add_comp(comps, count, g->comp_origins[c][k]);
	return rc;
}

int pt__graph_reach(const pt__graph *cg, long node, int original, size_t **nodes, size_t *count)
{
	pt__graph *g = (pt__graph *)cg; /* the marks are scratch, not state */
	size_t cap = 16;

	*count = 0;
	*nodes = NULL;
	if (node < 0)
		return PT_OK;
	if (++g->stamp == 0) { /* wrapped: clear the marks */
		memset(g->mark, 0, g->n * sizeof *g->mark);
		g->stamp = 1;
	}
	if (!(*nodes = malloc(cap * sizeof **nodes)))
		return PT_ENOMEM;
	(*nodes)[(*count)++] = (size_t)node;
	g->mark[node] = g->stamp;
	for (size_t head = 0; head < *count && !original; head++) {
		size_t v = (*nodes)[head];
		for (size_t e = g->out_start[v]; e < g->out_start[v + 1]; e++) {
			size_t w = g->out_to[e];
			if (g->mark[w] == g->stamp)
				continue;
			g->mark[w] = g->stamp;
			if (*count == cap) {
				size_t *grown = realloc(*nodes, 2 * cap * sizeof *grown);
				if (!grown) {
					free(*nodes);
					*nodes = NULL;
					return PT_ENOMEM;
				}
				*nodes = grown;
				cap *= 2;
			}
			(*nodes)[(*count)++] = w;
		}
	}
	return PT_OK;
}

size_t pt__graph_comp(const pt__graph *g, size_t node)
{
	return g->comp[node];
}

static int compare_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int pt__graph_origin_name(const pt__graph *cg, size_t comp, pt__buf *out)
{
	pt__graph *g = (pt__graph *)cg; /* the names are a cache, not state */

	if (g->comp_size[comp] == 1)
		return pt__buf_puts(out, g->keys[g->comp_node[comp]]);
	if (!g->comp_name[comp]) {
		size_t n = g->comp_size[comp];
		const char **keys = malloc(n * sizeof *keys);
		pt__buf name = PT__BUF_INIT;
		if (!keys)
			return PT_ENOMEM;
		for (size_t i = 0; i < n; i++)
			keys[i] = g->keys[g->members[g->members_start[comp] + i]];
		qsort(keys, n, sizeof *keys, compare_keys);
		pt__buf_puts(&name, "circle(");
		for (size_t i = 0; i < n; i++)
			pt__buf_printf(&name, "%s%s", i ? ", " : "", keys[i]);
		pt__buf_putc(&name, ')');
		free(keys);
		if (name.failed) {
			pt__buf_release(&name);
			return PT_ENOMEM;
		}
		g->comp_name[comp] = pt__buf_detach(&name);
	}
	return pt__buf_puts(out, g->comp_name[comp]);
}

long pt__graph_node_by_key(const pt__graph *g, const char *key)
{
	return key ? node_by_key(g, key) : -1;
}

/* Breadth-first over links out of (or into) `start`: each source once,
 * with its depth and the source it was reached through. */
int pt__graph_walk(const pt__graph *g, size_t start, int incoming, pt_xref_link **out,
		   size_t *count)
{
	size_t *queue = malloc(g->n * sizeof *queue), *depth = calloc(g->n, sizeof *depth);
	size_t *parent = malloc(g->n * sizeof *parent), head = 0, tail = 0;
	const char **rel = calloc(g->n, sizeof *rel);
	unsigned char *seen = calloc(g->n, 1);
	int rc = PT_ENOMEM;

	if (!queue || !depth || !parent || !rel || !seen)
		goto cleanup;
	queue[tail++] = start;
	seen[start] = 1;
	while (head < tail) {
		size_t v = queue[head++];
		const size_t *first = incoming ? g->in_start : g->out_start;
		const size_t *to = incoming ? g->in_to : g->out_to;
		const char *const *rels = incoming ? g->in_rel : g->out_rel;
		for (size_t e = first[v]; e < first[v + 1]; e++) {
			size_t w = to[e];
			if (seen[w])
				continue;
			seen[w] = 1;
			depth[w] = depth[v] + 1;
			parent[w] = v;
			rel[w] = rels[e];
			queue[tail++] = w;
		}
	}
	*out = calloc(tail ? tail : 1, sizeof **out);
	if (!*out)
		goto cleanup;
	for (size_t i = 1; i < tail; i++) {
		size_t w = queue[i];
		pt_xref_link *l = &(*out)[(*count)++];
		l->relation = pt__strdup(rel[w]);
		l->key = pt__strdup(g->keys[w]);
		l->title = pt__strdup(g->titles[w]);
		l->depth = (int)depth[w];
		l->via = depth[w] > 1 ? pt__strdup(g->keys[parent[w]]) : NULL;
		if (!l->relation || !l->key || (g->titles[w] && !l->title) ||
		    (depth[w] > 1 && !l->via))
			goto cleanup;
	}
	rc = PT_OK;
cleanup:
	free(queue); free(depth); free(parent); free(rel); free(seen);
	return rc;
}

/* A shortest circle through `start`: the sources in order, start first. */
int pt__graph_circle(const pt__graph *g, size_t start, char ***out, size_t *count)
{
	size_t *queue, *parent, head = 0, tail = 0, last = (size_t)-1;
	unsigned char *seen;
	int rc = PT_ENOMEM;

	if (g->comp_size[g->comp[start]] < 2)
		return PT_OK;
	queue = malloc(g->n * sizeof *queue);
	parent = malloc(g->n * sizeof *parent);
	seen = calloc(g->n, 1);
	if (!queue || !parent || !seen)
		goto cleanup;
	queue[tail++] = start;
	seen[start] = 1;
	while (head < tail && last == (size_t)-1) {
		size_t v = queue[head++];
		for (size_t e = g->out_start[v]; e < g->out_start[v + 1]; e++) {
			size_t w = g->out_to[e];
			if (w == start) {
				last = v;
				break;
			}
			if (!seen[w] && g->comp[w] == g->comp[start]) {
				seen[w] = 1;
				parent[w] = v;
				queue[tail++] = w;
			}
		}
	}
	if (last != (size_t)-1) {
		size_t n = 1;
		for (size_t v = last; v != start; v = parent[v])
			n++;
		*out = calloc(n, sizeof **out);
		if (!*out)
			goto cleanup;
		*count = n;
		for (size_t v = last, i = n - 1; ; v = parent[v], i--) {
			if (!((*out)[i] = pt__strdup(g->keys[v])))
				goto cleanup;
			if (v == start)
				break;
		}
	}
	rc = PT_OK;
cleanup:
	free(queue); free(parent); free(seen);
	return rc;
}

