/*
 * make_gazetteer.c - writes data/gazetteer/gazetteer.json, the camp
 * gazetteer that `powtrace init` loads, from the shared data and the curated
 * tables beside it:
 *
 *   fixtures/camps.json, fixtures/sources.json    the four documented German camps
 *       and their sources, taken as they are (so that importing the fixtures
 *       after init finds them unchanged)
 *   data/gazetteer/german_camps.tsv               more German camps, each with its
 *       sources; rows that name a designation of camp_reference_facts.tsv take
 *       place, coordinates, facts and source URLs from it
 *   data/gazetteer/sources.tsv, claims.tsv        their sources, and the numbers
 *       the pages give (camp populations on a date)
 *   SHARED/pow_camps/camp_reference_facts.tsv
 *   SHARED/gulag_camps/gulagmap_camps.csv, gulagmap_camp_locations.csv,
 *       gulagmap_camp_statistics.csv               575 Soviet camps, 668 sites, and
 *       the prisoners counted per site and year (as claims)
 *
 * Every name of a camp becomes an alias unless it folds (case, diacritics,
 * punctuation, script: the library's own folding) to a name of another
 * camp: then the camp with the stronger claim keeps it (fixtures, then the
 * curated German camps, then gulagmap), and a name that several camps of
 * equal standing share is kept by none and mentioned in their notes.
 *
 * Usage: make_gazetteer SHARED_DIR FIXTURES_DIR OUT.json
 * (run by `make gazetteer`; the curated tables are read from OUT's directory)
 */
#include <csv.h>
#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unicode/utrans.h>
#include <unicode/ustring.h>

#include "core/core.h"

#define MAX_FIELDS 160

static void die(const char *fmt, const char *what) __attribute__((noreturn));

/* fmt holds one %s, for what */
static void die(const char *fmt, const char *what)
{
	const char *mark = strstr(fmt, "%s");
	fprintf(stderr, "make_gazetteer: %.*s%s%s\n", mark ? (int)(mark - fmt) : (int)strlen(fmt),
		fmt, mark ? what : "", mark ? mark + 2 : "");
	exit(1);
}

static void *xmalloc(size_t n)
{
	void *p = calloc(1, n ? n : 1);
	if (!p)
		die("%s", "out of memory");
	return p;
}

static char *xstrdup(const char *s)
{
	char *c = pt__strdup(s ? s : "");
	if (!c)
		die("%s", "out of memory");
	return c;
}

static char *path_join(const char *dir, const char *name)
{
	size_t n = strlen(dir) + strlen(name) + 2;
	char *p = xmalloc(n);
	snprintf(p, n, "%s/%s", dir, name);
	return p;
}

/* Collapses runs of white space into one space and trims the ends. */
static char *clean(const char *s)
{
	char *out = xmalloc(strlen(s ? s : "") + 1), *w = out;
	int space = 1;
	for (; s && *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			if (!space)
				*w++ = ' ';
			space = 1;
		} else {
			*w++ = *s;
			space = 0;
		}
	}
	while (w > out && w[-1] == ' ')
		w--;
	*w = '\0';
	return out;
}

/* ---- tables ------------------------------------------------------------------ */

struct row {
	char **f;
	size_t n;
};

struct table {
	struct row *rows;
	size_t count;
	char **header;
	size_t header_n;
};

static const char *field(const struct table *t, const struct row *r, const char *name)
{
	for (size_t i = 0; i < t->header_n; i++)
		if (!strcmp(t->header[i], name))
			return i < r->n ? r->f[i] : "";
	die("no column '%s'", name);
	return "";
}

static void add_row(struct table *t, char **f, size_t n)
{
	struct row *grown = realloc(t->rows, (t->count + 1) * sizeof *grown);
	if (!grown)
		die("%s", "out of memory");
	t->rows = grown;
	t->rows[t->count].f = f;
	t->rows[t->count].n = n;
	t->count++;
}

/* Tab-separated, '#' lines are comments; with `header`, the first other
 * line names the columns. */
static struct table read_tsv(const char *path, int header, const char *const *names)
{
	struct table t = { 0 };
	FILE *f = fopen(path, "r");
	char *line = NULL;
	size_t cap = 0;
	ssize_t len;

	if (!f)
		die("cannot open %s", path);
	while ((len = getline(&line, &cap, f)) >= 0) {
		char **fields = xmalloc(MAX_FIELDS * sizeof *fields), *p = line, *tab;
		size_t n = 0;
		while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r'))
			line[--len] = '\0';
		if (line[0] == '#' || !line[0]) {
			free(fields);
			continue;
		}
		for (;;) {
			tab = strchr(p, '\t');
			if (tab)
				*tab = '\0';
			if (n < MAX_FIELDS)
				fields[n++] = xstrdup(p);
			if (!tab)
				break;
			p = tab + 1;
		}
		if (header && !t.header) {
			t.header = fields;
			t.header_n = n;
			continue;
		}
		add_row(&t, fields, n);
	}
	free(line);
	fclose(f);
	if (!header) {
		size_t n = 0;
		while (names[n])
			n++;
		t.header = (char **)names;
		t.header_n = n;
	}
	return t;
}

