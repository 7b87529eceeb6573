/*
 * cluster.c - individuals from the decisions log. The records a change
 * touches (the seeds), with everything joined to them by a decision in
 * force or by their present individuals, are grouped again: a person's
 * `same` decisions first, then the automatic ones by descending
 * probability, each refused when it would put two records a person called
 * `different` into one individual (a union-find that refuses merges). The
 * groups get ids by the rule of schema/README.md: a group keeps the
 * smallest earlier individual id whose record it holds, else takes its
 * smallest record id; a record alone has no individual_member row. Only the
 * rows that change are written.
 *
 * A run that holds every record and rebuilds every individual groups them
 * the same way in memory (pt__lk_cluster_*): from the individuals and the
 * decisions in force before it and the links it is about to write, on
 * another thread while its own writes them, instead of reading them back.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link/link.h"

typedef struct node {
	int64_t id;
	int64_t old;           /* individual before (its own id when none) */
	int has_row;           /* it had an individual_member row */
	uint32_t parent, size;
	uint32_t next;         /* members of a root's group, as a list */
	uint32_t last;         /* the root's last member */
} node;

typedef struct edge {
	uint32_t a, b;
	int person;            /* a person's decision */
	int same;
	double probability;
	int64_t decision;
} edge;

typedef struct graph {
	node *nodes;
	uint32_t count, cap;
	uint32_t *slots;       /* id -> node index + 1 */
	uint32_t slot_count;
	edge *edges;
	size_t edge_count, edge_cap;
	uint32_t *diff_first;  /* per node: first index into diffs, by a sorted copy */
	uint32_t *diffs;       /* partners of the different decisions, grouped */
	size_t diff_count;
} graph;

static uint32_t slot_of(const graph *g, int64_t id)
{
	return (uint32_t)(((uint64_t)id * 0x9e3779b97f4a7c15ULL) >> 20) & (g->slot_count - 1);
}

static uint32_t node_find(const graph *g, int64_t id)
{
	uint32_t s;
	if (!g->slot_count)
		return UINT32_MAX;
	s = slot_of(g, id);
	while (g->slots[s]) {
		if (g->nodes[g->slots[s] - 1].id == id)
			return g->slots[s] - 1;
		s = (s + 1) & (g->slot_count - 1);
	}
	return UINT32_MAX;
}

static int rehash(graph *g)
{
	uint32_t size = g->slot_count ? g->slot_count * 2 : 1024;
	free(g->slots);
	if (!(g->slots = calloc(size, sizeof *g->slots)))
		return PT_ENOMEM;
	g->slot_count = size;
	for (uint32_t i = 0; i < g->count; i++) {
		uint32_t s = slot_of(g, g->nodes[i].id);
		while (g->slots[s])
			s = (s + 1) & (size - 1);
		g->slots[s] = i + 1;
	}
	return PT_OK;
}

/* The node of record id, added when new (*added set). */
static int node_add(graph *g, int64_t id, uint32_t *out, int *added)
{
	uint32_t i = node_find(g, id), s;
	*added = 0;
	if (i != UINT32_MAX) {
		*out = i;
		return PT_OK;
	}
	if ((uint64_t)(g->count + 1) * 2 > g->slot_count && rehash(g))
		return PT_ENOMEM;
	if (g->count == g->cap) {
		uint32_t cap = g->cap ? g->cap * 2 : 1024;
		node *n = realloc(g->nodes, cap * sizeof *n);
		if (!n)
			return PT_ENOMEM;
		g->nodes = n;
		g->cap = cap;
	}
	i = g->count++;
	memset(&g->nodes[i], 0, sizeof g->nodes[i]);
	g->nodes[i].id = id;
	g->nodes[i].old = id;
	s = slot_of(g, id);
	while (g->slots[s])
		s = (s + 1) & (g->slot_count - 1);
	g->slots[s] = i + 1;
	*out = i;
	*added = 1;
	return PT_OK;
}

static int edge_add(graph *g, const edge *e)
{
	if (g->edge_count == g->edge_cap) {
		size_t cap = g->edge_cap ? g->edge_cap * 2 : 1024;
		edge *n = realloc(g->edges, cap * sizeof *n);
		if (!n)
			return PT_ENOMEM;
		g->edges = n;
		g->edge_cap = cap;
	}
	g->edges[g->edge_count++] = *e;
	return PT_OK;
}

