/*
 * link.h - what the record-linkage files share (src/lib/link/): the records
 * as the linker holds them in memory, candidates, comparisons, the
 * Fellegi-Sunter model, clustering and stable individual ids, the decisions
 * log. The tables are those of schema/0010_link.sql; README.md and
 * schema/README.md ("Records and individuals") describe what they mean.
 *
 * Files: individual.c (reading individuals), intern.c (strings as numbers),
 * load.c (records into memory), block.c (candidate pairs, from every
 * record or from the stored keys), keys.c (the stored keys), stored.c (the
 * records' comparison data, stored), compare.c
 * (comparison levels and vetoes), model.c (the model, EM, weights,
 * evidence), cluster.c (individuals from decisions, stable ids), run.c
 * (powtrace link), decide.c (a person's decisions), review.c (review queue,
 * explain, clusters), threads.c (the work in memory on more than one core),
 * bigmem.c (big arrays on huge pages), batch.c (rows written many to a
 * statement).
 */
#ifndef PT_LINK_H
#define PT_LINK_H

#include <pthread.h>
#include <stdint.h>

#include "core/core.h"
#include "names/names.h"

/* ---- individuals (individual.c) ---- */

/* The individual of record `record_id`, or PT_ENOTFOUND. */
int pt__individual_of(pt_db *db, int64_t record_id, int64_t *individual_out);
/* pt_individual_records for an id that pt__individual_of gave (it is not
 * checked again). */
int pt__individual_members(pt_db *db, int64_t individual_id, int64_t **ids_out,
			   size_t *count_out);

/* ---- interned strings (intern.c): each distinct text one number from 1 ---- */

typedef struct lk_intern {
	char **texts;              /* texts[id], id from 1 */
	uint32_t count, cap;       /* count: ids given out + 1 */
	uint64_t *slots;           /* open addressing: hash << 32 | id, or 0 (a probe
				      compares the hash without leaving the slots) */
	uint32_t slot_count;       /* a power of two */
	char *block;               /* the texts are copied into blocks, freed together */
	size_t block_used, block_size;
} lk_intern;

uint32_t pt__lk_intern_id(lk_intern *in, const char *text, int *rc);  /* adds it */
uint32_t pt__lk_intern_find(const lk_intern *in, const char *text);   /* 0: not there */
/* pt__lk_intern_id that says whether the text was new (*added: 1; NULL: not wanted) */
uint32_t pt__lk_intern_put(lk_intern *in, const char *text, int *added, int *rc);
void pt__lk_intern_release(lk_intern *in);
uint64_t pt__lk_hash(const void *data, size_t len, uint64_t seed);

/* ---- records in memory (load.c) ---- */

#define LK_MAX_KEYS 6        /* keys of one kind kept per spelling */
#define LK_MAX_GIVEN 4       /* given-name words compared */

enum lk_script { LK_LATIN = 0, LK_CYRILLIC = 1, LK_OTHER = 2 };

/* One word: a surname spelling or a given name, with its keys as interned
 * ids (0: none). */
typedef struct lk_word {
	uint32_t text;               /* the spelling as written */
	uint32_t exact;              /* the folded form */
	uint32_t alt;                /* the folded form's other umlaut spelling */
	uint32_t variant;            /* spelling skeleton */
	uint32_t soundex;
	uint32_t translit[2];        /* romanisations (Cyrillic) */
	uint32_t clerk[LK_MAX_KEYS];
	uint32_t dm[LK_MAX_KEYS];
	uint32_t nick[LK_MAX_KEYS];  /* given-name groups */
	uint8_t translit_count, clerk_count, dm_count, nick_count;
	char initials[LK_MAX_KEYS];  /* first letters in the clerk key's alphabet (H: G, W: V),
					of the word and of its given-name groups */
	uint8_t initial_count;
	uint8_t script;              /* enum lk_script */
	uint8_t initial;             /* an initial or abbreviation (given names) */
	uint8_t stored;              /* link_word holds it (stored.c) */
} lk_word;

/* One name form of a record: a surname and given names (indexes into the
 * word table; surname 0: none). */
typedef struct lk_name {
	uint32_t surname;
	uint32_t given[LK_MAX_GIVEN];
	uint8_t given_count;
} lk_name;

/* What the vetoes need of a record's events: day numbers (days since
 * 0000-03-01), 0 when there is none. */
