/*
 * name_keys.c - the search keys of a name, and the tables that hold them by
 * spelling (surname_key, given_key): what keys a surname or a given name
 * gets (folded form and its umlaut spellings, parts of a double surname,
 * spelling skeleton, Soundex, Daitch-Mokotoff branches, romanisations,
 * clerk keys, given-name equivalents from data/names/given_names.tsv),
 * writing them when a spelling is first imported, and rebuilding them for a
 * whole database.
 */
#include <stdlib.h>
#include <string.h>

#include "names/names.h"

extern const char pt__given_names_tsv[];
extern const size_t pt__given_names_tsv_len;

/* ---- per-handle state ------------------------------------------------------ */

struct nickname {
	char *name;        /* folded member */
	int group;         /* index into groups */
};

struct pt__names {
	sqlite3_stmt *insert[PT__SPELLING_COUNT];  /* a key of a spelling */
	sqlite3_stmt *keyed[PT__SPELLING_COUNT];   /* does a spelling have its keys? */
	sqlite3_stmt *search[PT__NAMES_SEARCH_MAX]; /* the search's (search_run.c) */
	void *search_cache;                        /* (search_cache.c) */
	void (*search_cache_free)(void *data);
	pt__dm_rules *dm;
	char **groups;
	size_t group_count;
	struct nickname *nicknames;   /* sorted by name, then group */
	size_t nickname_count;
	int loaded;
};

static void names_free(void *state)
{
	struct pt__names *names = state;
	if (!names)
		return;
	for (int i = 0; i < PT__SPELLING_COUNT; i++) {
		sqlite3_finalize(names->insert[i]);
		sqlite3_finalize(names->keyed[i]);
	}
	for (int i = 0; i < PT__NAMES_SEARCH_MAX; i++)
		sqlite3_finalize(names->search[i]);
	if (names->search_cache_free)
		names->search_cache_free(names->search_cache);
	pt__dm_rules_free(names->dm);
	for (size_t i = 0; i < names->group_count; i++)
		free(names->groups[i]);
	free(names->groups);
	for (size_t i = 0; i < names->nickname_count; i++)
		free(names->nicknames[i].name);
	free(names->nicknames);
	free(names);
}

static int nickname_order(const void *a, const void *b)
{
	const struct nickname *x = a, *y = b;
	int c = strcmp(x->name, y->name);
	return c ? c : x->group - y->group;
}

static int load_nicknames(struct pt__names *n)
{
	const char *p = pt__given_names_tsv, *end = p + pt__given_names_tsv_len;
	size_t cap_groups = 0, cap_names = 0;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end, *tab, *q;
		if (*p == '#' || p == line_end || !(tab = memchr(p, '\t', (size_t)(line_end - p)))) {
			p = line_end + 1;
			continue;
		}
		if (n->group_count == cap_groups) {
			size_t cap = cap_groups ? cap_groups * 2 : 256;
			char **grown = realloc(n->groups, cap * sizeof *grown);
			if (!grown)
				return PT_ENOMEM;
			n->groups = grown;
			cap_groups = cap;
		}
		if (!(n->groups[n->group_count] = malloc((size_t)(tab - p) + 1)))
			return PT_ENOMEM;
		memcpy(n->groups[n->group_count], p, (size_t)(tab - p));
		n->groups[n->group_count][tab - p] = '\0';
		for (q = tab + 1; q < line_end;) {
			const char *space = q;
			char member[128];
			size_t len;
			while (space < line_end && *space != ' ')
				space++;
			len = (size_t)(space - q);
			if (len && len < sizeof member) {
				char *folded;
				memcpy(member, q, len);
				member[len] = '\0';
				for (char *u = member; *u; u++)
					if (*u == '_')
						*u = ' ';
				if (!(folded = pt__name_fold(member, 0)))
					return PT_ENOMEM;
				if (n->nickname_count == cap_names) {
					size_t cap = cap_names ? cap_names * 2 : 1024;
					struct nickname *grown = realloc(n->nicknames, cap * sizeof *grown);
					if (!grown) {
						free(folded);
						return PT_ENOMEM;
					}
					n->nicknames = grown;
					cap_names = cap;
				}
				n->nicknames[n->nickname_count].name = folded;
				n->nicknames[n->nickname_count].group = (int)n->group_count;
				n->nickname_count++;
			}
			q = space + 1;
		}
		n->group_count++;
		p = line_end + 1;
	}
	qsort(n->nicknames, n->nickname_count, sizeof *n->nicknames, nickname_order);
	return PT_OK;
}

