/*
 * buf.c - the website's output buffer: it grows as a page is written, up to
 * a cap, past which it drops what comes and remembers that it failed (the
 * server then answers 500 instead of half a page).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

void wbuf_init(struct wbuf *b, size_t max)
{
	memset(b, 0, sizeof *b);
	b->max = max;
}

static int grow(struct wbuf *b, size_t need)
{
	size_t cap;
	char *grown;

	if (b->failed)
		return -1;
	if (need > b->max) {
		b->failed = 1;
		return -1;
	}
	if (need + 1 <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 16384;   /* a dossier or a page of hits fits, no copy */
	while (cap < need + 1)
		cap *= 2;
	if (!(grown = realloc(b->data, cap))) {
		b->failed = 1;
		return -1;
	}
	b->data = grown;
	b->cap = cap;
	return 0;
}

void wbuf_add_growing(struct wbuf *b, const char *s, size_t n)
{
	if (grow(b, b->len + n))
		return;
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void wbuf_num(struct wbuf *b, long long n)
{
	char digits[24];
	size_t at = sizeof digits;
	unsigned long long u = n < 0 ? 0ULL - (unsigned long long)n : (unsigned long long)n;
	do {
		digits[--at] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (n < 0)
		digits[--at] = '-';
	wbuf_add(b, digits + at, sizeof digits - at);
}

void wbuf_printf(struct wbuf *b, const char *fmt, ...)
{
	va_list ap;
	int n;
	char small[256];

	va_start(ap, fmt);
	n = vsnprintf(small, sizeof small, fmt, ap);
	va_end(ap);
	if (n < 0) {
		b->failed = 1;
		return;
	}
	if ((size_t)n < sizeof small) {
		wbuf_add(b, small, (size_t)n);
		return;
	}
	if (grow(b, b->len + (size_t)n))
		return;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
}

void wbuf_release(struct wbuf *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}
