/*
 * load_hash.c - the content hash of a person a flat row (CSV, workbook,
 * JSON through a mapping) filled in: the SHA-256 of the canonical JSON
 * record its texts make, written straight from the struct.
 *
 * The bytes are those of the record read as JSON and dumped with its keys
 * sorted, compact (jansson's JSON_SORT_KEYS | JSON_COMPACT: load.c's
 * pt__rec_hash for JSON input), which is what every stored hash was made
 * from: a register imported again finds its rows unchanged, whatever
 * version imported it first. The texts are hashed as the row gave them,
 * before they are trimmed and normalised for storing. The unit tests
 * (suite import_hash) pin both: the same bytes as the JSON, and known hashes.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/load.h"

/* A JSON string as jansson writes it: '"' and '\' escaped, control
 * characters as \b \t \n \f \r or \u00XX (upper-case hex), the rest (and
 * '/', DEL, non-ASCII) as it is. */
static void put_string(pt__buf *b, const char *s)
{
	const char *run = s;

	pt__buf_putc(b, '"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		const char *esc = NULL;
		char u[8];
		if (c >= 0x20 && c != '"' && c != '\\')
			continue;
		pt__buf_add(b, run, (size_t)(s - run));
		switch (c) {
		case '"':  esc = "\\\""; break;
		case '\\': esc = "\\\\"; break;
		case '\b': esc = "\\b"; break;
		case '\t': esc = "\\t"; break;
		case '\n': esc = "\\n"; break;
		case '\f': esc = "\\f"; break;
		case '\r': esc = "\\r"; break;
		default:
			snprintf(u, sizeof u, "\\u%04X", c);
			esc = u;
		}
		pt__buf_puts(b, esc);
		run = s + 1;
	}
	pt__buf_add(b, run, (size_t)(s - run));
	pt__buf_putc(b, '"');
}

/* One member of an object: "key":"value", when the value is not empty;
 * *first tells whether a comma goes before it. */
static void put_member(pt__buf *b, int *first, const char *key, const char *value)
{
	if (!value || !*value)
		return;
	if (!*first)
		pt__buf_putc(b, ',');
	*first = 0;
	put_string(b, key);
	pt__buf_putc(b, ':');
	put_string(b, value);
}

static void put_key(pt__buf *b, int *first, const char *key)
{
	if (!*first)
		pt__buf_putc(b, ',');
	*first = 0;
	put_string(b, key);
	pt__buf_putc(b, ':');
}

/* an event's keys, in sorted order */
static void put_event(pt__buf *b, const struct event_in *e)
{
	int first = 1;
	pt__buf_putc(b, '{');
	put_member(b, &first, "agent", e->agent);
	put_member(b, &first, "camp", e->camp_name);
	put_member(b, &first, "date", e->date.text);
	put_member(b, &first, "date_original", e->date_original);
	put_member(b, &first, "notes", e->notes);
	put_member(b, &first, "operation", e->operation_key);
	put_member(b, &first, "place", e->place);
	put_member(b, &first, "type", e->type);
	pt__buf_putc(b, '}');
}

static void put_extra_value(pt__buf *b, const struct extra_in *x)
{
	if (x->number)
		pt__buf_puts(b, x->text);
	else
		put_string(b, x->text);
}

static int by_key(const void *a, const void *b)
{
	return strcmp((*(const struct extra_in *const *)a)->key,
		      (*(const struct extra_in *const *)b)->key);
}

/* the extra columns, keys sorted (byte order, as strcmp; no key twice) */
static void put_extra(pt__buf *b, const struct extra_in *items, size_t count)
{
	const struct extra_in *few[64], **order = few;
	int first = 1;

	if (count > sizeof few / sizeof *few && !(order = malloc(count * sizeof *order))) {
		b->failed = 1;
		return;
	}
	for (size_t i = 0; i < count; i++)
		order[i] = &items[i];
	qsort(order, count, sizeof *order, by_key);
	pt__buf_putc(b, '{');
	for (size_t i = 0; i < count; i++) {
		put_key(b, &first, order[i]->key);
		put_extra_value(b, order[i]);
	}
	pt__buf_putc(b, '}');
	if (order != few)
		free(order);
}

