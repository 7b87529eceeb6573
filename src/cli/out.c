/*
 * out.c - output for every command: aligned text tables, CSV (RFC 4180),
 * and JSON documents on standard output. A table cell is shown with its
 * control characters escaped (term.c), newlines and tabs too, so that no
 * value can move the cursor, recolour the terminal or start a line of its
 * own; CSV and JSON keep the data exact, except that a CSV cell a
 * spreadsheet would run as a formula gets a quote in front (--csv-raw: not).
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ---- messages: an error, a usage error ------------------------------------------ */

int cli_error(const char *fmt, ...)
{
	va_list ap;
	fputs("powtrace: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return EXIT_FAIL;
}

int cli_usage_error(const struct cli *cli, const char *fmt, ...)
{
	/* before a command is chosen, the error is the program's own */
	const char *command = cli->command && strcmp(cli->command, "powtrace") ? cli->command : NULL;
	va_list ap;
	fputs("powtrace: ", stderr);
	if (command)
		fprintf(stderr, "%s: ", command);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'powtrace %s%s--help'.\n", command ? command : "", command ? " " : "");
	return EXIT_USAGE;
}

int cli_is_help(const char *arg)
{
	return !strcmp(arg, "--help") || !strcmp(arg, "-h");
}

struct table {
	int columns;
	char **cells;        /* rows * columns, row 0 the headers */
	size_t rows, cap;
};

static char *copy(const char *s)
{
	size_t n = strlen(s ? s : "") + 1;
	char *c = malloc(n);
	if (c)
		memcpy(c, s ? s : "", n);
	return c;
}

struct table *table_new(int columns, const char *const headers[])
{
	struct table *t = calloc(1, sizeof *t);
	if (!t)
		return NULL;
	t->columns = columns;
	if (headers)
		table_add(t, headers);
	return t;
}

static int csv_raw;

void table_csv_raw(int raw)
{
	csv_raw = raw;
}

void table_add(struct table *t, const char *const cells[])
{
	if (!t)
		return;
	if (t->rows == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		char **grown = realloc(t->cells, cap * (size_t)t->columns * sizeof *grown);
		if (!grown)
			return;
		t->cells = grown;
		t->cap = cap;
	}
	for (int c = 0; c < t->columns; c++)
		t->cells[t->rows * (size_t)t->columns + (size_t)c] = copy(cells[c]);
	t->rows++;
}

/* The cells as a person sees them: control characters escaped (term.c). */
static char *shown(const char *cell)
{
	return cli_needs_escape(cell, 0) ? cli_escape(cell, 0) : NULL;
}

/* Display width: code points, not bytes (good enough for Latin and Cyrillic). */
static size_t width(const char *s)
{
	size_t w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xc0) != 0x80;
	return w;
}

static int fit_width;   /* 0: no limit */

void table_fit_width(int columns)
{
	fit_width = columns > 0 ? columns : 0;
}

/* Narrows the widest columns, one character at a time, until the table fits
 * in `limit` characters or every column is down to its least width: its
 * header's, and at least 10 (a date), or its own when that is less. The
 * narrow columns (ids, codes, dates) stay whole; the long ones (names,
 * titles, places) give way. */
static void fit(size_t *widths, const size_t *least, int columns, size_t indent, size_t limit)
{
	size_t total = indent;
	for (int c = 0; c < columns; c++)
		total += widths[c] + (c ? 2 : 0);
	while (total > limit) {
		int widest = -1;
		for (int c = 0; c < columns; c++)
			if (widths[c] > least[c] && (widest < 0 || widths[c] > widths[widest]))
				widest = c;
		if (widest < 0)
			return;
		widths[widest]--;
		total--;
	}
}

/* Writes cell, cut to `room` characters with "…" when it is longer. */
static void put_cell(FILE *f, const char *cell, size_t room)
{
	size_t w = width(cell), chars = 0;
	const char *p = cell;
	if (w <= room) {
		fputs(cell, f);
		return;
	}
	for (; *p; p++) {
		if (((unsigned char)*p & 0xc0) != 0x80 && ++chars == room)
			break;   /* p starts the character that "…" takes the place of */
	}
	fwrite(cell, 1, (size_t)(p - cell), f);
	fputs("\xe2\x80\xa6", f);   /* … */
}

void table_print(struct table *t, FILE *f, const char *indent)
{
	size_t *widths, *least;
	if (!t)
		return;
	widths = calloc(2 * (size_t)t->columns, sizeof *widths);
	if (!widths)
		return;
	least = widths + t->columns;
	for (size_t i = 0; i < t->rows * (size_t)t->columns; i++) {
		char *escaped = shown(t->cells[i]);
		if (escaped) {
			free(t->cells[i]);
			t->cells[i] = escaped;
		}
	}
	for (size_t r = 0; r < t->rows; r++)
		for (int c = 0; c < t->columns; c++) {
			size_t w = width(t->cells[r * (size_t)t->columns + (size_t)c]);
			if (w > widths[c])
				widths[c] = w;
		}
	for (int c = 0; c < t->columns && t->rows; c++) {
		size_t header = width(t->cells[c]);
		least[c] = header > 10 ? header : 10;
		if (least[c] > widths[c])
			least[c] = widths[c];
	}
	if (fit_width) {
		fit(widths, least, t->columns, width(indent), (size_t)fit_width);
		/* still too wide: every column gives way, headers too, down to 4 */
		for (int c = 0; c < t->columns; c++)
			least[c] = widths[c] < 4 ? widths[c] : 4;
		fit(widths, least, t->columns, width(indent), (size_t)fit_width);
	}
	for (size_t r = 0; r < t->rows; r++) {
		const char *const *row = (const char *const *)&t->cells[r * (size_t)t->columns];
		int last = t->columns - 1;
		while (last > 0 && !*row[last])   /* no spaces after the last words */
			last--;
		fputs(indent, f);
		for (int c = 0; c <= last; c++) {
			put_cell(f, row[c], widths[c]);
			if (c < last)
				for (size_t pad = width(row[c]) < widths[c] ? width(row[c]) : widths[c];
				     pad < widths[c] + 2; pad++)
					fputc(' ', f);
		}
		fputc('\n', f);
	}
	free(widths);
}

