/*
 * block.c - candidate pairs: which records are worth comparing, never all
 * pairs. Blocking rules, as a linker writes them, each a key that two
 * records must share:
 *
 *   service number   its digits, and each variant with two neighbouring digits
 *                    swapped (a clerk's swap still meets)
 *   name and year    a surname key (skeleton, clerk key, Daitch-Mokotoff), the
 *                    birth year (or the next: a year off still meets) and the
 *                    first letter of a given name (or of its equivalents:
 *                    Bill meets W.); also each deletion-neighbourhood key of
 *                    the surname with the birth year (one slip of the pen)
 *   name, no year    a surname key and a first letter, for pairs of which one
 *                    record has no birth year, and one no service number or both
 *                    the same digits in another order
 *   given and birth  a given name (or its group) and the full birth date
 *
 * A key shared by more than a rule's cap of records is too common to say
 * anything (hundreds of J. Smiths with no birth year): its records meet
 * through the other rules or not at all. Only pairs with a new record are
 * made. Pairs come out sorted and unique.
 *
 * Keys are hashes of the keys' texts, so that they can be stored
 * (link_key, keys.c): a run with few new records keys only those and looks
 * each of their keys up there (pt__lk_candidates_stored), with the same
 * caps, since a bucket holds each record's entry once either way.
 */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "link/link.h"

/* R_TF is no blocking rule: its keys count the records per surname key
 * (the term frequencies of an incremental run) */
enum rule { R_SN, R_YEAR, R_DELETE, R_NOYEAR, R_BIRTH, R_TF, R_COUNT };

static const uint32_t rule_cap[R_COUNT] = { 50, 400, 200, 120, 100, 0 };

typedef struct entry {
	uint64_t key;
	uint32_t rec;
	uint32_t tag;          /* deletion keys: a hash of the surname spelling they come
				  from; name keys: of the service number's sorted digits */
	uint8_t rule;
	uint8_t yearless;      /* no birth year */
	uint8_t numberless;    /* no service number */
} entry;

typedef struct keyset {       /* keys of new records (incremental runs) */
	uint64_t *slots;
	size_t size;          /* power of two; 0: take every key */
	uint64_t *bits;       /* a bit per hash of the keys' high bits: most keys of the */
	size_t bit_mask;      /* other records miss here, without a cache miss in slots */
} keyset;

/* Entries as keying makes them: in chunks, each twice the size of the one
 * before and never moved (growing one array by realloc copied every entry
 * once more and touched its pages twice: a twentieth of a first run). */
#define CHUNK_FIRST 65536
#define CHUNK_MAX 40

typedef struct builder {
	entry *items;         /* the chunk being filled */
	size_t count, cap;
	struct { entry *items; size_t count; } done[CHUNK_MAX];   /* the chunks filled */
	int done_count;
	const uint64_t *hashes;   /* text_hash of every interned id, when worked out before */
	keyset *filter;       /* only keys in it, when set */
	keyset *collect;      /* add keys to it, when set */
	int numberless;       /* the record being keyed has no service number */
	uint32_t sn_tag;      /* its sorted digits' hash (name keys) */
	uint32_t word;        /* the surname spelling's hash (deletion keys) */
	int tf;               /* make the term-frequency keys too */
	int failed;
} builder;

static uint64_t mix(uint64_t h, uint64_t v)
{
	h ^= v + 0x9e3779b97f4a7c15ULL + (h << 6) + (h >> 2);
	h *= 0xbf58476d1ce4e5b9ULL;
	return h ^ (h >> 31);
}

static size_t keyset_bit(const keyset *k, uint64_t key)
{
	return (size_t)(key >> 32) & k->bit_mask;
}

static int keyset_has(const keyset *k, uint64_t key)
{
	size_t s = (size_t)key & (k->size - 1), bit = keyset_bit(k, key);
	if (!(k->bits[bit / 64] >> (bit % 64) & 1))
		return 0;
	key |= 1;    /* 0 marks an empty slot */
	while (k->slots[s]) {
		if (k->slots[s] == key)
			return 1;
		s = (s + 1) & (k->size - 1);
	}
	return 0;
}

static void keyset_add(keyset *k, uint64_t key)
{
	size_t s = (size_t)key & (k->size - 1), bit = keyset_bit(k, key);
	k->bits[bit / 64] |= (uint64_t)1 << (bit % 64);
	key |= 1;
	while (k->slots[s]) {
		if (k->slots[s] == key)
			return;
		s = (s + 1) & (k->size - 1);
	}
	k->slots[s] = key;
}

