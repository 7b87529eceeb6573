/*
 * test_count.c - faceted counts, correct by construction: a generated
 * population whose every person is known (population.c) is counted by every
 * field, pair of fields and filter, and each group is compared with the
 * count the test makes itself; the same camp spelled five ways counts as one;
 * bad options give exact messages; the SVG chart of a count.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "core/core.h"
#include "population.h"

/* ---- what the test knows of each person ------------------------------------- */

#define MAX_VALUES 8

/* The values person p has for field f (NULL for none): how many, in out. */
static int values_of(const struct pop_person *p, pt_field f, pt_year_of year_of,
		     const char *out[MAX_VALUES])
{
	static const char *const status[] = { "returned", "died", "unaccounted", "unknown",
					      "conflicting" };
	static const char *const last_event[] = { "return", "death", "liberation", NULL, "death" };
	int camps[POP_CAMPS], n = 0;

	switch (f) {
	case PT_FIELD_NATIONALITY:
		out[0] = pop_nationalities[p->nationality];
		return 1;
	case PT_FIELD_UNIT:
		out[0] = pop_units[p->unit];
		return 1;
	case PT_FIELD_STATUS:
		out[0] = status[p->fate];
		return 1;
	case PT_FIELD_LAST_EVENT:
		out[0] = last_event[p->fate];
		return 1;
	case PT_FIELD_CAMP:
	case PT_FIELD_CAMP_TYPE:
	case PT_FIELD_OPERATOR:
		pop_camp_set(p, camps);
		for (int c = 0; c < POP_CAMPS; c++) {
			const char *v = !camps[c] ? NULL
				      : f == PT_FIELD_CAMP ? pop_camps[c].name
				      : f == PT_FIELD_CAMP_TYPE ? pop_camps[c].type
				      : pop_camps[c].operator_code;
			int seen = 0;
			for (int k = 0; k < n; k++)
				seen |= !strcmp(out[k], v ? v : "");
			if (v && !seen)
				out[n++] = v;
		}
		if (!n)
			out[n++] = NULL;
		return n;
	case PT_FIELD_LAST_CAMP: {
		int last = pop_last_camp(p);
		out[0] = last >= 0 ? pop_camps[last].name : NULL;
		return 1;
	}
	case PT_FIELD_SOURCE:
		out[n++] = p->record_source ? "reg-b" : "reg-a";
		if (p->cites_book || p->graded)
			out[n++] = "book-c";
		if (p->graded && p->record_source)
			out[n++] = "reg-a";      /* cited on the liberation */
		if (p->graded && !p->record_source)
			out[n++] = "reg-b";
		return n;
	case PT_FIELD_YEAR:
		if (year_of == PT_YEAR_OF_CAPTURE)
			out[0] = pop_capture_years[p->capture];
		else if (year_of == PT_YEAR_OF_LIBERATION)
			out[0] = p->fate == FATE_UNACCOUNTED ? "1945" : NULL;
		else /* the last event: the undated death of the conflicting */
			out[0] = p->fate == FATE_UNKNOWN || p->fate == FATE_CONFLICTING ? NULL : "1945";
		return 1;
	default:
		return 0;
	}
}

/* ---- expected groups ----------------------------------------------------------- */

struct group {
	char key[512];
	long long count;
	int matched;
};

struct groups {
	struct group *items;
	int count;
};

static void key_of(const char *const values[], size_t n, char *key, size_t size)
{
	size_t len = 0;
	key[0] = '\0';
	for (size_t i = 0; i < n; i++)
		len += (size_t)snprintf(key + len, size - len, "%s\x1f", values[i] ? values[i] : "\x01");
}

static void tally(struct groups *g, const char *key)
{
	for (int i = 0; i < g->count; i++)
		if (!strcmp(g->items[i].key, key)) {
			g->items[i].count++;
			return;
		}
	g->items = realloc(g->items, (size_t)(g->count + 1) * sizeof *g->items);
	snprintf(g->items[g->count].key, sizeof g->items[g->count].key, "%s", key);
	g->items[g->count].count = 1;
	g->items[g->count].matched = 0;
	g->count++;
}

