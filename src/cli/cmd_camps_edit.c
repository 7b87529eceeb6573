/*
 * cmd_camps_edit.c - putting camps right: `powtrace camps merge FROM INTO`
 * (FROM is the camp INTO), `unmerge` (take a merge back), `merges` (the
 * log), `verify` (a camp of its own) and `alias` (another spelling).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void say_merge(const char *what, const pt_camp_merge_info *m)
{
	printf("%s %s (%s) into %s (%s), merge %lld: %ld spelling%s became %s; %ld event%s, "
	       "%ld citation%s, %ld location%s and %ld claim%s moved; the status of %ld person%s "
	       "derived again\n", what, m->from_key, m->from_name ? m->from_name : "?",
	       m->into_key ? m->into_key : "?", m->into_name ? m->into_name : "?",
	       (long long)m->id, m->aliases, m->aliases == 1 ? "" : "s",
	       m->aliases == 1 ? "an alias" : "aliases", m->events,
	       m->events == 1 ? "" : "s", m->citations, m->citations == 1 ? "" : "s",
	       m->locations, m->locations == 1 ? "" : "s", m->claims, m->claims == 1 ? "" : "s",
	       m->persons, m->persons == 1 ? "" : "s");
}

static int list_merges(struct cli *cli, enum output_format format)
{
	static const char *const headers[] = {
		"merge", "from", "into", "merged", "taken back", "aliases", "events", "persons",
	};
	pt_camp_merge_info *list = NULL;
	size_t n = 0;
	struct table *t;

	if (pt_camp_merge_list(cli->db, &list, &n))
		return cli_error("camps merges: %s", pt_db_errmsg(cli->db));
	if (format == OUT_JSON) {
		json_t *doc = json_array();
		for (size_t i = 0; i < n; i++)
			json_array_append_new(doc, render_camp_merge(&list[i]));
		json_print(doc);
		json_decref(doc);
	} else if (!n && format == OUT_TABLE) {
		printf("no camp was merged\n");
	} else {
		t = table_new(8, headers);
		for (size_t i = 0; i < n; i++) {
			char id[24], aliases[24], events[24], persons[24];
			const char *cells[8] = { id, list[i].from_key, list[i].into_key,
						 list[i].merged_at, list[i].unmerged_at, aliases, events,
						 persons };
			snprintf(id, sizeof id, "%lld", (long long)list[i].id);
			snprintf(aliases, sizeof aliases, "%ld", list[i].aliases);
			snprintf(events, sizeof events, "%ld", list[i].events);
			snprintf(persons, sizeof persons, "%ld", list[i].persons);
			table_add(t, cells);
		}
		if (format == OUT_CSV)
			table_print_csv(t, stdout);
		else
			table_print(t, stdout, "");
		table_free(t);
	}
	pt_camp_merge_list_free(list, n);
	return EXIT_OK;
}

int cli_camps_edit(struct cli *cli, int argc, char **argv)
{
	enum output_format format = OUT_TABLE;
	const char *sub = argv[1], *args[3] = { NULL, NULL, NULL };
	pt_camp_merge_info info;
	size_t nargs = 0;
	int rc, want;

	if (!strcmp(sub, "merge") || !strcmp(sub, "alias"))
		want = 2;
	else if (!strcmp(sub, "unmerge") || !strcmp(sub, "verify"))
		want = 1;
	else if (!strcmp(sub, "merges"))
		want = 0;
	else
		return -1;
	for (int i = 2; i < argc; i++) {
		if ((rc = cli_format_option(cli, argc, argv, &i, &format)) != 0) {
			if (rc < 0)
				return EXIT_USAGE;
		} else if (argv[i][0] == '-' && argv[i][1] && strcmp(argv[i], "--") && nargs < 2) {
			return cli_usage_error(cli, "%s: unknown option '%s'", sub, argv[i]);
		} else if (!strcmp(argv[i], "--")) {
			continue;
		} else if (nargs < 3) {
			args[nargs++] = argv[i];
		}
	}
	if ((int)nargs != want)
		return cli_usage_error(cli, "%s takes %s", sub,
				       want == 2 && !strcmp(sub, "merge") ? "two camps: FROM INTO"
				       : want == 2 ? "a camp and a spelling: CAMP SPELLING"
				       : !strcmp(sub, "unmerge") ? "a merge's number or the key of the camp "
				       "merged away" : want == 1 ? "one camp" : "no argument");
	if (!strcmp(sub, "merges"))
		return list_merges(cli, format);
	if (!strcmp(sub, "merge") || !strcmp(sub, "unmerge")) {
		if (!strcmp(sub, "merge")) {
			rc = pt_camp_merge(cli->db, args[0], args[1], &info);
		} else {
			char *end;
			long long id = strtoll(args[0], &end, 10);
			rc = pt_camp_unmerge(cli->db, *args[0] && !*end && id > 0 ? id : 0,
					     *args[0] && !*end ? NULL : args[0], &info);
		}
		if (rc)
			return cli_error("camps %s: %s", sub, pt_db_errmsg(cli->db));
		cli->committed = 1;
		if (format == OUT_JSON) {
			json_t *doc = render_camp_merge(&info);
			json_print(doc);
			json_decref(doc);
		} else {
			say_merge(!strcmp(sub, "merge") ? "merged" : "took back: merged", &info);
			if (!strcmp(sub, "merge"))
				printf("take it back with 'powtrace camps unmerge %lld'\n", (long long)info.id);
		}
		pt_camp_merge_info_release(&info);
		return EXIT_OK;
	}
	if (!strcmp(sub, "verify")) {
		int64_t id;
		if (pt_camp_verify(cli->db, args[0], &id))
			return cli_error("camps verify: %s", pt_db_errmsg(cli->db));
		cli->committed = 1;
		printf("camp '%s' is verified\n", args[0]);
		return EXIT_OK;
	}
	if (pt_camp_alias_add(cli->db, args[0], args[1]))
		return cli_error("camps alias: %s", pt_db_errmsg(cli->db));
	cli->committed = 1;
	printf("'%s' names camp '%s'\n", args[1], args[0]);
	return EXIT_OK;
}
