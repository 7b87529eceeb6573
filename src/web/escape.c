/*
 * escape.c - every value the website writes is escaped for where it goes:
 * HTML text and attribute values, URL parts, CSV cells. Names in the
 * records are data from outside ("<script>", "\"><img onerror=...>"):
 * nothing in them may become markup, a link or a formula.
 */
#include <string.h>

#include "web.h"

/* Length of the UTF-8 sequence at s (at most n bytes) and its code point;
 * 0 when the bytes are not a well-formed sequence. */
static size_t utf8_decode(const unsigned char *s, size_t n, unsigned *cp)
{
	unsigned c = s[0], min;
	size_t len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2, c &= 0x1f, min = 0x80;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3, c &= 0x0f, min = 0x800;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4, c &= 0x07, min = 0x10000;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

int utf8_valid(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	while (i < n) {
		unsigned cp;
		size_t len = utf8_decode(p + i, n - i, &cp);
		if (!len || cp == 0)
			return 0;
		i += len;
	}
	return 1;
}

size_t utf8_length(const char *s)
{
	size_t n = 0;
	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* The ASCII bytes that HTML text and attribute values take as they are:
 * printable but & < > " ', and tab and newline. */
static const unsigned char html_plain[128] = {
	0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0,   /* 0x00: tab, newline */
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	1, 1, 0, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1,   /* 0x20: not " & ' */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1,   /* 0x30: not < > */
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
	1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0,   /* 0x70: not DEL */
};

void esc_html(struct wbuf *b, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n, start = 0, i = 0;

	if (!s)
		return;
	n = strlen(s);
	while (i < n) {
		const char *with = NULL;
		unsigned cp;
		size_t len;
		if (p[i] < 0x80 && html_plain[p[i]]) {
			i++;   /* most of a name or a date: copied with the run it is in */
			continue;
		}
		len = utf8_decode(p + i, n - i, &cp);
		if (!len) {
			with = "\xef\xbf\xbd", len = 1;   /* a byte that is not UTF-8 */
		} else if (cp == '&') {
			with = "&amp;";
		} else if (cp == '<') {
			with = "&lt;";
		} else if (cp == '>') {
			with = "&gt;";
		} else if (cp == '"') {
			with = "&quot;";
		} else if (cp == '\'') {
			with = "&#39;";
		} else if ((cp < 0x20 && cp != '\t' && cp != '\n') || (cp >= 0x7f && cp < 0xa0) ||
			   cp == 0xfffe || cp == 0xffff) {
			with = "\xef\xbf\xbd";             /* controls are not text */
		}
		if (with) {
			wbuf_add(b, s + start, i - start);
			wbuf_puts(b, with);
			start = i + len;
		}
		i += len;
	}
	wbuf_add(b, s + start, n - start);
}

void esc_url(struct wbuf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";
	if (!s)
		return;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
		    c == '-' || c == '.' || c == '_' || c == '~') {
			wbuf_add(b, (const char *)&c, 1);
		} else {
			char enc[3] = { '%', hex[c >> 4], hex[c & 15] };
			wbuf_add(b, enc, 3);
		}
	}
}

void esc_csv(struct wbuf *b, const char *s)
{
	int formula, quote;
	if (!s)
		return;
	formula = s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' ||
		  s[0] == '\r';
	quote = formula || strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		wbuf_add(b, "\"", 1);
	if (formula)
		wbuf_add(b, "'", 1);
	for (; *s; s++) {
		if (*s == '"')
			wbuf_add(b, "\"", 1);
		wbuf_add(b, s, 1);
	}
	if (quote)
		wbuf_add(b, "\"", 1);
}