static void emit(builder *b, uint64_t key, uint32_t rec, int rule, int yearless)
{
	key = mix(key, (uint64_t)rule + 1);
	if (b->filter && !keyset_has(b->filter, key))
		return;
	if (b->collect) {
		keyset_add(b->collect, key);
		return;
	}
	if (b->count == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : CHUNK_FIRST;
		entry *chunk;
		if (b->done_count + 1 >= CHUNK_MAX || !(chunk = pt__lk_big_alloc(cap * sizeof *chunk))) {
			b->failed = 1;
			return;
		}
		if (b->items) {
			b->done[b->done_count].items = b->items;
			b->done[b->done_count].count = b->count;
			b->done_count++;
		}
		b->items = chunk;
		b->count = 0;
		b->cap = cap;
	}
	b->items[b->count].key = key;
	b->items[b->count].rec = rec;
	b->items[b->count].rule = (uint8_t)rule;
	b->items[b->count].yearless = (uint8_t)yearless;
	b->items[b->count].numberless = (uint8_t)b->numberless;
	b->items[b->count].tag = rule == R_DELETE ? b->word : rule == R_NOYEAR ? b->sn_tag : 0;
	b->count++;
}

static size_t builder_count(const builder *b)
{
	size_t n = b->count;
	for (int c = 0; c < b->done_count; c++)
		n += b->done[c].count;
	return n;
}

static void builder_release(builder *b)
{
	for (int c = 0; c < b->done_count; c++)
		free(b->done[c].items);
	free(b->items);
	b->done_count = 0;
	b->items = NULL;
	b->count = b->cap = 0;
}

/* An interned text's hash: keys are made of the texts, not of the numbers
 * one run gave them, so that they can be stored and met again. */
static uint64_t text_hash(const lk_data *d, uint32_t id)
{
	const char *t = id ? d->strings.texts[id] : "";
	return pt__lk_hash(t, strlen(t), 0x53);
}

/* the same, from the hashes worked out before keying when there are */
static uint64_t key_hash(const builder *b, const lk_data *d, uint32_t id)
{
	return b->hashes ? b->hashes[id] : text_hash(d, id);
}

/* the surname keys of a word that blocking uses */
static int surname_keys(const lk_data *d, const builder *b, const lk_word *w, uint64_t *out)
{
	int n = 0;
	if (w->variant)
		out[n++] = key_hash(b, d, w->variant);
	for (int i = 0; i < w->clerk_count; i++)
		out[n++] = key_hash(b, d, w->clerk[i]);
	for (int i = 0; i < w->dm_count; i++)
		out[n++] = key_hash(b, d, w->dm[i]);
	return n;
}

/* the term-frequency keys of a surname spelling (what count_terms counts) */
static void tf_keys(const lk_data *d, const lk_word *w, uint32_t idx, builder *b)
{
	uint32_t keys[2 + LK_MAX_KEYS];
	int k = 0;
	keys[k++] = w->exact;
	keys[k++] = w->variant;
	for (int c = 0; c < w->clerk_count; c++)
		keys[k++] = w->clerk[c];
	for (int j = 0; j < k; j++)
		if (keys[j])
			emit(b, key_hash(b, d, keys[j]), idx, R_TF, 0);
}

uint64_t pt__lk_tf_key(const lk_data *d, uint32_t text)
{
	return mix(text_hash(d, text), (uint64_t)R_TF + 1);
}

struct deletion_ctx {
	builder *b;
	uint32_t rec;
	int year;
	const char *initials;
	int initial_count;
};

static int deletion_key(void *ctx, const char *key)
{
	struct deletion_ctx *c = ctx;
	uint64_t h = pt__lk_hash(key, strlen(key), 0x44);
	for (int i = 0; i < c->initial_count; i++)
		emit(c->b, mix(mix(h, (uint64_t)c->year), (uint64_t)(unsigned char)c->initials[i]),
		     c->rec, R_DELETE, 0);
	return PT_OK;
}