static void graph_release(graph *g)
{
	free(g->nodes);
	free(g->slots);
	free(g->edges);
	free(g->diff_first);
	free(g->diffs);
}

/* ---- reading the part of the log that matters ---------------------------------------- */

static int read_edge(sqlite3_stmt *s, graph *g, int64_t *other_a, int64_t *other_b, edge *e)
{
	(void)g;
	memset(e, 0, sizeof *e);
	e->decision = sqlite3_column_int64(s, 0);
	*other_a = sqlite3_column_int64(s, 1);
	*other_b = sqlite3_column_int64(s, 2);
	e->same = !strcmp((const char *)sqlite3_column_text(s, 3), "same");
	e->person = sqlite3_column_int(s, 4);
	e->probability = sqlite3_column_double(s, 5);
	return PT_OK;
}

/* pt_lk_unread(graph, id, bound): whether record id has no node yet, or a
 * node at index bound or later (not in the fronts read before bound). */
static void sql_unread(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const graph *g = sqlite3_value_pointer(argv[0], "pt_lk_graph");
	uint32_t i;
	(void)argc;
	if (!g) {
		sqlite3_result_error(ctx, "pt_lk_unread: no graph", -1);
		return;
	}
	i = node_find(g, sqlite3_value_int64(argv[1]));
	sqlite3_result_int(ctx, i == UINT32_MAX || (int64_t)i >= sqlite3_value_int64(argv[2]));
}

/* Registers pt_lk_unread on the connection once: registering it again
 * would expire every prepared statement of the connection. */
static int register_unread(pt_db *db)
{
	sqlite3_stmt *probe = NULL;
	int there = sqlite3_prepare_v2(db->sql, "SELECT pt_lk_unread(NULL, 0, 0)", -1, &probe,
				       NULL) == SQLITE_OK;
	sqlite3_finalize(probe);
	if (!there && sqlite3_create_function_v2(db->sql, "pt_lk_unread", 3, SQLITE_UTF8 |
						 SQLITE_DIRECTONLY, NULL, sql_unread, NULL, NULL,
						 NULL) != SQLITE_OK)
		return pt__sql_error(db, "cannot register pt_lk_unread");
	return PT_OK;
}

/* Everything joined to the seeds, a round at a time: each round reads, for
 * all the records found in the round before (temp.pt_link_front), their
 * individuals, the records of the individuals not read yet with their
 * rows, and their decisions, with one statement each (before: three or four
 * statements a record, and an individual's records read once for each of
 * them). */
/* Statement sql[0] front-table sql[1], the front table being the seeds' or
 * the front's. */
static int prepare_front(pt_db *db, sqlite3_stmt **s, const char *const sql[2], int seeds)
{
	char text[512];
	snprintf(text, sizeof text, "%s%s%s", sql[0],
		 seeds ? "temp.pt_link_seed" : "temp.pt_link_front", sql[1]);
	return pt__prepare(db, s, text);
}

