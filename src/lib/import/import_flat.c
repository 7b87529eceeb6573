/*
 * import_flat.c - flat rows (a CSV row, or a JSON record read through a
 * mapping) turned into the canonical records of PRODUCT.md that the loaders
 * take: columns to fields as the layout says (layout.c), value
 * maps, patterns, defaults, full names split, capture_date/capture_camp
 * gathered into events, source and locator into a citation, and every
 * column no field took kept in the record's "extra".
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uregex.h>
#include <unicode/ustring.h>

#include "import/sheet.h"

#define MAX_CELL 100000    /* bytes in one cell */

/* ---- values ---------------------------------------------------------------- */

struct row {
	pt__import *imp;
	long line;
	const char **value;        /* per field index */
	const char **column;       /* per field: the header of the column that gave it */
	int *rank;                 /* per field: the giving column's priority (lower wins) */
	char **owned;              /* per field: a value this row allocated */
	json_t **list;             /* per field: LIST values, gathered */
	const char **original;     /* per date field: the text a value map rewrote */
	json_t *extra;
	pt__buf notes;
	int failed;
};

static size_t field_count(void)
{
	size_t n = 0;
	while (pt__field_get((int)n))
		n++;
	return n;
}

#define problem(row, field, ...) \
	((row)->failed = 1, pt__import_problem((row)->imp, (row)->line, (field), __VA_ARGS__))

