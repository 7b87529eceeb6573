/*
 * import_flat.c - flat rows (a CSV row, a workbook row, or a JSON record
 * read through a mapping) loaded as the records of PRODUCT.md: columns to
 * fields as the layout says (layout.c), value maps, patterns, defaults,
 * full names split, capture_date/capture_camp gathered into events, source
 * and locator into a citation, and every column no field took kept in the
 * record's "extra". A person, a register's row, fills the loader's struct
 * (load.h's person_in) straight from the row's texts; the other kinds, few,
 * become the canonical JSON record their loaders read. A problem the
 * loader finds names the column its field came from (flat_column), asked
 * only when there is one.
 */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uregex.h>
#include <unicode/ustring.h>

#include "core/strmap.h"
#include "import/load.h"
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
	int own_originals;         /* ... copied (the row outlives the reader's cells:
				      it is loaded on another thread, ahead.c) */
	struct extra_in *extra;    /* the columns no field took, in order (texts owned) */
	double *extra_number;      /* the value of those that are numbers */
	size_t extra_count, extra_cap;
	pt__strmap *extra_index;   /* their keys, once there are EXTRA_SCAN_MAX */
	pt__buf notes;
	int failed;
	int normal;                /* every text is NFC (the reader's cells, or ASCII) */
	pt__kind kind;
	char *split[2];            /* a full name's surname and given names */
};

static size_t field_count(void)
{
	size_t n = 0;
	while (pt__field_get((int)n))
		n++;
	return n;
}

/* problem(row, field, ...): load.h's, for a row as for a record */

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

#define EXTRA_SCAN_MAX 16  /* extra columns looked up by a scan; more by hash */

static int is_ascii(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s >= 0x80)
			return 0;
	return 1;
}

/* Keeps column `key`'s value in the row's extra (a number when `number`);
 * a key kept already takes the new value in its place. */
static int extra_set(struct row *row, const char *key, const char *text, int number, double d)
{
	struct extra_in *x = NULL;
	char num[64];

	if (number) {
		if (d == floor(d) && fabs(d) < 9e15)
			snprintf(num, sizeof num, "%" JSON_INTEGER_FORMAT, (json_int_t)d);
		else
			pt__json_real_text(d, num, sizeof num);
		text = num;
	}
	if (row->extra_index) {
		long at = pt__strmap_get(row->extra_index, key);
		if (at >= 0)
			x = &row->extra[at];
	} else {
		for (size_t i = 0; i < row->extra_count && !x; i++)
			if (!strcmp(row->extra[i].key, key))
				x = &row->extra[i];
	}
	if (!x) {
		if (row->extra_count == row->extra_cap) {
			size_t cap = row->extra_cap ? 2 * row->extra_cap : 8;
			struct extra_in *grown = realloc(row->extra, cap * sizeof *grown);
			double *nums = grown ? realloc(row->extra_number, cap * sizeof *nums) : NULL;
			if (grown)
				row->extra = grown;
			if (!nums)
				return PT_ENOMEM;
			row->extra_number = nums;
			row->extra_cap = cap;
		}
		x = &row->extra[row->extra_count++];
		x->key = key;
		x->text = NULL;
		if (row->extra_count == EXTRA_SCAN_MAX) { /* a wide row: keys by hash */
			if (!(row->extra_index = pt__strmap_new()))
				return PT_ENOMEM;
			for (size_t i = 0; i < row->extra_count; i++)
				if (pt__strmap_put(row->extra_index, row->extra[i].key, (long)i))
					return PT_ENOMEM;
		} else if (row->extra_index &&
			   pt__strmap_put(row->extra_index, key, (long)(row->extra_count - 1))) {
			return PT_ENOMEM;
		}
	}
	free((char *)x->text);
	x->number = number;
	row->extra_number[x - row->extra] = d;
	return (x->text = pt__strdup(text)) ? PT_OK : PT_ENOMEM;
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
		     const char *column, int rank, int verbatim)
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
	if ((!verbatim || (map && map->prefix)) && !is_ascii(value))
		row->normal = 0; /* a mapping's text: not known to be NFC */
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
					rc = extra_set(row, map->header, t, 0, 0);
				else
					rc = set_field(row, f, t, NULL, map->header, map->rank, 0);
			}
			pt__buf_release(&value);
		}
		/* do not keep a pointer into u */
		uregex_setText(re, u, 0, &err);
	}
	free(u);
	return rc;
}


