/*
 * test_vocab.c - the vocabulary of the records is defined once (records/
 * vocab.c) and everything follows it: the schema's CHECK constraints (read
 * from sqlite_schema of a migrated database), the flat CSV's event columns,
 * the status parser, the surname particles of the import and the search,
 * and the lists the command line's help prints.
 */
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "testdb.h"
#include "import/sheet.h"

/* The quoted values of "COLUMN ... CHECK (COLUMN IN ('a', 'b', ...))" in the
 * CREATE TABLE statement of `table`, joined by ", "; NULL when none. */
static char *check_values(pt_db *db, const char *table, const char *column)
{
	pt__buf sql = PT__BUF_INIT, out = PT__BUF_INIT, pattern = PT__BUF_INIT;
	char *create, *p, *end;

	pt__buf_printf(&sql, "SELECT sql FROM sqlite_schema WHERE type = 'table' AND name = '%s'",
		       table);
	create = pt_test_text(db, pt__buf_str(&sql));
	pt__buf_release(&sql);
	if (!create)
		return NULL;
	pt__buf_printf(&pattern, "CHECK (%s IN (", column);
	if (!(p = strstr(create, pt__buf_str(&pattern)))) {
		pt__buf_release(&pattern);
		free(create);
		return NULL;
	}
	p += pattern.len;
	end = strchr(p, ')');
	while (p && p < end && (p = strchr(p, '\'')) && p < end) {
		char *close = strchr(p + 1, '\'');
		pt__buf_printf(&out, "%s%.*s", out.len ? ", " : "", (int)(close - p - 1), p + 1);
		p = close + 1;
	}
	pt__buf_release(&pattern);
	free(create);
	return pt__buf_detach(&out);
}

static char *vocab_text(enum pt__vocab vocab)
{
	pt__buf b = PT__BUF_INIT;
	pt__vocab_list(vocab, ", ", &b);
	return pt__buf_detach(&b);
}

static void test_schema_checks_list_the_vocabulary(void)
{
	static const struct { const char *table, *column; enum pt__vocab vocab; } checks[] = {
		{ "event", "type", PT__VOCAB_EVENT_TYPE },
		{ "camp", "type", PT__VOCAB_CAMP_TYPE },
		{ "person", "status", PT__VOCAB_STATUS },
		{ "person", "sex", PT__VOCAB_SEX },
		{ "source", "kind", PT__VOCAB_SOURCE_KIND },
		{ "source_link", "relation", PT__VOCAB_SOURCE_RELATION },
		{ "citation", "source_quality", PT__VOCAB_SOURCE_QUALITY },
		{ "citation", "information", PT__VOCAB_INFORMATION },
		{ "citation", "evidence", PT__VOCAB_EVIDENCE },
	};
	pt_db *db = NULL;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	for (size_t i = 0; db && i < sizeof checks / sizeof *checks; i++) {
		char *schema = check_values(db, checks[i].table, checks[i].column);
		char *table = vocab_text(checks[i].vocab);
		if (!schema || !table || strcmp(schema, table)) {
			fprintf(stderr, "%s.%s: the schema allows '%s', vocab.c lists '%s'\n",
				checks[i].table, checks[i].column, schema ? schema : "(no CHECK)",
				table ? table : "");
			CHECK(!"the schema's CHECK lists the vocabulary");
		}
		free(schema);
		free(table);
	}
	pt_db_free(db);
}

/* The flat CSV has TYPE_date ... TYPE_operation for the event types vocab.c
 * marks flat, consecutive and in the table's order, and no event columns
 * for the others. */
