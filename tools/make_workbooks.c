/*
 * make_workbooks.c - writes the small workbooks the tests read
 * (tests/data/workbooks/): an .xlsx and an .ods register written the way
 * archivists keep them (a title row, archival headers, date cells, numbers,
 * shared, inline and rich-text strings, merged cells, several sheets), the
 * same in the 1904 date system, and broken ones next to them (cut short, a
 * zip that is no workbook, malformed XML, a shared string that does not
 * exist, a DTD, a document that is no spreadsheet, text named .xlsx). The
 * .xls fixtures are written by make_xls.py (Debian's python3-xlwt).
 *
 * Usage: make_workbooks DIR    (make workbooks)
 * Every file is made from the text below, byte for byte the same each run
 * (zip times are fixed), so that the committed files can be checked.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <zip.h>

struct entry {
	const char *name;
	const char *text;
};

static void die(const char *what, const char *detail)
{
	fprintf(stderr, "make_workbooks: %s: %s\n", what, detail);
	exit(1);
}

/* Writes a zip of the entries (the first stored, the rest deflated). */
static void write_zip(const char *dir, const char *file, const struct entry *entries, size_t n,
		      int store_first)
{
	char path[4096];
	int err = 0;
	zip_t *za;
	snprintf(path, sizeof path, "%s/%s", dir, file);
	remove(path);
	if (!(za = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &err)))
		die(path, "cannot create");
	for (size_t i = 0; i < n; i++) {
		zip_source_t *src = zip_source_buffer(za, entries[i].text, strlen(entries[i].text), 0);
		zip_int64_t index;
		if (!src || (index = zip_file_add(za, entries[i].name, src, ZIP_FL_ENC_UTF_8)) < 0)
			die(path, zip_strerror(za));
		zip_set_file_compression(za, (zip_uint64_t)index,
					 i == 0 && store_first ? ZIP_CM_STORE : ZIP_CM_DEFLATE, 9);
		zip_file_set_mtime(za, (zip_uint64_t)index, 946684800, 0); /* 2000-01-01 */
	}
	if (zip_close(za) < 0)
		die(path, zip_strerror(za));
}

static void write_bytes(const char *dir, const char *file, const char *data, size_t len)
{
	char path[4096];
	FILE *f;
	snprintf(path, sizeof path, "%s/%s", dir, file);
	if (!(f = fopen(path, "wb")) || fwrite(data, 1, len, f) != len || fclose(f))
		die(path, "cannot write");
}

static char *read_bytes(const char *dir, const char *file, size_t *len)
{
	char path[4096];
	FILE *f;
	char *data;
	long n;
	snprintf(path, sizeof path, "%s/%s", dir, file);
	if (!(f = fopen(path, "rb")) || fseek(f, 0, SEEK_END) || (n = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) || !(data = malloc((size_t)n + 1)) ||
	    fread(data, 1, (size_t)n, f) != (size_t)n)
		die(path, "cannot read");
	fclose(f);
	*len = (size_t)n;
	return data;
}

/* ---- .xlsx ----------------------------------------------------------------- */

#define XML_HEAD "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define NS_MAIN "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006/relationships"

static const char content_types[] = XML_HEAD
	"<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
	"<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
	"<Override PartName=\"/xl/worksheets/sheet2.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
	"<Override PartName=\"/xl/worksheets/sheet3.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
	"<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
	"<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
	"</Types>";

static const char root_rels[] = XML_HEAD
	"<Relationships xmlns=\"" NS_PKG "\">"
	"<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"xl/workbook.xml\"/>"
	"</Relationships>";

/* the sheets in tab order: sheet3.xml is the first tab */
#define WORKBOOK(PR) XML_HEAD \
	"<workbook xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\">" PR \
	"<sheets><sheet name=\"Register 1945\" sheetId=\"1\" r:id=\"rId3\"/>" \
	"<sheet name=\"Transfers\" sheetId=\"2\" r:id=\"rId2\"/>" \
	"<sheet name=\"Notes\" sheetId=\"3\" r:id=\"rId1\"/></sheets></workbook>"

static const char workbook_1900[] = WORKBOOK("<workbookPr defaultThemeVersion=\"124226\"/>");
static const char workbook_1904[] = WORKBOOK("<workbookPr date1904=\"1\"/>");

