/*
 * driver.c - the import driver: opens the file as a stream, works out its
 * format, records the batch, runs the reader (CSV, JSON Lines, a JSON
 * document) and the loaders inside one transaction, and commits only when
 * every record was good (or, with skip_invalid, keeps the good ones), so
 * that a file imports whole or not at all and a killed import leaves the
 * database as it was.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strmap.h"
#include "import/sheet.h"

#define MAX_FILE_BYTES ((size_t)1 << 30)
#define PT__IMPORT_CACHE_KB "-65536" /* the page cache while importing: 64 MB */

static const char *format_name(pt_format format)
{
	switch (format) {
	case PT_FORMAT_CSV:   return "csv";
	case PT_FORMAT_JSONL: return "jsonl";
	case PT_FORMAT_XLSX:  return "xlsx";
	case PT_FORMAT_ODS:   return "ods";
	case PT_FORMAT_XLS:   return "xls";
	default:              return "json";
	}
}

/* The format of a text file: asked for, else the file's name, else its
 * first bytes: '{' or '[' is JSON (one object on the first line and more
 * after it: JSON Lines), anything else CSV. */
static pt_format detect_text_format(const char *name, pt_format asked, const pt__input *in)
{
	const char *s = in->sample;
	size_t len = in->sample_len, i = 0;
	pt_format named = pt__format_of_name(name);
	pt__encoding bom_enc;

	if (asked != PT_FORMAT_AUTO)
		return asked;
	if (named == PT_FORMAT_JSONL || named == PT_FORMAT_CSV)
		return named;
	i = pt__encoding_bom(s, len, &bom_enc);
	if (i && bom_enc != PT__ENC_UTF8)
		return PT_FORMAT_CSV; /* UTF-16: a spreadsheet's export */
	while (i < len && strchr(" \t\r\n", s[i]))
		i++;
	if (i == len)
		return named == PT_FORMAT_JSON ? PT_FORMAT_JSON : PT_FORMAT_AUTO;
	if (s[i] == '[')
		return PT_FORMAT_JSON;
	if (s[i] == '{') {
		/* one whole object on the first line, and more after it */
		const char *nl = memchr(s + i, '\n', len - i);
		json_error_t err;
		json_t *first;
		if (!nl)
			return PT_FORMAT_JSON;
		first = json_loadb(s + i, (size_t)(nl - (s + i)), 0, &err);
		if (!json_is_object(first)) {
			json_decref(first);
			return PT_FORMAT_JSON;
		}
		json_decref(first);
		for (const char *p = nl; p < s + len; p++)
			if (!strchr(" \t\r\n", *p))
				return *p == '{' ? PT_FORMAT_JSONL : PT_FORMAT_JSON;
		return PT_FORMAT_JSON;
	}
	return named == PT_FORMAT_JSON ? PT_FORMAT_JSON : PT_FORMAT_CSV;
}

/* The format, from what the caller asks, the file's name and its first
 * bytes (sniff.c). A workbook (zip or OLE2 content) goes to the workbook
 * reader, which tells .xlsx from .ods and checks it against *expected. A
 * file whose content is not what its name or the option says is refused:
 * a problem that names what it is, and PT_EINVAL. */
static int detect_format(pt__import *imp, pt_format asked, const pt__input *in,
			 pt_format *format, pt_format *expected)
{
	const char *what = NULL;
	pt_format named = pt__format_of_name(imp->name);
	enum pt__content content = pt__sniff(in->sample, in->sample_len, &what);

	*expected = asked != PT_FORMAT_AUTO ? asked : named;
	if (content == PT__CONTENT_ZIP || content == PT__CONTENT_OLE2) {
		/* a workbook, or something else in a zip: the reader says which */
		*format = content == PT__CONTENT_OLE2 ? PT_FORMAT_XLS : PT_FORMAT_XLSX;
		return PT_OK;
	}
	if (content == PT__CONTENT_OTHER)
		return pt__import_problem(imp, 0, NULL, "the file is %s, not %s", what,
					  *expected != PT_FORMAT_AUTO ? pt__format_label(*expected)
					  : "a register powtrace reads (CSV, JSON, .xlsx, .ods, .xls)");
	if (pt__format_is_workbook(*expected))
		return pt__import_problem(imp, 0, NULL, "not %s: the file is %s%s",
					  pt__format_label(*expected), what,
					  !strcmp(what, "text (CSV?)") ? "; import it with --csv" : "");
	*format = detect_text_format(imp->name, asked, in);
	return PT_OK;
}

