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

char *pt_romanise(pt_db *db, const char *text)
{
	pt__script script;
	if (!db || !text || !*text)
		return NULL;
	script = pt__script_of(text);
	if (script == PT__SCRIPT_LATIN || !strcmp(pt__script_code(script), "Zzzz"))
		return NULL;   /* Latin already, or no letters */
	return pt__romanise(db, PT__SCHEME_BGN, text);
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

/* The first letters of a word, when they are read differently there
 * (Wright, Knight, Psmith, an initial vowel, J, H, W, V): how many of them
 * were read, 0 when the word starts as any other letter does. */
static int clerk_first(struct clerk *k, const char *w)
{
	char c = w[0], next = w[1];

	if ((c == 'w' && next == 'r')) { emit(k, "R"); return 2; }
	if (c == 'w' && next == 'h') { emit(k, "V"); return 2; }
	if ((c == 'k' || c == 'g' || c == 'p') && next == 'n') { emit(k, "N"); return 2; }
	if (c == 'p' && next == 's') { emit(k, "S"); return 2; }
	if (latin_vowel(c)) { emit(k, "A"); emit(k, "~"); return 1; }
	if (c == 'j') { step(k, OPTIONS("J", "A")); return 1; }
	if (c == 'h') { emit(k, "G"); return 1; }
	if (c == 'w') { emit(k, "V"); return 1; }
	if (c == 'v') { step(k, OPTIONS("V", "F")); return 1; }
	return 0;
}

/* c at w[i]: ch, ck, cz, cc, a soft c; how many letters were read */
static int clerk_c(struct clerk *k, const char *w, int i, int n)
{
	char next = w[i + 1], next2 = next ? w[i + 2] : 0, prev = i > 0 ? w[i - 1] : 0;

	if (next == 'h') {
		if (next2 == 'r' || next2 == 'l')
			emit(k, "K");
		else if (i + 2 == n)
			step(k, OPTIONS("C", "G"));
		else if (i == 0)
			step(k, OPTIONS("C", "K", "H"));
		else if (latin_vowel(prev))
			step(k, OPTIONS("C", "K", "G"));  /* Richard; Michael; Richter: Рихтер */
		else
			step(k, OPTIONS("C", "K"));
		return 2;
	}
	if (next == 'k') { emit(k, "K"); return 2; }
	if (next == 'z') { emit(k, "C"); return 2; }
	if (next == 'c' && front_vowel(next2)) { emit(k, "KS"); return 2; }
	if (front_vowel(next)) { step(k, OPTIONS("S", "TS")); return 1; }
	emit(k, "K");
	return 1;
}

/* t at w[i]: th, ti before a vowel, tch, tsch, tz; how many letters were read */
static int clerk_t(struct clerk *k, const char *w, int i, int n)
{
	char next = w[i + 1], next2 = next ? w[i + 2] : 0, prev = i > 0 ? w[i - 1] : 0;

	if (next == 'h' && latin_vowel(prev) && latin_vowel(next2)) {
		step(k, OPTIONS("T", "S"));   /* Rutherford: Резерфорд */
		return 2;
	}
	if (next == 'h') { emit(k, "T"); return 2; }
	if (next == 'i' && latin_vowel(next2) && i > 0) {
		step(k, OPTIONS("T", "TS"));  /* Horatio: Горацио */
		return 1;
	}
	if (next == 'c' && next2 == 'h') { emit(k, "C"); return 3; }
	if (next == 's' && next2 == 'c' && i + 3 < n && w[i + 3] == 'h') { emit(k, "C"); return 4; }
	if (next == 'z') { emit(k, "TS"); return 2; }
	emit(k, "T");
	return 1;
}

/* The letter (or letter group) at w[i] as a Soviet clerk heard it; how
 * many letters were read. */
static int clerk_letter(struct clerk *k, const char *w, int i, int n)
{
	char c = w[i], next = w[i + 1], next2 = next ? w[i + 2] : 0;
	char prev = i > 0 ? w[i - 1] : 0;

	switch (c) {
	case 'a': case 'e': case 'i': case 'o': case 'u': case 'y':
		emit(k, "~");
		return 1;
	case 'b': emit(k, "B"); return 1;
	case 'c': return clerk_c(k, w, i, n);
	case 'd':
		if (next == 'g' && front_vowel(next2)) { emit(k, "J"); return 2; }
		if (next == 'j') { emit(k, "J"); return 2; }
		if (next == 'z' && next2 == 'h') { emit(k, "J"); return 3; }
		emit(k, "D");
		return 1;
	case 'f': emit(k, "F"); return 1;
	case 'g':
		if (next == 'h') {
			if (latin_vowel(next2))
				step(k, OPTIONS("", "G"));   /* Vaughan: Воган */
			return 2;
		}
		if (front_vowel(next)) { step(k, OPTIONS("J", "G")); return 1; }
		emit(k, "G");
		return 1;
	case 'h':
		/* h after a consonant that makes no digraph (rh, nh), or after a
		 * vowel before a consonant or at the end: silent */
		if (latin_vowel(prev) && latin_vowel(next))
			step(k, OPTIONS("G", "~"));   /* Mahoney: Махони; Graham: Грэм */
		return 1;
	case 'j':
		if (prev == 'i')
			emit(k, "~");                 /* Dutch ij */
		else
			step(k, OPTIONS("J", "~"));
		return 1;
	case 'k':
		if (next == 'h') { emit(k, "G"); return 2; }
		emit(k, "K");
		return 1;
	case 'l':
		if (prev == 'a' && next == 'k')
			step(k, OPTIONS("", "L"));    /* Walker: Уокер */
		else
			emit(k, "L");
		return 1;
	case 'm': emit(k, "M"); return 1;
	case 'n': emit(k, "N"); return 1;
	case 'p':
		if (next == 'h') { emit(k, "F"); return 2; }
		if (prev == 'm' && (next == 's' || next == 't'))
			step(k, OPTIONS("P", ""));    /* Thompson: Томпсон, Томсон */
		else
			emit(k, "P");
		return 1;
	case 'q':
		if (next == 'u') { step(k, OPTIONS("KV", "K")); return 2; }
		emit(k, "K");
		return 1;
	case 'r':
		if (next == 'z') { step(k, OPTIONS("RS", "H", "RTS")); return 2; }
		emit(k, "R");
		return 1;
	case 's':
		if (next == 'c' && next2 == 'h') { step(k, OPTIONS("H", "SK")); return 3; }
		if (next == 'h' || next == 'z') { emit(k, "H"); return 2; }
		if (next == 'c' && front_vowel(next2)) { emit(k, "S"); return 2; }
		emit(k, "S");
		return 1;
	case 't': return clerk_t(k, w, i, n);
	case 'v': emit(k, "V"); return 1;
	case 'w':
		if (latin_vowel(prev) && latin_vowel(next))
			step(k, OPTIONS("V", "~"));   /* Howard: Говард; Lewis: Льюис */
		else if (!latin_vowel(prev) && latin_vowel(next))
			emit(k, "V");                 /* Edwards, Dwight, Gwen */
		else
			emit(k, "~");                 /* Brown, Shaw, Andrews */
		return 1;
	case 'x': emit(k, "KS"); return 1;
	case 'z':
		if (next == 'h') { emit(k, "H"); return 2; }
		if (i == 0 || prev == 'l' || prev == 'n' || prev == 'r')
			step(k, OPTIONS("S", "TS"));
		else
			emit(k, "S");
		return 1;
	default:
		return 1;
	}
}

/* Does the word end in a vowel sound (Lee, Magee, Lowe, Shaw, Hugh)? */
static int clerk_vowel_end(const char *w, int n)
{
	char last = w[n - 1], before = n > 1 ? w[n - 2] : 0;

	if (last == 'a' || last == 'i' || last == 'o' || last == 'u' || last == 'y')
		return 1;
	if (last == 'e')
		/* Lee, Magee, Lowe: Ли, Маги, Лоу; the e of Cole is silent */
		return latin_vowel(before) || n == 1 ||
		       (before == 'w' && n > 2 && latin_vowel(w[n - 3]));
	if (last == 'h' || last == 'w')
		return latin_vowel(before) ||
		       (last == 'h' && before == 'g' && n > 2 && latin_vowel(w[n - 3]));
	return 0;
}

int pt__clerk_latin(const char *folded, char keys[][PT__CLERK_LEN], int max)
{
	struct clerk k = { .count = 1 };
	char w[PT__CLERK_LEN * 2];
	int n = 0, i;

	memset(k.b, 0, sizeof k.b);
	for (const char *p = folded; *p && n < (int)sizeof w - 1; p++)
		if (*p >= 'a' && *p <= 'z')
			w[n++] = *p;
	w[n] = '\0';
	if (!n)
		return 0;
	i = clerk_first(&k, w);
	while (i < n)
		i += clerk_letter(&k, w, i, n);
	return finish(&k, clerk_vowel_end(w, n), keys, max);
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