static int gather_around(pt_db *db, graph *g)
{
	static const char *const team_sql[2] = {
		"INSERT OR IGNORE INTO temp.pt_link_team(id, round) "
		"SELECT coalesce(m.individual_id, f.id), ?1 FROM ",
		" f LEFT JOIN individual_member m ON m.person_id = f.id" };
	static const char *const from_a_sql[2] = {
		"SELECT d.id, d.a, d.b, d.decision, d.made_by <> 'auto', "
		"coalesce(d.probability, 1) FROM ",
		" f CROSS JOIN link_decision d ON d.a = f.id WHERE pt_lk_unread(?1, d.b, ?2) "
		"AND d.superseded_at IS NULL AND d.b IS NOT NULL" };
	static const char *const from_b_sql[2] = {
		"SELECT d.id, d.a, d.b, d.decision, d.made_by <> 'auto', "
		"coalesce(d.probability, 1) FROM ",
		" f CROSS JOIN link_decision d ON d.b = f.id WHERE pt_lk_unread(?1, d.a, ?2) "
		"AND d.superseded_at IS NULL AND d.a IS NOT NULL" };
	/* [0]: the first round's, whose front is the seeds' table itself (a
	 * copy cost 2,000 instructions a seed, a row at a time 3,200); [1]:
	 * the later rounds', on temp.pt_link_front */
	sqlite3_stmt *seeds = NULL, *front = NULL, *members = NULL, *team[2] = { NULL, NULL },
		     *from_a[2] = { NULL, NULL }, *from_b[2] = { NULL, NULL };
	uint32_t done = 0, idx;
	int rc = PT_OK, added;
	int64_t round = 0;

	if ((rc = pt__exec(db, "CREATE TEMP TABLE IF NOT EXISTS pt_link_front(id INTEGER PRIMARY KEY)")) ||
	    (rc = pt__exec(db, "CREATE TEMP TABLE IF NOT EXISTS pt_link_team(id INTEGER PRIMARY KEY, "
			   "round INTEGER NOT NULL); DELETE FROM temp.pt_link_team")) ||
	    (rc = pt__prepare(db, &seeds, "SELECT id FROM temp.pt_link_seed")) ||
	    (rc = pt__prepare(db, &front, "INSERT INTO temp.pt_link_front(id) VALUES (?)")) ||
	    (rc = pt__prepare(db, &members, "SELECT m.person_id, m.individual_id FROM temp.pt_link_team t "
			      "CROSS JOIN individual_member m ON m.individual_id = t.id WHERE t.round = ?1 "
			      "UNION ALL SELECT p.id, NULL FROM temp.pt_link_team t "
			      "JOIN person p ON p.id = t.id WHERE t.round = ?1")) ||
	    (rc = register_unread(db)))
		goto cleanup;
	for (int k = 0; k < 2 && !rc; k++)
		if (!(rc = prepare_front(db, &team[k], team_sql, !k)) &&
		    !(rc = prepare_front(db, &from_a[k], from_a_sql, !k)))
			rc = prepare_front(db, &from_b[k], from_b_sql, !k);
	if (rc)
		goto cleanup;
	while (sqlite3_step(seeds) == SQLITE_ROW)
		if ((rc = node_add(g, sqlite3_column_int64(seeds, 0), &idx, &added)))
			goto cleanup;
	while (done < g->count) {
		uint32_t end = g->count;
		int k = round > 0;     /* the nodes [0, end) of round 1 are the seeds */
		round++;
		if (k && (rc = pt__exec(db, "DELETE FROM temp.pt_link_front")))
			goto cleanup;
		for (uint32_t i = done; k && i < end && !rc; i++) {
			sqlite3_bind_int64(front, 1, g->nodes[i].id);
			if (sqlite3_step(front) != SQLITE_DONE)
				rc = pt__sql_error(db, "cannot note a record");
			sqlite3_reset(front);
		}
		if (rc)
			goto cleanup;
		/* the records of the individuals met for the first time (a record
		 * without a row is its own), with their rows: a front record's
		 * row is read here in the round its individual is first met,
		 * which is this one or an earlier one */
		sqlite3_bind_int64(team[k], 1, round);
		if (sqlite3_step(team[k]) != SQLITE_DONE)
			rc = pt__sql_error(db, "cannot note an individual");
		sqlite3_reset(team[k]);
		if (rc)
			goto cleanup;
		sqlite3_bind_int64(members, 1, round);
		while (sqlite3_step(members) == SQLITE_ROW) {
			if ((rc = node_add(g, sqlite3_column_int64(members, 0), &idx, &added)))
				break;
			if (sqlite3_column_type(members, 1) != SQLITE_NULL) {
				g->nodes[idx].has_row = 1;
				g->nodes[idx].old = sqlite3_column_int64(members, 1);
			}
		}
		sqlite3_reset(members);
		if (rc)
			goto cleanup;
		/* their decisions: the other record joins the nodes, and each edge
		 * is read once, in the first round with one of its records in the
		 * front (from its a when both are). from_a leaves out the edges
		 * whose b was in an earlier front, from_b those whose a is in this
		 * front or was in an earlier one; the test is on the index's
		 * columns, so a row left out is not read from the table. */
		sqlite3_bind_pointer(from_a[k], 1, g, "pt_lk_graph", NULL);
		sqlite3_bind_int64(from_a[k], 2, done);
		while (sqlite3_step(from_a[k]) == SQLITE_ROW) {
			int64_t a, b;
			edge e;
			read_edge(from_a[k], g, &a, &b, &e);
			if ((rc = node_add(g, b, &idx, &added)))
				break;
			e.a = node_find(g, a);
			e.b = idx;
			if ((rc = edge_add(g, &e)))
				break;
		}
		sqlite3_reset(from_a[k]);
		sqlite3_bind_pointer(from_b[k], 1, g, "pt_lk_graph", NULL);
		sqlite3_bind_int64(from_b[k], 2, end);
		while (!rc && sqlite3_step(from_b[k]) == SQLITE_ROW) {
			int64_t a, b;
			edge e;
			read_edge(from_b[k], g, &a, &b, &e);
			if ((rc = node_add(g, a, &idx, &added)))
				break;
			e.a = idx;
			e.b = node_find(g, b);
			rc = edge_add(g, &e);
		}
		sqlite3_reset(from_b[k]);
		if (rc)
			goto cleanup;
		done = end;
	}
cleanup:
	sqlite3_finalize(seeds);
	sqlite3_finalize(front);
	sqlite3_finalize(members);
	for (int k = 0; k < 2; k++) {
		sqlite3_finalize(team[k]);
		sqlite3_finalize(from_a[k]);
		sqlite3_finalize(from_b[k]);
	}
	return rc;
}