/* " text " -> "text" (in place, returns the start) */
static char *trim(char *s)
{
	char *end;
	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	end = s + strlen(s);
	while (end > s && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r' || end[-1] == '\n'))
		*--end = '\0';
	return s;
}

/* A value map lookup: exact, then folded (case and punctuation). Returns 1
 * with *out (NULL: the value is dropped) when the map names the value. */
static int map_value(const json_t *values, const char *v, const char **out)
{
	const char *from;
	json_t *to;
	char *key;
	int found = 0;

	if (!values)
		return 0;
	if ((to = json_object_get(values, v))) {
		*out = json_string_value(to);
		return 1;
	}
	if (!(key = pt__header_key(v)))
		return 0;
	json_object_foreach((json_t *)values, from, to) {
		char *fk = pt__header_key(from);
		if (fk && *fk && !strcmp(fk, key)) {
			*out = json_string_value(to);
			found = 1;
		}
		free(fk);
		if (found)
			break;
	}
	free(key);
	return found;
}

/* Sets field f from a column. When two columns give one field, the one
 * the mapping names first wins (then the one further left in the file);
 * notes are joined and lists gathered instead. */
static int set_field(struct row *row, int f, const char *value, const pt__column_map *map,
		     const char *column, int rank)
{
	const pt__field *fi = pt__field_get(f);
	char *owned = NULL;

	if (!fi || !*value)
		return PT_OK;
	if (row->value[f] && fi->type != PT__FT_LIST && strcmp(fi->name, "notes")) {
		if (rank >= row->rank[f])
			return PT_OK;
		free(row->owned[f]);
		row->owned[f] = NULL;
		row->value[f] = NULL;
		row->column[f] = NULL;
	}
	if (!row->column[f]) {
		row->column[f] = column ? column : fi->name;
		row->rank[f] = rank;
	}
	if (map && map->prefix) {
		pt__buf b = PT__BUF_INIT;
		pt__buf_printf(&b, "%s%s", map->prefix, value);
		if (!(owned = pt__buf_detach(&b)))
			return PT_ENOMEM;
		value = owned;
	}
	if (fi->type == PT__FT_LIST) {
		const char *split = map && map->split ? map->split : ";";
		size_t seplen = strlen(split);
		const char *p = value;
		if (!row->list[f] && !(row->list[f] = json_array())) {
			free(owned);
			return PT_ENOMEM;
		}
		while (*p) {
			const char *end = strstr(p, split);
			size_t len = end ? (size_t)(end - p) : strlen(p);
			char *item = malloc(len + 1);
			if (!item) {
				free(owned);
				return PT_ENOMEM;
			}
			memcpy(item, p, len);
			item[len] = '\0';
			if (*trim(item))
				json_array_append_new(row->list[f], json_string(trim(item)));
			free(item);
			p += len;
			if (end)
				p += seplen;
		}
		free(owned);
		return PT_OK;
	}
	if (!strcmp(fi->name, "notes")) {
		if (row->notes.len)
			pt__buf_puts(&row->notes, "; ");
		pt__buf_puts(&row->notes, value);
		free(owned);
		return row->notes.failed ? PT_ENOMEM : PT_OK;
	}
	if (!owned && !(owned = pt__strdup(value)))
		return PT_ENOMEM;
	row->owned[f] = owned;
	row->value[f] = owned;
	return PT_OK;
}
/* ---- patterns ---------------------------------------------------------------- */

/* Expands "$1 ($0)" with the groups of the last match of re. */
static int expand(URegularExpression *re, const char *template_text, pt__buf *out)
{
	for (const char *p = template_text; *p; p++) {
		if (*p == '$' && p[1] >= '0' && p[1] <= '9') {
			UErrorCode err = U_ZERO_ERROR;
			UChar group[1024];
			char utf8[4096];
			int32_t n = uregex_group(re, p[1] - '0', group, 1024, &err);
			if (U_SUCCESS(err) && n > 0) {
				int32_t len = 0;
				u_strToUTF8(utf8, sizeof utf8, &len, group, n, &err);
				if (U_SUCCESS(err))
					pt__buf_add(out, utf8, (size_t)len);
			}
			p++;
		} else {
			pt__buf_putc(out, *p);
		}
	}
	return out->failed ? PT_ENOMEM : PT_OK;
}

/* Applies the first rule of `map` whose pattern matches v; 1 if one did. */
static int apply_rules(struct row *row, const pt__column_map *map, const char *v, int *matched)
{
	UErrorCode err = U_ZERO_ERROR;
	UChar *u;
	int32_t len = 0;
	int rc = PT_OK;

	*matched = 0;
	u_strFromUTF8(NULL, 0, &len, v, -1, &err);
	err = U_ZERO_ERROR;
	if (!(u = malloc(sizeof(UChar) * ((size_t)len + 1))))
		return PT_ENOMEM;
	u_strFromUTF8(u, len + 1, NULL, v, -1, &err);
	for (size_t r = 0; r < map->rule_count && !*matched && U_SUCCESS(err); r++) {
		URegularExpression *re = map->rules[r].regex;
		int found;
		uregex_setText(re, u, len, &err);
		found = U_SUCCESS(err) && uregex_find(re, 0, &err);
		if (err == U_REGEX_TIME_OUT || err == U_REGEX_STACK_OVERFLOW) {
			/* a pattern that backtracks without end (^(a+)+$): the value
			 * is not read by it, and the row says why */
			uregex_setText(re, u, 0, &err);
			err = U_ZERO_ERROR;
			*matched = 1;
			problem(row, map->header, "pattern '%s' gave up on this value after %d steps "
				"(it backtracks too much; simplify the pattern)", map->rules[r].pattern,
				PT__PATTERN_TIME_LIMIT);
			break;
		}
		if (U_FAILURE(err) || !found)
			continue;
		*matched = 1;
		for (size_t k = 0; k < map->rules[r].count && rc == PT_OK; k++) {
			pt__buf value = PT__BUF_INIT;
			char *t;
			if ((rc = expand(re, map->rules[r].templates[k], &value)))
				break;
			t = trim(value.data ? value.data : (char *)"");
			if (*t) {
				int f = map->rules[r].fields[k];
				if (f == PT__FIELD_KEEP)
					rc = json_object_set_new(row->extra, map->header, json_string(t))
						? PT_ENOMEM : PT_OK;
				else
					rc = set_field(row, f, t, NULL, map->header, map->rank);
			}
			pt__buf_release(&value);
		}
		/* do not keep a pointer into u */
		uregex_setText(re, u, 0, &err);
	}
	free(u);
	return rc;
}


/* ---- the canonical record ---------------------------------------------------- */

/* Messages about the record's `path` ("events[1].date") name the column the
 * value came from ("Date of capture"). */
static void name_path(struct row *row, const char *path, int f)
{
	pt__import *imp = row->imp;
	if (f < 0 || !row->column[f] || !imp->sheet)
		return;
	if (!imp->field_names)
		imp->field_names = json_object();
	if (imp->field_names && !json_object_get(imp->field_names, path))
		json_object_set_new(imp->field_names, path, json_string(row->column[f]));
}

static int put_text(json_t *obj, const char *key, const char *v)
{
	return v && *v ? json_object_set_new(obj, key, json_string(v)) : 0;
}

/* The typed value of field f into obj[key]; a bad number is a problem. */
static int put_typed(struct row *row, json_t *obj, int f, const char *key)
{
	const pt__field *fi = pt__field_get(f);
	const char *v = row->value[f];
	char code[64];
	double d;
	int b;

	if (fi->type == PT__FT_LIST) {
		name_path(row, key, f);
		if (row->list[f] && json_array_size(row->list[f]))
			return json_object_set(obj, key, row->list[f]) ? PT_ENOMEM : PT_OK;
		return PT_OK;
	}
	if (!v)
		return PT_OK;
	name_path(row, key, f);
	switch (fi->type) {
	case PT__FT_NUMBER:
		if (pt__cell_number(v, !strcmp(fi->name, "lat") || !strcmp(fi->name, "lon"), &d))
			return problem(row, row->column[f], "cannot read number '%s'", v);
		if (d == floor(d) && fabs(d) < 9e15)
			return json_object_set_new(obj, key, json_integer((json_int_t)d)) ? PT_ENOMEM : PT_OK;
		return json_object_set_new(obj, key, json_real(d)) ? PT_ENOMEM : PT_OK;
	case PT__FT_INTEGER: {
		char *end;
		long n;
		errno = 0;
		n = strtol(v, &end, 10);
		if (*end || errno || end == v)
			return problem(row, row->column[f], "cannot read whole number '%s'", v);
		return json_object_set_new(obj, key, json_integer(n)) ? PT_ENOMEM : PT_OK;
	}
	case PT__FT_BOOL:
		if (pt__cell_bool(v, &b))
			return problem(row, row->column[f], "expected yes or no, got '%s'", v);
		return json_object_set_new(obj, key, json_boolean(b)) ? PT_ENOMEM : PT_OK;
	case PT__FT_CODE:
		return put_text(obj, key, pt__cell_country(v, code, sizeof code)) ? PT_ENOMEM : PT_OK;
	case PT__FT_SEX:
		return put_text(obj, key, pt__cell_sex(v)) ? PT_ENOMEM : PT_OK;
	default:
		return put_text(obj, key, v) ? PT_ENOMEM : PT_OK;
	}
}

/* pt__field_find for names given as string literals, remembered (a row
 * asks for the same fields again and again). */
static int field_index(pt__kind kind, const char *name)
{
	static _Thread_local struct { pt__kind kind; const char *name; int field; } memo[48];
	static _Thread_local int memo_count;
	int f;
	for (int i = 0; i < memo_count; i++)
		if (memo[i].name == name && memo[i].kind == kind)
			return memo[i].field;
	f = pt__field_find(kind, name);
	if (memo_count < 48) {
		memo[memo_count].kind = kind;
		memo[memo_count].name = name;
		memo[memo_count++].field = f;
	}
	return f;
}

static int build_person(struct row *row, json_t *rec)
{
	static const char *const plain[] = {
		"record_id", "name_original", "sex", "nationality", "birth_date", "birth_place",
		"service", "service_number", "rank", "unit", NULL,
	};
	int f_surname = field_index(PT__KIND_PERSON, "surname");
	int f_given = field_index(PT__KIND_PERSON, "given_names");
	int f_full = field_index(PT__KIND_PERSON, "full_name");
	int f_source = field_index(PT__KIND_PERSON, "source");
	int f_locator = field_index(PT__KIND_PERSON, "source_locator");
	json_t *events = NULL;
	int rc;

	if (put_text(rec, "surname", row->value[f_surname]) ||
	    put_text(rec, "given_names", row->value[f_given]))
		return PT_ENOMEM;
	name_path(row, "surname", row->value[f_surname] ? f_surname : f_full);
	name_path(row, "given_names", row->value[f_given] ? f_given : f_full);
	if (row->value[f_full] && !row->value[f_surname] && !row->value[f_given]) {
		enum pt__name_order order = PT__ORDER_AUTO;
		char *surname, *given;
		if (row->imp->sheet && row->imp->sheet->mapping) {
			const pt__mapping *m = row->imp->sheet->mapping;
			for (size_t i = 0; i < m->column_count; i++)
				if (m->columns[i].field == f_full)
					order = m->columns[i].order;
		}
		if ((rc = pt__full_name_split(row->value[f_full], order, &surname, &given)))
			return rc;
		rc = put_text(rec, "surname", surname ? trim(surname) : NULL) ||
		     put_text(rec, "given_names", given ? trim(given) : NULL);
		free(surname);
		free(given);
		if (rc)
			return PT_ENOMEM;
	}
	for (const char *const *p = plain; *p; p++)
		if ((rc = put_typed(row, rec, field_index(PT__KIND_PERSON, *p), *p)))
			return rc;
	if (row->original[field_index(PT__KIND_PERSON, "birth_date")] &&
	    put_text(rec, "birth_date_original", row->original[field_index(PT__KIND_PERSON, "birth_date")]))
		return PT_ENOMEM;
	for (size_t i = 0, e = 0; pt__event_type_at(i); i++) {
		static const char *const parts[] = { "date", "place", "camp", "agent", "notes",
						     "operation", NULL };
		const struct pt__event_type *type = pt__event_type_at(i);
		json_t *event = NULL;
		int first;
		if (!type->flat)
			continue;
		/* the fields of the e-th flat event type are consecutive, in the
		 * order of parts[] */
		first = field_index(PT__KIND_PERSON, "capture_date") + (int)e++ * 6;
		for (const char *const *part = parts; *part; part++) {
			char path[64];
			int f = first + (int)(part - parts);
			if (!row->value[f])
				continue;
			snprintf(path, sizeof path, "events[%zu].%s",
				 (events ? json_array_size(events) : 0) + 1, *part);
			name_path(row, path, f);
			if (!event && !(event = json_pack("{s:s}", "type", type->name)))
				return PT_ENOMEM;
			if (put_text(event, *part, row->value[f]))
				return PT_ENOMEM;
			if (row->original[f] && put_text(event, "date_original", row->original[f]))
				return PT_ENOMEM;
		}
		if (!event)
			continue;
		if (!events && !(events = json_array())) {
			json_decref(event);
			return PT_ENOMEM;
		}
		json_array_append_new(events, event);
	}
	if (events && json_object_set_new(rec, "events", events))
		return PT_ENOMEM;
	if (row->value[f_source]) {
		json_t *cite = json_pack("{s:s}", "source", row->value[f_source]);
		name_path(row, "source", f_source);
		name_path(row, "citations[1].source", f_source);
		name_path(row, "citations[1].locator", f_locator);
		if (!cite || put_text(cite, "locator", row->value[f_locator]) ||
		    json_object_set_new(rec, "citations", json_pack("[o]", cite)) ||
		    put_text(rec, "source", row->value[f_source]))
			return PT_ENOMEM;
	} else if (row->value[f_locator]) {
		return problem(row, "source_locator", "a locator needs a source (give a source "
			       "column or a default in the mapping)");
	}
	return PT_OK;
}

/* every field of `kind` whose canonical key is itself, typed */
static int build_plain(struct row *row, json_t *rec, pt__kind kind)
{
	for (int f = 0; pt__field_get(f); f++) {
		const pt__field *fi = pt__field_get(f);
		int rc;
		if (!(fi->kinds & (1u << kind)) || !fi->key || !strcmp(fi->name, "notes") ||
		    !strcmp(fi->name, "source") || !strcmp(fi->name, "source_locator") ||
		    !strcmp(fi->name, "nationality") || !strcmp(fi->name, "population"))
			continue;
		if ((rc = put_typed(row, rec, f, fi->key)))
			return rc;
	}
	return PT_OK;
}

static int build_camp(struct row *row, json_t *rec)
{
	int f_type = field_index(PT__KIND_CAMP, "type");
	int f_start = field_index(PT__KIND_CAMP, "period_start");
	int f_end = field_index(PT__KIND_CAMP, "period_end");
	int f_period = field_index(PT__KIND_CAMP, "period");
	int rc;

	if ((rc = build_plain(row, rec, PT__KIND_CAMP)))
		return rc;
	name_path(row, "period", row->value[f_period] ? f_period : row->value[f_start] ? f_start : f_end);
	if (row->value[f_type]) {
		/* "Stalag Luft" -> "stalag_luft" */
		char *t = pt__strdup(row->value[f_type]);
		if (!t)
			return PT_ENOMEM;
		for (char *p = t; *p; p++) {
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p + 32);
			else if (*p == ' ' || *p == '-')
				*p = '_';
		}
		rc = put_text(rec, "type", t);
		free(t);
		if (rc)
			return PT_ENOMEM;
	}
	if (!row->value[f_period] && (row->value[f_start] || row->value[f_end])) {
		/* two columns, one interval: each end read as an archival date */
		char period[2 * PT_DATE_TEXT_MAX + 2];
		pt_date a, b;
		const char *why = NULL;
		const pt__sheet *sh = row->imp->sheet;
		int order = sh ? sh->date_order : 0, century = sh ? sh->century : 0;
		if (row->value[f_start] &&
		    pt_date_parse_archival(&a, row->value[f_start], order, century, &why))
			return problem(row, "period_start", "cannot read date '%s': %s",
				       row->value[f_start], why);
		if (row->value[f_end] &&
		    pt_date_parse_archival(&b, row->value[f_end], order, century, &why))
			return problem(row, "period_end", "cannot read date '%s': %s",
				       row->value[f_end], why);
		if (row->value[f_start] && row->value[f_end] && b.max < a.min) {
			/* the end before the start: the period stays open-ended and
			 * the note says why; the end is kept as written */
			pt__buf note = PT__BUF_INIT;
			pt__buf_printf(&note, "%s '%s' is before %s '%s'; the period's end is "
				       "left unknown", row->column[f_end], row->value[f_end],
				       row->column[f_start], row->value[f_start]);
			if (note.failed || json_object_set_new(row->extra, row->column[f_end],
							       json_string(row->value[f_end]))) {
				pt__buf_release(&note);
				return PT_ENOMEM;
			}
			if (row->notes.len)
				pt__buf_puts(&row->notes, "; ");
			pt__buf_puts(&row->notes, pt__buf_str(&note));
			pt__buf_release(&note);
			row->value[f_end] = NULL;
		}
		/* a missing end is unknown (empty), not open (..) */
		snprintf(period, sizeof period, "%s/%s", row->value[f_start] ? a.edtf : "",
			 row->value[f_end] ? b.edtf : "");
		if (put_text(rec, "period", period))
			return PT_ENOMEM;
	}
	return PT_OK;
}