static void record_keys(const lk_data *d, uint32_t idx, builder *b)
{
	const lk_rec *r = &d->recs[idx];
	int year = 0, yearless;

	if (r->birth_min && r->birth_max / 10000 == r->birth_min / 10000)
		year = r->birth_min / 10000;
	yearless = year == 0;
	b->numberless = !r->sn;
	b->sn_tag = r->sn_class ? (uint32_t)key_hash(b, d, r->sn_class) : 0;
	if (r->sn) {
		/* the digits, and each with two neighbours swapped: two numbers
		 * one swap apart share a key */
		char digits[32];
		size_t n;
		snprintf(digits, sizeof digits, "%s", d->strings.texts[r->sn]);
		n = strlen(digits);
		if (n >= 4) {
			emit(b, pt__lk_hash(digits, n, 0x4e), idx, R_SN, yearless);
			for (size_t i = 0; i + 1 < n; i++) {
				char t;
				if (digits[i] == digits[i + 1])
					continue;
				t = digits[i];
				digits[i] = digits[i + 1];
				digits[i + 1] = t;
				emit(b, pt__lk_hash(digits, n, 0x4e), idx, R_SN, yearless);
				digits[i + 1] = digits[i];
				digits[i] = t;
			}
		}
	}
	for (uint32_t f = r->name_first; f < r->name_first + r->name_count; f++) {
		const lk_name *nm = &d->names[f];
		const lk_word *sw = nm->surname ? &d->words[nm->surname] : NULL;
		char initials[2 * LK_MAX_KEYS];
		int initial_count = 0;
		uint64_t skeys[2 + 2 * LK_MAX_KEYS];
		int sk;
		if (nm->given_count) {
			const lk_word *g = &d->words[nm->given[0]];
			for (int i = 0; i < g->initial_count; i++)
				initials[initial_count++] = g->initials[i];
			/* the full birth date with the first given name or its groups */
			if (!g->initial && r->birth_min && r->birth_min == r->birth_max) {
				emit(b, mix(key_hash(b, d, g->exact), (uint64_t)r->birth_min), idx,
				     R_BIRTH, 0);
				for (int i = 0; i < g->nick_count; i++)
					emit(b, mix(mix(key_hash(b, d, g->nick[i]), 7),
						    (uint64_t)r->birth_min), idx, R_BIRTH, 0);
			}
		}
		if (!initial_count)
			initials[initial_count++] = '?';      /* no given name: its own letter */
		if (!sw)
			continue;
		if (b->tf)
			tf_keys(d, sw, idx, b);
		sk = surname_keys(d, b, sw, skeys);
		for (int k = 0; k < sk; k++)
			for (int i = 0; i < initial_count; i++) {
				uint64_t base = mix(skeys[k], (uint64_t)(unsigned char)initials[i]);
				if (year) {
					emit(b, mix(base, (uint64_t)year), idx, R_YEAR, 0);
					emit(b, mix(base, (uint64_t)year + 1), idx, R_YEAR, 0);
				}
				emit(b, base, idx, R_NOYEAR, yearless);
			}
		if (year) {
			/* one slip of the pen: the deletion neighbourhood of the Latin
			 * spelling, and the spelling itself */
			struct deletion_ctx c = { b, idx, year, initials, initial_count };
			const char *latin = sw->script == LK_LATIN ? d->strings.texts[sw->exact]
					    : sw->translit_count ? d->strings.texts[sw->translit[0]] : NULL;
			if (latin) {
				b->word = (uint32_t)key_hash(b, d, sw->text);
				deletion_key(&c, latin);
				pt__deletion_keys(latin, deletion_key, &c);
			}
		}
	}
}

/* ---- sorting entries by key ------------------------------------------------------------- */

/* A stable sort by key of the entries that keying made on one or more
 * threads (parts in record order): each part's entries are spread by their
 * key's top 16 bits into one array (part 0's first within a bucket), and
 * each bucket is sorted by the rest, parts of the buckets on each thread.
 * The same entries in the same order as one thread's LSD radix sort. */
#define TOP_SHIFT 48
#define BUCKETS 65536

struct sorting {
	builder *in;
	int in_count;
	entry *out;
	size_t total;
	size_t *at;           /* at[part * BUCKETS + bucket]: where the part's next entry goes */
	size_t *start;        /* start[bucket]: its first entry; start[BUCKETS]: total */
	int failed;
};

/* each thread counts and spreads the entries of a share of the builders */
static void count_part(void *ctx, int part, int parts)
{
	struct sorting *s = ctx;
	for (int in = s->in_count * part / parts; in < s->in_count * (part + 1) / parts; in++) {
		size_t *count = s->at + (size_t)in * BUCKETS;
		const builder *b = &s->in[in];
		for (int c = 0; c <= b->done_count; c++) {
			const entry *e = c < b->done_count ? b->done[c].items : b->items;
			size_t n = c < b->done_count ? b->done[c].count : b->count;
			for (size_t i = 0; i < n; i++)
				count[e[i].key >> TOP_SHIFT]++;
		}
	}
}

static void scatter_part(void *ctx, int part, int parts)
{
	struct sorting *s = ctx;
	for (int in = s->in_count * part / parts; in < s->in_count * (part + 1) / parts; in++) {
		size_t *at = s->at + (size_t)in * BUCKETS;
		const builder *b = &s->in[in];
		/* the chunks in the order they were filled: the sort stays stable */
		for (int c = 0; c <= b->done_count; c++) {
			const entry *e = c < b->done_count ? b->done[c].items : b->items;
			size_t n = c < b->done_count ? b->done[c].count : b->count;
			for (size_t i = 0; i < n; i++)
				s->out[at[e[i].key >> TOP_SHIFT]++] = e[i];
		}
	}
}