static const char workbook_rels[] = XML_HEAD
	"<Relationships xmlns=\"" NS_PKG "\">"
	"<Relationship Id=\"rId1\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" NS_REL "/worksheet\" Target=\"/xl/worksheets/sheet2.xml\"/>"
	"<Relationship Id=\"rId3\" Type=\"" NS_REL "/worksheet\" Target=\"worksheets/sheet3.xml\"/>"
	"<Relationship Id=\"rId4\" Type=\"" NS_REL "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
	"<Relationship Id=\"rId5\" Type=\"" NS_REL "/styles\" Target=\"styles.xml\"/>"
	"</Relationships>";

/* 0 General, 1 a built-in date (14, m/d/yyyy), 2 a custom date, 3 text, 4 a
 * time, 5 a number with two decimals */
static const char styles[] = XML_HEAD
	"<styleSheet xmlns=\"" NS_MAIN "\">"
	"<numFmts count=\"2\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy;@\"/>"
	"<numFmt numFmtId=\"165\" formatCode=\"&quot;day&quot;\\ 0.00\"/></numFmts>"
	"<cellXfs count=\"6\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\" applyNumberFormat=\"1\"/>"
	"<xf numFmtId=\"164\" applyNumberFormat=\"1\"/><xf numFmtId=\"49\"/>"
	"<xf numFmtId=\"20\"/><xf numFmtId=\"165\"/></cellXfs></styleSheet>";

/* shared strings 0-14; 13 is rich text, 14 has a phonetic run to leave out */
static const char shared_strings[] = XML_HEAD
	"<sst xmlns=\"" NS_MAIN "\" count=\"15\" uniqueCount=\"15\">"
	"<si><t>Stalag IV-B register, copied 1946</t></si>"   /* 0 */
	"<si><t>SURNAME</t></si>"                              /* 1 */
	"<si><t>Christian names</t></si>"                      /* 2 */
	"<si><t>Army No.</t></si>"                             /* 3 */
	"<si><t>Date of birth</t></si>"                        /* 4 */
	"<si><t>Camp</t></si>"                                 /* 5 */
	"<si><t>Date of capture</t></si>"                      /* 6 */
	"<si><t>Remarks</t></si>"                              /* 7 */
	"<si><t>Kelly</t></si>"                                /* 8 */
	"<si><t>Frank</t></si>"                                /* 9 */
	"<si><t>Stalag IV-B</t></si>"                          /* 10 */
	"<si><t>Mu\xcc\x88ller</t></si>"                       /* 11: u + combining diaeresis */
	"<si><t xml:space=\"preserve\"> Harold </t></si>"      /* 12 */
	"<si><r><rPr><b/></rPr><t>liberated </t></r><r><t>23.4.45</t></r></si>" /* 13 */
	"<si><t>Walker</t><rPh sb=\"0\" eb=\"1\"><t>WOKA</t></rPh></si>"       /* 14 */
	"</sst>";

#define SHEET_HEAD XML_HEAD "<worksheet xmlns=\"" NS_MAIN "\" xmlns:r=\"" NS_REL "\"><sheetData>"

/* Register 1945: a merged title row, the header on row 2, the camp merged
 * down three rows (E3:E5), an empty row 6, a last row without references */
static const char sheet_register[] = SHEET_HEAD
	"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>"
	"<row r=\"2\"><c r=\"A2\" t=\"s\"><v>1</v></c><c r=\"B2\" t=\"s\"><v>2</v></c>"
	"<c r=\"C2\" t=\"s\"><v>3</v></c><c r=\"D2\" t=\"s\"><v>4</v></c><c r=\"E2\" t=\"s\"><v>5</v></c>"
	"<c r=\"F2\" t=\"s\"><v>6</v></c><c r=\"G2\" t=\"s\"><v>7</v></c></row>"
	/* 5539 is 1915-03-01 (1900 system); 16335 is 1944-09-20 */
	"<row r=\"3\"><c r=\"A3\" t=\"s\"><v>8</v></c><c r=\"B3\" t=\"s\"><v>9</v></c>"
	"<c r=\"C3\"><v>5491234</v></c><c r=\"D3\" s=\"1\"><v>5539</v></c>"
	"<c r=\"E3\" t=\"s\"><v>10</v></c><c r=\"F3\" s=\"2\"><v>16335</v></c>"
	"<c r=\"G3\" t=\"s\"><v>13</v></c></row>"
	/* 7246 is 1919-11-02, with a time of day (.5) that is not kept */
	"<row r=\"4\"><c r=\"A4\" t=\"s\"><v>14</v></c><c r=\"B4\" t=\"s\"><v>12</v></c>"
	"<c r=\"C4\" s=\"3\" t=\"str\"><f>\"77\"&amp;\"12345\"</f><v>7712345</v></c>"
	"<c r=\"D4\" s=\"2\"><v>7246.5</v></c><c r=\"E4\" s=\"2\"/>"
	"<c r=\"F4\" t=\"inlineStr\"><is><t>18 Sept. 1944</t></is></c>"
	"<c r=\"G4\" t=\"b\"><v>1</v></c></row>"
	"<row r=\"5\"><c r=\"A5\" t=\"s\"><v>11</v></c><c r=\"B5\" t=\"inlineStr\"><is><t>Hans</t></is></c>"
	"<c r=\"C5\" s=\"5\"><v>1945.5</v></c><c r=\"D5\" t=\"inlineStr\"><is><t>3.4.99</t></is></c>"
	"<c r=\"G5\" t=\"e\"><v>#N/A</v></c></row>"
	"<row r=\"7\"><c t=\"inlineStr\"><is><t>Evans</t></is></c><c t=\"inlineStr\"><is><t>Thomas</t></is></c>"
	"<c t=\"inlineStr\"><is><t>T-100</t></is></c><c/><c t=\"inlineStr\"><is><t>Oflag 64</t></is></c>"
	"<c/><c s=\"4\"><v>0.5</v></c></row>"
	"</sheetData><mergeCells count=\"2\"><mergeCell ref=\"A1:G1\"/><mergeCell ref=\"E3:E5\"/></mergeCells>"
	"</worksheet>";

