/*
 * layout.c - how the columns of a flat file are read: each header mapped
 * to a field by the mapping, else by its canonical name or an archival
 * spelling ("SURNAME", "Christian names", "Army No."), else kept with the
 * record; a header two columns share told apart; the column-to-field list
 * of the import summary.
 */
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "import/sheet.h"

static const char *field_label(int f)
{
	if (f == PT__FIELD_KEEP)
		return "(kept)";
	if (f == PT__FIELD_IGNORE)
		return "(ignored)";
	return pt__field_get(f)->name;
}

/* fields that several columns may fill: their values are joined or listed */
static int is_multi(int f)
{
	const pt__field *fi = pt__field_get(f);
	return fi && (fi->type == PT__FT_LIST || !strcmp(fi->name, "notes"));
}

/* Adds "column -> field" to the summary, once per column name. */
static int list_column(pt__import *imp, const char *header, int f, const pt__column_map *map)
{
	pt_import_summary *s = imp->summary;
	pt_import_column *grown;
	pt__buf label = PT__BUF_INIT;
	pt__strmap **listed = imp->sheet ? &imp->sheet->listed : NULL;

	/* (a map of the names listed, so that 100,000 columns take 100,000
	 * look-ups, not 5 billion comparisons) */
	if (listed && !*listed && !(*listed = pt__strmap_new()))
		return pt__error(imp->db, PT_ENOMEM, "out of memory");
	if (listed ? pt__strmap_get(*listed, header) >= 0 : 0)
		return PT_OK;
	for (size_t i = 0; !listed && i < s->column_count; i++)
		if (!strcmp(s->columns[i].column, header))
			return PT_OK;
	if (listed && pt__strmap_put(*listed, header, (long)s->column_count))
		return pt__error(imp->db, PT_ENOMEM, "out of memory");
	pt__buf_puts(&label, field_label(f));
	if (map && map->rule_count) {
		pt__buf_puts(&label, ", or by pattern:");
		for (size_t r = 0; r < map->rule_count; r++)
			for (size_t k = 0; k < map->rules[r].count; k++)
				pt__buf_printf(&label, " %s", field_label(map->rules[r].fields[k]));
	}
	/* room doubles at each power of two: 100,000 columns are not copied
	 * 100,000 times */
	grown = !pt__room_needed(s->column_count) ? s->columns
		: realloc(s->columns, pt__room_after(s->column_count) * sizeof *grown);
	if (!grown || label.failed) {
		pt__buf_release(&label);
		if (grown)
			s->columns = grown;
		return pt__error(imp->db, PT_ENOMEM, "out of memory");
	}
	s->columns = grown;
	grown[s->column_count].column = pt__strdup(header);
	grown[s->column_count].field = pt__buf_detach(&label);
	if (!grown[s->column_count].column || !grown[s->column_count].field) {
		free(grown[s->column_count].column);
		free(grown[s->column_count].field);
		return pt__error(imp->db, PT_ENOMEM, "out of memory");
	}
	s->column_count++;
	return PT_OK;
}

void pt__layout_free(pt__layout *layout)
{
	if (!layout)
		return;
	for (size_t i = 0; i < layout->count; i++)
		free(layout->headers[i]);
	free(layout->headers);
	free(layout->fields);
	free(layout->maps);
	free(layout);
}

size_t pt__layout_score(const pt__mapping *m, pt__kind kind, char **headers, size_t count)
{
	size_t score = 0;
	for (size_t i = 0; i < count; i++) {
		if (!headers[i] || !*headers[i])
			continue;
		if (pt__mapping_column(m, headers[i]) || pt__field_recognise(kind, headers[i]) >= 0)
			score++;
	}
	return score;
}

/* "Name;Vorname", "Name,Forenames", "Naam;Voornamen": a column headed only
 * "name" beside one of given names and none of surnames holds the surnames.
 * Its index, or -1. (A column headed for whole names, "Full name", "Imię i
 * nazwisko", and one a mapping calls full_name are read name by name.) */