typedef struct lk_events {
	int32_t death_min, death_max;        /* the span of its deaths and burials */
	int32_t capture_latest_min;          /* the latest earliest-day of a capture */
	int32_t capture_earliest_max;        /* the earliest latest-day of a capture */
} lk_events;

typedef struct lk_rec {
	int64_t id;
	uint32_t name_first, name_count;     /* into lk_data.names */
	uint32_t camp_first, camp_count;     /* into lk_data.camps */
	int32_t birth_min, birth_max;        /* YYYYMMDD, 0: none */
	uint32_t sn;                         /* the service number's digits (interned), 0 */
	uint32_t sn_class;                   /* its digits sorted (interned): swaps agree */
	uint32_t nationality;                /* interned, 0 */
	uint32_t unit_first, unit_count;     /* the unit's words, into lk_data.units */
	uint32_t source;                     /* record_source (interned) */
	lk_events ev;
	uint8_t is_new;                      /* to be compared in this run */
	uint8_t changed;                     /* compared before, changed since (re-import) */
	uint8_t store;                       /* its link_record row is to be written */
	uint8_t events_known;                /* ev and camps read (from event or link_record) */
	int64_t individual;                  /* its individual before the run */
} lk_rec;

typedef struct lk_data {
	lk_intern strings;
	lk_intern word_index;                                /* role and text -> word */
	lk_word *words;      uint32_t word_count, word_cap;  /* index from 1 */
	uint32_t *units;     uint32_t unit_count, unit_cap;
	lk_intern form_index;                                /* a name form's text -> forms */
	lk_name *forms;      uint32_t form_cap;
	lk_intern unit_index;                                /* a unit's text -> unit_ranges */
	struct { uint32_t first, count; } *unit_ranges;
	uint32_t unit_range_cap;
	lk_name *names;      uint32_t name_count, name_cap;
	int64_t *camps;      uint32_t camp_count, camp_cap;
	lk_rec *recs;        uint32_t rec_count, rec_cap;
	uint32_t new_count;
	int64_t only[2];                                     /* pt__lk_load_pair's records */
	int events_loaded;           /* a run with few new records reads the events it needs later */
	uint32_t total_count;        /* records in the database (0: rec_count, all loaded) */
	/* term frequencies: records per surname key (exact, variant, clerk) */
	uint32_t *tf;        uint32_t tf_size;               /* indexed by interned id */
	int threads;         /* for the work in memory (threads.c); 0, 1: the calling thread */
} lk_data;

/* Loads every record (new ones marked is_new: never compared, or changed
 * since); `all` marks every record new. With d->threads above 1 (set
 * before the call, kept) the rows are stepped on a second connection
 * (rows.c): call it before the transaction changes person, person_name,
 * surname_key, event, link_pending or individual_member. */
int pt__lk_load(pt_db *db, lk_data *d, int all);
/* Reads the events (camps, captures, deaths) of the records marked in
 * needed[record index], unless every record's are read already. */
int pt__lk_load_events(pt_db *db, lk_data *d, const uint8_t *needed);
/* Adds the records whose ids are in temp.pt_link_load (and not loaded
 * yet) to d, which stays in id order; no term frequencies. */
int pt__lk_load_ids(pt_db *db, lk_data *d);
/* Loads records a and b only (explain). */
int pt__lk_load_pair(pt_db *db, lk_data *d, int64_t a, int64_t b);
void pt__lk_data_release(lk_data *d);
/* Every given name and surname of a name form that powtrace stores; the
 * words are made and keyed in d (load.c). */
int pt__lk_word_of(pt_db *db, lk_data *d, const char *text, int surname, int initial,
	       uint32_t *out);
/* What stored.c builds records with: a word as read (role_text: its role
 * letter and spelling, as word_index names it), one unit word, one name
 * form of record r (the last one added), one more record (zeroed). */
int pt__lk_word_put(lk_data *d, const char *role_text, const lk_word *w, uint32_t *out);
int pt__lk_unit_add(lk_data *d, uint32_t token);
int pt__lk_name_add(lk_data *d, lk_rec *r, const lk_name *n);
int pt__lk_rec_new(lk_data *d, lk_rec **out);
/* Puts d->recs in id order again. */
void pt__lk_recs_sort(lk_data *d);

/* ---- the records' comparison data, stored (stored.c) ---- */

/* Writes the link_record rows of d's records marked `store` (and the
 * link_word rows of their words), and clears the marks. */
