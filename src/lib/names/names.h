/*
 * names.h - what the name-search files share: name.c (typed names, folding,
 * scripts), phonetic.c (Soundex, Daitch-Mokotoff), translit.c (ICU
 * transliteration and the cross-script clerk key), name_keys.c (the keys
 * of a name and the surname_key and given_key tables) and search*.c (powtrace
 * find; the files of the search share search.h).
 */
#ifndef PT_NAMES_H
#define PT_NAMES_H

#include <stdint.h>

#include "records/records.h"

/* ---- code points (name.c) ---- */

/* Decodes the next code point of NUL-terminated UTF-8 at *s and advances
 * *s; returns 0 at the end, 0xFFFD for a bad byte (skipping it). */
uint32_t pt__utf8_next(const char **s);
/* Appends code point cp as UTF-8. */
int pt__buf_put_cp(pt__buf *b, uint32_t cp);

typedef enum pt__script {
	PT__SCRIPT_NONE = 0,   /* no letters */
	PT__SCRIPT_LATIN,
	PT__SCRIPT_CYRILLIC,
	PT__SCRIPT_OTHER,      /* Greek, Hebrew, ...: romanised by ICU's Any-Latin */
	PT__SCRIPT_MIXED       /* letters of more than one script */
} pt__script;

pt__script pt__script_of(const char *s);
const char *pt__script_code(pt__script script);   /* "Latn", "Cyrl", ... */

/* The folded form of a name or name part: lower case, diacritics and
 * punctuation removed (Müller -> muller, Łódź -> lodz, ß -> ss,
 * O'Brien -> obrien); Latin letters become ASCII, other scripts stay in
 * their script (Келли -> келли, ё -> е). With keep_wild, the wildcard
 * characters _ * [ ] survive (for patterns). Caller frees; NULL when out
 * of memory. */
char *pt__name_fold(const char *s, int keep_wild);

/* German umlaut spellings of a folded name: "mueller" <-> "muller".
 * Writes up to 2 alternatives of `original` (NFC) and its fold into alt[]
 * (caller frees each); returns how many. */
int pt__name_umlaut_forms(const char *original, const char *folded, char *alt[2]);

/* A name split into words: surname words and given-name words, each with
 * what the typist meant by it. */
typedef struct pt__word {
	char *text;           /* the word as written (NFC), trailing '.' removed */
	int initial;          /* a single letter, or an abbreviation that ended in '.' */
	int upper;            /* written all in capitals (and longer than one letter) */
	int wildcard;         /* holds _ * or [...] */
	int particle;         /* van, von, de, la, O, Mac, St, ... (surname prefixes) */
	pt__script script;
} pt__word;

typedef struct pt__words {
	pt__word *items;
	size_t count;
	int comma_at;         /* index of the first word after a comma, or -1 */
} pt__words;

/* Splits text into words (spaces, commas, semicolons; "F.J." is two). */
int pt__words_split(const char *text, pt__words *out);
void pt__words_release(pt__words *w);

/* Is `folded` a surname particle (van, de, o, mc, ...)? */
int pt__name_is_particle(const char *folded);

/* A word typed in two scripts ("Kеlly" with a Cyrillic е): the word with
 * the minority letters replaced by their look-alikes in the majority script,
 * as a new string in *fixed_out (NULL when the word is in one script).
 * PT_EINVAL when it cannot be repaired. */
int pt__word_fix_script(pt__word *word, char **fixed_out);

/* One way to read a typed name: which words are the surname. */
#define PT__READING_GIVEN_MAX 16
typedef struct pt__reading {
	size_t surname_from, surname_to;      /* words [from, to) */
	size_t given[PT__READING_GIVEN_MAX];  /* the other words, in order */
	size_t given_count;
	int penalty;                          /* 0 for the likeliest reading */
	int whole;                            /* every word one surname (Lloyd George):
						 matched by its folded form only */
} pt__reading;

/* The readings of a typed name, likeliest first: a comma or capitals decide
 * it; else a Latin name is read surname last, then surname first, then as
 * one double surname, and a Cyrillic one surname first. Returns how many. */
int pt__name_readings(const pt__words *w, pt__reading *out, int max);

/* ---- phonetic codes (phonetic.c) ---- */

typedef enum pt__soundex_variant {
	PT__SOUNDEX_STANDARD,    /* American Soundex with the H/W rule (US census from 1920) */
	PT__SOUNDEX_SIMPLIFIED,  /* H and W separate like vowels */
	PT__SOUNDEX_GENEALOGY    /* vowels, H, W, Y ignored altogether */
} pt__soundex_variant;