/* a stable merge sort of a[0..n) by key, through tmp */
static void merge_sort(entry *a, entry *tmp, size_t n)
{
	size_t half = n / 2, i = 0, j = half, k = 0;
	if (n < 2)
		return;
	merge_sort(a, tmp, half);
	merge_sort(a + half, tmp, n - half);
	while (i < half && j < n)
		tmp[k++] = a[j].key < a[i].key ? a[j++] : a[i++];
	while (i < half)
		tmp[k++] = a[i++];
	memcpy(a, tmp, k * sizeof *a);
}

static void sort_bucket(entry *a, size_t n, entry **tmp, size_t *tmp_cap, int *failed)
{
	if (n <= 32) {
		for (size_t i = 1; i < n; i++) {
			entry e = a[i];
			size_t j = i;
			for (; j > 0 && a[j - 1].key > e.key; j--)
				a[j] = a[j - 1];
			a[j] = e;
		}
		return;
	}
	if (n > *tmp_cap) {
		entry *g = realloc(*tmp, n * sizeof *g);
		if (!g) {
			*failed = 1;
			return;
		}
		*tmp = g;
		*tmp_cap = n;
	}
	merge_sort(a, *tmp, n);
}

static void buckets_part(void *ctx, int part, int parts)
{
	struct sorting *s = ctx;
	size_t lo = 0, hi = BUCKETS, tmp_cap = 0;
	entry *tmp = NULL;
	int failed = 0;
	/* the buckets whose entries start in this part's share of them */
	while (lo < BUCKETS && s->start[lo] < s->total * part / parts)
		lo++;
	while (part + 1 < parts && hi > lo && s->start[hi - 1] >= s->total * (part + 1) / parts)
		hi--;
	for (size_t b = lo; b < hi && !failed; b++)
		sort_bucket(s->out + s->start[b], s->start[b + 1] - s->start[b], &tmp, &tmp_cap,
			    &failed);
	free(tmp);
	if (failed)
		s->failed = 1;
}

/* Sorts the entries of in[0..in_count) into *out (count: *total), freeing
 * the parts' arrays. */
static int sort_entries(builder *in, int in_count, int threads, entry **out, size_t *total)
{
	struct sorting s;
	int rc = PT_OK;

	memset(&s, 0, sizeof s);
	s.in = in;
	s.in_count = in_count;
	for (int p = 0; p < in_count; p++)
		s.total += builder_count(&in[p]);
	*out = NULL;
	*total = 0;
	/* (megabytes of counters: on huge pages, not faulted in page by page) */
	if (!(s.at = pt__lk_big_alloc((size_t)in_count * BUCKETS * sizeof *s.at)) ||
	    !(s.start = malloc((BUCKETS + 1) * sizeof *s.start)) ||
	    (s.total && !(s.out = pt__lk_big_alloc(s.total * sizeof *s.out)))) {
		rc = PT_ENOMEM;
		goto cleanup;
	}
	memset(s.at, 0, (size_t)in_count * BUCKETS * sizeof *s.at);
	pt__lk_parallel(threads, count_part, &s);
	{
		size_t sum = 0;
		for (size_t b = 0; b < BUCKETS; b++) {
			s.start[b] = sum;
			for (int p = 0; p < in_count; p++) {
				size_t c = s.at[(size_t)p * BUCKETS + b];
				s.at[(size_t)p * BUCKETS + b] = sum;
				sum += c;
			}
		}
		s.start[BUCKETS] = sum;
	}
	pt__lk_parallel(threads, scatter_part, &s);
	for (int p = 0; p < in_count; p++)
		builder_release(&in[p]);
	pt__lk_parallel(threads, buckets_part, &s);
	if (s.failed) {
		rc = PT_ENOMEM;
		goto cleanup;
	}
	*out = s.out;
	*total = s.total;
	s.out = NULL;
cleanup:
	free(s.out);
	free(s.at);
	free(s.start);
	return rc;
}

static int u64_order(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;
	return a < b ? -1 : a > b;
}

int pt__lk_sort_pairs(uint64_t *p, size_t n)
{
	/* an LSD radix sort on 16-bit digits; qsort for small arrays */
	uint64_t *tmp;
	size_t *count;
	if (n < 4096) {
		if (n > 0)
			qsort(p, n, sizeof *p, u64_order);
		return PT_OK;
	}
	if (!(tmp = pt__lk_big_alloc(n * sizeof *tmp)) || !(count = malloc(65536 * sizeof *count))) {
		free(tmp);
		return PT_ENOMEM;
	}
	for (int shift = 0; shift < 64; shift += 16) {
		size_t sum = 0;
		memset(count, 0, 65536 * sizeof *count);
		for (size_t i = 0; i < n; i++)
			count[(p[i] >> shift) & 0xffff]++;
		for (size_t i = 0; i < 65536; i++) {
			size_t c = count[i];
			count[i] = sum;
			sum += c;
		}
		for (size_t i = 0; i < n; i++)
			tmp[count[(p[i] >> shift) & 0xffff]++] = p[i];
		/* four passes: the last one leaves them in p again */
		{
			uint64_t *t = p;
			p = tmp;
			tmp = t;
		}
	}
	free(tmp);
	free(count);
	return PT_OK;
}

