/*
 * cmd_show.c - `powtrace show ID`: one person's dossier, as a readable page
 * or as one JSON object.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char help_show[] =
	"usage: powtrace [--db FILE] show [--format table|json] ID\n\n"
	"Prints the dossier of person ID: every form of the name as the records give\n"
	"it, the timeline of events with dates, camps and places, the citations with\n"
	"their sources, and the case status with the reason for it.\n\n"
	"Status is derived from the events, never typed in:\n"
	"  returned     a repatriation or return is recorded\n"
	"  died         a death or burial is recorded\n"
	"  unaccounted  the last event leaves the person in captivity or in transit\n"
	"               (capture, internment, transfer, liberation, handover, release,\n"
	"               sighting, last seen) and nothing later says they came home or died\n"
	"  conflicting  the records disagree on the fate (returned and died)\n"
	"  unknown      no event that bears on fate\n\n"
	"When the status is conflicting, the dossier ends with the competing events (the\n"
	"returns against the deaths), each with its sources, locators and grades\n"
	"(\"competing_events\" in JSON).\n";

/* Cuts a UTF-8 string to at most `chars` characters, ending it with "...)"
 * when cut, so that a long source title does not widen the whole table. */
#define TITLE_MAX 64
static void shorten(char *s, size_t chars)
{
	size_t count = 0, i;
	for (i = 0; s[i]; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80 && ++count > chars - 4)
			break;
	if (!s[i] || strlen(s + i) <= 4)
		return;
	memcpy(s + i, "...)", 5);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

static char *join_name(const char *surname, const char *given)
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

/* Adds "label  value", wrapping a long value at spaces into lines of about
 * WRAP characters. */
#define WRAP 76
static void field(struct table *t, const char *label, const char *value)
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
			i++; /* never cut a character in two */
		if (value[i] && cut > 0)
			take = cut;
		else if (value[i])
			take = i;
		if (take >= sizeof line)
			take = sizeof line - 1;
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

static void print_person(const pt_person *p)
{
	static const char *const name_headers[] = { "#", "surname", "given names", "script", "" };
	static const char *const event_headers[] = { "#", "event", "date", "camp / place", "details" };
	static const char *const cite_headers[] = { "#", "source", "locator", "supports", "grade" };
	char *name = join_name(p->surname, p->given_names), record[512], born[512];
	struct table *t = table_new(2, NULL);

	printf("Person %lld: %s\n", (long long)p->id, name && *name ? name : "(no name)");
	free(name);
	snprintf(record, sizeof record, "%s%s%s", or_empty(p->record_source),
		 p->record_source && *p->record_source ? " / " : "", or_empty(p->record_id));
	snprintf(born, sizeof born, "%s%s%s", or_empty(p->birth_date),
		 p->birth_date && p->birth_place ? ", " : "", or_empty(p->birth_place));
	field(t, "status", pt_status_name(p->status));
	field(t, "why", p->status_reason);
	field(t, "record", record);
	field(t, "sex", p->sex);
	field(t, "nationality", p->nationality);
	field(t, "born", born);
	field(t, "service", p->service);
	field(t, "service no.", p->service_number);
	field(t, "rank", p->rank);
	field(t, "unit", p->unit);
	field(t, "notes", p->notes);
	table_print(t, stdout, "  ");
	table_free(t);

	printf("\nNames\n");
	t = table_new(5, name_headers);
	for (size_t i = 0; i < p->name_count; i++) {
		char seq[24];
		const char *cells[5];
		snprintf(seq, sizeof seq, "%zu", i + 1);
		cells[0] = seq;
		cells[1] = or_empty(p->names[i].surname);
		cells[2] = or_empty(p->names[i].given_names);
		cells[3] = or_empty(p->names[i].script);
		cells[4] = p->names[i].is_primary ? "primary" : "";
		table_add(t, cells);
	}
	table_print(t, stdout, "  ");
	table_free(t);

	printf("\nEvents\n");
	if (!p->event_count)
		printf("  (none recorded)\n");
	t = table_new(5, event_headers);
	for (size_t i = 0; i < p->event_count && p->event_count; i++) {
		const pt_event *e = &p->events[i];
		char seq[24], where[1024], details[2048], date[1200];
		const char *cells[5];
		snprintf(seq, sizeof seq, "%zu", i + 1);
		snprintf(where, sizeof where, "%s%s%s", or_empty(e->camp),
			 e->camp && e->place ? ", " : "", or_empty(e->place));
		snprintf(details, sizeof details, "%s%s%s%s%s%s%s",
			 e->agent ? "by " : "", or_empty(e->agent),
			 e->agent && (e->operation || e->notes) ? "; " : "",
			 or_empty(e->operation), e->operation && e->notes ? "; " : "",
			 or_empty(e->notes),
			 e->date_original ? "" : "");
		cells[0] = seq;
		cells[1] = e->type;
		cells[2] = e->date ? e->date : "?";
		if (e->date_original && (!e->date || strcmp(e->date_original, e->date))) {
			/* the date as the record wrote it, beside the EDTF */
			snprintf(date, sizeof date, "%s (\"%s\")", e->date ? e->date : "?",
				 e->date_original);
			cells[2] = date;
		}
		cells[3] = where;
		cells[4] = details;
		table_add(t, cells);
	}
	if (p->event_count)
		table_print(t, stdout, "  ");
	table_free(t);

	printf("\nCitations\n");
	if (!p->citation_count)
		printf("  (none)\n");
	t = table_new(5, cite_headers);
	for (size_t i = 0; i < p->citation_count; i++) {
		const pt_citation *c = &p->citations[i];
		char seq[24], source[1024], grade[256];
		const char *cells[5];
		snprintf(seq, sizeof seq, "%zu", i + 1);
		snprintf(source, sizeof source, "%s%s%s%s", c->source_key,
			 c->source_title ? " (" : "", or_empty(c->source_title),
			 c->source_title ? ")" : "");
		shorten(source, TITLE_MAX);
		snprintf(grade, sizeof grade, "%s%s%s%s%s", or_empty(c->source_quality),
			 c->source_quality && c->information ? "/" : "", or_empty(c->information),
			 (c->source_quality || c->information) && c->evidence ? "/" : "",
			 or_empty(c->evidence));
		cells[0] = seq;
		cells[1] = source;
		cells[2] = or_empty(c->locator);
		cells[3] = or_empty(c->target);
		cells[4] = grade;
		table_add(t, cells);
	}
	if (p->citation_count)
		table_print(t, stdout, "  ");
	table_free(t);
}

static void print_competing(const pt_fate_events *f)
{
	static const char *const headers[] = {
		"#", "event", "date", "camp / place", "fate", "source", "locator", "grade",
	};
	struct table *t = table_new(8, headers);
	printf("\nCompeting events (the records disagree on the fate)\n");
	for (size_t i = 0; i < f->count; i++) {
		const pt_fate_event *e = &f->items[i];
		char seq[24], where[1024], grade[160];
		const char *cells[8];
		snprintf(seq, sizeof seq, "%d", e->seq);
		snprintf(where, sizeof where, "%s%s%s", or_empty(e->camp), e->camp && e->place ? ", " : "",
			 or_empty(e->place));
		cells[0] = seq;
		cells[1] = e->type;
		cells[2] = e->date ? e->date : "?";
		cells[3] = where;
		cells[4] = e->fate;
		for (size_t k = 0; k < (e->citation_count ? e->citation_count : 1); k++) {
			const pt_cite *c = e->citation_count ? &e->citations[k] : NULL;
			cells[5] = c ? c->source_key : "(no source)";
			cells[6] = c ? or_empty(c->locator) : "";
			cells[7] = c ? cite_grade(c, grade, sizeof grade) : "";
			table_add(t, cells);
			cells[0] = cells[1] = cells[2] = cells[3] = cells[4] = "";
		}
	}
	table_print(t, stdout, "  ");
	table_free(t);
}

static void print_provenance(const pt_person *p)
{
	struct table *t;
	char from[1200], first[64];
	json_t *extra = NULL, *value;
	json_error_t err;
	const char *key;

	if (!p->batch_id && !p->extra && !p->birth_date_original)
		return;
	printf("\nProvenance\n");
	t = table_new(2, NULL);
	if (p->batch_id) {
		snprintf(from, sizeof from, "import batch %lld (%s), line %ld; its names and events too",
			 (long long)p->batch_id, or_empty(p->batch_file), p->batch_line);
		field(t, "from", from);
		if (p->first_batch_id && p->first_batch_id != p->batch_id) {
			snprintf(first, sizeof first, "import batch %lld", (long long)p->first_batch_id);
			field(t, "first from", first);
		}
	}
	field(t, "born, as written", p->birth_date_original);
	if (p->extra && (extra = json_loads(p->extra, 0, &err))) {
		json_object_foreach(extra, key, value) {
			char line[1200];
			char *dumped = json_is_string(value) ? NULL : json_dumps(value, JSON_ENCODE_ANY);
			snprintf(line, sizeof line, "%s: %s", key,
				 dumped ? dumped : or_empty(json_string_value(value)));
			free(dumped);
			field(t, "kept column", line);
		}
		json_decref(extra);
	}
	table_print(t, stdout, "  ");
	table_free(t);
}

int cmd_show(struct cli *cli, int argc, char **argv)
{
	enum output_format format = OUT_TABLE;
	const char *id_text = NULL;
	pt_person *person = NULL;
	pt_fate_events *competing = NULL;
	long long id;
	char *end;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '-' && argv[i][1]) {
			if ((rc = cli_format_option(cli, argc, argv, &i, &format)) < 0)
				return EXIT_USAGE;
			if (rc == 0)
				return cli_usage_error(cli, "unknown option '%s'", argv[i]);
			continue;
		}
		if (id_text)
			return cli_usage_error(cli, "give one person id");
		id_text = argv[i];
	}
	if (!id_text)
		return cli_usage_error(cli, "give the id of a person");
	if (format == OUT_CSV)
		return cli_usage_error(cli, "a dossier prints as table or json, not csv");
	errno = 0;
	id = strtoll(id_text, &end, 10);
	if (errno || *end || end == id_text || id <= 0)
		return cli_usage_error(cli, "'%s' is not a person id (a positive number)", id_text);
	rc = pt_person_get(cli->db, id, &person);
	if (rc)
		return cli_error("%s", pt_db_errmsg(cli->db));
	/* when the records disagree on the fate: what competes, on what evidence */
	if (person->status == PT_STATUS_CONFLICTING &&
	    pt_person_fate_events(cli->db, person->id, &competing)) {
		pt_person_free(person);
		return cli_error("%s", pt_db_errmsg(cli->db));
	}
	if (format == OUT_JSON) {
		json_t *doc = render_person(person, competing);
		rc = cli_research_json(cli, person->id, doc);   /* research_out.c */
		if (rc == EXIT_OK)
			json_print(doc);
		json_decref(doc);
	} else {
		print_person(person);
		print_provenance(person);
		if (competing)
			print_competing(competing);
		rc = cli_research_print(cli, person->id);       /* research_out.c */
	}
	pt_fate_events_free(competing);
	pt_person_free(person);
	return rc;
}