static int build_claim(struct row *row, json_t *rec)
{
	int f_pop = field_index(PT__KIND_CLAIM, "population");
	int f_nat = field_index(PT__KIND_CLAIM, "nationality");
	int f_source = field_index(PT__KIND_CLAIM, "source");
	int f_locator = field_index(PT__KIND_CLAIM, "source_locator");
	json_t *population = NULL;
	int rc;

	if ((rc = build_plain(row, rec, PT__KIND_CLAIM)))
		return rc;
	if (row->value[f_pop]) {
		json_error_t err;
		population = json_loads(row->value[f_pop], 0, &err);
		if (!json_is_object(population)) {
			json_decref(population);
			return problem(row, "population", "expected a JSON object such as "
				       "{\"nationality\": \"US\"}");
		}
	}
	if (row->value[f_nat]) {
		char code[64];
		if (!population && !(population = json_object()))
			return PT_ENOMEM;
		json_object_set_new(population, "nationality",
				    json_string(pt__cell_country(row->value[f_nat], code, sizeof code)));
	}
	if (population && json_object_set_new(rec, "population", population))
		return PT_ENOMEM;
	if (row->value[f_source]) {
		json_t *cite = json_pack("{s:s}", "source", row->value[f_source]);
		if (!cite || put_text(cite, "locator", row->value[f_locator]) ||
		    json_object_set_new(rec, "citation", cite))
			return PT_ENOMEM;
	}
	return PT_OK;
}

