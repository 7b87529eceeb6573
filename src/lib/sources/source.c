/*
 * source.c - sources: their kinds and the spellings of kinds, archival
 * references in parts, and reading sources back with their links and the number of things they support.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "sources/sources.h"

/* "A; B" (or "A | B") as ["A", "B"]; empty parts dropped. */
static json_t *split_list(const char *text)
{
	json_t *list = json_array();
	const char *p = text;

	if (!list)
		return NULL;
	while (*p) {
		const char *end = p + strcspn(p, ";|");
		const char *a = p, *b = end;
		while (a < b && (*a == ' ' || *a == '\t'))
			a++;
		while (b > a && (b[-1] == ' ' || b[-1] == '\t'))
			b--;
		if (b > a && json_array_append_new(list, json_stringn(a, (size_t)(b - a)))) {
			json_decref(list);
			return NULL;
		}
		p = *end ? end + 1 : end;
	}
	return list;
}

int pt__source_record_normalize(json_t *record)
{
	static const char *const lists[] = {
		"authors", "cites", "derives_from", "transcribes", "translates", NULL,
	};
	json_t *kind = json_object_get(record, "kind");

	if (!json_is_object(record))
		return PT_OK;
	if (json_is_string(kind)) {
		const char *canonical = pt__source_kind(json_string_value(kind));
		if (canonical && strcmp(canonical, json_string_value(kind)) &&
		    json_object_set_new(record, "kind", json_string(canonical)))
			return PT_ENOMEM;
	}
	for (const char *const *l = lists; *l; l++) {
		json_t *v = json_object_get(record, *l), *list;
		if (!json_is_string(v))
			continue;
		if (!(list = split_list(json_string_value(v))) ||
		    json_object_set_new(record, *l, list))
			return PT_ENOMEM;
	}
	return PT_OK;
}

/* ---- archival references ----------------------------------------------- */

/* Case-insensitive match of an ASCII or Cyrillic label at p followed by a
 * separator; returns the length matched or 0. */
static size_t label_at(const char *p, const char *const labels[])
{
	for (const char *const *l = labels; *l; l++) {
		size_t n = strlen(*l);
		size_t i;
		for (i = 0; i < n; i++) {
			unsigned char a = (unsigned char)p[i], b = (unsigned char)(*l)[i];
			if (!a || (a != b && tolower(a) != b))
				break;
		}
		if (i == n && (p[n] == ' ' || p[n] == '.' || p[n] == ':' ||
			       (p[n] >= '0' && p[n] <= '9')))
			return n;
	}
	return 0;
}

/* The value after a label: up to a comma, semicolon or the next label. */
static char *value_after(const char **pp)
{
	const char *p = *pp, *start, *end;
	while (*p == ' ' || *p == '.' || *p == ':')
		p++;
	start = p;
	while (*p && *p != ',' && *p != ';' && *p != ' ')
		p++;
	end = p;
	*pp = p;
	if (end == start)
		return NULL;
	{
		char *v = malloc((size_t)(end - start) + 1);
		if (v) {
			memcpy(v, start, (size_t)(end - start));
			v[end - start] = '\0';
		}
		return v;
	}
}

int pt__archival_parse(const char *reference, struct pt__archival *parts)
{
	/* Russian: fond / opis / delo, in Latin or Cyrillic, in full or cut short */
	static const char *const fond[] = { "fond", "f", "\xd1\x84\xd0\xbe\xd0\xbd\xd0\xb4",
		"\xd1\x84", "\xd0\xa4", NULL };
	static const char *const opis[] = { "opis'", "opis", "op", "\xd0\xbe\xd0\xbf\xd0\xb8\xd1\x81\xd1\x8c",
		"\xd0\xbe\xd0\xbf", "\xd0\x9e\xd0\xbf", NULL };
	static const char *const delo[] = { "delo", "d", "\xd0\xb4\xd0\xb5\xd0\xbb\xd0\xbe",
		"\xd0\xb4", "\xd0\x94", NULL };
	char *found[3] = { NULL, NULL, NULL };
	const char *p = reference;
	int any = 0;

	if (!reference)
		return PT_OK;
	while (*p) {
		const char *const *sets[3] = { fond, opis, delo };
		int matched = 0;
		for (int k = 0; k < 3 && !matched; k++) {
			size_t n = label_at(p, sets[k]);
			if (n && !found[k]) {
				const char *q = p + n;
				found[k] = value_after(&q);
				if (found[k]) {
					p = q;
					matched = any = 1;
				}
			}
		}
		if (!matched) {
			/* skip to the next word */
			while (*p && *p != ' ' && *p != ',' && *p != ';')
				p++;
			while (*p == ' ' || *p == ',' || *p == ';')
				p++;
		}
	}
	/* a fond with an opis or a delo: "f. 12" alone may be a folio */
	if (any && found[0] && (found[1] || found[2])) {
		char **slots[3] = { &parts->fond, &parts->opis, &parts->delo };
		for (int k = 0; k < 3; k++) {
			if (!*slots[k])
				*slots[k] = found[k];
			else
				free(found[k]);
		}
		return PT_OK;
	}
	for (int k = 0; k < 3; k++)
		free(found[k]);

	/* "WO 208/3400": a department code, a series number, a piece number */
	{
		const char *a = reference, *b;
		size_t letters = 0, series = 0, piece = 0;
		while (*a == ' ')
			a++;
		while (isupper((unsigned char)a[letters]))
			letters++;
		if (letters < 1 || letters > 5 || a[letters] != ' ')
			return PT_OK;
		b = a + letters + 1;
		while (isdigit((unsigned char)b[series]))
			series++;
		if (!series || b[series] != '/')
			return PT_OK;
		while (isalnum((unsigned char)b[series + 1 + piece]))
			piece++;
		if (!piece || (b[series + 1 + piece] && b[series + 1 + piece] != ' '))
			return PT_OK;
		if (!parts->collection && !(parts->collection = strndup(a, letters)))
			return PT_ENOMEM;
		if (!parts->series && !(parts->series = strndup(b, series)))
			return PT_ENOMEM;
		if (!parts->piece && !(parts->piece = strndup(b + series + 1, piece)))
			return PT_ENOMEM;
	}
	return PT_OK;
}

