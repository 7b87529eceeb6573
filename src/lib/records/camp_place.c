/*
 * camp_place.c - the place stage of the camp look-up: a camp name as
 * registers write it, its designation with the camp's town, district or
 * country before or after it, in brackets, after a slash, a comma or a dash
 * ("Stalag IIIA Luckenwalde", "Stalag IVB / Muhlberg", "Stalag 4B -
 * Muehlberg", "Oflag 64 Schubin, Poland"), or the town alone.
 *
 * The name's match-key words (camp_key.c: numerals and umlauts folded) are
 * cut into a run of words that is a camp's match key (one of its names or
 * aliases) or the key of its town, and the rest. The camp is taken when
 * every word of the rest is one of that camp's own words: a word of its
 * names and aliases, a word (without digits) of its place, the name of its country or of
 * the power that ran it (in English, German, French, Dutch, Polish, Russian,
 * Italian and Czech, from ICU), or a filler ("near", "bei", "an der"); after
 * the run, once a word of the camp's place came, the words after it may be
 * a district or country the place does not name ("Stalag IV-B Mühlberg,
 * Sachsen"), never a number. The
 * longest run that names a camp decides; when it names several camps, all
 * are returned and the caller names them. A town is the first part of a
 * verified camp's place, or the part after "today" ("Schubin (Altburgund),
 * Wartheland; today Szubin": Schubin, Szubin).
 *
 * So "Stalag 357 Fallingbostel" is not Stalag XI-B, although Fallingbostel
 * is its town: 357 is no word of XI-B; and "Stalag 8B Teschen" is not the
 * Stalag VIII-B of Lamsdorf.
 */
#include <stdlib.h>
#include <string.h>
#include <unicode/uloc.h>
#include <unicode/ustring.h>

#include "records/records.h"

#define MAX_WORDS 32

struct own_words {        /* one camp's own words, as " w1 w2 ... " */
	int64_t id;
	char *words;
	int verified;
};

struct town {
	int64_t id;
	char *key;
};

struct pt__camp_places {
	pt_db *db;
	sqlite3_stmt *by_match, *camp, *aliases;
	struct town *towns;
	size_t town_count;
	int towns_read;
	struct own_words *known;
	size_t known_count;
	int verified_only;       /* only verified camps are found */
};

/* Words that say where without naming a place: prepositions and articles
 * of the languages of the registers, "district", "camp". */
static const char *const fillers[] = {
	"a", "aan", "am", "an", "and", "b", "bei", "bez", "bij", "camp", "d", "de", "dem", "den",
	"der", "des", "die", "district", "du", "et", "heute", "im", "in", "kreis", "krs", "la",
	"lager", "le", "les", "na", "nad", "near", "now", "nr", "of", "pod", "pow", "pres",
	"region", "sur", "te", "the", "today", "u", "und", "w", NULL,
};

static int is_filler(const char *w, size_t len)
{
	for (const char *const *f = fillers; *f; f++)
		if (strlen(*f) == len && !memcmp(*f, w, len))
			return 1;
	return 0;
}

static int has_digit(const char *w, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (w[i] >= '0' && w[i] <= '9')
			return 1;
	return 0;
}

int pt__camp_places_open(pt_db *db, int verified_only, pt__camp_places **out)
{
	int rc;
	if (!(*out = calloc(1, sizeof **out)))
		return pt__error(db, PT_ENOMEM, "out of memory");
	(*out)->db = db;
	(*out)->verified_only = verified_only;
	/* the match-key stage's statement (camp.c), by the alias index */
	if ((rc = pt__prepare(db, &(*out)->by_match, "SELECT camp_id FROM camp_alias WHERE "
			      "match_key = ?1 GROUP BY camp_id ORDER BY min(rowid) LIMIT ?2")) ||
	    (rc = pt__prepare(db, &(*out)->camp, "SELECT coalesce(place, ''), "
			      "coalesce(country, ''), coalesce(operator, ''), name, verified FROM camp "
			      "WHERE id = ?")) ||
	    (rc = pt__prepare(db, &(*out)->aliases, "SELECT alias FROM camp_alias "
			      "WHERE camp_id = ?"))) {
		pt__camp_places_free(*out);
		*out = NULL;
	}
	return rc;
}