struct pt__names *pt__names_state(pt_db *db)
{
	struct pt__names *n = pt__cache_get(db, PT__CACHE_NAMES);
	if (n && n->loaded)
		return n;
	if (!n) {
		if (!(n = calloc(1, sizeof *n)))
			return NULL;
		pt__cache_set(db, PT__CACHE_NAMES, n, names_free);
	}
	if (!n->dm && pt__dm_rules_load(&n->dm))
		return NULL;
	if (!n->groups && load_nicknames(n))
		return NULL;
	n->loaded = 1;
	return n;
}

sqlite3_stmt **pt__names_search_stmts(pt_db *db)
{
	struct pt__names *n = pt__names_state(db);
	return n ? n->search : NULL;
}

void **pt__names_search_cache(pt_db *db, void (*free_fn)(void *data))
{
	struct pt__names *n = pt__names_state(db);
	if (!n)
		return NULL;
	n->search_cache_free = free_fn;
	return &n->search_cache;
}

const pt__dm_rules *pt__names_dm(pt_db *db)
{
	struct pt__names *n = pt__names_state(db);
	return n ? n->dm : NULL;
}

int pt__nickname_groups(pt_db *db, const char *folded, const char **groups, int max)
{
	struct pt__names *n = pt__names_state(db);
	size_t lo = 0, hi;
	int count = 0;

	if (!n)
		return 0;
	hi = n->nickname_count;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (strcmp(n->nicknames[mid].name, folded) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (; lo < n->nickname_count && !strcmp(n->nicknames[lo].name, folded) && count < max; lo++)
		if (!count || groups[count - 1] != n->groups[n->nicknames[lo].group])
			groups[count++] = n->groups[n->nicknames[lo].group];   /* seamus, séamus */
	return count;
}

/* ---- a list of keys ------------------------------------------------------ */

void pt__keys_release(pt__keys *keys)
{
	for (size_t i = 0; i < keys->count; i++)
		free(keys->items[i].key);
	free(keys->items);
	keys->items = NULL;
	keys->count = keys->cap = 0;
}

int pt__keys_has(const pt__keys *keys, int part, const char *kind, const char *key)
{
	for (size_t i = 0; i < keys->count; i++)
		if (keys->items[i].part == part && !strcmp(keys->items[i].kind, kind) &&
		    !strcmp(keys->items[i].key, key))
			return 1;
	return 0;
}

int pt__keys_add(pt__keys *keys, int part, const char *kind, char *key, const char *how)
{
	if (!key)
		return PT_ENOMEM;
	if (!*key || pt__keys_has(keys, part, kind, key)) {
		free(key);
		return PT_OK;
	}
	if (keys->count == keys->cap) {
		size_t cap = keys->cap ? keys->cap * 2 : 32;
		pt__key *grown = realloc(keys->items, cap * sizeof *grown);
		if (!grown) {
			free(key);
			return PT_ENOMEM;
		}
		keys->items = grown;
		keys->cap = cap;
	}
	keys->items[keys->count].part = part;
	keys->items[keys->count].kind = kind;
	keys->items[keys->count].key = key;
	keys->items[keys->count].how = how;
	keys->count++;
	return PT_OK;
}

/* ---- the keys of one name part -------------------------------------------- */

static char *reversed(const char *s)
{
	size_t n = strlen(s);
	char *r = malloc(n + 1);
	const char *p = s;
	uint32_t cp;
	size_t w = n;

	if (!r)
		return NULL;
	r[n] = '\0';
	/* reverse by code points, so that a Cyrillic key stays UTF-8 */
	while (*p) {
		const char *start = p;
		size_t len;
		cp = pt__utf8_next(&p);
		(void)cp;
		len = (size_t)(p - start);
		w -= len;
		memcpy(r + w, start, len);
	}
	return r;
}

static int letter_is_consonant(char c)
{
	return c >= 'a' && c <= 'z' && !strchr("aeiouy", c);
}

/* The spelling skeleton of a folded Latin name: Mac -> Mc, ph -> f, ck -> k,
 * c -> k before a o u l r, th -> t, doubled letters once, a final -ey -ie
 * -ee -i as -y, a silent final e dropped (Kelley, Kellie -> kely; Clarke ->
 * klark; Phillips -> filips). */
static char *latin_skeleton(const char *f)
{
	size_t n = strlen(f), w = 0;
	char *s = malloc(n + 2);

	if (!s)
		return NULL;
	if (!strncmp(f, "mac", 3) && n > 4) {
		memcpy(s, "mc", 2);
		w = 2;
		f += 3;
		n -= 3;
	}
	for (size_t i = 0; i < n; i++) {
		char c = f[i], next = f[i + 1];
		if (c == 'p' && next == 'h') {
			c = 'f';
			i++;
		} else if (c == 'c' && next == 'k') {
			c = 'k';
			i++;
		} else if (c == 'c' && next && strchr("aoulr", next)) {
			c = 'k';
		} else if ((c == 'e' || c == 'a') && (next == 'i' || next == 'y') && i + 2 < n) {
			c = 'a';      /* Meyer, Maier, Mayer, Meier */
			s[w++] = c;
			c = 'i';
			i++;
		} else if (c == 'y' && i > 0 && next && letter_is_consonant(next)) {
			c = 'i';      /* Smyth, Smith */
		} else if (c == 't' && next == 'h') {
			i++;
		} else if (c == 'p' && w > 0 && s[w - 1] == 'm' && (next == 's' || next == 't')) {
			continue;     /* Thompson, Simpson: the p is not heard */
		}
		if (w > 0 && s[w - 1] == c)
			continue;
		s[w++] = c;
	}
	s[w] = '\0';
	if (w >= 3 && (!strcmp(s + w - 2, "ey") || !strcmp(s + w - 2, "ie") || !strcmp(s + w - 2, "ee")))
		s[w - 2] = 'y', s[--w] = '\0';
	else if (w >= 3 && s[w - 1] == 'i')
		s[w - 1] = 'y';
	else if (w >= 4 && s[w - 1] == 'e' && letter_is_consonant(s[w - 2]))
		s[--w] = '\0';
	return s;
}

/* The same for Cyrillic: soft and hard signs dropped, э as е, doubled
 * letters once. */
static char *cyrillic_skeleton(const char *f)
{
	pt__buf b = PT__BUF_INIT;
	uint32_t cp, last = 0;

	pt__buf_add(&b, "", 0);
	while ((cp = pt__utf8_next(&f)) != 0) {
		if (cp == 0x044c || cp == 0x044a)
			continue;
		if (cp == 0x044d)
			cp = 0x0435;
		if (cp == last)
			continue;
		pt__buf_put_cp(&b, cp);
		last = cp;
	}
	if (b.failed) {
		pt__buf_release(&b);
		return NULL;
	}
	return pt__buf_detach(&b);
}

static int add_phonetic(pt_db *db, pt__keys *out, int part, const char *latin)
{
	const pt__dm_rules *dm = pt__names_dm(db);
	char codes[16][7];
	char sx[5];
	int n, rc = PT_OK;

	if (!dm)
		return PT_ENOMEM;
	if (part == 0 && pt__soundex(latin, PT__SOUNDEX_STANDARD, sx) == PT_OK)
		rc = pt__keys_add(out, part, PT__K_SOUNDEX, pt__strdup(sx), NULL);
	n = pt__dm_encode(dm, latin, 0, codes, 16);
	if (n < 0)
		return n;
	for (int i = 0; i < n && rc == PT_OK; i++)
		rc = pt__keys_add(out, part, PT__K_DM, pt__strdup(codes[i]), NULL);
	return rc;
}

static int add_clerk(pt__keys *out, int part, const char *folded, int cyrillic)
{
	char keys[PT__CLERK_MAX][PT__CLERK_LEN];
	int n = cyrillic ? pt__clerk_cyrillic(folded, keys, PT__CLERK_MAX)
			 : pt__clerk_latin(folded, keys, PT__CLERK_MAX);
	int rc = PT_OK;
	for (int i = 0; i < n && rc == PT_OK; i++)
		rc = pt__keys_add(out, part, cyrillic ? PT__K_CLERK_CYRL : PT__K_CLERK_LATN,
				  pt__strdup(keys[i]), NULL);
	return rc;
}

static int add_nicknames(pt_db *db, pt__keys *out, int part, const char *folded)
{
	const char *groups[8];
	int n = pt__nickname_groups(db, folded, groups, 8), rc = PT_OK;
	for (int i = 0; i < n && rc == PT_OK; i++)
		rc = pt__keys_add(out, part, PT__K_NICKNAME, pt__strdup(groups[i]), NULL);
	return rc;
}

/* Parts of a double or hyphenated surname: Smith-Dorrien -> smith, dorrien;
 * Van Dyke -> dyke. */
static int add_surname_parts(pt__keys *out, const char *text, const char *folded)
{
	pt__buf b = PT__BUF_INIT;
	char **parts = NULL;
	size_t count = 0, words = 0;
	const char *p = text;
	int rc = PT_OK;

	for (;;) {
		const char *start = p;
		char *f;
		while (*p && *p != ' ' && *p != '-' && *p != '\t')
			p++;
		if (p > start) {
			pt__buf_reset(&b);
			pt__buf_add(&b, start, (size_t)(p - start));
			if (!(f = pt__name_fold(pt__buf_str(&b), 0))) {
				rc = PT_ENOMEM;
				break;
			}
			if (*f) {
				words++;
				if (!pt__name_is_particle(f)) {
					char **grown = realloc(parts, (count + 1) * sizeof *grown);
					if (!grown) {
						free(f);
						rc = PT_ENOMEM;
						break;
					}
					parts = grown;
					parts[count++] = f;
					f = NULL;
				}
			}
			free(f);
		}
		if (!*p)
			break;
		p++;
	}
	for (size_t i = 0; i < count; i++) {
		if (rc == PT_OK && words > 1 && strcmp(parts[i], folded))
			rc = pt__keys_add(out, 0, PT__K_PART, parts[i], NULL);
		else
			free(parts[i]);
	}
	free(parts);
	pt__buf_release(&b);
	return rc;
}

int pt__word_keys(pt_db *db, const char *text, int part, int initial, pt__keys *out)
{
	pt__script script = pt__script_of(text);
	char *folded = pt__name_fold(text, 0);
	char *alt[2] = { NULL, NULL };
	int rc = PT_OK, n;

	if (!folded)
		return PT_ENOMEM;
	if (!*folded) {
		free(folded);
		return PT_OK;
	}
	if (initial && part > 0) {
		/* W., Wm., Fr.: the letters, and what the table makes of them */
		if ((rc = pt__keys_add(out, part, PT__K_EXACT, pt__strdup(folded), NULL)) ||
		    (rc = pt__keys_add(out, part, PT__K_INITIAL, pt__strdup(folded), NULL)) ||
		    (rc = add_nicknames(db, out, part, folded)))
			goto cleanup;
		goto cleanup;
	}
	if ((rc = pt__keys_add(out, part, PT__K_EXACT, pt__strdup(folded), NULL)))
		goto cleanup;
	if (part == 0 && (rc = add_surname_parts(out, text, folded)))
		goto cleanup;
	if (part == 0 && (rc = pt__keys_add(out, part, PT__K_REVERSE, reversed(folded), NULL)))
		goto cleanup;

	if (script == PT__SCRIPT_CYRILLIC || script == PT__SCRIPT_OTHER ||
	    script == PT__SCRIPT_MIXED) {
		pt__scheme schemes[2] = { PT__SCHEME_BGN, PT__SCHEME_ISO };
		int scheme_count = script == PT__SCRIPT_CYRILLIC ? 2 : 1;
		char *first = NULL;
		if (script != PT__SCRIPT_CYRILLIC)
			schemes[0] = PT__SCHEME_ANY;
		for (int i = 0; i < scheme_count && rc == PT_OK; i++) {
			char *roman = pt__romanise(db, schemes[i], text), *rf;
			if (!roman)
				continue;
			rf = pt__name_fold(roman, 0);
			free(roman);
			if (!rf) {
				rc = PT_ENOMEM;
				break;
			}
			if (!first)
				first = pt__strdup(rf);
			rc = pt__keys_add(out, part, PT__K_TRANSLIT, rf, pt__scheme_name(schemes[i]));
		}
		if (rc == PT_OK && script == PT__SCRIPT_CYRILLIC) {
			char *skeleton = cyrillic_skeleton(folded);
			if (skeleton && strcmp(skeleton, folded))
				rc = pt__keys_add(out, part, PT__K_VARIANT, skeleton, NULL);
			else if (skeleton)
				free(skeleton);
			else
				rc = PT_ENOMEM;
			if (rc == PT_OK)
				rc = add_clerk(out, part, folded, 1);
		}
		if (rc == PT_OK && first)
			rc = add_phonetic(db, out, part, first);
		if (rc == PT_OK && part > 0)
			rc = add_nicknames(db, out, part, folded);
		free(first);
		goto cleanup;
	}

	/* Latin (or digits only) */
	if ((n = pt__name_umlaut_forms(text, folded, alt)) < 0) {
		rc = n;
		goto cleanup;
	}
	for (int i = 0; i < n && rc == PT_OK; i++) {
		rc = pt__keys_add(out, part, PT__K_EXACT, alt[i], NULL);
		alt[i] = NULL;
	}
	if (rc == PT_OK) {
		char *skeleton = latin_skeleton(folded);
		if (!skeleton)
			rc = PT_ENOMEM;
		else if (!pt__keys_has(out, part, PT__K_EXACT, skeleton))
			rc = pt__keys_add(out, part, PT__K_VARIANT, skeleton, NULL);
		else
			free(skeleton);
	}
	if (rc == PT_OK)
		rc = add_phonetic(db, out, part, folded);
	if (rc == PT_OK)
		rc = add_clerk(out, part, folded, 0);
	if (rc == PT_OK && part > 0)
		rc = add_nicknames(db, out, part, folded);
cleanup:
	free(alt[0]);
	free(alt[1]);
	free(folded);
	return rc;
}

/* ---- a record's name form -------------------------------------------------- */

static char *join_words(const pt__words *w, size_t from, size_t to)
{
	pt__buf b = PT__BUF_INIT;
	for (size_t i = from; i < to; i++) {
		if (i > from)
			pt__buf_putc(&b, ' ');
		pt__buf_puts(&b, w->items[i].text);
	}
	if (b.failed) {
		pt__buf_release(&b);
		return NULL;
	}
	return pt__buf_detach(&b);
}

int pt__name_split_record(const char *surname, const char *given, char **surname_out,
			  char **given_out)
{
	pt__words w;
	size_t split = 0, lead = 0, trail = 0;
	int rc;

	*surname_out = *given_out = NULL;
	if ((given && *given) || !surname) {
		*surname_out = pt__strdup(surname);
		*given_out = pt__strdup(given);
		return (surname && !*surname_out) || (given && !*given_out) ? PT_ENOMEM : PT_OK;
	}
	if ((rc = pt__words_split(surname, &w)))
		return rc;
	if (w.count <= 1) {
		pt__words_release(&w);
		*surname_out = pt__strdup(surname);
		return *surname_out ? PT_OK : PT_ENOMEM;
	}
	/* the name as one string: "KELLY Frank", "Келли Фрэнк", "Kelly, Frank" */
	while (lead < w.count && w.items[lead].upper)
		lead++;
	while (trail < w.count && w.items[w.count - 1 - trail].upper)
		trail++;
	if (w.comma_at > 0)
		split = (size_t)w.comma_at;                  /* Surname, Given */
	else if (pt__script_of(surname) == PT__SCRIPT_CYRILLIC)
		split = 1;                                   /* registers: surname first */
	else if (lead > 0 && lead < w.count)
		split = lead;                                /* KELLY Frank */
	if (split > 0 && split < w.count) {
		*surname_out = join_words(&w, 0, split);
		*given_out = join_words(&w, split, w.count);
	} else if (trail > 0 && trail < w.count) {         /* Frank KELLY */
		*surname_out = join_words(&w, w.count - trail, w.count);
		*given_out = join_words(&w, 0, w.count - trail);
	} else {
		*surname_out = pt__strdup(surname);
	}
	pt__words_release(&w);
	if (!*surname_out) {
		free(*given_out);
		*given_out = NULL;
		return PT_ENOMEM;
	}
	return PT_OK;
}

int pt__name_form_keys(pt_db *db, const char *surname, const char *given, pt__keys *out)
{
	char *s = NULL, *g = NULL;
	int rc;

	if ((rc = pt__name_split_record(surname, given, &s, &g)))
		return rc;
	if (s)
		rc = pt__word_keys(db, s, 0, 0, out);
	if (rc == PT_OK && g)
		rc = pt__given_keys(db, g, out);
	free(s);
	free(g);
	return rc;
}

/* ---- the surname_key and given_key tables -------------------------------------- */

/* The keys of a surname spelling: of the spelling as one surname and, when
 * the field may hold a whole name ("KELLY Frank", "Келли Фрэнк": a record
 * with no given names), of the surname split from it too. Both, whatever
 * this record's given names, so that the keys are a function of the
 * spelling alone and a spelling is keyed once. */
static int ascii_only(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

static int add_deletion(void *ctx, const char *key)
{
	return pt__keys_add(ctx, 0, PT__K_DELETE, pt__strdup(key), NULL);
}

/* The deletion neighbourhood of a surname's Latin forms (its folded form,
 * its romanisations): what `find` meets a spelling one letter off by. */
static int deletion_keys(pt__keys *k)
{
	size_t n = k->count;
	int rc = PT_OK;
	for (size_t i = 0; i < n && rc == PT_OK; i++) {
		const pt__key *key = &k->items[i];
		if (key->part == 0 && ascii_only(key->key) &&
		    (!strcmp(key->kind, PT__K_EXACT) || !strcmp(key->kind, PT__K_TRANSLIT))) {
			char *copy = pt__strdup(key->key);   /* the array may move */
			if (!copy)
				return PT_ENOMEM;
			rc = pt__deletion_keys(copy, add_deletion, k);
			free(copy);
		}
	}
	return rc;
}

static int surname_keys(pt_db *db, const char *surname, pt__keys *out)
{
	char *split = NULL, *given = NULL;
	int rc;

	if ((rc = pt__word_keys(db, surname, 0, 0, out)))
		return rc;
	if ((rc = pt__name_split_record(surname, NULL, &split, &given)))
		return rc;
	if (strcmp(split, surname))
		rc = pt__word_keys(db, split, 0, 0, out);
	free(split);
	free(given);
	return rc ? rc : deletion_keys(out);
}

int pt__given_keys(pt_db *db, const char *given, pt__keys *out)
{
	pt__words w = { NULL, 0, -1 };
	int rc;

	if ((rc = pt__words_split(given, &w)))
		return rc;
	for (size_t i = 0; i < w.count && rc == PT_OK; i++)
		rc = pt__word_keys(db, w.items[i].text, (int)i + 1, w.items[i].initial, out);
	pt__words_release(&w);
	return rc;
}

/* The two tables of keys by spelling, written alike. */
static const struct spelling_table {
	const char *read_error, *write_error;
	const char *keyed_sql, *insert_sql;    /* ?1 spelling, ?2 part, ?3 kind, ?4 key */
	int (*keys)(pt_db *db, const char *spelling, pt__keys *out);
} spelling_tables[PT__SPELLING_COUNT] = {
	[PT__SPELLING_SURNAME] = { "cannot read the surname keys", "cannot write a surname key",
		"SELECT 1 FROM surname_key WHERE surname = ?1",
		"INSERT OR IGNORE INTO surname_key(surname, kind, key) VALUES (?1, ?3, ?4)",
		surname_keys },
	[PT__SPELLING_GIVEN] = { "cannot read the given-name keys", "cannot write a given-name key",
		"SELECT 1 FROM given_key WHERE given = ?1",
		"INSERT OR IGNORE INTO given_key(given, part, kind, key) VALUES (?1, ?2, ?3, ?4)",
		pt__given_keys },
};

static int spelling_keys_write(pt_db *db, struct pt__names *n, int table, const char *spelling)
{
	const struct spelling_table *t = &spelling_tables[table];
	pt__keys keys = { NULL, 0, 0 };
	int rc = PT_OK, step;

	if (!spelling || !*spelling)
		return PT_OK;
	if (!n->insert[table] &&
	    ((rc = pt__prepare(db, &n->insert[table], t->insert_sql)) ||
	     (rc = pt__prepare(db, &n->keyed[table], t->keyed_sql))))
		return rc;
	/* most names of a register repeat a spelling that has its keys */
	sqlite3_bind_text(n->keyed[table], 1, spelling, -1, SQLITE_STATIC);
	step = sqlite3_step(n->keyed[table]);
	sqlite3_reset(n->keyed[table]);
	if (step == SQLITE_ROW)
		return PT_OK;
	if (step != SQLITE_DONE)
		return pt__sql_error(db, t->read_error);
	if ((rc = t->keys(db, spelling, &keys))) {
		pt__keys_release(&keys);
		return pt__error(db, rc, "out of memory");
	}
	for (size_t i = 0; i < keys.count && rc == PT_OK; i++) {
		sqlite3_stmt *s = n->insert[table];
		sqlite3_bind_text(s, 1, spelling, -1, SQLITE_STATIC);
		sqlite3_bind_int(s, 2, keys.items[i].part);
		sqlite3_bind_text(s, 3, keys.items[i].kind, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 4, keys.items[i].key, -1, SQLITE_STATIC);
		if (sqlite3_step(s) != SQLITE_DONE)
			rc = pt__sql_error(db, t->write_error);
		sqlite3_reset(s);
	}
	pt__keys_release(&keys);
	return rc;
}

int pt__name_keys_write(pt_db *db, const char *surname, const char *given)
{
	struct pt__names *n = pt__names_state(db);
	int rc;
	if (!n)
		return pt__error(db, PT_ENOMEM, "out of memory");
	if ((rc = spelling_keys_write(db, n, PT__SPELLING_SURNAME, surname)))
		return rc;
	return spelling_keys_write(db, n, PT__SPELLING_GIVEN, given);
}

int pt__name_keys_rebuild(pt_db *db)
{
	struct pt__names *n = pt__names_state(db);
	sqlite3_stmt *s = NULL;
	int rc, step;

	if (!n)
		return pt__error(db, PT_ENOMEM, "out of memory");
	if ((rc = pt__exec(db, "DELETE FROM surname_key; DELETE FROM given_key")) ||
	    (rc = pt__prepare(db, &s, "SELECT DISTINCT 0, surname FROM person_name "
			      "WHERE surname IS NOT NULL UNION ALL "
			      "SELECT DISTINCT 1, given_names FROM person_name "
			      "WHERE given_names IS NOT NULL")))
		return rc;
	while (rc == PT_OK && (step = sqlite3_step(s)) == SQLITE_ROW)
		rc = spelling_keys_write(db, n, sqlite3_column_int(s, 0) ? PT__SPELLING_GIVEN
					 : PT__SPELLING_SURNAME,
					 (const char *)sqlite3_column_text(s, 1));
	if (rc == PT_OK && step != SQLITE_DONE)
		rc = pt__sql_error(db, "cannot read the names");
	sqlite3_finalize(s);
	return rc;
}

int pt__name_keys_prune(pt_db *db)
{
	return pt__exec(db, "DELETE FROM surname_key WHERE surname NOT IN "
			"(SELECT surname FROM person_name WHERE surname IS NOT NULL);"
			"DELETE FROM given_key WHERE given NOT IN "
			"(SELECT given_names FROM person_name WHERE given_names IS NOT NULL)");
}

int pt_db_reindex_names(pt_db *db)
{
	int rc;
	if ((rc = pt__exec(db, "BEGIN IMMEDIATE")))
		return rc;
	/* the linker's stored words were made from the old keys: a run stores
	 * them again (schema/0090_link_records.sql) */
	if ((rc = pt__name_keys_rebuild(db)) ||
	    (rc = pt__exec(db, "DELETE FROM link_record; DELETE FROM link_word"))) {
		sqlite3_exec(db->sql, "ROLLBACK", NULL, NULL, NULL);
		return rc;
	}
	return pt__exec(db, "COMMIT");
}
