/*
 * tally.c - groups the rows of a count in memory: each man's rows (one per
 * combination of his records' values; column 0 is the man) arrive
 * together; his distinct values of each field are gathered, and each
 * combination of them counts him once, in a hash table keyed by the values.
 * One pass, memory in proportion to the number of groups, no sort: what
 * keeps a count over a million persons linear in time. The men of one
 * record (every record, when nothing is linked) take a shorter way: the
 * combination of each row is a group, and the man counts once in each of
 * his groups; it gives the same groups, with less work per row.
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

/* One distinct value of one field of the current man: its encoded key and
 * its label, as offsets into the man's arena. */
struct value {
	size_t key, key_len;
	size_t label;            /* offset + 1; 0: NULL */
};

struct pt__tally {
	size_t fields;
	struct entry *entries;    /* the groups, in the order they were made */
	size_t used, entries_cap;
	size_t *slots;            /* hash table of entry numbers + 1; 0: empty */
	size_t cap;
	int64_t person, persons;  /* the current man, and how many so far */
	int have_person;
	pt__buf key;              /* a group's key, encoded */
	pt__buf arena;            /* the current man's values: keys and labels */
	struct value *values[PT_COUNT_MAX_FIELDS];  /* his distinct values, per field */
	size_t value_count[PT_COUNT_MAX_FIELDS], value_cap[PT_COUNT_MAX_FIELDS];
	/* the current record: did it give a NULL and another value of a field;
	 * and does the man keep his NULL (a record gave both: an unknown camp
	 * operator beside a known one, as a count of records has it) */
	int64_t record;
	int record_null[PT_COUNT_MAX_FIELDS], record_value[PT_COUNT_MAX_FIELDS];
	int keep_null[PT_COUNT_MAX_FIELDS];
	/* rows of men of one record (every record, when nothing is linked): the
	 * faster way, a group per row's combination, the groups a man is in */
	int men;                  /* 0: men of one record; 1: men of several */
	size_t *seen;
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
	for (size_t f = 0; f < PT_COUNT_MAX_FIELDS; f++)
		free(t->values[f]);
	free(t->seen);
	pt__buf_release(&t->key);
	pt__buf_release(&t->arena);
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

/* The number of the group whose key is t->key, made when new with the
 * labels of the values `pick` chooses (one per field), or with those of the
 * statement's row when pick is NULL. */
static int find_group(pt__tally *t, const size_t *pick, sqlite3_stmt *s, size_t *number)
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
		if (!pick) {
			/* (a copy that is UTF-8 whatever the file holds: core's) */
			if (sqlite3_column_type(s, 2 + 2 * (int)f) != SQLITE_NULL &&
			    !(e->labels[f] = pt__column_dup(s, 2 + 2 * (int)f)))
				return PT_ENOMEM;
			continue;
		}
		const struct value *v = &t->values[f][pick[f]];
		if (v->label && !(e->labels[f] = pt__text_dup(t->arena.data + v->label - 1,
								strlen(t->arena.data + v->label - 1))))
			return PT_ENOMEM;
	}
	t->slots[i] = t->used;
	*number = t->used - 1;
	if (t->used * 10 >= t->cap * 7 && grow(t))
		return PT_ENOMEM;
	return PT_OK;
}

/* The end of a record's rows. */
static void end_record(pt__tally *t)
{
	for (size_t f = 0; f < t->fields; f++) {
		if (t->record_null[f] && t->record_value[f])
			t->keep_null[f] = 1;
		t->record_null[f] = t->record_value[f] = 0;
	}
}

/* Counts the current man once in each group his values make: for each
 * field his distinct values (NULL only when no record gives another, or
 * when one record gives both), and every
 * combination of them across the fields. A man of one record gets the
 * groups his rows name; a man of several, those of the union of his
 * records' values (GB in one record and none in the other: GB only). */
static int flush_person(pt__tally *t)
{
	size_t pick[PT_COUNT_MAX_FIELDS];
	size_t number;

	end_record(t);

	for (size_t f = 0; f < t->fields; f++) {
		/* a NULL value only stands when the field has no other */
		size_t n = t->value_count[f], non_null = 0;
		for (size_t k = 0; k < n; k++)
			non_null += t->arena.data[t->values[f][k].key] != 'n';
		if (non_null && non_null < n && !t->keep_null[f]) {
			size_t w = 0;
			for (size_t k = 0; k < n; k++)
				if (t->arena.data[t->values[f][k].key] != 'n')
					t->values[f][w++] = t->values[f][k];
			t->value_count[f] = w;
		}
		pick[f] = 0;
	}
	for (;;) {
		size_t f;
		pt__buf_reset(&t->key);
		for (f = 0; f < t->fields; f++) {
			const struct value *v = &t->values[f][pick[f]];
			pt__buf_add(&t->key, t->arena.data + v->key, v->key_len);
		}
		if (t->key.failed || find_group(t, pick, NULL, &number))
			return PT_ENOMEM;
		t->entries[number].count++;
		/* the next combination */
		for (f = t->fields; f-- > 0; ) {
			if (++pick[f] < t->value_count[f])
				break;
			pick[f] = 0;
		}
		if (f == (size_t)-1)
			break;
	}
	for (size_t f = 0; f < t->fields; f++)
		t->value_count[f] = 0, t->keep_null[f] = 0;
	pt__buf_reset(&t->arena);
	return PT_OK;
}

