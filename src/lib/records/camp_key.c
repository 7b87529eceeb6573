/*
 * camp_key.c - the match key of a camp name, folded further than a name's
 * key: Roman numerals become Arabic ("Stalag IV-B" = "Stalag 4B" = "STALAG
 * IVB" = "Stalag IV B" -> "stalag4b"), German "ue", "oe", "ae" become "u",
 * "o", "a" ("Muehlberg" = "Mühlberg" = "Muhlberg" -> "muhlberg"), and "No."
 * before a number goes ("Oflag No. 64" = "Oflag 64").
 */
#include <stdlib.h>
#include <string.h>

#include "records/records.h"

#define MAX_TOKENS 32

/* Words after which a Roman numeral may carry a sub-camp letter ("IVB"). */
static const char *const camp_words[] = {
	"stalag", "oflag", "luft", "dulag", "marlag", "milag", "ilag", "lager", "camp",
	"stammlager", "frontstalag", "lazarett", "wehrkreis", "wk", NULL,
};

static int is_camp_word(const char *w)
{
	for (const char *const *c = camp_words; *c; c++)
		if (!strcmp(*c, w))
			return 1;
	return 0;
}

/* The value of a Roman numeral written with i, v, x, l (1 to 89) in its
 * canonical form ("iv", not "iiii"); 0 if s is not one. */
static int roman_value(const char *s, size_t len)
{
	static const struct { const char *text; int value; } parts[] = {
		{ "l", 50 }, { "xl", 40 }, { "x", 10 }, { "ix", 9 }, { "v", 5 }, { "iv", 4 }, { "i", 1 },
	};
	char canonical[16];
	size_t n = 0;
	int value = 0, rest;

	if (len == 0 || len > 8)
		return 0;
	for (size_t i = 0; i < len; i++) {
		int v = s[i] == 'i' ? 1 : s[i] == 'v' ? 5 : s[i] == 'x' ? 10 : s[i] == 'l' ? 50 : 0;
		int next = i + 1 < len ? (s[i + 1] == 'i' ? 1 : s[i + 1] == 'v' ? 5 :
					  s[i + 1] == 'x' ? 10 : s[i + 1] == 'l' ? 50 : 0) : 0;
		if (!v)
			return 0;
		value += v < next ? -v : v;
	}
	if (value < 1 || value > 89)
		return 0;
	/* write the value back: only the canonical spelling counts */
	rest = value;
	for (size_t p = 0; p < sizeof parts / sizeof *parts; p++)
		while (rest >= parts[p].value && n + 2 < sizeof canonical) {
			for (const char *t = parts[p].text; *t; t++)
				canonical[n++] = *t;
			rest -= parts[p].value;
		}
	canonical[n] = '\0';
	return n == len && !memcmp(canonical, s, len) ? value : 0;
}

static int is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Splits folded text (lower-case ASCII letters and digits, other bytes as
 * separators) into tokens, also where letters meet digits. */
static size_t tokens_of(char *s, char *tok[], size_t max)
{
	size_t n = 0;
	char *p = s;

	while (*p) {
		char *start;
		while (*p && !((*p >= 'a' && *p <= 'z') || is_digit(*p)))
			*p++ = '\0';
		if (!*p)
			break;
		start = p;
		if (is_digit(*p))
			while (is_digit(*p))
				p++;
		else
			while (*p >= 'a' && *p <= 'z')
				p++;
		if (n < max)
			tok[n++] = start;
		if (*p && ((*p >= 'a' && *p <= 'z') || is_digit(*p))) {
			/* letters meet digits: cut here by moving the rest one byte on */
			size_t rest = strlen(p);
			memmove(p + 1, p, rest + 1);
			*p++ = '\0';
		}
	}
	return n;
}

/* "muehlberg" -> "muhlberg" in place */
static void fold_umlauts(char *w)
{
	char *r = w, *o = w;
	while (*r) {
		if ((r[0] == 'u' || r[0] == 'o' || r[0] == 'a') && r[1] == 'e') {
			*o++ = *r;
			r += 2;
		} else {
			*o++ = *r++;
		}
	}
	*o = '\0';
}

/* Folds one piece of the name to lower-case ASCII with separators kept as
 * spaces: ASCII directly, anything else through pt__fold_key per word. */
static int fold_words(pt_db *db, const char *name, pt__buf *out)
{
	const char *p = name;
	while (*p) {
		const char *start = p;
		int ascii = 1;
		while (*p && *p != ' ' && *p != '-' && *p != '.' && *p != '/' && *p != ',' &&
		       *p != '(' && *p != ')' && *p != '_' && *p != '\'' && *p != '"') {
			if ((unsigned char)*p >= 0x80)
				ascii = 0;
			p++;
		}
		if (p > start) {
			if (ascii) {
				for (const char *q = start; q < p; q++) {
					char c = *q;
					if (c >= 'A' && c <= 'Z')
						c = (char)(c + 32);
					if ((c >= 'a' && c <= 'z') || is_digit(c))
						pt__buf_putc(out, c);
				}
			} else {
				char *word = malloc((size_t)(p - start) + 1), *folded;
				if (!word)
					return PT_ENOMEM;
				memcpy(word, start, (size_t)(p - start));
				word[p - start] = '\0';
				folded = pt__fold_key(db, word);
				free(word);
				if (!folded)
					return PT_ENOMEM;
				pt__buf_puts(out, folded);
				free(folded);
			}
		}
		pt__buf_putc(out, ' ');
		if (*p)
			p++;
	}
	return out->failed ? PT_ENOMEM : PT_OK;
}