struct csv_state {
	struct table *t;
	char **fields;
	size_t n;
};

static void csv_field(void *data, size_t len, void *user)
{
	struct csv_state *s = user;
	char *v = xmalloc(len + 1);
	memcpy(v, data, len);
	if (s->n < MAX_FIELDS)
		s->fields[s->n++] = v;
	else
		free(v);
}

static void csv_row(int c, void *user)
{
	struct csv_state *s = user;
	(void)c;
	if (!s->t->header) {
		s->t->header = s->fields;
		s->t->header_n = s->n;
	} else {
		add_row(s->t, s->fields, s->n);
	}
	s->fields = xmalloc(MAX_FIELDS * sizeof *s->fields);
	s->n = 0;
}

static struct table read_csv(const char *path)
{
	struct table t = { 0 };
	struct csv_state s = { &t, xmalloc(MAX_FIELDS * sizeof(char *)), 0 };
	struct csv_parser p;
	char buf[65536];
	size_t n;
	FILE *f = fopen(path, "rb");

	if (!f)
		die("cannot open %s", path);
	if (csv_init(&p, CSV_APPEND_NULL) != 0)
		die("%s", "cannot start the CSV parser");
	while ((n = fread(buf, 1, sizeof buf, f)) > 0)
		if (csv_parse(&p, buf, n, csv_field, csv_row, &s) != n)
			die("cannot parse %s", path);
	csv_fini(&p, csv_field, csv_row, &s);
	csv_free(&p);
	free(s.fields);
	fclose(f);
	return t;
}

/* ---- text ------------------------------------------------------------------------ */

static pt_db *db;   /* an in-memory database: the library's folding needs a handle */

static char *fold(const char *s)
{
	char *k = pt__fold_key(db, s);
	if (!k)
		die("cannot fold '%s'", s);
	return k;
}

static char *transliterate(const char *rules, const char *s)
{
	static UTransliterator *cache[2];
	static const char *cache_rules[2];
	UTransliterator *t = NULL;
	UErrorCode err = U_ZERO_ERROR;
	UChar u[2048], id[128];
	int32_t len = 0, limit;
	char *out;
	int slot = -1;

	for (int i = 0; i < 2; i++)
		if (cache_rules[i] == rules)
			slot = i;
	if (slot < 0) {
		slot = cache_rules[0] ? 1 : 0;
		u_uastrcpy(id, rules);
		cache[slot] = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &err);
		if (U_FAILURE(err))
			die("cannot open transliterator %s", rules);
		cache_rules[slot] = rules;
	}
	t = cache[slot];
	u_strFromUTF8(u, 1024, &len, s, -1, &err);
	if (U_FAILURE(err))
		die("cannot transliterate '%s'", s);
	limit = len;
	utrans_transUChars(t, u, &len, 2048, 0, &limit, &err);
	if (U_FAILURE(err))
		die("cannot transliterate '%s'", s);
	out = xmalloc(4 * (size_t)len + 1);
	u_strToUTF8(out, 4 * len + 1, NULL, u, len, &err);
	if (U_FAILURE(err))
		die("cannot transliterate '%s'", s);
	return out;
}

/* "Far Eastern ITL" -> "far-eastern-itl" */
static char *slug(const char *s)
{
	char *latin = transliterate("Any-Latin; Latin-ASCII; Lower", s), *out, *w;
	int dash = 1;
	out = w = xmalloc(strlen(latin) + 1);
	for (const char *r = latin; *r; r++) {
		if ((*r >= 'a' && *r <= 'z') || (*r >= '0' && *r <= '9')) {
			*w++ = *r;
			dash = 0;
		} else if (!dash) {
			*w++ = '-';
			dash = 1;
		}
	}
	while (w > out && w[-1] == '-')
		w--;
	*w = '\0';
	free(latin);
	return out;
}

/* ---- camps ------------------------------------------------------------------------- */

enum standing { FIXTURE = 0, CURATED = 1, GULAGMAP = 2 };

struct camp {
	json_t *obj;            /* the record, aliases and notes filled at the end */
	enum standing standing;
	char *name;
	char *base_name;        /* the name before it was told apart from others */
	char *title_ru;         /* gulagmap: the Russian title */
	char **aliases;
	size_t alias_count;
	long gulag_id;
	json_t *dropped;        /* names not kept as aliases */
};

static struct camp *camps;
static size_t camp_count;

static struct camp *new_camp(json_t *obj, enum standing standing, const char *name)
{
	struct camp *grown = realloc(camps, (camp_count + 1) * sizeof *grown), *c;
	if (!grown)
		die("%s", "out of memory");
	camps = grown;
	c = &camps[camp_count++];
	memset(c, 0, sizeof *c);
	c->obj = obj;
	c->standing = standing;
	c->name = xstrdup(name);
	c->dropped = json_array();
	return c;
}

static void add_alias(struct camp *c, const char *alias)
{
	char *a = clean(alias);
	char **grown;
	if (!*a || !strcmp(a, c->name)) {
		free(a);
		return;
	}
	for (size_t i = 0; i < c->alias_count; i++)
		if (!strcmp(c->aliases[i], a)) {
			free(a);
			return;
		}
	grown = realloc(c->aliases, (c->alias_count + 1) * sizeof *grown);
	if (!grown)
		die("%s", "out of memory");
	c->aliases = grown;
	c->aliases[c->alias_count++] = a;
}

