/*
 * search.h - what the files of `powtrace find` share (names/ only): the
 * search's state, the statements it prepares, the kinds of key as small
 * numbers, and the steps each file does:
 *   search_query.c    reads the typed name and the filters
 *   search_gather.c   looks the surname keys up: the candidates
 *   search_run.c      checks the given names, filters and ranks them
 *   search_cache.c    keeps each spelling's names and each given name's
 *                     keys with the handle, for the next search
 *   search_explain.c  says in words why a hit matched
 *   search_fields.c   pt_person_find(): by name (the files above), or by
 *                     service number, unit and words of the notes
 */
#ifndef PT_SEARCH_H
#define PT_SEARCH_H

#include "names/names.h"

#define MAX_QUERY_CHARS 1000
#define MAX_READINGS 4
#define MAX_GIVEN 8

static inline uint64_t search_mix(uint64_t h)
{
	/* splitmix64's finaliser: every input bit moves every output bit */
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ULL;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebULL;
	return h ^ (h >> 31);
}

static inline int search_is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* ---- the statements (search_run.c; listed for the query-plan test) ---------- */

enum {
	S_KEY, S_RANGE, S_KIND, S_SPELLING, S_GIVEN, S_NAME, S_PERSON, S_AT_CAMP, S_COUNT_,
	S_MAN = S_COUNT_       /* a record's man, prepared only when some are linked */
};
_Static_assert(S_MAN < PT__NAMES_SEARCH_MAX, "the handle keeps every statement of the search");

/* ---- kinds of key as small numbers, for the comparisons per candidate ---- */

enum kind {
	K_NONE, K_EXACT, K_PART, K_VARIANT, K_REVERSE, K_SOUNDEX, K_DM, K_TRANSLIT,
	K_CLERK_LATN, K_CLERK_CYRL, K_NICKNAME, K_INITIAL, K_DELETE, K_COUNT_
};

/* The names of the kinds (PT__K_*) and a name's kind (search_query.c). */
extern const char *const pt__search_kind_names[K_COUNT_];
enum kind pt__search_kind_code(const char *name);

/* ---- what a query word is ----------------------------------------------- */

struct qword {
	char *text;            /* as typed (repaired when it mixed scripts) */
	pt__keys keys;         /* its keys, as a record's word would have them */
	enum kind *codes;      /* the kind of each key */
	unsigned char *similar; /* 1: the key is compared by similarity (given_similar) */
	uint32_t *hashes;      /* of each key's text, compared before the text */
	char *pattern;         /* for a wildcard word: a GLOB pattern on folded keys */
	int initial;
	pt__script script;
};

/* One rule by which a query word met a record word. */
struct how {
	pt_match rule;
	const char *kind;      /* the kind of key that met (PT__K_*) */
	char key[64];          /* the key itself */
	int record_part;       /* which record word (0 surname, 1.. given) */
	int part_only;         /* surname: only a part of a double surname agreed */
};

struct candidate {
	int64_t name_id, person_id;
	int reading;
	uint32_t given;        /* its given names: gnames item + 1; 0: none recorded */
	uint32_t how;          /* how its surname met: index into search.hows */
};

/* A verdict worked out once for every candidate alike: it depends only on
 * the reading, the given names and the rule and part_only of the surname.
 * 0: not worked out yet; 1: not a hit; else 2 + 16 * score + parts_agree. */
#define MEMO_SLOTS (MAX_READINGS * (PT_MATCH_SIMILAR + 1) * 2)
typedef uint16_t memo_slots[MEMO_SLOTS];

/* A candidate's verdict in brief: enough to rank it. */
struct scored {
	int64_t person_id;
	int64_t man;           /* the individual of the record (its own id when unlinked) */
	size_t cand;           /* index into the candidates */
	const char *sort_key;  /* the surname key met (ties sort by it) */
	int score, parts_agree;
};

struct rkey {
	int part;
	enum kind kind;
	const char *key;      /* in the store's arena */
	int similar;          /* compared by similarity: an exact or romanised key of
				 four letters or more, Latin (given_similar) */
	uint32_t hash;        /* of the key's text (pt__search_text_hash) */
};