/* The match key, its words separated by `sep` (none when sep is '\0'). */
static char *camp_key_sep(pt_db *db, const char *name, char sep)
{
	pt__buf folded = PT__BUF_INIT, key = PT__BUF_INIT;
	char *tok[MAX_TOKENS];
	size_t n;

	/* room for the cuts between letters and digits */
	if (fold_words(db, name, &folded) || pt__buf_add(&folded, "", 0)) {
		pt__buf_release(&folded);
		return NULL;
	}
	{
		size_t len = folded.len;
		char *grown = realloc(folded.data, len * 2 + 2);
		if (!grown) {
			pt__buf_release(&folded);
			return NULL;
		}
		folded.data = grown;
	}
	n = tokens_of(folded.data, tok, MAX_TOKENS);
	for (size_t i = 0; i < n; i++) {
		char *w = tok[i];
		size_t len = strlen(w);
		int v;
		if (sep && key.len && key.data[key.len - 1] != sep)
			pt__buf_putc(&key, sep);
		if (is_digit(w[0])) {
			pt__buf_puts(&key, w);
			continue;
		}
		/* "no." / "nr." before a number */
		if ((!strcmp(w, "no") || !strcmp(w, "nr") || !strcmp(w, "number") ||
		     !strcmp(w, "num")) && i + 1 < n && (is_digit(tok[i + 1][0]) ||
							  roman_value(tok[i + 1], strlen(tok[i + 1]))))
			continue;
		if (i > 0 && (v = roman_value(w, len))) {
			pt__buf_printf(&key, "%d", v);
			continue;
		}
		if (i > 0 && len >= 2 && (is_camp_word(tok[i - 1]) || !strcmp(tok[i - 1], "stal")) &&
		    (v = roman_value(w, len - 1))) {
			pt__buf_printf(&key, "%d%c", v, w[len - 1]);
			continue;
		}
		if (!strcmp(w, "stal") || !strcmp(w, "stl"))
			w = (char *)"stalag"; /* "Stal. IV B" */
		else
			fold_umlauts(w);
		pt__buf_puts(&key, w);
	}
	pt__buf_release(&folded);
	if (pt__buf_add(&key, "", 0)) {
		pt__buf_release(&key);
		return NULL;
	}
	return pt__buf_detach(&key);
}

char *pt__camp_key(pt_db *db, const char *name)
{
	return camp_key_sep(db, name, '\0');
}

char *pt__camp_key_words(pt_db *db, const char *name)
{
	return camp_key_sep(db, name, ' ');
}

int pt__camp_keys_fill(pt_db *db)
{
	sqlite3_stmt *sel = NULL, *upd = NULL;
	int rc, step, changed;

	if ((rc = pt__prepare(db, &sel, "SELECT rowid, alias FROM camp_alias "
			      "WHERE match_key IS NULL LIMIT 256")) ||
	    (rc = pt__prepare(db, &upd, "UPDATE camp_alias SET match_key = ? WHERE rowid = ?")))
		goto cleanup;
	/* in rounds, so that no row is changed under a running scan */
	do {
		int64_t ids[256];
		char *keys[256];
		int n = 0;
		changed = 0;
		sqlite3_reset(sel);
		while ((step = sqlite3_step(sel)) == SQLITE_ROW && n < 256) {
			keys[n] = pt__camp_key(db, (const char *)sqlite3_column_text(sel, 1));
			ids[n] = sqlite3_column_int64(sel, 0);
			if (!keys[n]) {
				rc = pt__error(db, PT_ENOMEM, "out of memory");
				break;
			}
			n++;
		}
		if (rc == PT_OK && step != SQLITE_DONE && step != SQLITE_ROW)
			rc = pt__sql_error(db, "cannot read camp aliases");
		sqlite3_reset(sel);
		for (int i = 0; i < n; i++) {
			if (rc == PT_OK) {
				sqlite3_reset(upd);
				sqlite3_bind_text(upd, 1, keys[i], -1, SQLITE_STATIC);
				sqlite3_bind_int64(upd, 2, ids[i]);
				if (sqlite3_step(upd) != SQLITE_DONE)
					rc = pt__sql_error(db, "cannot write a camp's match key");
				changed++;
			}
			free(keys[i]);
		}
		sqlite3_reset(upd);
	} while (rc == PT_OK && changed);
cleanup:
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	return rc;
}