/* ---- a person ------------------------------------------------------------------ */

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

#define FLAT_EVENTS_MAX 16 /* flat event types (vocab.c has 12) */

/* The parts of a flat event, in the order of their fields (mapping.c's
 * EVENT_FIELDS: the e-th flat event type's six fields are consecutive). */
static const char *const event_parts[] = { "date", "place", "camp", "agent", "notes",
					   "operation", NULL };

/* The first field of the i-th event type, or -1 when it has no columns. */
static int event_first_field(size_t i)
{
	size_t e = 0;
	if (!pt__event_type_at(i)->flat)
		return -1;
	for (size_t j = 0; j < i; j++)
		e += pt__event_type_at(j)->flat != 0;
	return field_index(PT__KIND_PERSON, "capture_date") + (int)e * 6;
}

/* The person's texts as the row gives them (the loader checks and
 * normalises them): the struct points into the row, which outlives it. */
static int fill_person(struct row *row, struct person_in *p, struct event_in *events,
		       struct citation_in *cite)
{
	int f_surname = field_index(PT__KIND_PERSON, "surname");
	int f_given = field_index(PT__KIND_PERSON, "given_names");
	int f_full = field_index(PT__KIND_PERSON, "full_name");
	int f_source = field_index(PT__KIND_PERSON, "source");
	int f_locator = field_index(PT__KIND_PERSON, "source_locator");
	int f_birth = field_index(PT__KIND_PERSON, "birth_date");
	int f_sex = field_index(PT__KIND_PERSON, "sex");
	int f_nat = field_index(PT__KIND_PERSON, "nationality");
	char **v = (char **)row->value, code[64];
	int rc;

	p->surname = v[f_surname];
	p->given_names = v[f_given];
	if (v[f_full] && !v[f_surname] && !v[f_given]) {
		enum pt__name_order order = PT__ORDER_AUTO;
		if (row->imp->sheet && row->imp->sheet->mapping) {
			const pt__mapping *m = row->imp->sheet->mapping;
			for (size_t i = 0; i < m->column_count; i++)
				if (m->columns[i].field == f_full)
					order = m->columns[i].order;
		}
		if ((rc = pt__full_name_split(v[f_full], order, &row->split[0], &row->split[1])))
			return rc;
		p->surname = row->split[0] ? trim(row->split[0]) : NULL;
		p->given_names = row->split[1] ? trim(row->split[1]) : NULL;
	}
	p->record_id = v[field_index(PT__KIND_PERSON, "record_id")];
	p->name_original = v[field_index(PT__KIND_PERSON, "name_original")];
	p->sex = v[f_sex] ? (char *)pt__cell_sex(v[f_sex]) : NULL;
	p->nationality = v[f_nat] ? (char *)pt__cell_country(v[f_nat], code, sizeof code) : NULL;
	p->birth.text = v[f_birth];
	p->birth_date_original = (char *)row->original[f_birth];
	p->birth_place = v[field_index(PT__KIND_PERSON, "birth_place")];
	p->service = v[field_index(PT__KIND_PERSON, "service")];
	p->service_number = v[field_index(PT__KIND_PERSON, "service_number")];
	p->rank = v[field_index(PT__KIND_PERSON, "rank")];
	p->unit = v[field_index(PT__KIND_PERSON, "unit")];
	p->notes = row->notes.len ? row->notes.data : NULL;
	p->events = events;
	for (size_t i = 0; pt__event_type_at(i); i++) {
		int first = event_first_field(i), any = 0;
		struct event_in *e = &events[p->event_count];
		if (first < 0 || p->event_count == FLAT_EVENTS_MAX)
			continue;
		for (int k = 0; k < 6; k++)
			any |= v[first + k] != NULL;
		if (!any)
			continue;
		memset(e, 0, sizeof *e);
		e->type = pt__event_type_at(i)->name;
		e->date.text = v[first];
		e->date_original = (char *)row->original[first];
		e->place = v[first + 1];
		e->camp_name = v[first + 2];
		e->agent = v[first + 3];
		e->notes = v[first + 4];
		e->operation_key = v[first + 5];
		p->event_count++;
	}
	if (v[f_source]) {
		cite->source_key = v[f_source];
		cite->locator = v[f_locator];
		p->citations.items = cite;
		p->citations.count = 1;
		p->source = v[f_source];
	} else if (v[f_locator]) {
		return problem(row, "source_locator", "a locator needs a source (give a source "
			       "column or a default in the mapping)");
	}
	p->extra_items = row->extra;
	p->extra_count = row->extra_count;
	p->normal = row->normal;
	return PT_OK;
}

