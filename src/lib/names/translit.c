/*
 * translit.c - names across scripts: romanisation with ICU's transliterators
 * (BGN/PCGN for Russian, ISO 9 style for any Cyrillic, Any-Latin for other
 * scripts), and the clerk key, a consonant skeleton that a Western name and
 * the Cyrillic a Soviet clerk wrote for it share (Harold, Гарольд -> GRLD;
 * Walker, Уокер -> VKR; Kelly, Келли -> KLA).
 *
 * The clerk key's alphabet: A a vowel at the start or the end of the word,
 * B P V F D T G K J (Дж) C (Ч) S H (Ш Ж) L M N R; Ц is TS. Inner vowels,
 * soft and hard signs are left out; a letter doubled in writing counts once.
 * G stands for both G and H, since clerks wrote H as Г or Х; V for both V
 * and W, since they wrote W as В or У.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "names/names.h"

/* The transliterators of one handle, opened on first use. */
typedef struct translit {
	UTransliterator *t[PT__SCHEME_COUNT];
	int failed[PT__SCHEME_COUNT];
} translit;

static const char *const scheme_ids[PT__SCHEME_COUNT] = {
	[PT__SCHEME_BGN] = "Russian-Latin/BGN",
	[PT__SCHEME_ISO] = "Cyrillic-Latin",
	[PT__SCHEME_ANY] = "Any-Latin",
};

static const char *const scheme_names[PT__SCHEME_COUNT] = {
	[PT__SCHEME_BGN] = "BGN/PCGN",
	[PT__SCHEME_ISO] = "ISO 9",
	[PT__SCHEME_ANY] = "ICU Any-Latin",
};

const char *pt__scheme_name(pt__scheme scheme)
{
	return scheme < PT__SCHEME_COUNT ? scheme_names[scheme] : "?";
}

static translit *translit_new(void)
{
	return calloc(1, sizeof(translit));
}

static void translit_release(translit *t)
{
	if (!t)
		return;
	for (int i = 0; i < PT__SCHEME_COUNT; i++)
		if (t->t[i])
			utrans_close(t->t[i]);
	free(t);
}

static void translit_free(void *t)
{
	translit_release(t);
}

/* The handle's transliterators, made on first use. */
static translit *handle_translit(pt_db *db)
{
	translit *t = pt__cache_get(db, PT__CACHE_TRANSLIT);
	if (!t && (t = translit_new()))
		pt__cache_set(db, PT__CACHE_TRANSLIT, t, translit_free);
	return t;
}