static void test_flat_event_columns_follow_the_event_types(void)
{
	static const char *const parts[] = { "date", "place", "camp", "agent", "notes",
					     "operation" };
	int first = pt__field_find(PT__KIND_PERSON, "capture_date"), e = 0;
	const struct pt__event_type *t;

	CHECK(first >= 0);
	for (size_t i = 0; (t = pt__event_type_at(i)); i++)
		for (size_t k = 0; k < 6; k++) {
			char name[64];
			snprintf(name, sizeof name, "%s_%s", t->name, parts[k]);
			int f = pt__field_find(PT__KIND_PERSON, name);
			if (t->flat)
				CHECK_INT(f, first + e * 6 + (int)k);
			else if (f >= 0)   /* birth_date, birth_place: the person's own */
				CHECK_INT(pt__field_get(f)->event, -1);
			if (k == 5 && t->flat)
				e++;
		}
	CHECK_INT(e, 12);
}

static void test_one_status_parser(void)
{
	pt_status s = PT_STATUS_RETURNED;
	for (size_t i = 0; i < pt__vocab_count(PT__VOCAB_STATUS); i++) {
		const char *name = pt__vocab_value(PT__VOCAB_STATUS, i);
		CHECK_INT(pt_status_parse(name, &s), PT_OK);
		CHECK_STR(pt_status_name(s), name);
	}
	CHECK_INT(pt_status_parse("Returned", &s), PT_EINVAL);
	CHECK_INT(pt_status_parse("", NULL), PT_EINVAL);
	CHECK_INT(pt_status_parse(NULL, NULL), PT_EINVAL);
	CHECK_INT(pt_status_parse("unaccounted", NULL), PT_OK);
}

/* The event fates the status derivation follows */
static void test_event_fates(void)
{
	CHECK_INT(pt__event_fate("return"), PT__FATE_RETURNED);
	CHECK_INT(pt__event_fate("repatriation"), PT__FATE_RETURNED);
	CHECK_INT(pt__event_fate("burial"), PT__FATE_DIED);
	CHECK_INT(pt__event_fate("release"), PT__FATE_CAPTIVE);
	CHECK_INT(pt__event_fate("birth"), PT__FATE_NONE);
	CHECK_INT(pt__event_fate("coronation"), PT__FATE_NONE);
	CHECK_INT(pt__event_fate(NULL), PT__FATE_NONE);
	CHECK_STR(pt__event_type("handover")->label, "Handover to another power");
	CHECK(pt__event_type("Capture") == NULL);
}

/* One list of surname particles for the whole name search and the import's
 * whole names ("vom", "mc", "o" were in one list only). */
static void test_one_list_of_particles(void)
{
	char *surname = NULL, *given = NULL;

	CHECK(pt__surname_particle("vom", 3));
	CHECK(pt__surname_particle("Mc", 2));
	CHECK(pt__surname_particle("O", 1));
	CHECK(pt__surname_particle("St.", 3));
	CHECK(pt__surname_particle("VAN", 3));
	CHECK(!pt__surname_particle("Kelly", 5));
	CHECK(!pt__surname_particle(".", 1));
	CHECK(!pt__surname_particle("", 0));
	CHECK(pt__name_is_particle("vom"));
	CHECK(pt__name_is_particle("o"));
	/* the import splits a whole name with the same list */
	CHECK_INT(pt__full_name_split("Ernst vom Rath", PT__ORDER_AUTO, &surname, &given), PT_OK);
	CHECK_STR(surname, "vom Rath");
	CHECK_STR(given, "Ernst");
	free(surname);
	free(given);
	CHECK_INT(pt__full_name_split("Patrick O Brien", PT__ORDER_AUTO, &surname, &given), PT_OK);
	CHECK_STR(surname, "O Brien");
	CHECK_STR(given, "Patrick");
	free(surname);
	free(given);
}

/* ---- the command line's help ------------------------------------------------ */

/* The powtrace binary beside this one (make builds both into one folder). */
static const char *cli_binary(void)
{
	static char path[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 16);
	char *slash;
	if (n <= 0)
		return NULL;
	path[n] = '\0';
	if (!(slash = strrchr(path, '/')))
		return NULL;
	strcpy(slash + 1, "powtrace");
	return access(path, X_OK) == 0 ? path : NULL;
}

