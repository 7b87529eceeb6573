/*
 * name.c - names as people type them and records give them: code points,
 * scripts, the folded form of a name part (case, diacritics, punctuation:
 * Müller -> muller, Łódź -> lodz, O'Brien -> obrien), its German umlaut
 * spellings, and the split of a name into words that know whether they are
 * initials, capitals, particles or wildcard patterns.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/uscript.h>

#include "names/names.h"

uint32_t pt__utf8_next(const char **s)
{
	const unsigned char *p = (const unsigned char *)*s;
	uint32_t cp;
	int n;

	if (!*p)
		return 0;
	if (p[0] < 0x80) {
		*s += 1;
		return p[0];
	}
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 1, cp = p[0] & 0x1f;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 2, cp = p[0] & 0x0f;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 3, cp = p[0] & 0x07;
	else {
		*s += 1;
		return 0xfffd;
	}
	for (int i = 1; i <= n; i++) {
		if ((p[i] & 0xc0) != 0x80) {
			*s += 1;
			return 0xfffd;
		}
		cp = cp << 6 | (p[i] & 0x3f);
	}
	*s += n + 1;
	if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0xfffd;
	return cp;
}

int pt__buf_put_cp(pt__buf *b, uint32_t cp)
{
	char out[4];
	size_t n;

	if (cp < 0x80) {
		out[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		out[0] = (char)(0xf0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return pt__buf_add(b, out, n);
}

/* ---- scripts ------------------------------------------------------------- */

pt__script pt__script_of(const char *s)
{
	int latin = 0, cyrillic = 0, other = 0;
	uint32_t cp;

	while ((cp = pt__utf8_next(&s)) != 0) {
		UErrorCode err = U_ZERO_ERROR;
		UScriptCode sc;
		if (!u_isalpha((UChar32)cp))
			continue;
		sc = uscript_getScript((UChar32)cp, &err);
		if (sc == USCRIPT_LATIN)
			latin = 1;
		else if (sc == USCRIPT_CYRILLIC)
			cyrillic = 1;
		else if (sc != USCRIPT_COMMON && sc != USCRIPT_INHERITED)
			other = 1;
	}
	if (latin + cyrillic + other > 1)
		return PT__SCRIPT_MIXED;
	if (latin)
		return PT__SCRIPT_LATIN;
	if (cyrillic)
		return PT__SCRIPT_CYRILLIC;
	return other ? PT__SCRIPT_OTHER : PT__SCRIPT_NONE;
}

const char *pt__script_code(pt__script script)
{
	switch (script) {
	case PT__SCRIPT_LATIN:    return "Latn";
	case PT__SCRIPT_CYRILLIC: return "Cyrl";
	case PT__SCRIPT_OTHER:    return "Zyyy";
	case PT__SCRIPT_MIXED:    return "Zmth";
	default:                  return "Zzzz";
	}
}

/* ---- folding ---------------------------------------------------------------- */

/* Letters that no canonical decomposition takes apart. */
static const char *special_fold(uint32_t cp)
{
	switch (cp) {
	case 0x00df: case 0x1e9e: return "ss";   /* ß ẞ */
	case 0x00e6: return "ae";                /* æ */
	case 0x0153: return "oe";                /* œ */
	case 0x00f8: return "o";                 /* ø */
	case 0x0142: return "l";                 /* ł */
	case 0x0111: case 0x00f0: return "d";    /* đ ð */
	case 0x00fe: return "th";                /* þ */
	case 0x0131: return "i";                 /* dotless i */
	case 0x0133: return "ij";                /* ĳ */
	case 0x0140: return "l";                 /* ŀ */
	case 0x017f: return "s";                 /* long s */
	case 0x0127: return "h";                 /* ħ */
	case 0x0167: return "t";                 /* ŧ */
	case 0x0192: return "f";                 /* ƒ */
	case 0x014b: return "n";                 /* ŋ */
	default:     return NULL;
	}
}

static int fold_one(pt__buf *b, uint32_t cp)
{
	const char *special;
	int8_t type;

	cp = (uint32_t)u_tolower((UChar32)cp);
	if ((special = special_fold(cp)))
		return pt__buf_puts(b, special);
	type = u_charType((UChar32)cp);
	if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK ||
	    type == U_COMBINING_SPACING_MARK || type == U_MODIFIER_LETTER)
		return PT_OK;
	if (!u_isalnum((UChar32)cp))
		return PT_OK;
	return pt__buf_put_cp(b, cp);
}