static int build_record(struct row *row, pt__kind kind, json_t *rec)
{
	switch (kind) {
	case PT__KIND_PERSON: return build_person(row, rec);
	case PT__KIND_CAMP:   return build_camp(row, rec);
	case PT__KIND_CLAIM:  return build_claim(row, rec);
	default:              return build_plain(row, rec, kind);
	}
}

/* Cell i (trimmed, not empty) of a row of `count` into the row's fields,
 * through the column's mapping. *stop: a cell beyond the header's, which
 * ends the row. */
static int read_cell(struct row *row, const pt__layout *layout, char *cell, size_t i,
		     size_t count, int *stop)
{
	const pt__column_map *map = i < layout->count ? layout->maps[i] : NULL;
	int f = i < layout->count ? layout->fields[i] : PT__FIELD_KEEP;
	const char *v;
	int matched = 0, rc;

	if (strlen(cell) > MAX_CELL) {
		problem(row, i < layout->count ? layout->headers[i] : NULL,
			"longer than %d bytes", MAX_CELL);
		return PT_OK;
	}
	if (i >= layout->count) {
		problem(row, NULL, "the row has %zu cells, the header %zu", count, layout->count);
		*stop = 1;
		return PT_OK;
	}
	if (f == PT__FIELD_IGNORE)
		return PT_OK;
	if (map && map->rule_count && (rc = apply_rules(row, map, cell, &matched)))
		return rc;
	if (matched)
		return PT_OK;
	v = cell;
	if (map && map_value(map->values, cell, &v) && !v)
		return PT_OK;
	if (f >= 0 && pt__field_get(f)->type == PT__FT_DATE && pt_date_is_unknown(v))
		/* "n.k.", "unknown": no date, and the text kept with the record
		 * under its column, not lost */
		return json_object_set_new(row->extra, layout->headers[i], json_string(v))
			? PT_ENOMEM : PT_OK;
	if (f >= 0 && v != cell && pt__field_get(f)->type == PT__FT_DATE)
		row->original[f] = cell; /* the mapping rewrote the date: keep what it said */
	if (f == PT__FIELD_KEEP) {
		double d;
		json_t *j = map && map->number && !pt__cell_number(v, 0, &d)
			? (d == floor(d) && fabs(d) < 9e15 ? json_integer((json_int_t)d) : json_real(d))
			: json_string(v);
		return !j || json_object_set_new(row->extra, layout->headers[i], j) ? PT_ENOMEM : PT_OK;
	}
	return set_field(row, f, v, map, layout->headers[i], map ? map->rank : 100000 + (int)i);
}