/* "a, b,, c" */
static void add_aliases_split(struct camp *c, const char *list, char sep)
{
	char *copy = xstrdup(list), *p = copy, *end;
	for (;;) {
		end = strchr(p, sep);
		if (end)
			*end = '\0';
		add_alias(c, p);
		if (!end)
			break;
		p = end + 1;
	}
	free(copy);
}

static json_t *citation(const char *source, const char *locator, const char *quality)
{
	json_t *c = json_pack("{s:s}", "source", source);
	if (locator && *locator)
		json_object_set_new(c, "locator", json_string(locator));
	json_object_set_new(c, "source_quality", json_string(quality));
	json_object_set_new(c, "information", json_string("secondary"));
	json_object_set_new(c, "evidence", json_string("direct"));
	return c;
}

/* ---- sources ------------------------------------------------------------------------- */

static json_t *sources_by_key;   /* key -> source object */
static json_t *source_order;     /* keys in output order */
static json_t *cited;            /* key -> true */

static void add_source(json_t *src)
{
	const char *key = json_string_value(json_object_get(src, "key"));
	if (!key)
		die("%s", "a source without a key");
	if (json_object_get(sources_by_key, key))
		die("source '%s' given twice", key);
	json_object_set(sources_by_key, key, src);
	json_array_append_new(source_order, json_string(key));
}

static const char *source_by_url(const char *url)
{
	const char *key;
	json_t *src;
	json_object_foreach(sources_by_key, key, src) {
		const char *u = json_string_value(json_object_get(src, "url"));
		if (u && !strcmp(u, url))
			return key;
	}
	return NULL;
}

static void cite(json_t *citations, const char *key, const char *locator, const char *quality)
{
	if (!json_object_get(sources_by_key, key))
		die("unknown source '%s'", key);
	json_object_set_new(cited, key, json_true());
	json_array_append_new(citations, citation(key, locator, quality));
}

/* ---- the German camps ------------------------------------------------------------------- */

static const char *country_code(const char *name)
{
	static const char *const map[][2] = {
		{ "Germany", "DE" }, { "Poland", "PL" }, { "Czech Republic", "CZ" },
		{ "Austria", "AT" }, { "Lithuania", "LT" }, { "Russia", "RU" },
	};
	for (size_t i = 0; i < sizeof map / sizeof *map; i++)
		if (!strcmp(map[i][0], name))
			return map[i][1];
	die("unknown country '%s'", name);
	return NULL;
}

static void load_fixture_camps(const char *dir)
{
	char *path = path_join(dir, "camps.json"), *spath = path_join(dir, "sources.json");
	json_error_t err;
	json_t *doc = json_load_file(path, 0, &err), *sdoc = json_load_file(spath, 0, &err), *item;
	size_t i;

	if (!doc || !sdoc)
		die("cannot read the fixtures: %s", err.text);
	json_array_foreach(json_object_get(sdoc, "sources"), i, item)
		add_source(json_incref(item));
	json_array_foreach(json_object_get(doc, "camps"), i, item) {
		json_t *verified = json_object_get(item, "verified"), *a, *ct;
		struct camp *c;
		size_t k;
		if (json_is_false(verified))
			continue; /* the placeholders for unidentified camps */
		c = new_camp(json_incref(item), FIXTURE,
			     json_string_value(json_object_get(item, "name")));
		json_array_foreach(json_object_get(item, "aliases"), k, a)
			add_alias(c, json_string_value(a));
		json_array_foreach(json_object_get(item, "citations"), k, ct)
			json_object_set_new(cited, json_string_value(json_object_get(ct, "source")),
					    json_true());
	}
	json_decref(doc);
	json_decref(sdoc);
	free(path);
	free(spath);
}

static void load_curated_sources(const char *dir)
{
	static const char *const names[] = { "key", "kind", "title", "publisher", "url", "notes", NULL };
	char *path = path_join(dir, "sources.tsv");
	struct table t = read_tsv(path, 0, names);
	for (size_t r = 0; r < t.count; r++) {
		json_t *s = json_object();
		for (int k = 0; names[k]; k++) {
			const char *v = field(&t, &t.rows[r], names[k]);
			if (*v)
				json_object_set_new(s, names[k], json_string(v));
		}
		add_source(s);
	}
	free(path);
}

