/*
 * full_name.c - a whole name in one cell split into surname and given
 * names: "KELLY Frank" (a surname in capitals first), "Kelly, Frank" (a
 * comma), "Frank Kelly" (Western order), with surname particles ("van",
 * "de", "St.": the list the name search reads names with) kept with the
 * surname.
 */
#include <stdlib.h>
#include <string.h>

#include "import/sheet.h"

/* two or more ASCII letters, all upper case */
static int is_upper_word(const char *w, size_t len)
{
	size_t letters = 0;
	for (size_t i = 0; i < len; i++) {
		if (w[i] >= 'a' && w[i] <= 'z')
			return 0;
		if (w[i] >= 'A' && w[i] <= 'Z')
			letters++;
	}
	return letters >= 2;
}

struct span { const char *p; size_t len; };

static char *join_words(const struct span *w, size_t from, size_t to)
{
	pt__buf b = PT__BUF_INIT;
	for (size_t i = from; i < to; i++) {
		if (i > from)
			pt__buf_putc(&b, ' ');
		pt__buf_add(&b, w[i].p, w[i].len);
	}
	if (pt__buf_add(&b, "", 0)) {
		pt__buf_release(&b);
		return NULL;
	}
	return pt__buf_detach(&b);
}

/* "KELLY Frank", "Kelly, Frank", "Frank Kelly" -> surname, given names */
int pt__full_name_split(const char *full, enum pt__name_order order, char **surname, char **given)
{
	struct span w[64];
	size_t n = 0, cut;
	const char *comma = strchr(full, ',');

	*surname = *given = NULL;
	if (comma) {
		char *s = malloc((size_t)(comma - full) + 1), *g = pt__strdup(comma + 1);
		if (!s || !g) {
			free(s);
			free(g);
			return PT_ENOMEM;
		}
		memcpy(s, full, (size_t)(comma - full));
		s[comma - full] = '\0';
		*surname = s;
		*given = g;
		return PT_OK;
	}
	for (const char *p = full; *p && n < 64;) {
		while (*p == ' ')
			p++;
		if (!*p)
			break;
		w[n].p = p;
		while (*p && *p != ' ')
			p++;
		w[n].len = (size_t)(p - w[n].p);
		n++;
	}
	if (n == 0)
		return PT_OK;
	if (n == 1) {
		*surname = join_words(w, 0, 1);
		return *surname ? PT_OK : PT_ENOMEM;
	}
	if (order == PT__ORDER_AUTO) {
		if (is_upper_word(w[0].p, w[0].len) && !is_upper_word(w[n - 1].p, w[n - 1].len))
			order = PT__ORDER_SURNAME_FIRST;
		else
			order = PT__ORDER_GIVEN_FIRST;
	}
	if (order == PT__ORDER_SURNAME_FIRST) {
		/* the surname: particles, then one word, or a run of capitals */
		cut = 0;
		while (cut < n - 1 && pt__surname_particle(w[cut].p, w[cut].len))
			cut++;
		cut++;
		while (cut < n - 1 && is_upper_word(w[cut].p, w[cut].len) &&
		       is_upper_word(w[0].p, w[0].len))
			cut++;
		*surname = join_words(w, 0, cut);
		*given = join_words(w, cut, n);
	} else {
		cut = n - 1;
		while (cut > 1 && pt__surname_particle(w[cut - 1].p, w[cut - 1].len))
			cut--;
		while (cut > 1 && is_upper_word(w[cut - 1].p, w[cut - 1].len) &&
		       is_upper_word(w[n - 1].p, w[n - 1].len))
			cut--;
		*given = join_words(w, 0, cut);
		*surname = join_words(w, cut, n);
	}
	if (!*surname || !*given) {
		free(*surname);
		free(*given);
		*surname = *given = NULL;
		return PT_ENOMEM;
	}
	return PT_OK;
}
