/*
 * test_core.c - the string buffer, SHA-256 and the Unicode helpers.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "core/core.h"

static void test_buf_grows_and_detaches(void)
{
	pt__buf b = PT__BUF_INIT;
	CHECK_STR(pt__buf_str(&b), "");
	for (int i = 0; i < 1000; i++)
		CHECK_INT(pt__buf_puts(&b, "ab"), PT_OK);
	CHECK_INT(b.len, 2000);
	CHECK_INT(pt__buf_printf(&b, "%d-%s", 42, "x"), PT_OK);
	CHECK_STR(pt__buf_str(&b) + 2000, "42-x");
	char *s = pt__buf_detach(&b);
	CHECK_INT(b.len, 0);
	CHECK(b.data == NULL);
	CHECK_INT((long long)strlen(s), 2004);
	free(s);
}

static void test_buf_cap_is_an_input_error(void)
{
	pt__buf b = PT__BUF_INIT;
	b.max = 8;
	CHECK_INT(pt__buf_puts(&b, "1234567"), PT_OK);
	CHECK_INT(pt__buf_puts(&b, "8"), PT_EINVAL);
	CHECK(b.failed);
	/* once failed, it stays failed until reset */
	CHECK(pt__buf_puts(&b, "") != PT_OK);
	pt__buf_reset(&b);
	CHECK_INT(pt__buf_puts(&b, "ok"), PT_OK);
	pt__buf_release(&b);
}

static void sha(const char *in, const char *want)
{
	pt__sha256 h;
	char hex[65];
	pt__sha256_init(&h);
	pt__sha256_update(&h, in, strlen(in));
	pt__sha256_hex(&h, hex);
	CHECK_STR(hex, want);
}

static void test_sha256_vectors(void)
{
	/* FIPS 180-4 examples */
	sha("", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	sha("abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	sha("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
	    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

static void test_utf8_validation(void)
{
	size_t at = 0;
	CHECK(pt__utf8_valid("Mühlberg Мюльберг", strlen("Mühlberg Мюльберг"), &at));
	CHECK(!pt__utf8_valid("ab\xff", 3, &at));
	CHECK_INT(at, 2);
	CHECK(!pt__utf8_valid("a\xc3", 2, &at));      /* truncated sequence */
	CHECK_INT(at, 1);
	CHECK(!pt__utf8_valid("\xc0\xaf", 2, &at));   /* overlong '/' */
	CHECK(!pt__utf8_valid("\xed\xa0\x80", 3, &at)); /* a surrogate */
	CHECK(!pt__utf8_valid("\xf4\x90\x80\x80", 4, &at)); /* above U+10FFFF */
	CHECK(pt__utf8_valid("\xf0\x9f\x98\x80", 4, &at));
}

static void test_nfc_and_fold(void)
{
	pt_db *db = NULL;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	char *s = pt__nfc(db, "Mu\xcc\x88hlberg"); /* u + combining diaeresis */
	CHECK_STR(s, "Mühlberg");
	free(s);
	s = pt__fold_key(db, "Stalag IV-B");
	CHECK_STR(s, "stalagivb");
	free(s);
	s = pt__fold_key(db, "MÜHLBERG (Elbe)");
	CHECK_STR(s, "muhlbergelbe");
	free(s);
	s = pt__fold_key(db, "Мюльберг");
	CHECK(s && s[0] == 'm');
	free(s);
	s = pt__fold_key(db, "Straße");
	CHECK_STR(s, "strasse");
	free(s);
	pt_db_free(db);
}

/* ASCII text is folded without ICU: the same key as the transliterator
 * gives, which a text with one non-ASCII character (a middle dot, folded to
 * nothing) still goes through, for every printable ASCII character */
static void test_fold_ascii_as_icu(void)
{
	pt_db *db = NULL;
	char text[8], with_dot[16];
	int same = 0;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	for (int c = 1; c < 0x80; c++) {
		char *ascii, *icu;
		snprintf(text, sizeof text, "a%cZ9", c);
		snprintf(with_dot, sizeof with_dot, "%s\xc2\xb7", text);
		ascii = pt__fold_key(db, text);
		icu = pt__fold_key(db, with_dot);
		if (ascii && icu && !strcmp(ascii, icu))
			same++;
		else
			printf("fold: 0x%02x: '%s' (ASCII) against '%s' (ICU)\n", c,
			       ascii ? ascii : "NULL", icu ? icu : "NULL");
		free(ascii);
		free(icu);
	}
	CHECK_INT(same, 0x7f);
	pt_db_free(db);
}

/* pt__column_take tells a NULL value (PT_OK, NULL) from a copied one, and
 * copies numbers as their text */
static void test_column_take(void)
{
	sqlite3 *sql = NULL;
	sqlite3_stmt *s = NULL;
	char *a = (char *)"unset", *b = (char *)"unset", *c = (char *)"unset";
	CHECK_INT(sqlite3_open(":memory:", &sql), SQLITE_OK);
	CHECK_INT(sqlite3_prepare_v2(sql, "SELECT NULL, 'Mühlberg', 42", -1, &s, NULL), SQLITE_OK);
	CHECK_INT(sqlite3_step(s), SQLITE_ROW);
	CHECK_INT(pt__column_take(s, 0, &a), PT_OK);
	CHECK(a == NULL);
	CHECK_INT(pt__column_take(s, 1, &b), PT_OK);
	CHECK_STR(b, "Mühlberg");
	CHECK_INT(pt__column_take(s, 2, &c), PT_OK);
	CHECK_STR(c, "42");
	free(b);
	free(c);
	sqlite3_finalize(s);
	sqlite3_close(sql);
}

void suite_core(void);
void suite_core(void)
{
	RUN(test_buf_grows_and_detaches);
	RUN(test_buf_cap_is_an_input_error);
	RUN(test_sha256_vectors);
	RUN(test_utf8_validation);
	RUN(test_nfc_and_fold);
	RUN(test_column_take);
	RUN(test_fold_ascii_as_icu);
}
