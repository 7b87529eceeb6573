/*
 * text.c - Unicode text with ICU: UTF-8 validation, NFC normalisation, and
 * the folded key that compares names across case, diacritics, punctuation
 * and script ("Mühlberg" = "MUHLBERG" = "Мюльберг" -> "muhlberg"/"myulberg").
 */
#include <stdlib.h>
#include <string.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>
#include <unicode/utrans.h>

#include "core/core.h"

struct pt__text {
	UTransliterator *fold;
};

bool pt__utf8_valid(const char *s, size_t len, size_t *bad_offset)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned char c = p[i];
		size_t n;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		} else if (c >= 0xc2 && c <= 0xdf) {
			n = 1; cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2; cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3; cp = c & 0x07;
		} else {
			goto bad;
		}
		if (i + n >= len)
			goto bad;
		for (size_t k = 1; k <= n; k++) {
			if ((p[i + k] & 0xc0) != 0x80)
				goto bad;
			cp = cp << 6 | (p[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			goto bad;
		i += n + 1;
	}
	return true;
bad:
	if (bad_offset)
		*bad_offset = i;
	return false;
}

/* UTF-8 to a new UTF-16 string; NULL on error. */
static UChar *to_utf16(const char *s, int32_t *len_out, int32_t extra)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t len = 0;
	UChar *u;

	u_strFromUTF8(NULL, 0, &len, s, -1, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return NULL;
	err = U_ZERO_ERROR;
	u = malloc(sizeof(UChar) * ((size_t)len + (size_t)extra + 1));
	if (!u)
		return NULL;
	u_strFromUTF8(u, len + extra + 1, NULL, s, -1, &err);
	if (U_FAILURE(err)) {
		free(u);
		return NULL;
	}
	*len_out = len;
	return u;
}

static char *to_utf8(const UChar *u, int32_t len)
{
	UErrorCode err = U_ZERO_ERROR;
	int32_t n = 0;
	char *s;

	u_strToUTF8(NULL, 0, &n, u, len, &err);
	if (err != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(err))
		return NULL;
	err = U_ZERO_ERROR;
	s = malloc((size_t)n + 1);
	if (!s)
		return NULL;
	u_strToUTF8(s, n + 1, NULL, u, len, &err);
	if (U_FAILURE(err)) {
		free(s);
		return NULL;
	}
	return s;
}

char *pt__nfc(pt_db *db, const char *s)
{
	UErrorCode err = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&err);
	UChar *u, *out = NULL;
	int32_t len, out_len;
	char *result = NULL;

	(void)db;
	if (U_FAILURE(err))
		return NULL;
	/* fast path: ASCII is NFC already */
	for (const char *p = s;; p++) {
		if (!*p)
			return pt__strdup(s);
		if ((unsigned char)*p >= 0x80)
			break;
	}
	if (!(u = to_utf16(s, &len, 0)))
		return NULL;
	if (unorm2_isNormalized(nfc, u, len, &err) && U_SUCCESS(err)) {
		free(u);
		return pt__strdup(s);
	}
	err = U_ZERO_ERROR;
	out_len = unorm2_normalize(nfc, u, len, NULL, 0, &err);
	err = U_ZERO_ERROR;
	out = malloc(sizeof(UChar) * ((size_t)out_len + 1));
	if (out) {
		unorm2_normalize(nfc, u, len, out, out_len + 1, &err);
		if (U_SUCCESS(err))
			result = to_utf8(out, out_len);
	}
	free(u);
	free(out);
	return result;
}

static UTransliterator *fold_transliterator(pt_db *db)
{
	static const char rules[] = "Any-Latin; Latin-ASCII; Lower";
	UErrorCode err = U_ZERO_ERROR;
	UChar id[64];

	if (!db->text) {
		db->text = calloc(1, sizeof *db->text);
		if (!db->text)
			return NULL;
	}
	if (!db->text->fold) {
		u_uastrcpy(id, rules);
		db->text->fold = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
		if (U_FAILURE(err))
			db->text->fold = NULL;
	}
	return db->text->fold;
}

/* pt__fold_key of ASCII text: the transliterator leaves ASCII as it is but
 * for the case, so the letters lowered and the digits are the key, without
 * the ICU round trip (UTF-16, three transforms, UTF-8) that costs about as
 * much as writing a row. NULL when s is not all ASCII (or no memory: the
 * caller then takes the long way, which reports it). */
static char *fold_ascii(const char *s)
{
	size_t n = 0;
	char *out, *w;
	for (const unsigned char *p = (const unsigned char *)s; *p; p++, n++)
		if (*p >= 0x80)
			return NULL;
	if (!(out = malloc(n + 1)))
		return NULL;
	w = out;
	for (const char *r = s; *r; r++)
		if ((*r >= 'a' && *r <= 'z') || (*r >= '0' && *r <= '9'))
			*w++ = *r;
		else if (*r >= 'A' && *r <= 'Z')
			*w++ = (char)(*r - 'A' + 'a');
	*w = '\0';
	return out;
}

char *pt__fold_key(pt_db *db, const char *s)
{
	UTransliterator *fold;
	UErrorCode err = U_ZERO_ERROR;
	int32_t len, limit, cap;
	UChar *u;
	char *folded, *w;

	if ((folded = fold_ascii(s)))
		return folded;
	if (!(fold = fold_transliterator(db)))
		return NULL;
	if (!(u = to_utf16(s, &len, 0)))
		return NULL;
	cap = len * 4 + 16;
	{
		UChar *bigger = realloc(u, sizeof(UChar) * (size_t)cap);
		if (!bigger) {
			free(u);
			return NULL;
		}
		u = bigger;
	}
	limit = len;
	utrans_transUChars(fold, u, &len, cap, 0, &limit, &err);
	if (U_FAILURE(err)) {
		free(u);
		return NULL;
	}
	folded = to_utf8(u, len);
	free(u);
	if (!folded)
		return NULL;
	w = folded;
	for (const char *r = folded; *r; r++)
		if ((*r >= 'a' && *r <= 'z') || (*r >= '0' && *r <= '9'))
			*w++ = *r;
	*w = '\0';
	return folded;
}

void pt__text_free(struct pt__text *text)
{
	if (!text)
		return;
	if (text->fold)
		utrans_close(text->fold);
	free(text);
}

/* Lower case for ASCII, Latin-1 letters and basic Cyrillic, in UTF-8. */
void pt__utf8_lower(char *s)
{
	unsigned char *p = (unsigned char *)s;
	while (*p) {
		if (*p >= 'A' && *p <= 'Z') {
			*p += 32;
		} else if (*p == 0xc3 && p[1] >= 0x80 && p[1] <= 0x9e && p[1] != 0x97) {
			p[1] += 0x20;
			p++;
		} else if (*p == 0xd0 && p[1] >= 0x90 && p[1] <= 0x9f) {
			p[1] += 0x20;
			p++;
		} else if (*p == 0xd0 && p[1] >= 0xa0 && p[1] <= 0xaf) {
			p[0] = 0xd1;
			p[1] -= 0x20;
			p++;
		} else if (*p == 0xd0 && p[1] == 0x81) { /* Ё */
			p[0] = 0xd1;
			p[1] = 0x91;
			p++;
		}
		p++;
	}
}