static long surname_column(const pt__mapping *m, pt__kind kind, char **headers, size_t count)
{
	int f_full = pt__field_find(kind, "full_name"), f_given = pt__field_find(kind, "given_names");
	int f_surname = pt__field_find(kind, "surname");
	long full = -1;
	int given = 0;
	if (f_full < 0)
		return -1;
	for (size_t i = 0; i < count; i++) {
		const pt__column_map *map;
		int f;
		if (!headers[i] || !*headers[i])
			continue;
		map = pt__mapping_column(m, headers[i]);
		f = map ? map->field : pt__field_recognise(kind, headers[i]);
		if (f == f_surname)
			return -1;
		if (f == f_given)
			given = 1;
		if (f == f_full && !map && full < 0) {
			char *key = pt__header_key(headers[i]);
			if (!key)
				return -1;
			if (!strcmp(key, "name") || !strcmp(key, "names") || !strcmp(key, "naam") ||
			    !strcmp(key, "namen"))
				full = (long)i;
			free(key);
		}
	}
	return given ? full : -1;
}

int pt__layout_build(pt__import *imp, pt__kind kind, char **headers, size_t count,
		     pt__layout **out)
{
	const pt__mapping *m = imp->sheet ? imp->sheet->mapping : NULL;
	pt__layout *l = calloc(1, sizeof *l);
	pt__strmap *names = pt__strmap_new(); /* the column names given so far */
	unsigned char *taken = NULL;          /* fields a guessed column has, by index */
	size_t taken_size = 0;
	int rc = PT_OK;

	*out = NULL;
	if (!l || !names) {
		free(l);
		pt__strmap_free(names);
		return pt__error(imp->db, PT_ENOMEM, "out of memory");
	}
	l->kind = kind;
	l->headers = calloc(count + 1, sizeof *l->headers);
	l->fields = calloc(count + 1, sizeof *l->fields);
	l->maps = calloc(count + 1, sizeof *l->maps);
	if (!l->headers || !l->fields || !l->maps) {
		rc = pt__error(imp->db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	l->count = count;
	l->surname_from_name = surname_column(m, kind, headers, count);
	for (size_t i = 0; i < count; i++) {
		const pt__column_map *map = NULL;
		int f = PT__FIELD_KEEP;
		pt__buf name = PT__BUF_INIT;

		if (headers[i] && *headers[i])
			pt__buf_puts(&name, headers[i]);
		else
			pt__buf_printf(&name, "column %zu", i + 1);
		if (headers[i] && *headers[i] && pt__strmap_get(names, pt__buf_str(&name)) >= 0)
			/* two columns of one name: both kept, told apart */
			pt__buf_printf(&name, " (column %zu)", i + 1);
		if (name.failed || !(l->headers[i] = pt__buf_detach(&name)) ||
		    pt__strmap_put(names, l->headers[i], (long)i)) {
			rc = pt__error(imp->db, PT_ENOMEM, "out of memory");
			goto cleanup;
		}
		if (headers[i] && *headers[i]) {
			if ((map = pt__mapping_column(m, headers[i])))
				f = map->field;
			else if ((long)i == l->surname_from_name)
				f = pt__field_find(kind, "surname");
			else if ((f = pt__field_recognise(kind, headers[i])) < 0)
				f = PT__FIELD_KEEP;
			else if ((size_t)f < taken_size && taken[f] && !is_multi(f))
				/* a guessed field that an earlier column has: keep this one */
				f = PT__FIELD_KEEP;
		}
		if (f >= 0) {
			if ((size_t)f >= taken_size) {
				size_t size = (size_t)f + 64;
				unsigned char *grown = realloc(taken, size);
				if (!grown) {
					rc = pt__error(imp->db, PT_ENOMEM, "out of memory");
					goto cleanup;
				}
				memset(grown + taken_size, 0, size - taken_size);
				taken = grown;
				taken_size = size;
			}
			taken[f] = 1;
		}
		l->fields[i] = f;
		l->maps[i] = map;
		if (map && map->rule_count)
			l->has_rules = 1;
		if ((rc = list_column(imp, l->headers[i], f, map)))
			goto cleanup;
		if ((long)i == l->surname_from_name && imp->summary->column_count &&
		    !strcmp(imp->summary->columns[imp->summary->column_count - 1].column,
			    l->headers[i])) {
			/* --dry-run says why */
			char **label = &imp->summary->columns[imp->summary->column_count - 1].field;
			char *why = pt__strdup("surname (a name column beside a given-names column: "
					       "read as the surname)");
			if (!why) {
				rc = pt__error(imp->db, PT_ENOMEM, "out of memory");
				goto cleanup;
			}
			free(*label);
			*label = why;
		}
	}
cleanup:
	pt__strmap_free(names);
	free(taken);
	if (rc) {
		pt__layout_free(l);
		return rc;
	}
	*out = l;
	return PT_OK;
}
