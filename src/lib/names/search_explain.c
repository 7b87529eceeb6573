/*
 * search_explain.c - why a hit of `powtrace find` matched, in words:
 * "surname: Cyrillic rendering: Гарольд → Harold (clerk key GRLD)".
 */
#include <stdlib.h>
#include <string.h>

#include "names/search.h"

/* ---- explanations --------------------------------------------------------------- */

static void explain_one(pt__buf *b, const struct how *h, const char *query_word,
			const char *record_word)
{
	int record_latin = search_is_ascii(record_word) || pt__script_of(record_word) == PT__SCRIPT_LATIN;
	int query_latin = pt__script_of(query_word) != PT__SCRIPT_CYRILLIC &&
			  pt__script_of(query_word) != PT__SCRIPT_OTHER;
	const char *cyr = record_latin ? query_word : record_word;
	const char *lat = record_latin ? record_word : query_word;

	switch (h->rule) {
	case PT_MATCH_EXACT:
		if (h->part_only)
			pt__buf_printf(b, "part of a double surname: %s = %s", query_word, record_word);
		else if (!strcmp(query_word, record_word))
			pt__buf_printf(b, "exact: %s", record_word);
		else
			pt__buf_printf(b, "exact after folding: %s = %s (%s)", query_word, record_word,
				       h->key);
		break;
	case PT_MATCH_VARIANT:
		pt__buf_printf(b, "spelling variant: %s ~ %s (%s)", query_word, record_word, h->key);
		break;
	case PT_MATCH_INITIAL:
		pt__buf_printf(b, "initial: %s = %s", query_word, record_word);
		break;
	case PT_MATCH_NICKNAME:
		pt__buf_printf(b, "name equivalents: %s = %s (%s)", query_word, record_word, h->key);
		break;
	case PT_MATCH_TRANSLIT:
		if (!strcmp(h->kind, PT__K_NICKNAME))
			pt__buf_printf(b, "Cyrillic rendering: %s \xe2\x86\x92 %s (name equivalents: %s)",
				       cyr, lat, h->key);
		else if (!strcmp(h->kind, PT__K_CLERK_CYRL) || !strcmp(h->kind, PT__K_CLERK_LATN))
			pt__buf_printf(b, "Cyrillic rendering: %s \xe2\x86\x92 %s (clerk key %s)",
				       cyr, lat, h->key);
		else if (record_latin == query_latin)
			pt__buf_printf(b, "same romanisation: %s ~ %s (%s)", query_word, record_word,
				       h->key);
		else
			pt__buf_printf(b, "Cyrillic rendering: %s \xe2\x86\x92 %s (romanised %s)",
				       cyr, lat, h->key);
		break;
	case PT_MATCH_PHONETIC:
		if (!strcmp(h->kind, PT__K_CLERK_LATN))
			pt__buf_printf(b, "sounds alike (clerk key %s): %s ~ %s", h->key, query_word,
				       record_word);
		else if (!strcmp(h->kind, PT__K_SOUNDEX))
			pt__buf_printf(b, "Soundex %s: %s ~ %s", h->key, query_word, record_word);
		else
			pt__buf_printf(b, "Daitch-Mokotoff %s: %s ~ %s", h->key, query_word, record_word);
		if (record_latin != query_latin)
			pt__buf_puts(b, " (romanised)");
		break;
	case PT_MATCH_WILDCARD:
		pt__buf_printf(b, "pattern %s matches %s", query_word, record_word);
		break;
	default:
		break;
	}
}

char *pt__search_explain(struct search *s, const struct verdict *v, const char *form_surname,
		     const char *form_given)
{
	const pt__reading *rd = &s->readings[v->reading];
	pt__buf b = PT__BUF_INIT;
	char *rs = NULL, *rg = NULL, *qs;
	pt__words gw = { NULL, 0, -1 };

	if (pt__name_split_record(form_surname, form_given, &rs, &rg))
		return NULL;
	if (rg && pt__words_split(rg, &gw)) {
		free(rs);
		free(rg);
		return NULL;
	}
	qs = pt__search_words_text(&s->words, rd->surname_from, rd->surname_to);
	pt__buf_puts(&b, "surname: ");
	explain_one(&b, &v->surname, qs ? qs : "", rs ? rs : "");
	if (v->given_count > 0) {
		int first = 1;
		pt__buf_puts(&b, "; given names: ");
		if (!v->record_given)
			pt__buf_puts(&b, "none recorded");
		for (int g = 0; g < v->given_count && v->record_given; g++) {
			const struct qword *q = &s->q[rd->given[g]];
			const struct how *h = &v->given[g];
			if (!first)
				pt__buf_puts(&b, ", ");
			first = 0;
			if (!h->rule) {
				pt__buf_printf(&b, "%s not found", q->text);
				continue;
			}
			explain_one(&b, h, q->text,
				    (size_t)h->record_part - 1 < gw.count ? gw.items[h->record_part - 1].text : "?");
		}
	}
	free(qs);
	free(rs);
	free(rg);
	pt__words_release(&gw);
	return b.failed ? (pt__buf_release(&b), NULL) : pt__buf_detach(&b);
}