/* The mapping's defaults, for the fields no cell gave. */
static int apply_defaults(struct row *row, const pt__mapping *m)
{
	for (size_t d = 0; d < m->default_count; d++) {
		int f = m->default_fields[d], rc;
		const pt__field *fi = pt__field_get(f);
		if (fi->type == PT__FT_LIST ? !row->list[f] :
		    !strcmp(fi->name, "notes") ? !row->notes.len : !row->value[f])
			if ((rc = set_field(row, f, m->default_values[d], NULL, NULL, 1000000)))
				return rc;
	}
	return PT_OK;
}

int pt__flat_build(pt__import *imp, const pt__layout *layout, char **cells, size_t count,
		   long line, json_t **out)
{
	const pt__mapping *m = imp->sheet ? imp->sheet->mapping : NULL;
	size_t nfields = field_count();
	struct row row = { .imp = imp, .line = line, .notes = PT__BUF_INIT };
	json_t *rec = NULL;
	size_t i, nonempty = 0;
	int rc = PT_OK;

	*out = NULL;
	row.value = calloc(nfields, sizeof *row.value);
	row.column = calloc(nfields, sizeof *row.column);
	row.rank = calloc(nfields, sizeof *row.rank);
	row.owned = calloc(nfields, sizeof *row.owned);
	row.list = calloc(nfields, sizeof *row.list);
	row.original = calloc(nfields, sizeof *row.original);
	row.extra = json_object();
	if (!row.value || !row.column || !row.rank || !row.owned || !row.list || !row.original ||
	    !row.extra) {
		rc = PT_ENOMEM;
		goto cleanup;
	}
	for (i = 0; i < count; i++) {
		char *cell;
		int stop = 0;
		if (!cells[i] || !*(cell = trim(cells[i])))
			continue;
		nonempty++;
		if ((rc = read_cell(&row, layout, cell, i, count, &stop)))
			goto cleanup;
		if (stop)
			break;
	}
	if (!nonempty && !row.failed)
		goto cleanup; /* an empty row is no record */
	if (m && (rc = apply_defaults(&row, m)))
		goto cleanup;
	if (row.failed) {
		rc = PT_EINVAL;
		goto cleanup;
	}
	if (!(rec = json_object())) {
		rc = PT_ENOMEM;
		goto cleanup;
	}
	if ((rc = build_record(&row, layout->kind, rec)))
		goto cleanup;
	name_path(&row, "notes", field_index(layout->kind, "notes"));
	if (row.notes.len && put_text(rec, "notes", pt__buf_str(&row.notes))) {
		rc = PT_ENOMEM;
		goto cleanup;
	}
	if (json_object_size(row.extra) && json_object_set(rec, "extra", row.extra)) {
		rc = PT_ENOMEM;
		goto cleanup;
	}
	if (row.failed)
		rc = PT_EINVAL;
cleanup:
	if (rc == PT_ENOMEM)
		pt__error(imp->db, rc, "out of memory");
	if (rc == PT_OK && rec) {
		*out = rec;
		rec = NULL;
	}
	json_decref(rec);
	for (i = 0; row.owned && i < nfields; i++)
		free(row.owned[i]);
	for (i = 0; row.list && i < nfields; i++)
		json_decref(row.list[i]);
	free(row.owned);
	free(row.value);
	free(row.column);
	free(row.rank);
	free(row.list);
	free(row.original);
	json_decref(row.extra);
	pt__buf_release(&row.notes);
	return rc;
}

