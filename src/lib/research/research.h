/*
 * research.h - what the research files share (src/lib/research/): the
 * researcher's additions and searches (research.c) and the dossier's view
 * of them. The folder stands on import (a fact is written as an import of
 * one record) and link (the fact's record is joined to the man).
 */
#ifndef PT_RESEARCH_H
#define PT_RESEARCH_H

#include "core/core.h"

/* The men already searched for in the place whose folded name is
 * `where_key`: SQL that selects their individual ids, for a query's
 * NOT IN (...) with the key bound as ?NNN (research.c). */
#define PT__RESEARCH_SEARCHED_SQL(param) \
	"SELECT pi.individual_id FROM research_note r " \
	"JOIN person_individual pi ON pi.person_id = r.person_id " \
	"WHERE r.kind = 'search' AND r.undone_at IS NULL AND r.where_key = " param

/* The folded key of a place searched ("OBD Memorial" -> "obdmemorial");
 * NULL when it has no letters or digits, or on failure. Caller frees. */
char *pt__research_where_key(pt_db *db, const char *where);

#endif