/* The facts of one designation in camp_reference_facts.tsv: fill the camp. */
static void apply_facts(const struct table *facts, const char *designation, json_t *obj,
			json_t *citations, char **notes)
{
	pt__buf text = PT__BUF_INIT;
	json_t *urls_seen = json_object();
	int found = 0;

	for (size_t r = 0; r < facts->count; r++) {
		const struct row *row = &facts->rows[r];
		const char *urls;
		char *copy, *p;
		if (strcmp(field(facts, row, "designation"), designation))
			continue;
		found = 1;
		if (*field(facts, row, "place_historic") && !json_object_get(obj, "place")) {
			pt__buf place = PT__BUF_INIT;
			pt__buf_printf(&place, "%s; today %s", field(facts, row, "place_historic"),
				       field(facts, row, "place_modern"));
			json_object_set_new(obj, "place", json_string(pt__buf_str(&place)));
			pt__buf_release(&place);
			json_object_set_new(obj, "country", json_string(country_code(
				field(facts, row, "country_modern"))));
		}
		if (*field(facts, row, "lat") && !json_object_get(obj, "lat")) {
			json_object_set_new(obj, "lat", json_real(strtod(field(facts, row, "lat"), NULL)));
			json_object_set_new(obj, "lon", json_real(strtod(field(facts, row, "lon"), NULL)));
		}
		pt__buf_printf(&text, "%s%s: %s.", text.len ? " " : "",
			       field(facts, row, "fact_kind"), field(facts, row, "fact"));
		urls = field(facts, row, "source_url");
		copy = xstrdup(urls);
		for (p = strtok(copy, ";"); p; p = strtok(NULL, ";")) {
			char *url = clean(p), *space = strchr(url, ' ');
			const char *key;
			if (space)
				*space = '\0'; /* "URL (via a stored proxy copy)" */
			if (!(key = source_by_url(url)))
				die("no source for the URL %s", url);
			if (!json_object_get(urls_seen, key)) {
				json_object_set_new(urls_seen, key, json_true());
				cite(citations, key, NULL, "authored");
			}
			free(url);
		}
		free(copy);
	}
	if (!found)
		die("no facts for '%s' in camp_reference_facts.tsv", designation);
	if (text.len) {
		pt__buf all = PT__BUF_INIT;
		pt__buf_printf(&all, "%s%sFrom shared/data/pow_camps/camp_reference_facts.tsv: %s",
			       *notes ? *notes : "", *notes && **notes ? " " : "", pt__buf_str(&text));
		free(*notes);
		*notes = pt__buf_detach(&all);
	}
	pt__buf_release(&text);
	json_decref(urls_seen);
}

static void load_curated_camps(const char *dir, const char *shared)
{
	static const char *const names[] = {
		"key", "name", "type", "aliases", "place", "country", "lat", "lon", "period",
		"facts", "sources", "notes", NULL,
	};
	char *path = path_join(dir, "german_camps.tsv");
	char *facts_path = path_join(shared, "pow_camps/camp_reference_facts.tsv");
	struct table t = read_tsv(path, 0, names), facts = read_tsv(facts_path, 1, NULL);

	for (size_t r = 0; r < t.count; r++) {
		const struct row *row = &t.rows[r];
		json_t *obj = json_object(), *citations = json_array();
		char *notes = xstrdup(field(&t, row, "notes")), *keys, *p;
		struct camp *c;

		json_object_set_new(obj, "key", json_string(field(&t, row, "key")));
		json_object_set_new(obj, "name", json_string(field(&t, row, "name")));
		json_object_set_new(obj, "type", json_string(field(&t, row, "type")));
		json_object_set_new(obj, "operator", json_string("DE"));
		if (*field(&t, row, "place"))
			json_object_set_new(obj, "place", json_string(field(&t, row, "place")));
		if (*field(&t, row, "country"))
			json_object_set_new(obj, "country", json_string(field(&t, row, "country")));
		if (*field(&t, row, "lat")) {
			json_object_set_new(obj, "lat", json_real(strtod(field(&t, row, "lat"), NULL)));
			json_object_set_new(obj, "lon", json_real(strtod(field(&t, row, "lon"), NULL)));
		}
		if (*field(&t, row, "facts"))
			apply_facts(&facts, field(&t, row, "facts"), obj, citations, &notes);
		if (*field(&t, row, "period"))
			json_object_set_new(obj, "period", json_string(field(&t, row, "period")));
		json_object_set_new(obj, "verified", json_true());
		keys = xstrdup(field(&t, row, "sources"));
		for (p = strtok(keys, " "); p; p = strtok(NULL, " "))
			cite(citations, p, NULL, "authored");
		free(keys);
		if (!json_array_size(citations))
			die("camp '%s' has no source", field(&t, row, "key"));
		json_object_set_new(obj, "notes", json_string(notes));
		json_object_set_new(obj, "citations", citations);
		c = new_camp(obj, CURATED, field(&t, row, "name"));
		add_aliases_split(c, field(&t, row, "aliases"), ';');
		free(notes);
	}
	free(path);
	free(facts_path);
}

/* ---- the Soviet camps (gulagmap.ru) ------------------------------------------------------ */

static const char *soviet_type(const char *type_id, const char *title)
{
	if (!strcmp(type_id, "1") || !strcmp(type_id, "2"))
		return "itl";     /* corrective labour camps; special camps (osoblag) */
	if (!strcmp(type_id, "3"))
		return "special"; /* NKVD special camps in occupied Germany */
	if (!strcmp(type_id, "6"))
		return "nkvd_filtration";
	if (!*type_id && strstr(title, "ITL"))
		return "itl";
	return "other";           /* camp points, special settlements, prisons */
}

struct site {
	long id, camp_id, order;
	double lat, lon;
	const char *description;
};

