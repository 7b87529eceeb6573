/*
 * claim.h - what the files of sources and claims (source.c, claim.c,
 * claim_value.c, conflict.c, claim_check.c, source_graph.c, xref.c,
 * evidence.c) share with each other and with the record loaders (load.c):
 * record normalisation, the source graph, reading claim values.
 */
#ifndef PT_CLAIM_H
#define PT_CLAIM_H

#include <jansson.h>

#include "records/records.h"

/* ---- records on their way in (source.c, claim.c; called by load.c) ---- */


/* Rewrites a source record in place into its canonical shape: a kind
 * spelled another way, authors and links given as one text ("A; B") as
 * arrays. Returns PT_OK or PT_ENOMEM. */
int pt__source_record_normalize(json_t *record);

/* The parts of an archival reference. */
struct pt__archival {
	char *collection, *series, *piece, *fond, *opis, *delo;
};

/* Reads the parts out of a reference written as one text: Russian
 * "fond 9401, opis 2, delo 64" ("f. 9401 op. 2 d. 64", "ф. 9401, оп. 2,
 * д. 64") or "COLLECTION SERIES/PIECE" ("WO 208/3400"). Fills only parts
 * that are NULL, with strings the caller frees. Returns PT_OK (also when
 * nothing matched) or PT_ENOMEM. */
int pt__archival_parse(const char *reference, struct pt__archival *parts);
/* The reference as one text from its parts ("fond 9401, opis 2, delo 64",
 * "WO 208/3400"), or NULL when there are none; the caller frees it. */
char *pt__archival_compose(const struct pt__archival *parts);

/* Rewrites a claim record in place into its canonical shape: a value given
 * as text ("~23,500", "20,000-23,500", "more than 28,000"; any other text
 * becomes value_text), "approximate" as text, nationality and camp given
 * at the top (they join the population), and a citation given as flat
 * source, locator and grade fields. Returns PT_OK or PT_ENOMEM. */
int pt__claim_record_normalize(json_t *record);

/* The population in its canonical form (json_dumps with sorted keys):
 * nationality codes upper case, lists sorted without repeats, a list of
 * one as its member, a camp given by alias as its key. *problem (static
 * text) is set when the population is bad. Returns PT_OK or PT_ENOMEM;
 * *out is NULL for an empty population. */
int pt__population_canonical(pt_db *db, json_t *population, char **out,
			     const char **problem, char **problem_value);

/* ---- reading values (claim.c) ---- */

/* Fills a claim's value, reading, bounds under the tolerance and scope
 * from its stored columns. */
int pt__claim_read_value(pt_claim *claim, double tolerance);

/* Whether two claims' values cannot both be true; *reason (caller frees)
 * says why. Returns 1, 0, or PT_ENOMEM. */
int pt__claims_conflict(const pt_claim *a, const pt_claim *b, const char **kind,
			char **reason);

/* Frees what a pt_claim holds (not the struct). */
void pt__claim_release(pt_claim *claim);

/* Appends the citations statement `s` gives for `id` (bound as ?1), its
 * columns: source key, kind, title, locator, source quality, information,
 * evidence, confidence, notes (claim.c; claims and fate events). */
int pt__cites_read(pt_db *db, sqlite3_stmt *s, int64_t id, pt_cite **items, size_t *count);
/* Appends the citation of the current row of `s`, whose columns from `col`
 * on are those above. */
int pt__cite_add(pt_db *db, sqlite3_stmt *s, int col, pt_cite **items, size_t *count);
/* Frees what a pt_cite holds (not the struct). */
void pt__cite_release(pt_cite *cite);

/* "23,500" for 23500; "2.5" for 2.5. */
void pt__number_format(double value, char *buf, size_t size);

/* ---- the graph of source links (source_graph.c) ---- */

typedef struct pt__graph pt__graph;

int pt__graph_load(pt_db *db, pt__graph **out);
void pt__graph_free(pt__graph *graph);
/* The node of a source id, or -1. */
long pt__graph_node(const pt__graph *graph, int64_t source_id);
const char *pt__graph_key(const pt__graph *graph, long node);
/* The node of a source key, or -1. */
long pt__graph_node_by_key(const pt__graph *graph, const char *key);

/* The origins a citation of `node` traces back to: the sources (or
 * circles) reachable through links that nothing further links from; the
 * node itself when it links to nothing, or when `original` says the
 * citation is graded original. Appends component numbers to *comps
 * (growing it), sets *circular when a circle was passed. */
int pt__graph_origins(const pt__graph *graph, long node, int original, size_t **comps,
		      size_t *count, int *circular);
/* The sources a citation of `node` draws on: the node, then (unless
 * `original`) everything its links reach, breadth first. *nodes is the
 * caller's to free. */
int pt__graph_reach(const pt__graph *graph, long node, int original, size_t **nodes,
		    size_t *count);
size_t pt__graph_comp(const pt__graph *graph, size_t node);
/* The name of an origin component: a source key, or "circle(a, b)". */
int pt__graph_origin_name(const pt__graph *graph, size_t comp, pt__buf *out);

/* Breadth first over the links out of (incoming: into) `start`: every
 * source once, with its depth, the link's relation and the source it was
 * reached through. *out is the caller's (pt_xref_link members included). */
int pt__graph_walk(const pt__graph *graph, size_t start, int incoming, pt_xref_link **out,
		   size_t *count);
/* A shortest citation circle through `start`, its keys in order from start;
 * none (*count 0) when it is in no circle. */
int pt__graph_circle(const pt__graph *graph, size_t start, char ***out, size_t *count);

/* Fills claim->origins, independent_origins, has_original, circular and
 * support from its citations (claim.c uses the graph of xref.c). */
int pt__claim_support(pt_db *db, const pt__graph *graph, pt_claim *claim);

#endif