int pt__lk_store_records(pt_db *db, lk_data *d);
/* Adds to d, which holds the new records only, the records marked in
 * partner[id] (id <= max_id; new ones are skipped) from their link_record
 * rows (or, without one, as pt__lk_load_ids reads them, marked to be
 * stored), and the other records of the individuals of these and of the
 * new records with their id and individual only (for the guard), read
 * from one pass over individual_member. d->recs is in id order after.
 * Uses temp.pt_link_load. */
int pt__lk_read_around(pt_db *db, lk_data *d, const uint8_t *partner, int64_t max_id);

/* ---- candidates (block.c) ---- */

/* A blocking key of a record as table link_key stores it (0070). */
typedef struct lk_key {
	uint64_t key;
	int64_t info;        /* the rule, year and number flags, the spelling's hash */
	int64_t person;
} lk_key;
typedef struct lk_keys {
	lk_key *items;
	size_t count, cap;
} lk_keys;
void pt__lk_keys_release(lk_keys *k);   /* keys.c */
int pt__lk_keys_add(lk_keys *k, uint64_t key, int64_t person, int64_t info); /* one more entry */

/* Pairs of records by id (the records may not be loaded yet). */
typedef struct lk_id_pairs {
	int64_t (*items)[2];
	size_t count, cap;
} lk_id_pairs;

/* The candidate pairs (record indexes, smaller << 32 | larger), sorted and
 * unique, each with at least one new record. *pairs_out belongs to the
 * caller (free). *skipped_buckets: keys too common to block on. keys_out
 * (NULL: not wanted) gets the keys of the new records, or of every record
 * when store_all, to store. */
int pt__lk_candidates(const lk_data *d, int store_all, lk_keys *keys_out, uint64_t **pairs_out,
		      size_t *count_out, size_t *skipped_buckets);
/* The candidate pairs of the new records of d (only those need be loaded)
 * from the keys that link_key holds of the others: each new record's keys
 * are looked up by index, and a bucket over its rule's cap is skipped as
 * pt__lk_candidates skips it. keys_out gets the new records' keys. The
 * pairs may repeat. tf_out (NULL: not wanted) gets the counts of the new
 * records' term-frequency keys. */
/* The records a term-frequency key (pt__lk_tf_key) counts once the new
 * records' keys are stored: what pt__lk_candidates_stored learns in its pass
 * for the new records' surname keys, so that the term frequencies need not
 * read link_key's rows again. In key order. */
typedef struct lk_tf_count {
	uint64_t key;
	uint32_t count;
} lk_tf_count;
typedef struct lk_tf_counts {
	lk_tf_count *items;
	size_t count, cap;
} lk_tf_counts;
int pt__lk_candidates_stored(pt_db *db, const lk_data *d, lk_keys *keys_out, lk_id_pairs *out,
			     lk_tf_counts *tf_out);
/* The count of a key in tf (1), or 0 when tf does not hold it. */
int pt__lk_tf_counts_find(const lk_tf_counts *tf, uint64_t key, uint32_t *count);
/* Sorts n numbers (pairs as smaller << 32 | larger) in ascending order. */
int pt__lk_sort_pairs(uint64_t *p, size_t n);
/* ---- the stored keys (keys.c) ---- */

/* Varints as the stored blobs write them (7 bits a byte, low first):
 * put returns the bytes written (at most 10), get NULL when p runs out. */
size_t pt__lk_varint_put(unsigned char *p, uint64_t v);
const unsigned char *pt__lk_varint_get(const unsigned char *p, const unsigned char *end,
				       uint64_t *v);

/* Takes the stored keys of d's changed records (all: of every record) out
 * of link_key, with those of the records in link_key_gone. */
int pt__lk_keys_forget(pt_db *db, const lk_data *d, int all);
/* Stores keys: into an empty link_key, or (recent) as a new batch of
 * link_key_added. */
int pt__lk_keys_store(pt_db *db, lk_keys *keys, int recent);
/* Moves link_key_added into link_key when it has grown to an eighth of it
 * (always: whatever its size); writes its batches again as one when there
 * are more than eight. */
int pt__lk_keys_merge(pt_db *db, int always);
/* The migration to 0091: link_key_recent's entries become a batch. */
int pt__lk_keys_upgrade(pt_db *db);
/* Takes the keys of the records in link_key_gone (deleted or changed) out
 * of link_key: one pass over it, when there are any. */
int pt__lk_keys_purge(pt_db *db);