char *pt__archival_compose(const struct pt__archival *parts)
{
	pt__buf b = PT__BUF_INIT;

	if (parts->fond || parts->opis || parts->delo) {
		const char *labels[3] = { "fond ", "opis ", "delo " };
		const char *values[3] = { parts->fond, parts->opis, parts->delo };
		for (int k = 0; k < 3; k++)
			if (values[k])
				pt__buf_printf(&b, "%s%s%s", b.len ? ", " : "", labels[k], values[k]);
	} else if (parts->collection && parts->series && parts->piece) {
		pt__buf_printf(&b, "%s %s/%s", parts->collection, parts->series, parts->piece);
	} else {
		const char *values[3] = { parts->collection, parts->series, parts->piece };
		for (int k = 0; k < 3; k++)
			if (values[k])
				pt__buf_printf(&b, "%s%s", b.len ? ", " : "", values[k]);
	}
	if (b.failed || !b.len) {
		pt__buf_release(&b);
		return NULL;
	}
	return pt__buf_detach(&b);
}

/* ---- adding one source ---------------------------------------------------- */

/* ---- reading sources ------------------------------------------------------ */

static void source_release(pt_source *s)
{
	free(s->key); free(s->kind); free(s->title);
	for (size_t i = 0; i < s->author_count; i++)
		free(s->authors[i]);
	free(s->authors);
	free(s->date); free(s->publisher); free(s->isbn); free(s->url);
	free(s->archive); free(s->collection); free(s->series); free(s->piece);
	free(s->fond); free(s->opis); free(s->delo); free(s->reference); free(s->notes);
	for (size_t i = 0; i < s->link_count; i++) {
		free(s->links[i].relation); free(s->links[i].key); free(s->links[i].kind);
		free(s->links[i].title);
	}
	free(s->links);
	for (size_t i = 0; i < s->linked_by_count; i++) {
		free(s->linked_by[i].relation); free(s->linked_by[i].key);
		free(s->linked_by[i].kind); free(s->linked_by[i].title);
	}
	free(s->linked_by);
}

void pt_source_free(pt_source *source)
{
	if (!source)
		return;
	source_release(source);
	free(source);
}

void pt_sources_free(pt_sources *sources)
{
	if (!sources)
		return;
	for (size_t i = 0; i < sources->count; i++)
		source_release(&sources->items[i]);
	free(sources->items);
	free(sources);
}

#define SOURCE_COLUMNS \
	"s.id, s.key, s.kind, s.title, s.authors, s.date, s.publisher, s.isbn, s.url, " \
	"s.archive, s.collection, s.series, s.piece, s.fond, s.opis, s.delo, s.reference, " \
	"s.notes, (SELECT count(*) FROM citation c WHERE c.source_id = s.id AND " \
	"c.claim_id IS NULL), (SELECT count(*) FROM citation c WHERE c.source_id = s.id " \
	"AND c.claim_id IS NOT NULL)"

static int read_source(pt_db *db, sqlite3_stmt *s, pt_source *out)
{
	const char *authors = (const char *)sqlite3_column_text(s, 4);
	char **fields[] = { &out->key, &out->kind, &out->title, NULL, &out->date, &out->publisher,
			    &out->isbn, &out->url, &out->archive, &out->collection, &out->series,
			    &out->piece, &out->fond, &out->opis, &out->delo, &out->reference,
			    &out->notes };

	memset(out, 0, sizeof *out);
	out->id = sqlite3_column_int64(s, 0);
	for (int i = 0; i < 17; i++)
		if (fields[i] && sqlite3_column_type(s, i + 1) != SQLITE_NULL &&
		    !(*fields[i] = pt__column_dup(s, i + 1)))
			return pt__error(db, PT_ENOMEM, "out of memory");
	out->citation_count = (long)sqlite3_column_int64(s, 18);
	out->claim_count = (long)sqlite3_column_int64(s, 19);
	if (authors) {
		json_t *list = json_loads(authors, 0, NULL), *item;
		size_t i;
		if (json_is_array(list) && json_array_size(list)) {
			out->authors = calloc(json_array_size(list), sizeof *out->authors);
			if (!out->authors) {
				json_decref(list);
				return pt__error(db, PT_ENOMEM, "out of memory");
			}
			json_array_foreach(list, i, item)
				if (json_is_string(item))
					out->authors[out->author_count++] =
						pt__strdup(json_string_value(item));
		}
		json_decref(list);
	}
	return PT_OK;
}

