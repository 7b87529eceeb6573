/*
 * research_out.c - the dossier's last part: what researchers added about the
 * man, with its source, and the searches made for him, found or not.
 */
#include <stdlib.h>

#include "cli.h"

const char *cli_user(void)
{
	const char *user = getenv("USER");
	return user && *user ? user : "unknown";
}

int cli_research_print(struct cli *cli, int64_t id)
{
	static const char *const headers[] = { "#", "what", "source / where", "by", "on" };
	pt_research_entries *entries = NULL;
	struct table *t;

	if (pt_research_list(cli->db, id, 0, &entries))
		return cli_error("%s", pt_db_errmsg(cli->db));
	if (!entries->count) {
		pt_research_entries_free(entries);
		return EXIT_OK;
	}
	printf("\nResearch (added with 'powtrace add', searches logged with 'powtrace searched')\n");
	t = table_new(5, headers);
	for (size_t i = 0; i < entries->count; i++) {
		const pt_research_entry *e = &entries->items[i];
		char n[24], where[1024], day[16];
		const char *cells[5];
		snprintf(n, sizeof n, "%lld", (long long)e->id);
		if (e->found < 0)
			snprintf(where, sizeof where, "%s, %s", e->source ? e->source : "?",
				 e->locator ? e->locator : "");
		else
			snprintf(where, sizeof where, "%s", e->where ? e->where : "");
		snprintf(day, sizeof day, "%.10s", e->made_at ? e->made_at : "");
		cells[0] = n;
		cells[1] = e->what;
		cells[2] = where;
		cells[3] = e->made_by;
		cells[4] = day;
		table_add(t, cells);
		if (e->note) {
			const char *note[5] = { "", e->note, "", "", "" };
			table_add(t, note);
		}
	}
	table_print(t, stdout, "  ");
	table_free(t);
	pt_research_entries_free(entries);
	return EXIT_OK;
}