typedef int (*person_filter)(const struct pop_person *p);

/* Counts with the library and compares every group with the test's own. */
static void compare(pt_db *db, const pt_field *fields, size_t n, pt_year_of year_of,
		    const pt_filter *filter, person_filter passes, const struct population *pop)
{
	pt_count_options opts;
	pt_count *count = NULL;
	struct groups expected = { NULL, 0 };
	long long total = 0;

	memset(&opts, 0, sizeof opts);
	if (n)
		memcpy(opts.fields, fields, n * sizeof *fields);
	opts.field_count = n;
	opts.year_of = year_of;
	if (filter)
		opts.filter = *filter;

	for (int i = 0; i < pop->count; i++) {
		const struct pop_person *p = &pop->persons[i];
		const char *vals[PT_COUNT_MAX_FIELDS][MAX_VALUES];
		int nv[PT_COUNT_MAX_FIELDS], idx[PT_COUNT_MAX_FIELDS] = { 0 };
		if (passes && !passes(p))
			continue;
		total++;
		for (size_t f = 0; f < n; f++)
			nv[f] = values_of(p, fields[f], year_of, vals[f]);
		/* every combination of the person's values */
		for (;;) {
			const char *combo[PT_COUNT_MAX_FIELDS];
			char key[512];
			size_t f;
			for (f = 0; f < n; f++)
				combo[f] = vals[f][idx[f]];
			key_of(combo, n, key, sizeof key);
			tally(&expected, key);
			for (f = 0; f < n; f++) {
				if (++idx[f] < nv[f])
					break;
				idx[f] = 0;
			}
			if (f == n)
				break;
		}
	}

	CHECK_INT(pt_count_run(db, &opts, &count), PT_OK);
	if (!count) {
		free(expected.items);
		return;
	}
	CHECK_INT(count->total, total);
	CHECK_INT(count->row_count, n ? (size_t)expected.count : (total ? 1 : 0));
	for (size_t r = 0; n && r < count->row_count; r++) {
		char key[512];
		int found = 0;
		key_of((const char *const *)count->rows[r].values, n, key, sizeof key);
		for (int i = 0; i < expected.count; i++)
			if (!strcmp(expected.items[i].key, key)) {
				found = 1;
				expected.items[i].matched++;
				if (expected.items[i].count != count->rows[r].count)
					fprintf(stderr, "group '%s': %lld, want %lld\n", key,
						(long long)count->rows[r].count, expected.items[i].count);
				CHECK_INT(count->rows[r].count, expected.items[i].count);
			}
		if (!found)
			fprintf(stderr, "unexpected group '%s' (field %s)\n", key,
				pt_field_name(fields[0]));
		CHECK(found);
		/* sorted: largest first, or for several fields, by the first field's total */
		if (r > 0 && n == 1)
			CHECK(count->rows[r - 1].count >= count->rows[r].count);
	}
	for (int i = 0; n && i < expected.count; i++)
		CHECK_INT(expected.items[i].matched, 1);
	pt_count_free(count);
	free(expected.items);
}

/* ---- the population -------------------------------------------------------------- */

static pt_db *population(struct population *pop, int n, unsigned seed)
{
	pt_db *db = NULL;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pop_generate(db, n, seed, pop), PT_OK);
	return db;
}

static void test_every_field_matches_construction(void)
{
	struct population pop;
	pt_db *db = population(&pop, 600, 7);

	for (int f = 0; f < PT_FIELD_COUNT_; f++) {
		pt_field one = (pt_field)f;
		compare(db, &one, 1, PT_YEAR_OF_CAPTURE, NULL, NULL, &pop);
	}
	{
		pt_field year = PT_FIELD_YEAR;
		compare(db, &year, 1, PT_YEAR_OF_LIBERATION, NULL, NULL, &pop);
		compare(db, &year, 1, PT_YEAR_OF_LAST, NULL, NULL, &pop);
	}
	compare(db, NULL, 0, PT_YEAR_OF_CAPTURE, NULL, NULL, &pop);
	pop_release(&pop);
	pt_db_free(db);
}