/* The help of `command`, whole; NULL when it cannot be run. */
static char *help_of(const char *binary, const char *command)
{
	pt__buf cmd = PT__BUF_INIT, out = PT__BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *p;

	pt__buf_printf(&cmd, "'%s' %s --help 2>&1", binary, command);
	p = popen(pt__buf_str(&cmd), "r");
	pt__buf_release(&cmd);
	if (!p)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
		pt__buf_add(&out, chunk, n);
	pclose(p);
	return pt__buf_detach(&out);
}

/* The list of words that follows `marker` in text, up to `stop`: items
 * separated by ",", " or " and white space (line breaks and indentation
 * included), each without what it has in brackets, spaces inside an item
 * written as '_' ("last seen" -> last_seen); joined by ", ". */
static char *listed_after(const char *text, const char *marker, const char *stop)
{
	const char *p = text ? strstr(text, marker) : NULL, *end;
	pt__buf item = PT__BUF_INIT, out = PT__BUF_INIT;
	int depth = 0;

	if (!p)
		return NULL;
	p += strlen(marker);
	end = strstr(p, stop);
	for (; p && end && p <= end; p++) {
		int last = p == end;
		if (!last && *p == '(') {
			depth++;
			continue;
		}
		if (!last && *p == ')') {
			depth--;
			continue;
		}
		if (depth)
			continue;
		if (last || *p == ',' || !strncmp(p, " or ", 4)) {
			/* the item: trimmed, inner white space as one '_' */
			const char *s = pt__buf_str(&item);
			size_t len = strlen(s);
			while (len && s[len - 1] == '_')
				len--;
			while (len && *s == '_')
				s++, len--;
			if (len)
				pt__buf_printf(&out, "%s%.*s", out.len ? ", " : "", (int)len, s);
			pt__buf_reset(&item);
			if (!last && *p != ',')
				p += 3;
			continue;
		}
		if (*p == ' ' || *p == '\n' || *p == '\t') {
			if (item.len && item.data[item.len - 1] != '_')
				pt__buf_putc(&item, '_');
		} else {
			pt__buf_putc(&item, *p);
		}
	}
	pt__buf_release(&item);
	return pt__buf_detach(&out);
}

static void check_help_list(const char *binary, const char *command, const char *marker,
			    const char *stop, const char *want)
{
	char *help = help_of(binary, command);
	char *got = listed_after(help, marker, stop);
	if (!got || strcmp(got, want)) {
		fprintf(stderr, "powtrace %s --help lists '%s' after '%s', the table '%s'\n",
			command, got ? got : "(nothing)", marker, want);
		CHECK(!"the help lists the vocabulary");
	}
	free(got);
	free(help);
}

static void test_help_lists_the_vocabulary(void)
{
	const char *binary = cli_binary();
	char *statuses = vocab_text(PT__VOCAB_STATUS);
	char *kinds = vocab_text(PT__VOCAB_SOURCE_KIND);
	pt__buf captive = PT__BUF_INIT;
	const struct pt__event_type *t;

	for (size_t i = 0; (t = pt__event_type_at(i)); i++)
		if (t->fate == PT__FATE_CAPTIVE)
			pt__buf_printf(&captive, "%s%s", captive.len ? ", " : "", t->name);
	if (!binary) {
		pt_test_skip("test_help_lists_the_vocabulary", "no powtrace binary beside the "
			     "unit tests");
	} else {
		check_help_list(binary, "count", "  status ", "\n", statuses);
		check_help_list(binary, "find", "--status STATUS ", "\n", statuses);
		check_help_list(binary, "source", "Kinds:", ".\n", kinds);
		/* the status an event leaves a person in */
		check_help_list(binary, "show", "or in transit\n               (", ")",
				pt__buf_str(&captive));
	}
	free(statuses);
	free(kinds);
	pt__buf_release(&captive);
}

void suite_vocab(void);
void suite_vocab(void)
{
	RUN(test_schema_checks_list_the_vocabulary);
	RUN(test_flat_event_columns_follow_the_event_types);
	RUN(test_one_status_parser);
	RUN(test_event_fates);
	RUN(test_one_list_of_particles);
	RUN(test_help_lists_the_vocabulary);
}
