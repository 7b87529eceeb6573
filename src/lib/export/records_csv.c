/*
 * records_csv.c - person records as the flat CSV that `powtrace import`
 * reads without a mapping (PRODUCT.md, "Flat CSV"): one record a row, a
 * column for each field a record uses, one set of columns for each event
 * type (capture_date, capture_place, capture_camp, capture_agent,
 * capture_notes, capture_operation, ...), and the kept columns (extra) by
 * their own names. A row is made from the record's canonical JSON
 * (records.c), and whatever that JSON holds and the row cannot carry, so
 * that importing the CSV would give another record, is said (opts->lossy)
 * and counted: the JSON export keeps everything.
 */
#include <stdlib.h>
#include <string.h>

#include "export/export.h"
#include "import/sheet.h"

/* the event columns in the order the CSV import reads them into events */
static const char *const event_types[] = {
	"capture", "internment", "transfer", "liberation", "handover", "repatriation",
	"release", "return", "death", "burial", "sighting", "last_seen", NULL,
};
static const char *const event_parts[] = { "date", "place", "camp", "agent", "notes",
					   "operation", NULL };
/* the person's own columns, in order (the event columns come after unit) */
static const char *const base_columns[] = {
	"record_id", "source", "source_locator", "surname", "given_names", "name_original",
	"sex", "nationality", "birth_date", "birth_place", "service", "service_number",
	"rank", "unit", NULL,
};
#define NAME_AS_WRITTEN "name as written in the record"

struct row {
	json_t *cells;         /* column -> text */
	json_t *guards;        /* columns that must be in the header, though empty */
	pt__buf why;           /* what the row cannot carry, "; "-separated */
};

static void lose(struct row *row, const char *what)
{
	/* each reason once */
	const char *have = pt__buf_str(&row->why);
	size_t n = strlen(what);
	for (const char *p = have; (p = strstr(p, what)); p += n)
		if ((p == have || p[-2] == ';') && (p[n] == '\0' || p[n] == ';'))
			return;
	if (row->why.len)
		pt__buf_puts(&row->why, "; ");
	pt__buf_puts(&row->why, what);
}

