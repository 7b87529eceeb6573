/*
 * strmap.c - a hash map from strings to numbers, for the checks that would
 * otherwise compare every item with every other (a header of 100,000
 * columns: which names repeat, which fields are taken). Open addressing,
 * FNV-1a, the table doubled at half full; keys are copied.
 */
#include <stdlib.h>
#include <string.h>

#include "core/core.h"
#include "core/strmap.h"

struct slot {
	char *key;      /* NULL: empty */
	long value;
};

struct pt__strmap {
	struct slot *slots;
	size_t cap;     /* a power of two */
	size_t count;
};

static size_t hash(const char *s)
{
	size_t h = (size_t)14695981039346656037ull;
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= (size_t)1099511628211ull;
	}
	return h;
}

pt__strmap *pt__strmap_new(void)
{
	pt__strmap *m = calloc(1, sizeof *m);
	if (!m)
		return NULL;
	m->cap = 64;
	if (!(m->slots = calloc(m->cap, sizeof *m->slots))) {
		free(m);
		return NULL;
	}
	return m;
}

void pt__strmap_free(pt__strmap *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->cap; i++)
		free(m->slots[i].key);
	free(m->slots);
	free(m);
}

static struct slot *find(const pt__strmap *m, const char *key)
{
	size_t mask = m->cap - 1, i = hash(key) & mask;
	while (m->slots[i].key && strcmp(m->slots[i].key, key))
		i = (i + 1) & mask;
	return &m->slots[i];
}

long pt__strmap_get(const pt__strmap *m, const char *key)
{
	const struct slot *s;
	if (!m || !key)
		return -1;
	s = find(m, key);
	return s->key ? s->value : -1;
}

static int grow(pt__strmap *m)
{
	struct slot *old = m->slots;
	size_t old_cap = m->cap;
	struct slot *slots = calloc(old_cap * 2, sizeof *slots);
	if (!slots)
		return PT_ENOMEM;
	m->slots = slots;
	m->cap = old_cap * 2;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].key)
			*find(m, old[i].key) = old[i];
	free(old);
	return PT_OK;
}

int pt__strmap_put(pt__strmap *m, const char *key, long value)
{
	struct slot *s;
	if ((m->count + 1) * 2 > m->cap && grow(m))
		return PT_ENOMEM;
	s = find(m, key);
	if (!s->key) {
		if (!(s->key = pt__strdup(key)))
			return PT_ENOMEM;
		m->count++;
	}
	s->value = value;
	return PT_OK;
}