/* A number as a spreadsheet reads one ("-12", "+3.5", "-0.25"): no formula. */
static int plain_number(const char *s)
{
	int digits = 0, dot = 0;
	if (*s == '-' || *s == '+')
		s++;
	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digits++;
		else if (*s == '.' && !dot)
			dot = 1;
		else
			return 0;
	}
	return digits > 0;
}

/* Whether a spreadsheet would take the cell for a formula (OWASP's "CSV
 * injection": = + - @, and a tab or CR before them). */
static int formula_like(const char *s)
{
	return (*s == '=' || *s == '+' || *s == '-' || *s == '@' || *s == '\t' || *s == '\r') &&
	       !plain_number(s);
}

static void csv_cell(FILE *f, const char *s)
{
	int guard = !csv_raw && formula_like(s);
	if (!strpbrk(s, ",\"\r\n")) {
		if (guard)
			fputc('\'', f);
		fputs(s, f);
		return;
	}
	fputc('"', f);
	if (guard)
		fputc('\'', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void table_print_csv(struct table *t, FILE *f)
{
	if (!t)
		return;
	if (f == stdout)
		f = cli_data_out(); /* the data exactly (term.c) */
	for (size_t r = 0; r < t->rows; r++) {
		for (int c = 0; c < t->columns; c++) {
			if (c)
				fputc(',', f);
			csv_cell(f, t->cells[r * (size_t)t->columns + (size_t)c]);
		}
		fputs("\r\n", f);
	}
}

void table_free(struct table *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->rows * (size_t)t->columns; i++)
		free(t->cells[i]);
	free(t->cells);
	free(t);
}

int json_print(json_t *doc)
{
	FILE *out = cli_data_out();
	int rc;
	if (!doc) /* (jansson refuses what is not UTF-8; the library repairs it) */
		return cli_output_failed("cannot build the JSON output");
	rc = json_dumpf(doc, out, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	fputc('\n', out);
	return rc;
}

static int output_failed;

int cli_output_failed(const char *what)
{
	cli_error("%s", what);
	output_failed = 1;
	return -1;
}

int cli_output_ok(void)
{
	return !output_failed;
}

json_t *json_text(const char *s)
{
	json_t *j;
	char *escaped;
	if (!s)
		return json_null();
	if ((j = json_string(s)))
		return j;
	/* not UTF-8: shown escaped rather than dropped (the library repairs
	 * what it reads; this is for text from anywhere else) */
	if (!(escaped = cli_escape(s, 1)))
		return NULL;
	j = json_string(escaped);
	free(escaped);
	return j;
}

/* Adds "label  value" to a two-column table, wrapping a long value at
 * spaces into lines of about WRAP characters, never inside a character. */
#define WRAP 76
void cli_field(struct table *t, const char *label, const char *value)
{
	char line[WRAP * 4 + 8];
	if (!value || !*value)
		return;
	while (*value) {
		size_t take = strlen(value), chars = 0, cut = 0, i;
		const char *cells[2];
		for (i = 0; value[i] && chars < WRAP; i++) {
			chars += ((unsigned char)value[i] & 0xc0) != 0x80;
			if (value[i] == ' ')
				cut = i;
		}
		while (((unsigned char)value[i] & 0xc0) == 0x80)
			i++; /* the last character whole */
		if (value[i] && cut > 0)
			take = cut;
		else if (value[i])
			take = i;
		if (take >= sizeof line)
			take = sizeof line - 1;
		while (take > 0 && ((unsigned char)value[take] & 0xc0) == 0x80)
			take--; /* bad UTF-8 longer than the line */
		memcpy(line, value, take);
		line[take] = '\0';
		cells[0] = label;
		cells[1] = line;
		table_add(t, cells);
		label = "";
		value += take;
		while (*value == ' ')
			value++;
	}
}

/* "Surname, Given", or whichever of the two there is; NULL when out of memory. */
char *cli_join_name(const char *surname, const char *given)
{
	size_t n = strlen(or_empty(surname)) + strlen(or_empty(given)) + 3;
	char *s = malloc(n);
	if (!s)
		return NULL;
	if (surname && given)
		snprintf(s, n, "%s, %s", surname, given);
	else
		snprintf(s, n, "%s", surname ? surname : or_empty(given));
	return s;
}