/* The given-name keys of one name form. */
struct rkeys {
	const struct rkey *items;
	size_t count;
	int parts;            /* the highest given-name part */
	uint64_t cyrillic;    /* bit p: word p's exact key is not ASCII */
};

/* The given names of the candidates, each different string once, with
 * its keys read (or worked out) when first compared: thousands of Walkers
 * have a few hundred given names between them. */
#define GMEMO_WORDS 6
struct gmemo {
	/* first what a search reads of each candidate, side by side: a
	 * million names' given names do not stay in the processor's cache */
	uint32_t stamp;       /* the search memo is of (pt__search_cache_memo) */
	int parts;
	uint32_t word_few[GMEMO_WORDS]; /* [part]: its word (gnames.words item +
				 1; 0: no keys), while parts < GMEMO_WORDS */
	memo_slots memo;      /* the verdicts of this search's candidates with them */
	uint32_t *word;       /* ... else here (gmemo_word) */
	int done;
	char *text;
	struct rkey *rows;    /* by part (in their order within a part) */
	size_t count;
	uint64_t cyrillic;    /* (as in struct rkeys) */
	pt__keys keys;        /* owns the key strings the rows point to */
};

/* The word of `part` (1 ... m->parts) of given names m. */
static inline uint32_t gmemo_word(const struct gmemo *m, int part)
{
	return m->parts < GMEMO_WORDS ? m->word_few[part] : m->word[part];
}

/* How a query word meets a record word, worked out once a search for the
 * first WORD_MEMO query words: 0 not yet; else 1 + the rule (0: none),
 * with the record key that met (its index in the word's rows) and whether
 * it met by similarity. */
#define WORD_MEMO 8
struct wmeet {
	uint8_t state, similar;
	uint16_t row;
};

/* One word of the given names (one part's keys, as a set in order), each
 * different one once: the thousands of given-names strings of a million
 * names are made of a few hundred words (John, William, Henry), and a
 * typed given name meets a word the same way in any string it is in. */
struct gword {
	const struct rkey *rows;  /* in the gmemo that first had it (part as there) */
	size_t count;
	uint64_t hash;
	int latin;                /* its exact key is ASCII (record_part_latin) */
	uint32_t stamp;           /* the search `meet` is of */
	struct wmeet meet[WORD_MEMO];
};

struct gnames {
	struct gmemo *items;
	size_t count, cap;
	uint32_t *slots;      /* hash of the text -> item + 1 */
	size_t slot_cap;
	struct gword *words;
	size_t word_count, word_cap;
	uint32_t *word_slots; /* hash of the keys -> word + 1 */
	size_t word_slot_cap;
	uint32_t generation;  /* the search under way (gword.stamp) */
};

struct search {
	pt_db *db;
	sqlite3_stmt **stmt;               /* the handle's (pt__names_search_stmts) */
	pt__words words;
	struct qword *q;                   /* one per word */
	pt__reading readings[MAX_READINGS];
	int reading_count;
	struct candidate *cands;
	size_t cand_count, cand_cap;
	/* how the candidates' surnames met: one per look-up (or pattern key) */
	struct how *hows;
	size_t how_count, how_cap;
	/* the spellings whose names were read, by reading: a spelling that many
	 * keys meet (Smith: exact, variant, Soundex, ...) is read once */
	struct spelled { char *text; uint64_t hash; unsigned readings; } *spelled;
	size_t spelled_count, spelled_cap;
	memo_slots memo_none;              /* verdicts of candidates without given names */
	struct pt__search_cache *cache;    /* the handle's (search_cache.c) */
	struct gnames *given;              /* the candidates' given names: the cache's */

	pt_find_result *result;
	/* filters */
	int64_t born_min, born_max;
	int has_born;
	int64_t *camp_ids;
	size_t camp_count;
	char *unit_folded;
};

/* ---- evaluating a candidate --------------------------------------------------- */

struct verdict {
	int ok;
	pt_match rule;
	int score, parts_agree;
	struct how surname;
	struct how given[MAX_GIVEN];      /* per query given word; rule 0: unmatched */
	int given_count;
	int record_given;                 /* the record has given names */
	int reading;
};

/* A statement of the search, reset and its bindings cleared. */
static inline sqlite3_stmt *search_stmt(struct search *s, int id)
{
	sqlite3_reset(s->stmt[id]);
	sqlite3_clear_bindings(s->stmt[id]);
	return s->stmt[id];
}