static void test_pairs_of_fields_match_construction(void)
{
	static const pt_field pairs[][2] = {
		{ PT_FIELD_NATIONALITY, PT_FIELD_CAMP },
		{ PT_FIELD_CAMP, PT_FIELD_STATUS },
		{ PT_FIELD_NATIONALITY, PT_FIELD_LAST_CAMP },
		{ PT_FIELD_CAMP, PT_FIELD_SOURCE },
		{ PT_FIELD_OPERATOR, PT_FIELD_CAMP_TYPE },
		{ PT_FIELD_YEAR, PT_FIELD_UNIT },
	};
	static const pt_field triple[] = { PT_FIELD_NATIONALITY, PT_FIELD_STATUS, PT_FIELD_CAMP };
	struct population pop;
	pt_db *db = population(&pop, 500, 11);

	for (size_t i = 0; i < sizeof pairs / sizeof *pairs; i++)
		compare(db, pairs[i], 2, PT_YEAR_OF_CAPTURE, NULL, NULL, &pop);
	compare(db, triple, 3, PT_YEAR_OF_CAPTURE, NULL, NULL, &pop);
	pop_release(&pop);
	pt_db_free(db);
}

/* ---- filters ---------------------------------------------------------------------------- */

static int gb_or_us(const struct pop_person *p)
{
	return p->nationality == 0 || p->nationality == 1;
}

static int at_luckenwalde(const struct pop_person *p)
{
	int camps[POP_CAMPS];
	pop_camp_set(p, camps);
	return camps[1];
}

static int at_luckenwalde_or_vorkuta(const struct pop_person *p)
{
	int camps[POP_CAMPS];
	pop_camp_set(p, camps);
	return camps[1] || camps[4];
}

static int unaccounted(const struct pop_person *p)
{
	return p->fate == FATE_UNACCOUNTED;
}

/* capture dates "1943/1944" and "../1944" may fall in June 1944 */
static int may_be_june_1944(const struct pop_person *p)
{
	return p->capture == 3 || p->capture == 4;
}

/* "1942" itself, and "../1944" with its open start */
static int may_be_1942(const struct pop_person *p)
{
	return p->capture == 0 || p->capture == 4;
}

static int cites_book(const struct pop_person *p)
{
	return p->cites_book || p->graded;
}

static int gb_unaccounted_at_luckenwalde(const struct pop_person *p)
{
	return p->nationality == 0 && unaccounted(p) && at_luckenwalde(p);
}

static int liberated_in_april_1945(const struct pop_person *p)
{
	return unaccounted(p);
}