/* Soundex code of `s` (4 characters) into out[5]. Non-letters are ignored;
 * returns PT_EINVAL (and "" in out) when s has no letters or a letter
 * outside A-Z, as commons-codec does. */
int pt__soundex(const char *s, pt__soundex_variant variant, char out[5]);

/* Daitch-Mokotoff Soundex, the commons-codec rules (data/names/dmrules.txt,
 * embedded). The rule table is parsed once per handle. */
typedef struct pt__dm_rules pt__dm_rules;
int pt__dm_rules_load(pt__dm_rules **out);
void pt__dm_rules_free(pt__dm_rules *rules);

#define PT__DM_MAX_BRANCHES 64

/* Every branch of the code of `s` ("GERSCHFELD" -> 547830|545783|594783|
 * 594578), in commons-codec's order; with first_only, only the first.
 * Writes up to `max` codes of 7 bytes into codes[]; returns how many (0 for
 * a name with no codable letters), or PT_ENOMEM. */
int pt__dm_encode(const pt__dm_rules *rules, const char *s, int first_only,
		  char codes[][7], int max);

/* ---- transliteration and the clerk key (translit.c) ---- */

typedef enum pt__scheme {
	PT__SCHEME_BGN,        /* ICU Russian-Latin/BGN (BGN/PCGN 1947) */
	PT__SCHEME_ISO,        /* ICU Cyrillic-Latin (ISO 9 style) */
	PT__SCHEME_ANY,        /* ICU Any-Latin, for other scripts */
	PT__SCHEME_COUNT
} pt__scheme;

const char *pt__scheme_name(pt__scheme scheme);   /* "BGN/PCGN", ... */

/* Romanises `s` with one of ICU's transliterators (opened once per handle,
 * lazily: the first use costs a few milliseconds). Caller frees. */
char *pt__romanise(pt_db *db, pt__scheme scheme, const char *s);

#define PT__CLERK_MAX 8      /* branches of a clerk key */
#define PT__CLERK_LEN 32

/* The clerk key: a consonant skeleton in one alphabet for both scripts,
 * built for the way Soviet clerks wrote Western names (Г or Х for H, У or В
 * for W, Дж for J, Э for E and A, soft and hard signs dropped): Harold and
 * Гарольд give GRLD, Walker and Уокер VKR. A Latin spelling is ambiguous
 * (is "ch" Ч or К?), so it gives up to PT__CLERK_MAX branches; returns how
 * many, 0 when the word has no letters of the script. */
int pt__clerk_latin(const char *folded, char keys[][PT__CLERK_LEN], int max);
int pt__clerk_cyrillic(const char *folded, char keys[][PT__CLERK_LEN], int max);

/* ---- given-name equivalents (name_keys.c, data/names/given_names.tsv) ---- */

/* The groups a folded given name belongs to ("bill" -> "william"); at most
 * max, returns how many. Group names are borrowed. */
int pt__nickname_groups(pt_db *db, const char *folded, const char **groups, int max);

/* ---- the keys of a name (name_keys.c) ---- */

/* kinds of key, as stored in surname_key.kind and given_key.kind */
#define PT__K_EXACT    "exact"      /* the folded form (and its umlaut spellings) */
#define PT__K_PART     "part"       /* one part of a double or hyphenated surname */
#define PT__K_VARIANT  "variant"    /* spelling skeleton: Kelley, Kellie -> kely */
#define PT__K_REVERSE  "reverse"    /* the folded form backwards, for *suffix wildcards */
#define PT__K_SOUNDEX  "soundex"    /* American Soundex */
#define PT__K_DM       "dm"         /* one Daitch-Mokotoff branch */
#define PT__K_TRANSLIT "translit"   /* a romanisation of a non-Latin name, folded */
#define PT__K_CLERK_LATN "clerk_latn" /* clerk key of a Latin-script name */
#define PT__K_CLERK_CYRL "clerk_cyrl" /* clerk key of a Cyrillic name */
#define PT__K_NICKNAME "nickname"   /* a given-name equivalents group */
#define PT__K_INITIAL  "initial"    /* an initial or abbreviation: its letters */
#define PT__K_DELETE   "delete"     /* surnames: the spelling with one letter left out
				       (names/similar.c), of its folded form or romanisation */

typedef struct pt__key {
	int part;             /* 0 surname, 1.. given names */
	const char *kind;     /* one of PT__K_* (static) */
	char *key;
	const char *how;      /* for translit: the scheme's name; else NULL */
} pt__key;

