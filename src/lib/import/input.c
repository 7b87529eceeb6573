/*
 * input.c - the file an import reads, as a stream: a sample of its first
 * bytes for detecting the format, encoding and delimiter, then the rest in
 * pieces, so that a large CSV or JSON Lines file is never held in memory.
 * The SHA-256 of the bytes is computed on the way.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "import/sheet.h"

int pt__input_open(pt_db *db, pt__input *in, const char *path, const char *name)
{
	struct stat st;

	memset(in, 0, sizeof *in);
	pt__sha256_init(&in->sha);
	if (strcmp(path, "-")) {
		in->f = fopen(path, "rb");
		in->owned = 1;
	} else {
		in->f = stdin;
	}
	if (!in->f)
		return pt__error(db, errno == ENOENT ? PT_ENOTFOUND : PT_EIO,
				 "%s: cannot open: %s", name, strerror(errno));
	if (fstat(fileno(in->f), &st) == 0 && S_ISREG(st.st_mode))
		in->bytes_total = (uint64_t)st.st_size;
	else if (in->owned && fstat(fileno(in->f), &st) == 0 && S_ISDIR(st.st_mode)) {
		pt__input_close(in);
		return pt__error(db, PT_EIO, "%s: cannot read: Is a directory", name);
	}
	in->sample = malloc(PT__SAMPLE_BYTES);
	if (!in->sample) {
		pt__input_close(in);
		return pt__error(db, PT_ENOMEM, "out of memory");
	}
	while (in->sample_len < PT__SAMPLE_BYTES) {
		size_t n = fread(in->sample + in->sample_len, 1, PT__SAMPLE_BYTES - in->sample_len, in->f);
		if (n == 0)
			break;
		in->sample_len += n;
	}
	if (ferror(in->f)) {
		int err = errno;
		pt__input_close(in);
		return pt__error(db, PT_EIO, "%s: cannot read: %s", name, strerror(err));
	}
	return PT_OK;
}

size_t pt__input_read(pt__input *in, char *buf, size_t size)
{
	size_t n = 0;

	if (in->sample_pos < in->sample_len) {
		n = in->sample_len - in->sample_pos;
		if (n > size)
			n = size;
		memcpy(buf, in->sample + in->sample_pos, n);
		in->sample_pos += n;
	} else if (in->f && !in->failed) {
		n = fread(buf, 1, size, in->f);
		if (n == 0 && ferror(in->f))
			in->failed = errno ? errno : EIO;
	}
	if (n) {
		pt__sha256_update(&in->sha, buf, n);
		in->bytes_read += n;
	}
	return n;
}

int pt__input_read_all(pt_db *db, pt__input *in, const char *name, size_t max,
		       char **data_out, size_t *len_out)
{
	pt__buf data = PT__BUF_INIT;
	char chunk[65536];
	size_t n;

	data.max = max + 1;
	while ((n = pt__input_read(in, chunk, sizeof chunk)) > 0) {
		if (pt__buf_add(&data, chunk, n)) {
			int too_big = !data.data || data.len + n >= max;
			pt__buf_release(&data);
			return too_big ? pt__error(db, PT_EINVAL, "%s: larger than %zu bytes", name, max)
				       : pt__error(db, PT_ENOMEM, "%s: out of memory", name);
		}
	}
	if (in->failed) {
		pt__buf_release(&data);
		return pt__error(db, PT_EIO, "%s: cannot read: %s", name, strerror(in->failed));
	}
	if (pt__buf_add(&data, "", 0)) {
		pt__buf_release(&data);
		return pt__error(db, PT_ENOMEM, "out of memory");
	}
	*len_out = data.len;
	*data_out = pt__buf_detach(&data);
	return PT_OK;
}

/* The length of p[0..n) without an incomplete UTF-8 sequence at its end. */
static size_t complete_end(const char *p, size_t n)
{
	for (size_t back = 1; back <= 3 && back <= n; back++) {
		unsigned char c = (unsigned char)p[n - back];
		if ((c & 0xc0) == 0x80)
			continue;
		if (c >= 0xc0) {
			size_t need = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
			if (need > back)
				return n - back;
		}
		break;
	}
	return n;
}

/* Counts the well-formed multibyte UTF-8 sequences and the bytes that fit
 * none in p[0..n). */
static void utf8_stats(const char *p, size_t n, uint64_t *good, uint64_t *bad)
{
	size_t i = 0, at;
	while (i < n) {
		if (pt__utf8_valid(p + i, n - i, &at)) {
			at = n - i;
		}
		for (size_t k = i; k < i + at; k++)
			*good += ((unsigned char)p[k] & 0xc0) == 0xc0;
		if (i + at >= n)
			break;
		(*bad)++;
		i += at + 1;
	}
}

int pt__input_is_utf8(pt__input *in)
{
	uint64_t good = 0, bad = 0;
	char *chunk;
	char carry[4];
	size_t carried;
	long start;

	utf8_stats(in->sample, complete_end(in->sample, in->sample_len), &good, &bad);
	if (in->f && in->sample_len == PT__SAMPLE_BYTES && (start = ftell(in->f)) >= 0 &&
	    (chunk = malloc(65536 + sizeof carry))) {
		/* a regular file: read the rest once, then go back */
		carried = in->sample_len - complete_end(in->sample, in->sample_len);
		memcpy(carry, in->sample + in->sample_len - carried, carried);
		for (;;) {
			size_t n, end;
			memcpy(chunk, carry, carried);
			n = fread(chunk + carried, 1, 65536, in->f);
			if (n == 0)
				break;
			n += carried;
			end = complete_end(chunk, n);
			utf8_stats(chunk, end, &good, &bad);
			carried = n - end;
			memcpy(carry, chunk + end, carried);
		}
		bad += carried > 0;
		free(chunk);
		if (fseek(in->f, start, SEEK_SET) != 0)
			in->failed = errno ? errno : EIO;
	}
	/* UTF-8 with a stray bad byte stays UTF-8 (the byte is reported);
	 * bytes that make no UTF-8 at all are Windows-1252 */
	return bad == 0 || good > bad;
}

void pt__input_close(pt__input *in)
{
	if (in->f && in->owned)
		fclose(in->f);
	in->f = NULL;
	free(in->sample);
	in->sample = NULL;
}
