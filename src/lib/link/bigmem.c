/*
 * bigmem.c - the linker's big arrays (keys, pairs, scores: tens to hundreds
 * of megabytes at 100,000 men) asked to be backed by huge pages where the
 * system does that on request (Linux with transparent huge pages in
 * "madvise" mode). A run touches several hundred megabytes of fresh memory
 * once; in 4 KiB pages that was 170,000 page faults, a fifth of the first
 * run's CPU time on a virtual machine. Elsewhere the arrays are plain
 * malloc'd memory.
 */
#define _DEFAULT_SOURCE /* madvise, MADV_HUGEPAGE */
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "link/link.h"

#define HUGE_FROM ((size_t)4 << 20)   /* smaller arrays: not worth a system call */

void pt__lk_big_advise(void *p, size_t size)
{
#ifdef MADV_HUGEPAGE
	long page = sysconf(_SC_PAGESIZE);
	uintptr_t from, to, mask;
	if (!p || size < HUGE_FROM || page <= 0)
		return;
	mask = (uintptr_t)page - 1;
	from = ((uintptr_t)p + mask) & ~mask;
	to = ((uintptr_t)p + size) & ~mask;
	if (to > from)
		(void)madvise((void *)from, to - from, MADV_HUGEPAGE);   /* advice: may be refused */
#else
	(void)p;
	(void)size;
#endif
}

void *pt__lk_big_alloc(size_t size)
{
	void *p = malloc(size);
	pt__lk_big_advise(p, size);
	return p;
}

void *pt__lk_big_realloc(void *old, size_t size)
{
	void *p = realloc(old, size);
	pt__lk_big_advise(p, size);
	return p;
}
