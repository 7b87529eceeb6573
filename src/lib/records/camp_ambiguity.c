/*
 * camp_ambiguity.c - a spelling that names several camps: which they are,
 * which one a look-up took (the one that had the name first, so that a
 * register imported again reads as it did), and how a person puts it right
 * (merge an unverified camp into the one it means).
 */
#include <stdlib.h>
#include <string.h>

#include "records/records.h"

/* ---- a spelling that names several camps -------------------------------- */

int pt__camp_ambiguity(pt_db *db, const char *spelling, const int64_t *ids, size_t n,
		       int64_t chosen, pt__buf *out)
{
	sqlite3_stmt *s = NULL;
	char **keys = calloc(n + 1, sizeof *keys);
	int *verified = calloc(n + 1, sizeof *verified);
	const char *chosen_key = NULL;
	size_t unverified = 0, k;
	int rc;

	if (!keys || !verified) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if ((rc = pt__prepare(db, &s, "SELECT key, verified FROM camp WHERE id = ?")))
		goto cleanup;
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, ids[i]);
		if (sqlite3_step(s) == SQLITE_ROW) {
			keys[i] = pt__column_dup(s, 0);
			verified[i] = sqlite3_column_int(s, 1);
		}
		if (!keys[i])
			keys[i] = pt__strdup("?");
		unverified += !verified[i];
		if (ids[i] == chosen)
			chosen_key = keys[i];
	}
	pt__buf_printf(out, "%s'%s' names ", chosen ? "" : "camp ", spelling);
	for (size_t i = 0; i < n; i++)
		pt__buf_printf(out, "%s%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ", keys[i],
			       verified[i] ? "" : " (unverified)");
	if (chosen_key)
		pt__buf_printf(out, "; read as %s, the camp that had the name first", chosen_key);
	/* what to do: an unverified camp goes into the verified one; two
	 * verified camps are told apart by their keys */
	for (k = 0; k < n && !verified[k]; k++)
		;
	if (unverified && k < n && n - unverified == 1) {
		pt__buf_puts(out, ": merge them with");
		for (size_t i = 0, done = 0; i < n; i++)
			if (!verified[i])
				pt__buf_printf(out, "%s 'powtrace camps merge %s %s'", done++ ? " and" : "",
					       keys[i], keys[k]);
	} else if (unverified == n) {
		pt__buf_printf(out, ": merge them with 'powtrace camps merge %s %s'", keys[n - 1],
			       keys[0]);
	} else {
		pt__buf_puts(out, ": write the key of the camp meant instead");
		if (unverified)
			pt__buf_puts(out, ", and merge the unverified ones into it "
				     "('powtrace camps merge FROM INTO')");
	}
	rc = out->failed ? pt__error(db, PT_ENOMEM, "out of memory") : PT_OK;
cleanup:
	sqlite3_finalize(s);
	for (size_t i = 0; keys && i < n; i++)
		free(keys[i]);
	free(keys);
	free(verified);
	return rc;
}


/* ---- a spelling with a place that fits several camps ------------------- */

int pt__camp_place_ambiguity(pt_db *db, const char *spelling, const int64_t *ids, size_t n,
			     int64_t made, pt__buf *out)
{
	sqlite3_stmt *s = NULL;
	char *made_key = NULL;
	int rc;

	if ((rc = pt__prepare(db, &s, "SELECT key FROM camp WHERE id = ?")))
		return rc;
	sqlite3_bind_int64(s, 1, made);
	if (sqlite3_step(s) == SQLITE_ROW)
		made_key = pt__column_dup(s, 0);
	pt__buf_printf(out, "'%s' may name ", spelling);
	for (size_t i = 0; i < n; i++) {
		sqlite3_reset(s);
		sqlite3_bind_int64(s, 1, ids[i]);
		pt__buf_printf(out, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ",
			       sqlite3_step(s) == SQLITE_ROW ?
			       (const char *)sqlite3_column_text(s, 0) : "?");
	}
	pt__buf_printf(out, "; kept as a new unverified camp, %s: merge it into the one it "
		       "means with 'powtrace camps merge %s KEY'", made_key ? made_key : "?",
		       made_key ? made_key : "?");
	rc = out->failed ? pt__error(db, PT_ENOMEM, "out of memory") : PT_OK;
	sqlite3_finalize(s);
	free(made_key);
	return rc;
}