static void test_filters_match_construction(void)
{
	static const char *const gb_us[] = { "GB", "us" };
	static const char *const luckenwalde[] = { "luckenwalde" };
	static const char *const two_camps[] = { "LUCKENWALDE", "Воркутлаг" };
	static const char *const status_unaccounted[] = { "unaccounted" };
	static const char *const book[] = { "book-c" };
	static const char *const gb[] = { "GB" };
	static const char *const liberation[] = { "liberation" };
	static const pt_field by_camp_status[] = { PT_FIELD_CAMP, PT_FIELD_STATUS };
	pt_field by_nationality = PT_FIELD_NATIONALITY, by_camp = PT_FIELD_CAMP;
	struct population pop;
	pt_db *db = population(&pop, 500, 23);
	pt_filter f;

	memset(&f, 0, sizeof f);
	f.nationalities = gb_us;
	f.nationality_count = 2;
	compare(db, by_camp_status, 2, PT_YEAR_OF_CAPTURE, &f, gb_or_us, &pop);

	memset(&f, 0, sizeof f);
	f.camps = luckenwalde;
	f.camp_count = 1;
	compare(db, &by_nationality, 1, PT_YEAR_OF_CAPTURE, &f, at_luckenwalde, &pop);
	compare(db, &by_camp, 1, PT_YEAR_OF_CAPTURE, &f, at_luckenwalde, &pop);
	f.camps = two_camps;
	f.camp_count = 2;
	compare(db, &by_nationality, 1, PT_YEAR_OF_CAPTURE, &f, at_luckenwalde_or_vorkuta, &pop);

	memset(&f, 0, sizeof f);
	f.statuses = status_unaccounted;
	f.status_count = 1;
	compare(db, &by_camp, 1, PT_YEAR_OF_CAPTURE, &f, unaccounted, &pop);

	memset(&f, 0, sizeof f);
	f.between = "1944-06/1944-06";
	compare(db, &by_nationality, 1, PT_YEAR_OF_CAPTURE, &f, may_be_june_1944, &pop);
	f.between = "1942";
	compare(db, &by_nationality, 1, PT_YEAR_OF_CAPTURE, &f, may_be_1942, &pop);
	f.between = "1945-04-01/1945-04-30";
	f.event_types = liberation;
	f.event_type_count = 1;
	compare(db, &by_nationality, 1, PT_YEAR_OF_CAPTURE, &f, liberated_in_april_1945, &pop);

	memset(&f, 0, sizeof f);
	f.sources = book;
	f.source_count = 1;
	compare(db, &by_nationality, 1, PT_YEAR_OF_CAPTURE, &f, cites_book, &pop);

	memset(&f, 0, sizeof f);
	f.nationalities = gb;
	f.nationality_count = 1;
	f.statuses = status_unaccounted;
	f.status_count = 1;
	f.camps = luckenwalde;
	f.camp_count = 1;
	compare(db, &by_camp, 1, PT_YEAR_OF_CAPTURE, &f, gb_unaccounted_at_luckenwalde, &pop);
	pop_release(&pop);
	pt_db_free(db);
}

/* ---- one camp, five spellings ---------------------------------------------------------- */

static const char FIVE_SPELLINGS[] =
	"[\n"
	"{\"record_id\": \"1\", \"surname\": \"A\", \"events\": [{\"type\": \"internment\", \"camp\": \"Stalag IV-B\"}]},\n"
	"{\"record_id\": \"2\", \"surname\": \"B\", \"events\": [{\"type\": \"internment\", \"camp\": \"Stalag 4B\"}]},\n"
	"{\"record_id\": \"3\", \"surname\": \"C\", \"events\": [{\"type\": \"internment\", \"camp\": \"STALAG IVB\"}]},\n"
	"{\"record_id\": \"4\", \"surname\": \"D\", \"events\": [{\"type\": \"internment\", \"camp\": \"Mühlberg\"}]},\n"
	"{\"record_id\": \"5\", \"surname\": \"E\", \"events\": [{\"type\": \"internment\", \"camp\": \"Мюльберг\"},\n"
	"  {\"type\": \"liberation\", \"camp\": \"stalag iv b\"}]}\n"
	"]\n";

static void test_one_camp_spelled_five_ways_counts_once(void)
{
	pt_db *db = NULL;
	pt_import_summary *sum = NULL;
	pt_count_options opts;
	pt_count *count = NULL;
	static const char *const spelled[] = { "MÜHLBERG" };

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pop_import_text(db, "camps.json", "{\"camps\": [{\"key\": \"stalag-iv-b\", "
		  "\"name\": \"Stalag IV-B\", \"type\": \"stalag\", \"aliases\": [\"Stalag 4B\", "
		  "\"Mühlberg\", \"Мюльберг\"]}, {\"key\": \"stalag-iii-a\", \"name\": "
		  "\"Stalag III-A\", \"type\": \"stalag\"}]}", &sum), PT_OK);
	pt_import_summary_free(sum);
	CHECK_INT(pop_import_text(db, "five.json", FIVE_SPELLINGS, &sum), PT_OK);
	pt_import_summary_free(sum);

	memset(&opts, 0, sizeof opts);
	opts.fields[0] = PT_FIELD_CAMP;
	opts.field_count = 1;
	CHECK_INT(pt_count_run(db, &opts, &count), PT_OK);
	if (count) {
		CHECK_INT(count->row_count, 1);
		CHECK_STR(count->rows[0].values[0], "Stalag IV-B");
		CHECK_INT(count->rows[0].count, 5);   /* person 5, there twice, counts once */
		CHECK_INT(count->total, 5);
	}
	pt_count_free(count);
	opts.filter.camps = spelled;
	opts.filter.camp_count = 1;
	CHECK_INT(pt_count_run(db, &opts, &count), PT_OK);
	if (count)
		CHECK_INT(count->total, 5);
	pt_count_free(count);
	pt_db_free(db);
}