/* The canonical record's text: what pt__rec_hash hashes for the same
 * record read from JSON. */
static void person_text(pt__buf *b, const struct person_in *p)
{
	int first = 1;

	pt__buf_putc(b, '{');
	put_member(b, &first, "birth_date", p->birth.text);
	put_member(b, &first, "birth_date_original", p->birth_date_original);
	put_member(b, &first, "birth_place", p->birth_place);
	if (p->citations.count) {
		put_key(b, &first, "citations");
		pt__buf_putc(b, '[');
		for (size_t i = 0; i < p->citations.count; i++) {
			int f = 1;
			if (i)
				pt__buf_putc(b, ',');
			pt__buf_putc(b, '{');
			put_member(b, &f, "locator", p->citations.items[i].locator);
			put_member(b, &f, "source", p->citations.items[i].source_key);
			pt__buf_putc(b, '}');
		}
		pt__buf_putc(b, ']');
	}
	if (p->event_count) {
		put_key(b, &first, "events");
		pt__buf_putc(b, '[');
		for (size_t i = 0; i < p->event_count; i++) {
			if (i)
				pt__buf_putc(b, ',');
			put_event(b, &p->events[i]);
		}
		pt__buf_putc(b, ']');
	}
	if (p->extra_count) {
		put_key(b, &first, "extra");
		put_extra(b, p->extra_items, p->extra_count);
	}
	put_member(b, &first, "given_names", p->given_names);
	put_member(b, &first, "name_original", p->name_original);
	put_member(b, &first, "nationality", p->nationality);
	put_member(b, &first, "notes", p->notes);
	put_member(b, &first, "rank", p->rank);
	put_member(b, &first, "record_id", p->record_id);
	put_member(b, &first, "service", p->service);
	put_member(b, &first, "service_number", p->service_number);
	put_member(b, &first, "sex", p->sex);
	put_member(b, &first, "source", p->source);
	put_member(b, &first, "surname", p->surname);
	put_member(b, &first, "unit", p->unit);
	pt__buf_putc(b, '}');
}

void pt__person_hash(const struct person_in *p, char hex[65])
{
	pt__buf b = PT__BUF_INIT;
	pt__sha256 h;

	person_text(&b, p);
	pt__sha256_init(&h);
	pt__sha256_update(&h, b.data ? b.data : "", b.len);
	pt__sha256_hex(&h, hex);
	if (b.failed) { /* no memory: a hash no record has, never "unchanged" */
		memset(hex, '0', 64);
		hex[64] = '\0';
	}
	pt__buf_release(&b);
}

char *pt__extra_json(const struct extra_in *items, size_t count)
{
	pt__buf b = PT__BUF_INIT;
	int first = 1;

	if (!count)
		return NULL;
	pt__buf_putc(&b, '{');
	for (size_t i = 0; i < count; i++) {
		put_key(&b, &first, items[i].key);
		put_extra_value(&b, &items[i]);
	}
	pt__buf_putc(&b, '}');
	if (b.failed) {
		pt__buf_release(&b);
		return NULL;
	}
	return pt__buf_detach(&b);
}

void pt__json_real_text(double v, char *buf, size_t size)
{
	char *e;
	size_t len;

	/* jansson's: 17 digits, a ".0" when it would read as an integer, the
	 * exponent without '+' and leading zeros */
	snprintf(buf, size, "%.17g", v);
	len = strlen(buf);
	if (!strchr(buf, '.') && !strchr(buf, 'e') && len + 3 <= size) {
		memcpy(buf + len, ".0", 3);
		len += 2;
	}
	if ((e = strchr(buf, 'e'))) {
		char *start = e + 1, *end = e + 2;
		if (*start == '-')
			start++;
		while (*end == '0')
			end++;
		if (end != start)
			memmove(start, end, strlen(end) + 1);
	}
}
