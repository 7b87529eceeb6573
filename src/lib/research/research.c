/*
 * research.c - what a researcher adds (PRODUCT.md, "research note"). A fact
 * found elsewhere, always with its source, becomes a record of its own: the
 * record that source gives of the man, as far as the researcher read it
 * (record_id "research-N"), written by the importer as a batch of one record
 * and joined to the man by a person's `same` decision, so that his dossier
 * and status take it in beside the imported records, which stay as they
 * were. A search and its result is logged. research_note keeps both; taking
 * an entry back removes its record and marks the entry.
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "research/research.h"
#include "import/import.h"
#include "link/link.h"

static const char *const kind_names[] = { NULL, "event", "name", "note", "citation", "search" };

const char *pt_research_kind_name(pt_research_kind kind)
{
	return kind >= PT_RESEARCH_EVENT && kind <= PT_RESEARCH_SEARCH ? kind_names[kind] : NULL;
}

static const char *const event_types[] = {
	"birth", "capture", "internment", "transfer", "liberation", "handover", "repatriation",
	"release", "return", "death", "burial", "sighting", "last_seen", NULL,
};
static const char *const qualities[] = { "original", "derivative", "authored", NULL };
static const char *const informations[] = { "primary", "secondary", "undetermined", NULL };
static const char *const evidences[] = { "direct", "indirect", "negative", NULL };

static int one_of(const char *v, const char *const *list)
{
	for (; *list; list++)
		if (!strcmp(v, *list))
			return 1;
	return 0;
}

static char *joined(const char *const *list)
{
	pt__buf b = PT__BUF_INIT;
	for (const char *const *p = list; *p; p++)
		pt__buf_printf(&b, "%s%s", p == list ? "" : p[1] ? ", " : " or ", *p);
	return pt__buf_detach(&b);
}

static int bad_choice(pt_db *db, const char *option, const char *v, const char *const *list)
{
	char *all = joined(list);
	int rc = pt__error(db, PT_EINVAL, "%s: '%s' is not %s", option, v, all ? all : "known");
	free(all);
	return rc;
}

static int blank(const char *s)
{
	if (!s)
		return 1;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
			return 0;
	return 1;
}

/* ---- transactions (the caller's, or one of our own) --------------------- */

static int tx_begin(pt_db *db, int *nested)
{
	*nested = !sqlite3_get_autocommit(db->sql);
	return pt__exec(db, *nested ? "SAVEPOINT research" : "BEGIN IMMEDIATE");
}

static int tx_end(pt_db *db, int nested, int rc)
{
	if (rc == PT_OK)
		return pt__exec(db, nested ? "RELEASE research" : "COMMIT");
	{
		/* keep the message across the rollback */
		pt__buf msg = PT__BUF_INIT;
		pt__buf_puts(&msg, pt_db_errmsg(db));
		sqlite3_exec(db->sql, nested ? "ROLLBACK TO research; RELEASE research" : "ROLLBACK",
			     NULL, NULL, NULL);
		pt__error(db, rc, "%s", pt__buf_str(&msg));
		pt__buf_release(&msg);
	}
	return rc;
}

/* ---- the man -------------------------------------------------------------- */

struct man {
	int64_t id;                 /* his individual's id (one of his records) */
	char *source, *record_id;   /* that record's identity */
	char *surname, *given;      /* the first name among his records */
};

static void man_release(struct man *m)
{
	free(m->source);
	free(m->record_id);
	free(m->surname);
	free(m->given);
}