void pt__camp_places_free(pt__camp_places *p)
{
	if (!p)
		return;
	sqlite3_finalize(p->by_match);
	sqlite3_finalize(p->camp);
	sqlite3_finalize(p->aliases);
	for (size_t i = 0; i < p->town_count; i++)
		free(p->towns[i].key);
	for (size_t i = 0; i < p->known_count; i++)
		free(p->known[i].words);
	free(p->towns);
	free(p->known);
	free(p);
}

/* ---- a camp's own words -------------------------------------------------- */

/* Appends the words of text to out as " w", those with digits only when
 * `digits` (a camp's own names: "Stalag 318 / Stalag VIII-F" is one camp,
 * but a number in its place names no camp). */
static int add_words(pt_db *db, const char *text, int digits, pt__buf *out)
{
	char *words = pt__camp_key_words(db, text);
	const char *p;
	if (!words)
		return PT_ENOMEM;
	for (p = words; *p;) {
		size_t len = strcspn(p, " ");
		if (len && (digits || !has_digit(p, len))) {
			pt__buf_putc(out, ' ');
			pt__buf_add(out, p, len);
		}
		p += len;
		while (*p == ' ')
			p++;
	}
	free(words);
	return out->failed ? PT_ENOMEM : PT_OK;
}

/* The names of a country (its ISO code) in the languages of the registers. */
static int add_country(pt_db *db, const char *code, pt__buf *out)
{
	static const char *const languages[] = { "en", "de", "fr", "nl", "pl", "ru", "it", "cs" };
	char locale[16], utf8[256];
	UChar name[96];
	int rc = PT_OK;

	if (strlen(code) != 2)
		return PT_OK;
	memcpy(locale, "und_", 4);
	memcpy(locale + 4, code, 3);
	for (size_t i = 0; i < sizeof languages / sizeof *languages && !rc; i++) {
		UErrorCode err = U_ZERO_ERROR;
		int32_t n = uloc_getDisplayCountry(locale, languages[i], name, 96, &err);
		if (U_FAILURE(err) || n <= 0)
			continue;
		u_strToUTF8(utf8, sizeof utf8, NULL, name, n, &err);
		if (U_SUCCESS(err))
			rc = add_words(db, utf8, 0, out);
	}
	return rc;
}

/* Reads camp id's own words into out (" w1 w2 ... "), and whether it is
 * verified. */
static int read_own_words(pt__camp_places *p, int64_t id, pt__buf *out, int *verified)
{
	int rc = PT_OK, step;

	sqlite3_reset(p->camp);
	sqlite3_bind_int64(p->camp, 1, id);
	if ((step = sqlite3_step(p->camp)) == SQLITE_ROW) {
		*verified = sqlite3_column_int(p->camp, 4);
		for (int col = 0; col < 4 && !rc; col++) {
			const char *text = (const char *)sqlite3_column_text(p->camp, col);
			if (!text)
				continue;
			rc = col == 1 || col == 2 ? add_country(p->db, text, out)
						  : add_words(p->db, text, col == 3, out);
		}
	} else if (step != SQLITE_DONE) {
		rc = pt__sql_error(p->db, "cannot read a camp");
	}
	sqlite3_reset(p->camp);
	if (rc)
		return rc == PT_ENOMEM ? pt__error(p->db, rc, "out of memory") : rc;
	sqlite3_reset(p->aliases);
	sqlite3_bind_int64(p->aliases, 1, id);
	while (!rc && (step = sqlite3_step(p->aliases)) == SQLITE_ROW)
		rc = add_words(p->db, (const char *)sqlite3_column_text(p->aliases, 0), 1, out);
	sqlite3_reset(p->aliases);
	if (rc)
		return pt__error(p->db, PT_ENOMEM, "out of memory");
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		return pt__sql_error(p->db, "cannot read a camp's aliases");
	pt__buf_putc(out, ' ');
	return out->failed ? pt__error(p->db, PT_ENOMEM, "out of memory") : PT_OK;
}

