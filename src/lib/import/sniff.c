/*
 * sniff.c - what a file is, from its first bytes and its name: the formats
 * the importer reads (CSV, JSON, JSON Lines, .xlsx, .ods, .xls) and the
 * ones people give it by mistake (a PDF, a picture, an archive, a web page
 * saved as ".xls"), so that a file whose content is not what its name says
 * is refused with a message that names what it is.
 */
#include <string.h>

#include "import/sheet.h"

static int has_suffix(const char *name, const char *suffix)
{
	size_t n = strlen(name), k = strlen(suffix);
	if (n < k)
		return 0;
	for (size_t i = 0; i < k; i++) {
		char c = name[n - k + i];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c != suffix[i])
			return 0;
	}
	return 1;
}

pt_format pt__format_of_name(const char *name)
{
	if (has_suffix(name, ".jsonl") || has_suffix(name, ".ndjson"))
		return PT_FORMAT_JSONL;
	if (has_suffix(name, ".json"))
		return PT_FORMAT_JSON;
	if (has_suffix(name, ".csv") || has_suffix(name, ".tsv") || has_suffix(name, ".tab"))
		return PT_FORMAT_CSV;
	if (has_suffix(name, ".xlsx") || has_suffix(name, ".xlsm"))
		return PT_FORMAT_XLSX;
	if (has_suffix(name, ".ods"))
		return PT_FORMAT_ODS;
	if (has_suffix(name, ".xls"))
		return PT_FORMAT_XLS;
	return PT_FORMAT_AUTO;
}

const char *pt__format_label(pt_format format)
{
	switch (format) {
	case PT_FORMAT_CSV:  return "CSV";
	case PT_FORMAT_JSON: return "JSON";
	case PT_FORMAT_JSONL: return "JSON Lines";
	case PT_FORMAT_XLSX: return "an Excel workbook (.xlsx)";
	case PT_FORMAT_ODS:  return "an OpenDocument spreadsheet (.ods)";
	case PT_FORMAT_XLS:  return "an Excel 97-2003 workbook (.xls)";
	default:             return "a file powtrace reads";
	}
}

int pt__format_is_workbook(pt_format format)
{
	return format == PT_FORMAT_XLSX || format == PT_FORMAT_ODS || format == PT_FORMAT_XLS;
}

static int starts(const char *s, size_t len, const char *magic, size_t n)
{
	return len >= n && !memcmp(s, magic, n);
}

/* text starts with `word` (ASCII, case ignored) after white space */
static int text_starts(const char *s, size_t len, const char *word)
{
	size_t i = 0, k = strlen(word);
	if (len >= 3 && !memcmp(s, "\xef\xbb\xbf", 3))
		i = 3;
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n'))
		i++;
	if (len - i < k)
		return 0;
	for (size_t j = 0; j < k; j++) {
		char c = s[i + j];
		if (c >= 'A' && c <= 'Z')
			c = (char)(c + 32);
		if (c != word[j])
			return 0;
	}
	return 1;
}

static int contains(const char *s, size_t len, const char *needle)
{
	size_t n = strlen(needle);
	for (size_t i = 0; i + n <= len; i++)
		if (!memcmp(s + i, needle, n))
			return 1;
	return 0;
}

enum pt__content pt__sniff(const char *s, size_t len, const char **what)
{
	static const struct { const char *magic; size_t len; const char *what; } binary[] = {
		{ "%PDF-", 5, "a PDF document" },
		{ "\x89PNG\r\n\x1a\n", 8, "a PNG image" },
		{ "\xff\xd8\xff", 3, "a JPEG image" },
		{ "GIF8", 4, "a GIF image" },
		{ "II*\0", 4, "a TIFF image" },
		{ "MM\0*", 4, "a TIFF image" },
		{ "\x1f\x8b", 2, "a gzip archive (unpack it first)" },
		{ "BZh", 3, "a bzip2 archive (unpack it first)" },
		{ "\xfd" "7zXZ\0", 6, "an xz archive (unpack it first)" },
		{ "7z\xbc\xaf\x27\x1c", 6, "a 7-Zip archive (unpack it first)" },
		{ "Rar!\x1a\x07", 6, "a RAR archive (unpack it first)" },
		{ "SQLite format 3\0", 16, "an SQLite database" },
		{ "{\\rtf", 5, "a Rich Text document (.rtf)" },
		{ "\x00\x00\x00\x0c" "jP", 6, "a JPEG 2000 image" },
	};
	*what = NULL;
	if (starts(s, len, "PK\x03\x04", 4) || starts(s, len, "PK\x05\x06", 4)) {
		*what = "a zip archive";
		return PT__CONTENT_ZIP;
	}
	if (starts(s, len, "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", 8)) {
		*what = "an Office 97-2003 file (.xls, .doc)";
		return PT__CONTENT_OLE2;
	}
	for (size_t i = 0; i < sizeof binary / sizeof *binary; i++)
		if (starts(s, len, binary[i].magic, binary[i].len)) {
			*what = binary[i].what;
			return PT__CONTENT_OTHER;
		}
	/* text: say what kind when it is something a workbook is often
	 * mistaken for */
	if (text_starts(s, len, "<!doctype html") || text_starts(s, len, "<html") ||
	    text_starts(s, len, "<table"))
		*what = "a web page (HTML), as some programs write \".xls\" files; open it in a "
			"spreadsheet program and save it as .xlsx or .csv";
	else if (text_starts(s, len, "<?xml") &&
		 contains(s, len > 4096 ? 4096 : len, "urn:schemas-microsoft-com:office:spreadsheet"))
		*what = "an Excel 2003 XML spreadsheet; save it as .xlsx";
	else if (text_starts(s, len, "<?xml") || text_starts(s, len, "<"))
		*what = "XML text";
	else if (text_starts(s, len, "{") || text_starts(s, len, "["))
		*what = "JSON text";
	else
		*what = "text (CSV?)";
	return PT__CONTENT_TEXT;
}
