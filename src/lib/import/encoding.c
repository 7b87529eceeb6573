/*
 * encoding.c - the text encodings of imported files, with ICU's converters:
 * UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark,
 * Windows-1252 and Latin-1, all turned into UTF-8 in NFC; bytes that fit no
 * declared encoding are found with their offset.
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/ucnv.h>
#include <unicode/ustring.h>

#include "import/sheet.h"

static const struct {
	const char *key;   /* folded: lower case, letters and digits only */
	pt__encoding enc;
} encoding_names[] = {
	{ "utf8", PT__ENC_UTF8 }, { "utf8bom", PT__ENC_UTF8 }, { "utf8sig", PT__ENC_UTF8 },
	{ "utf16", PT__ENC_UTF16LE }, { "utf16le", PT__ENC_UTF16LE },
	{ "utf16be", PT__ENC_UTF16BE }, { "ucs2", PT__ENC_UTF16LE },
	{ "utf32", PT__ENC_UTF32LE }, { "utf32le", PT__ENC_UTF32LE },
	{ "utf32be", PT__ENC_UTF32BE }, { "ucs4", PT__ENC_UTF32LE },
	{ "windows1252", PT__ENC_CP1252 }, { "cp1252", PT__ENC_CP1252 },
	{ "win1252", PT__ENC_CP1252 }, { "ansi", PT__ENC_CP1252 },
	{ "latin1", PT__ENC_LATIN1 }, { "iso88591", PT__ENC_LATIN1 }, { "l1", PT__ENC_LATIN1 },
	{ "isolatin1", PT__ENC_LATIN1 },
};

int pt__encoding_parse(const char *name, pt__encoding *out)
{
	char key[32];
	size_t n = 0;

	for (const char *p = name; *p && n + 1 < sizeof key; p++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
			key[n++] = c;
	}
	key[n] = '\0';
	for (size_t i = 0; i < sizeof encoding_names / sizeof *encoding_names; i++)
		if (!strcmp(encoding_names[i].key, key)) {
			*out = encoding_names[i].enc;
			return PT_OK;
		}
	return PT_EINVAL;
}

const char *pt__encoding_name(pt__encoding enc)
{
	switch (enc) {
	case PT__ENC_UTF8:    return "utf-8";
	case PT__ENC_UTF16LE: return "utf-16le";
	case PT__ENC_UTF16BE: return "utf-16be";
	case PT__ENC_CP1252:  return "windows-1252";
	case PT__ENC_LATIN1:  return "latin-1";
	case PT__ENC_UTF32LE: return "utf-32le";
	case PT__ENC_UTF32BE: return "utf-32be";
	default:              return "unknown";
	}
}

/* ICU's name of an encoding */
static const char *icu_name(pt__encoding enc)
{
	switch (enc) {
	case PT__ENC_UTF16LE: return "UTF-16LE";
	case PT__ENC_UTF16BE: return "UTF-16BE";
	case PT__ENC_CP1252:  return "windows-1252";
	case PT__ENC_LATIN1:  return "ISO-8859-1";
	case PT__ENC_UTF32LE: return "UTF-32LE";
	case PT__ENC_UTF32BE: return "UTF-32BE";
	default:              return "UTF-8";
	}
}

size_t pt__encoding_bom(const char *p, size_t len, pt__encoding *out)
{
	const unsigned char *u = (const unsigned char *)p;
	if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf) {
		*out = PT__ENC_UTF8;
		return 3;
	}
	/* FF FE 00 00 is UTF-32's mark; UTF-16's FF FE is its start */
	if (len >= 4 && u[0] == 0xff && u[1] == 0xfe && u[2] == 0 && u[3] == 0) {
		*out = PT__ENC_UTF32LE;
		return 4;
	}
	if (len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xfe && u[3] == 0xff) {
		*out = PT__ENC_UTF32BE;
		return 4;
	}
	if (len >= 2 && u[0] == 0xff && u[1] == 0xfe) {
		*out = PT__ENC_UTF16LE;
		return 2;
	}
	if (len >= 2 && u[0] == 0xfe && u[1] == 0xff) {
		*out = PT__ENC_UTF16BE;
		return 2;
	}
	return 0;
}

