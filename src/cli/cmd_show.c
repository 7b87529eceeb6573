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
	"A person is a man: ID is the id of any of his records (or his own, which is\n"
	"one of them). When links (powtrace link) join several records, the dossier\n"
	"shows his records side by side, where they disagree, the names of every\n"
	"record, one timeline of all their events (each with its record and source),\n"
	"and the status derived from all of them (\"records\" and \"disagreements\"\n"
	"in JSON).\n\n"
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

/* The cells of an event that both dossiers show: its date (with the date as
 * the record wrote it, beside the EDTF), where, and what else it says. */
struct event_text {
	char where[1024], details[2048], date_buf[1200];
	const char *date;
};

static void event_text(const pt_event *e, struct event_text *out)
{
	snprintf(out->where, sizeof out->where, "%s%s%s", or_empty(e->camp),
		 e->camp && e->place ? ", " : "", or_empty(e->place));
	snprintf(out->details, sizeof out->details, "%s%s%s%s%s%s",
		 e->agent ? "by " : "", or_empty(e->agent),
		 e->agent && (e->operation || e->notes) ? "; " : "",
		 or_empty(e->operation), e->operation && e->notes ? "; " : "",
		 or_empty(e->notes));
	out->date = e->date ? e->date : "?";
	if (e->date_original && (!e->date || strcmp(e->date_original, e->date))) {
		snprintf(out->date_buf, sizeof out->date_buf, "%s (\"%s\")", out->date,
			 e->date_original);
		out->date = out->date_buf;
	}
}

/* A citation's source ("key (title)") and grade ("quality/information/evidence"). */
static void citation_text(const pt_citation *c, char *source, size_t source_size, char *grade,
			  size_t grade_size)
{
	snprintf(source, source_size, "%s%s%s%s", c->source_key, c->source_title ? " (" : "",
		 or_empty(c->source_title), c->source_title ? ")" : "");
	snprintf(grade, grade_size, "%s%s%s%s%s", or_empty(c->source_quality),
		 c->source_quality && c->information ? "/" : "", or_empty(c->information),
		 (c->source_quality || c->information) && c->evidence ? "/" : "",
		 or_empty(c->evidence));
}

static void print_person(pt_db *db, const pt_person *p)
{
	static const char *const name_headers[] = { "#", "surname", "given names", "script", "" };
	static const char *const event_headers[] = { "#", "event", "date", "camp / place", "details" };
	static const char *const cite_headers[] = { "#", "source", "locator", "supports", "grade" };
	char *name = render_name_text(db, p->surname, p->given_names, p->names, p->name_count);
	char record[512], born[512];
	struct table *t = table_new(2, NULL);

	printf("Person %lld: %s\n", (long long)p->id, name ? name : "(no name)");
	free(name);
	snprintf(record, sizeof record, "%s%s%s", or_empty(p->record_source),
		 p->record_source && *p->record_source ? " / " : "", or_empty(p->record_id));
	snprintf(born, sizeof born, "%s%s%s", or_empty(p->birth_date),
		 p->birth_date && p->birth_place ? ", " : "", or_empty(p->birth_place));
	cli_field(t, "status", pt_status_name(p->status));
	cli_field(t, "why", p->status_reason);
	cli_field(t, "record", record);
	cli_field(t, "sex", p->sex);
	cli_field(t, "nationality", p->nationality);
	cli_field(t, "born", born);
	cli_field(t, "service", p->service);
	cli_field(t, "service no.", p->service_number);
	cli_field(t, "rank", p->rank);
	cli_field(t, "unit", p->unit);
	cli_field(t, "notes", p->notes);
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
		struct event_text text;
		char seq[24];
		const char *cells[5];
		snprintf(seq, sizeof seq, "%zu", i + 1);
		event_text(e, &text);
		cells[0] = seq;
		cells[1] = e->type;
		cells[2] = text.date;
		cells[3] = text.where;
		cells[4] = text.details;
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
		citation_text(c, source, sizeof source, grade, sizeof grade);
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

/* The events that compete for the fate; `record` names the record they are
 * in when the man has several (0: one record). */
static void print_competing(const pt_fate_events *f, long long record)
{
	static const char *const headers[] = {
		"#", "event", "date", "camp / place", "fate", "source", "locator", "grade",
	};
	struct table *t = table_new(8, headers);
	if (record)
		printf("\nCompeting events of record %lld\n", record);
	else
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
		cli_field(t, "from", from);
		if (p->first_batch_id && p->first_batch_id != p->batch_id) {
			snprintf(first, sizeof first, "import batch %lld", (long long)p->first_batch_id);
			cli_field(t, "first from", first);
		}
	}
	cli_field(t, "born, as written", p->birth_date_original);
	if (p->extra && (extra = json_loads(p->extra, 0, &err))) {
		json_object_foreach(extra, key, value) {
			char line[1200];
			char *dumped = json_is_string(value) ? NULL : json_dumps(value, JSON_ENCODE_ANY);
			snprintf(line, sizeof line, "%s: %s", key,
				 dumped ? dumped : or_empty(json_string_value(value)));
			free(dumped);
			cli_field(t, "kept column", line);
		}
		json_decref(extra);
	}
	table_print(t, stdout, "  ");
	table_free(t);
}