/* Camp id's own words, read once per finder, into *out. */
static int own_words(pt__camp_places *p, int64_t id, const struct own_words **out)
{
	pt__buf b = PT__BUF_INIT;
	struct own_words *grown;
	int rc, verified = 0;

	for (size_t i = 0; i < p->known_count; i++)
		if (p->known[i].id == id) {
			*out = &p->known[i];
			return PT_OK;
		}
	if ((rc = read_own_words(p, id, &b, &verified))) {
		pt__buf_release(&b);
		return rc;
	}
	if (pt__buf_add(&b, "", 0) ||
	    !(grown = realloc(p->known, (p->known_count + 1) * sizeof *grown))) {
		pt__buf_release(&b);
		return pt__error(p->db, PT_ENOMEM, "out of memory");
	}
	p->known = grown;
	p->known[p->known_count].id = id;
	p->known[p->known_count].verified = verified;
	p->known[p->known_count].words = pt__buf_detach(&b);
	*out = &p->known[p->known_count++];
	return PT_OK;
}

/* ---- towns ----------------------------------------------------------------- */

static int add_town(pt__camp_places *p, int64_t id, const char *text, size_t len)
{
	char *piece = malloc(len + 1), *key;
	struct town *grown;
	if (!piece)
		return PT_ENOMEM;
	memcpy(piece, text, len);
	piece[len] = '\0';
	key = pt__camp_key(p->db, piece);
	free(piece);
	if (!key)
		return PT_ENOMEM;
	if (strlen(key) < 3) {
		free(key);
		return PT_OK;
	}
	if (!(grown = realloc(p->towns, (p->town_count + 1) * sizeof *grown))) {
		free(key);
		return PT_ENOMEM;
	}
	p->towns = grown;
	p->towns[p->town_count].id = id;
	p->towns[p->town_count++].key = key;
	return PT_OK;
}

/* The towns of one place: its first part, and each part after "today" or
 * "now" (parts end at a comma, semicolon or bracket). */
static int add_towns(pt__camp_places *p, int64_t id, const char *place)
{
	static const char *const marks[] = { "today ", "now ", "heute ", NULL };
	int rc = PT_OK, first = 1;
	for (const char *s = place; *s && !rc; first = 0) {
		size_t len = strcspn(s, ",;()"), tlen = len;
		const char *t = s;
		while (tlen && *t == ' ')
			t++, tlen--;
		while (tlen && t[tlen - 1] == ' ')
			tlen--;
		if (first) {
			rc = add_town(p, id, t, tlen);
		} else {
			for (const char *const *m = marks; *m; m++)
				if (tlen > strlen(*m) && !strncmp(t, *m, strlen(*m))) {
					rc = add_town(p, id, t + strlen(*m), tlen - strlen(*m));
					break;
				}
		}
		s += len;
		if (*s)
			s++;
	}
	return rc;
}

static int read_towns(pt__camp_places *p)
{
	sqlite3_stmt *s = NULL;
	int rc, step;

	p->towns_read = 1;
	if ((rc = pt__prepare(p->db, &s, "SELECT id, place FROM camp WHERE verified = 1 "
			      "AND coalesce(place, '') <> ''")))
		return rc;
	while (!rc && (step = sqlite3_step(s)) == SQLITE_ROW)
		if (add_towns(p, sqlite3_column_int64(s, 0), (const char *)sqlite3_column_text(s, 1)))
			rc = pt__error(p->db, PT_ENOMEM, "out of memory");
	if (!rc && step != SQLITE_DONE)
		rc = pt__sql_error(p->db, "cannot read the camps' places");
	sqlite3_finalize(s);
	return rc;
}

/* ---- the look-up ------------------------------------------------------------ */

struct cut {
	char *w[MAX_WORDS];
	size_t n;
	size_t start, len;      /* the run that names the camp */
};

/* Every word outside the run is one of camp id's own words or a filler;
 * after the run, once a word of the camp's place came, the words that
 * follow may be what the camp's place does not say (a district, a country:
 * "Stalag IV-B Mühlberg, Sachsen"), but never a number. */
