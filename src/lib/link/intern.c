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
		uint32_t s = in->hashes[id] & (size - 1);
		while (slots[s])
			s = (s + 1) & (size - 1);
		slots[s] = id;
	}
	free(in->slots);
	in->slots = slots;
	in->slot_count = size;
	return PT_OK;
}

/* The slot of text (hash h): its id's, or the empty one where it would go. */
static uint32_t probe(const lk_intern *in, const char *text, uint32_t h)
{
	uint32_t s = h & (in->slot_count - 1);
	while (in->slots[s]) {
		uint32_t id = in->slots[s];
		if (in->hashes[id] == h && !strcmp(in->texts[id], text))
			break;
		s = (s + 1) & (in->slot_count - 1);
	}
	return s;
}

uint32_t pt__lk_intern_find(const lk_intern *in, const char *text)
{
	if (!in->slot_count || !text)
		return 0;
	return in->slots[probe(in, text, (uint32_t)pt__lk_hash(text, strlen(text), 0))];
}

uint32_t pt__lk_intern_id(lk_intern *in, const char *text, int *rc)
{
	uint32_t id, s, h;
	size_t len;
	if (!text)
		return 0;
	len = strlen(text);
	h = (uint32_t)pt__lk_hash(text, len, 0);
	if (in->slot_count && (id = in->slots[probe(in, text, h)]))
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
		uint32_t *hashes;
		if (!texts) {
			*rc = PT_ENOMEM;
			return 0;
		}
		in->texts = texts;
		if (!(hashes = realloc(in->hashes, cap * sizeof *hashes))) {
			*rc = PT_ENOMEM;
			return 0;
		}
		in->hashes = hashes;
		in->cap = cap;
	}
	if (!(in->texts[in->count] = malloc(len + 1))) {
		*rc = PT_ENOMEM;
		return 0;
	}
	memcpy(in->texts[in->count], text, len + 1);
	in->hashes[in->count] = h;
	id = in->count++;
	s = probe(in, text, h);
	in->slots[s] = id;
	return id;
}

void pt__lk_intern_release(lk_intern *in)
{
	for (uint32_t id = 1; id < in->count; id++)
		free(in->texts[id]);
	free(in->texts);
	free(in->hashes);
	free(in->slots);
	memset(in, 0, sizeof *in);
}
