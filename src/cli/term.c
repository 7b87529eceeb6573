/*
 * term.c - what powtrace prints for people is made harmless to a terminal;
 * what it prints as data (CSV, JSON, GEDCOM, GeoJSON, SVG) stays exact.
 *
 * A record can hold any bytes: ESC sequences that clear the screen, recolour
 * it or set the window title, BEL, a CR that writes over the line, C1
 * controls (U+0080-U+009F, which some terminals obey), DEL, the Unicode
 * bidirectional overrides and isolates that make text read in another order
 * than it is stored ("Trojan Source"), line separators, and bytes that are
 * not UTF-8. Standard output and standard error are replaced, at start-up, by
 * streams that pass text through and write each such character as a visible
 * escape: \x1b, \x07, \r, \x7f, \u202e, and \xff for a byte that is not UTF-8.
 * A newline and a tab pass (the text's own layout); table cells escape those
 * too (out.c), so that a value cannot start a line of its own.
 *
 * This happens whether or not the stream is a terminal: a table piped into
 * `less -R`, a log file shown with `cat` later, a `watch` all end on one.
 * (git and ls escape only when writing to a terminal; powtrace's table and
 * message output is for people everywhere, and the formats for programs,
 * --format csv and json, are written exactly as the data is, to the real
 * standard output, through cli_data_out().)
 */
#define _GNU_SOURCE /* fopencookie */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "cli.h"

struct filter {
	FILE *to;              /* the real stream */
	unsigned char carry[4];
	size_t carried;        /* the start of a UTF-8 character cut by a write */
	int failed;            /* errno of a failed write */
};

static FILE *real_stdout, *real_stderr;
static struct filter out_filter, err_filter;

/* The code point of the UTF-8 character at p (n bytes available): its
 * length, 0 when p holds a bad byte, -1 when the character is cut short. */
static int utf8_char(const unsigned char *p, size_t n, unsigned *cp)
{
	unsigned c = p[0], min;
	int len;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf)
		len = 2, c &= 0x1f, min = 0x80;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, c &= 0x0f, min = 0x800;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, c &= 0x07, min = 0x10000;
	else
		return 0;
	for (int i = 1; i < len; i++) {
		if ((size_t)i >= n)
			return -1;
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (p[i] & 0x3f);
	}
	if (c < min || c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		return 0;
	*cp = c;
	return len;
}

int cli_is_unsafe(unsigned cp, int layout_ok)
{
	if (cp < 0x20)
		return !(layout_ok && (cp == '\n' || cp == '\t'));
	return cp == 0x7f || (cp >= 0x80 && cp <= 0x9f) || cp == 0x061c || cp == 0x200e ||
	       cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069) ||
	       cp == 0x2028 || cp == 0x2029;
}

/* Escapes s[0..n) into out (at least 6 * n + 1 bytes); returns the length.
 * *used: how much of s was taken (less than n when s ends inside a UTF-8
 * character and `partial_ok`). */
static size_t escape(const unsigned char *s, size_t n, char *out, int layout_ok, int partial_ok,
		     size_t *used)
{
	static const char hex[] = "0123456789abcdef";
	size_t i = 0, o = 0;

	while (i < n) {
		unsigned cp = 0;
		int len = utf8_char(s + i, n - i, &cp);
		if (len < 0 && partial_ok)
			break;
		if (len <= 0) {
			o += (size_t)snprintf(out + o, 8, "\\x%c%c", hex[s[i] >> 4], hex[s[i] & 15]);
			i++;
			continue;
		}
		if (cli_is_unsafe(cp, layout_ok)) {
			if (cp == '\n' || cp == '\t' || cp == '\r')
				o += (size_t)snprintf(out + o, 8, "\\%c", cp == '\n' ? 'n' : cp == '\t' ? 't' : 'r');
			else if (cp < 0x80)
				o += (size_t)snprintf(out + o, 8, "\\x%c%c", hex[cp >> 4], hex[cp & 15]);
			else
				o += (size_t)snprintf(out + o, 8, "\\u%04x", cp);
		} else {
			memcpy(out + o, s + i, (size_t)len);
			o += (size_t)len;
		}
		i += (size_t)len;
	}
	out[o] = '\0';
	*used = i;
	return o;
}