static int record_batch(pt__import *imp, const char *data, size_t len, pt_format format)
{
	static const char sql[] =
		"INSERT INTO import_batch(file, sha256, bytes, format, started_at) "
		"VALUES (?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))";
	sqlite3_stmt *stmt = NULL;
	pt__sha256 hash;
	char hex[65] = "";
	int rc;

	if (data) {
		pt__sha256_init(&hash);
		pt__sha256_update(&hash, data, len);
		pt__sha256_hex(&hash, hex);
	}
	if ((rc = pt__prepare(imp->db, &stmt, sql)))
		return rc;
	sqlite3_bind_text(stmt, 1, imp->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(stmt, 2, hex, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 3, (sqlite3_int64)len);
	sqlite3_bind_text(stmt, 4, format_name(format), -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		rc = pt__sql_error(imp->db, "cannot record the import batch");
	imp->batch_id = sqlite3_last_insert_rowid(imp->db->sql);
	sqlite3_finalize(stmt);
	return rc;
}

/* The batch's counts, and for a streamed file its checksum, size, kind,
 * mapping, encoding and options. */
static int finish_batch(pt__import *imp)
{
	static const char sql[] =
		"UPDATE import_batch SET rows = ?, inserted = ?, updated = ?, "
		"unchanged = ?, rejected = ?, finished_at = strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), "
		"sha256 = coalesce(?, sha256), bytes = coalesce(?, bytes), kind = ?, mapping = ?, "
		"mapping_sha256 = ?, encoding = ?, options = ?, format = coalesce(?, format) "
		"WHERE id = ?";
	pt_import_summary *s = imp->summary;
	pt__sheet *sh = imp->sheet;
	sqlite3_stmt *stmt = NULL;
	json_t *options = NULL;
	char *options_text = NULL;
	char hex[65];
	int rc = pt__prepare(imp->db, &stmt, sql);

	long base[5] = { 0, 0, 0, 0, 0 };

	if (rc)
		return rc;
	if (sh) /* a workbook's sheet: its own counts */
		memcpy(base, sh->batch_base, sizeof base);
	sqlite3_bind_int64(stmt, 1, s->rows - base[0]);
	sqlite3_bind_int64(stmt, 2, s->inserted - base[1]);
	sqlite3_bind_int64(stmt, 3, s->updated - base[2]);
	sqlite3_bind_int64(stmt, 4, s->unchanged - base[3]);
	sqlite3_bind_int64(stmt, 5, s->rejected - base[4]);
	if (sh && sh->input) {
		pt__sha256 copy = sh->input->sha;
		pt__sha256_hex(&copy, hex);
		sqlite3_bind_text(stmt, 6, hex, -1, SQLITE_STATIC);
		sqlite3_bind_int64(stmt, 7, (sqlite3_int64)sh->input->bytes_read);
	}
	if (sh) {
		char delimiter[2] = { s->delimiter, 0 };
		sqlite3_bind_text(stmt, 8, s->kind, -1, SQLITE_STATIC);
		if (sh->mapping) {
			sqlite3_bind_text(stmt, 9, sh->mapping->path, -1, SQLITE_STATIC);
			sqlite3_bind_text(stmt, 10, sh->mapping->sha256, -1, SQLITE_STATIC);
		}
		sqlite3_bind_text(stmt, 11, s->encoding, -1, SQLITE_STATIC);
		options = json_pack("{s:b}", "skip_invalid", sh->opts->skip_invalid);
		if (options && s->delimiter)
			json_object_set_new(options, "delimiter", json_string(delimiter));
		if (options && s->header_line)
			json_object_set_new(options, "header_line", json_integer(s->header_line));
		if (options && sh->flat) {
			static const char *const orders[] = { "dmy", "mdy", "ymd" };
			json_object_set_new(options, "date_order", json_string(orders[sh->date_order]));
			json_t *years = json_object();
			/* a century for all dates, or by what a date is of ("birth":
			 * 1800), or by the period of each ("period") */
			for (int r = 0; years && !sh->century && sh->mapping && r < PT_DATE_ROLE_COUNT; r++)
				if (sh->mapping->centuries[r])
					json_object_set_new(years, pt_date_role_name((pt_date_role)r),
							    json_integer(sh->mapping->centuries[r]));
			if (sh->century)
				json_object_set_new(options, "two_digit_years", json_integer(sh->century));
			else if (json_object_size(years))
				json_object_set(options, "two_digit_years", years);
			else
				json_object_set_new(options, "two_digit_years", json_string("period"));
			json_decref(years);
		}
		if (options && sh->opts->rejects)
			json_object_set_new(options, "rejects", json_string(sh->opts->rejects));
		if (options && sh->opts->sheet)
			json_object_set_new(options, "sheet", json_string(sh->opts->sheet));
		options_text = options ? json_dumps(options, JSON_COMPACT | JSON_SORT_KEYS) : NULL;
		sqlite3_bind_text(stmt, 12, options_text, -1, SQLITE_STATIC);
	}
	if (s->format)
		sqlite3_bind_text(stmt, 13, s->format, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 14, imp->batch_id);
	if (sqlite3_step(stmt) != SQLITE_DONE)
		rc = pt__sql_error(imp->db, "cannot record the import batch");
	sqlite3_finalize(stmt);
	json_decref(options);
	free(options_text);
	return rc;
}

/* A workbook's sheet begins: the first sheet names the batch the import
 * made; each later one finishes the batch before it and makes its own. */
static int sheet_begin(pt__import *imp, const char *worksheet)
{
	pt__sheet *sh = imp->sheet;
	pt_import_summary *s = imp->summary;
	sqlite3_stmt *stmt = NULL;
	int rc;

	if (sh->batch_has_sheet) {
		static const char sql[] =
			"INSERT INTO import_batch(file, sha256, bytes, format, started_at) "
			"SELECT file, sha256, bytes, format, strftime('%Y-%m-%dT%H:%M:%SZ', 'now') "
			"FROM import_batch WHERE id = ?";
		if ((rc = finish_batch(imp)) || (rc = pt__prepare(imp->db, &stmt, sql)))
			return rc;
		sqlite3_bind_int64(stmt, 1, imp->batch_id);
		rc = sqlite3_step(stmt) == SQLITE_DONE ? PT_OK
			: pt__sql_error(imp->db, "cannot record the import batch");
		sqlite3_finalize(stmt);
		if (rc)
			return rc;
		imp->batch_id = sqlite3_last_insert_rowid(imp->db->sql);
	}
	if ((rc = pt__prepare(imp->db, &stmt, "UPDATE import_batch SET sheet = ? WHERE id = ?")))
		return rc;
	sqlite3_bind_text(stmt, 1, worksheet, -1, SQLITE_STATIC);
	sqlite3_bind_int64(stmt, 2, imp->batch_id);
	rc = sqlite3_step(stmt) == SQLITE_DONE ? PT_OK
		: pt__sql_error(imp->db, "cannot record the import batch");
	sqlite3_finalize(stmt);
	sh->batch_has_sheet = 1;
	sh->batch_base[0] = s->rows;
	sh->batch_base[1] = s->inserted;
	sh->batch_base[2] = s->updated;
	sh->batch_base[3] = s->unchanged;
	sh->batch_base[4] = s->rejected;
	return rc;
}

/* JSON records: through the mapping if there is one; a rejected record goes
 * to the rejects file. */
static int json_record(pt__import *imp, pt__kind kind, json_t *record, long line)
{
	pt__sheet *sh = imp->sheet;
	int rc;

	pt__record_begin(imp);
	if (sh->mapping)
		rc = pt__flat_load_json(imp, kind, record, line);
	else
		rc = pt__load_record(imp, kind, record, line);
	if (rc == PT_EINVAL) {
		char *raw = json_dumps(record, JSON_COMPACT);
		int r2 = pt__reject_note(imp, line, raw, raw ? strlen(raw) : 0);
		free(raw);
		if (r2 == PT_OK && sh->rejects)
			r2 = pt__rejects_json(sh->rejects, line, record, NULL, 0,
					      pt__import_reasons(imp));
		if (r2)
			rc = r2;
	}
	pt__import_tick(imp, 0);
	return rc;
}

/* The rows a streamed file will give, from its size and the sample. */
static uint64_t estimated_rows(const pt__input *in)
{
	size_t lines = 0;
	for (size_t i = 0; i < in->sample_len; i++)
		lines += in->sample[i] == '\n';
	if (!in->bytes_total || lines < 2)
		return 0;
	return in->bytes_total / (in->sample_len / lines + 1);
}

static int parse_kind(pt_db *db, const char *name, pt__kind *out)
{
	for (int k = 0; k < PT__KIND_COUNT; k++)
		if (!strcmp(pt__kind_name((pt__kind)k), name)) {
			*out = (pt__kind)k;
			return PT_OK;
		}
	return pt__error(db, PT_EINVAL, "unknown kind '%s' (expected person, source, camp, "
			 "claim, operation or location)", name);
}

static void free_list(char **list, size_t count)
{
	for (size_t i = 0; i < count; i++)
		free(list[i]);
	free(list);
}

/* An import's transaction: its own, or a savepoint inside the caller's
 * (pt_db_begin), so that the files of one command go in together. */
static int tx_begin(pt_db *db, int *nested)
{
	*nested = !sqlite3_get_autocommit(db->sql);
	return pt__exec(db, *nested ? "SAVEPOINT import" : "BEGIN IMMEDIATE");
}

static int tx_commit(pt_db *db, int nested)
{
	return pt__exec(db, nested ? "RELEASE import" : "COMMIT");
}

static void tx_rollback(pt_db *db, int nested)
{
	sqlite3_exec(db->sql, nested ? "ROLLBACK TO import; RELEASE import" : "ROLLBACK",
		     NULL, NULL, NULL);
}

/* The driver's options from the caller's and the mapping's: the kind of
 * the records, the mapping, the date order and century, the encoding. */
static int sheet_setup(pt_db *db, const pt_import_options *opts, pt__sheet *sheet)
{
	int rc;

	memset(sheet, 0, sizeof *sheet);
	sheet->opts = opts;
	sheet->kind = PT__KIND_PERSON;
	sheet->century = 0; /* two-digit years by the period of each date */
	if (opts->kind && (rc = parse_kind(db, opts->kind, &sheet->kind)))
		return rc;
	if (opts->mapping &&
	    (rc = pt__mapping_load(db, opts->mapping, sheet->kind, &sheet->mapping)))
		return rc;
	if (opts->kind && sheet->mapping && sheet->mapping->has_kind &&
	    sheet->kind != sheet->mapping->kind)
		return pt__error(db, PT_EINVAL, "%s: the mapping is for %s records, not %s",
				 sheet->mapping->path, pt__kind_name(sheet->mapping->kind),
				 opts->kind);
	if (sheet->mapping) {
		if (sheet->mapping->has_kind)
			sheet->kind = sheet->mapping->kind;
		if (sheet->mapping->date_order >= 0)
			sheet->date_order = sheet->mapping->date_order;
		if (sheet->mapping->century)
			sheet->century = sheet->mapping->century;
		sheet->encoding = sheet->mapping->encoding;
	}
	if (opts->encoding && pt__encoding_parse(opts->encoding, &sheet->encoding))
		return pt__error(db, PT_EINVAL, "unknown encoding '%s' (expected utf-8, utf-16, "
				 "windows-1252 or latin-1)", opts->encoding);
	return PT_OK;
}

/* The summary of a file being imported: its name, format, kind. */
static int summary_new(pt__import *imp, pt_format format, const pt__sheet *sheet)
{
	pt_import_summary *s = calloc(1, sizeof *s);

	if (!(imp->summary = s) || !(s->file = pt__strdup(imp->name)) ||
	    !(s->format = pt__strdup(format_name(format))) ||
	    !(s->kind = pt__strdup(pt__kind_name(sheet->kind))) ||
	    (format != PT_FORMAT_CSV && !pt__format_is_workbook(format) &&
	     !(s->encoding = pt__strdup("utf-8"))))
		return pt__error(imp->db, PT_ENOMEM, "out of memory");
	return PT_OK;
}

/* Reads the file with the reader of its format, every record to the
 * loaders; then the links to sources later in the file. */
static int read_records(pt__import *imp, pt__input *in, pt_format format, pt_format expected,
			const char *path, char **data)
{
	pt__sheet *sheet = imp->sheet;
	size_t len = 0;
	int rc;

	if (pt__format_is_workbook(format))
		rc = pt__read_workbook(imp, in, expected, strcmp(path, "-") ? path : NULL,
				       pt__load_record);
	else if (format == PT_FORMAT_CSV)
		rc = pt__read_csv(imp, in, pt__load_record);
	else if (format == PT_FORMAT_JSONL)
		rc = pt__read_json_stream(imp, in, sheet->kind, json_record);
	else if ((rc = pt__input_read_all(imp->db, in, imp->name, MAX_FILE_BYTES, data, &len)) == PT_OK)
		rc = pt__read_json(imp, *data, len, format, sheet->kind, json_record);
	if (rc == PT_OK) /* links to sources later in the file */
		rc = pt__load_finish(imp);
	pt__import_tick(imp, 1);
	return rc;
}

/* After the last record (rc: how reading ended): the indexes built again,
 * the spellings no name uses any more pruned, the rejects file closed; then
 * the batch's counts and the commit, or (a refused file, a dry run)
 * nothing kept. */
static int finish_file(pt__import *imp, int rc, pt__bulk *bulk, int nested, int *in_tx)
{
	pt__sheet *sheet = imp->sheet;
	const pt_import_options *opts = sheet->opts;
	pt_import_summary *s = imp->summary;
	int failed = s->error_count || s->errors_not_listed;

	if (rc == PT_OK && !opts->dry_run && (opts->skip_invalid || !failed))
		rc = pt__bulk_end(imp, bulk); /* texts, triggers, indexes, before the commit */
	if (rc == PT_OK && failed && !opts->skip_invalid)
		rc = PT_EINVAL;
	/* an updated record may have left a spelling no name uses */
	if (rc == PT_OK && s->updated && !opts->dry_run)
		rc = pt__name_keys_prune(imp->db);
	/* the rejects file on the disk before the commit: a full disk stops
	 * the import, not the file */
	if (rc == PT_OK && sheet->rejects)
		rc = pt__rejects_flush(sheet->rejects);
	if (opts->dry_run) {
		imp->batch_id = 0; /* rolled back, whatever happened */
	} else if (rc == PT_EINVAL) { /* nothing of the file is kept */
		s->inserted = s->updated = s->unchanged = 0;
		for (size_t i = 0; i < s->sheet_count; i++)
			s->sheets[i].batch_id = 0;
		free_list(s->new_camps, s->new_camp_count);
		free_list(s->new_sources, s->new_source_count);
		s->new_camps = s->new_sources = NULL;
		s->new_camp_count = s->new_source_count = 0;
		s->new_camp_total = s->new_source_total = 0;
	} else if (rc == PT_OK && (rc = finish_batch(imp)) == PT_OK &&
		   (rc = tx_commit(imp->db, nested)) == PT_OK) {
		*in_tx = 0;
		s->batch_id = imp->batch_id;
		/* a workbook: the batch of its first sheet read */
		for (size_t i = s->sheet_count; i-- > 0;)
			if (s->sheets[i].batch_id)
				s->batch_id = s->sheets[i].batch_id;
		/* in place once the rows it leaves out are known to be left out;
		 * should that fail, the import stands (its rejected rows are in
		 * import_reject too) and the summary says what went wrong */
		if (sheet->rejects && pt__rejects_close(sheet->rejects, 1)) {
			pt__buf w = PT__BUF_INIT;
			pt__buf_printf(&w, "the import is committed (batch %lld), but %s",
				       (long long)imp->batch_id, pt_db_errmsg(imp->db));
			s->warning = pt__buf_detach(&w);
		}
		sheet->rejects = NULL;
	}
	return rc;
}

/* The summary's format, and the formats an option or the bytes rule out:
 * --sheet for a file that is no workbook, JSON that is not UTF-8. */
static int format_checks(pt__import *imp, const pt_import_options *opts, const pt__input *in,
			 pt_format format)
{
	free(imp->summary->format);
	if (!(imp->summary->format = pt__strdup(format_name(format)))) {
		return pt__error(imp->db, PT_ENOMEM, "out of memory");
	}
	if (pt__format_is_workbook(format) || format == PT_FORMAT_CSV) {
		/* the CSV reader says which it read; a workbook is XML or BIFF */
		free(imp->summary->encoding);
		imp->summary->encoding = NULL;
	}
	if (opts->sheet && !pt__format_is_workbook(format)) {
		return pt__import_problem(imp, 0, NULL, "--sheet '%s': the file is no workbook "
					  "(.xlsx, .ods, .xls)", opts->sheet);
	}
	if (format != PT_FORMAT_CSV && !pt__format_is_workbook(format)) {
		/* JSON is UTF-8 (RFC 8259); a UTF-16 or UTF-32 file, with a mark or
		 * without one, would only give puzzling syntax errors */
		pt__encoding wide = PT__ENC_UNKNOWN;
		size_t bom = pt__encoding_bom(in->sample, in->sample_len, &wide);
		if (!bom)
			wide = pt__encoding_sniff(in->sample, in->sample_len);
		if (pt__encoding_is_wide(wide)) {
			return pt__import_problem(imp, 0, NULL, "the file is %s; JSON files must be "
						  "UTF-8 (convert it first, e.g. iconv -f %s -t UTF-8)",
						  pt__encoding_name(wide), pt__encoding_name(wide));
		}
	}
	return PT_OK;
}

int pt_import_file(pt_db *db, const char *path, const pt_import_options *opts,
		   pt_import_summary **summary_out)
{
	static const pt_import_options defaults;
	pt__import imp;
	pt__sheet sheet;
	pt__load_options load_opts = { 0 };
	pt__input in;
	char *data = NULL;
	pt_format format = PT_FORMAT_AUTO, expected = PT_FORMAT_AUTO;
	int rc, in_open = 0, in_tx = 0, nested = 0, cache_size = 0, cache_set = 0;
	pt__bulk bulk = { 0 };

	*summary_out = NULL;
	if (!opts)
		opts = &defaults;
	pt__import_init(&imp, db, opts->display_name ? opts->display_name
				  : strcmp(path, "-") ? path : "<stdin>");
	imp.sheet = &sheet;
	if ((rc = sheet_setup(db, opts, &sheet)))
		goto cleanup;
	/* the rejects file first: one that may not be written (the database,
	 * the input) stops the import before anything is read */
	if (opts->rejects && !opts->dry_run &&
	    (rc = pt__rejects_open(&imp, opts->rejects, path, &sheet.rejects)))
		goto cleanup;
	if ((rc = pt__input_open(db, &in, path, imp.name)))
		goto cleanup;
	in_open = 1;
	sheet.input = &in;
	imp.bytes_read = &in.bytes_read;
	imp.bytes_total = &in.bytes_total;
	imp.progress = opts->progress;
	imp.progress_ctx = opts->progress_ctx;
	imp.keep_rejects = opts->skip_invalid && !opts->dry_run;
	if ((rc = summary_new(&imp, PT_FORMAT_AUTO, &sheet)) ||
	    (rc = detect_format(&imp, opts->format, &in, &format, &expected)))
		goto cleanup;
	if ((rc = format_checks(&imp, opts, &in, format)))
		goto cleanup;
	sheet.flat = format == PT_FORMAT_CSV || pt__format_is_workbook(format) || sheet.mapping;
	sheet.sheet_begin = sheet_begin;
	/* the loaders read archival dates and make sources named in words for
	 * flat records (CSV, or JSON through a mapping) */
	load_opts.archival = load_opts.creates_sources = sheet.flat;
	load_opts.date_order = sheet.date_order;
	for (int r = 0; r < PT_DATE_ROLE_COUNT; r++)
		load_opts.centuries[r] = sheet.century ? sheet.century
			: sheet.mapping ? sheet.mapping->centuries[r] : 0;

	/* a big import touches index pages all over the file: give it a page
	 * cache of its own size, so that pages are not written to the WAL and
	 * read back again and again (it is bounded: memory stays flat however
	 * long the file); the caller's size comes back at the end */
	if ((rc = pt__pragma_int(db, "PRAGMA cache_size", &cache_size)) ||
	    (rc = pt__exec(db, "PRAGMA cache_size = " PT__IMPORT_CACHE_KB)))
		goto cleanup;
	cache_set = 1;
	if ((rc = tx_begin(db, &nested)))
		goto cleanup;
	in_tx = 1;
	if ((rc = record_batch(&imp, NULL, 0, format)) ||
	    (sheet.kind == PT__KIND_PERSON &&
	     (rc = pt__bulk_begin(&imp, format == PT_FORMAT_CSV || format == PT_FORMAT_JSONL
				  ? estimated_rows(&in) : 0, &bulk))) ||
	    (rc = pt__load_begin(&imp, &load_opts)))
		goto cleanup;
	rc = read_records(&imp, &in, format, expected, path, &data);
	rc = finish_file(&imp, rc, &bulk, nested, &in_tx);

cleanup:
	pt__load_end(&imp);
	if (in_tx) /* keep the message that says why, not the rollback's */
		tx_rollback(db, nested);
	pt__rejects_close(sheet.rejects, 0); /* not kept: the target stays as it was */
	if (cache_set) { /* the caller's page cache again (the pages beyond it are freed) */
		char restore[64];
		snprintf(restore, sizeof restore, "PRAGMA cache_size = %d", cache_size);
		sqlite3_exec(db->sql, restore, NULL, NULL, NULL);
	}
	if (rc == PT_OK)
		pt__buf_reset(&db->errmsg);
	if (in_open)
		pt__input_close(&in);
	pt__layout_free(sheet.json_layout);
	pt__strmap_free(sheet.listed);
	pt__mapping_free(sheet.mapping);
	pt__bulk_free(db, &bulk);
	pt__import_release(&imp);
	free(data);
	if (imp.summary && (rc == PT_OK || rc == PT_EINVAL))
		*summary_out = imp.summary;
	else
		pt_import_summary_free(imp.summary);
	return rc;
}

void pt_import_summary_free(pt_import_summary *summary)
{
	if (!summary)
		return;
	for (size_t i = 0; i < summary->error_count; i++) {
		free(summary->errors[i].field);
		free(summary->errors[i].message);
		free(summary->errors[i].sheet);
	}
	for (size_t i = 0; i < summary->warning_count; i++) {
		free(summary->warnings[i].field);
		free(summary->warnings[i].message);
		free(summary->warnings[i].sheet);
	}
	free(summary->warnings);
	for (size_t i = 0; i < summary->sheet_count; i++) {
		free(summary->sheets[i].name);
		free(summary->sheets[i].passed_over);
	}
	free(summary->sheets);
	for (size_t i = 0; i < summary->column_count; i++) {
		free(summary->columns[i].column);
		free(summary->columns[i].field);
	}
	free(summary->columns);
	free(summary->errors);
	free(summary->file);
	free(summary->format);
	free(summary->kind);
	free(summary->encoding);
	free(summary->warning);
	free_list(summary->new_camps, summary->new_camp_count);
	free_list(summary->new_sources, summary->new_source_count);
	free(summary);
}

int pt__import_memory(pt_db *db, const char *name, const char *data, size_t len,
		      pt_import_summary **summary_out)
{
	pt__import imp;
	int rc, in_tx = 0, nested = 0;

	*summary_out = NULL;
	pt__import_init(&imp, db, name);
	imp.summary = calloc(1, sizeof *imp.summary);
	if (!imp.summary || !(imp.summary->file = pt__strdup(name))) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if ((rc = tx_begin(db, &nested)))
		goto cleanup;
	in_tx = 1;
	if ((rc = record_batch(&imp, data, len, PT_FORMAT_JSON)) ||
	    (rc = pt__load_begin(&imp, NULL)))
		goto cleanup;
	rc = pt__read_json(&imp, data, len, PT_FORMAT_JSON, PT__KIND_PERSON, pt__load_record);
	if (rc == PT_OK) /* links to sources later in the file */
		rc = pt__load_finish(&imp);
	if (rc == PT_OK && imp.summary->error_count)
		rc = PT_EINVAL;
	if (rc == PT_EINVAL)
		imp.summary->inserted = imp.summary->updated = imp.summary->unchanged = 0;
	if (rc == PT_OK && (rc = finish_batch(&imp)) == PT_OK &&
	    (rc = tx_commit(db, nested)) == PT_OK)
		in_tx = 0;

cleanup:
	pt__load_end(&imp);
	if (in_tx)
		tx_rollback(db, nested);
	if (rc == PT_OK)
		pt__buf_reset(&db->errmsg);
	pt__import_release(&imp);
	if (imp.summary && (rc == PT_OK || rc == PT_EINVAL))
		*summary_out = imp.summary;
	else
		pt_import_summary_free(imp.summary);
	return rc;
}

/* One source, added as an import of a document holding it alone. */
int pt_source_add(pt_db *db, const char *json, pt_import_summary **summary_out)
{
	json_error_t error;
	json_t *record, *doc = NULL;
	char *text = NULL;
	int rc;

	*summary_out = NULL;
	record = json_loads(json, JSON_REJECT_DUPLICATES, &error);
	if (!record)
		return pt__error(db, PT_EINVAL, "source add: not a JSON object: %s", error.text);
	if (!json_is_object(record)) {
		json_decref(record);
		return pt__error(db, PT_EINVAL, "source add: expected a JSON object");
	}
	doc = json_pack("{s:[o]}", "sources", record);
	if (!doc || !(text = json_dumps(doc, JSON_COMPACT))) {
		json_decref(doc);
		return pt__error(db, PT_ENOMEM, "out of memory");
	}
	rc = pt__import_memory(db, "source add", text, strlen(text), summary_out);
	free(text);
	json_decref(doc);
	return rc;
}
