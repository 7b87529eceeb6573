/*
 * cache.c - answers kept for the next reader who asks the same. The
 * database is read-only while it is served, so an answer is a function of
 * its address and of the file it was read from: an answer made from a file
 * that has since been replaced is never given again. Bounded by bytes (the
 * least recently used answers go first) and by the size of one answer;
 * one lock, held only to look up, insert and unlink.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

#define BUCKETS 4096
#define ENTRY_MAX (1u << 20)   /* an answer larger than this is not kept */

struct entry {
	struct entry *next_in_bucket;
	struct entry *newer, *older;  /* the LRU list */
	unsigned long long hash;
	unsigned generation;
	char *key;
	int status;
	char type[64];
	char total[24];
	char *body;
	size_t len, cost;
};

static struct {
	pthread_mutex_t lock;
	struct entry *buckets[BUCKETS];
	struct entry *newest, *oldest;
	size_t bytes, max;
	int ready;
} cache = { PTHREAD_MUTEX_INITIALIZER, { 0 }, NULL, NULL, 0, 0, 0 };

static unsigned long long hash_of(const char *s)
{
	unsigned long long h = 1469598103934665603ULL;
	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ULL;
	return h;
}

static void unlink_entry(struct entry *e)
{
	struct entry **p = &cache.buckets[e->hash % BUCKETS];
	while (*p && *p != e)
		p = &(*p)->next_in_bucket;
	if (*p)
		*p = e->next_in_bucket;
	if (e->newer)
		e->newer->older = e->older;
	else
		cache.newest = e->older;
	if (e->older)
		e->older->newer = e->newer;
	else
		cache.oldest = e->newer;
	cache.bytes -= e->cost;
	free(e->key);
	free(e->body);
	free(e);
}

void web_cache_init(size_t max_bytes)
{
	cache.max = max_bytes;
	cache.ready = 1;
}

void web_cache_free(void)
{
	pthread_mutex_lock(&cache.lock);
	while (cache.oldest)
		unlink_entry(cache.oldest);
	cache.ready = 0;
	pthread_mutex_unlock(&cache.lock);
}

int web_cache_get(const char *key, unsigned generation, struct web_response *rs)
{
	unsigned long long h;
	struct entry *e;
	int found = 0;

	if (!cache.max || !key)
		return 0;
	h = hash_of(key);
	pthread_mutex_lock(&cache.lock);
	for (e = cache.buckets[h % BUCKETS]; e; e = e->next_in_bucket)
		if (e->hash == h && !strcmp(e->key, key))
			break;
	if (e && e->generation != generation) {
		unlink_entry(e);   /* read from a file that has been replaced */
		e = NULL;
	}
	if (e) {
		/* the newest now */
		if (e->newer) {
			e->newer->older = e->older;
			if (e->older)
				e->older->newer = e->newer;
			else
				cache.oldest = e->newer;
			e->older = cache.newest;
			e->newer = NULL;
			cache.newest->newer = e;
			cache.newest = e;
		}
		rs->status = e->status;
		memcpy(rs->total, e->total, sizeof rs->total);
		wbuf_add(&rs->body, e->body, e->len);
		rs->type = NULL;
		/* the type is copied: the entry may go once the lock is released */
		memcpy(rs->cached_type, e->type, sizeof rs->cached_type);
		rs->type = rs->cached_type;
		found = !rs->body.failed;
	}
	pthread_mutex_unlock(&cache.lock);
	return found;
}

void web_cache_put(const char *key, unsigned generation, const struct web_response *rs)
{
	struct entry *e;
	unsigned long long h;

	if (!cache.max || !key || rs->body.failed || rs->next || rs->disposition[0] ||
	    rs->location[0] || (rs->status != 200 && rs->status != 404) || rs->body.len > ENTRY_MAX ||
	    !rs->type || strlen(rs->type) >= sizeof e->type)
		return;
	if (rs->body.len + strlen(key) + sizeof *e > cache.max || !(e = calloc(1, sizeof *e)))
		return;
	e->key = strdup(key);
	e->body = malloc(rs->body.len ? rs->body.len : 1);
	if (!e->key || !e->body) {
		free(e->key);
		free(e->body);
		free(e);
		return;
	}
	memcpy(e->body, rs->body.data ? rs->body.data : "", rs->body.len);
	e->len = rs->body.len;
	e->cost = rs->body.len + strlen(key) + sizeof *e;
	e->status = rs->status;
	e->generation = generation;
	memcpy(e->type, rs->type, strlen(rs->type) + 1);
	memcpy(e->total, rs->total, sizeof e->total);
	h = e->hash = hash_of(key);
	pthread_mutex_lock(&cache.lock);
	{
		struct entry *old;
		for (old = cache.buckets[h % BUCKETS]; old; old = old->next_in_bucket)
			if (old->hash == h && !strcmp(old->key, key))
				break;
		if (old)
			unlink_entry(old);
	}
	while (cache.oldest && cache.bytes + e->cost > cache.max)
		unlink_entry(cache.oldest);
	e->next_in_bucket = cache.buckets[h % BUCKETS];
	cache.buckets[h % BUCKETS] = e;
	e->older = cache.newest;
	if (cache.newest)
		cache.newest->newer = e;
	cache.newest = e;
	if (!cache.oldest)
		cache.oldest = e;
	cache.bytes += e->cost;
	pthread_mutex_unlock(&cache.lock);
}