/* ---- JSON records through a mapping ------------------------------------------ */

int pt__flat_load_json(pt__import *imp, pt__kind kind, json_t *record, long line)
{
	pt__sheet *sh = imp->sheet;
	size_t n = json_object_size(record), i = 0;
	char **keys = calloc(n + 1, sizeof *keys), **cells = calloc(n + 1, sizeof *cells);
	const char *key;
	json_t *value, *canonical = NULL;
	int rc = PT_OK, same = 1;

	if (!keys || !cells) {
		rc = pt__error(imp->db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	json_object_foreach(record, key, value) {
		keys[i] = (char *)key;
		if (json_is_string(value)) {
			cells[i] = pt__strdup(json_string_value(value));
		} else if (json_is_integer(value)) {
			char b[32];
			snprintf(b, sizeof b, "%" JSON_INTEGER_FORMAT, json_integer_value(value));
			cells[i] = pt__strdup(b);
		} else if (json_is_real(value)) {
			char b[64];
			snprintf(b, sizeof b, "%.17g", json_real_value(value));
			cells[i] = pt__strdup(b);
		} else if (json_is_boolean(value)) {
			cells[i] = pt__strdup(json_is_true(value) ? "true" : "false");
		} else if (!json_is_null(value)) {
			cells[i] = json_dumps(value, JSON_COMPACT);
		}
		i++;
	}
	/* the same keys as the last record: the same layout */
	if (!sh->json_layout || sh->json_layout->count != n)
		same = 0;
	for (i = 0; same && i < n; i++) {
		char column[32];
		const char *expected = keys[i];
		if (!*expected) {
			snprintf(column, sizeof column, "column %zu", i + 1);
			expected = column;
		}
		if (strcmp(sh->json_layout->headers[i], expected))
			same = 0;
	}
	if (!same) {
		pt__layout_free(sh->json_layout);
		sh->json_layout = NULL;
		if ((rc = pt__layout_build(imp, kind, keys, n, &sh->json_layout)))
			goto cleanup;
	}
	rc = pt__flat_build(imp, sh->json_layout, cells, n, line, &canonical);
	if (rc == PT_OK && canonical)
		rc = pt__load_record(imp, kind, canonical, line);
	else if (rc == PT_EINVAL)
		imp->summary->rejected++;
	else if (rc == PT_OK)
		imp->summary->rows--; /* an empty record */
	json_decref(canonical);
cleanup:
	for (i = 0; cells && i < n; i++)
		free(cells[i]);
	free(cells);
	free(keys);
	return rc;
}