/* The column a person's field came from: the path of a problem the loader
 * finds ("events[2].date") back to its field. */
static int person_field(struct row *row, const char *path)
{
	static const char *const plain[] = {
		"record_id", "name_original", "sex", "nationality", "birth_date", "birth_place",
		"service", "service_number", "rank", "unit", "notes", NULL,
	};
	const char **v = row->value;
	size_t n = 0;
	int at = 0;

	if (!strcmp(path, "surname") || !strcmp(path, "given_names")) {
		int f = field_index(PT__KIND_PERSON, !strcmp(path, "surname") ? "surname" : "given_names");
		return v[f] ? f : field_index(PT__KIND_PERSON, "full_name");
	}
	if (!strcmp(path, "source") || !strcmp(path, "citations[1].source"))
		return field_index(PT__KIND_PERSON, "source");
	if (!strcmp(path, "citations[1].locator"))
		return field_index(PT__KIND_PERSON, "source_locator");
	for (const char *const *p = plain; *p; p++)
		if (!strcmp(path, *p))
			return field_index(PT__KIND_PERSON, *p);
	if (sscanf(path, "events[%zu].%n", &n, &at) != 1 || !n || !at)
		return -1;
	for (size_t i = 0; pt__event_type_at(i); i++) {
		int first = event_first_field(i), any = 0;
		if (first < 0)
			continue;
		for (int k = 0; k < 6; k++)
			any |= v[first + k] != NULL;
		if (any && --n == 0) {
			for (int k = 0; event_parts[k]; k++)
				if (!strcmp(path + at, event_parts[k]))
					return v[first + k] ? first + k : -1;
			return -1;
		}
	}
	return -1;
}

/* The same for the other kinds: the field whose canonical key is the path
 * (a camp's "period" from its one or two columns). */
static int plain_field(struct row *row, const char *path)
{
	if (row->kind == PT__KIND_CAMP && !strcmp(path, "period")) {
		int f_period = field_index(PT__KIND_CAMP, "period");
		int f_start = field_index(PT__KIND_CAMP, "period_start");
		return row->value[f_period] ? f_period : row->value[f_start] ? f_start
			: field_index(PT__KIND_CAMP, "period_end");
	}
	for (int f = 0; pt__field_get(f); f++) {
		const pt__field *fi = pt__field_get(f);
		if ((fi->kinds & (1u << row->kind)) && fi->key && !strcmp(fi->key, path) &&
		    strcmp(fi->name, "source") && strcmp(fi->name, "source_locator") &&
		    strcmp(fi->name, "nationality") && strcmp(fi->name, "population"))
			return f;
	}
	return -1;
}

/* pt__import's field_column for a flat row: the column of the field a
 * problem's path names, or NULL (the path is said as it is). */
static const char *flat_column(void *ctx, const char *path)
{
	struct row *row = ctx;
	int f = row->kind == PT__KIND_PERSON ? person_field(row, path) : plain_field(row, path);
	return f >= 0 && row->imp->sheet ? row->column[f] : NULL;
}