/* Every record and every decision in force, each read once. */
static int gather_all(pt_db *db, graph *g)
{
	sqlite3_stmt *s = NULL;
	uint32_t idx;
	int rc, added;

	if ((rc = pt__prepare(db, &s, "SELECT p.id, m.individual_id FROM person p "
			      "LEFT JOIN individual_member m ON m.person_id = p.id")))
		return rc;
	while (sqlite3_step(s) == SQLITE_ROW) {
		if ((rc = node_add(g, sqlite3_column_int64(s, 0), &idx, &added)))
			break;
		if (sqlite3_column_type(s, 1) != SQLITE_NULL) {
			g->nodes[idx].old = sqlite3_column_int64(s, 1);
			g->nodes[idx].has_row = 1;
		}
	}
	sqlite3_finalize(s);
	if (rc || (rc = pt__prepare(db, &s, "SELECT id, a, b, decision, made_by <> 'auto', "
				    "coalesce(probability, 1) FROM link_decision "
				    "WHERE superseded_at IS NULL AND a IS NOT NULL AND b IS NOT NULL")))
		return rc;
	while (sqlite3_step(s) == SQLITE_ROW) {
		int64_t a, b;
		edge e;
		read_edge(s, g, &a, &b, &e);
		e.a = node_find(g, a);
		e.b = node_find(g, b);
		if (e.a != UINT32_MAX && e.b != UINT32_MAX && (rc = edge_add(g, &e)))
			break;
	}
	sqlite3_finalize(s);
	return rc;
}

/* ---- grouping ---------------------------------------------------------------------------- */

static uint32_t root_of(graph *g, uint32_t i)
{
	while (g->nodes[i].parent != i) {
		g->nodes[i].parent = g->nodes[g->nodes[i].parent].parent;
		i = g->nodes[i].parent;
	}
	return i;
}

static int edge_order(const void *x, const void *y)
{
	const edge *a = x, *b = y;
	if (a->person != b->person)
		return b->person - a->person;           /* a person's decisions first */
	if (a->person)
		return a->decision < b->decision ? -1 : a->decision > b->decision;
	if (a->probability != b->probability)
		return a->probability > b->probability ? -1 : 1;
	return a->decision < b->decision ? -1 : a->decision > b->decision;
}

static int diff_order(const void *x, const void *y)
{
	const uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return a < b ? -1 : a > b;
}

