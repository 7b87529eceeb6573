/*
 * tally.c - groups the rows of a count in memory: each person's rows (one
 * per combination of their values) arrive together; the distinct
 * combinations of one person count once each, in a hash table keyed by the
 * values. One pass, memory in proportion to the number of groups, no sort:
 * what keeps a count over a million persons linear in time.
 *
 * A row's key is read for every row; its labels only when the row opens a
 * new group.
 */
#include <stdlib.h>
#include <string.h>

#include "reports/reports.h"

struct entry {
	char *key;               /* the encoded key values */
	size_t key_len;
	uint64_t hash;
	char *labels[PT_COUNT_MAX_FIELDS];
	int64_t count;
};

struct pt__tally {
	size_t fields;
	struct entry *entries;    /* the groups, in the order they were made */
	size_t used, entries_cap;
	size_t *slots;            /* hash table of entry numbers + 1; 0: empty */
	size_t cap;
	int64_t person, persons;  /* the current person, and how many so far */
	int have_person;
	pt__buf key;              /* the row's key, encoded */
	size_t *seen;             /* the groups of the current person */
	size_t seen_count, seen_cap;
};

static uint64_t fnv1a(const char *s, size_t len)
{
	uint64_t h = 1469598103934665603ULL;
	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

int pt__tally_new(pt__tally **out, size_t fields)
{
	pt__tally *t = calloc(1, sizeof *t);
	*out = NULL;
	if (!t)
		return PT_ENOMEM;
	t->fields = fields;
	t->cap = 64;
	if (!(t->slots = calloc(t->cap, sizeof *t->slots))) {
		free(t);
		return PT_ENOMEM;
	}
	*out = t;
	return PT_OK;
}

void pt__tally_free(pt__tally *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->used; i++) {
		free(t->entries[i].key);
		for (size_t f = 0; f < PT_COUNT_MAX_FIELDS; f++)
			free(t->entries[i].labels[f]);
	}
	free(t->entries);
	free(t->slots);
	free(t->seen);
	pt__buf_release(&t->key);
	free(t);
}

/* A column as 'n' (NULL), 'i' and 8 bytes, or 't', the text and a 0 byte
 * (the text is NFC UTF-8 from the database: no 0 bytes inside). */
static void encode(pt__buf *b, sqlite3_stmt *s, int col)
{
	switch (sqlite3_column_type(s, col)) {
	case SQLITE_NULL:
		pt__buf_putc(b, 'n');
		break;
	case SQLITE_INTEGER: {
		int64_t v = sqlite3_column_int64(s, col);
		pt__buf_putc(b, 'i');
		pt__buf_add(b, (const char *)&v, sizeof v);
		break;
	}
	default: {
		const char *text = (const char *)sqlite3_column_text(s, col);
		pt__buf_putc(b, 't');
		pt__buf_add(b, text ? text : "", text ? (size_t)sqlite3_column_bytes(s, col) : 0);
		pt__buf_putc(b, '\0');
	}
	}
}

static int grow(pt__tally *t)
{
	size_t cap = t->cap * 2;
	size_t *slots = calloc(cap, sizeof *slots);
	if (!slots)
		return PT_ENOMEM;
	for (size_t n = 0; n < t->used; n++) {
		size_t j;
		for (j = t->entries[n].hash & (cap - 1); slots[j]; j = (j + 1) & (cap - 1))
			;
		slots[j] = n + 1;
	}
	free(t->slots);
	t->slots = slots;
	t->cap = cap;
	return PT_OK;
}

/* The number of the row's group, made (with its labels) when new. */
static int find_group(pt__tally *t, sqlite3_stmt *s, size_t *number)
{
	const char *key = pt__buf_str(&t->key);
	size_t len = t->key.len, i;
	uint64_t hash = fnv1a(key, len);
	struct entry *e;

	for (i = hash & (t->cap - 1); t->slots[i]; i = (i + 1) & (t->cap - 1)) {
		e = &t->entries[t->slots[i] - 1];
		if (e->hash == hash && e->key_len == len && !memcmp(e->key, key, len)) {
			*number = t->slots[i] - 1;
			return PT_OK;
		}
	}
	if (t->used == t->entries_cap) {
		size_t cap = t->entries_cap ? t->entries_cap * 2 : 64;
		struct entry *grown = realloc(t->entries, cap * sizeof *grown);
		if (!grown)
			return PT_ENOMEM;
		t->entries = grown;
		t->entries_cap = cap;
	}
	e = &t->entries[t->used];
	memset(e, 0, sizeof *e);
	if (!(e->key = malloc(len ? len : 1)))
		return PT_ENOMEM;
	memcpy(e->key, key, len);
	e->key_len = len;
	e->hash = hash;
	t->used++;   /* from here on, pt__tally_free frees what the entry holds */
	for (size_t f = 0; f < t->fields; f++) {
		/* (a copy that is UTF-8 whatever the file holds: core's) */
		if (sqlite3_column_type(s, 2 + 2 * (int)f) != SQLITE_NULL &&
		    !(e->labels[f] = pt__column_dup(s, 2 + 2 * (int)f)))
			return PT_ENOMEM;
	}
	t->slots[i] = t->used;
	*number = t->used - 1;
	if (t->used * 10 >= t->cap * 7 && grow(t))
		return PT_ENOMEM;
	return PT_OK;
}

/* Counts the current person once in each of their groups. */
static void flush_person(pt__tally *t)
{
	for (size_t k = 0; k < t->seen_count; k++)
		t->entries[t->seen[k]].count++;
	t->seen_count = 0;
}

int pt__tally_row(pt__tally *t, sqlite3_stmt *s)
{
	int64_t person = sqlite3_column_int64(s, 0);
	size_t number;

	if (!t->have_person || person != t->person) {
		if (t->have_person)
			flush_person(t);
		t->person = person;
		t->have_person = 1;
		t->persons++;
	}
	pt__buf_reset(&t->key);
	for (size_t f = 0; f < t->fields; f++)
		encode(&t->key, s, 1 + 2 * (int)f);
	if (t->key.failed || find_group(t, s, &number))
		return PT_ENOMEM;
	for (size_t k = 0; k < t->seen_count; k++)
		if (t->seen[k] == number)
			return PT_OK;       /* this person is in the group already */
	if (t->seen_count == t->seen_cap) {
		size_t cap = t->seen_cap ? t->seen_cap * 2 : 16;
		size_t *grown = realloc(t->seen, cap * sizeof *grown);
		if (!grown)
			return PT_ENOMEM;
		t->seen = grown;
		t->seen_cap = cap;
	}
	t->seen[t->seen_count++] = number;
	return PT_OK;
}

int pt__tally_finish(pt__tally *t, pt_count *out)
{
	if (t->have_person)
		flush_person(t);
	out->total = t->persons;
	out->row_count = 0;
	if (!(out->rows = calloc(t->used ? t->used : 1, sizeof *out->rows)))
		return PT_ENOMEM;
	for (size_t n = 0; n < t->used; n++) {
		struct entry *e = &t->entries[n];
		memcpy(out->rows[n].values, e->labels, sizeof e->labels);
		memset(e->labels, 0, sizeof e->labels);   /* now the count's */
		out->rows[n].count = e->count;
	}
	out->row_count = t->used;
	return PT_OK;
}
