/*
 * cmd_keys.c - `powtrace keys NAME...`: every search key of a name (folded
 * form, variant, Soundex, Daitch-Mokotoff branches, romanisations, clerk
 * keys, given-name equivalents), and with two names or more, the keys on
 * which they meet.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char help_keys[] =
	"usage: powtrace keys [--format table|csv|json] NAME [NAME...]\n\n"
	"Prints every search key that 'powtrace find' computes for each NAME, so\n"
	"that you can see why two names meet or do not. Quote a name of several\n"
	"words: powtrace keys \"Harold Walker\" \"Уокер Гарольд\". With two names or\n"
	"more, a '*' marks each key another name shares, and a last line says on\n"
	"which keys the names meet.\n\n"
	"kinds of key:\n"
	"  exact       the folded form: lower case, no accents or punctuation\n"
	"              (and the ä/ae spellings of German names)\n"
	"  part        one part of a double or hyphenated surname\n"
	"  variant     the spelling skeleton (Kelley, Kellie -> kely)\n"
	"  reverse     the folded form backwards (for patterns such as *son)\n"
	"  soundex     American Soundex (surnames)\n"
	"  dm          one branch of the Daitch-Mokotoff code\n"
	"  translit    a romanisation of a Cyrillic name (BGN/PCGN, ISO 9)\n"
	"  clerk_latn  the clerk key of a Latin name: the consonant skeleton shared\n"
	"  clerk_cyrl  with the Cyrillic a Soviet clerk wrote for it (Г/Х for H,\n"
	"              У/В for W, Дж for J); a Latin spelling may give several\n"
	"  nickname    a group of given-name equivalents (Bill -> william)\n"
	"  initial     the letters of an initial or abbreviation (F., Wm.)\n\n"
	"The name is read as 'find' reads it: after a comma the given names\n"
	"(\"Kelly, Frank\"); else a word in capitals is the surname; else a Cyrillic\n"
	"name is read surname first and a Latin one surname last.\n"
	"This command needs no database.\n";

/* Keys in one family meet: a folded form meets a romanisation, a Latin
 * clerk key a Cyrillic one. */
static const char *family(const char *kind)
{
	if (!strcmp(kind, "exact") || !strcmp(kind, "translit") || !strcmp(kind, "part") ||
	    !strcmp(kind, "variant"))
		return "form";
	if (!strcmp(kind, "clerk_latn") || !strcmp(kind, "clerk_cyrl"))
		return "clerk";
	return kind;
}

static int meets(const pt_name_key *a, const pt_name_key *b)
{
	if ((a->part == 0) != (b->part == 0))
		return 0;
	if (strcmp(family(a->kind), family(b->kind)) || strcmp(a->key, b->key))
		return 0;
	/* clerk keys meet only across scripts */
	if (!strcmp(family(a->kind), "clerk") && !strcmp(a->kind, b->kind))
		return 0;
	return strcmp(a->kind, "reverse") != 0;
}

static int shared(pt_name_keys **all, size_t count, size_t self, const pt_name_key *k)
{
	for (size_t o = 0; o < count; o++) {
		if (o == self)
			continue;
		for (size_t i = 0; i < all[o]->count; i++)
			if (meets(k, &all[o]->keys[i]))
				return 1;
	}
	return 0;
}

static const char *part_name(int part, char *buf, size_t size)
{
	if (part == 0)
		return "surname";
	snprintf(buf, size, "given %d", part);
	return buf;
}

struct keys_args {
	int format;
};

const struct cli_option keys_options[] = {
	CLI_OPT_FORMAT(struct keys_args, format),
	CLI_OPT_END
};