/* ---- a man of several records ------------------------------------------------ */

static void print_man(pt_db *db, const pt_individual *d)
{
	static const char *const name_headers[] = { "#", "surname", "given names", "script", "record", "" };
	static const char *const event_headers[] = {
		"#", "event", "date", "camp / place", "record", "details",
	};
	static const char *const cite_headers[] = { "#", "source", "locator", "supports", "grade" };
	static const char *const labels[] = {
		"source", "record id", "name", "sex", "nationality", "born", "service",
		"service no.", "rank", "unit", "status",
	};
	const pt_person *a = d->records[d->anchor];
	char *name = render_name_text(db, a->surname, a->given_names, a->names, a->name_count);
	const char **headers = calloc(d->record_count + 1, sizeof *headers);
	char (*ids)[32] = calloc(d->record_count, sizeof *ids);
	struct table *t;

	for (size_t r = 0; !name && r < d->record_count; r++)   /* a name of any record */
		name = render_name_text(db, NULL, NULL, d->records[r]->names,
					d->records[r]->name_count);
	printf("Person %lld: %s (%zu records)\n", (long long)d->id, name ? name : "(no name)",
	       d->record_count);
	free(name);
	t = table_new(2, NULL);
	cli_field(t, "status", pt_status_name(d->status));
	cli_field(t, "why", d->status_reason);
	table_print(t, stdout, "  ");
	table_free(t);

	/* the records side by side: one column each, a row per field any gives */
	printf("\nRecords\n");
	if (!headers || !ids) {
		free(headers);
		free(ids);
		return;
	}
	headers[0] = "";
	for (size_t r = 0; r < d->record_count; r++) {
		snprintf(ids[r], sizeof ids[r], "record %lld", (long long)d->records[r]->id);
		headers[r + 1] = ids[r];
	}
	t = table_new((int)d->record_count + 1, headers);
	for (size_t l = 0; l < sizeof labels / sizeof *labels; l++) {
		const char **cells = calloc(d->record_count + 1, sizeof *cells);
		char **owned = calloc(d->record_count, sizeof *owned);
		int any = 0;
		if (!cells || !owned) {
			free(cells);
			free(owned);
			break;
		}
		cells[0] = labels[l];
		for (size_t r = 0; r < d->record_count; r++) {
			const pt_person *p = d->records[r];
			const char *v = NULL;
			switch (l) {
			case 0: v = p->record_source; break;
			case 1: v = p->record_id; break;
			case 2: v = owned[r] = cli_join_name(p->surname, p->given_names); break;
			case 3: v = p->sex; break;
			case 4: v = p->nationality; break;
			case 5:
				if (p->birth_date || p->birth_place) {
					size_t n = strlen(or_empty(p->birth_date)) + strlen(or_empty(p->birth_place)) + 3;
					if ((owned[r] = malloc(n)))
						snprintf(owned[r], n, "%s%s%s", or_empty(p->birth_date),
							 p->birth_date && p->birth_place ? ", " : "",
							 or_empty(p->birth_place));
					v = owned[r];
				}
				break;
			case 6: v = p->service; break;
			case 7: v = p->service_number; break;
			case 8: v = p->rank; break;
			case 9: v = p->unit; break;
			default: v = pt_status_name(p->status); break;
			}
			cells[r + 1] = v ? v : "";
			any |= v && *v;
		}
		if (any)
			table_add(t, cells);
		for (size_t r = 0; r < d->record_count; r++)
			free(owned[r]);
		free(owned);
		free(cells);
	}
	table_print(t, stdout, "  ");
	table_free(t);
	free(headers);
	free(ids);

	printf("\nWhere the records disagree\n");
	if (!d->disagreement_count)
		printf("  (nowhere)\n");
	t = table_new(2, NULL);
	for (size_t i = 0; i < d->disagreement_count; i++) {
		const pt_disagreement *g = &d->disagreements[i];
		char line[2048];
		size_t used = 0;
		line[0] = '\0';
		for (size_t k = 0; k < g->value_count && used < sizeof line; k++) {
			used += (size_t)snprintf(line + used, sizeof line - used, "%s%s (record%s ",
						 k ? "; " : "", g->values[k].value,
						 g->values[k].record_count > 1 ? "s" : "");
			for (size_t r = 0; r < g->values[k].record_count && used < sizeof line; r++)
				used += (size_t)snprintf(line + used, sizeof line - used, "%s%lld",
							 r ? ", " : "",
							 (long long)d->records[g->values[k].records[r]]->id);
			if (used < sizeof line)
				used += (size_t)snprintf(line + used, sizeof line - used, ")");
		}
		cli_field(t, g->field, line);
	}
	if (d->disagreement_count)
		table_print(t, stdout, "  ");
	table_free(t);

	printf("\nNames\n");
	t = table_new(6, name_headers);
	for (size_t i = 0; i < d->name_count; i++) {
		const pt_person *p = d->records[d->names[i].record];
		const pt_name *n = &p->names[d->names[i].index];
		char seq[24], rec[24];
		const char *cells[6];
		snprintf(seq, sizeof seq, "%zu", i + 1);
		snprintf(rec, sizeof rec, "%lld", (long long)p->id);
		cells[0] = seq;
		cells[1] = or_empty(n->surname);
		cells[2] = or_empty(n->given_names);
		cells[3] = or_empty(n->script);
		cells[4] = rec;
		cells[5] = n->is_primary ? "primary" : "";
		table_add(t, cells);
	}
	table_print(t, stdout, "  ");
	table_free(t);

	printf("\nEvents, all records in one timeline\n");
	if (!d->timeline_count)
		printf("  (none recorded)\n");
	t = table_new(6, event_headers);
	for (size_t i = 0; i < d->timeline_count; i++) {
		const pt_person *p = d->records[d->timeline[i].record];
		const pt_event *e = &p->events[d->timeline[i].index];
		struct event_text text;
		char seq[24], rec[600];
		const char *cells[6];
		snprintf(seq, sizeof seq, "%zu%s", i + 1, (long)i == d->last_event ? "*" : "");
		snprintf(rec, sizeof rec, "%lld %s", (long long)p->id, or_empty(p->record_source));
		event_text(e, &text);
		cells[0] = seq;
		cells[1] = e->type;
		cells[2] = text.date;
		cells[3] = text.where;
		cells[4] = rec;
		cells[5] = text.details;
		table_add(t, cells);
	}
	if (d->timeline_count) {
		table_print(t, stdout, "  ");
		if (d->last_event >= 0)
			printf("  * the event the status rests on\n");
	}
	table_free(t);

	printf("\nCitations\n");
	t = table_new(5, cite_headers);
	{
		size_t seq_no = 0;
		for (size_t r = 0; r < d->record_count; r++) {
			const pt_person *p = d->records[r];
			for (size_t i = 0; i < p->citation_count; i++) {
				const pt_citation *c = &p->citations[i];
				char seq[24], source[1024], grade[256], target[256];
				const char *cells[5];
				snprintf(seq, sizeof seq, "%zu", ++seq_no);
				citation_text(c, source, sizeof source, grade, sizeof grade);
				snprintf(target, sizeof target, "record %lld, %s", (long long)p->id,
					 or_empty(c->target));
				cells[0] = seq;
				cells[1] = source;
				cells[2] = or_empty(c->locator);
				cells[3] = target;
				cells[4] = grade;
				table_add(t, cells);
			}
		}
		if (seq_no)
			table_print(t, stdout, "  ");
		else
			printf("  (none)\n");
	}
	table_free(t);

	printf("\nProvenance\n");
	t = table_new(2, NULL);
	for (size_t r = 0; r < d->record_count; r++) {
		const pt_person *p = d->records[r];
		char label[48], from[1200];
		snprintf(label, sizeof label, "record %lld", (long long)p->id);
		if (p->batch_id)
			snprintf(from, sizeof from, "import batch %lld (%s), line %ld",
				 (long long)p->batch_id, or_empty(p->batch_file), p->batch_line);
		else
			snprintf(from, sizeof from, "(not recorded)");
		cli_field(t, label, from);
	}
	table_print(t, stdout, "  ");
	table_free(t);
}

