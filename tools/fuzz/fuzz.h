/*
 * fuzz.h - what the libFuzzer targets share: the library's internals and a
 * database opened once per fuzzing process (in memory, with a source and a
 * camp for records to point at).
 */
#include <stdint.h>

/* outside the guard: the unit tests include every target, each under its
 * own name (tests/unit/test_fuzz.c) */
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#ifndef PT_FUZZ_H
#define PT_FUZZ_H

#include <stdlib.h>
#include <string.h>

#include "import/sheet.h"

static pt_db *pt_fuzz_db(void)
{
	static pt_db *db;
	if (!db) {
		pt_import_summary *sum = NULL;
		if (pt_db_open(&db, ":memory:", PT_OPEN_CREATE))
			abort();
		static const char seed[] =
			"{\"sources\": [{\"key\": \"s\", \"kind\": \"book\"}], \"camps\": [{\"key\": "
			"\"stalag-iv-b\", \"name\": \"Stalag IV-B\", \"type\": \"stalag\", \"aliases\": "
			"[\"Mühlberg\"]}]}";
		pt__import_memory(db, "seed.json", seed, sizeof seed - 1, &sum);
		pt_import_summary_free(sum);
	}
	return db;
}

#endif