/* One table's (or batch's) rows, read in key order: a key within the
 * first and last key of the row read last needs no look-up in the table,
 * and the row is read on from where the key before stopped. */
typedef struct lk_key_cursor {
	sqlite3_stmt *row;
	const unsigned char *raw;    /* the row read last, where SQLite holds it */
	size_t raw_len;
	size_t pos;                  /* its first entry not below the last key looked up */
	uint64_t pos_prev;           /* the key of the entry before pos (0: none) */
	uint64_t last_key;           /* the key looked up last */
	uint64_t first, last;        /* the row's first and last key */
	int has_row;
} lk_key_cursor;

/* Looks keys up in link_key and in each batch of link_key_added, best in
 * key order. */
typedef struct lk_key_reader {
	lk_key_cursor main;
	lk_key_cursor *added;
	size_t added_count;
	int opened;
} lk_key_reader;
/* The stored entries of `key`, at most `limit`, into out (emptied first). */
int pt__lk_key_lookup(pt_db *db, lk_key_reader *r, uint64_t key, size_t limit, lk_keys *out);
void pt__lk_key_reader_release(lk_key_reader *r);
/* The link_key key that counts the records with surname key `text`
 * (interned): the term frequency of an incremental run. */
uint64_t pt__lk_tf_key(const lk_data *d, uint32_t text);

/* ---- comparisons (compare.c) ---- */

enum lk_comparison {
	LK_SURNAME, LK_GIVEN, LK_BIRTH, LK_SERVICE_NUMBER, LK_NATIONALITY, LK_UNIT, LK_CAMP,
	LK_COMPARISON_COUNT
};
#define LK_MAX_LEVELS 8
#define LK_MISSING 15         /* a level: one of the records has no value */

typedef struct lk_comparison_info {
	const char *name;                    /* "surname" */
	const char *levels[LK_MAX_LEVELS];   /* "exact", ...; the last is the disagreement */
	int level_count;
	const char *tf_label;                /* what the term frequency adjusts, or NULL */
} lk_comparison_info;

extern const lk_comparison_info pt__lk_comparisons[LK_COMPARISON_COUNT];

/* A pair compared: each comparison's level, and for the surname the term
 * frequency that adjusts its weight (0: none). */
typedef struct lk_gamma {
	uint8_t level[LK_COMPARISON_COUNT];
	uint32_t tf_key;                     /* the interned surname key that agreed */
	uint8_t veto;                        /* enum lk_veto; LK_VETO_NONE: none */
	uint16_t best_a, best_b;             /* the name forms that compared best */
} lk_gamma;

enum lk_veto { LK_VETO_NONE = 0, LK_VETO_DEATH_BEFORE_CAPTURE, LK_VETO_TWO_DEATHS,
	       LK_VETO_BIRTH_AFTER_CAPTURE };
const char *pt__lk_veto_text(int veto);

void pt__lk_compare(const lk_data *d, const lk_rec *a, const lk_rec *b, lk_gamma *g);
/* Pattern number of a gamma (levels only), for the EM's histogram. */
uint32_t pt__lk_pattern(const lk_gamma *g);
void pt__lk_pattern_levels(uint32_t pattern, uint8_t level[LK_COMPARISON_COUNT]);
int32_t pt__lk_day_number(int32_t ymd);  /* days since 0000-03-01 of a YYYYMMDD */

/* ---- the model (model.c) ---- */

typedef struct lk_model {
	double m[LK_COMPARISON_COUNT][LK_MAX_LEVELS];
	double u[LK_COMPARISON_COUNT][LK_MAX_LEVELS];
	double prior;                  /* P(one man) for two records taken at random */
	double pairs;                  /* candidate pairs the estimate rested on */
	double records;                /* records when it was estimated */
	double sampled;                /* random pairs that u was estimated from */
	int iterations;
	int estimated;                 /* 0: the built-in starting values */
	int64_t run_id;
} lk_model;

void pt__lk_model_default(lk_model *m);
int pt__lk_model_load(pt_db *db, lk_model *m);  /* the built-in values when none is stored */
int pt__lk_model_save(pt_db *db, const lk_model *m, int64_t run_id);

/* Histogram of comparison patterns (pattern number, count). */
typedef struct lk_hist {
	uint32_t *pattern;
	double *count;
	uint32_t n, cap;
} lk_hist;
int pt__lk_hist_add(lk_hist *h, uint32_t pattern, double count);
void pt__lk_hist_release(lk_hist *h);