static int man_of(pt_db *db, int64_t record, struct man *m)
{
	sqlite3_stmt *s = NULL;
	int rc;

	memset(m, 0, sizeof *m);
	if ((rc = pt__individual_of(db, record, &m->id))) {
		if (rc == PT_ENOTFOUND)
			pt__error(db, rc, "no man or record %lld", (long long)record);
		return rc;
	}
	if ((rc = pt__prepare(db, &s, "SELECT record_source, record_id FROM person WHERE id = ?")))
		return rc;
	sqlite3_bind_int64(s, 1, m->id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		m->source = pt__column_dup(s, 0);
		m->record_id = pt__column_dup(s, 1);
	}
	sqlite3_finalize(s);
	/* his name: the record named first, else any name form of his records */
	if ((rc = pt__prepare(db, &s,
			      "SELECT surname, given_names FROM (SELECT p.surname, p.given_names, "
			      "p.id = ?1 AS anchor, p.id FROM person_individual pi JOIN person p "
			      "ON p.id = pi.person_id WHERE pi.individual_id = ?1 AND "
			      "(p.surname IS NOT NULL OR p.given_names IS NOT NULL) "
			      "UNION ALL SELECT n.surname, n.given_names, 0, n.person_id + 1e12 "
			      "FROM person_individual pi JOIN person_name n ON n.person_id = "
			      "pi.person_id WHERE pi.individual_id = ?1) "
			      "ORDER BY anchor DESC, id LIMIT 1")))
		return rc;
	sqlite3_bind_int64(s, 1, m->id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		m->surname = pt__column_dup(s, 0);
		m->given = pt__column_dup(s, 1);
	}
	sqlite3_finalize(s);
	if (!m->source || !m->record_id) {
		man_release(m);
		return pt__error(db, PT_ENOMEM, "out of memory");
	}
	return PT_OK;
}

static int lookup_id(pt_db *db, const char *sql, const char *key, int64_t *out)
{
	sqlite3_stmt *s = NULL;
	int rc;
	*out = 0;
	if ((rc = pt__prepare(db, &s, sql)))
		return rc;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW)
		*out = sqlite3_column_int64(s, 0);
	sqlite3_finalize(s);
	return PT_OK;
}

/* ---- a fact --------------------------------------------------------------- */

/* What the fact says, checked, as the import's record of it. */
struct fact {
	const pt_research_fact *in;
	int64_t source_id;
	char *camp_key;            /* the camp the name names, by its key */
	pt_date date;
	const char *date_original; /* the archival text, when the date was one */
	pt__buf what;              /* the fact in words */
};