/* ---- pairs ----------------------------------------------------------------------------- */

struct pairs {
	uint64_t *items;
	size_t count, cap;
	int failed;
};

static void pair_add(struct pairs *p, uint32_t a, uint32_t b)
{
	if (p->count == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 65536;
		uint64_t *g = pt__lk_big_realloc(p->items, cap * sizeof *g);
		if (!g) {
			p->failed = 1;
			return;
		}
		p->items = g;
		p->cap = cap;
	}
	p->items[p->count++] = a < b ? ((uint64_t)a << 32 | b) : ((uint64_t)b << 32 | a);
}

/* ---- entries, as stored and as paired ------------------------------------------------ */

static int64_t entry_info(const entry *e)
{
	return (int64_t)e->rule | (int64_t)e->yearless << 4 | (int64_t)e->numberless << 5 |
	       (int64_t)e->tag << 8;
}

static void entry_from_info(entry *e, uint64_t key, uint32_t rec, int64_t info)
{
	e->key = key;
	e->rec = rec;
	e->rule = (uint8_t)(info & 15);
	e->yearless = (uint8_t)(info >> 4 & 1);
	e->numberless = (uint8_t)(info >> 5 & 1);
	e->tag = (uint32_t)(info >> 8);
}

/* Whether two entries of one bucket make a candidate pair. */
static int pair_wanted(int rule, const entry *x, const entry *y)
{
	/* without a year, a name is worth a candidate only when the service
	 * numbers cannot decide it */
	if (rule == R_NOYEAR && ((!x->yearless && !y->yearless) ||
				 (!x->numberless && !y->numberless && x->tag != y->tag)))
		return 0;
	/* one slip of the pen: spellings that differ (the same spelling meets
	 * by the name rules) */
	if (rule == R_DELETE && x->tag == y->tag)
		return 0;
	return 1;
}

/* Drops the entries a record made twice (two name forms with one key):
 * a bucket counts each record's entry once, as the stored keys do. The
 * radix sort is stable, so a key's entries are in record order. */
static size_t dedupe(entry *items, size_t count)
{
	size_t w = 0;
	for (size_t lo = 0, hi; lo < count; lo = hi) {
		size_t first = w;
		for (hi = lo; hi < count && items[hi].key == items[lo].key; hi++) {
			int dup = 0;
			for (size_t k = w; k-- > first && items[k].rec == items[hi].rec;)
				if (entry_info(&items[k]) == entry_info(&items[hi]))
					dup = 1;
			if (!dup)
				items[w++] = items[hi];
		}
	}
	return w;
}

/* ---- every record keyed, its buckets paired: on each thread a part ------------------- */

/* The records are keyed in blocks, in record order, each into its own
 * builder: a thread takes the next block when it is done with one (the
 * registers' records cost unlike amounts, so halves by count were uneven),
 * and the sort reads the blocks in order. */
#define KEY_BLOCKS 16

struct keying {
	const lk_data *d;
	keyset *filter;
	int tf;
	uint64_t *hashes;      /* text_hash of every interned id (NULL: worked out on use) */
	atomic_int next;       /* the first block no thread has taken */
	int blocks;
	builder block[KEY_BLOCKS];
};

/* The hashes of a part of the interned texts: each text hashed once, not
 * once for every record that has it (a surname key is met by thousands). */
static void hash_part(void *ctx, int part, int parts)
{
	struct keying *k = ctx;
	uint32_t n = k->d->strings.count ? k->d->strings.count : 1;
	uint32_t lo = (uint32_t)((uint64_t)n * part / parts), hi = (uint32_t)((uint64_t)n * (part + 1) / parts);
	for (uint32_t id = lo; id < hi; id++)
		k->hashes[id] = text_hash(k->d, id);
}

static void key_part(void *ctx, int part, int parts)
{
	struct keying *k = ctx;
	uint32_t n = k->d->rec_count;
	int at;
	(void)part;
	(void)parts;
	while ((at = atomic_fetch_add(&k->next, 1)) < k->blocks) {
		builder *b = &k->block[at];
		uint32_t lo = (uint32_t)((uint64_t)n * at / k->blocks);
		uint32_t hi = (uint32_t)((uint64_t)n * (at + 1) / k->blocks);
		b->filter = k->filter;
		b->tf = k->tf;
		b->hashes = k->hashes;
		for (uint32_t i = lo; i < hi && !b->failed; i++)
			record_keys(k->d, i, b);
	}
}

/* The keys of every record (of those in filter, when set), sorted by key,
 * each record's entry once a key. */