/* ---- the query (search_query.c) ---- */

/* Refuses a name that is no name to search for: NULL, blank, too long, not UTF-8. */
int pt__search_check_query(pt_db *db, const char *name);
/* Splits the typed name into words and works out what each is. */
int pt__search_prepare_words(struct search *s, const char *name);
/* Checks the filters and looks up the ones that need the database (camp). */
int pt__search_prepare_filters(struct search *s, const pt_find_options *o);
/* The result's read_as and also_tried: how the name was read. */
int pt__search_describe(struct search *s);
/* Words [from, to) joined by spaces; NULL when out of memory. */
char *pt__search_words_text(const pt__words *w, size_t from, size_t to);
/* pt__word_keys, with a message that says what failed (only an allocation
 * that failed is "out of memory"). */
int pt__search_word_keys(pt_db *db, const char *text, int part, int initial, pt__keys *out);
/* A wildcard word folded into a GLOB pattern on folded keys. */
char *pt__search_word_pattern(const char *text);

/* ---- the candidates (search_gather.c) ---- */

/* Looks up the surname of reading `reading`: every name form it meets
 * becomes a candidate, with the best rule it met by. */
int pt__search_gather(struct search *s, int reading);
/* The keys of given names `m`, read or worked out once, and its words. */
int pt__search_given_keys(struct search *s, struct gmemo *m);
/* The word of rows [0, count) (one part's keys), added when new: its item +
 * 1; 0 when out of memory. */
uint32_t pt__search_word_intern(struct gnames *g, const struct rkey *rows, size_t count);
void pt__search_gnames_release(struct gnames *g);
/* Forgets which spellings were read. */
void pt__search_spelled_release(struct search *s);
/* Sets *h to the rule, the kind of key and the key (cut to fit) it met by. */
void pt__search_how_set(struct how *h, pt_match rule, const char *kind, const char *key);

/* ---- what the handle keeps between searches (search_cache.c) ---- */

/* The names of one spelling: name id, person id, given names (gnames item
 * + 1, 0: none) of each, in the index's order. */
struct pt__search_rows {
	int64_t *name_id, *person_id;
	uint32_t *given;
	size_t count;
};

uint64_t pt__search_text_hash(const char *t);
/* The most a handle's cache keeps (bytes; 64 MB). Tests lower it; nothing
 * else writes it. */
extern size_t pt__search_cache_cap;
/* The number (item + 1) of a given-names string, added when new; 0 for
 * none (NULL) or when out of memory (*rc set). */
uint32_t pt__search_gnames_intern(struct gnames *g, const char *text, int *rc);
/* Starts a search with the handle's cache (made when it has none), emptied
 * when the database changed since the last search or the cache grew too
 * big; call inside the search's read transaction. */
struct pt__search_cache;
int pt__search_cache_begin(pt_db *db, struct pt__search_cache **out);
struct gnames *pt__search_cache_given(struct pt__search_cache *c);
/* Lends the search the candidates' array the last one left. */
void pt__search_cache_lend(struct pt__search_cache *c, struct search *s);
/* Takes it back. */
void pt__search_cache_take_back(struct pt__search_cache *c, struct search *s);
/* The verdicts of given names m in this search (cleared when first asked). */
uint16_t *pt__search_cache_memo(struct pt__search_cache *c, struct gmemo *m);
/* The names of `spelling`, read with `st` (S_SPELLING) when not kept yet;
 * *out is valid until the next call. */
int pt__search_cache_spelling(pt_db *db, struct pt__search_cache *c, sqlite3_stmt *st,
			      const char *spelling, struct pt__search_rows *out);

/* ---- explanations (search_explain.c) ---- */

/* "surname: exact: Kelly; given names: ..." for a verdict on a name form;
 * NULL when out of memory. */
char *pt__search_explain(struct search *s, const struct verdict *v, const char *form_surname,
			 const char *form_given);

/* ---- the name search (search_run.c) ---- */

/* pt_person_find() by name alone; search_fields.c, which has pt_person_find(),
 * calls it for every search that is by name only. */
int pt__search_names(pt_db *db, const char *name, const pt_find_options *opts,
		     pt_find_result **out);

#endif
