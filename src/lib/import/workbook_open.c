/*
 * workbook_open.c - opening a workbook: what a zip archive holds (a
 * spreadsheet, or a document that is none), the reader of its kind (.xlsx,
 * .ods, .xls), its sheets, and reading one of them.
 */
#include <stdlib.h>
#include <string.h>

#include <zip.h>

#include "import/workbook.h"

/* ---- what a zip archive holds ------------------------------------------------ */

static int has_entry(zip_t *za, const char *name)
{
	return zip_name_locate(za, name, ZIP_FL_NOCASE) >= 0;
}

/* The first bytes of entry `name` (the ODF "mimetype"), NUL-ended. */
static void entry_head(zip_t *za, const char *name, char *buf, size_t size)
{
	zip_file_t *f = zip_fopen(za, name, ZIP_FL_NOCASE);
	zip_int64_t n;
	buf[0] = '\0';
	if (!f)
		return;
	n = zip_fread(f, buf, size - 1);
	buf[n > 0 ? n : 0] = '\0';
	zip_fclose(f);
}

static int starts_with(const char *s, const char *prefix)
{
	size_t n = strlen(prefix);
	return strlen(s) >= n && !memcmp(s, prefix, n);
}

int pt__zip_identify(const char *data, size_t len, pt__wb_type *type, const char **what)
{
	int zerr = 0, rc = PT_EINVAL;
	char mimetype[128];
	zip_t *za = pt__wb_zip_open(data, len, &zerr);

	*what = NULL;
	if (!za) {
		*what = zerr == ZIP_ER_MEMORY ? "a zip archive too large to open"
			: "a damaged or truncated zip archive";
		return zerr == ZIP_ER_MEMORY ? PT_ENOMEM : PT_EINVAL;
	}
	entry_head(za, "mimetype", mimetype, sizeof mimetype);
	if (starts_with(mimetype, "application/vnd.oasis.opendocument.spreadsheet") ||
	    (!mimetype[0] && has_entry(za, "content.xml") && has_entry(za, "META-INF/manifest.xml"))) {
		*type = PT__WB_ODS;
		rc = PT_OK;
	} else if (starts_with(mimetype, "application/vnd.oasis.opendocument.text")) {
		*what = "an OpenDocument text document (.odt)";
	} else if (starts_with(mimetype, "application/vnd.oasis.opendocument.presentation")) {
		*what = "an OpenDocument presentation (.odp)";
	} else if (starts_with(mimetype, "application/vnd.oasis.opendocument")) {
		*what = "an OpenDocument file that is no spreadsheet";
	} else if (starts_with(mimetype, "application/epub")) {
		*what = "an EPUB book";
	} else if (has_entry(za, "xl/workbook.xml") || has_entry(za, "xl/workbook.bin")) {
		if (has_entry(za, "xl/workbook.bin"))
			*what = "an Excel binary workbook (.xlsb); save it as .xlsx";
		else {
			*type = PT__WB_XLSX;
			rc = PT_OK;
		}
	} else if (has_entry(za, "word/document.xml")) {
		*what = "a Word document (.docx)";
	} else if (has_entry(za, "ppt/presentation.xml")) {
		*what = "a PowerPoint presentation (.pptx)";
	} else if (has_entry(za, "[Content_Types].xml")) {
		*what = "an Office Open XML file that holds no workbook";
	} else {
		*what = "a zip archive that holds no workbook";
	}
	zip_close(za);
	return rc;
}

/* ---- opening ---------------------------------------------------------------- */

static int open_zip(pt__workbook *wb)
{
	int zerr = 0;
	wb->zip = pt__wb_zip_open(wb->data, wb->len, &zerr);
	if (!wb->zip)
		return zerr == ZIP_ER_MEMORY ? pt__error(wb->db, PT_ENOMEM, "out of memory")
			: pt__error(wb->db, PT_EINVAL, "the zip archive is damaged or cut short (%s)",
				    zip_error_strerror(&(zip_error_t){ .zip_err = zerr }));
	return PT_OK;
}

int pt__workbook_open(pt_db *db, pt__wb_type type, const char *data, size_t len,
		      const char *path, pt__workbook **out)
{
	pt__workbook *wb = calloc(1, sizeof *wb);
	int rc;

	*out = NULL;
	if (!wb)
		return pt__error(db, PT_ENOMEM, "out of memory");
	wb->db = db;
	wb->type = type;
	wb->data = data;
	wb->len = len;
	if (type == PT__WB_XLS)
		rc = pt__xls_open(wb, path);
	else if ((rc = open_zip(wb)) == PT_OK)
		rc = type == PT__WB_XLSX ? pt__xlsx_open(wb) : pt__ods_open(wb);
	if (rc == PT_OK && !wb->sheet_count)
		rc = pt__error(db, PT_EINVAL, "the workbook has no sheet");
	if (rc) {
		pt__workbook_free(wb);
		return rc;
	}
	*out = wb;
	return PT_OK;
}

static void free_list(char **list, size_t count)
{
	for (size_t i = 0; list && i < count; i++)
		free(list[i]);
	free(list);
}

void pt__workbook_free(pt__workbook *wb)
{
	if (!wb)
		return;
	if (wb->zip) {
		zip_discard(wb->zip);
	}
	pt__xls_close(wb);
	free_list(wb->sheet_names, wb->sheet_count);
	free_list(wb->sheet_parts, wb->sheet_count);
	free_list(wb->strings, wb->string_count);
	free(wb->xf_kind);
	free(wb);
}

size_t pt__workbook_sheet_count(const pt__workbook *wb)
{
	return wb->sheet_count;
}

const char *pt__workbook_sheet_name(const pt__workbook *wb, size_t index)
{
	return index < wb->sheet_count ? wb->sheet_names[index] : NULL;
}

int pt__workbook_read_sheet(pt__workbook *wb, size_t index, pt__wb_row_fn fn, void *ctx,
			    long *bad_row)
{
	*bad_row = 0;
	if (index >= wb->sheet_count)
		return pt__error(wb->db, PT_ENOTFOUND, "no sheet %zu", index + 1);
	switch (wb->type) {
	case PT__WB_XLSX: return pt__xlsx_read(wb, index, fn, ctx, bad_row);
	case PT__WB_ODS:  return pt__ods_read(wb, index, fn, ctx, bad_row);
	default:          return pt__xls_read(wb, index, fn, ctx, bad_row);
	}
}

