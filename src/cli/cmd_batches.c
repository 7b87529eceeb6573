/*
 * cmd_batches.c - `powtrace batches`: every import, with its file, checksum,
 * format, counts, and whether it was taken back.
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char help_batches[] =
	"usage: powtrace [--db FILE] batches [--format table|csv|json]\n\n"
	"Lists every import batch, oldest first: its id, the file and its SHA-256,\n"
	"the format, what the records were, the mapping, when it ran, the rows read\n"
	"and what became of them (inserted, updated, unchanged, rejected), how many\n"
	"persons it was the last to write, and whether 'powtrace unimport' took it\n"
	"back. Every person, name and event knows the batch and line it came from\n"
	"('powtrace show ID' prints them).\n";

int cmd_batches(struct cli *cli, int argc, char **argv)
{
	static const char *const headers[] = {
		"batch", "file", "format", "kind", "started", "rows", "inserted", "updated",
		"unchanged", "rejected", "persons", "unimported",
	};
	enum output_format format = OUT_TABLE;
	pt_batch *batches = NULL;
	size_t count = 0;
	struct table *t;
	json_t *all;
	int i, rc;

	for (i = 1; i < argc; i++) {
		if ((rc = cli_format_option(cli, argc, argv, &i, &format)) <= 0) {
			if (rc == 0)
				cli_usage_error(cli, "unknown argument '%s'", argv[i]);
			return EXIT_USAGE;
		}
	}
	if (pt_batch_list(cli->db, &batches, &count))
		return cli_error("%s", pt_db_errmsg(cli->db));
	t = table_new(12, headers);
	all = json_array();
	for (size_t k = 0; k < count; k++) {
		const pt_batch *b = &batches[k];
		char n[7][24], *file = NULL;
		json_t *item;
		const char *cells[12];
		snprintf(n[0], sizeof n[0], "%lld", (long long)b->id);
		snprintf(n[1], sizeof n[1], "%ld", b->rows);
		snprintf(n[2], sizeof n[2], "%ld", b->inserted);
		snprintf(n[3], sizeof n[3], "%ld", b->updated);
		snprintf(n[4], sizeof n[4], "%ld", b->unchanged);
		snprintf(n[5], sizeof n[5], "%ld", b->rejected);
		snprintf(n[6], sizeof n[6], "%ld", b->persons);
		cells[0] = n[0];
		cells[1] = b->file;
		if (b->sheet) { /* a workbook's sheet: FILE:SHEET */
			size_t len = strlen(b->file) + strlen(b->sheet) + 2;
			if ((file = malloc(len))) {
				snprintf(file, len, "%s:%s", b->file, b->sheet);
				cells[1] = file;
			}
		}
		cells[2] = b->format;
		cells[3] = b->kind;
		cells[4] = b->started_at;
		for (int c = 1; c <= 6; c++)
			cells[4 + c] = n[c];
		cells[11] = b->unimported_at;
		table_add(t, cells);
		free(file);
		item = json_pack(
			"{s:I, s:s, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:I, s:I, s:I, s:I, s:I, s:I}",
			"id", (json_int_t)b->id, "file", b->file, "sha256", json_text(b->sha256),
			"bytes", (json_int_t)b->bytes, "format", json_text(b->format),
			"kind", json_text(b->kind), "encoding", json_text(b->encoding),
			"mapping", json_text(b->mapping), "started_at", json_text(b->started_at),
			"finished_at", json_text(b->finished_at),
			"unimported_at", json_text(b->unimported_at),
			"rows", (json_int_t)b->rows, "inserted", (json_int_t)b->inserted,
			"updated", (json_int_t)b->updated, "unchanged", (json_int_t)b->unchanged,
			"rejected", (json_int_t)b->rejected, "persons", (json_int_t)b->persons);
		if (item && b->sheet)
			json_object_set_new(item, "sheet", json_string(b->sheet));
		json_array_append_new(all, item);
	}
	if (format == OUT_JSON)
		json_print(all);
	else if (format == OUT_CSV)
		table_print_csv(t, stdout);
	else if (count)
		table_print(t, stdout, "");
	else
		printf("no imports yet\n");
	json_decref(all);
	table_free(t);
	pt_batch_list_free(batches, count);
	return EXIT_OK;
}
