/*
 * claims_out.c - how sources, citations and claims print in tables, shared
 * by the source, claims, xref and show commands: the short forms of grades
 * and values, wrapped fields, and JSON arrays streamed element by element
 * (the JSON objects themselves are src/render/'s).
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* "original/primary/direct, confidence 3 (QUAY 3)"; "" when not graded. */
const char *cite_grade(const pt_cite *c, char *buf, size_t size)
{
	size_t n = 0;
	const char *parts[3] = { c->source_quality, c->information, c->evidence };
	buf[0] = '\0';
	for (int i = 0; i < 3; i++)
		if (parts[i] && n < size)
			n += (size_t)snprintf(buf + n, size - n, "%s%s", n ? "/" : "", parts[i]);
	if (c->confidence >= 0 && n < size)
		snprintf(buf + n, size - n, "%sconfidence %d (QUAY %d)", n ? ", " : "",
			 c->confidence, c->quay);
	return buf;
}

/* --tolerance PCT: 1 when it matched, -1 on a bad value, 0 otherwise. */
int cli_tolerance_option(struct cli *cli, int argc, char **argv, int *i, double *out)
{
	const char *value = NULL;
	int rc = cli_value_option(cli, argc, argv, i, "tolerance", &value);
	if (rc <= 0)
		return rc;
	return cli_tolerance_value(cli, value, out) ? -1 : 1;
}

/* The value of --tolerance: 0, or -1 after the usage error. */
int cli_tolerance_value(struct cli *cli, const char *value, double *out)
{
	char *end;
	*out = strtod(value, &end);
	if (end == value || *end || !(*out >= 0 && *out <= 100)) {
		cli_usage_error(cli, "--tolerance takes a percentage from 0 to 100, not '%s'", value);
		return -1;
	}
	return 0;
}

/* "23,500" for 23500, "2.5", "inf". */
void cli_number(double value, char *buf, size_t size)
{
	if (isinf(value)) {
		snprintf(buf, size, "%s", value < 0 ? "-inf" : "inf");
	} else if (value == floor(value) && fabs(value) < 1e15) {
		char digits[32];
		long long v = (long long)value;
		size_t n, used = 0;
		snprintf(digits, sizeof digits, "%lld", v < 0 ? -v : v);
		n = strlen(digits);
		if (v < 0 && used + 1 < size)
			buf[used++] = '-';
		for (size_t i = 0; i < n && used + 2 < size; i++) {
			buf[used++] = digits[i];
			if ((n - i - 1) % 3 == 0 && i + 1 < n)
				buf[used++] = ',';
		}
		buf[used] = '\0';
	} else {
		snprintf(buf, size, "%.6g", value);
	}
}

/* A JSON array written one element at a time, formatted exactly as
 * json_print() formats the whole array, so that a long list is never held
 * in memory as one document. Takes the reference to item. */
void json_stream_item(struct json_stream *s, json_t *item)
{
	char *text = item ? json_dumps(item, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	FILE *out = cli_data_out();
	fputs(s->count ? ",\n  " : "[\n  ", out);
	for (const char *p = text ? text : "null"; *p; p++) {
		fputc(*p, out);
		if (*p == '\n') /* strings escape their newlines: this one is layout */
			fputs("  ", out);
	}
	free(text);
	json_decref(item);
	s->count++;
}

void json_stream_end(struct json_stream *s)
{
	fputs(s->count ? "\n]\n" : "[]\n", cli_data_out());
}