static const char sheet_transfers[] = SHEET_HEAD
	"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Surname</t></is></c>"
	"<c r=\"B1\" t=\"inlineStr\"><is><t>Given names</t></is></c>"
	"<c r=\"C1\" t=\"inlineStr\"><is><t>Transfer camp</t></is></c>"
	"<c r=\"D1\" t=\"inlineStr\"><is><t>Transfer date</t></is></c></row>"
	"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>Goodall</t></is></c>"
	"<c r=\"B2\" t=\"inlineStr\"><is><t>Ted</t></is></c>"
	"<c r=\"C2\" t=\"inlineStr\"><is><t>Stalag III-A</t></is></c>"
	"<c r=\"D2\" s=\"1\"><v>16498</v></c></row>"
	"</sheetData></worksheet>";

static const char sheet_notes[] = SHEET_HEAD
	"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Copied from the card index by a volunteer.</t></is></c></row>"
	"</sheetData></worksheet>";

static void xlsx(const char *dir, const char *file, const char *workbook, const char *register_xml,
		 const char *strings)
{
	const struct entry entries[] = {
		{ "[Content_Types].xml", content_types },
		{ "_rels/.rels", root_rels },
		{ "xl/workbook.xml", workbook },
		{ "xl/_rels/workbook.xml.rels", workbook_rels },
		{ "xl/styles.xml", styles },
		{ "xl/sharedStrings.xml", strings },
		{ "xl/worksheets/sheet3.xml", register_xml },
		{ "xl/worksheets/sheet2.xml", sheet_transfers },
		{ "xl/worksheets/sheet1.xml", sheet_notes },
	};
	write_zip(dir, file, entries, sizeof entries / sizeof *entries, 0);
}

/* 1904 system: 4077 is 1915-03-01, 14873 is 1944-09-20, 5784.5 is 1919-11-02 */
static const char sheet_register_1904[] = SHEET_HEAD
	"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c><c r=\"B1\" t=\"s\"><v>2</v></c>"
	"<c r=\"C1\" t=\"s\"><v>4</v></c><c r=\"D1\" t=\"s\"><v>6</v></c></row>"
	"<row r=\"2\"><c r=\"A2\" t=\"s\"><v>8</v></c><c r=\"B2\" t=\"s\"><v>9</v></c>"
	"<c r=\"C2\" s=\"1\"><v>4077</v></c><c r=\"D2\" s=\"2\"><v>14873</v></c></row>"
	"<row r=\"3\"><c r=\"A3\" t=\"s\"><v>14</v></c><c r=\"B3\" t=\"s\"><v>12</v></c>"
	"<c r=\"C3\" s=\"2\"><v>5784.5</v></c></row>"
	"</sheetData></worksheet>";

/* a good workbook with one bad row (a day that does not exist) */
static const char sheet_bad_date[] = SHEET_HEAD
	"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c><c r=\"B1\" t=\"s\"><v>2</v></c>"
	"<c r=\"C1\" t=\"s\"><v>4</v></c></row>"
	"<row r=\"2\"><c r=\"A2\" t=\"s\"><v>8</v></c><c r=\"B2\" t=\"s\"><v>9</v></c>"
	"<c r=\"C2\" s=\"1\"><v>5539</v></c></row>"
	"<row r=\"3\"><c r=\"A3\" t=\"s\"><v>14</v></c><c r=\"B3\" t=\"s\"><v>12</v></c>"
	"<c r=\"C3\" t=\"inlineStr\"><is><t>31.02.1920</t></is></c></row>"
	"</sheetData></worksheet>";