static int key_every_record(const lk_data *d, keyset *filter, int tf, entry **items, size_t *count)
{
	struct keying k;
	int parts = d->threads > 1 ? d->threads : 1, rc = PT_OK;

	memset(&k, 0, sizeof k);
	k.d = d;
	k.filter = filter;
	k.tf = tf;
	k.blocks = parts > 1 ? KEY_BLOCKS : 1;
	atomic_init(&k.next, 0);
	/* every text at most once (a run that keys every record meets most) */
	if ((k.hashes = malloc(((size_t)d->strings.count + 1) * sizeof *k.hashes)))
		pt__lk_parallel(parts, hash_part, &k);
	pt__lk_parallel(parts, key_part, &k);
	free(k.hashes);
	k.hashes = NULL;
	for (int b = 0; b < k.blocks; b++)
		if (k.block[b].failed)
			rc = PT_ENOMEM;
	if (!rc)
		rc = sort_entries(k.block, k.blocks, parts, items, count);
	for (int b = 0; b < k.blocks; b++)
		builder_release(&k.block[b]);
	if (!rc)
		*count = dedupe(*items, *count);

	return rc;
}

/* The entries to store (of the new records, or of all) appended to out.
 * An entry and a stored key are the same size: an empty out takes the
 * entries' array itself, each entry rewritten in place as a key (items
 * belongs to out then, and is *items_ref = NULL). */
static int keys_to_store(const lk_data *d, entry **items_ref, size_t count, int all, lk_keys *out)
{
	entry *items = *items_ref;
	size_t n = 0;
	if (sizeof(entry) == sizeof(lk_key) && !out->items) {
		lk_key *k = (lk_key *)(void *)items;
		for (size_t i = 0; i < count; i++) {
			entry e = items[i];
			if (!all && !d->recs[e.rec].is_new)
				continue;
			k[n].key = e.key;
			k[n].person = d->recs[e.rec].id;
			k[n].info = entry_info(&e);
			n++;
		}
		out->items = k;
		out->count = n;
		out->cap = count;
		*items_ref = NULL;
		return PT_OK;
	}
	for (size_t i = 0; i < count; i++)
		n += all || d->recs[items[i].rec].is_new;
	if (out->count + n > out->cap) {
		lk_key *g = realloc(out->items, (out->count + n) * sizeof *g);
		if (!g)
			return PT_ENOMEM;
		out->items = g;
		out->cap = out->count + n;
	}
	for (size_t i = 0; i < count; i++)
		if (all || d->recs[items[i].rec].is_new) {
			lk_key *k = &out->items[out->count++];
			k->key = items[i].key;
			k->person = d->recs[items[i].rec].id;
			k->info = entry_info(&items[i]);
		}
	return PT_OK;
}

struct pairing {
	const lk_data *d;
	const entry *items;
	size_t count;
	struct pairs out[LK_MAX_THREADS];
	size_t skipped[LK_MAX_THREADS];
};

/* where a part of the entries starts: at a key's first entry */
static size_t part_start(const struct pairing *c, int part, int parts)
{
	size_t i = c->count * part / parts;
	while (i > 0 && i < c->count && c->items[i].key == c->items[i - 1].key)
		i++;
	return i;
}

/* The pairs of the buckets that start in this part (pairs with a new
 * record, of buckets within their rule's cap). */
static void pair_part(void *ctx, int part, int parts)
{
	struct pairing *c = ctx;
	const lk_data *d = c->d;
	const entry *items = c->items;
	struct pairs *p = &c->out[part];
	size_t end = part + 1 < parts ? part_start(c, part + 1, parts) : c->count;

	for (size_t lo = part_start(c, part, parts), hi; lo < end; lo = hi) {
		uint32_t rule;
		size_t news = 0;
		for (hi = lo + 1; hi < c->count && items[hi].key == items[lo].key; hi++)
			;
		rule = items[lo].rule;
		if (hi - lo < 2 || rule == R_TF)
			continue;
		if (hi - lo > rule_cap[rule]) {
			c->skipped[part]++;
			continue;
		}
		for (size_t i = lo; i < hi; i++)
			news += d->recs[items[i].rec].is_new;
		if (!news)
			continue;
		for (size_t i = lo; i < hi; i++) {
			const entry *x = &items[i];
			for (size_t j = i + 1; j < hi; j++) {
				const entry *y = &items[j];
				if (x->rec == y->rec)
					continue;
				if (!d->recs[x->rec].is_new && !d->recs[y->rec].is_new)
					continue;
				if (pair_wanted((int)rule, x, y))
					pair_add(p, x->rec, y->rec);
			}
		}
		if (p->failed)
			break;
	}
}

