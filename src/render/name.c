/*
 * name.c - a man's name as every page and table shows it: one function, so
 * that show, find, the reports and the website say the same, and a record
 * whose only name is in Cyrillic shows that name with its romanisation,
 * never "(no name)".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render.h"

/* "Surname, Given", "Surname" or "Given"; NULL when both are missing. */
static char *join(const char *surname, const char *given)
{
	size_t n;
	char *s;
	if (surname && !*surname)
		surname = NULL;
	if (given && !*given)
		given = NULL;
	if (!surname && !given)
		return NULL;
	n = (surname ? strlen(surname) : 0) + (given ? strlen(given) : 0) + 3;
	if (!(s = malloc(n)))
		return NULL;
	snprintf(s, n, "%s%s%s", surname ? surname : "", surname && given ? ", " : "",
		 given ? given : "");
	return s;
}

char *render_name_romanised(pt_db *db, const char *surname, const char *given_names)
{
	char *rs = NULL, *rg = NULL, *roman;
	if (surname && *surname)
		rs = pt_romanise(db, surname);
	if (given_names && *given_names)
		rg = pt_romanise(db, given_names);
	roman = (rs || rg) ? join(rs ? rs : surname, rg ? rg : given_names) : NULL;
	pt_free(rs);
	pt_free(rg);
	return roman;
}

char *render_name_text(pt_db *db, const char *surname, const char *given_names,
		       const pt_name *names, size_t name_count)
{
	char *name = join(surname, given_names), *roman, *out;
	size_t n;

	for (size_t pass = 0; !name && pass < 2; pass++)   /* the primary form, else any */
		for (size_t i = 0; !name && i < name_count; i++)
			if (pass || names[i].is_primary) {
				surname = names[i].surname;
				given_names = names[i].given_names;
				name = join(surname, given_names);
			}
	if (!name)
		return NULL;
	if (!(roman = render_name_romanised(db, surname, given_names)))
		return name;
	n = strlen(name) + strlen(roman) + 4;
	if ((out = malloc(n)))
		snprintf(out, n, "%s (%s)", name, roman);
	free(name);
	free(roman);
	return out;
}