char *pt__romanise(pt_db *db, pt__scheme scheme, const char *s)
{
	translit *t = handle_translit(db);
	UErrorCode err = U_ZERO_ERROR;
	UChar *u = NULL;
	int32_t len = 0, cap, limit, out_len = 0;
	char *out = NULL;

	if (!t || scheme >= PT__SCHEME_COUNT || t->failed[scheme])
		return NULL;
	if (!t->t[scheme]) {
		UChar id[64];
		u_uastrcpy(id, scheme_ids[scheme]);
		t->t[scheme] = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
		if (U_FAILURE(err)) {
			t->t[scheme] = NULL;
			t->failed[scheme] = 1;
			return NULL;
		}
	}
	u_strFromUTF8(NULL, 0, &len, s, -1, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return NULL;
	err = U_ZERO_ERROR;
	cap = len * 4 + 16;   /* romanisation grows text: Щ -> shch */
	if (!(u = malloc(sizeof(UChar) * (size_t)cap)))
		return NULL;
	u_strFromUTF8(u, cap, NULL, s, -1, &err);
	limit = len;
	if (U_SUCCESS(err))
		utrans_transUChars(t->t[scheme], u, &len, cap, 0, &limit, &err);
	if (U_SUCCESS(err)) {
		u_strToUTF8(NULL, 0, &out_len, u, len, &err);
		if (err == U_BUFFER_OVERFLOW_ERROR || U_SUCCESS(err)) {
			err = U_ZERO_ERROR;
			if ((out = malloc((size_t)out_len + 1)))
				u_strToUTF8(out, out_len + 1, NULL, u, len, &err);
			if (U_FAILURE(err)) {
				free(out);
				out = NULL;
			}
		}
	}
	free(u);
	return out;
}

/* ---- the clerk key ------------------------------------------------------ */

struct branch {
	char s[PT__CLERK_LEN];
	int len;
	int vowel_since;      /* a vowel came after the last symbol */
};

struct clerk {
	struct branch b[PT__CLERK_MAX];
	int count;
};

static void branch_put(struct branch *br, const char *option)
{
	if (!strcmp(option, "~")) {
		br->vowel_since = 1;
		return;
	}
	for (const char *p = option; *p; p++) {
		if (br->len > 0 && br->s[br->len - 1] == *p && !br->vowel_since)
			continue;                 /* a doubled letter counts once */
		if (br->len + 1 < PT__CLERK_LEN)
			br->s[br->len++] = *p;
		br->vowel_since = 0;
	}
	br->s[br->len] = '\0';
}

/* Appends one of the options (NULL-terminated, likeliest first) to every
 * branch; several options make several branches, up to PT__CLERK_MAX. */
static void step(struct clerk *k, const char *const options[])
{
	struct branch next[PT__CLERK_MAX];
	int made = 0;

	for (int o = 0; options[o]; o++)
		for (int b = 0; b < k->count && made < PT__CLERK_MAX; b++) {
			struct branch nb = k->b[b];
			int same = 0;
			branch_put(&nb, options[o]);
			for (int m = 0; m < made; m++)
				if (!strcmp(next[m].s, nb.s) && next[m].vowel_since == nb.vowel_since)
					same = 1;
			if (!same)
				next[made++] = nb;
		}
	memcpy(k->b, next, sizeof next[0] * (size_t)made);
	k->count = made;
}

static void emit(struct clerk *k, const char *one)
{
	const char *options[2] = { one, NULL };
	step(k, options);
}

static int finish(struct clerk *k, int vowel_end, char keys[][PT__CLERK_LEN], int max)
{
	int n = 0;
	if (vowel_end)
		for (int b = 0; b < k->count; b++) {
			k->b[b].vowel_since = 1;
			branch_put(&k->b[b], "A");
		}
	for (int b = 0; b < k->count && n < max; b++) {
		int seen = 0;
		if (!k->b[b].len)
			continue;
		for (int m = 0; m < n; m++)
			if (!strcmp(keys[m], k->b[b].s))
				seen = 1;
		if (!seen)
			memcpy(keys[n++], k->b[b].s, PT__CLERK_LEN);
	}
	return n;
}

static int latin_vowel(char c)
{
	return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

static int front_vowel(char c)
{
	return c == 'e' || c == 'i' || c == 'y';
}

#define OPTIONS(...) ((const char *const[]){ __VA_ARGS__, NULL })

int pt__clerk_latin(const char *folded, char keys[][PT__CLERK_LEN], int max)
{
	struct clerk k = { .count = 1 };
	char w[PT__CLERK_LEN * 2];
	int n = 0, vowel_end;

	memset(k.b, 0, sizeof k.b);
	for (const char *p = folded; *p && n < (int)sizeof w - 1; p++)
		if (*p >= 'a' && *p <= 'z')
			w[n++] = *p;
	w[n] = '\0';
	if (!n)
		return 0;

	for (int i = 0; i < n;) {
		char c = w[i], next = w[i + 1], next2 = next ? w[i + 2] : 0;
		char prev = i > 0 ? w[i - 1] : 0;

		if (i == 0) {
			if ((c == 'w' && next == 'r')) { emit(&k, "R"); i += 2; continue; }
			if (c == 'w' && next == 'h') { emit(&k, "V"); i += 2; continue; }
			if ((c == 'k' || c == 'g' || c == 'p') && next == 'n') { emit(&k, "N"); i += 2; continue; }
			if (c == 'p' && next == 's') { emit(&k, "S"); i += 2; continue; }
			if (latin_vowel(c)) { emit(&k, "A"); emit(&k, "~"); i++; continue; }
			if (c == 'j') { step(&k, OPTIONS("J", "A")); i++; continue; }
			if (c == 'h') { emit(&k, "G"); i++; continue; }
			if (c == 'w') { emit(&k, "V"); i++; continue; }
			if (c == 'v') { step(&k, OPTIONS("V", "F")); i++; continue; }
		}
		switch (c) {
		case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
			emit(&k, "~");
			i++;
			break;
		case 'b': emit(&k, "B"); i++; break;
		case 'c':
			if (next == 'h') {
				if (next2 == 'r' || next2 == 'l')
					emit(&k, "K");
				else if (i + 2 == n)
					step(&k, OPTIONS("C", "G"));
				else if (i == 0)
					step(&k, OPTIONS("C", "K", "H"));
				else if (latin_vowel(prev))
					step(&k, OPTIONS("C", "K", "G"));  /* Richard; Michael; Richter: Рихтер */
				else
					step(&k, OPTIONS("C", "K"));
				i += 2;
			} else if (next == 'k') {
				emit(&k, "K");
				i += 2;
			} else if (next == 'z') {
				emit(&k, "C");
				i += 2;
			} else if (next == 'c' && front_vowel(next2)) {
				emit(&k, "KS");
				i += 2;
			} else if (front_vowel(next)) {
				step(&k, OPTIONS("S", "TS"));
				i++;
			} else {
				emit(&k, "K");
				i++;
			}
			break;
		case 'd':
			if (next == 'g' && front_vowel(next2)) { emit(&k, "J"); i += 2; }
			else if (next == 'j') { emit(&k, "J"); i += 2; }
			else if (next == 'z' && next2 == 'h') { emit(&k, "J"); i += 3; }
			else { emit(&k, "D"); i++; }
			break;
		case 'f': emit(&k, "F"); i++; break;
		case 'g':
			if (next == 'h') {
				if (latin_vowel(next2))
					step(&k, OPTIONS("", "G"));   /* Vaughan: Воган */
				i += 2;
			} else if (front_vowel(next)) {
				step(&k, OPTIONS("J", "G"));
				i++;
			} else {
				emit(&k, "G");
				i++;
			}
			break;
		case 'h':
			/* h after a consonant that makes no digraph (rh, nh), or after a
			 * vowel before a consonant or at the end: silent */
			if (latin_vowel(prev) && latin_vowel(next))
				step(&k, OPTIONS("G", "~"));   /* Mahoney: Махони; Graham: Грэм */
			i++;
			break;
		case 'j':
			if (prev == 'i')
				emit(&k, "~");                 /* Dutch ij */
			else
				step(&k, OPTIONS("J", "~"));
			i++;
			break;
		case 'k':
			if (next == 'h') { emit(&k, "G"); i += 2; }
			else { emit(&k, "K"); i++; }
			break;
		case 'l':
			if (prev == 'a' && next == 'k')
				step(&k, OPTIONS("", "L"));    /* Walker: Уокер */
			else
				emit(&k, "L");
			i++;
			break;
		case 'm': emit(&k, "M"); i++; break;
		case 'n': emit(&k, "N"); i++; break;
		case 'p':
			if (next == 'h') { emit(&k, "F"); i += 2; }
			else if (prev == 'm' && (next == 's' || next == 't')) {
				step(&k, OPTIONS("P", ""));    /* Thompson: Томпсон, Томсон */
				i++;
			} else { emit(&k, "P"); i++; }
			break;
		case 'q':
			if (next == 'u') { step(&k, OPTIONS("KV", "K")); i += 2; }
			else { emit(&k, "K"); i++; }
			break;
		case 'r':
			if (next == 'z') { step(&k, OPTIONS("RS", "H", "RTS")); i += 2; }
			else { emit(&k, "R"); i++; }
			break;
		case 's':
			if (next == 'c' && next2 == 'h') { step(&k, OPTIONS("H", "SK")); i += 3; }
			else if (next == 'h' || next == 'z') { emit(&k, "H"); i += 2; }
			else if (next == 'c' && front_vowel(next2)) { emit(&k, "S"); i += 2; }
			else { emit(&k, "S"); i++; }
			break;
		case 't':
			if (next == 'h' && latin_vowel(prev) && latin_vowel(next2)) {
				step(&k, OPTIONS("T", "S"));   /* Rutherford: Резерфорд */
				i += 2;
			} else if (next == 'h') { emit(&k, "T"); i += 2; }
			else if (next == 'i' && latin_vowel(next2) && i > 0) {
				step(&k, OPTIONS("T", "TS"));  /* Horatio: Горацио */
				i++;
			}
			else if (next == 'c' && next2 == 'h') { emit(&k, "C"); i += 3; }
			else if (next == 's' && next2 == 'c' && i + 3 < n && w[i + 3] == 'h') {
				emit(&k, "C");
				i += 4;
			} else if (next == 'z') { emit(&k, "TS"); i += 2; }
			else { emit(&k, "T"); i++; }
			break;
		case 'v': emit(&k, "V"); i++; break;
		case 'w':
			if (latin_vowel(prev) && latin_vowel(next))
				step(&k, OPTIONS("V", "~"));   /* Howard: Говард; Lewis: Льюис */
			else if (!latin_vowel(prev) && latin_vowel(next))
				emit(&k, "V");                 /* Edwards, Dwight, Gwen */
			else
				emit(&k, "~");                 /* Brown, Shaw, Andrews */
			i++;
			break;
		case 'x': emit(&k, "KS"); i++; break;
		case 'z':
			if (next == 'h') { emit(&k, "H"); i += 2; }
			else if (i == 0 || prev == 'l' || prev == 'n' || prev == 'r')
				{ step(&k, OPTIONS("S", "TS")); i++; }
			else { emit(&k, "S"); i++; }
			break;
		default:
			i++;
			break;
		}
	}

	{
		char last = w[n - 1], before = n > 1 ? w[n - 2] : 0;
		if (last == 'a' || last == 'i' || last == 'o' || last == 'u' || last == 'y')
			vowel_end = 1;
		else if (last == 'e')
			/* Lee, Magee, Lowe: Ли, Маги, Лоу; the e of Cole is silent */
			vowel_end = latin_vowel(before) || n == 1 ||
				    (before == 'w' && n > 2 && latin_vowel(w[n - 3]));
		else if (last == 'h' || last == 'w')
			vowel_end = latin_vowel(before) ||
				    (last == 'h' && before == 'g' && n > 2 && latin_vowel(w[n - 3]));
		else
			vowel_end = 0;
	}
	return finish(&k, vowel_end, keys, max);
}

/* Cyrillic letters, folded (lower case, й -> и, ё -> е) */
static int cyr_vowel(uint32_t c)
{
	switch (c) {
	case 0x0430: case 0x0435: case 0x0438: case 0x043e: case 0x0443: case 0x044b:
	case 0x044d: case 0x044e: case 0x044f: /* а е и о у ы э ю я */
	case 0x0456: case 0x0454: case 0x0457: /* і є ї */
		return 1;
	default:
		return 0;
	}
}

static int cyr_sign(uint32_t c)
{
	return c == 0x044c || c == 0x044a;   /* ь ъ */
}

int pt__clerk_cyrillic(const char *folded, char keys[][PT__CLERK_LEN], int max)
{
	struct clerk k = { .count = 1 };
	uint32_t w[PT__CLERK_LEN * 2];
	int n = 0, last_letter = -1;
	uint32_t cp;

	memset(k.b, 0, sizeof k.b);
	while ((cp = pt__utf8_next(&folded)) != 0 && n < (int)(sizeof w / sizeof *w))
		if (cp >= 0x0400 && cp <= 0x04ff)
			w[n++] = cp;
	if (!n)
		return 0;

	for (int i = 0; i < n;) {
		uint32_t c = w[i], prev = 0, next = 0;
		for (int j = i - 1; j >= 0; j--)
			if (!cyr_sign(w[j])) {
				prev = w[j];
				break;
			}
		for (int j = i + 1; j < n; j++)
			if (!cyr_sign(w[j])) {
				next = w[j];
				break;
			}
		if (cyr_sign(c)) {
			i++;
			continue;
		}
		last_letter = i;
		if (c == 0x0443) {                 /* у */
			if (!prev && cyr_vowel(next))
				emit(&k, "V");             /* Уокер, Уильям */
			else if (prev && cyr_vowel(next))
				step(&k, OPTIONS("V", "~")); /* Эдуард, Куинн, Хауэлл */
			else if (!prev) {
				emit(&k, "A");
				emit(&k, "~");
			} else
				emit(&k, "~");
			i++;
			continue;
		}
		if (cyr_vowel(c)) {
			if (!prev)
				emit(&k, "A");
			emit(&k, "~");
			i++;
			continue;
		}
		switch (c) {
		case 0x0431: emit(&k, "B"); break;                     /* б */
		case 0x0432: emit(&k, "V"); break;                     /* в */
		case 0x0433: case 0x0445: case 0x0491: emit(&k, "G"); break; /* г х ґ */
		case 0x0434:                                           /* д, дж */
			if (next == 0x0436 && w[i + 1] == 0x0436) {
				emit(&k, "J");
				i++;
			} else
				emit(&k, "D");
			break;
		case 0x0436: case 0x0448: case 0x0449: emit(&k, "H"); break; /* ж ш щ */
		case 0x0437: case 0x0441: emit(&k, "S"); break;        /* з с */
		case 0x043a: emit(&k, "K"); break;                     /* к */
		case 0x043b: emit(&k, "L"); break;                     /* л */
		case 0x043c: emit(&k, "M"); break;                     /* м */
		case 0x043d: emit(&k, "N"); break;                     /* н */
		case 0x043f: emit(&k, "P"); break;                     /* п */
		case 0x0440: emit(&k, "R"); break;                     /* р */
		case 0x0442:                                           /* т, тч */
			if (next == 0x0447 && w[i + 1] == 0x0447) {
				emit(&k, "C");
				i++;
			} else
				emit(&k, "T");
			break;
		case 0x0444: emit(&k, "F"); break;                     /* ф */
		case 0x0446: emit(&k, "TS"); break;                    /* ц */
		case 0x0447: emit(&k, "C"); break;                     /* ч */
		default: break;
		}
		i++;
	}
	return finish(&k, last_letter >= 0 && cyr_vowel(w[last_letter]), keys, max);
}