/* The pairs of every bucket, sorted and unique. */
static int pair_buckets(const lk_data *d, const entry *items, size_t count, uint64_t **pairs_out,
			size_t *count_out, size_t *skipped)
{
	struct pairing c;
	struct pairs all = { NULL, 0, 0, 0 };
	int parts = d->threads > 1 ? d->threads : 1, rc = PT_OK;

	memset(&c, 0, sizeof c);
	c.d = d;
	c.items = items;
	c.count = count;
	pt__lk_parallel(parts, pair_part, &c);
	for (int p = 0; p < parts; p++) {
		*skipped += c.skipped[p];
		if (c.out[p].failed)
			rc = PT_ENOMEM;
		all.count += c.out[p].count;
	}
	if (rc)
		goto cleanup;
	if (parts == 1) {
		all = c.out[0];
		c.out[0].items = NULL;
	} else if (all.count) {
		size_t at = 0;
		if (!(all.items = pt__lk_big_alloc(all.count * sizeof *all.items))) {
			rc = PT_ENOMEM;
			goto cleanup;
		}
		for (int p = 0; p < parts; p++) {
			if (c.out[p].count)
				memcpy(all.items + at, c.out[p].items, c.out[p].count * sizeof *all.items);
			at += c.out[p].count;
		}
	}
	if ((rc = pt__lk_sort_pairs(all.items, all.count)))
		goto cleanup;
	{
		size_t w = 0;
		for (size_t i = 0; i < all.count; i++)
			if (i == 0 || all.items[i] != all.items[i - 1])
				all.items[w++] = all.items[i];
		all.count = w;
	}
	*pairs_out = all.items;
	*count_out = all.count;
	all.items = NULL;
cleanup:
	free(all.items);
	for (int p = 0; p < parts; p++)
		free(c.out[p].items);
	return rc;
}

int pt__lk_candidates(const lk_data *d, int store_all, lk_keys *keys_out, uint64_t **pairs_out,
		      size_t *count_out, size_t *skipped_buckets)
{
	builder b = { .items = NULL };
	keyset ks = { NULL, 0, NULL, 0 };
	entry *items = NULL;
	size_t count = 0, skipped = 0;
	int rc = PT_OK;

	*pairs_out = NULL;
	*count_out = 0;
	if (d->new_count == 0 && !store_all)
		return PT_OK;
	if (d->new_count < d->rec_count / 2 && !store_all) {
		/* a few new records: only the keys they have matter */
		size_t size = 1024;
		while (size < (size_t)d->new_count * 64)
			size *= 2;
		if (!(ks.slots = calloc(size, sizeof *ks.slots)) ||
		    !(ks.bits = calloc(size / 16, sizeof *ks.bits))) {
			free(ks.slots);
			return PT_ENOMEM;
		}
		ks.size = size;
		ks.bit_mask = size * 4 - 1;       /* 4 bits a slot: 256 bits a new record */
		b.tf = keys_out != NULL;
		b.collect = &ks;
		for (uint32_t i = 0; i < d->rec_count; i++)
			if (d->recs[i].is_new)
				record_keys(d, i, &b);
	}
	if ((rc = key_every_record(d, ks.size ? &ks : NULL, keys_out != NULL, &items, &count)) ||
	    (rc = pair_buckets(d, items, count, pairs_out, count_out, &skipped)))
		goto cleanup;
	/* the keys to store last: they may take the entries' place */
	if (keys_out && (rc = keys_to_store(d, &items, count, store_all, keys_out))) {
		free(*pairs_out);
		*pairs_out = NULL;
		*count_out = 0;
	}
cleanup:
	free(items);
	free(ks.slots);
	free(ks.bits);
	if (skipped_buckets)
		*skipped_buckets = skipped;
	return rc;
}

/* ---- candidates from the stored keys ---------------------------------------------------- */

static int id_pair_add(lk_id_pairs *p, int64_t a, int64_t b)
{
	if (p->count == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 4096;
		int64_t (*g)[2] = realloc(p->items, cap * sizeof *g);
		if (!g)
			return PT_ENOMEM;
		p->items = g;
		p->cap = cap;
	}
	p->items[p->count][0] = a;
	p->items[p->count][1] = b;
	p->count++;
	return PT_OK;
}

/* The pairs of one bucket: its new entries new[0..n) among themselves and
 * with the stored ones. */
static int bucket_pairs(const lk_data *d, int rule, const entry *news, size_t n,
			const entry *stored, const int64_t *ids, int stored_count, lk_id_pairs *out)
{
	int rc = PT_OK;
	for (size_t i = 0; i < n && !rc; i++) {
		const entry *x = &news[i];
		for (size_t j = i + 1; j < n && !rc; j++)
			if (news[j].rec != x->rec && pair_wanted(rule, x, &news[j]))
				rc = id_pair_add(out, d->recs[x->rec].id, d->recs[news[j].rec].id);
		for (int j = 0; j < stored_count && !rc; j++)
			if (pair_wanted(rule, x, &stored[j]))
				rc = id_pair_add(out, d->recs[x->rec].id, ids[j]);
	}
	return rc;
}

