/*
 * load_record.c - one record of any kind loaded: the loader of its kind
 * (load_person.c, load_keyed.c, load_location.c) run inside the record's
 * savepoint when it needs one, the record counted, and on failure what it
 * made taken back and forgotten. A person comes as a JSON record or as the
 * struct a flat row filled in (import_flat.c).
 */
#include <stdlib.h>

#include "import/load.h"

/* Persons, the rows of a register, open their savepoint only when a write
 * must be taken back with them (pt__record_savepoint: a new camp; a new
 * source is deleted instead, pt__record_wrote): they write nothing
 * else before rec_good, the note of their identity (check_duplicate) being
 * their last check. The other kinds, few and written as they are read, take
 * one for the whole record. A person comes as JSON (record) or as a flat
 * row filled it in (flat). */
static int load(pt__import *imp, pt__kind kind, json_t *record, struct person_in *flat,
		long line)
{
	struct rec r = { imp, line, { NULL, 0, 0 }, 0, record, "", 0 };
	int rc;

	pt__record_open(imp);
	if (kind != PT__KIND_PERSON && (rc = pt__record_savepoint(imp))) {
		pt__record_close(imp, 0);
		return rc;
	}
	switch (kind) {
	case PT__KIND_LOCATION:  rc = pt__load_location(imp, record, line); break;
	case PT__KIND_SOURCE:    rc = pt__load_source(&r, record); break;
	case PT__KIND_CAMP:      rc = pt__load_camp(&r, record); break;
	case PT__KIND_OPERATION: rc = pt__load_operation(&r, record); break;
	case PT__KIND_PERSON:
		rc = flat ? pt__load_person_flat(&r, flat) : pt__load_person(&r, record);
		break;
	case PT__KIND_CLAIM:     rc = pt__load_claim(&r, record); break;
	default:                 rc = PT_EINVAL; break;
	}
	if (rc == PT_OK && r.failed)
		rc = PT_EINVAL;
	if (rc == PT_ENOMEM)
		pt__error(imp->db, rc, "out of memory");
	if (rc && rc != PT_EINVAL && rc != PT_ENOMEM) {
		/* a failure that stops the import: say where */
		char *why = pt__strdup(pt_db_errmsg(imp->db));
		pt__error(imp->db, rc, "%s:%ld: %s", imp->name, line, why ? why : "");
		free(why);
	}
	if (rc && r.good) {
		/* no longer one record's problem: the import stops (its
		 * transaction takes the record back) */
		pt__record_close(imp, 1);
		if (rc == PT_EINVAL)
			rc = pt__error(imp->db, PT_EIO, "%s:%ld: cannot write the record",
				       imp->name, line);
	} else if (rc) {
		/* what it made taken back; if that fails, the import stops */
		int undone = pt__record_close(imp, 0);
		if (rc == PT_EINVAL)
			imp->summary->rejected++;
		pt__record_done(imp, 0); /* forget the camps and sources it made */
		if (undone)
			rc = undone;
	} else {
		rc = pt__record_close(imp, 1);
		if (rc == PT_OK)
			rc = pt__record_done(imp, 1);
	}
	pt__rec_release(&r);
	return rc;
}

int pt__load_record(pt__import *imp, pt__kind kind, json_t *record, long line)
{
	return load(imp, kind, record, NULL, line);
}

int pt__load_person_record(pt__import *imp, struct person_in *person, long line)
{
	return load(imp, PT__KIND_PERSON, NULL, person, line);
}
