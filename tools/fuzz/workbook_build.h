/*
 * workbook_build.h - builds a small .xlsx or .ods in memory around given
 * XML (a sheet, the shared strings, an ODS content.xml), with libzip: the
 * workbook fuzz target feeds the XML readers this way (a mutated zip mostly
 * fails its checksums before any XML is read), and the unit tests make
 * their odd workbooks with it.
 */
#ifndef PT_WORKBOOK_BUILD_H
#define PT_WORKBOOK_BUILD_H

#include <stdlib.h>
#include <string.h>

#include <zip.h>

struct wb_part {
	const char *name;
	const char *data;
	size_t len;
};

/* A zip of the parts in memory; *len_out its size. Free with free(). */
static char *wb_zip(const struct wb_part *parts, size_t count, size_t *len_out)
{
	zip_error_t err;
	zip_source_t *src, *part;
	zip_t *za;
	zip_stat_t st;
	char *out = NULL;

	*len_out = 0;
	zip_error_init(&err);
	if (!(src = zip_source_buffer_create(NULL, 0, 0, &err)))
		return NULL;
	zip_source_keep(src);
	if (!(za = zip_open_from_source(src, ZIP_TRUNCATE, &err))) {
		zip_source_free(src);
		return NULL;
	}
	for (size_t i = 0; i < count; i++) {
		zip_int64_t index;
		if (!(part = zip_source_buffer(za, parts[i].data, parts[i].len, 0)) ||
		    (index = zip_file_add(za, parts[i].name, part, ZIP_FL_OVERWRITE)) < 0) {
			zip_source_free(part);
			zip_discard(za);
			zip_source_free(src);
			return NULL;
		}
		zip_file_set_mtime(za, (zip_uint64_t)index, 946684800, 0);
	}
	if (zip_close(za) < 0) {
		zip_discard(za);
		zip_source_free(src);
		return NULL;
	}
	if (zip_source_stat(src, &st) == 0 && zip_source_open(src) == 0) {
		if ((out = malloc(st.size + 1)) &&
		    zip_source_read(src, out, st.size) == (zip_int64_t)st.size) {
			*len_out = st.size;
		} else {
			free(out);
			out = NULL;
		}
		zip_source_close(src);
	}
	zip_source_free(src);
	return out;
}

#define WB_NS "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define WB_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

/* An .xlsx of one sheet ("Sheet1"), its XML given; strings and styles may
 * be NULL (none). */
static char *wb_xlsx(const char *sheet, size_t sheet_len, const char *strings, size_t strings_len,
		     const char *styles, size_t *len_out)
{
	static const char rels[] =
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"" WB_REL "/officeDocument\" Target=\"xl/workbook.xml\"/>"
		"</Relationships>";
	static const char book[] =
		"<workbook xmlns=\"" WB_NS "\" xmlns:r=\"" WB_REL "\"><sheets>"
		"<sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>";
	static const char book_rels[] =
		"<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
		"<Relationship Id=\"rId1\" Type=\"" WB_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
		"<Relationship Id=\"rId2\" Type=\"" WB_REL "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
		"<Relationship Id=\"rId3\" Type=\"" WB_REL "/styles\" Target=\"styles.xml\"/>"
		"</Relationships>";
	static const char default_styles[] =
		"<styleSheet xmlns=\"" WB_NS "\"><cellXfs><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/>"
		"</cellXfs></styleSheet>";
	struct wb_part parts[7] = {
		{ "[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>", 0 },
		{ "_rels/.rels", rels, sizeof rels - 1 },
		{ "xl/workbook.xml", book, sizeof book - 1 },
		{ "xl/_rels/workbook.xml.rels", book_rels, sizeof book_rels - 1 },
		{ "xl/worksheets/sheet1.xml", sheet, sheet_len },
		{ "xl/styles.xml", styles ? styles : default_styles,
		  strlen(styles ? styles : default_styles) },
		{ "xl/sharedStrings.xml", strings, strings_len },
	};
	parts[0].len = strlen(parts[0].data);
	return wb_zip(parts, strings ? 7 : 6, len_out);
}

/* An .ods whose content.xml is given. */
static char *wb_ods(const char *content, size_t content_len, size_t *len_out)
{
	static const char mimetype[] = "application/vnd.oasis.opendocument.spreadsheet";
	static const char manifest[] =
		"<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\"/>";
	struct wb_part parts[3] = {
		{ "mimetype", mimetype, sizeof mimetype - 1 },
		{ "META-INF/manifest.xml", manifest, sizeof manifest - 1 },
		{ "content.xml", content, content_len },
	};
	return wb_zip(parts, 3, len_out);
}

#endif
