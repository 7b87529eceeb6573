/*
 * intern.c - each distinct string the linker meets (spellings, keys, service
 * numbers, units) as one number, so that comparing keys is comparing
 * integers: an open-addressing hash table of ids into an array of texts.
 * A slot holds the text's hash beside its id, so that a probe reads the
 * text only when the hashes agree; the texts are packed in large blocks,
 * not allocated one by one.
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
	uint64_t *slots = calloc(size, sizeof *slots);
	if (!slots)
		return PT_ENOMEM;
	for (uint32_t i = 0; i < in->slot_count; i++) {
		uint64_t v = in->slots[i];
		uint32_t s;
		if (!v)
			continue;
		s = (uint32_t)(v >> 32) & (size - 1);
		while (slots[s])
			s = (s + 1) & (size - 1);
		slots[s] = v;
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
	uint64_t v;
	while ((v = in->slots[s])) {
		if ((uint32_t)(v >> 32) == h && !strcmp(in->texts[(uint32_t)v], text))
			break;
		s = (s + 1) & (in->slot_count - 1);
	}
	return s;
}

uint32_t pt__lk_intern_find(const lk_intern *in, const char *text)
{
	if (!in->slot_count || !text)
		return 0;
	return (uint32_t)in->slots[probe(in, text, (uint32_t)pt__lk_hash(text, strlen(text), 0))];
}

/* A copy of text[0..len] in the current block (a new block when it is full;
 * the blocks are chained through their first bytes). */
static char *copy_text(lk_intern *in, const char *text, size_t len)
{
	enum { BLOCK = 65536, LINK = sizeof(char *) };
	char *t;
	if (!in->block || in->block_used + len + 1 > in->block_size) {
		size_t size = len + 1 + LINK > BLOCK ? len + 1 + LINK : BLOCK;
		char *block = malloc(size);
		if (!block)
			return NULL;
		memcpy(block, &in->block, LINK);     /* the block before */
		in->block = block;
		in->block_used = LINK;
		in->block_size = size;
	}
	t = in->block + in->block_used;
	memcpy(t, text, len + 1);
	in->block_used += len + 1;
	return t;
}

uint32_t pt__lk_intern_id(lk_intern *in, const char *text, int *rc)
{
	return pt__lk_intern_put(in, text, NULL, rc);
}

uint32_t pt__lk_intern_put(lk_intern *in, const char *text, int *added, int *rc)
{
	uint32_t id, s = 0, h;
	size_t len;
	if (added)
		*added = 0;
	if (!text)
		return 0;
	len = strlen(text);
	h = (uint32_t)pt__lk_hash(text, len, 0);
	if (in->slot_count && (id = (uint32_t)in->slots[s = probe(in, text, h)]))
		return id;
	if (in->count == 0)
		in->count = 1;        /* id 0 means none */
	if ((uint64_t)(in->count + 1) * 2 > in->slot_count) {
		if (grow(in)) {
			*rc = PT_ENOMEM;
			return 0;
		}
		s = probe(in, text, h);
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
	if (!(in->texts[in->count] = copy_text(in, text, len))) {
		*rc = PT_ENOMEM;
		return 0;
	}
	id = in->count++;
	in->slots[s] = (uint64_t)h << 32 | id;
	if (added)
		*added = 1;
	return id;
}

void pt__lk_intern_release(lk_intern *in)
{
	while (in->block) {
		char *before;
		memcpy(&before, in->block, sizeof before);
		free(in->block);
		in->block = before;
	}
	free(in->texts);
	free(in->slots);
	memset(in, 0, sizeof *in);
}