char *pt__name_fold(const char *s, int keep_wild)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfd = unorm2_getNFDInstance(&err);
	pt__buf b = PT__BUF_INIT;
	uint32_t cp;

	if (U_FAILURE(err))
		return NULL;
	pt__buf_add(&b, "", 0);
	while ((cp = pt__utf8_next(&s)) != 0) {
		if (cp < 0x80) {
			if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9'))
				pt__buf_putc(&b, (char)cp);
			else if (cp >= 'A' && cp <= 'Z')
				pt__buf_putc(&b, (char)(cp | 0x20));
			else if (keep_wild && (cp == '_' || cp == '*' || cp == '[' || cp == ']'))
				pt__buf_putc(&b, (char)cp);
			continue;
		}
		{
			UChar decomposed[32];
			int32_t n;
			err = U_ZERO_ERROR;
			if (special_fold((uint32_t)u_tolower((UChar32)cp)) ||
			    (n = unorm2_getDecomposition(nfd, (UChar32)cp, decomposed, 32, &err)) <= 0 ||
			    U_FAILURE(err)) {
				fold_one(&b, cp);
				continue;
			}
			for (int32_t i = 0; i < n;) {
				UChar32 c;
				U16_NEXT(decomposed, i, n, c);
				fold_one(&b, (uint32_t)c);
			}
		}
	}
	if (b.failed) {
		pt__buf_release(&b);
		return NULL;
	}
	return pt__buf_detach(&b);
}

static int is_consonant(char c)
{
	return c >= 'a' && c <= 'z' && !strchr("aeiouy", c);
}

int pt__name_umlaut_forms(const char *original, const char *folded, char *alt[2])
{
	int count = 0;
	size_t n = strlen(folded);

	alt[0] = alt[1] = NULL;
	/* ä ö ü written out: Müller -> mueller */
	if (strstr(original, "\xc3\xa4") || strstr(original, "\xc3\xb6") ||
	    strstr(original, "\xc3\xbc") || strstr(original, "\xc3\x84") ||
	    strstr(original, "\xc3\x96") || strstr(original, "\xc3\x9c")) {
		pt__buf b = PT__BUF_INIT;
		const char *s = original;
		uint32_t cp;
		pt__buf_add(&b, "", 0);
		while ((cp = pt__utf8_next(&s)) != 0) {
			if (cp == 0xe4 || cp == 0xc4)
				pt__buf_puts(&b, "ae");
			else if (cp == 0xf6 || cp == 0xd6)
				pt__buf_puts(&b, "oe");
			else if (cp == 0xfc || cp == 0xdc)
				pt__buf_puts(&b, "ue");
			else
				pt__buf_put_cp(&b, cp);
		}
		if (b.failed) {
			pt__buf_release(&b);
			return PT_ENOMEM;
		}
		alt[count] = pt__name_fold(pt__buf_str(&b), 0);
		pt__buf_release(&b);
		if (!alt[count])
			return PT_ENOMEM;
		if (strcmp(alt[count], folded))
			count++;
		else {
			free(alt[count]);
			alt[count] = NULL;
		}
	}
	/* ae oe ue read as umlauts: Mueller -> muller. Only after a consonant
	 * (not q or g: Jacques, Rodriguez) and not in a last syllable such as
	 * Samuel, Michael, Joe. */
	{
		char *collapsed = malloc(n + 1);
		size_t w = 0;
		int changed = 0;
		if (!collapsed)
			return PT_ENOMEM;
		for (size_t i = 0; i < n; i++) {
			collapsed[w++] = folded[i];
			if (i > 0 && i + 2 < n && strchr("aou", folded[i]) && folded[i + 1] == 'e' &&
			    is_consonant(folded[i - 1]) && folded[i - 1] != 'q' && folded[i - 1] != 'g' &&
			    !(i + 3 == n)) {
				i++;        /* drop the e */
				changed = 1;
			}
		}
		collapsed[w] = '\0';
		if (changed && (!count || strcmp(collapsed, alt[0])))
			alt[count++] = collapsed;
		else
			free(collapsed);
	}
	return count;
}

/* ---- particles -------------------------------------------------------------- */

int pt__name_is_particle(const char *folded)
{
	return pt__surname_particle(folded, strlen(folded));
}

/* ---- words ---------------------------------------------------------------- */

void pt__words_release(pt__words *w)
{
	for (size_t i = 0; i < w->count; i++)
		free(w->items[i].text);
	free(w->items);
	w->items = NULL;
	w->count = 0;
}

static int is_separator(uint32_t cp)
{
	return u_isspace((UChar32)cp) || cp == ',' || cp == ';' || cp == '/' || cp == '(' ||
	       cp == ')' || cp == '"' || cp == 0xab || cp == 0xbb || cp == 0x201c ||
	       cp == 0x201d || cp == 0x201e || cp == '|' || cp == '&' || cp == '+' ||
	       cp == '=' || cp == '<' || cp == '>' || cp == '{' || cp == '}';
}