/* ---- bad options ------------------------------------------------------------------------------- */

static void test_bad_options_have_clear_messages(void)
{
	static const char *const unknown_camp[] = { "Stalag 99" };
	static const char *const unknown_source[] = { "no-such-source" };
	static const char *const bad_status[] = { "missing" };
	static const char *const bad_event[] = { "escape" };
	static const char *const bad_nationality[] = { "GBR" };
	struct population pop;
	pt_db *db = population(&pop, 20, 3);
	pt_count_options opts;
	pt_count *count = NULL;

	memset(&opts, 0, sizeof opts);
	opts.fields[0] = PT_FIELD_CAMP;
	opts.fields[1] = PT_FIELD_CAMP;
	opts.field_count = 2;
	CHECK_INT(pt_count_run(db, &opts, &count), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), "field 'camp' given twice");
	CHECK(count == NULL);
	opts.field_count = 1;

	opts.filter.camps = unknown_camp;
	opts.filter.camp_count = 1;
	CHECK_INT(pt_count_run(db, &opts, &count), PT_ENOTFOUND);
	CHECK_STR(pt_db_errmsg(db), "unknown camp 'Stalag 99'");
	memset(&opts.filter, 0, sizeof opts.filter);

	opts.filter.sources = unknown_source;
	opts.filter.source_count = 1;
	CHECK_INT(pt_count_run(db, &opts, &count), PT_ENOTFOUND);
	CHECK_STR(pt_db_errmsg(db), "unknown source 'no-such-source'");
	memset(&opts.filter, 0, sizeof opts.filter);

	opts.filter.between = "1945-13";
	CHECK_INT(pt_count_run(db, &opts, &count), PT_EINVAL);
	CHECK(!strncmp(pt_db_errmsg(db), "cannot read date '1945-13': ", 28));
	memset(&opts.filter, 0, sizeof opts.filter);

	opts.filter.statuses = bad_status;
	opts.filter.status_count = 1;
	CHECK_INT(pt_count_run(db, &opts, &count), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), "unknown status 'missing' (expected returned, died, "
		  "unaccounted, conflicting or unknown)");
	memset(&opts.filter, 0, sizeof opts.filter);

	opts.filter.event_types = bad_event;
	opts.filter.event_type_count = 1;
	CHECK_INT(pt_count_run(db, &opts, &count), PT_EINVAL);
	CHECK(!strncmp(pt_db_errmsg(db), "unknown event type 'escape'", 27));
	memset(&opts.filter, 0, sizeof opts.filter);

	opts.filter.nationalities = bad_nationality;
	opts.filter.nationality_count = 1;
	CHECK_INT(pt_count_run(db, &opts, &count), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), "nationality 'GBR' is not an ISO 3166 alpha-2 code (such as "
		  "GB, US, SU)");
	CHECK(count == NULL);

	{
		pt_field f;
		CHECK_INT(pt_field_parse("camp", &f), PT_OK);
		CHECK_INT(f, PT_FIELD_CAMP);
		CHECK_INT(pt_field_parse("camps", &f), PT_EINVAL);
		CHECK_STR(pt_field_name(PT_FIELD_LAST_CAMP), "last_camp");
		CHECK(pt_field_name(PT_FIELD_COUNT_) == NULL);
	}
	pop_release(&pop);
	pt_db_free(db);
}