/* Counts the current man of one record once in each of his groups. */
static void flush_record(pt__tally *t)
{
	for (size_t k = 0; k < t->seen_count; k++)
		t->entries[t->seen[k]].count++;
	t->seen_count = 0;
}

static int flush(pt__tally *t)
{
	if (!t->have_person)
		return PT_OK;
	t->have_person = 0;
	if (!t->men) {
		flush_record(t);
		return PT_OK;
	}
	return flush_person(t);
}

int pt__tally_men(pt__tally *t)
{
	if (flush(t))
		return PT_ENOMEM;
	t->men = 1;
	return PT_OK;
}

/* A row of a man of one record: the row's combination is a group. */
static int record_row(pt__tally *t, sqlite3_stmt *s)
{
	int64_t person = sqlite3_column_int64(s, 0);
	size_t number;

	if (!t->have_person || person != t->person) {
		flush(t);
		t->person = person;
		t->have_person = 1;
		t->persons++;
	}
	pt__buf_reset(&t->key);
	for (size_t f = 0; f < t->fields; f++)
		encode(&t->key, s, 1 + 2 * (int)f);
	if (t->key.failed || find_group(t, NULL, s, &number))
		return PT_ENOMEM;
	for (size_t k = 0; k < t->seen_count; k++)
		if (t->seen[k] == number)
			return PT_OK;       /* he is in the group already */
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

int pt__tally_row(pt__tally *t, sqlite3_stmt *s)
{
	int64_t person, record;

	if (!t->men)
		return record_row(t, s);
	person = sqlite3_column_int64(s, 0);
	record = sqlite3_column_int64(s, 1 + 2 * (int)t->fields);

	if (!t->have_person || person != t->person) {
		if (flush(t))
			return PT_ENOMEM;
		t->person = person;
		t->record = record;
		t->have_person = 1;
		t->persons++;
	} else if (record != t->record) {
		end_record(t);
		t->record = record;
	}
	for (size_t f = 0; f < t->fields; f++) {
		const char *label;
		size_t at, len, k;
		pt__buf_reset(&t->key);
		encode(&t->key, s, 1 + 2 * (int)f);
		if (t->key.failed)
			return PT_ENOMEM;
		len = t->key.len;
		if (t->key.data[0] == 'n')
			t->record_null[f] = 1;
		else
			t->record_value[f] = 1;
		for (k = 0; k < t->value_count[f]; k++)
			if (t->values[f][k].key_len == len &&
			    !memcmp(t->arena.data + t->values[f][k].key, t->key.data, len))
				break;
		if (k < t->value_count[f])
			continue;             /* he has this value already */
		if (t->value_count[f] == t->value_cap[f]) {
			size_t cap = t->value_cap[f] ? t->value_cap[f] * 2 : 8;
			struct value *grown = realloc(t->values[f], cap * sizeof *grown);
			if (!grown)
				return PT_ENOMEM;
			t->values[f] = grown;
			t->value_cap[f] = cap;
		}
		at = t->arena.len;
		pt__buf_add(&t->arena, t->key.data, len);
		t->values[f][t->value_count[f]].key = at;
		t->values[f][t->value_count[f]].key_len = len;
		t->values[f][t->value_count[f]].label = 0;
		if ((label = (const char *)sqlite3_column_text(s, 2 + 2 * (int)f))) {
			size_t bytes = (size_t)sqlite3_column_bytes(s, 2 + 2 * (int)f), bad;
			t->values[f][t->value_count[f]].label = t->arena.len + 1;
			if (memchr(label, '\0', bytes) || !pt__utf8_valid(label, bytes, &bad)) {
				/* a copy that is UTF-8 whatever the file holds: core's */
				char *repaired = pt__column_dup(s, 2 + 2 * (int)f);
				if (!repaired)
					return PT_ENOMEM;
				pt__buf_puts(&t->arena, repaired);
				free(repaired);
			} else {
				pt__buf_add(&t->arena, label, bytes);
			}
			pt__buf_putc(&t->arena, '\0');
		}
		if (t->arena.failed)
			return PT_ENOMEM;
		t->value_count[f]++;
	}
	return PT_OK;
}

int pt__tally_finish(pt__tally *t, pt_count *out)
{
	if (flush(t))
		return PT_ENOMEM;
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