static int add_word(pt__words *w, const char *start, size_t len, int ended_with_dot)
{
	pt__word *word;
	pt__word *grown = realloc(w->items, (w->count + 1) * sizeof *grown);
	char *folded;
	const char *s;
	uint32_t cp;
	int letters = 0, uppers = 0;

	if (!grown)
		return PT_ENOMEM;
	w->items = grown;
	word = &w->items[w->count];
	memset(word, 0, sizeof *word);
	if (!(word->text = malloc(len + 1)))
		return PT_ENOMEM;
	memcpy(word->text, start, len);
	word->text[len] = '\0';
	if (!(folded = pt__name_fold(word->text, 0))) {
		free(word->text);
		return PT_ENOMEM;
	}
	for (s = word->text; (cp = pt__utf8_next(&s)) != 0;) {
		if (u_isalpha((UChar32)cp)) {
			letters++;
			uppers += u_isupper((UChar32)cp) ? 1 : 0;
		}
		if (cp == '_' || cp == '*' || cp == '[')
			word->wildcard = 1;
	}
	word->script = pt__script_of(word->text);
	word->upper = letters > 1 && uppers == letters;
	word->initial = !word->wildcard && (letters == 1 || (ended_with_dot && letters <= 5));
	word->particle = pt__name_is_particle(folded);
	free(folded);
	w->count++;
	return PT_OK;
}

/* Adds the word start[0..len) unless it is only punctuation. */
static int flush_word(pt__words *w, const char *start, size_t len, int ended_with_dot)
{
	char *copy = malloc(len + 1), *folded;
	int rc = PT_OK;

	if (!copy)
		return PT_ENOMEM;
	memcpy(copy, start, len);
	copy[len] = '\0';
	folded = pt__name_fold(copy, 1);
	free(copy);
	if (!folded)
		return PT_ENOMEM;
	if (*folded)
		rc = add_word(w, start, len, ended_with_dot);
	free(folded);
	return rc;
}

int pt__words_split(const char *text, pt__words *out)
{
	const char *p = text, *start = NULL;
	int rc = PT_OK;

	out->items = NULL;
	out->count = 0;
	out->comma_at = -1;
	while (rc == PT_OK) {
		const char *here = p;
		uint32_t cp = pt__utf8_next(&p);

		if (cp == '.' && start) {
			/* "Wm." ends a word; "F.J." is two */
			const char *after = p;
			uint32_t next = pt__utf8_next(&after);
			if (!next || is_separator(next) || next == '.' || u_isalpha((UChar32)next)) {
				rc = flush_word(out, start, (size_t)(here - start), 1);
				start = NULL;
				continue;
			}
		}
		if (!cp || is_separator(cp) || cp == '.') {
			if (start)
				rc = flush_word(out, start, (size_t)(here - start), 0);
			start = NULL;
			if (cp == ',' && out->comma_at < 0 && out->count > 0)
				out->comma_at = (int)out->count;
			if (!cp)
				break;
			continue;
		}
		if (!start)
			start = here;
	}
	if (rc)
		pt__words_release(out);
	return rc;
}

/* ---- mixed scripts ----------------------------------------------------------- */

/* Cyrillic letters that look like Latin ones, and back. */
static const uint32_t look_alike[][2] = {
	{ 0x0430, 'a' }, { 0x0435, 'e' }, { 0x043e, 'o' }, { 0x0440, 'p' }, { 0x0441, 'c' },
	{ 0x0443, 'y' }, { 0x0445, 'x' }, { 0x043a, 'k' }, { 0x0456, 'i' }, { 0x0458, 'j' },
	{ 0x0455, 's' }, { 0x0501, 'd' }, { 0x051b, 'q' }, { 0x051d, 'w' },
	{ 0x0410, 'A' }, { 0x0412, 'B' }, { 0x0415, 'E' }, { 0x041a, 'K' }, { 0x041c, 'M' },
	{ 0x041d, 'H' }, { 0x041e, 'O' }, { 0x0420, 'P' }, { 0x0421, 'C' }, { 0x0422, 'T' },
	{ 0x0423, 'Y' }, { 0x0425, 'X' }, { 0x0406, 'I' }, { 0x0408, 'J' }, { 0x0405, 'S' },
};

static uint32_t look_alike_in(uint32_t cp, int to_latin)
{
	for (size_t i = 0; i < sizeof look_alike / sizeof *look_alike; i++)
		if (look_alike[i][to_latin ? 0 : 1] == cp)
			return look_alike[i][to_latin ? 1 : 0];
	return 0;
}

