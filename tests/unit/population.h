/*
 * population.h - a generated population whose true counts are known by
 * construction, for the count and report tests: persons with nationalities,
 * units, sources, camps named in many spellings, capture dates of every
 * EDTF shape, and events that lead to each case status.
 */
#ifndef PT_TEST_POPULATION_H
#define PT_TEST_POPULATION_H

#include "powtrace.h"

#define POP_CAMPS 6
#define POP_MAX_VISITS 3

enum pop_fate { FATE_RETURNED, FATE_DIED, FATE_UNACCOUNTED, FATE_UNKNOWN, FATE_CONFLICTING,
		FATE_COUNT };

struct pop_camp {
	const char *key, *name, *type, *operator_code;
	const char *spellings[6];   /* ways records write it: name, aliases, other cases */
};

struct pop_person {
	int nationality;            /* index into pop_nationalities; 5: none */
	int unit;                   /* index into pop_units; 2: none */
	int record_source;          /* 0: reg-a, 1: reg-b */
	int cites_book;             /* a citation of book-c on the person */
	enum pop_fate fate;
	int visits[POP_MAX_VISITS]; /* camps, in record order (repeats allowed) */
	int visit_count;
	int capture;                /* index into pop_captures; 5: no capture event */
	int graded;                 /* unaccounted: graded citations on the liberation */
};

extern const struct pop_camp pop_camps[POP_CAMPS];
extern const char *const pop_nationalities[6];   /* [5] NULL */
extern const char *const pop_units[3];           /* [2] NULL */
extern const char *const pop_captures[6];        /* EDTF; [5] NULL */
extern const char *const pop_capture_years[6];   /* the year label of each */

struct population {
	struct pop_person *persons; /* persons[i] has id i + 1 */
	int count;
};

/* Makes `count` persons from `seed` and imports them, with the camps and
 * sources they need, into db. Returns PT_OK or the import's code. */
int pop_generate(pt_db *db, int count, unsigned seed, struct population *out);
void pop_release(struct population *pop);

/* The person's camps as a set: out[c] is 1 when camp c was visited. */
void pop_camp_set(const struct pop_person *p, int out[POP_CAMPS]);
/* The camp of the last visit, or -1. */
int pop_last_camp(const struct pop_person *p);

/* Imports JSON text as if it were a file called `name`. */
int pop_import_text(pt_db *db, const char *name, const char *text, pt_import_summary **sum);

#endif