/* ---- broken .xlsx ------------------------------------------------------------ */

static const char sheet_malformed[] = SHEET_HEAD
	"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c><c r=\"B1\" t=\"s\"><v>2</v></c></row>"
	"<row r=\"2\"><c r=\"A2\" t=\"s\"><v>8</v></c><c r=\"B2\" t=\"s\"><v>9</v></row>"
	"</sheetData></worksheet>";

static const char sheet_bad_string[] = SHEET_HEAD
	"<row r=\"1\"><c r=\"A1\" t=\"s\"><v>1</v></c><c r=\"B1\" t=\"s\"><v>2</v></c></row>"
	"<row r=\"2\"><c r=\"A2\" t=\"s\"><v>8</v></c><c r=\"B2\" t=\"s\"><v>9</v></c></row>"
	"<row r=\"3\"><c r=\"A3\" t=\"s\"><v>14</v></c><c r=\"B3\" t=\"s\"><v>4294967296</v></c></row>"
	"</sheetData></worksheet>";

static const char sheet_doctype[] = XML_HEAD
	"<!DOCTYPE worksheet [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
	"<worksheet xmlns=\"" NS_MAIN "\"><sheetData>"
	"<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>Surname</t></is></c></row>"
	"<row r=\"2\"><c r=\"A2\" t=\"inlineStr\"><is><t>&b;</t></is></c></row>"
	"</sheetData></worksheet>";

/* ---- .ods --------------------------------------------------------------------- */

#define ODS_NS \
	" xmlns:office=\"urn:oasis:names:tc:opendocument:xmlns:office:1.0\"" \
	" xmlns:table=\"urn:oasis:names:tc:opendocument:xmlns:table:1.0\"" \
	" xmlns:text=\"urn:oasis:names:tc:opendocument:xmlns:text:1.0\"" \
	" xmlns:dc=\"http://purl.org/dc/elements/1.1/\""

static const char ods_manifest[] = XML_HEAD
	"<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.2\">"
	"<manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"application/vnd.oasis.opendocument.spreadsheet\"/>"
	"<manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\"/>"
	"</manifest:manifest>";

#define CELL_S(text) "<table:table-cell office:value-type=\"string\"><text:p>" text "</text:p></table:table-cell>"
#define CELL_D(iso, shown) "<table:table-cell office:value-type=\"date\" office:date-value=\"" iso "\"><text:p>" shown "</text:p></table:table-cell>"
#define CELL_F(v, shown) "<table:table-cell office:value-type=\"float\" office:value=\"" v "\"><text:p>" shown "</text:p></table:table-cell>"
#define EMPTY "<table:table-cell/>"

/* the register again: a title row spanning seven columns, the header, the
 * camp spanning three rows (covered cells under it), a cell with a comment,
 * repeated empty cells and rows as LibreOffice writes them */