struct show_args {
	int format;
};

const struct cli_option show_options[] = {
	CLI_OPT_FORMAT(struct show_args, format),
	CLI_OPT_END
};

int cmd_show(struct cli *cli, int argc, char **argv)
{
	struct show_args a = { OUT_TABLE };
	struct cli_list args = { 0 };
	enum output_format format;
	const char *id_text;
	pt_individual *man = NULL;
	pt_fate_events **competing = NULL;
	long long id;
	char *end;
	int status = EXIT_OK;

	if (cli_parse(cli, show_options, &a, argc, argv, &args)) {
		cli_list_release(&args);
		return EXIT_USAGE;
	}
	format = (enum output_format)a.format;
	id_text = args.count ? args.items[0] : NULL;
	if (args.count > 1) {
		cli_list_release(&args);
		return cli_usage_error(cli, "give one person id");
	}
	cli_list_release(&args);
	if (!id_text)
		return cli_usage_error(cli, "give the id of a person");
	if (format == OUT_CSV)
		return cli_usage_error(cli, "a dossier prints as table or json, not csv");
	errno = 0;
	id = strtoll(id_text, &end, 10);
	if (errno || *end || end == id_text || id <= 0)
		return cli_usage_error(cli, "'%s' is not a person id (a positive number)", id_text);
	/* any record's id names its man (an individual's id is one of its records') */
	if (pt_individual_get(cli->db, id, &man))
		return cli_error("%s", pt_db_errmsg(cli->db));
	/* when the records disagree on the fate: what competes, on what evidence */
	if (man->status == PT_STATUS_CONFLICTING) {
		if (!(competing = calloc(man->record_count, sizeof *competing))) {
			status = cli_error("out of memory");
			goto cleanup;
		}
		for (size_t r = 0; r < man->record_count; r++) {
			const pt_person *p = man->records[r];
			if (p->status != PT_STATUS_CONFLICTING && man->record_count > 1 &&
			    p->status != PT_STATUS_RETURNED && p->status != PT_STATUS_DIED)
				continue;
			if (pt_person_fate_events_of(cli->db, p, &competing[r])) {
				status = cli_error("%s", pt_db_errmsg(cli->db));
				goto cleanup;
			}
		}
	}
	if (format == OUT_JSON) {
		pt_research_entries *research = NULL;
		if (pt_research_list(cli->db, id, 0, &research)) {
			status = cli_error("%s", pt_db_errmsg(cli->db));
			goto cleanup;
		}
		json_t *doc = render_individual(man, (const pt_fate_events *const *)competing,
						research);
		json_print(doc);
		json_decref(doc);
		pt_research_entries_free(research);
	} else if (man->record_count == 1) {
		/* a man of one record: the record's dossier, as before links */
		print_person(cli->db, man->records[0]);
		print_provenance(man->records[0]);
		if (competing && competing[0])
			print_competing(competing[0], 0);
	} else {
		print_man(cli->db, man);
		if (competing)
			printf("\nThe records disagree on the fate: their returns, repatriations, "
			       "deaths and burials\n");
		for (size_t r = 0; competing && r < man->record_count; r++)
			if (competing[r] && competing[r]->count)
				print_competing(competing[r], (long long)man->records[r]->id);
	}
	if (format != OUT_JSON)
		status = cli_research_print(cli, id);          /* research_out.c */
cleanup:
	for (size_t r = 0; competing && r < man->record_count; r++)
		pt_fate_events_free(competing[r]);
	free(competing);
	pt_individual_free(man);
	return status;
}