typedef struct pt__keys {
	pt__key *items;
	size_t count, cap;
} pt__keys;

void pt__keys_release(pt__keys *keys);
/* Adds a key unless the same (part, kind, key) is there; takes `key`. */
int pt__keys_add(pt__keys *keys, int part, const char *kind, char *key, const char *how);
int pt__keys_has(const pt__keys *keys, int part, const char *kind, const char *key);

/* The keys of one name part: the surname (part 0) or a given name (part
 * >= 1; `initial`: an initial or abbreviation such as "F." or "Wm."). */
int pt__word_keys(pt_db *db, const char *text, int part, int initial, pt__keys *out);

/* The keys of given names, word by word (parts 1, 2, ...): what given_key
 * stores for a spelling, and what find works out for one it does not hold. */
int pt__given_keys(pt_db *db, const char *given, pt__keys *out);

/* How a record's name form divides into surname and given names: the
 * fields as stored, or, for a whole name in the surname field (the name as
 * a register wrote it, "Келли Фрэнк"), the split its script and capitals
 * suggest. *surname and *given are new strings (either may be NULL). */
int pt__name_split_record(const char *surname, const char *given, char **surname_out,
			  char **given_out);

/* Every key of a name form. */
int pt__name_form_keys(pt_db *db, const char *surname, const char *given, pt__keys *out);

/* The statements search_run.c runs, NULL-terminated: the query-plan test
 * checks that none of them scans a table. */
extern const char *const pt__search_sql[];

/* The per-handle state of the name modules (prepared statements, ICU
 * transliterators, the rule tables); made on first use, freed with the
 * handle. */
/* ---- the search keys stored for each spelling (name_keys.c) ---- */

/* Writes the search keys of a name's surname spelling (surname_key) and
 * given-names spelling (given_key), unless they have them already; the
 * importer calls it for every name it writes. Either may be NULL. */
int pt__name_keys_write(pt_db *db, const char *surname, const char *given);
/* Recomputes the keys of every spelling (inside the caller's transaction). */
int pt__name_keys_rebuild(pt_db *db);
/* Deletes the keys of spellings that no name uses any more. */
int pt__name_keys_prune(pt_db *db);
enum { PT__SPELLING_SURNAME, PT__SPELLING_GIVEN, PT__SPELLING_COUNT };

struct pt__names;
struct pt__names *pt__names_state(pt_db *db);
/* The name search's statements (search_run.c), kept with the handle so that a
 * search prepares none after the handle's first: PT__NAMES_SEARCH_MAX
 * slots, NULL until prepared; finalized with the handle. NULL when out of
 * memory. */
#define PT__NAMES_SEARCH_MAX 16
sqlite3_stmt **pt__names_search_stmts(pt_db *db);
/* What the name search keeps between searches (search_cache.c): the slot
 * kept with the handle, NULL when out of memory; the handle frees what it
 * holds with free_fn (handed down: name_keys.c calls nothing above it). */
void **pt__names_search_cache(pt_db *db, void (*free_fn)(void *data));
const pt__dm_rules *pt__names_dm(pt_db *db);


/* ---- how alike two spellings are (names/similar.c) ---- */

#define PT__SIMILAR_MAX 64       /* code points compared; the rest is ignored */
#define PT__DELETION_MIN_LEN 5   /* spellings shorter than this get no deletion keys */

/* The code points of UTF-8 text s, at most max; returns how many. */
int pt__codepoints(const char *s, uint32_t *out, int max);
/* Jaro-Winkler similarity, 0 to 1 (1: the same), with the usual prefix
 * scale 0.1 over at most 4 letters. */
double pt__jaro_winkler(const char *a, const char *b);
double pt__jaro_winkler_cp(const uint32_t *a, int la, const uint32_t *b, int lb);
/* Optimal-string-alignment distance (substitution, insertion, deletion and
 * the swap of two neighbours each cost 1), or max + 1 when it exceeds max. */
int pt__edit_distance(const char *a, const char *b, int max);
int pt__edit_distance_cp(const uint32_t *a, int la, const uint32_t *b, int lb, int max);
/* Calls fn with each spelling that leaves one letter of `folded` out (once
 * per distinct result), for spellings of at least PT__DELETION_MIN_LEN
 * letters. Two spellings one edit apart share one of their keys or one is
 * the other's key. Returns the first non-zero return of fn, or PT_OK. */
typedef int (*pt__deletion_fn)(void *ctx, const char *key);
int pt__deletion_keys(const char *folded, pt__deletion_fn fn, void *ctx);

#endif