static int check_fact(pt_db *db, const pt_research_fact *f, struct fact *out)
{
	int rc;
	const char *why = NULL;

	if (f->kind < PT_RESEARCH_EVENT || f->kind > PT_RESEARCH_CITATION)
		return pt__error(db, PT_EINVAL, "add: what to add: event, name, note or citation");
	if (blank(f->source))
		return pt__error(db, PT_EINVAL, "--source: a fact needs the source it was found in "
				 "(the key of a source; 'powtrace source add' makes one)");
	if (blank(f->locator))
		return pt__error(db, PT_EINVAL, "--locator: say where in the source (a page, a card, "
				 "a file, a URL)");
	if ((rc = lookup_id(db, "SELECT id FROM source WHERE key = ?", f->source, &out->source_id)))
		return rc;
	if (!out->source_id)
		return pt__error(db, PT_ENOTFOUND, "--source: unknown source '%s' (add it first: "
				 "powtrace source add --key %s --kind ...)", f->source, f->source);
	if (f->source_quality && !one_of(f->source_quality, qualities))
		return bad_choice(db, "--quality", f->source_quality, qualities);
	if (f->information && !one_of(f->information, informations))
		return bad_choice(db, "--information", f->information, informations);
	if (f->evidence && !one_of(f->evidence, evidences))
		return bad_choice(db, "--evidence", f->evidence, evidences);
	if (f->confidence < -1 || f->confidence > 4)
		return pt__error(db, PT_EINVAL, "--confidence: %d is not 0 to 4", f->confidence);

	switch (f->kind) {
	case PT_RESEARCH_EVENT:
		if (blank(f->event_type))
			return pt__error(db, PT_EINVAL, "--type: which event (capture, internment, "
					 "transfer, liberation, ..., death, burial, sighting, last_seen)");
		if (!one_of(f->event_type, event_types))
			return bad_choice(db, "--type", f->event_type, event_types);
		if (f->date && pt_date_parse(&out->date, f->date, &why) != PT_OK) {
			const char *why_edtf = why;
			if (pt_date_parse_archival(&out->date, f->date, PT_DATE_ORDER_DMY, 1900,
						   &why) != PT_OK)
				return pt__error(db, PT_EINVAL, "--date: cannot read date '%s': %s",
						 f->date, why ? why : why_edtf);
			out->date_original = f->date;
		}
		if (f->camp) {
			int64_t camp_id = 0;
			sqlite3_stmt *s = NULL;
			if ((rc = pt_camp_resolve(db, f->camp, &camp_id))) {
				pt__buf msg = PT__BUF_INIT;
				pt__buf_printf(&msg, "--camp: %s", pt_db_errmsg(db));
				pt__error(db, rc, "%s", pt__buf_str(&msg));
				pt__buf_release(&msg);
				return rc;
			}
			if ((rc = pt__prepare(db, &s, "SELECT key FROM camp WHERE id = ?")))
				return rc;
			sqlite3_bind_int64(s, 1, camp_id);
			if (sqlite3_step(s) == SQLITE_ROW)
				out->camp_key = pt__column_dup(s, 0);
			sqlite3_finalize(s);
			if (!out->camp_key)
				return pt__error(db, PT_ENOMEM, "out of memory");
		}
		if (f->operation) {
			int64_t id;
			if ((rc = lookup_id(db, "SELECT id FROM operation WHERE key = ?", f->operation,
					    &id)))
				return rc;
			if (!id)
				return pt__error(db, PT_ENOTFOUND, "--operation: unknown operation '%s'",
						 f->operation);
		}
		pt__buf_puts(&out->what, f->event_type);
		if (f->date)
			pt__buf_printf(&out->what, ", %s", out->date.edtf);
		if (f->camp || f->place)
			pt__buf_printf(&out->what, ", %s", f->camp ? f->camp : f->place);
		if (f->camp && f->place)
			pt__buf_printf(&out->what, " (%s)", f->place);
		if (f->agent)
			pt__buf_printf(&out->what, ", by %s", f->agent);
		break;
	case PT_RESEARCH_NAME:
		if (blank(f->surname) && blank(f->given_names))
			return pt__error(db, PT_EINVAL, "--surname, --given-names: the name form the "
					 "source gives (one of them at least)");
		if (f->script && (strlen(f->script) != 4 || f->script[0] < 'A' || f->script[0] > 'Z'))
			return pt__error(db, PT_EINVAL, "--script: '%s' is not an ISO 15924 code "
					 "(Latn, Cyrl, Grek, ...)", f->script);
		pt__buf_printf(&out->what, "name %s%s%s", f->surname ? f->surname : "",
			       f->surname && f->given_names ? " " : "",
			       f->given_names ? f->given_names : "");
		break;
	case PT_RESEARCH_NOTE:
		if (blank(f->text))
			return pt__error(db, PT_EINVAL, "--text: the note");
		pt__buf_printf(&out->what, "note: %s", f->text);
		break;
	default:
		pt__buf_printf(&out->what, "cited in %s", f->source);
		break;
	}
	if (out->what.failed)
		return pt__error(db, PT_ENOMEM, "out of memory");
	return PT_OK;
}

static int set_text(json_t *obj, const char *key, const char *v)
{
	return v ? json_object_set_new(obj, key, json_string(v)) : 0;
}

static const char *script_of(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		if (*p == 0xd0 || *p == 0xd1)
			return "Cyrl";
	return "Latn";
}