static int rest_is_own(pt__camp_places *p, const struct cut *c, int64_t id, int *yes)
{
	const struct own_words *camp = NULL;
	const char *own;
	char needle[96];
	int rc, placed = 0;

	if ((rc = own_words(p, id, &camp)))
		return rc;
	own = camp->words;
	*yes = camp->verified || !p->verified_only;
	for (size_t i = 0; i < c->n && *yes; i++) {
		size_t len = strlen(c->w[i]);
		if (i >= c->start && i < c->start + c->len)
			continue;
		/* a letter after a number is a sub-camp's ("Stalag III B"), not a
		 * filler ("b." for "bei") */
		if (is_filler(c->w[i], len) &&
		    !(len == 1 && i > 0 && has_digit(c->w[i - 1], strlen(c->w[i - 1]))))
			continue;
		if (len + 3 > sizeof needle) {
			*yes = 0;
			break;
		}
		needle[0] = ' ';
		memcpy(needle + 1, c->w[i], len);
		needle[len + 1] = ' ';
		needle[len + 2] = '\0';
		if (strstr(own, needle))
			placed |= i >= c->start + c->len && !has_digit(c->w[i], len);
		else
			*yes = placed && !has_digit(c->w[i], len);
	}
	return PT_OK;
}

static void add_id(int64_t id, int64_t *ids, size_t max, size_t *count)
{
	for (size_t i = 0; i < *count && i < max; i++)
		if (ids[i] == id)
			return;
	if (*count < max)
		ids[*count] = id;
	(*count)++;
}

/* The camps the run c->start, c->len names whose own words the rest are. */
static int try_run(pt__camp_places *p, const struct cut *c, int64_t *ids, size_t max,
		   size_t *count)
{
	pt__buf key = PT__BUF_INIT;
	int rc = PT_OK, step, yes;

	for (size_t i = c->start; i < c->start + c->len; i++)
		pt__buf_puts(&key, c->w[i]);
	if (pt__buf_add(&key, "", 0)) {
		pt__buf_release(&key);
		return pt__error(p->db, PT_ENOMEM, "out of memory");
	}
	if (key.len < 3) {
		pt__buf_release(&key);
		return PT_OK;
	}
	sqlite3_reset(p->by_match);
	sqlite3_bind_text(p->by_match, 1, key.data, -1, SQLITE_STATIC);
	sqlite3_bind_int64(p->by_match, 2, 64);
	while (!rc && (step = sqlite3_step(p->by_match)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(p->by_match, 0);
		if (!(rc = rest_is_own(p, c, id, &yes)) && yes)
			add_id(id, ids, max, count);
	}
	if (!rc && step != SQLITE_DONE)
		rc = pt__sql_error(p->db, "cannot look up a camp");
	sqlite3_reset(p->by_match);
	for (size_t t = 0; !rc && t < p->town_count; t++)
		if (!strcmp(p->towns[t].key, key.data) &&
		    !(rc = rest_is_own(p, c, p->towns[t].id, &yes)) && yes)
			add_id(p->towns[t].id, ids, max, count);
	pt__buf_release(&key);
	return rc;
}

static int by_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
	return x < y ? -1 : x > y;
}

int pt__camp_by_place(pt__camp_places *p, const char *name, int64_t *ids, size_t max,
		      size_t *count)
{
	char *words;
	struct cut c = { { NULL }, 0, 0, 0 };
	int rc = PT_OK;

	*count = 0;
	if (!p->towns_read && (rc = read_towns(p)))
		return rc;
	if (!(words = pt__camp_key_words(p->db, name)))
		return pt__error(p->db, PT_ENOMEM, "out of memory");
	for (char *s = words; *s && c.n < MAX_WORDS;) {
		c.w[c.n++] = s;
		s += strcspn(s, " ");
		if (*s)
			*s++ = '\0';
	}
	/* the longest run that names a camp decides */
	for (c.len = c.n; c.len >= 1 && !*count && !rc; c.len--)
		for (c.start = 0; c.start + c.len <= c.n && !rc; c.start++)
			rc = try_run(p, &c, ids, max, count);
	free(words);
	if (rc)
		*count = 0;
	else
		qsort(ids, *count < max ? *count : max, sizeof *ids, by_id);
	return rc;
}