static int tf_count_add(lk_tf_counts *tf, uint64_t key, size_t count)
{
	if (tf->count == tf->cap) {
		size_t cap = tf->cap ? tf->cap * 2 : 1024;
		lk_tf_count *g = realloc(tf->items, cap * sizeof *g);
		if (!g)
			return PT_ENOMEM;
		tf->items = g;
		tf->cap = cap;
	}
	tf->items[tf->count].key = key;
	tf->items[tf->count].count = count > UINT32_MAX ? UINT32_MAX : (uint32_t)count;
	tf->count++;
	return PT_OK;
}

int pt__lk_tf_counts_find(const lk_tf_counts *tf, uint64_t key, uint32_t *count)
{
	size_t lo = 0, hi = tf ? tf->count : 0;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (tf->items[mid].key < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (!tf || lo == tf->count || tf->items[lo].key != key)
		return 0;
	*count = tf->items[lo].count;
	return 1;
}

/* The look-ups of the buckets of items[0, count), sorted by key: their
 * pairs and term-frequency counts in key order. */
struct lookup {
	pt_db *db;
	const lk_data *d;
	const entry *items;
	size_t count;
	int want_tf;
	lk_id_pairs pairs;
	lk_tf_counts tf;
	int rc;
};

static void lookup_run(struct lookup *lk)
{
	lk_key_reader reader;
	lk_keys found = { NULL, 0, 0 };
	entry stored[512];
	int64_t ids[512];
	const entry *items = lk->items;
	int rc = PT_OK;

	memset(&reader, 0, sizeof reader);
	for (size_t lo = 0, hi; lo < lk->count && !rc; lo = hi) {
		uint32_t rule = items[lo].rule;
		size_t n;
		for (hi = lo + 1; hi < lk->count && items[hi].key == items[lo].key; hi++)
			;
		n = hi - lo;
		/* a term-frequency key: its records once the new ones' keys are
		 * stored (they are, as they come here), looked up on the way
		 * along the rows */
		if (rule == R_TF) {
			if (lk->want_tf &&
			    ((rc = pt__lk_key_lookup(lk->db, &reader, items[lo].key, SIZE_MAX, &found)) ||
			     (rc = tf_count_add(&lk->tf, items[lo].key, found.count + n))))
				break;
			continue;
		}
		/* a bucket over its cap is skipped, as a run over every record does */
		if (n > rule_cap[rule])
			continue;
		if ((rc = pt__lk_key_lookup(lk->db, &reader, items[lo].key, rule_cap[rule] - n + 1,
					    &found)))
			break;
		if (n + found.count > rule_cap[rule] || n + found.count < 2)
			continue;
		for (size_t j = 0; j < found.count; j++) {
			ids[j] = found.items[j].person;
			entry_from_info(&stored[j], items[lo].key, UINT32_MAX, found.items[j].info);
		}
		rc = bucket_pairs(lk->d, (int)rule, &items[lo], n, stored, ids, (int)found.count,
				  &lk->pairs);
	}
	pt__lk_key_reader_release(&reader);
	pt__lk_keys_release(&found);
	lk->rc = rc;
}

int pt__lk_candidates_stored(pt_db *db, const lk_data *d, lk_keys *keys_out, lk_id_pairs *out,
			     lk_tf_counts *tf_out)
{
	builder b = { .tf = 1 };
	struct lookup lk;
	int rc = PT_OK;

	memset(&lk, 0, sizeof lk);
	for (uint32_t i = 0; i < d->rec_count && !b.failed; i++)
		if (d->recs[i].is_new)
			record_keys(d, i, &b);
	if (b.failed) {
		rc = PT_ENOMEM;
		goto cleanup;
	}
	{
		entry *sorted = NULL;
		size_t count = 0;
		if ((rc = sort_entries(&b, 1, 1, &sorted, &count)))
			goto cleanup;
		b.items = sorted;
		b.count = b.cap = count;
	}
	b.count = dedupe(b.items, b.count);
	for (size_t i = 0; i < b.count; i++)
		if ((rc = pt__lk_keys_add(keys_out, b.items[i].key, d->recs[b.items[i].rec].id,
					  entry_info(&b.items[i]))))
			goto cleanup;
	lk.db = db;
	lk.d = d;
	lk.items = b.items;
	lk.count = b.count;
	lk.want_tf = tf_out != NULL;
	lookup_run(&lk);
	if ((rc = lk.rc))
		goto cleanup;
	/* handed over */
	free(out->items);
	*out = lk.pairs;
	lk.pairs.items = NULL;
	if (tf_out) {
		free(tf_out->items);
		*tf_out = lk.tf;
		lk.tf.items = NULL;
	}
cleanup:
	free(lk.pairs.items);
	free(lk.tf.items);
	builder_release(&b);
	if (rc == PT_ENOMEM)
		pt__error(db, rc, "out of memory");
	return rc;
}