static int compare_sites(const void *pa, const void *pb)
{
	const struct site *a = pa, *b = pb;
	if (a->camp_id != b->camp_id)
		return a->camp_id < b->camp_id ? -1 : 1;
	if (a->order != b->order)
		return a->order < b->order ? -1 : 1;
	return a->id < b->id ? -1 : a->id > b->id;
}

static json_t *gulag_claims;

static void load_gulagmap(const char *shared)
{
	char *camps_path = path_join(shared, "gulag_camps/gulagmap_camps.csv");
	char *sites_path = path_join(shared, "gulag_camps/gulagmap_camp_locations.csv");
	char *stats_path = path_join(shared, "gulag_camps/gulagmap_camp_statistics.csv");
	struct table ct = read_csv(camps_path), lt = read_csv(sites_path), st = read_csv(stats_path);
	struct site *sites = xmalloc(lt.count * sizeof *sites);
	json_t *slug_count = json_object();

	for (size_t i = 0; i < lt.count; i++) {
		sites[i].id = strtol(field(&lt, &lt.rows[i], "id"), NULL, 10);
		sites[i].camp_id = strtol(field(&lt, &lt.rows[i], "camp_id"), NULL, 10);
		sites[i].order = strtol(field(&lt, &lt.rows[i], "order_index"), NULL, 10);
		sites[i].lat = strtod(field(&lt, &lt.rows[i], "lat"), NULL);
		sites[i].lon = strtod(field(&lt, &lt.rows[i], "lon"), NULL);
		sites[i].description = field(&lt, &lt.rows[i], "description_en");
	}
	qsort(sites, lt.count, sizeof *sites, compare_sites);

	/* keys: the slug of the English title; a slug that several camps share
	 * ends in the gulagmap id */
	for (size_t r = 0; r < ct.count; r++) {
		const struct row *row = &ct.rows[r];
		const char *en = field(&ct, row, "title_en");
		char *name = strcmp(en, "New prison") && *en ? clean(en)
			     : transliterate("Russian-Latin/BGN; Latin-ASCII",
					     clean(field(&ct, row, "title_ru")));
		char *s = slug(name);
		json_object_set_new(slug_count, s, json_integer(
			json_integer_value(json_object_get(slug_count, s)) + 1));
		free(s);
		free(name);
	}

	gulag_claims = json_array();
	for (size_t r = 0; r < ct.count; r++) {
		const struct row *row = &ct.rows[r];
		long id = strtol(field(&ct, row, "id"), NULL, 10);
		int repeated = 0;
		for (size_t q = 0; q < r && !repeated; q++)
			repeated = strtol(field(&ct, &ct.rows[q], "id"), NULL, 10) == id;
		if (repeated) {
			fprintf(stderr, "make_gazetteer: gulagmap_camps.csv: camp id %ld given twice; "
				"the second row is left out\n", id);
			continue;
		}
		const char *type_id = field(&ct, row, "type_id");
		const char *en = field(&ct, row, "title_en"), *de = field(&ct, row, "title_de");
		int placeholder = !strcmp(en, "New prison") || !*en;
		char *title_ru = clean(field(&ct, row, "title_ru"));
		char *name = placeholder ? transliterate("Russian-Latin/BGN; Latin-ASCII", title_ru)
					 : clean(en);
		char *s = slug(name), key[256];
		const char *type = soviet_type(type_id, name);
		int located_by_subtitle = !strcmp(type_id, "3") || !*type_id;
		int published = !strcmp(field(&ct, row, "published_en"), "true") ||
				!strcmp(field(&ct, row, "published_ru"), "true");
		json_t *obj = json_object(), *citations = json_array();
		pt__buf notes = PT__BUF_INIT;
		size_t first = 0, nsites = 0;
		struct camp *c;

		if (json_integer_value(json_object_get(slug_count, s)) > 1)
			snprintf(key, sizeof key, "%s-%ld", s, id);
		else
			snprintf(key, sizeof key, "%s", s);
		while (first < lt.count && sites[first].camp_id < id)
			first++;
		while (first + nsites < lt.count && sites[first + nsites].camp_id == id)
			nsites++;

		json_object_set_new(obj, "key", json_string(key));
		json_object_set_new(obj, "name", json_string(name));
		json_object_set_new(obj, "type", json_string(type));
		json_object_set_new(obj, "operator", json_string("SU"));
		if (located_by_subtitle && *field(&ct, row, "sub_titles_en"))
			json_object_set_new(obj, "place", json_string(clean(
				field(&ct, row, "sub_titles_en"))));
		else if (nsites)
			json_object_set_new(obj, "place", json_string(sites[first].description));
		if (!strcmp(field(&ct, row, "region_id"), "14"))
			json_object_set_new(obj, "country", json_string("DE"));
		if (nsites) {
			json_object_set_new(obj, "lat", json_real(sites[first].lat));
			json_object_set_new(obj, "lon", json_real(sites[first].lon));
		}
		json_object_set_new(obj, "verified", published ? json_true() : json_false());

		pt__buf_printf(&notes, "From the gulagmap.ru data (camp id %ld): %s", id,
			       *field(&ct, row, "type_en") ? field(&ct, row, "type_en") : "no type given");
		if (*field(&ct, row, "activity_en"))
			pt__buf_printf(&notes, "; activity: %s", field(&ct, row, "activity_en"));
		if (*field(&ct, row, "region_en"))
			pt__buf_printf(&notes, "; region: %s", field(&ct, row, "region_en"));
		pt__buf_puts(&notes, ".");
		if (!strcmp(type_id, "2"))
			pt__buf_puts(&notes, " A special camp (osoblag) of the MVD, 1948-1954: a "
				     "corrective labour camp for political prisoners.");
		if (placeholder)
			pt__buf_printf(&notes, " The data give no English title; the name is the "
				       "BGN/PCGN romanisation of '%s'.", title_ru);
		if (!published)
			pt__buf_puts(&notes, " Not published on gulagmap.ru (a draft entry of its data).");
		if (located_by_subtitle && *field(&ct, row, "sub_titles_ru"))
			pt__buf_printf(&notes, " Place as the data give it: %s.",
				       clean(field(&ct, row, "sub_titles_ru")));
		if (nsites > 1) {
			pt__buf_printf(&notes, " %zu sites:", nsites);
			for (size_t k = 0; k < nsites; k++)
				pt__buf_printf(&notes, " %zu) %s (%.5f, %.5f)%s", k + 1,
					       sites[first + k].description, sites[first + k].lat,
					       sites[first + k].lon, k + 1 < nsites ? ";" : ".");
		}
		{
			char locator[64];
			snprintf(locator, sizeof locator, "camp id %ld", id);
			cite(citations, "gulagmap-camps", locator, "derivative");
			if (nsites) {
				snprintf(locator, sizeof locator, "camp_id %ld", id);
				cite(citations, "gulagmap-camp-locations", locator, "derivative");
			}
		}
		json_object_set_new(obj, "notes", json_string(pt__buf_str(&notes)));
		json_object_set_new(obj, "citations", citations);
		pt__buf_release(&notes);

		c = new_camp(obj, GULAGMAP, name);
		c->gulag_id = id;
		c->title_ru = xstrdup(title_ru);
		add_alias(c, title_ru);
		if (*de && strcmp(de, "Neue Gefängnis"))
			add_alias(c, de);
		if (!located_by_subtitle) {
			add_aliases_split(c, field(&ct, row, "sub_titles_ru"), ',');
			add_aliases_split(c, field(&ct, row, "sub_titles_en"), ',');
		}

		/* the prisoners counted at each site, per year */
		for (size_t k = 0; k < nsites; k++) {
			const struct site *site = &sites[first + k];
			for (size_t i = 0; i < st.count; i++) {
				const struct row *srow = &st.rows[i];
				char question[512], claim_key[64], site_no[16], text[1024], locator[64];
				const char *year = field(&st, srow, "year");
				json_t *population, *claim;
				if (strtol(field(&st, srow, "location_id"), NULL, 10) != site->id)
					continue;
				snprintf(claim_key, sizeof claim_key, "gulagmap-count-%s",
					 field(&st, srow, "id"));
				snprintf(site_no, sizeof site_no, "%zu", k + 1);
				if (nsites > 1)
					snprintf(question, sizeof question, "camp-population:%s:site-%s:%s",
						 key, site_no, year);
				else
					snprintf(question, sizeof question, "camp-population:%s:%s", key, year);
				population = json_pack("{s:s, s:s}", "camp", key, "as_of", year);
				if (nsites > 1)
					json_object_set_new(population, "site", json_string(site_no));
				snprintf(text, sizeof text, "%s prisoners in %s at %s (gulagmap.ru)",
					 field(&st, srow, "prisoners_count"), year, site->description);
				snprintf(locator, sizeof locator, "id %s", field(&st, srow, "id"));
				claim = json_pack("{s:s, s:s, s:s, s:o, s:I, s:s}",
					"key", claim_key, "question", question, "metric", "held",
					"population", population,
					"value", (json_int_t)strtoll(field(&st, srow, "prisoners_count"), NULL, 10),
					"text", text);
				json_object_set_new(claim, "citation",
						    citation("gulagmap-camp-statistics", locator, "derivative"));
				json_object_set_new(cited, "gulagmap-camp-statistics", json_true());
				json_array_append_new(gulag_claims, claim);
			}
		}
		free(s);
		free(name);
		free(title_ru);
	}
	json_decref(slug_count);
	free(sites);
	free(camps_path);
	free(sites_path);
	free(stats_path);
}

