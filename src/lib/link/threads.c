/*
 * threads.c - the second core for `powtrace link`: pure computation on the
 * records in memory (keying them, sorting the keys, comparing the pairs)
 * split into parts, each part written to its own output, so that the result
 * is the one a single thread gives whatever the number of threads. SQLite
 * is used by the calling thread only. A thread that cannot be started is no
 * error: its part runs on the calling thread.
 */
#include <pthread.h>
#include <unistd.h>

#include "link/link.h"

int pt__lk_threads(int wanted)
{
	long cores;
	if (wanted > 0)
		return wanted < LK_MAX_THREADS ? wanted : LK_MAX_THREADS;
	cores = sysconf(_SC_NPROCESSORS_ONLN);
	if (cores < 1)
		return 1;
	return cores < LK_MAX_THREADS ? (int)cores : LK_MAX_THREADS;
}

struct part {
	void (*fn)(void *ctx, int part, int parts);
	void *ctx;
	int part, parts;
};

static void *run_part(void *arg)
{
	struct part *p = arg;
	p->fn(p->ctx, p->part, p->parts);
	return NULL;
}

void pt__lk_parallel(int parts, void (*fn)(void *ctx, int part, int parts), void *ctx)
{
	pthread_t thread[LK_MAX_THREADS];
	struct part part[LK_MAX_THREADS];
	int started[LK_MAX_THREADS] = { 0 };

	if (parts < 1)
		parts = 1;
	if (parts > LK_MAX_THREADS)
		parts = LK_MAX_THREADS;
	for (int i = 0; i < parts; i++) {
		part[i].fn = fn;
		part[i].ctx = ctx;
		part[i].part = i;
		part[i].parts = parts;
	}
	for (int i = 1; i < parts; i++)
		started[i] = pthread_create(&thread[i], NULL, run_part, &part[i]) == 0;
	fn(ctx, 0, parts);
	for (int i = 1; i < parts; i++) {
		if (started[i])
			pthread_join(thread[i], NULL);
		else
			fn(ctx, i, parts);
	}
}

static void *run_task(void *arg)
{
	lk_task *t = arg;
	t->fn(t->ctx);
	return NULL;
}

void pt__lk_task_start(lk_task *t, void (*fn)(void *ctx), void *ctx)
{
	t->fn = fn;
	t->ctx = ctx;
	t->started = pthread_create(&t->thread, NULL, run_task, t) == 0;
	if (!t->started)
		fn(ctx);
}

void pt__lk_task_join(lk_task *t)
{
	if (t->started)
		pthread_join(t->thread, NULL);
	t->started = 0;
}