/* The record of the fact, as the import reads it. */
static json_t *fact_record(const struct fact *fc, const struct man *m, int64_t entry)
{
	const pt_research_fact *f = fc->in;
	json_t *rec = json_object(), *cite = json_object(), *doc;
	char record_id[32];
	int bad = !rec || !cite;

	snprintf(record_id, sizeof record_id, "research-%lld", (long long)entry);
	bad |= set_text(rec, "record_id", record_id) || set_text(rec, "source", f->source);
	if (f->kind == PT_RESEARCH_NAME) {
		const char *auto_script = script_of(f->surname ? f->surname : f->given_names);
		if (f->script && strcmp(f->script, auto_script)) {
			/* a script the letters do not say: the form as a name of its own */
			json_t *n = json_object();
			bad |= !n || set_text(n, "surname", f->surname) ||
			       set_text(n, "given_names", f->given_names) ||
			       set_text(n, "script", f->script) ||
			       json_object_set_new(rec, "names", json_pack("[o]", n));
		} else {
			bad |= set_text(rec, "surname", f->surname) ||
			       set_text(rec, "given_names", f->given_names);
		}
		bad |= set_text(rec, "notes", f->note);
	} else {
		/* the source names the man it speaks of: the name he is known by */
		bad |= set_text(rec, "surname", m->surname) || set_text(rec, "given_names", m->given);
		if (!m->surname && !m->given)
			bad |= set_text(rec, "surname", "(no name)");
	}
	if (f->kind == PT_RESEARCH_NOTE)
		bad |= set_text(rec, "notes", f->text);
	if (f->kind == PT_RESEARCH_EVENT) {
		json_t *e = json_object();
		bad |= !e || set_text(e, "type", f->event_type) ||
		       (f->date && set_text(e, "date", fc->date.edtf)) ||
		       set_text(e, "date_original", fc->date_original) ||
		       set_text(e, "place", f->place) || set_text(e, "camp", fc->camp_key) ||
		       set_text(e, "operation", f->operation) || set_text(e, "agent", f->agent) ||
		       set_text(e, "notes", f->note) ||
		       json_object_set_new(rec, "events", json_pack("[o]", e));
	}
	bad |= set_text(cite, "source", f->source) || set_text(cite, "locator", f->locator) ||
	       set_text(cite, "source_quality", f->source_quality) ||
	       set_text(cite, "information", f->information) ||
	       set_text(cite, "evidence", f->evidence) ||
	       (f->confidence >= 0 && json_object_set_new(cite, "confidence",
							   json_integer(f->confidence))) ||
	       /* the note on a citation or a note goes with the citation */
	       ((f->kind == PT_RESEARCH_CITATION || f->kind == PT_RESEARCH_NOTE) &&
		set_text(cite, "notes", f->note));
	bad |= json_object_set_new(rec, "citations", json_pack("[o]", cite));
	doc = bad ? NULL : json_pack("{s:[o]}", "persons", rec);
	if (!doc)
		json_decref(rec);
	return doc;
}

/* A person's `same` decision between the man and the fact's record (the
 * link engine puts the record in his individual and logs the decision). */
static int join_man(pt_db *db, const struct man *m, int64_t record, int64_t entry,
		    const char *made_by)
{
	pt_link_decision_in d;
	char note[64];

	snprintf(note, sizeof note, "powtrace add: research entry %lld", (long long)entry);
	memset(&d, 0, sizeof d);
	d.a = m->id;
	d.b = record;
	d.verdict = PT_LINK_SAME;
	d.note = note;
	return pt_link_decide(db, &d, made_by);
}

static const char *who(const char *made_by)
{
	return made_by && *made_by ? made_by : "unknown";
}

/* A search's own fields (NULL for a fact). */
struct search_fields {
	const char *where, *where_key, *query;
	int found;
};