int pt__word_fix_script(pt__word *word, char **fixed_out)
{
	const char *s = word->text;
	int latin = 0, cyrillic = 0, to_latin;
	pt__buf b = PT__BUF_INIT;
	uint32_t cp;

	*fixed_out = NULL;
	if (word->script != PT__SCRIPT_MIXED)
		return PT_OK;
	while ((cp = pt__utf8_next(&s)) != 0) {
		UErrorCode err = U_ZERO_ERROR;
		UScriptCode sc;
		if (!u_isalpha((UChar32)cp))
			continue;
		sc = uscript_getScript((UChar32)cp, &err);
		if (sc == USCRIPT_LATIN)
			latin++;
		else if (sc == USCRIPT_CYRILLIC)
			cyrillic++;
		else
			return PT_EINVAL;     /* a third script: no repair */
	}
	if (latin == cyrillic)
		return PT_EINVAL;
	to_latin = latin > cyrillic;
	pt__buf_add(&b, "", 0);
	for (s = word->text; (cp = pt__utf8_next(&s)) != 0;) {
		UErrorCode err = U_ZERO_ERROR;
		UScriptCode sc = u_isalpha((UChar32)cp) ? uscript_getScript((UChar32)cp, &err)
						       : USCRIPT_COMMON;
		if ((to_latin && sc == USCRIPT_CYRILLIC) || (!to_latin && sc == USCRIPT_LATIN)) {
			uint32_t other = look_alike_in(cp, to_latin);
			if (!other) {
				pt__buf_release(&b);
				return PT_EINVAL;
			}
			cp = other;
		}
		pt__buf_put_cp(&b, cp);
	}
	if (b.failed) {
		pt__buf_release(&b);
		return PT_ENOMEM;
	}
	*fixed_out = pt__buf_detach(&b);
	return PT_OK;
}

/* ---- readings of a typed name ------------------------------------------------- */

static void reading_add(pt__reading *out, int *count, int max, const pt__words *w,
			size_t from, size_t to, int penalty)
{
	pt__reading *r;
	int all_initials = 1;
	if (*count >= max || from >= to)
		return;
	/* initials are never a surname */
	for (size_t i = from; i < to; i++)
		all_initials &= w->items[i].initial;
	if (all_initials)
		return;
	for (int i = 0; i < *count; i++)
		if (out[i].surname_from == from && out[i].surname_to == to)
			return;
	r = &out[(*count)++];
	r->surname_from = from;
	r->surname_to = to;
	r->given_count = 0;
	r->penalty = penalty;
	r->whole = penalty == 2;
	for (size_t i = 0; i < w->count && r->given_count < PT__READING_GIVEN_MAX; i++)
		if (i < from || i >= to)
			r->given[r->given_count++] = i;
}

int pt__name_readings(const pt__words *w, pt__reading *out, int max)
{
	int count = 0;
	size_t n = w->count, first_upper = n, upper_end = n, uppers = 0;
	int cyrillic = 0;

	if (!n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		if (w->items[i].upper) {
			uppers++;
			if (first_upper == n)
				first_upper = i;
		}
		if (w->items[i].script == PT__SCRIPT_CYRILLIC)
			cyrillic = 1;
	}
	if (w->comma_at > 0) {                          /* "Kelly, Frank" */
		reading_add(out, &count, max, w, 0, (size_t)w->comma_at, 0);
		if (count)
			return count;
	}
	if (uppers > 0 && uppers < n) {                 /* "KELLY F", "Frank KELLY" */
		upper_end = first_upper;
		while (upper_end < n && w->items[upper_end].upper)
			upper_end++;
		reading_add(out, &count, max, w, first_upper, upper_end, 0);
		if (count)
			return count;
	}
	if (n == 1) {
		reading_add(out, &count, max, w, 0, 1, 0);
		return count;
	}
	{
		/* surname last (Western order), with its particles: Patrick O Brien,
		 * Jan van der Berg */
		size_t last_from = n - 1;
		while (last_from > 0 && w->items[last_from - 1].particle)
			last_from--;
		/* surname first (registers, Soviet order), with its particles */
		size_t first_to = 1;
		while (first_to < n - 1 && w->items[first_to - 1].particle)
			first_to++;
		if (cyrillic) {
			reading_add(out, &count, max, w, 0, first_to, 0);
			reading_add(out, &count, max, w, last_from, n, 1);
		} else {
			reading_add(out, &count, max, w, last_from, n, 0);
			reading_add(out, &count, max, w, 0, first_to, 1);
		}
		/* the whole as one surname (penalty 2 marks it): Lloyd George, Van Dyke */
		if (n <= 3)
			reading_add(out, &count, max, w, 0, n, 2);
	}
	return count;
}