/* What random pairs of records say about u: how often each level comes up
 * (missing values left out), and for the exact levels the probability
 * worked out from the values' frequencies (< 0: not worked out). */
typedef struct lk_u_sample {
	double count[LK_COMPARISON_COUNT][LK_MAX_LEVELS];
	double exact[LK_COMPARISON_COUNT];
	double pairs;
} lk_u_sample;

/* Estimates u from the random pairs, and m by EM with u fixed, as Splink
 * does, in two sessions: pairs that share a service number (for every
 * comparison but the service number) and pairs that share a surname and a
 * birth year (for the service number, nationality, unit and camp). The
 * prior is left to lk_model_prior(). */
int pt__lk_model_estimate(lk_model *m, const lk_u_sample *random, const lk_hist *by_number,
		      const lk_hist *by_name);
/* Which session a pair's levels belong to (0: none, 1: by number, 2: by
 * name; both: 3). */
int pt__lk_session_of(const lk_gamma *g);

/* The weight of one comparison's level (log2 m/u), 0 for a missing value. */
double pt__lk_level_weight(const lk_model *m, int comparison, int level);
/* The term-frequency adjustment of an agreeing surname (exact or across
 * scripts) whose key has frequency tf (share of records with it): u of the
 * level replaced by tf, so that its weight becomes log2(m/tf). */
double pt__lk_tf_weight(const lk_model *m, int level, double tf);
/* The match weight of a pair (log2 odds) and its probability. */
double pt__lk_weight(const lk_model *m, const lk_gamma *g, double tf);
double pt__lk_probability(double weight);
double pt__lk_prior_weight(const lk_model *m);
/* The evidence as JSON text (caller frees). */
char *pt__lk_evidence_json(const lk_model *m, const lk_gamma *g, double tf);
/* The evidence as link_decision and link_review store it (0100): the levels
 * and the veto of a gamma as one number, and back. */
int64_t pt__lk_levels_code(const lk_gamma *g);
void pt__lk_levels_gamma(int64_t code, lk_gamma *g);
/* The model a run weighed its pairs with, and the records its term
 * frequencies were counted over (link_run_model, link_run_model_value). */
int pt__lk_run_model_save(pt_db *db, const lk_model *m, int64_t run_id, double tf_records);
int pt__lk_run_model_load(pt_db *db, int64_t run_id, lk_model *m, double *tf_records);
/* The JSON that stored levels stand for, as pt__lk_evidence_json wrote it
 * when the run scored the pair (caller frees *out); cache: the model of the
 * run read last, zeroed before the first call. */
typedef struct lk_evidence_models {
	lk_model model;
	double tf_records;
	int64_t run_id;
	int loaded;
} lk_evidence_models;
int pt__lk_evidence_of(pt_db *db, lk_evidence_models *cache, int64_t run_id, int64_t levels,
		       int64_t surname_count, char **out);

/* ---- clustering (cluster.c) ---- */

/* Rebuilds the individuals of the records in temp table pt_link_seed(id)
 * and of everything joined to them by decisions in force or by their
 * present individuals, from the decisions log: a person's same decisions
 * first, then automatic ones by descending probability, none across a
 * different decision; ids by the rule of schema/README.md. `all`: every
 * record (reads the whole log once). */
int pt__lk_recluster(pt_db *db, int all);
/* The same for every record of a run that holds them all in memory, with
 * the SQLite work on the calling thread and the grouping on any: _open
 * reads the individuals and the decisions in force before the run writes
 * its links, _link notes each link the run will write, in the order of
 * writing, _group groups (no SQLite; d: every record, in id order), and
 * _write, once the links are written, writes the individuals that change,
 * as pt__lk_recluster(db, 1) would (*written 0, nothing written, when the
 * links did not get the ids expected: the caller reclusters from the log). */
typedef struct lk_cluster lk_cluster;
int pt__lk_cluster_open(pt_db *db, lk_cluster **out);
int pt__lk_cluster_link(lk_cluster *c, int64_t a, int64_t b, double probability);
int pt__lk_cluster_group(lk_cluster *c, const lk_data *d);
int pt__lk_cluster_write(pt_db *db, lk_cluster *c, int *written);
void pt__lk_cluster_free(lk_cluster *c);

/* ---- the second core (threads.c) ---- */