static const char *text_of(json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* Whether the CSV import, which trims cells, reads v back as v. */
static void cell(struct row *row, const char *column, const char *v)
{
	size_t n;
	if (!v)
		return;
	n = strlen(v);
	if (!n || v[0] == ' ' || v[0] == '\t' || v[n - 1] == ' ' || v[n - 1] == '\t' ||
	    v[0] == '\n' || v[n - 1] == '\n' || v[0] == '\r' || v[n - 1] == '\r')
		lose(row, "a value with spaces around it (the CSV import trims them)");
	json_object_set_new(row->cells, column, json_string(v));
}

/* A date as a cell: its EDTF, or the text the record wrote when the CSV
 * import reads that text (as an archival date, day first, 19xx for two
 * digits) into the same EDTF and keeps it as the original. */
static const char *date_cell(struct row *row, const char *edtf, const char *original)
{
	pt_date read, archival;
	if (!original)
		return edtf;
	if (edtf && pt_date_parse(&read, original, NULL) != PT_OK &&
	    pt_date_parse_archival(&archival, original, PT_DATE_ORDER_DMY, 1900, NULL) == PT_OK &&
	    !strcmp(archival.edtf, edtf))
		return original;
	lose(row, "a date text the CSV import would read otherwise (its EDTF is written)");
	return edtf;
}

static const char *script_of(const char *s)
{
	for (const unsigned char *p = (const unsigned char *)s; p && *p; p++)
		if (*p == 0xd0 || *p == 0xd1)
			return "Cyrl";
	return "Latn";
}

/* The record's names: the one the CSV carries besides its own surname and
 * given names is a name as written (name_original: a surname only, its
 * script the one the letters say, noted as written, cited by nothing). */
static void names(struct row *row, json_t *rec)
{
	json_t *list = json_object_get(rec, "names"), *n;
	const char *surname, *script, *notes;

	if (!json_array_size(list))
		return;
	n = json_array_get(list, 0);
	surname = text_of(n, "surname");
	script = text_of(n, "script");
	notes = text_of(n, "notes");
	if (json_array_size(list) > 1)
		lose(row, "name forms beyond one name as written");
	if (!surname || json_object_get(n, "given_names") || json_object_get(n, "citations") ||
	    !notes || strcmp(notes, NAME_AS_WRITTEN) || (script && strcmp(script, script_of(surname)))) {
		lose(row, "a name form the name_original column cannot hold (given names, a "
			  "script, notes or citations of its own)");
		if (!surname)
			return;
	}
	cell(row, "name_original", surname);
}

static void events(struct row *row, json_t *rec)
{
	json_t *list = json_object_get(rec, "events"), *e;
	int seen[sizeof event_types / sizeof *event_types] = { 0 }, last = -1;
	size_t i;

	json_array_foreach(list, i, e) {
		const char *type = text_of(e, "type");
		int t;
		for (t = 0; event_types[t] && strcmp(event_types[t], type ? type : ""); t++)
			;
		if (!event_types[t]) {
			lose(row, "an event the CSV has no columns for (birth)");
			continue;
		}
		/* the CSV import makes one event a type, in the columns' order */
		if (seen[t]) {
			lose(row, "two events of one type");
			continue;
		}
		if (t < last)
			lose(row, "events in another order than the CSV's columns");
		seen[t] = 1;
		if (t > last)
			last = t;
		if (json_object_get(e, "citations"))
			lose(row, "citations on an event");
		if (!json_object_get(e, "date") && json_object_get(e, "date_original"))
			lose(row, "a date text without a date");
		/* an event with nothing but its type has no cell to stand in */
		if (json_object_size(e) == 1)
			lose(row, "an event with no date, place, camp, agent, notes or operation");
		for (const char *const *part = event_parts; *part; part++) {
			const char *v = text_of(e, *part);
			char column[64];
			snprintf(column, sizeof column, "%s_%s", type, *part);
			if (!strcmp(*part, "date"))
				v = date_cell(row, v, text_of(e, "date_original"));
			cell(row, column, v);
		}
	}
}

/* The source column: the record's source and its one citation, with a
 * locator and nothing else. */
static void sources(struct row *row, json_t *rec)
{
	json_t *list = json_object_get(rec, "citations"), *c;
	const char *source = text_of(rec, "source");
	const char *key;
	json_t *v;

	if (!json_array_size(list)) {
		if (source) {
			lose(row, "a source the record is not cited from (the source column "
				  "cites it)");
			cell(row, "source", source);
		}
		return;
	}
	c = json_array_get(list, 0);
	if (json_array_size(list) > 1)
		lose(row, "more than one citation on the record");
	json_object_foreach(c, key, v)
		if (strcmp(key, "source") && strcmp(key, "locator"))
			lose(row, "a citation's grades or notes");
	if (source && strcmp(source, text_of(c, "source")))
		lose(row, "a citation from another source than the record's");
	cell(row, "source", source ? source : text_of(c, "source"));
	cell(row, "source_locator", text_of(c, "locator"));
}

static int is_own_column(const char *column)
{
	for (const char *const *c = base_columns; *c; c++)
		if (!strcmp(*c, column))
			return 1;
	if (!strcmp(column, "notes"))
		return 1;
	for (const char *const *t = event_types; *t; t++) {
		size_t n = strlen(*t);
		if (!strncmp(column, *t, n) && column[n] == '_')
			for (const char *const *part = event_parts; *part; part++)
				if (!strcmp(column + n + 1, *part))
					return 1;
	}
	return 0;
}

/* Whether the CSV import keeps a column of this name again (its extra)
 * rather than read it as a field: a name it does not recognise, or one it
 * recognises as a field that a column further left fills (the field's own
 * column, which the header then has, empty or not). A field that several
 * columns fill (notes) would take it. */
static int kept_again(struct row *row, const char *column)
{
	int f = pt__field_recognise(PT__KIND_PERSON, column);
	const pt__field *fi = f >= 0 ? pt__field_get(f) : NULL;
	if (!fi)
		return 1;
	if (fi->type == PT__FT_LIST || !strcmp(fi->name, "notes") || !is_own_column(fi->name))
		return 0;
	json_object_set_new(row->guards, fi->name, json_true());
	return 1;
}

/* A row from a record's canonical JSON. */
static void flatten(struct row *row, json_t *rec)
{
	static const char *const plain[] = {
		"record_id", "surname", "given_names", "sex", "nationality", "birth_place",
		"service", "service_number", "rank", "unit", "notes", NULL,
	};
	json_t *extra, *v;
	const char *key;

	for (const char *const *p = plain; *p; p++)
		cell(row, *p, text_of(rec, *p));
	cell(row, "birth_date", date_cell(row, text_of(rec, "birth_date"),
					  text_of(rec, "birth_date_original")));
	if (!json_object_get(rec, "surname") && !json_object_get(rec, "given_names") &&
	    json_array_size(json_object_get(rec, "names")) &&
	    json_object_get(json_array_get(json_object_get(rec, "names"), 0), "given_names"))
		lose(row, "a record named only by a name form of its own");
	names(row, rec);
	events(row, rec);
	sources(row, rec);
	extra = json_object_get(rec, "extra");
	json_object_foreach(extra, key, v) {
		if (!json_is_string(v)) {
			lose(row, "a kept column whose value is not text");
			continue;
		}
		if (is_own_column(key) || !kept_again(row, key)) {
			lose(row, "a kept column named like a field the CSV import reads");
			continue;
		}
		cell(row, key, json_string_value(v));
	}
}

/* What a spreadsheet would run as a formula (= + - @, or a tab or CR before
 * them), unless it is a plain number. */
static int formula_like(const char *s)
{
	const char *p = s;
	int digits = 0, dot = 0;
	if (*s != '=' && *s != '+' && *s != '-' && *s != '@' && *s != '\t' && *s != '\r')
		return 0;
	if (*p == '-' || *p == '+')
		p++;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9')
			digits++;
		else if (*p == '.' && !dot)
			dot = 1;
		else
			return 1;
	}
	return digits == 0;
}

