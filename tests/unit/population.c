/*
 * population.c - generates the test population of population.h as canonical
 * JSON and imports it; the tests then compare what the library counts with
 * what they know each person to be.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/core.h"
#include "population.h"

const struct pop_camp pop_camps[POP_CAMPS] = {
	{ "stalag-iv-b", "Stalag IV-B", "stalag", "DE",
	  { "Stalag IV-B", "Stalag 4B", "STALAG IVB", "Mühlberg", "Мюльберг", "stalag iv b" } },
	{ "stalag-iii-a", "Stalag III-A", "stalag", "DE",
	  { "Stalag III-A", "Stalag 3A", "Luckenwalde", "LUCKENWALDE", "stalag-iii-a", "Stalag IIIA" } },
	{ "oflag-64", "Oflag 64", "oflag", "DE",
	  { "Oflag 64", "Szubin", "Schubin", "OFLAG 64", "oflag-64", "Oflag LXIV" } },
	{ "stalag-luft-i", "Stalag Luft I", "stalag_luft", "DE",
	  { "Stalag Luft I", "Stalag Luft 1", "Barth", "STALAG LUFT I", "stalag-luft-i", "Barth" } },
	{ "vorkuta-itl", "Vorkuta ITL", "itl", "SU",
	  { "Vorkuta ITL", "Воркутлаг", "Vorkutlag", "VORKUTLAG", "vorkuta-itl", "Воркутинский ИТЛ" } },
	{ "special-camp-1", "Special Camp No 1", "special", "SU",
	  { "Special Camp No 1", "Спецлагерь № 1", "Spetslager 1", "special-camp-1", "SPECIAL CAMP NO 1",
	    "Special camp no. 1" } },
};

const char *const pop_nationalities[6] = { "GB", "US", "AU", "CA", "SU", NULL };
const char *const pop_units[3] = { "1st Airborne Division", "51st Highland Division", NULL };
const char *const pop_captures[6] = { "1942", "1943-05", "1944-09-17", "1943/1944", "../1944", NULL };
const char *const pop_capture_years[6] = { "1942", "1943", "1944", "1943/1944", "../1944", NULL };

static const char CAMPS_HEAD[] = "{\"camps\": [\n";

static unsigned next(unsigned *state)
{
	*state = *state * 1103515245u + 12345u;
	return (*state >> 16) & 0x7fff;
}

int pop_import_text(pt_db *db, const char *name, const char *text, pt_import_summary **sum)
{
	char path[256];
	pt_import_options opts;
	FILE *f;
	int rc;

	memset(&opts, 0, sizeof opts);
	opts.display_name = name;
	snprintf(path, sizeof path, "/tmp/pt-pop-%ld-%s", (long)getpid(), name);
	if (!(f = fopen(path, "wb")))
		return PT_EIO;
	fputs(text, f);
	fclose(f);
	rc = pt_import_file(db, path, &opts, sum);
	unlink(path);
	return rc;
}

static int import_buf(pt_db *db, const char *name, pt__buf *b)
{
	pt_import_summary *sum = NULL;
	int rc = pop_import_text(db, name, pt__buf_str(b), &sum);
	if (rc && sum && sum->error_count)
		fprintf(stderr, "population: %s: %s\n", name, pt_db_errmsg(db));
	pt_import_summary_free(sum);
	pt__buf_release(b);
	return rc;
}

/* A JSON string (the spellings and names here need no escaping). */
static void put_camp_ref(pt__buf *b, unsigned *state, int camp)
{
	pt__buf_printf(b, "\"camp\": \"%s\"", pop_camps[camp].spellings[next(state) % 6]);
}