#define LK_MAX_THREADS 4
/* Threads to use: `wanted` (at most LK_MAX_THREADS), or one a core when 0. */
int pt__lk_threads(int wanted);
/* Runs fn(ctx, part, parts) for every part from 0 to parts - 1, part 0 on
 * the calling thread, and returns when all are done. Each part must write
 * only what is its own. */
void pt__lk_parallel(int parts, void (*fn)(void *ctx, int part, int parts), void *ctx);
/* A computation run beside the calling thread (on it, at once, when no
 * thread can be started) until pt__lk_task_join. */
typedef struct lk_task {
	pthread_t thread;
	int started;
	void (*fn)(void *ctx);
	void *ctx;
} lk_task;
void pt__lk_task_start(lk_task *t, void (*fn)(void *ctx), void *ctx);
void pt__lk_task_join(lk_task *t);

/* ---- rows read on the second core (rows.c) ---- */

typedef struct lk_reader lk_reader;
/* Starts a thread that runs sql[0..count) in turn on a second, read-only
 * connection to db's file (the strings must outlive the reader); NULL when
 * it cannot (an in-memory database, a file it cannot open, no thread): the
 * caller steps the queries itself. For a transaction that has not changed
 * the tables the queries read. */
lk_reader *pt__lk_reader_start(pt_db *db, const char *const *sql, int count);
/* The next row of the current query, as sqlite3_step: SQLITE_ROW,
 * SQLITE_DONE at its end (the next call starts the next query's rows), or
 * an error code. */
int pt__lk_reader_step(lk_reader *r);
int64_t pt__lk_reader_int(const lk_reader *r, int col);
const char *pt__lk_reader_text(lk_reader *r, int col);  /* NULL for NULL; valid until the next step */
int pt__lk_reader_type(const lk_reader *r, int col);    /* SQLITE_NULL, _INTEGER or _TEXT */
const char *pt__lk_reader_errmsg(lk_reader *r);
/* Stops the thread (at once, when rows are left) and frees r; NULL is accepted. */
void pt__lk_reader_stop(lk_reader *r);

/* ---- big arrays (bigmem.c) ---- */

/* malloc and realloc for arrays of many megabytes: the same, with the
 * advice that huge pages back them (fewer page faults) where the system
 * takes it. Freed with free(). */
void *pt__lk_big_alloc(size_t size);
void *pt__lk_big_realloc(void *old, size_t size);
void pt__lk_big_advise(void *p, size_t size);

/* ---- records taken back and brought back (gone.c) ---- */

/* After records were deleted (unimport), inside the caller's transaction:
 * automatic links to them stop, and the individuals they were in are
 * rebuilt. A person's decisions about them wait in the log. */
int pt__link_records_gone(pt_db *db);
/* A person's decisions whose record came back hold again; their records
 * are added to temp.pt_link_seed. *count: the ends re-attached. */
int pt__lk_reattach(pt_db *db, long *count);

/* ---- rows written many to a statement (batch.c) ---- */

/* An INSERT of rows "head VALUES row, row, ... tail", row with `columns`
 * ? and nothing else bound. Give a row's values in order with the
 * functions below, then pt__lk_batch_row; pt__lk_batch_finish writes the
 * rows held. A blob is copied. The rows are written in the order given;
 * an error names `what` (a literal). */
typedef struct lk_batch lk_batch;
int pt__lk_batch_open(pt_db *db, const char *head, const char *row, const char *tail, int columns,
		      const char *what, lk_batch **out);
void pt__lk_batch_int(lk_batch *b, int64_t v);
void pt__lk_batch_double(lk_batch *b, double v);
void pt__lk_batch_null(lk_batch *b);
void pt__lk_batch_text(lk_batch *b, const char *text);   /* not copied: it outlives b */
void pt__lk_batch_blob(lk_batch *b, const void *data, size_t len);
int pt__lk_batch_row(lk_batch *b);
int pt__lk_batch_finish(lk_batch *b);
void pt__lk_batch_free(lk_batch *b);        /* NULL is fine; what is held is lost */

/* ---- shared helpers (decide.c) ---- */

/* Now, as UTC ISO 8601, into buf (at least 24 bytes). */
const char *pt__lk_now(char *buf, size_t size);
/* Creates (or empties) temp table `name`(id INTEGER PRIMARY KEY). */
int pt__lk_temp_ids(pt_db *db, const char *name);
int pt__lk_temp_add(pt_db *db, sqlite3_stmt **insert, const char *name, int64_t id);

#endif