static int put_cell(FILE *f, const char *s, int raw)
{
	int guard = !raw && formula_like(s);
	if (!strpbrk(s, ",\"\r\n") && !guard)
		return fputs(s, f) == EOF ? -1 : 0;
	if (fputc('"', f) == EOF || (guard && fputc('\'', f) == EOF))
		return -1;
	for (; *s; s++)
		if ((*s == '"' && fputc('"', f) == EOF) || fputc(*s, f) == EOF)
			return -1;
	return fputc('"', f) == EOF ? -1 : 0;
}

struct csv {
	pt_db *db;
	const pt_records_options *opts;
	json_t *used;          /* column -> true, every column a row fills */
	json_t *extra;         /* the kept columns' names, in order of first use */
};

/* The row of record `id`; *lossy is set when it cannot carry the record. */
static int make_row(struct csv *c, int64_t id, struct row *row, int *lossy, json_t **rec_out)
{
	json_t *rec;
	int rc;
	const char *key;
	json_t *v;

	*lossy = 0;
	row->cells = NULL;
	memset(&row->why, 0, sizeof row->why);
	if ((rc = pt__export_person_record(c->db, id, &rec)))
		return rc;
	row->guards = json_object();
	if (!(row->cells = json_object()) || !row->guards) {
		json_decref(row->guards);
		json_decref(rec);
		return pt__error(c->db, PT_ENOMEM, "out of memory");
	}
	flatten(row, rec);
	json_object_foreach(row->cells, key, v)
		if (!(c->opts && c->opts->csv_raw) && formula_like(json_string_value(v)))
			lose(row, "a value that starts like a spreadsheet formula (a ' goes "
				  "before it; --csv-raw writes it as it is)");
	if (row->why.failed) {
		json_decref(rec);
		json_decref(row->guards);
		json_decref(row->cells);
		pt__buf_release(&row->why);
		return pt__error(c->db, PT_ENOMEM, "out of memory");
	}
	*lossy = row->why.len > 0;
	*rec_out = rec;
	return PT_OK;
}