/* An empty database counts nothing, without error. */
static void test_empty_database(void)
{
	pt_db *db = NULL;
	pt_count_options opts;
	pt_count *count = NULL;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	memset(&opts, 0, sizeof opts);
	opts.fields[0] = PT_FIELD_NATIONALITY;
	opts.fields[1] = PT_FIELD_CAMP;
	opts.field_count = 2;
	CHECK_INT(pt_count_run(db, &opts, &count), PT_OK);
	if (count) {
		CHECK_INT(count->total, 0);
		CHECK_INT(count->row_count, 0);
	}
	pt_count_free(count);
	pt_db_free(db);
}

/* ---- the chart ---------------------------------------------------------------------------------- */

static pt_count *fake_count(size_t fields, size_t rows)
{
	pt_count *c = calloc(1, sizeof *c);
	c->field_count = fields;
	c->fields[0] = PT_FIELD_CAMP;
	c->fields[1] = PT_FIELD_STATUS;
	c->rows = calloc(rows ? rows : 1, sizeof *c->rows);
	c->row_count = rows;
	for (size_t r = 0; r < rows; r++) {
		char name[64];
		snprintf(name, sizeof name, "Camp <%zu> & \"co\"", r / (fields == 2 ? 3 : 1));
		c->rows[r].values[0] = pt__strdup(name);
		if (fields == 2)
			c->rows[r].values[1] = pt__strdup(r % 3 == 0 ? "died" : r % 3 == 1 ? "returned"
							  : "unaccounted");
		c->rows[r].count = (int64_t)(rows - r);
		c->total += c->rows[r].count;
	}
	return c;
}

static int occurrences(const char *s, const char *what)
{
	int n = 0;
	for (const char *p = s; (p = strstr(p, what)); p++)
		n++;
	return n;
}

static void test_chart_svg(void)
{
	pt_count *c = fake_count(1, 70);
	char *svg = NULL;

	CHECK_INT(pt_chart_svg(c, "Persons by camp", "Filters: all persons.", &svg), PT_OK);
	if (svg) {
		CHECK(!strncmp(svg, "<?xml", 5));
		CHECK(strstr(svg, "<svg xmlns=\"http://www.w3.org/2000/svg\"") != NULL);
		CHECK(strstr(svg, ">Persons by camp</text>") != NULL);
		CHECK(strstr(svg, "Camp &lt;0&gt; &amp; &quot;co&quot;") != NULL);
		CHECK(strstr(svg, "Camp <0>") == NULL);       /* escaped everywhere */
		CHECK(strstr(svg, "(11 more values)") != NULL); /* 70 bars: 59 and one merged */
		CHECK_INT(occurrences(svg, "<g><title>"), 60);
		CHECK(strstr(svg, ">persons") != NULL);       /* the x axis label */
		CHECK(strstr(svg, ">camp</text>") != NULL);   /* the y axis label */
		CHECK(strstr(svg, "</svg>\n") != NULL);
	}
	pt_free(svg);
	pt_count_free(c);

	c = fake_count(2, 9);
	CHECK_INT(pt_chart_svg(c, "Persons by camp and status", NULL, &svg), PT_OK);
	if (svg) {
		CHECK_INT(occurrences(svg, "<g><title>"), 3);  /* 3 bars ... */
		CHECK(strstr(svg, ">status:</text>") != NULL); /* ... stacked by status */
		CHECK(strstr(svg, ">unaccounted</text>") != NULL);
	}
	pt_free(svg);
	c->field_count = 3;
	CHECK_INT(pt_chart_svg(c, "x", NULL, &svg), PT_EINVAL);
	CHECK(svg == NULL);
	pt_count_free(c);

	c = fake_count(1, 0);
	CHECK_INT(pt_chart_svg(c, "Nothing", NULL, &svg), PT_OK);
	if (svg)
		CHECK(strstr(svg, "no persons match") != NULL);
	pt_free(svg);
	pt_count_free(c);
}

void suite_count(void);
void suite_count(void)
{
	RUN(test_every_field_matches_construction);
	RUN(test_pairs_of_fields_match_construction);
	RUN(test_filters_match_construction);
	RUN(test_one_camp_spelled_five_ways_counts_once);
	RUN(test_bad_options_have_clear_messages);
	RUN(test_empty_database);
	RUN(test_chart_svg);
}
