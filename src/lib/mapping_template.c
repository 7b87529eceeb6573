/*
 * mapping_template.c - a mapping file made for a register, for its user to
 * complete: the file is read as an import would read it (a dry run into a
 * database in memory), and what the reading found goes into the mapping:
 * the delimiter, encoding and header line of a CSV file, the kind of the
 * records, each column with the field it was recognised as, and every
 * column that no field took marked "TO DO" (kept with the record until
 * someone gives it a field). docs/mapping.md describes every key.
 */
#include <stdlib.h>
#include <string.h>

/* above every folder, like open.c: it opens a database of its own */
#include "import/sheet.h"

#define TODO_KEEP "TO DO: no field recognised this column; give it one (see docs/mapping.md), " \
	"or leave it kept with the record as it is"
#define TODO_NAME "TO DO: a whole name: say whether the surname comes first (surname_first) " \
	"or last (given_first); auto guesses from each name"

/* The field of a label the summary gives ("notes, or by pattern: ...",
 * "surname (a name column beside ...)") */
static char *field_of(const char *label)
{
	size_t n = strcspn(label, ",");
	const char *paren = strstr(label, " (");
	if (paren && (size_t)(paren - label) < n && label[0] != '(')
		n = (size_t)(paren - label);
	char *out = malloc(n + 1);
	if (out) {
		memcpy(out, label, n);
		out[n] = '\0';
	}
	return out;
}

static json_t *column_spec(const char *field)
{
	if (!strcmp(field, "(kept)"))
		return json_pack("{s:s, s:s}", "field", "keep", "notes", TODO_KEEP);
	if (!strcmp(field, "(ignored)"))
		return json_string("ignore");
	if (!strcmp(field, "full_name"))
		return json_pack("{s:s, s:s, s:s}", "field", "full_name", "order", "auto",
				 "notes", TODO_NAME);
	return json_string(field);
}

int pt_mapping_template(const char *path, const pt_import_options *opts, char **out)
{
	pt_import_options o;
	pt_import_summary *s = NULL;
	pt_db *db = NULL;
	json_t *doc = NULL, *columns;
	pt__buf notes = PT__BUF_INIT;
	size_t todo = 0;
	int rc;

	*out = NULL;
	memset(&o, 0, sizeof o);
	if (opts)
		o = *opts;
	o.dry_run = 1;
	o.skip_invalid = 1; /* every row is read, whatever is wrong with some */
	o.rejects = NULL;
	o.progress = NULL;
	if ((rc = pt_db_open(&db, ":memory:", PT_OPEN_CREATE)))
		goto cleanup;
	rc = pt_import_file(db, path, &o, &s);
	if (!s) {
		/* the file could not be read at all: its message */
		char *msg = pt__strdup(pt_db_errmsg(db));
		rc = rc ? rc : PT_EIO;
		pt_db_free(db);
		db = NULL;
		*out = msg;
		return rc == PT_ENOMEM ? rc : PT_EINVAL;
	}
	if (!s->format || (strcmp(s->format, "csv") && strcmp(s->format, "xlsx") &&
			   strcmp(s->format, "ods") && strcmp(s->format, "xls"))) {
		pt__buf msg = PT__BUF_INIT;
		pt__buf_printf(&msg, "%s: a mapping template is made from the header of a CSV file "
			       "or a workbook; %s records name their fields by their keys (see "
			       "docs/mapping.md for a mapping of JSON keys)", s->file,
			       s->format ? s->format : "these");
		*out = pt__buf_detach(&msg);
		rc = PT_EINVAL;
		goto cleanup;
	}
	if (s->error_count && !s->column_count) {
		/* nothing recognisable: the problem that stopped it */
		const pt_import_error *e = &s->errors[0];
		pt__buf msg = PT__BUF_INIT;
		pt__buf_printf(&msg, "%s", s->file);
		if (e->sheet)
			pt__buf_printf(&msg, ":%s%s", e->sheet, e->line > 0 ? "!" : "");
		else if (e->line > 0)
			pt__buf_putc(&msg, ':');
		if (e->line > 0)
			pt__buf_printf(&msg, "%ld", e->line);
		pt__buf_printf(&msg, ": %s", e->message);
		*out = pt__buf_detach(&msg);
		rc = PT_EINVAL;
		goto cleanup;
	}
	columns = json_object();
	for (size_t i = 0; columns && i < s->column_count; i++) {
		char *field = field_of(s->columns[i].field);
		if (!field || json_object_set_new(columns, s->columns[i].column, column_spec(field))) {
			free(field);
			json_decref(columns);
			columns = NULL;
			break;
		}
		todo += !strcmp(field, "(kept)") || !strcmp(field, "full_name");
		free(field);
	}
	pt__buf_printf(&notes, "Made by 'powtrace import --mapping-template' from %s. ", s->file);
	if (todo)
		pt__buf_printf(&notes, "%zu column%s marked TO DO need%s a person's eye. ", todo,
			       todo == 1 ? "" : "s", todo == 1 ? "s" : "");
	pt__buf_puts(&notes, "Give the register's source in defaults (a key of 'powtrace source "
		     "list', or its title in words), check the date order, and see "
		     "docs/mapping.md for every key.");
	doc = json_pack("{s:s, s:s}", "notes", pt__buf_str(&notes), "kind", s->kind ? s->kind : "person");
	if (!doc || !columns || notes.failed) {
		json_decref(columns);
		rc = PT_ENOMEM;
		goto cleanup;
	}
	if (s->delimiter) {
		char d[2] = { s->delimiter, 0 };
		json_object_set_new(doc, "delimiter", json_string(d));
	}
	if (s->encoding && strcmp(s->encoding, "utf-8"))
		json_object_set_new(doc, "encoding", json_string(s->encoding));
	if (s->header_line && s->delimiter)
		json_object_set_new(doc, "header_line", json_integer(s->header_line));
	json_object_set_new(doc, "date_order", json_string("dmy"));
	json_object_set_new(doc, "columns", columns);
	json_object_set_new(doc, "defaults", json_object());
	if (!(*out = json_dumps(doc, JSON_INDENT(2) | JSON_PRESERVE_ORDER)))
		rc = PT_ENOMEM;
	else
		rc = PT_OK;
cleanup:
	json_decref(doc);
	pt__buf_release(&notes);
	pt_import_summary_free(s);
	pt_db_free(db);
	return rc;
}