static void row_release(struct row *row)
{
	json_decref(row->cells);
	json_decref(row->guards);
	pt__buf_release(&row->why);
}

int pt__records_csv(pt_db *db, const int64_t *ids, size_t count,
		    const pt_records_options *opts, FILE *f, pt_records_summary *sum)
{
	struct csv c = { db, opts, json_object(), json_array() };
	json_t *columns = json_array(), *rec, *v;
	int64_t *all = NULL;
	const char *key;
	struct row row;
	int rc = PT_OK, lossy, raw = opts && opts->csv_raw;
	size_t i;

	if (!c.used || !c.extra || !columns) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if (!ids && (rc = pt__all_person_ids(db, &all, &count)))
		goto cleanup;
	if (all)
		ids = all;
	/* a first pass finds the columns the records use, and what they lose */
	for (i = 0; i < count && rc == PT_OK; i++) {
		if ((rc = make_row(&c, ids[i], &row, &lossy, &rec)))
			break;
		json_object_foreach(row.cells, key, v) {
			if (!is_own_column(key) && !json_object_get(c.used, key))
				json_array_append_new(c.extra, json_string(key));
			json_object_set_new(c.used, key, json_true());
		}
		json_object_foreach(row.guards, key, v)
			json_object_set_new(c.used, key, json_true());
		if (lossy) {
			if (sum)
				sum->lossy++;
			if (opts && opts->lossy) {
				const char *source = text_of(rec, "source");
				pt__buf name = PT__BUF_INIT;
				pt__buf_printf(&name, "%s%s%s", source ? source : "", source ? ":" : "",
					       text_of(rec, "record_id"));
				opts->lossy(opts->lossy_ctx, ids[i], pt__buf_str(&name),
					    pt__buf_str(&row.why));
				pt__buf_release(&name);
			}
		}
		json_decref(rec);
		row_release(&row);
	}
	if (rc)
		goto cleanup;
	/* the columns: the record's own (record_id, surname and given_names
	 * always), the events', notes, then the kept ones */
	for (const char *const *p = base_columns; *p; p++)
		if (p - base_columns == 0 || !strcmp(*p, "surname") || !strcmp(*p, "given_names") ||
		    json_object_get(c.used, *p))
			json_array_append_new(columns, json_string(*p));
	for (const char *const *t = event_types; *t; t++)
		for (const char *const *part = event_parts; *part; part++) {
			char column[64];
			snprintf(column, sizeof column, "%s_%s", *t, *part);
			if (json_object_get(c.used, column))
				json_array_append_new(columns, json_string(column));
		}
	if (json_object_get(c.used, "notes"))
		json_array_append_new(columns, json_string("notes"));
	json_array_extend(columns, c.extra);

	json_array_foreach(columns, i, v)
		if ((i && fputc(',', f) == EOF) || put_cell(f, json_string_value(v), raw))
			rc = PT_EIO;
	if (fputs("\r\n", f) == EOF)
		rc = PT_EIO;
	for (size_t k = 0; k < count && rc == PT_OK; k++) {
		if ((rc = make_row(&c, ids[k], &row, &lossy, &rec)))
			break;
		json_array_foreach(columns, i, v) {
			const char *text = json_string_value(json_object_get(row.cells,
								json_string_value(v)));
			if ((i && fputc(',', f) == EOF) || (text && put_cell(f, text, raw)))
				rc = PT_EIO;
		}
		if (fputs("\r\n", f) == EOF)
			rc = PT_EIO;
		json_decref(rec);
		row_release(&row);
		if (rc == PT_OK && sum)
			sum->persons++;
	}
	if (rc == PT_EIO)
		rc = pt__error(db, PT_EIO, "cannot write the export");
cleanup:
	free(all);
	json_decref(c.used);
	json_decref(c.extra);
	json_decref(columns);
	return rc;
}
