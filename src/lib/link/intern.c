/*
 * intern.c - each distinct string the linker meets (spellings, keys, service
 * numbers, units) as one number, so that comparing keys is comparing
 * integers: an open-addressing hash table of ids into an array of texts.
 */
#include <stdlib.h>
#include <string.h>

#include "link/link.h"

uint64_t pt__lk_hash(const void *data, size_t len, uint64_t seed)
{
	/* FNV-1a, then a final mix */
	const unsigned char *p = data;
	uint64_t h = 1469598103934665603ULL ^ seed;
	for (size_t i = 0; i < len; i++) {
		h ^= p[i];
		h *= 1099511628211ULL;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return h;
}

static int grow(lk_intern *in)
{
	uint32_t size = in->slot_count ? in->slot_count * 2 : 1024;
	uint32_t *slots = calloc(size, sizeof *slots);
	if (!slots)
		return PT_ENOMEM;
	for (uint32_t id = 1; id < in->count; id++) {
		const char *t = in->texts[id];
		uint32_t s = (uint32_t)pt__lk_hash(t, strlen(t), 0) & (size - 1);
		while (slots[s])
			s = (s + 1) & (size - 1);
		slots[s] = id;
	}
	free(in->slots);
	in->slots = slots;
	in->slot_count = size;
	return PT_OK;
}

uint32_t pt__lk_intern_find(const lk_intern *in, const char *text)
{
	uint32_t s;
	if (!in->slot_count || !text)
		return 0;
	s = (uint32_t)pt__lk_hash(text, strlen(text), 0) & (in->slot_count - 1);
	while (in->slots[s]) {
		if (!strcmp(in->texts[in->slots[s]], text))
			return in->slots[s];
		s = (s + 1) & (in->slot_count - 1);
	}
	return 0;
}

uint32_t pt__lk_intern_id(lk_intern *in, const char *text, int *rc)
{
	uint32_t id, s;
	if (!text)
		return 0;
	if ((id = pt__lk_intern_find(in, text)))
		return id;
	if (in->count == 0)
		in->count = 1;        /* id 0 means none */
	if ((uint64_t)(in->count + 1) * 2 > in->slot_count && grow(in)) {
		*rc = PT_ENOMEM;
		return 0;
	}
	if (in->count >= in->cap) {
		uint32_t cap = in->cap ? in->cap * 2 : 1024;
		char **texts = realloc(in->texts, cap * sizeof *texts);
		if (!texts) {
			*rc = PT_ENOMEM;
			return 0;
		}
		in->texts = texts;
		in->cap = cap;
	}
	if (!(in->texts[in->count] = pt__strdup(text))) {
		*rc = PT_ENOMEM;
		return 0;
	}
	id = in->count++;
	s = (uint32_t)pt__lk_hash(text, strlen(text), 0) & (in->slot_count - 1);
	while (in->slots[s])
		s = (s + 1) & (in->slot_count - 1);
	in->slots[s] = id;
	return id;
}

void pt__lk_intern_release(lk_intern *in)
{
	for (uint32_t id = 1; id < in->count; id++)
		free(in->texts[id]);
	free(in->texts);
	free(in->slots);
	memset(in, 0, sizeof *in);
}