/* ---- names and aliases ----------------------------------------------------------------------- */

struct claim_of {
	char *key;       /* folded */
	size_t camp;
	int is_name;
};

static int compare_claims(const void *pa, const void *pb)
{
	const struct claim_of *a = pa, *b = pb;
	int c = strcmp(a->key, b->key);
	if (c)
		return c;
	return a->camp < b->camp ? -1 : a->camp > b->camp;
}

/* Gives camps that fold to the same name distinct names: the romanised
 * Russian title, then the gulagmap id. */
static void distinct_names(void)
{
	for (int round = 0; round < 2; round++) {
		struct claim_of *names = xmalloc(camp_count * sizeof *names);
		for (size_t i = 0; i < camp_count; i++) {
			names[i].key = fold(camps[i].name);
			names[i].camp = i;
		}
		qsort(names, camp_count, sizeof *names, compare_claims);
		for (size_t i = 0; i < camp_count; ) {
			size_t j = i;
			while (j < camp_count && !strcmp(names[j].key, names[i].key))
				j++;
			for (size_t k = i; j - i > 1 && k < j; k++) {
				struct camp *c = &camps[names[k].camp];
				pt__buf b = PT__BUF_INIT;
				if (c->standing != GULAGMAP)
					die("two camps are called '%s'", c->name);
				if (round == 0) {
					/* a shared English title is often a mistranslation:
					 * the romanised Russian title tells them apart */
					char *romanised = transliterate("Russian-Latin/BGN; Latin-ASCII",
									 c->title_ru);
					pt__buf n = PT__BUF_INIT;
					add_alias(c, c->name);
					pt__buf_puts(&n, json_string_value(json_object_get(c->obj, "notes")));
					pt__buf_printf(&n, " The data's English title, '%s', is shared by "
						       "other camps (it may be a mistranslation); the name "
						       "is the romanised Russian title.", c->name);
					json_object_set_new(c->obj, "notes", json_string(pt__buf_str(&n)));
					pt__buf_release(&n);
					c->base_name = xstrdup(romanised);
					pt__buf_puts(&b, romanised);
					free(romanised);
				} else {
					pt__buf_printf(&b, "%s (gulagmap %ld)",
						       c->base_name ? c->base_name : c->name, c->gulag_id);
				}
				free(c->name);
				c->name = pt__buf_detach(&b);
				json_object_set_new(c->obj, "name", json_string(c->name));
			}
			i = j;
		}
		for (size_t i = 0; i < camp_count; i++)
			free(names[i].key);
		free(names);
	}
}