/* The links from (outgoing) or to (incoming) a source. */
static int read_links(pt_db *db, int64_t id, int incoming, pt_source_ref **out, size_t *count)
{
	static const char out_sql[] =
		"SELECT l.relation, t.key, t.kind, t.title FROM source_link l "
		"JOIN source t ON t.id = l.target_id WHERE l.source_id = ? ORDER BY l.relation, t.key";
	static const char in_sql[] =
		"SELECT l.relation, t.key, t.kind, t.title FROM source_link l "
		"JOIN source t ON t.id = l.source_id WHERE l.target_id = ? ORDER BY l.relation, t.key";
	sqlite3_stmt *s = NULL;
	int rc = pt__prepare(db, &s, incoming ? in_sql : out_sql);

	if (rc)
		return rc;
	sqlite3_bind_int64(s, 1, id);
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pt_source_ref *grown = realloc(*out, (*count + 1) * sizeof *grown), *ref;
		if (!grown) {
			sqlite3_finalize(s);
			return pt__error(db, PT_ENOMEM, "out of memory");
		}
		*out = grown;
		ref = &grown[(*count)++];
		ref->relation = pt__column_dup(s, 0);
		ref->key = pt__column_dup(s, 1);
		ref->kind = pt__column_dup(s, 2);
		ref->title = pt__column_dup(s, 3);
	}
	sqlite3_finalize(s);
	return rc == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot read source links");
}

int pt_source_get(pt_db *db, const char *key, pt_source **out)
{
	sqlite3_stmt *s = NULL;
	pt_source *src;
	int rc;

	*out = NULL;
	if ((rc = pt__prepare(db, &s, "SELECT " SOURCE_COLUMNS " FROM source s WHERE s.key = ?")))
		return rc;
	sqlite3_bind_text(s, 1, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(s);
	if (rc != SQLITE_ROW) {
		sqlite3_finalize(s);
		return rc == SQLITE_DONE ? pt__error(db, PT_ENOTFOUND, "no source '%s'", key)
					 : pt__sql_error(db, "cannot read source");
	}
	if (!(src = calloc(1, sizeof *src))) {
		sqlite3_finalize(s);
		return pt__error(db, PT_ENOMEM, "out of memory");
	}
	rc = read_source(db, s, src);
	sqlite3_finalize(s);
	if (rc == PT_OK)
		rc = read_links(db, src->id, 0, &src->links, &src->link_count);
	if (rc == PT_OK)
		rc = read_links(db, src->id, 1, &src->linked_by, &src->linked_by_count);
	if (rc) {
		pt_source_free(src);
		return rc;
	}
	*out = src;
	return PT_OK;
}

int pt_source_list(pt_db *db, const char *kind, pt_sources **out)
{
	sqlite3_stmt *s = NULL;
	pt_sources *list;
	int rc;

	*out = NULL;
	if (kind && !pt__source_kind(kind))
		return pt__error(db, PT_EINVAL, "unknown source kind '%s' (book, article, "
				 "archival_file, register, report, testimony, web, dataset)", kind);
	if ((rc = pt__prepare(db, &s, "SELECT " SOURCE_COLUMNS " FROM source s "
			      "WHERE ?1 IS NULL OR s.kind = ?1 ORDER BY s.key")))
		return rc;
	if (kind)
		sqlite3_bind_text(s, 1, pt__source_kind(kind), -1, SQLITE_STATIC);
	if (!(list = calloc(1, sizeof *list))) {
		sqlite3_finalize(s);
		return pt__error(db, PT_ENOMEM, "out of memory");
	}
	while ((rc = sqlite3_step(s)) == SQLITE_ROW) {
		pt_source *grown = realloc(list->items, (list->count + 1) * sizeof *grown);
		if (!grown) {
			rc = pt__error(db, PT_ENOMEM, "out of memory");
			goto cleanup;
		}
		list->items = grown;
		rc = read_source(db, s, &list->items[list->count++]);
		if (rc)
			goto cleanup;
	}
	rc = rc == SQLITE_DONE ? PT_OK : pt__sql_error(db, "cannot read sources");
	for (size_t i = 0; rc == PT_OK && i < list->count; i++) {
		pt_source *src = &list->items[i];
		if ((rc = read_links(db, src->id, 0, &src->links, &src->link_count)) == PT_OK)
			rc = read_links(db, src->id, 1, &src->linked_by, &src->linked_by_count);
	}
cleanup:
	sqlite3_finalize(s);
	if (rc) {
		pt_sources_free(list);
		return rc;
	}
	*out = list;
	return PT_OK;
}