static int new_entry(pt_db *db, const char *kind, const struct man *m, int64_t source_id,
		     const char *locator, const char *what, const char *note, const char *made_by,
		     const struct search_fields *search, int64_t *entry)
{
	sqlite3_stmt *s = NULL;
	int rc;
	if ((rc = pt__prepare(db, &s, "INSERT INTO research_note(kind, person_id, person_source, "
			      "person_record_id, source_id, locator, what, note, made_by, made_at, "
			      "searched_where, where_key, query, found) VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
			      "?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), ?, ?, ?, ?)")))
		return rc;
	if (search) {
		sqlite3_bind_text(s, 10, search->where, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 11, search->where_key, -1, SQLITE_STATIC);
		if (search->query)
			sqlite3_bind_text(s, 12, search->query, -1, SQLITE_STATIC);
		sqlite3_bind_text(s, 13, search->found ? "yes" : "no", -1, SQLITE_STATIC);
	}
	sqlite3_bind_text(s, 1, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(s, 2, m->id);
	sqlite3_bind_text(s, 3, m->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 4, m->record_id, -1, SQLITE_STATIC);
	if (source_id)
		sqlite3_bind_int64(s, 5, source_id);
	if (locator)
		sqlite3_bind_text(s, 6, locator, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 7, what, -1, SQLITE_STATIC);
	if (note)
		sqlite3_bind_text(s, 8, note, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 9, who(made_by), -1, SQLITE_STATIC);
	rc = sqlite3_step(s) == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot write the entry");
	sqlite3_finalize(s);
	*entry = sqlite3_last_insert_rowid(db->sql);
	return rc;
}

int pt_research_add(pt_db *db, const pt_research_fact *f, pt_research_added *out)
{
	struct fact fc = { .in = f };
	struct man m = { 0 };
	pt_import_summary *sum = NULL;
	json_t *doc = NULL;
	char *text = NULL, record_id[32];
	int64_t entry = 0, record = 0, batch = 0;
	int rc, nested = 0, in_tx = 0;
	sqlite3_stmt *s = NULL;

	if (out)
		memset(out, 0, sizeof *out);
	if (!f)
		return pt__error(db, PT_EINVAL, "add: nothing to add");
	if ((rc = man_of(db, f->man, &m)) || (rc = check_fact(db, f, &fc)))
		goto cleanup;
	if ((rc = tx_begin(db, &nested)))
		goto cleanup;
	in_tx = 1;
	if ((rc = new_entry(db, kind_names[f->kind], &m, fc.source_id, f->locator,
			    pt__buf_str(&fc.what), f->note, f->made_by, NULL, &entry)))
		goto cleanup;
	if (!(doc = fact_record(&fc, &m, entry)) || !(text = json_dumps(doc, JSON_COMPACT))) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if ((rc = pt__import_memory(db, "powtrace add", text, strlen(text), &sum)))
		goto cleanup;
	snprintf(record_id, sizeof record_id, "research-%lld", (long long)entry);
	/* the record, and the batch that wrote it (a memory import's summary
	 * does not say) */
	if ((rc = pt__prepare(db, &s, "SELECT id, batch_id FROM person WHERE record_source = ? "
			      "AND record_id = ?")))
		goto cleanup;
	sqlite3_bind_text(s, 1, f->source, -1, SQLITE_STATIC);
	sqlite3_bind_text(s, 2, record_id, -1, SQLITE_STATIC);
	if (sqlite3_step(s) == SQLITE_ROW) {
		record = sqlite3_column_int64(s, 0);
		batch = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	s = NULL;
	if (!record) {
		rc = pt__error(db, PT_EIO, "add: the record was not written");
		goto cleanup;
	}
	if ((rc = pt__prepare(db, &s, "UPDATE research_note SET record_id = ?, batch_id = ? "
			      "WHERE id = ?")))
		goto cleanup;
	sqlite3_bind_int64(s, 1, record);
	sqlite3_bind_int64(s, 2, batch);
	sqlite3_bind_int64(s, 3, entry);
	rc = sqlite3_step(s) == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot write the entry");
	sqlite3_finalize(s);
	s = NULL;
	if (rc || (rc = join_man(db, &m, record, entry, who(f->made_by))))
		goto cleanup;
	if (out) {
		out->entry = entry;
		out->record = record;
		out->batch = batch;
		out->man = m.id;
	}
cleanup:
	if (in_tx)
		rc = tx_end(db, nested, rc);
	if (rc == PT_OK)
		pt__buf_reset(&db->errmsg);
	pt_import_summary_free(sum);
	json_decref(doc);
	free(text);
	free(fc.camp_key);
	pt__buf_release(&fc.what);
	man_release(&m);
	return rc;
}

/* ---- a search ------------------------------------------------------------- */

char *pt__research_where_key(pt_db *db, const char *where)
{
	char *key = where ? pt__fold_key(db, where) : NULL;
	if (key && !*key) {
		free(key);
		key = NULL;
	}
	return key;
}

int pt_research_search(pt_db *db, const pt_research_search_in *in, int64_t *entry_out)
{
	struct man m = { 0 };
	struct search_fields fields;
	pt__buf what = PT__BUF_INIT;
	char *key = NULL;
	int64_t entry = 0;
	int rc, nested = 0, in_tx = 0;

	if (entry_out)
		*entry_out = 0;
	if (!in || blank(in->where))
		return pt__error(db, PT_EINVAL, "--where: where the search was made (\"OBD "
				 "Memorial\", \"CWGC\", an archive)");
	if (!(key = pt__research_where_key(db, in->where)))
		return pt__error(db, PT_EINVAL, "--where: '%s' has no letters or digits", in->where);
	if ((rc = man_of(db, in->man, &m)))
		goto cleanup;
	pt__buf_printf(&what, "searched %s", in->where);
	if (!blank(in->query))
		pt__buf_printf(&what, " for '%s'", in->query);
	pt__buf_puts(&what, in->found ? ": found" : ": nothing found");
	if (what.failed) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if ((rc = tx_begin(db, &nested)))
		goto cleanup;
	in_tx = 1;
	fields.where = in->where;
	fields.where_key = key;
	fields.query = blank(in->query) ? NULL : in->query;
	fields.found = in->found;
	rc = new_entry(db, "search", &m, 0, NULL, pt__buf_str(&what), in->note, in->made_by,
		       &fields, &entry);
	if (rc == PT_OK && entry_out)
		*entry_out = entry;
cleanup:
	if (in_tx)
		rc = tx_end(db, nested, rc);
	if (rc == PT_OK)
		pt__buf_reset(&db->errmsg);
	pt__buf_release(&what);
	free(key);
	man_release(&m);
	return rc;
}

/* ---- the log ---------------------------------------------------------------- */

#define ENTRY_COLUMNS \
	"SELECT r.id, r.kind, coalesce(r.person_id, 0), r.person_source || ':' || " \
	"r.person_record_id, coalesce(r.record_id, 0), coalesce(r.batch_id, 0), s.key, " \
	"r.locator, r.what, r.searched_where, r.query, r.found, r.note, r.made_by, r.made_at, " \
	"r.undone_at FROM research_note r LEFT JOIN source s ON s.id = r.source_id "

static int read_entries(pt_db *db, sqlite3_stmt *s, pt_research_entries **out)
{
	pt_research_entries *list = calloc(1, sizeof *list);
	size_t cap = 0;
	int step;

	if (!list)
		return pt__error(db, PT_ENOMEM, "out of memory");
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		pt_research_entry *e;
		const char *kind = (const char *)sqlite3_column_text(s, 1);
		if (list->count == cap) {
			pt_research_entry *grown = realloc(list->items,
							   (cap = cap ? cap * 2 : 8) * sizeof *grown);
			if (!grown)
				break;
			list->items = grown;
		}
		e = &list->items[list->count++];
		memset(e, 0, sizeof *e);
		e->id = sqlite3_column_int64(s, 0);
		for (int k = PT_RESEARCH_EVENT; k <= PT_RESEARCH_SEARCH; k++)
			if (kind && !strcmp(kind, kind_names[k]))
				e->kind = kind_names[k];
		e->man = sqlite3_column_int64(s, 2);
		e->man_record = pt__column_dup(s, 3);
		e->record = sqlite3_column_int64(s, 4);
		e->batch = sqlite3_column_int64(s, 5);
		e->source = pt__column_dup(s, 6);
		e->locator = pt__column_dup(s, 7);
		e->what = pt__column_dup(s, 8);
		e->where = pt__column_dup(s, 9);
		e->query = pt__column_dup(s, 10);
		e->found = sqlite3_column_type(s, 11) == SQLITE_NULL ? -1
			 : !strcmp((const char *)sqlite3_column_text(s, 11), "yes");
		e->note = pt__column_dup(s, 12);
		e->made_by = pt__column_dup(s, 13);
		e->made_at = pt__column_dup(s, 14);
		e->undone_at = pt__column_dup(s, 15);
	}
	if (step != SQLITE_DONE) {
		pt_research_entries_free(list);
		return step == SQLITE_ROW ? pt__error(db, PT_ENOMEM, "out of memory")
					  : pt__sql_error(db, "cannot read the research log");
	}
	*out = list;
	return PT_OK;
}

int pt_research_list(pt_db *db, int64_t man, int undone, pt_research_entries **out)
{
	sqlite3_stmt *s = NULL;
	int64_t id;
	int rc;

	*out = NULL;
	if ((rc = pt__individual_of(db, man, &id)))
		return rc;
	if ((rc = pt__stmt_get(db, &s, ENTRY_COLUMNS "WHERE r.person_id IN (SELECT person_id FROM "
			       "person_individual WHERE individual_id = ?1) AND (?2 OR r.undone_at "
			       "IS NULL) ORDER BY r.id")))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	sqlite3_bind_int(s, 2, undone != 0);
	rc = read_entries(db, s, out);
	pt__stmt_put(db, s);
	return rc;
}

void pt_research_entries_free(pt_research_entries *entries)
{
	if (!entries)
		return;
	for (size_t i = 0; i < entries->count; i++) {
		pt_research_entry *e = &entries->items[i];
		free(e->man_record);
		free(e->source);
		free(e->locator);
		free(e->what);
		free(e->where);
		free(e->query);
		free(e->note);
		free(e->made_by);
		free(e->made_at);
		free(e->undone_at);
	}
	free(entries->items);
	free(entries);
}

/* ---- taking an entry back --------------------------------------------------- */

static int run_id(pt_db *db, const char *sql, int64_t id)
{
	sqlite3_stmt *s = NULL;
	int rc;
	if ((rc = pt__prepare(db, &s, sql)))
		return rc;
	sqlite3_bind_int64(s, 1, id);
	rc = sqlite3_step(s) == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot take it back");
	sqlite3_finalize(s);
	return rc;
}

/* The fact's record goes, and with it its link to the man. */
static int remove_record(pt_db *db, int64_t record, int64_t batch, int64_t entry)
{
	sqlite3_stmt *s = NULL;
	int64_t last_batch = 0, first_batch = 0;
	int rc;

	if ((rc = pt__prepare(db, &s, "SELECT batch_id, first_batch_id FROM person WHERE id = ?")))
		return rc;
	sqlite3_bind_int64(s, 1, record);
	if (sqlite3_step(s) == SQLITE_ROW) {
		last_batch = sqlite3_column_int64(s, 0);
		first_batch = sqlite3_column_int64(s, 1);
	}
	sqlite3_finalize(s);
	if (last_batch != batch || first_batch != batch)
		return pt__error(db, PT_ECONFLICT, "record %lld was changed by import batch %lld "
				 "since it was added; take that back first", (long long)record,
				 (long long)last_batch);
	/* the record goes and the linker rebuilds the man from the decisions
	 * that still hold (as after an unimport); then the decision that joined
	 * it ends, since research-N never comes back for it to wait for */
	if ((rc = run_id(db, "DELETE FROM person WHERE id = ?", record)) ||
	    (rc = pt__name_keys_prune(db)) ||
	    (rc = run_id(db, "UPDATE import_batch SET unimported_at = "
			 "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE id = ?", batch)) ||
	    (rc = pt__link_records_gone(db)))
		return rc;
	return run_id(db, "UPDATE link_decision SET superseded_at = "
		      "strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE superseded_at IS NULL AND "
		      "(a IS NULL OR b IS NULL) AND note = 'powtrace add: research entry ' || ?",
		      entry);
}

int pt_research_undo(pt_db *db, int64_t id, pt_research_entries **out)
{
	sqlite3_stmt *s = NULL;
	char *kind = NULL, *undone = NULL;
	int64_t record = 0, batch = 0;
	int rc, found = 0, nested = 0, in_tx = 0;

	if (out)
		*out = NULL;
	if ((rc = tx_begin(db, &nested)))
		return rc;
	in_tx = 1;
	if ((rc = pt__prepare(db, &s, "SELECT kind, coalesce(record_id, 0), coalesce(batch_id, 0), "
			      "undone_at FROM research_note WHERE id = ?")))
		goto cleanup;
	sqlite3_bind_int64(s, 1, id);
	if (sqlite3_step(s) == SQLITE_ROW) {
		found = 1;
		kind = pt__column_dup(s, 0);
		record = sqlite3_column_int64(s, 1);
		batch = sqlite3_column_int64(s, 2);
		undone = pt__column_dup(s, 3);
	}
	sqlite3_finalize(s);
	if (!found) {
		rc = pt__error(db, PT_ENOTFOUND, "no research entry %lld", (long long)id);
		goto cleanup;
	}
	if (undone) {
		rc = pt__error(db, PT_ECONFLICT, "research entry %lld was taken back already (%s)",
			       (long long)id, undone);
		goto cleanup;
	}
	/* a fact whose record an unimport took already has nothing left to remove */
	if (record && (rc = remove_record(db, record, batch, id)))
		goto cleanup;
	rc = run_id(db, "UPDATE research_note SET undone_at = strftime('%Y-%m-%dT%H:%M:%SZ', "
		    "'now') WHERE id = ?", id);
cleanup:
	if (in_tx)
		rc = tx_end(db, nested, rc);
	if (rc == PT_OK && out) {
		if ((rc = pt__prepare(db, &s, ENTRY_COLUMNS "WHERE r.id = ?")) == PT_OK) {
			sqlite3_bind_int64(s, 1, id);
			rc = read_entries(db, s, out);
			sqlite3_finalize(s);
		}
	}
	if (rc == PT_OK)
		pt__buf_reset(&db->errmsg);
	free(kind);
	free(undone);
	return rc;
}