/* ---- the other kinds: the canonical JSON record ------------------------------- */

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
		if (row->list[f] && json_array_size(row->list[f]))
			return json_object_set(obj, key, row->list[f]) ? PT_ENOMEM : PT_OK;
		return PT_OK;
	}
	if (!v)
		return PT_OK;
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
			if (note.failed || extra_set(row, row->column[f_end], row->value[f_end], 0, 0)) {
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

/* The row's extra columns as a JSON object (NULL: none). */
static json_t *extra_object(struct row *row, int *rc)
{
	json_t *obj;

	*rc = PT_OK;
	if (!row->extra_count)
		return NULL;
	if (!(obj = json_object()))
		goto nomem;
	for (size_t i = 0; i < row->extra_count; i++) {
		double d = row->extra_number[i];
		json_t *v = !row->extra[i].number ? json_string(row->extra[i].text)
			: d == floor(d) && fabs(d) < 9e15 ? json_integer((json_int_t)d) : json_real(d);
		if (json_object_set_new(obj, row->extra[i].key, v))
			goto nomem;
	}
	return obj;
nomem:
	json_decref(obj);
	*rc = PT_ENOMEM;
	return NULL;
}

/* A camp, source, claim, operation or location: its canonical JSON record,
 * loaded. */
static int load_json(struct row *row, pt__record_fn fn)
{
	json_t *rec = json_object(), *extra = NULL;
	pt__kind kind = row->kind;
	int rc;

	if (!rec)
		return PT_ENOMEM;
	switch (kind) {
	case PT__KIND_CAMP:  rc = build_camp(row, rec); break;
	case PT__KIND_CLAIM: rc = build_claim(row, rec); break;
	default:             rc = build_plain(row, rec, kind); break;
	}
	if (rc == PT_OK && row->notes.len && put_text(rec, "notes", pt__buf_str(&row->notes)))
		rc = PT_ENOMEM;
	if (rc == PT_OK && (extra = extra_object(row, &rc)) &&
	    json_object_set_new(rec, "extra", extra))
		rc = PT_ENOMEM;
	if (rc == PT_OK && row->failed)
		rc = PT_EINVAL;
	if (rc == PT_OK) {
		row->imp->field_column = flat_column;
		row->imp->field_ctx = row;
		rc = fn(row->imp, kind, rec, row->line);
		row->imp->field_column = NULL;
	} else if (rc == PT_EINVAL) {
		row->imp->summary->rejected++;
	}
	json_decref(rec);
	return rc;
}

static void row_free(struct row *row)
{
	size_t nfields = field_count(), i;

	for (i = 0; row->owned && i < nfields; i++)
		free(row->owned[i]);
	for (i = 0; row->list && i < nfields; i++)
		json_decref(row->list[i]);
	for (i = 0; row->own_originals && row->original && i < nfields; i++)
		free((char *)row->original[i]);
	for (i = 0; i < row->extra_count; i++)
		free((char *)row->extra[i].text);
	/* the block of the per-field arrays */
	if (row->imp && row->imp->ahead)
		pt__ahead_free(row->imp, PT__AHEAD_ROW, row->value);
	else
		free(row->value);
	free(row->extra);
	free(row->extra_number);
	pt__strmap_free(row->extra_index);
	free(row->split[0]);
	free(row->split[1]);
	pt__buf_release(&row->notes);
}

/* A person read ahead (ahead.c): its row, its struct and what the struct
 * points into, handed to the thread that loads it. */
struct ahead_person {
	struct row row;            /* first: flat_column's context */
	struct person_in p;
	struct event_in events[FLAT_EVENTS_MAX];
	struct citation_in cite;
};

static void ahead_person_free(void *owner)
{
	struct ahead_person *h = owner;
	pt__import *shadow = h->row.imp;
	row_free(&h->row);
	pt__ahead_free(shadow, PT__AHEAD_PERSON, h);
}

/* The person filled from the row, hashed, and handed on with the row,
 * which is left empty (its texts go with the person). */
static int hand_over_person(struct row *row)
{
	struct ahead_person *h = pt__ahead_calloc(row->imp, PT__AHEAD_PERSON, sizeof *h);
	int rc;

	if (!h)
		return PT_ENOMEM;
	if ((rc = fill_person(row, &h->p, h->events, &h->cite)) == PT_OK && row->failed)
		rc = PT_EINVAL;
	if (rc) {
		pt__ahead_free(row->imp, PT__AHEAD_PERSON, h);
		if (rc == PT_EINVAL)
			row->imp->summary->rejected++;
		return rc;
	}
	pt__person_hash(&h->p, h->p.hash);
	h->p.hashed = 1;
	h->row = *row;
	memset(row, 0, sizeof *row);
	row->imp = h->row.imp;
	pt__ahead_person(h->row.imp, &h->p, h, ahead_person_free, flat_column);
	return PT_OK;
}

/* A person: the loader's struct filled from the row, loaded. */
static int load_person(struct row *row)
{
	struct event_in events[FLAT_EVENTS_MAX];
	struct citation_in cite = { 0 };
	struct person_in p = { 0 };
	int rc;

	if (row->imp->ahead)
		return hand_over_person(row);
	rc = fill_person(row, &p, events, &cite);
	if (rc == PT_OK && row->failed)
		rc = PT_EINVAL;
	if (rc == PT_OK) {
		row->imp->field_column = flat_column;
		row->imp->field_ctx = row;
		rc = pt__load_person_record(row->imp, &p, row->line);
		row->imp->field_column = NULL;
	} else if (rc == PT_EINVAL) {
		row->imp->summary->rejected++;
	}
	return rc;
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
		return extra_set(row, layout->headers[i], v, 0, 0);
	if (f >= 0 && v != cell && pt__field_get(f)->type == PT__FT_DATE) {
		/* the mapping rewrote the date: keep what it said */
		if (row->own_originals) {
			char *copy = pt__strdup(cell);
			if (!copy)
				return PT_ENOMEM;
			free((char *)row->original[f]);
			row->original[f] = copy;
		} else {
			row->original[f] = cell;
		}
	}
	if (f == PT__FIELD_KEEP) {
		double d = 0;
		int number = map && map->number && !pt__cell_number(v, 0, &d);
		return extra_set(row, layout->headers[i], v, number, d);
	}
	return set_field(row, f, v, map, layout->headers[i], map ? map->rank : 100000 + (int)i,
			 v == cell);
}

/* The mapping's defaults, for the fields no cell gave. */
static int apply_defaults(struct row *row, const pt__mapping *m)
{
	for (size_t d = 0; d < m->default_count; d++) {
		int f = m->default_fields[d], rc;
		const pt__field *fi = pt__field_get(f);
		if (fi->type == PT__FT_LIST ? !row->list[f] :
		    !strcmp(fi->name, "notes") ? !row->notes.len : !row->value[f])
			if ((rc = set_field(row, f, m->default_values[d], NULL, NULL, 1000000, 0)))
				return rc;
	}
	return PT_OK;
}

int pt__flat_load(pt__import *imp, const pt__layout *layout, char **cells, size_t count,
		  long line, int normal, pt__record_fn fn)
{
	const pt__mapping *m = imp->sheet ? imp->sheet->mapping : NULL;
	size_t nfields = field_count();
	struct row row = { .imp = imp, .line = line, .notes = PT__BUF_INIT, .normal = normal,
			   .kind = layout->kind, .own_originals = imp->ahead != NULL };
	size_t i, nonempty = 0;
	int rc = PT_OK;

	if (imp->ahead && layout->kind != PT__KIND_PERSON) /* ahead.c reads persons only */
		return pt__error(imp->db, PT_EIO, "%s:%ld: a %s read ahead", imp->name, line,
				 pt__kind_name(layout->kind));
	/* the per-field arrays in one block (row_free frees it by row.value) */
	{
		size_t ptrs = nfields * sizeof(void *);
		size_t size = 5 * ptrs + nfields * sizeof *row.rank;
		char *block = imp->ahead ? pt__ahead_calloc(imp, PT__AHEAD_ROW, size)
			    : calloc(1, size);
		if (!block) {
			rc = PT_ENOMEM;
			goto cleanup;
		}
		row.value = (const char **)(void *)block;
		row.column = (const char **)(void *)(block + ptrs);
		row.owned = (char **)(void *)(block + 2 * ptrs);
		row.list = (json_t **)(void *)(block + 3 * ptrs);
		row.original = (const char **)(void *)(block + 4 * ptrs);
		row.rank = (int *)(void *)(block + 5 * ptrs);
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
	if (!nonempty && !row.failed) {
		imp->summary->rows--; /* an empty row is no record */
		goto cleanup;
	}
	if (m && (rc = apply_defaults(&row, m)))
		goto cleanup;
	if (row.failed) {
		imp->summary->rejected++;
		rc = PT_EINVAL;
		goto cleanup;
	}
	rc = layout->kind == PT__KIND_PERSON ? load_person(&row) : load_json(&row, fn);
cleanup:
	if (rc == PT_ENOMEM)
		pt__error(imp->db, rc, "out of memory");
	row_free(&row);
	return rc;
}

/* ---- JSON records through a mapping ------------------------------------------ */

int pt__flat_load_json(pt__import *imp, pt__kind kind, json_t *record, long line)
{
	pt__sheet *sh = imp->sheet;
	size_t n = json_object_size(record), i = 0;
	char **keys = calloc(n + 1, sizeof *keys), **cells = calloc(n + 1, sizeof *cells);
	const char *key;
	json_t *value;
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
	rc = pt__flat_load(imp, sh->json_layout, cells, n, line, 0, pt__load_record);
cleanup:
	for (i = 0; cells && i < n; i++)
		free(cells[i]);
	free(cells);
	free(keys);
	return rc;
}