pt__encoding pt__encoding_sniff(const char *p, size_t len)
{
	const unsigned char *u = (const unsigned char *)p;
	size_t units4 = len / 4, pairs = len / 2, zero4[4] = { 0, 0, 0, 0 }, even = 0, odd = 0;

	for (size_t i = 0; i < units4 * 4; i++)
		zero4[i % 4] += u[i] == 0;
	for (size_t i = 0; i < pairs * 2; i++) {
		if (u[i])
			continue;
		if (i % 2)
			odd++;
		else
			even++;
	}
	/* UTF-32: the top byte of every unit is zero (no code point reaches
	 * 0x1000000), the next one nearly always (the BMP) */
	if (units4 >= 2 && zero4[3] == units4 && zero4[2] * 10 >= units4 * 9 &&
	    zero4[0] * 2 < units4)
		return PT__ENC_UTF32LE;
	if (units4 >= 2 && zero4[0] == units4 && zero4[1] * 10 >= units4 * 9 &&
	    zero4[3] * 2 < units4)
		return PT__ENC_UTF32BE;
	/* UTF-16: the high byte of every ASCII character (delimiters, digits,
	 * line ends, Latin letters) is zero, on one side only; a stray zero
	 * byte in UTF-8 or the zeros of a binary file fall on both */
	if (odd >= 2 && odd * 20 >= pairs && even * 8 <= odd)
		return PT__ENC_UTF16LE;
	if (even >= 2 && even * 20 >= pairs && odd * 8 <= even)
		return PT__ENC_UTF16BE;
	return PT__ENC_UNKNOWN;
}

int pt__encoding_is_wide(pt__encoding enc)
{
	return enc == PT__ENC_UTF16LE || enc == PT__ENC_UTF16BE || enc == PT__ENC_UTF32LE ||
	       enc == PT__ENC_UTF32BE;
}

size_t pt__encoding_check(pt__encoding enc, const char *s, size_t len)
{
	size_t bad;
	if (enc == PT__ENC_UTF8 || enc == PT__ENC_UNKNOWN)
		return pt__utf8_valid(s, len, &bad) ? (size_t)-1 : bad;
	if (enc == PT__ENC_CP1252) {
		/* the five bytes Windows-1252 leaves undefined */
		for (size_t i = 0; i < len; i++) {
			unsigned char c = (unsigned char)s[i];
			if (c == 0x81 || c == 0x8d || c == 0x8f || c == 0x90 || c == 0x9d)
				return i;
		}
	}
	return (size_t)-1; /* Latin-1: every byte is a character */
}

/* Windows-1252's 0x80-0x9f, as code points (0: undefined) */
static const unsigned short cp1252_high[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178,
};