/* Keeps each alias only where it names one camp (see the file comment). */
static void resolve_aliases(void)
{
	size_t n = 0, cap = camp_count;
	struct claim_of *all;

	for (size_t i = 0; i < camp_count; i++)
		cap += camps[i].alias_count;
	all = xmalloc(cap * sizeof *all);
	for (size_t i = 0; i < camp_count; i++) {
		all[n].key = fold(camps[i].name);
		all[n].camp = i;
		all[n++].is_name = 1;
		for (size_t k = 0; k < camps[i].alias_count; k++) {
			all[n].key = fold(camps[i].aliases[k]);
			all[n].camp = i;
			all[n++].is_name = 0;
		}
	}
	qsort(all, n, sizeof *all, compare_claims);
	for (size_t i = 0; i < n; ) {
		size_t j = i, owner = (size_t)-1, owners = 0;
		int best = 99, name_owner = 0;
		while (j < n && !strcmp(all[j].key, all[i].key))
			j++;
		/* a camp's own name wins; else the strongest standing, if alone */
		for (size_t k = i; k < j; k++) {
			int s = all[k].is_name ? -1 : (int)camps[all[k].camp].standing;
			if (s < best) {
				best = s;
				owner = all[k].camp;
				owners = 1;
				name_owner = all[k].is_name;
			} else if (s == best && all[k].camp != owner) {
				owners++;
			}
		}
		if (!*all[i].key)
			owners = 0; /* no letter or digit: no alias */
		for (size_t k = i; k < j; k++) {
			struct camp *c = &camps[all[k].camp];
			if (all[k].is_name || (owners == 1 && all[k].camp == owner))
				continue;
			if (c->standing == FIXTURE)
				die("an alias of fixture camp '%s' names another camp", c->name);
			for (size_t a = 0; a < c->alias_count; a++) {
				char *f;
				if (!c->aliases[a])
					continue;
				f = fold(c->aliases[a]);
				if (!strcmp(f, all[k].key)) {
					json_array_append_new(c->dropped, json_string(c->aliases[a]));
					free(c->aliases[a]);
					c->aliases[a] = NULL;
				}
				free(f);
			}
		}
		(void)name_owner;
		i = j;
	}
	for (size_t i = 0; i < n; i++)
		free(all[i].key);
	free(all);
}

static json_t *finish_camp(struct camp *c)
{
	json_t *aliases = json_array();
	if (c->standing == FIXTURE)
		return json_incref(c->obj);
	for (size_t a = 0; a < c->alias_count; a++)
		if (c->aliases[a])
			json_array_append_new(aliases, json_string(c->aliases[a]));
	if (json_array_size(c->dropped)) {
		pt__buf b = PT__BUF_INIT;
		size_t i;
		json_t *d;
		pt__buf_puts(&b, json_string_value(json_object_get(c->obj, "notes")));
		pt__buf_puts(&b, " Also called ");
		json_array_foreach(c->dropped, i, d)
			pt__buf_printf(&b, "%s'%s'", i ? ", " : "", json_string_value(d));
		pt__buf_puts(&b, ", a name that other camps share too, so it is not an alias here.");
		json_object_set_new(c->obj, "notes", json_string(pt__buf_str(&b)));
		pt__buf_release(&b);
	}
	/* aliases come before the notes and citations, as in the fixtures */
	{
		json_t *out = json_object(), *v;
		const char *k;
		json_object_foreach(c->obj, k, v) {
			if (!strcmp(k, "notes"))
				json_object_set_new(out, "aliases", aliases);
			json_object_set(out, k, v);
		}
		return out;
	}
}

