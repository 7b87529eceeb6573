/*
 * fuzz_date.c - libFuzzer target for the date parsers: any text, read as
 * EDTF and as an archival date in each order and as the date of each role
 * (birth, capture, ...: two-digit years by their period); an accepted date
 * must have EDTF that reads again to the same bounds, a text read as no date
 * must be one pt_date_is_unknown() says is. `make fuzz` runs it.
 */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	pt_date d, again;
	const char *why;

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	pt_date_parse(&d, text, &why);
	for (int order = 0; order < 3; order++) {
		if (pt_date_parse_archival(&d, text, order, 1900, &why) == PT_OK) {
			if (pt_date_parse(&again, d.edtf, &why) != PT_OK || again.min != d.min ||
			    again.max != d.max)
				__builtin_trap(); /* what it gives must be EDTF */
		} else if (!why || !*why) {
			__builtin_trap(); /* a refusal says why */
		}
	}
	for (int role = 0; role < PT_DATE_ROLE_COUNT; role++) {
		pt_archival_options o = { role % 3, (pt_date_role)role, 0 };
		int rc = pt_date_read_archival(&d, text, &o, &why);
		if (rc == PT_OK) {
			if (pt_date_parse(&again, d.edtf, &why) != PT_OK || again.min != d.min ||
			    again.max != d.max)
				__builtin_trap();
		} else if (rc == PT_ENOTFOUND ? !pt_date_is_unknown(text) : rc != PT_EINVAL) {
			__builtin_trap(); /* no date only for the words that say so */
		}
	}
	free(text);
	return 0;
}