char *cli_escape(const char *s, int layout_ok)
{
	size_t n = strlen(s), used;
	char *out = malloc(6 * n + 1);
	if (out)
		escape((const unsigned char *)s, n, out, layout_ok, 0, &used);
	return out;
}

int cli_needs_escape(const char *s, int layout_ok)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s);
	for (size_t i = 0; i < n;) {
		unsigned cp;
		int len = utf8_char(p + i, n - i, &cp);
		if (len <= 0 || cli_is_unsafe(cp, layout_ok))
			return 1;
		i += (size_t)len;
	}
	return 0;
}

static ssize_t filter_write(void *cookie, const char *buf, size_t size)
{
	struct filter *f = cookie;
	unsigned char stack[4096 + 4];
	char escaped[6 * (4096 + 4) + 1];
	size_t done = 0;

	while (done < size) {
		size_t take = size - done > 4096 ? 4096 : size - done, have, used, len;
		memcpy(stack, f->carry, f->carried);
		memcpy(stack + f->carried, buf + done, take);
		have = f->carried + take;
		len = escape(stack, have, escaped, 1, 1, &used);
		f->carried = have - used;
		memcpy(f->carry, stack + used, f->carried);
		if (len && fwrite(escaped, 1, len, f->to) != len) {
			f->failed = errno ? errno : EIO;
			errno = f->failed;
			return done ? (ssize_t)done : -1;
		}
		done += take;
	}
	return (ssize_t)size;
}

static int filter_close(void *cookie)
{
	struct filter *f = cookie;
	size_t used;
	char escaped[6 * 4 + 1];
	if (f->carried) {
		/* a character cut off at the very end: its bytes are not UTF-8 */
		size_t len = escape(f->carry, f->carried, escaped, 1, 0, &used);
		f->carried = 0;
		if (fwrite(escaped, 1, len, f->to) != len)
			f->failed = errno ? errno : EIO;
	}
	if (fflush(f->to) != 0 && !f->failed)
		f->failed = errno ? errno : EIO;
	return f->failed ? -1 : 0;
}

static FILE *filtered(FILE *to, struct filter *f, int mode)
{
	cookie_io_functions_t io = { NULL, filter_write, NULL, filter_close };
	FILE *s;
	f->to = to;
	s = fopencookie(f, "w", io);
	if (s)
		setvbuf(s, NULL, mode, mode == _IONBF ? 0 : BUFSIZ);
	return s;
}

void cli_streams_init(void)
{
	FILE *out, *err;
	real_stdout = stdout;
	real_stderr = stderr;
	out = filtered(real_stdout, &out_filter, _IOFBF);
	err = filtered(real_stderr, &err_filter, _IONBF);
	if (out)
		stdout = out;
	if (err)
		stderr = err;
}

FILE *cli_data_out(void)
{
	if (!real_stdout)
		return stdout;
	fflush(stdout); /* what was printed before comes first */
	return real_stdout;
}

FILE *cli_raw_stderr(void)
{
	if (!real_stderr)
		return stderr;
	fflush(stderr);
	return real_stderr;
}

int cli_streams_finish(void)
{
	int err = 0;
	if (real_stdout && stdout != real_stdout) {
		FILE *f = stdout;
		if (fflush(f) != 0 || ferror(f))
			err = out_filter.failed ? out_filter.failed : errno ? errno : EIO;
		stdout = real_stdout;
		if (fclose(f) != 0 && !err)
			err = out_filter.failed ? out_filter.failed : EIO;
	}
	if ((fflush(stdout) != 0 || ferror(stdout)) && !err)
		err = errno ? errno : EIO;
	if (real_stderr && stderr != real_stderr) {
		FILE *f = stderr;
		stderr = real_stderr;
		fclose(f);
	}
	return err;
}

int cli_terminal_width(void)
{
	struct winsize ws;
	const char *columns = getenv("COLUMNS");
	long n;
	char *end;

	if (!isatty(STDOUT_FILENO))
		return 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	if (columns && (n = strtol(columns, &end, 10)) > 0 && !*end && n < 100000)
		return (int)n;
	return 80;
}
