/*
 * buf.c - the growable string buffer every module uses instead of scattered
 * malloc/strcat, with a size cap so that a runaway input is an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/core.h"

static int grow(pt__buf *b, size_t extra)
{
	size_t max = b->max ? b->max : PT__BUF_DEFAULT_MAX;
	size_t need, cap;
	char *data;

	if (b->failed)
		return PT_ENOMEM;
	if (extra > max || b->len + extra + 1 > max) {
		b->failed = 1;
		return PT_EINVAL;
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return PT_OK;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	if (cap > max)
		cap = max;
	data = realloc(b->data, cap);
	if (!data) {
		b->failed = 1;
		return PT_ENOMEM;
	}
	b->data = data;
	b->cap = cap;
	return PT_OK;
}

int pt__buf_add(pt__buf *b, const char *data, size_t len)
{
	int rc = grow(b, len);
	if (rc)
		return rc;
	if (len)
		memcpy(b->data + b->len, data, len);
	b->len += len;
	b->data[b->len] = '\0';
	return PT_OK;
}

int pt__buf_puts(pt__buf *b, const char *s)
{
	return pt__buf_add(b, s, strlen(s));
}

int pt__buf_putc(pt__buf *b, char c)
{
	return pt__buf_add(b, &c, 1);
}

int pt__buf_vprintf(pt__buf *b, const char *fmt, va_list ap)
{
	va_list copy;
	int n, rc;

	va_copy(copy, ap);
	n = vsnprintf(NULL, 0, fmt, copy);
	va_end(copy);
	if (n < 0)
		return PT_EINVAL;
	rc = grow(b, (size_t)n);
	if (rc)
		return rc;
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return PT_OK;
}

int pt__buf_printf(pt__buf *b, const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = pt__buf_vprintf(b, fmt, ap);
	va_end(ap);
	return rc;
}

const char *pt__buf_str(const pt__buf *b)
{
	return b->data ? b->data : "";
}

char *pt__buf_detach(pt__buf *b)
{
	char *data = b->data;
	if (!data)
		data = calloc(1, 1);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
	return data;
}

void pt__buf_reset(pt__buf *b)
{
	b->len = 0;
	b->failed = 0;
	if (b->data)
		b->data[0] = '\0';
}

void pt__buf_release(pt__buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
	b->failed = 0;
}

char *pt__strdup(const char *s)
{
	size_t n;
	char *copy;
	if (!s)
		return NULL;
	n = strlen(s) + 1;
	copy = malloc(n);
	if (copy)
		memcpy(copy, s, n);
	return copy;
}

void pt_free(void *ptr)
{
	free(ptr);
}