/* The partners of each node's different decisions, for the merge test. */
static int index_differents(graph *g)
{
	uint64_t *pairs;
	size_t n = 0;
	for (size_t i = 0; i < g->edge_count; i++)
		n += !g->edges[i].same;
	if (!(g->diff_first = calloc((size_t)g->count + 1, sizeof *g->diff_first)))
		return PT_ENOMEM;
	if (n == 0)
		return PT_OK;
	if (!(pairs = malloc(2 * n * sizeof *pairs)) || !(g->diffs = malloc(2 * n * sizeof *g->diffs))) {
		free(pairs);
		return PT_ENOMEM;
	}
	n = 0;
	for (size_t i = 0; i < g->edge_count; i++) {
		const edge *e = &g->edges[i];
		if (e->same)
			continue;
		pairs[n++] = (uint64_t)e->a << 32 | e->b;
		pairs[n++] = (uint64_t)e->b << 32 | e->a;
	}
	if (n > 0)
		qsort(pairs, n, sizeof *pairs, diff_order);
	for (size_t i = 0; i < n; i++) {
		g->diffs[i] = (uint32_t)pairs[i];
		g->diff_first[(pairs[i] >> 32) + 1]++;
	}
	for (uint32_t i = 0; i < g->count; i++)
		g->diff_first[i + 1] += g->diff_first[i];
	g->diff_count = n;
	free(pairs);
	return PT_OK;
}

/* May the groups of roots x and y become one? */
static int may_join(graph *g, uint32_t x, uint32_t y)
{
	uint32_t small = g->nodes[x].size <= g->nodes[y].size ? x : y, other = small == x ? y : x;
	if (!g->diff_count)
		return 1;
	for (uint32_t m = small;; m = g->nodes[m].next) {
		for (uint32_t k = g->diff_first[m]; k < g->diff_first[m + 1]; k++)
			if (root_of(g, g->diffs[k]) == other)
				return 0;
		if (m == g->nodes[small].last)
			break;
	}
	return 1;
}

static void join(graph *g, uint32_t x, uint32_t y)
{
	/* the larger group's root stays root; member lists are spliced */
	if (g->nodes[x].size < g->nodes[y].size) {
		uint32_t t = x;
		x = y;
		y = t;
	}
	g->nodes[y].parent = x;
	g->nodes[x].size += g->nodes[y].size;
	g->nodes[g->nodes[x].last].next = y;
	g->nodes[x].last = g->nodes[y].last;
}

static void group(graph *g)
{
	for (uint32_t i = 0; i < g->count; i++) {
		g->nodes[i].parent = i;
		g->nodes[i].size = 1;
		g->nodes[i].next = i;
		g->nodes[i].last = i;
	}
	if (g->edge_count > 0)
		qsort(g->edges, g->edge_count, sizeof *g->edges, edge_order);
	for (size_t i = 0; i < g->edge_count; i++) {
		const edge *e = &g->edges[i];
		uint32_t x, y;
		if (!e->same)
			continue;
		x = root_of(g, e->a);
		y = root_of(g, e->b);
		if (x != y && may_join(g, x, y))
			join(g, x, y);
	}
}

/* ---- ids and writing ------------------------------------------------------------------------ */

/* Each group's id: the smallest earlier id whose record it holds, else
 * its smallest record id (ids[root]). */
static void assign_ids(graph *g, int64_t *ids)
{
	for (uint32_t i = 0; i < g->count; i++) {
		uint32_t r = root_of(g, i), m;
		int64_t best = INT64_MAX, smallest = INT64_MAX;
		if (r != i)
			continue;
		for (m = r;; m = g->nodes[m].next) {
			int64_t old = g->nodes[m].old;
			uint32_t anchor = node_find(g, old);
			if (g->nodes[m].id < smallest)
				smallest = g->nodes[m].id;
			if (anchor != UINT32_MAX && root_of(g, anchor) == r && old < best)
				best = old;
			if (m == g->nodes[r].last)
				break;
		}
		ids[r] = best != INT64_MAX ? best : smallest;
	}
}

