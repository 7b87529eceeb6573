/*
 * claims_out.c - how sources, citations and claims print, shared by the
 * source, claims, xref and show commands: JSON objects and the short forms
 * of grades and values that tables use.
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

json_t *cite_json(const pt_cite *c)
{
	return json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o}",
		"source", json_text(c->source_key), "source_kind", json_text(c->source_kind),
		"source_title", json_text(c->source_title), "locator", json_text(c->locator),
		"source_quality", json_text(c->source_quality),
		"information", json_text(c->information), "evidence", json_text(c->evidence),
		"confidence", c->confidence >= 0 ? json_integer(c->confidence) : json_null(),
		"quay", c->quay >= 0 ? json_integer(c->quay) : json_null(),
		"notes", json_text(c->notes));
}

static json_t *number_or_null(int has, double v)
{
	if (!has || isinf(v))
		return json_null();
	if (v == floor(v) && fabs(v) < 9e15)
		return json_integer((json_int_t)v);
	return json_real(v);
}

static json_t *strings_json(char **items, size_t count)
{
	json_t *a = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(a, json_string(items[i]));
	return a;
}

json_t *claim_json(const pt_claim *c)
{
	json_t *citations = json_array(), *population = NULL;

	for (size_t i = 0; i < c->citation_count; i++)
		json_array_append_new(citations, cite_json(&c->citations[i]));
	if (c->population)
		population = json_loads(c->population, 0, NULL);
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o, s:s, s:o, s:o, "
			 "s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:b, s:b, s:o}",
		"key", c->key, "question", c->question, "metric", json_text(c->metric),
		"population", population ? population : json_null(), "scope", json_text(c->scope),
		"value", json_text(c->value),
		"value_min", number_or_null(c->has_min, c->value_min),
		"value_max", number_or_null(c->has_max, c->value_max),
		"approximate", c->approximate, "value_text", json_text(c->value_text),
		"reading", c->reading, "fate", json_text(c->fate),
		"allows_min", number_or_null(c->comparable, c->low),
		"allows_max", number_or_null(c->comparable, c->high),
		"date", json_text(c->date), "text", json_text(c->text), "notes", json_text(c->notes),
		"source", c->citation_count ? json_string(c->citations[0].source_key) : json_null(),
		"locator", c->citation_count ? json_text(c->citations[0].locator) : json_null(),
		"citations", citations, "origins", strings_json(c->origins, c->origin_count),
		"independent_origins", (json_int_t)c->independent_origins,
		"has_original", c->has_original, "circular", c->circular,
		"support", json_text(c->support));
}

static json_t *refs_json(const pt_source_ref *refs, size_t count)
{
	json_t *a = json_array();
	for (size_t i = 0; i < count; i++)
		json_array_append_new(a, json_pack("{s:s, s:s, s:o, s:o}", "relation", refs[i].relation,
			"key", refs[i].key, "kind", json_text(refs[i].kind),
			"title", json_text(refs[i].title)));
	return a;
}

json_t *source_json(const pt_source *s)
{
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
			 "s:o, s:o, s:o, s:o, s:o, s:I, s:I}",
		"key", s->key, "kind", s->kind, "title", json_text(s->title),
		"authors", strings_json(s->authors, s->author_count), "date", json_text(s->date),
		"publisher", json_text(s->publisher), "isbn", json_text(s->isbn),
		"url", json_text(s->url), "archive", json_text(s->archive),
		"collection", json_text(s->collection), "series", json_text(s->series),
		"piece", json_text(s->piece), "fond", json_text(s->fond), "opis", json_text(s->opis),
		"delo", json_text(s->delo), "reference", json_text(s->reference),
		"notes", json_text(s->notes), "links", refs_json(s->links, s->link_count),
		"linked_by", refs_json(s->linked_by, s->linked_by_count),
		"citations", (json_int_t)s->citation_count, "claims", (json_int_t)s->claim_count);
}

/* --tolerance PCT: 1 when it matched, -1 on a bad value, 0 otherwise. */
int cli_tolerance_option(struct cli *cli, int argc, char **argv, int *i, double *out)
{
	const char *value = NULL;
	char *end;
	int rc = cli_value_option(cli, argc, argv, i, "tolerance", &value);
	if (rc <= 0)
		return rc;
	*out = strtod(value, &end);
	if (end == value || *end || !(*out >= 0 && *out <= 100)) {
		cli_usage_error(cli, "--tolerance takes a percentage from 0 to 100, not '%s'", value);
		return -1;
	}
	return 1;
}

/* Adds "label  value" to a two-column table, wrapping a long value at
 * spaces into lines of about 76 characters. */
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
		if (value[i] && cut > 0)
			take = cut;
		else if (value[i])
			take = i;
		if (take >= sizeof line)
			take = sizeof line - 1;
		while (take > 0 && ((unsigned char)value[take] & 0xc0) == 0x80)
			take--;
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