int pop_generate(pt_db *db, int count, unsigned seed, struct population *out)
{
	pt__buf b = PT__BUF_INIT;
	unsigned state = seed;
	int rc;

	memset(out, 0, sizeof *out);
	if (!(out->persons = calloc((size_t)count, sizeof *out->persons)))
		return PT_ENOMEM;
	out->count = count;

	pt__buf_puts(&b, "{\"sources\": [\n"
		     " {\"key\": \"reg-a\", \"kind\": \"register\", \"title\": \"Register A\"},\n"
		     " {\"key\": \"reg-b\", \"kind\": \"register\", \"title\": \"Register B\"},\n"
		     " {\"key\": \"book-c\", \"kind\": \"book\", \"title\": \"Book C\"}\n]}\n");
	if ((rc = import_buf(db, "sources.json", &b)))
		return rc;
	pt__buf_puts(&b, CAMPS_HEAD);
	for (int c = 0; c < POP_CAMPS; c++) {
		const struct pop_camp *camp = &pop_camps[c];
		pt__buf_printf(&b, " {\"key\": \"%s\", \"name\": \"%s\", \"type\": \"%s\", "
			       "\"operator\": \"%s\", \"aliases\": [", camp->key, camp->name,
			       camp->type, camp->operator_code);
		for (int s = 1; s < 6; s++)
			pt__buf_printf(&b, "%s\"%s\"", s > 1 ? ", " : "", camp->spellings[s]);
		pt__buf_printf(&b, "]}%s\n", c + 1 < POP_CAMPS ? "," : "");
	}
	pt__buf_puts(&b, "]}\n");
	if ((rc = import_buf(db, "camps.json", &b)))
		return rc;

	pt__buf_puts(&b, "[\n");
	for (int i = 0; i < count; i++) {
		struct pop_person *p = &out->persons[i];
		int first_event = 1;

		p->nationality = (int)(next(&state) % 6);
		p->unit = (int)(next(&state) % 3);
		p->record_source = (int)(next(&state) % 2);
		p->cites_book = next(&state) % 3 == 0;
		p->fate = (enum pop_fate)(next(&state) % FATE_COUNT);
		p->capture = (int)(next(&state) % 6);
		p->visit_count = p->fate == FATE_UNKNOWN ? 0 : (int)(next(&state) % (POP_MAX_VISITS + 1));
		for (int v = 0; v < p->visit_count; v++)
			p->visits[v] = (int)(next(&state) % POP_CAMPS);
		if (p->fate == FATE_UNKNOWN)
			p->capture = 5;
		p->graded = p->fate == FATE_UNACCOUNTED && next(&state) % 2;

		pt__buf_printf(&b, "%s{\"record_id\": \"P%d\", \"source\": \"%s\", \"surname\": \"S%d\"",
			       i ? ",\n" : "", i + 1, p->record_source ? "reg-b" : "reg-a", i + 1);
		if (pop_nationalities[p->nationality])
			pt__buf_printf(&b, ", \"nationality\": \"%s\"", pop_nationalities[p->nationality]);
		if (pop_units[p->unit])
			pt__buf_printf(&b, ", \"unit\": \"%s\"", pop_units[p->unit]);
		if (p->cites_book)
			pt__buf_puts(&b, ", \"citations\": [{\"source\": \"book-c\"}]");
		pt__buf_puts(&b, ", \"events\": [");
#define EVENT_SEP() (first_event ? (first_event = 0, "") : ", ")
		if (p->fate == FATE_UNKNOWN)
			pt__buf_printf(&b, "%s{\"type\": \"birth\", \"date\": \"1920\"}", EVENT_SEP());
		if (pop_captures[p->capture])
			pt__buf_printf(&b, "%s{\"type\": \"capture\", \"date\": \"%s\"}", EVENT_SEP(),
				       pop_captures[p->capture]);
		for (int v = 0; v < p->visit_count; v++) {
			pt__buf_printf(&b, "%s{\"type\": \"internment\", \"date\": \"1945-01\", ",
				       EVENT_SEP());
			put_camp_ref(&b, &state, p->visits[v]);
			pt__buf_puts(&b, "}");
		}
		switch (p->fate) {
		case FATE_RETURNED:
			pt__buf_printf(&b, "%s{\"type\": \"return\", \"date\": \"1945-06-01\", "
				       "\"place\": \"London\"}", EVENT_SEP());
			break;
		case FATE_DIED:
			pt__buf_printf(&b, "%s{\"type\": \"death\", \"date\": \"1945-03-10\"}", EVENT_SEP());
			break;
		case FATE_UNACCOUNTED:
			pt__buf_printf(&b, "%s{\"type\": \"liberation\", \"date\": \"1945-04-23\", ",
				       EVENT_SEP());
			if (p->visit_count)
				put_camp_ref(&b, &state, p->visits[p->visit_count - 1]);
			else
				pt__buf_puts(&b, "\"place\": \"Riesa\"");
			if (p->graded)
				pt__buf_puts(&b, ", \"citations\": ["
					     "{\"source\": \"reg-b\", \"source_quality\": \"derivative\", "
					     "\"information\": \"secondary\", \"evidence\": \"indirect\", "
					     "\"confidence\": 2}, "
					     "{\"source\": \"book-c\", \"locator\": \"p. 7\", "
					     "\"source_quality\": \"original\", \"information\": \"primary\", "
					     "\"evidence\": \"direct\", \"confidence\": 3}, "
					     "{\"source\": \"reg-a\", \"evidence\": \"negative\"}]");
			pt__buf_puts(&b, "}");
			break;
		case FATE_CONFLICTING:
			pt__buf_printf(&b, "%s{\"type\": \"return\", \"date\": \"1945-06-01\"}, "
				       "{\"type\": \"death\"}", EVENT_SEP());
			break;
		default:
			break;
		}
#undef EVENT_SEP
		pt__buf_puts(&b, "]}");
	}
	pt__buf_puts(&b, "\n]\n");
	return import_buf(db, "persons.json", &b);
}

void pop_release(struct population *pop)
{
	free(pop->persons);
	pop->persons = NULL;
	pop->count = 0;
}

void pop_camp_set(const struct pop_person *p, int out[POP_CAMPS])
{
	memset(out, 0, POP_CAMPS * sizeof *out);
	for (int v = 0; v < p->visit_count; v++)
		out[p->visits[v]] = 1;
}

int pop_last_camp(const struct pop_person *p)
{
	return p->visit_count ? p->visits[p->visit_count - 1] : -1;
}