int cmd_keys(struct cli *cli, int argc, char **argv)
{
	struct keys_args a = { OUT_TABLE };
	struct cli_list args = { 0 };   /* the names ("--": even "-n") */
	enum output_format format;
	pt_name_keys **all = NULL;
	const char **names;
	size_t count;
	pt_db *db = NULL;
	int rc, status = EXIT_OK;

	if (cli_parse(cli, keys_options, &a, argc, argv, &args)) {
		cli_list_release(&args);
		return EXIT_USAGE;
	}
	format = (enum output_format)a.format;
	names = args.items;
	count = args.count;
	if (!count) {
		free(names);
		return cli_usage_error(cli, "give a name");
	}
	if (pt_db_open(&db, ":memory:", PT_OPEN_CREATE)) {
		status = cli_error("%s", pt_db_errmsg(db));
		goto cleanup;
	}
	if (!(all = calloc(count, sizeof *all))) {
		status = cli_error("out of memory");
		goto cleanup;
	}
	for (size_t n = 0; n < count; n++)
		if ((rc = pt_name_keys_get(db, names[n], &all[n]))) {
			status = rc == PT_EINVAL ? cli_usage_error(cli, "%s", pt_db_errmsg(db))
						 : cli_error("keys: %s", pt_db_errmsg(db));
			goto cleanup;
		}

	if (format == OUT_JSON) {
		json_t *doc = json_array();
		for (size_t n = 0; n < count; n++) {
			json_t *keys = json_array();
			for (size_t i = 0; i < all[n]->count; i++) {
				const pt_name_key *k = &all[n]->keys[i];
				json_t *o = json_pack("{s:i, s:s, s:s, s:s, s:o}", "part", k->part,
						      "word", k->word, "kind", k->kind, "key", k->key,
						      "how", json_text(k->how));
				if (count > 1)
					json_object_set_new(o, "shared", json_boolean(shared(all, count, n, k)));
				json_array_append_new(keys, o);
			}
			json_array_append_new(doc, json_pack("{s:s, s:o, s:o, s:o}", "name", names[n],
				"surname", json_text(all[n]->surname),
				"given_names", json_text(all[n]->given_names), "keys", keys));
		}
		json_print(doc);
		json_decref(doc);
		goto cleanup;
	}
	if (format == OUT_CSV) {
		static const char *const headers[] = { "name", "part", "word", "kind", "key", "how", "shared" };
		struct table *t = table_new(7, headers);
		for (size_t n = 0; n < count; n++)
			for (size_t i = 0; i < all[n]->count; i++) {
				const pt_name_key *k = &all[n]->keys[i];
				char part[24];
				const char *cells[7] = {
					names[n], part_name(k->part, part, sizeof part), k->word, k->kind,
					k->key, k->how ? k->how : "",
					count > 1 ? (shared(all, count, n, k) ? "yes" : "no") : "",
				};
				table_add(t, cells);
			}
		table_print_csv(t, stdout);
		table_free(t);
		goto cleanup;
	}
	for (size_t n = 0; n < count; n++) {
		static const char *const headers[] = { "part", "word", "kind", "key", "" };
		struct table *t = table_new(5, headers);
		printf("%s%s: surname %s%s%s\n", n ? "\n" : "", names[n], all[n]->surname,
		       all[n]->given_names ? ", given names " : "",
		       all[n]->given_names ? all[n]->given_names : "");
		for (size_t i = 0; i < all[n]->count; i++) {
			const pt_name_key *k = &all[n]->keys[i];
			char part[24], key[256];
			const char *cells[5];
			snprintf(key, sizeof key, "%s%s%s%s", k->key, k->how ? " (" : "",
				 k->how ? k->how : "", k->how ? ")" : "");
			cells[0] = part_name(k->part, part, sizeof part);
			cells[1] = k->word;
			cells[2] = k->kind;
			cells[3] = key;
			cells[4] = count > 1 && shared(all, count, n, k) ? "*" : "";
			table_add(t, cells);
		}
		table_print(t, stdout, "  ");
		table_free(t);
	}
	if (count > 1) {
		int any = 0;
		printf("\nmeet on:");
		for (size_t i = 0; i < all[0]->count; i++) {
			const pt_name_key *k = &all[0]->keys[i];
			int everywhere = 1;
			for (size_t o = 1; o < count && everywhere; o++) {
				int found = 0;
				for (size_t j = 0; j < all[o]->count && !found; j++)
					found = meets(k, &all[o]->keys[j]);
				everywhere = found;
			}
			if (everywhere) {
				char part[24];
				printf("%s %s %s %s", any ? "," : "", part_name(k->part, part, sizeof part),
				       k->kind, k->key);
				any = 1;
			}
		}
		printf("%s\n", any ? "" : " nothing: these names do not meet");
	}
cleanup:
	for (size_t n = 0; all && n < count; n++)
		pt_name_keys_free(all[n]);
	free(all);
	free(names);
	pt_db_free(db);
	return status;
}