/* The individual_member rows that change (ids from assign_ids). */
static int write_rows(pt_db *db, graph *g, const int64_t *ids, long *changed)
{
	sqlite3_stmt *remove = NULL;
	lk_batch *upsert = NULL;
	int rc;

	*changed = 0;
	/* each person_id once: the deletes and the upserts do not meet (a
	 * plain INSERT for the records without a row cost as much) */
	if ((rc = pt__lk_batch_open(db, "INSERT INTO individual_member(person_id, individual_id)",
				    "(?, ?)", " ON CONFLICT(person_id) DO UPDATE SET "
				    "individual_id = excluded.individual_id", 2,
				    "cannot write an individual", &upsert)) ||
	    (rc = pt__prepare(db, &remove, "DELETE FROM individual_member WHERE person_id = ?")))
		goto cleanup;
	for (uint32_t i = 0; i < g->count && !rc; i++) {
		uint32_t r = root_of(g, i);
		int alone = g->nodes[r].size == 1;
		if (alone ? !g->nodes[i].has_row : g->nodes[i].has_row && g->nodes[i].old == ids[r])
			continue;      /* as it was */
		if (alone) {
			sqlite3_bind_int64(remove, 1, g->nodes[i].id);
			if (sqlite3_step(remove) != SQLITE_DONE)
				rc = pt__sql_error(db, "cannot write an individual");
			sqlite3_reset(remove);
		} else {
			pt__lk_batch_int(upsert, g->nodes[i].id);
			pt__lk_batch_int(upsert, ids[r]);
			rc = pt__lk_batch_row(upsert);
		}
		(*changed)++;
	}
	if (!rc)
		rc = pt__lk_batch_finish(upsert);
cleanup:
	pt__lk_batch_free(upsert);
	sqlite3_finalize(remove);
	return rc;
}

static int write_groups(pt_db *db, graph *g, long *changed)
{
	int64_t *ids;
	int rc;

	*changed = 0;
	if (!(ids = malloc((size_t)g->count * sizeof *ids + 1)))
		return PT_ENOMEM;
	assign_ids(g, ids);
	rc = write_rows(db, g, ids, changed);
	free(ids);
	return rc;
}

int pt__lk_recluster(pt_db *db, int all)
{
	graph g;
	long changed = 0;
	int rc;

	memset(&g, 0, sizeof g);
	if ((rc = all ? gather_all(db, &g) : gather_around(db, &g)) ||
	    (rc = index_differents(&g)))
		goto cleanup;
	group(&g);
	rc = write_groups(db, &g, &changed);
cleanup:
	graph_release(&g);
	if (rc == PT_ENOMEM)
		pt__error(db, rc, "out of memory");
	return rc;
}

/* ---- every record's individual, from a run in memory --------------------------------- */

/* What pt__lk_recluster(db, 1) would read once the run has written its
 * links: the individuals before, the decisions in force before, and the
 * run's links, whose ids follow the largest id of the log in the order
 * they are written (SQLite gives a new row the largest rowid plus one;
 * pt__lk_cluster_write checks it). */
struct lk_cluster {
	graph g;
	int64_t (*members)[2];         /* individual_member: person, individual */
	size_t member_count;
	struct old_edge { int64_t a, b; edge e; } *old;
	size_t old_count;
	struct new_link { int64_t a, b; double probability; } *links;
	size_t link_count, link_cap;
	int64_t first_new;             /* the id the run's first link gets */
	int64_t *ids;                  /* each group's id, by its root */
	int rc;                        /* of pt__lk_cluster_group */
};

