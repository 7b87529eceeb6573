/*
 * search_query.c - `powtrace find`'s query: the typed name checked, split
 * into words and read (which words are the surname), the filters checked,
 * and `powtrace keys`: every search key of a typed name.
 */
#include <stdlib.h>
#include <string.h>

#include "names/search.h"

/* ---- kinds of key as small numbers, for the comparisons per candidate ---- */


const char *const pt__search_kind_names[K_COUNT_] = {
	[K_NONE] = "", [K_EXACT] = PT__K_EXACT, [K_PART] = PT__K_PART, [K_VARIANT] = PT__K_VARIANT,
	[K_REVERSE] = PT__K_REVERSE, [K_SOUNDEX] = PT__K_SOUNDEX, [K_DM] = PT__K_DM,
	[K_TRANSLIT] = PT__K_TRANSLIT, [K_CLERK_LATN] = PT__K_CLERK_LATN,
	[K_CLERK_CYRL] = PT__K_CLERK_CYRL, [K_NICKNAME] = PT__K_NICKNAME, [K_INITIAL] = PT__K_INITIAL,
};

enum kind pt__search_kind_code(const char *name)
{
	for (int k = 1; k < K_COUNT_; k++)
		if (!strcmp(pt__search_kind_names[k], name))
			return (enum kind)k;
	return K_NONE;
}

char *pt__search_words_text(const pt__words *w, size_t from, size_t to)
{
	pt__buf b = PT__BUF_INIT;
	pt__buf_add(&b, "", 0);
	for (size_t i = from; i < to && i < w->count; i++) {
		if (i > from)
			pt__buf_putc(&b, ' ');
		pt__buf_puts(&b, w->items[i].text);
	}
	return b.failed ? (pt__buf_release(&b), NULL) : pt__buf_detach(&b);
}

/* ---- the query --------------------------------------------------------------- */

int pt__search_check_query(pt_db *db, const char *name)
{
	size_t bad = 0, chars = 0;
	const char *p;

	if (!name)
		return pt__error(db, PT_EINVAL, "give a name to search for");
	if (!pt__utf8_valid(name, strlen(name), &bad))
		return pt__error(db, PT_EINVAL,
				 "the name is not valid UTF-8 (byte 0x%02X at position %zu); "
				 "set the terminal or the file to UTF-8",
				 (unsigned)(unsigned char)name[bad], bad + 1);
	for (p = name; *p; p++)
		chars += ((unsigned char)*p & 0xc0) != 0x80;
	if (chars > MAX_QUERY_CHARS)
		return pt__error(db, PT_EINVAL, "the name is %zu characters long; a name to search "
				 "for may have at most %d", chars, MAX_QUERY_CHARS);
	for (p = name; *p; p++)
		if (!strchr(" \t\r\n\v\f", *p))
			return PT_OK;
	return pt__error(db, PT_EINVAL, "give a name to search for (the name is blank)");
}