/* ---- claims from claims.tsv ------------------------------------------------------------------- */

static json_t *curated_claims(const char *dir)
{
	static const char *const names[] = {
		"key", "camp", "metric", "as_of", "value", "value_min", "approximate",
		"nationality", "text", "source", "locator", NULL,
	};
	char *path = path_join(dir, "claims.tsv");
	struct table t = read_tsv(path, 0, names);
	json_t *out = json_array();

	for (size_t r = 0; r < t.count; r++) {
		const struct row *row = &t.rows[r];
		const char *camp = field(&t, row, "camp"), *as_of = field(&t, row, "as_of");
		const char *nat = field(&t, row, "nationality"), *metric = field(&t, row, "metric");
		json_t *population = json_pack("{s:s}", "camp", camp), *claim;
		pt__buf question = PT__BUF_INIT;
		int known = 0;

		for (size_t i = 0; i < camp_count; i++)
			known |= !strcmp(json_string_value(json_object_get(camps[i].obj, "key")), camp);
		if (!known)
			die("claims.tsv: unknown camp '%s'", camp);
		pt__buf_printf(&question, "camp-%s:%s",
			       !strcmp(metric, "held") ? "population" : metric, camp);
		if (*as_of) {
			json_object_set_new(population, "as_of", json_string(as_of));
			pt__buf_printf(&question, ":%s", as_of);
		}
		if (*nat) {
			json_t *codes = json_array();
			char *copy = xstrdup(nat), *p;
			for (p = strtok(copy, ","); p; p = strtok(NULL, ","))
				json_array_append_new(codes, json_string(p));
			free(copy);
			json_object_set_new(population, "nationality",
					    json_array_size(codes) == 1
					    ? json_incref(json_array_get(codes, 0)) : json_incref(codes));
			json_decref(codes);
			pt__buf_printf(&question, ":%s", nat);
		}
		claim = json_pack("{s:s, s:s, s:s, s:o}", "key", field(&t, row, "key"),
				  "question", pt__buf_str(&question), "metric", metric,
				  "population", population);
		if (*field(&t, row, "value"))
			json_object_set_new(claim, "value",
				json_integer(strtoll(field(&t, row, "value"), NULL, 10)));
		else
			json_object_set_new(claim, "value_min",
				json_integer(strtoll(field(&t, row, "value_min"), NULL, 10)));
		json_object_set_new(claim, "approximate",
				    json_boolean(!strcmp(field(&t, row, "approximate"), "1")));
		json_object_set_new(claim, "text", json_string(field(&t, row, "text")));
		if (!json_object_get(sources_by_key, field(&t, row, "source")))
			die("claims.tsv: unknown source '%s'", field(&t, row, "source"));
		json_object_set_new(cited, field(&t, row, "source"), json_true());
		json_object_set_new(claim, "citation", citation(field(&t, row, "source"),
			field(&t, row, "locator"), "authored"));
		json_array_append_new(out, claim);
		pt__buf_release(&question);
	}
	free(path);
	return out;
}

int main(int argc, char **argv)
{
	const char *shared, *fixtures, *out_path;
	char *dir, *slash;
	json_t *doc, *sources, *camp_list, *claims, *key;
	size_t i;

	if (argc != 4) {
		fputs("usage: make_gazetteer SHARED_DIR FIXTURES_DIR OUT.json\n", stderr);
		return 2;
	}
	shared = argv[1];
	fixtures = argv[2];
	out_path = argv[3];
	dir = xstrdup(out_path);
	slash = strrchr(dir, '/');
	if (slash)
		*slash = '\0';
	else
		strncpy(dir, ".", 2);
	if (pt_db_open(&db, ":memory:", PT_OPEN_CREATE))
		die("%s", "cannot open an in-memory database");

	sources_by_key = json_object();
	source_order = json_array();
	cited = json_object();
	load_fixture_camps(fixtures);
	load_curated_sources(dir);
	load_curated_camps(dir, shared);
	load_gulagmap(shared);
	distinct_names();
	resolve_aliases();

	camp_list = json_array();
	for (i = 0; i < camp_count; i++)
		json_array_append_new(camp_list, finish_camp(&camps[i]));
	claims = curated_claims(dir);
	json_array_extend(claims, gulag_claims);

	/* the sources that something cites, in the order given */
	sources = json_array();
	json_array_foreach(source_order, i, key) {
		const char *k = json_string_value(key);
		if (json_object_get(cited, k))
			json_array_append(sources, json_object_get(sources_by_key, k));
	}
	doc = json_pack("{s:o, s:o, s:o}", "sources", sources, "camps", camp_list,
			"claims", claims);
	if (json_dump_file(doc, out_path, JSON_INDENT(1) | JSON_PRESERVE_ORDER) != 0)
		die("cannot write %s", out_path);
	fprintf(stderr, "make_gazetteer: %s: %zu sources, %zu camps, %zu claims\n", out_path,
		json_array_size(sources), json_array_size(camp_list), json_array_size(claims));
	json_decref(doc);
	pt_db_free(db);
	return 0;
}