static const char ods_content[] = XML_HEAD
	"<office:document-content" ODS_NS " office:version=\"1.2\"><office:body><office:spreadsheet>"
	"<table:table table:name=\"Register 1945\">"
	"<table:table-column table:number-columns-repeated=\"7\"/>"
	"<table:table-row><table:table-cell office:value-type=\"string\" table:number-columns-spanned=\"7\">"
	"<text:p>Stalag IV-B register, copied 1946</text:p></table:table-cell>"
	"<table:covered-table-cell table:number-columns-repeated=\"6\"/>"
	"<table:table-cell table:number-columns-repeated=\"1017\"/></table:table-row>"
	"<table:table-header-rows><table:table-row>" CELL_S("SURNAME") CELL_S("Christian names")
	CELL_S("Army No.") CELL_S("Date of birth") CELL_S("Camp") CELL_S("Date of capture")
	CELL_S("Remarks") "</table:table-row></table:table-header-rows>"
	"<table:table-row>" CELL_S("Kelly") CELL_S("Frank") CELL_F("5491234", "5491234")
	CELL_D("1915-03-01", "01.03.1915")
	"<table:table-cell office:value-type=\"string\" table:number-rows-spanned=\"3\"><text:p>Stalag IV-B</text:p></table:table-cell>"
	CELL_D("1944-09-20T00:00:00", "20/09/44")
	"<table:table-cell office:value-type=\"string\"><text:p>liberated<text:s/><text:span>23.4.45</text:span></text:p></table:table-cell>"
	"</table:table-row>"
	"<table:table-row>" CELL_S("Walker") CELL_S("Harold") CELL_F("7712345", "7,712,345")
	CELL_D("1919-11-02T12:00:00", "2 Nov 1919") "<table:covered-table-cell/>"
	CELL_S("18 Sept. 1944")
	"<table:table-cell office:value-type=\"boolean\" office:boolean-value=\"true\"><text:p>TRUE</text:p></table:table-cell>"
	"</table:table-row>"
	"<table:table-row>" CELL_S("Mu\xcc\x88ller") CELL_S("Hans")
	"<table:table-cell office:value-type=\"float\" office:value=\"1945.5\"><office:annotation><dc:creator>volunteer</dc:creator><text:p>not a number?</text:p></office:annotation><text:p>1945.50</text:p></table:table-cell>"
	CELL_S("3.4.99") "<table:covered-table-cell/>" EMPTY
	"<table:table-cell office:value-type=\"string\"><text:p>first line</text:p><text:p>second<text:s text:c=\"2\"/>line</text:p></table:table-cell>"
	"</table:table-row>"
	"<table:table-row>" EMPTY "</table:table-row>"
	"<table:table-row>" CELL_S("Evans") CELL_S("Thomas") CELL_S("T-100") EMPTY CELL_S("Oflag 64") EMPTY
	"<table:table-cell office:value-type=\"time\" office:time-value=\"PT12H00M00S\"><text:p>12:00:00</text:p></table:table-cell>"
	"</table:table-row>"
	"<table:table-row table:number-rows-repeated=\"1048569\"><table:table-cell table:number-columns-repeated=\"1024\"/></table:table-row>"
	"</table:table>"
	"<table:table table:name=\"Transfers\">"
	"<table:table-row>" CELL_S("Surname") CELL_S("Given names") CELL_S("Transfer camp") CELL_S("Transfer date") "</table:table-row>"
	"<table:table-row>" CELL_S("Goodall") CELL_S("Ted") CELL_S("Stalag III-A") CELL_D("1945-03-02", "2.3.45") "</table:table-row>"
	"</table:table>"
	"<table:table table:name=\"Notes\"><table:table-row>"
	CELL_S("Copied from the card index by a volunteer.") "</table:table-row></table:table>"
	"</office:spreadsheet></office:body></office:document-content>";

static void ods(const char *dir, const char *file, const char *content)
{
	const struct entry entries[] = {
		{ "mimetype", "application/vnd.oasis.opendocument.spreadsheet" },
		{ "META-INF/manifest.xml", ods_manifest },
		{ "content.xml", content },
	};
	write_zip(dir, file, entries, 3, 1);
}

int main(int argc, char **argv)
{
	const char *dir = argc > 1 ? argv[1] : "tests/data/workbooks";
	char broken[4096];
	size_t len;
	char *data;

	snprintf(broken, sizeof broken, "%s/broken", dir);
	xlsx(dir, "register.xlsx", workbook_1900, sheet_register, shared_strings);
	xlsx(dir, "register-1904.xlsx", workbook_1904, sheet_register_1904, shared_strings);
	ods(dir, "register.ods", ods_content);
	xlsx(dir, "bad-date.xlsx", workbook_1900, sheet_bad_date, shared_strings);

	/* broken ones */
	data = read_bytes(dir, "register.xlsx", &len);
	write_bytes(broken, "truncated.xlsx", data, len * 6 / 10);
	write_bytes(broken, "workbook-named.csv", data, len);
	free(data);
	xlsx(broken, "malformed.xlsx", workbook_1900, sheet_malformed, shared_strings);
	xlsx(broken, "bad-shared-string.xlsx", workbook_1900, sheet_bad_string, shared_strings);
	xlsx(broken, "doctype.xlsx", workbook_1900, sheet_doctype, shared_strings);
	{
		const struct entry notes[] = { { "notes.txt", "Surname,Given names\nKelly,Frank\n" } };
		const struct entry docx[] = {
			{ "[Content_Types].xml", content_types },
			{ "word/document.xml", XML_HEAD "<w:document xmlns:w=\"urn:x\"/>" },
		};
		write_zip(broken, "not-a-workbook.xlsx", notes, 1, 0);
		write_zip(broken, "document.xlsx", docx, 2, 0);
	}
	{
		static const char text[] = "SURNAME,Christian names\nKelly,Frank\n";
		write_bytes(broken, "text-named.xlsx", text, sizeof text - 1);
	}
	return 0;
}