static int add_note(pt_find_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int add_note(pt_find_result *r, const char *fmt, ...)
{
	pt__buf b = PT__BUF_INIT;
	char **grown;
	va_list ap;

	va_start(ap, fmt);
	pt__buf_vprintf(&b, fmt, ap);
	va_end(ap);
	if (b.failed || !(grown = realloc(r->notes, (r->note_count + 1) * sizeof *grown))) {
		pt__buf_release(&b);
		return PT_ENOMEM;
	}
	r->notes = grown;
	r->notes[r->note_count++] = pt__buf_detach(&b);
	return PT_OK;
}

/* Folds a wildcard word into a GLOB pattern on folded keys. */
char *pt__search_word_pattern(const char *text)
{
	char *folded = pt__name_fold(text, 1);
	if (!folded)
		return NULL;
	for (char *p = folded; *p; p++)
		if (*p == '_')
			*p = '?';
	return folded;
}

int pt__search_prepare_words(struct search *s, const char *name)
{
	int rc, letters = 0;
	char *nfc = pt__nfc(s->db, name);

	if (!nfc)
		return pt__error(s->db, PT_ENOMEM, "out of memory");
	rc = pt__words_split(nfc, &s->words);
	free(nfc);
	if (rc)
		return pt__error(s->db, rc, "out of memory");
	if (!(s->q = calloc(s->words.count ? s->words.count : 1, sizeof *s->q)))
		return pt__error(s->db, PT_ENOMEM, "out of memory");
	for (size_t i = 0; i < s->words.count; i++) {
		pt__word *w = &s->words.items[i];
		struct qword *q = &s->q[i];
		char *fixed = NULL;
		if (w->script == PT__SCRIPT_MIXED) {
			rc = pt__word_fix_script(w, &fixed);
			if (rc == PT_EINVAL)
				return pt__error(s->db, PT_EINVAL,
						 "'%s' mixes letters of different scripts (Latin and "
						 "Cyrillic, say); type each word in one script", w->text);
			if (rc)
				return pt__error(s->db, rc, "out of memory");
			if ((rc = add_note(s->result, "'%s' mixed Latin and Cyrillic letters that look "
					   "alike; searched for '%s'", w->text, fixed))) {
				free(fixed);
				return pt__error(s->db, rc, "out of memory");
			}
			free(w->text);
			w->text = fixed;
			w->script = pt__script_of(fixed);
		}
		q->text = w->text;
		q->initial = w->initial;
		q->script = w->script;
		if (w->script != PT__SCRIPT_NONE)
			letters = 1;
		if (w->wildcard) {
			if (!(q->pattern = pt__search_word_pattern(w->text)))
				return pt__error(s->db, PT_ENOMEM, "out of memory");
			if (!strpbrk(q->pattern, "abcdefghijklmnopqrstuvwxyz") && search_is_ascii(q->pattern))
				return pt__error(s->db, PT_EINVAL, "the pattern '%s' has no letters; give "
						 "at least one, as in 'Kel*'", w->text);
		}
	}
	if (!letters)
		return pt__error(s->db, PT_EINVAL, "'%s' has no letters to search for", name);
	return PT_OK;
}

/* ---- filters ---------------------------------------------------------------- */

int pt__search_prepare_filters(struct search *s, const pt_find_options *o)
{
	if (!o)
		return PT_OK;
	if (o->born && *o->born) {
		pt_date d;
		const char *why = NULL;
		if (pt_date_parse(&d, o->born, &why))
			return pt__error(s->db, PT_EINVAL, "born: cannot read date '%s': %s", o->born,
					 why ? why : "not an EDTF date");
		s->has_born = 1;
		s->born_min = (d.flags & PT_DATE_HAS_MIN) ? d.min : 0;
		s->born_max = (d.flags & PT_DATE_HAS_MAX) ? d.max : 99991231;
	}
	if (o->nationality && *o->nationality) {
		const char *n = o->nationality;
		if (strlen(n) != 2 || !((n[0] | 0x20) >= 'a' && (n[0] | 0x20) <= 'z') ||
		    !((n[1] | 0x20) >= 'a' && (n[1] | 0x20) <= 'z'))
			return pt__error(s->db, PT_EINVAL, "nationality: '%s' is not an ISO 3166 "
					 "alpha-2 code (such as GB, US, SU)", n);
	}
	if (o->status && *o->status && pt_status_parse(o->status, NULL)) {
		pt__buf list = PT__BUF_INIT;
		int rc;
		pt__vocab_list(PT__VOCAB_STATUS, ", ", &list);
		rc = pt__error(s->db, PT_EINVAL, "status: unknown status '%s' (expected one of %s)",
			       o->status, pt__buf_str(&list));
		pt__buf_release(&list);
		return rc;
	}
	if (o->unit && *o->unit && !(s->unit_folded = pt__name_fold(o->unit, 0)))
		return pt__error(s->db, PT_ENOMEM, "out of memory");
	if (o->camp && *o->camp) {
		/* every camp the name names: a name two camps share filters by both */
		pt__camp_finder *f = NULL;
		size_t count = 0, max = 64;
		int rc;
		if (!(s->camp_ids = calloc(max, sizeof *s->camp_ids)))
			return pt__error(s->db, PT_ENOMEM, "out of memory");
		if ((rc = pt__camp_finder_open(s->db, &f)))
			return rc;
		rc = pt__camp_lookup(f, o->camp, PT__CAMP_BY_KEY | PT__CAMP_BY_FOLDED, s->camp_ids, max,
				     &count, NULL);
		pt__camp_finder_free(f);
		if (rc && rc != PT_EINVAL)
			return rc;
		s->camp_count = count < max ? count : max;
		if (!s->camp_count)
			return pt__error(s->db, PT_ENOTFOUND, "camp: unknown camp '%s' (no camp has "
					 "this key, name or alias)", o->camp);
	}
	return PT_OK;
}

static void describe_one(struct search *s, int i, pt__buf *b)
{
	const pt__reading *rd = &s->readings[i];
	char *surname = pt__search_words_text(&s->words, rd->surname_from, rd->surname_to);

	if (surname && s->words.items[rd->surname_from].wildcard)
		pt__buf_printf(b, "surname pattern %s", surname);
	else
		pt__buf_printf(b, "surname %s", surname ? surname : "");
	if (rd->given_count) {
		pt__buf_puts(b, ", given names");
		for (size_t g = 0; g < rd->given_count; g++)
			pt__buf_printf(b, " %s%s", s->words.items[rd->given[g]].text,
				       s->words.items[rd->given[g]].initial &&
				       strlen(s->words.items[rd->given[g]].text) == 1 ? "." : "");
	}
	free(surname);
}

int pt__search_describe(struct search *s)
{
	pt__buf b = PT__BUF_INIT, also = PT__BUF_INIT;

	describe_one(s, 0, &b);
	for (int i = 1; i < s->reading_count; i++) {
		if (i > 1)
			pt__buf_puts(&also, "; ");
		describe_one(s, i, &also);
	}
	if (b.failed || also.failed) {
		pt__buf_release(&b);
		pt__buf_release(&also);
		return PT_ENOMEM;
	}
	s->result->read_as = pt__buf_detach(&b);
	s->result->also_tried = s->reading_count > 1 ? pt__buf_detach(&also) : NULL;
	pt__buf_release(&also);
	return PT_OK;
}

/* The keys of one word of the typed name; a failure says what it was (only
 * an allocation that failed is "out of memory"). */
int pt__search_word_keys(pt_db *db, const char *text, int part, int initial, pt__keys *out)
{
	int rc;
	pt__buf_reset(&db->errmsg);
	if ((rc = pt__word_keys(db, text, part, initial, out)) == PT_OK)
		return PT_OK;
	if (rc == PT_ENOMEM)
		return pt__error(db, rc, "out of memory");
	if (!pt_db_errmsg(db)[0])
		pt__error(db, rc, "cannot work out the search keys of '%s'", text);
	return rc;
}