static int put_code_point(pt__buf *out, unsigned cp)
{
	char b[3];
	if (cp < 0x80)
		return pt__buf_putc(out, (char)cp);
	if (cp < 0x800) {
		b[0] = (char)(0xc0 | cp >> 6);
		b[1] = (char)(0x80 | (cp & 0x3f));
		return pt__buf_add(out, b, 2);
	}
	b[0] = (char)(0xe0 | cp >> 12);
	b[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
	b[2] = (char)(0x80 | (cp & 0x3f));
	return pt__buf_add(out, b, 3);
}

int pt__encoding_to_utf8(pt_db *db, pt__encoding enc, const char *s, size_t len, pt__buf *out)
{
	size_t start = out->len, i;
	int ascii = 1;
	char *nfc;
	int rc;

	for (i = 0; i < len; i++)
		if ((unsigned char)s[i] >= 0x80) {
			ascii = 0;
			break;
		}
	if (ascii || enc == PT__ENC_UTF8 || enc == PT__ENC_UNKNOWN) {
		size_t bad;
		if (ascii)
			return pt__buf_add(out, s, len);
		/* bytes that are not UTF-8 (reported by the reader) become U+FFFD */
		while (len && !pt__utf8_valid(s, len, &bad)) {
			if ((rc = pt__buf_add(out, s, bad)) || (rc = pt__buf_add(out, "\xef\xbf\xbd", 3)))
				return rc;
			s += bad + 1;
			len -= bad + 1;
		}
		if ((rc = pt__buf_add(out, s, len)))
			return rc;
	} else {
		/* single-byte encodings: every byte is one code point (ICU's
		 * tables agree; see the tests), so convert directly */
		for (i = 0; i < len; i++) {
			unsigned c = (unsigned char)s[i];
			if (c >= 0x80 && c < 0xa0 && enc == PT__ENC_CP1252)
				c = cp1252_high[c - 0x80] ? cp1252_high[c - 0x80] : 0xfffd;
			if ((rc = put_code_point(out, c)))
				return rc;
		}
	}
	/* NFC: a decomposed "u" + combining diaeresis becomes "ü" */
	nfc = pt__nfc(db, out->data + start);
	if (!nfc)
		return PT_ENOMEM;
	out->len = start;
	rc = pt__buf_puts(out, nfc);
	free(nfc);
	return rc;
}

/* ---- streaming conversion --------------------------------------------- */

struct pt__transcoder {
	UConverter *from, *to;
	UChar pivot[1024];
	UChar *pivot_source, *pivot_target;
	uint64_t consumed;   /* bytes of input converted so far */
};

int pt__transcoder_open(pt__transcoder **out, pt__encoding from, pt__encoding to)
{
	UErrorCode err = U_ZERO_ERROR;
	pt__transcoder *t = calloc(1, sizeof *t);

	*out = NULL;
	if (!t)
		return PT_ENOMEM;
	t->from = ucnv_open(icu_name(from), &err);
	if (U_SUCCESS(err))
		t->to = ucnv_open(icu_name(to), &err);
	if (U_SUCCESS(err))
		ucnv_setToUCallBack(t->from, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &err);
	if (U_FAILURE(err)) {
		pt__transcoder_free(t);
		return PT_EINVAL;
	}
	t->pivot_source = t->pivot_target = t->pivot;
	*out = t;
	return PT_OK;
}

int pt__transcoder_run(pt__transcoder *t, const char *in, size_t len, int flush,
		       pt__buf *out, uint64_t *bad_offset)
{
	const char *source = in, *limit = in + len;
	char chunk[8192];

	for (;;) {
		UErrorCode err = U_ZERO_ERROR;
		char *target = chunk;
		const char *before = source;
		ucnv_convertEx(t->to, t->from, &target, chunk + sizeof chunk, &source, limit,
			       t->pivot, &t->pivot_source, &t->pivot_target,
			       t->pivot + sizeof t->pivot / sizeof *t->pivot, (UBool)0, (UBool)flush, &err);
		t->consumed += (uint64_t)(source - before);
		if (target > chunk && pt__buf_add(out, chunk, (size_t)(target - chunk)))
			return out->failed ? PT_ENOMEM : PT_EINVAL;
		if (err == U_BUFFER_OVERFLOW_ERROR)
			continue;
		if (U_FAILURE(err)) {
			if (bad_offset) {
				char bad[8];
				int8_t n = sizeof bad;
				UErrorCode e2 = U_ZERO_ERROR;
				ucnv_getInvalidChars(t->from, bad, &n, &e2);
				*bad_offset = t->consumed - (uint64_t)(U_SUCCESS(e2) ? n : 0);
			}
			return PT_EINVAL;
		}
		return PT_OK;
	}
}

void pt__transcoder_free(pt__transcoder *t)
{
	if (!t)
		return;
	if (t->from)
		ucnv_close(t->from);
	if (t->to)
		ucnv_close(t->to);
	free(t);
}