int pt__lk_cluster_open(pt_db *db, lk_cluster **out)
{
	lk_cluster *c;
	sqlite3_stmt *s = NULL;
	size_t cap = 0;
	int64_t last = 0;
	int rc;

	*out = NULL;
	if (!(c = calloc(1, sizeof *c)))
		return pt__error(db, PT_ENOMEM, "out of memory");
	if ((rc = pt__query_int(db, "SELECT coalesce(max(id), 0) FROM link_decision", &last)) ||
	    (rc = pt__prepare(db, &s, "SELECT person_id, individual_id FROM individual_member")))
		goto cleanup;
	c->first_new = last + 1;
	while (sqlite3_step(s) == SQLITE_ROW) {
		if (c->member_count == cap) {
			size_t n = cap ? cap * 2 : 1024;
			void *grown = realloc(c->members, n * sizeof *c->members);
			if (!grown) {
				rc = PT_ENOMEM;
				goto cleanup;
			}
			c->members = grown;
			cap = n;
		}
		c->members[c->member_count][0] = sqlite3_column_int64(s, 0);
		c->members[c->member_count++][1] = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	s = NULL;
	cap = 0;
	if ((rc = pt__prepare(db, &s, "SELECT id, a, b, decision, made_by <> 'auto', "
			      "coalesce(probability, 1) FROM link_decision "
			      "WHERE superseded_at IS NULL AND a IS NOT NULL AND b IS NOT NULL")))
		goto cleanup;
	while (sqlite3_step(s) == SQLITE_ROW) {
		struct old_edge *o;
		if (c->old_count == cap) {
			size_t n = cap ? cap * 2 : 1024;
			void *grown = realloc(c->old, n * sizeof *c->old);
			if (!grown) {
				rc = PT_ENOMEM;
				goto cleanup;
			}
			c->old = grown;
			cap = n;
		}
		o = &c->old[c->old_count++];
		read_edge(s, &c->g, &o->a, &o->b, &o->e);
	}
cleanup:
	sqlite3_finalize(s);
	if (rc) {
		pt__lk_cluster_free(c);
		return rc == PT_ENOMEM ? pt__error(db, rc, "out of memory") : rc;
	}
	*out = c;
	return PT_OK;
}

int pt__lk_cluster_link(lk_cluster *c, int64_t a, int64_t b, double probability)
{
	if (c->link_count == c->link_cap) {
		size_t n = c->link_cap ? c->link_cap * 2 : 1024;
		void *grown = realloc(c->links, n * sizeof *c->links);
		if (!grown)
			return PT_ENOMEM;
		c->links = grown;
		c->link_cap = n;
	}
	c->links[c->link_count].a = a;
	c->links[c->link_count].b = b;
	c->links[c->link_count++].probability = probability;
	return PT_OK;
}

/* the graph of every record, as gather_all reads it after the run's writing */
static int build(lk_cluster *c, const lk_data *d)
{
	graph *g = &c->g;
	uint32_t idx;
	int rc = PT_OK, added;

	for (uint32_t i = 0; i < d->rec_count && !rc; i++)
		rc = node_add(g, d->recs[i].id, &idx, &added);
	for (size_t i = 0; i < c->member_count && !rc; i++) {
		uint32_t n = node_find(g, c->members[i][0]);
		if (n != UINT32_MAX) {
			g->nodes[n].old = c->members[i][1];
			g->nodes[n].has_row = 1;
		}
	}
	for (size_t i = 0; i < c->old_count && !rc; i++) {
		edge e = c->old[i].e;
		e.a = node_find(g, c->old[i].a);
		e.b = node_find(g, c->old[i].b);
		if (e.a != UINT32_MAX && e.b != UINT32_MAX)
			rc = edge_add(g, &e);
	}
	for (size_t i = 0; i < c->link_count && !rc; i++) {
		edge e;
		memset(&e, 0, sizeof e);
		e.same = 1;
		e.probability = c->links[i].probability;
		e.decision = c->first_new + (int64_t)i;
		e.a = node_find(g, c->links[i].a);
		e.b = node_find(g, c->links[i].b);
		if (e.a != UINT32_MAX && e.b != UINT32_MAX)
			rc = edge_add(g, &e);
	}
	return rc;
}

int pt__lk_cluster_group(lk_cluster *c, const lk_data *d)
{
	int rc;
	if (!(rc = build(c, d)) && !(rc = index_differents(&c->g))) {
		group(&c->g);
		if (!(c->ids = malloc((size_t)c->g.count * sizeof *c->ids + 1)))
			rc = PT_ENOMEM;
		else
			assign_ids(&c->g, c->ids);
	}
	c->rc = rc;
	return rc;
}

int pt__lk_cluster_write(pt_db *db, lk_cluster *c, int *written)
{
	int64_t last = 0;
	long changed = 0;
	int rc;

	*written = 0;
	if (c->rc)
		return pt__error(db, c->rc, "out of memory");
	/* the links have the ids the grouping gave them (else the log decides) */
	if ((rc = pt__query_int(db, "SELECT coalesce(max(id), 0) FROM link_decision", &last)))
		return rc;
	if (last != c->first_new - 1 + (int64_t)c->link_count)
		return PT_OK;
	if ((rc = write_rows(db, &c->g, c->ids, &changed)))
		return rc;
	*written = 1;
	return PT_OK;
}

void pt__lk_cluster_free(lk_cluster *c)
{
	if (!c)
		return;
	graph_release(&c->g);
	free(c->members);
	free(c->old);
	free(c->links);
	free(c->ids);
	free(c);
}
