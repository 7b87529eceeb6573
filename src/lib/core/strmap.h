/*
 * strmap.h - a hash map from strings to numbers (strmap.c), for checks that
 * must stay linear in the number of items.
 */
#ifndef PT_STRMAP_H
#define PT_STRMAP_H

typedef struct pt__strmap pt__strmap;

/* A new, empty map; NULL when out of memory. Free it with pt__strmap_free
 * (accepts NULL). */
pt__strmap *pt__strmap_new(void);
void pt__strmap_free(pt__strmap *m);
/* The value of `key`, or -1 when it is not in the map (or m is NULL). */
long pt__strmap_get(const pt__strmap *m, const char *key);
/* Sets `key` (copied) to `value`: PT_OK or PT_ENOMEM. */
int pt__strmap_put(pt__strmap *m, const char *key, long value);

#endif
