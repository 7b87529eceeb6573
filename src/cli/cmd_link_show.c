/*
 * cmd_link_show.c - the `powtrace link` subcommands that only read: the
 * review queue (`link review`: both records side by side with the evidence;
 * as CSV, a sheet to answer), one pair's waterfall (`link explain A B`),
 * every record with its individual (`link clusters`), and the model (`link
 * model`).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static json_t *record_json(const pt_link_record *r)
{
	json_t *o = json_object();
	json_object_set_new(o, "id", json_integer(r->id));
	json_object_set_new(o, "individual", json_integer(r->individual));
	json_object_set_new(o, "source", json_text(r->source));
	json_object_set_new(o, "record_id", json_text(r->record_id));
	json_object_set_new(o, "surname", json_text(r->surname));
	json_object_set_new(o, "given_names", json_text(r->given_names));
	json_object_set_new(o, "names", json_text(r->names));
	json_object_set_new(o, "birth_date", json_text(r->birth_date));
	json_object_set_new(o, "service_number", json_text(r->service_number));
	json_object_set_new(o, "nationality", json_text(r->nationality));
	json_object_set_new(o, "unit", json_text(r->unit));
	json_object_set_new(o, "camps", json_text(r->camps));
	json_object_set_new(o, "events", json_text(r->events));
	json_object_set_new(o, "status", json_text(r->status));
	return o;
}

static json_t *pair_json(const pt_link_pair *p)
{
	json_t *o = json_object(), *list = json_array();
	json_object_set_new(o, "a", record_json(&p->a));
	json_object_set_new(o, "b", record_json(&p->b));
	json_object_set_new(o, "probability", json_real(p->probability));
	json_object_set_new(o, "weight", json_real(p->weight));
	json_object_set_new(o, "prior_weight", json_real(p->prior_weight));
	for (size_t i = 0; i < p->comparison_count; i++) {
		const pt_link_comparison *c = &p->comparisons[i];
		json_t *x = json_pack("{s:s, s:s}", "comparison", c->comparison, "level", c->level);
		json_object_set_new(x, "m", json_real(c->m));
		json_object_set_new(x, "u", json_real(c->u));
		json_object_set_new(x, "weight", json_real(c->weight));
		if (c->tf_weight != 0)
			json_object_set_new(x, "term_frequency_weight", json_real(c->tf_weight));
		json_array_append_new(list, x);
	}
	json_object_set_new(o, "comparisons", list);
	json_object_set_new(o, "veto", json_text(p->veto));
	json_object_set_new(o, "together", json_boolean(p->together));
	json_object_set_new(o, "decision", json_text(p->decision));
	json_object_set_new(o, "useful", json_boolean(p->useful));
	return o;
}

static void signed_weight(double w, char *buf, size_t size)
{
	snprintf(buf, size, "%+.2f", w);
}

/* The two records side by side. */
static void print_side_by_side(const pt_link_pair *p, const char *indent)
{
	static const char *const headers[] = { "", "a", "b" };
	struct table *t = table_new(3, headers);
	char ida[64], idb[64], srca[256], srcb[256];
	snprintf(ida, sizeof ida, "%lld (individual %lld)", (long long)p->a.id,
		 (long long)p->a.individual);
	snprintf(idb, sizeof idb, "%lld (individual %lld)", (long long)p->b.id,
		 (long long)p->b.individual);
	snprintf(srca, sizeof srca, "%s %s", or_empty(p->a.source), or_empty(p->a.record_id));
	snprintf(srcb, sizeof srcb, "%s %s", or_empty(p->b.source), or_empty(p->b.record_id));
	{
		const char *rows[][3] = {
			{ "record", ida, idb },
			{ "source", srca, srcb },
			{ "names", or_empty(p->a.names), or_empty(p->b.names) },
			{ "born", or_empty(p->a.birth_date), or_empty(p->b.birth_date) },
			{ "service number", or_empty(p->a.service_number), or_empty(p->b.service_number) },
			{ "nationality", or_empty(p->a.nationality), or_empty(p->b.nationality) },
			{ "unit", or_empty(p->a.unit), or_empty(p->b.unit) },
			{ "camps", or_empty(p->a.camps), or_empty(p->b.camps) },
			{ "events", or_empty(p->a.events), or_empty(p->b.events) },
			{ "status", or_empty(p->a.status), or_empty(p->b.status) },
		};
		for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
			table_add(t, rows[i]);
	}
	table_print(t, stdout, indent);
	table_free(t);
}

static void print_waterfall(const pt_link_pair *p, const char *indent, int with_mu)
{
	static const char *const headers[] = { "comparison", "level", "m", "u", "weight", "total" };
	struct table *t = table_new(with_mu ? 6 : 4, NULL);
	double total = p->prior_weight;
	char w[32], sum[32], m[32], u[32];
	if (with_mu)
		table_add(t, headers);
	else {
		const char *h[] = { "comparison", "level", "weight", "total" };
		table_add(t, h);
	}
	signed_weight(p->prior_weight, w, sizeof w);
	signed_weight(total, sum, sizeof sum);
	{
		const char *row6[] = { "prior", "", "", "", w, sum };
		const char *row4[] = { "prior", "", w, sum };
		table_add(t, with_mu ? row6 : row4);
	}
	for (size_t i = 0; i < p->comparison_count; i++) {
		const pt_link_comparison *c = &p->comparisons[i];
		char level[96];
		total += c->weight;
		signed_weight(c->weight, w, sizeof w);
		signed_weight(total, sum, sizeof sum);
		if (c->tf_weight != 0)
			snprintf(level, sizeof level, "%s (frequency %+.2f)", c->level, c->tf_weight);
		else
			snprintf(level, sizeof level, "%s", c->level);
		if (!strcmp(c->level, "missing")) {
			m[0] = u[0] = '\0';
		} else {
			snprintf(m, sizeof m, "%.4f", c->m);
			snprintf(u, sizeof u, "%.4f", c->u);
		}
		{
			const char *row6[] = { c->comparison, level, m, u, w, sum };
			const char *row4[] = { c->comparison, level, w, sum };
			table_add(t, with_mu ? row6 : row4);
		}
	}
	table_print(t, stdout, indent);
	table_free(t);
}

/* ---- review ------------------------------------------------------------------------- */

static void review_csv(const pt_link_pairs *list)
{
	static const char *const headers[] = {
		"a", "b", "a_source", "a_record_id", "b_source", "b_record_id", "probability",
		"a_names", "b_names", "a_birth_date", "b_birth_date", "a_service_number",
		"b_service_number", "a_nationality", "b_nationality", "a_unit", "b_unit", "a_camps",
		"b_camps", "a_status", "b_status", "evidence", "decision", "note",
	};
	struct table *t = table_new(24, headers);
	for (size_t i = 0; i < list->count; i++) {
		const pt_link_pair *p = &list->items[i];
		char a[32], b[32], prob[32];
		char evidence[1024] = "";
		size_t len = 0;
		for (size_t k = 0; k < p->comparison_count && len < sizeof evidence; k++) {
			const pt_link_comparison *c = &p->comparisons[k];
			int n = snprintf(evidence + len, sizeof evidence - len, "%s%s %s %+.1f",
					 k ? "; " : "", c->comparison, c->level, c->weight);
			if (n < 0)
				break;
			len += (size_t)n;
		}
		snprintf(a, sizeof a, "%lld", (long long)p->a.id);
		snprintf(b, sizeof b, "%lld", (long long)p->b.id);
		snprintf(prob, sizeof prob, "%.4f", p->probability);
		{
			const char *row[] = {
				a, b, or_empty(p->a.source), or_empty(p->a.record_id),
				or_empty(p->b.source), or_empty(p->b.record_id), prob,
				or_empty(p->a.names), or_empty(p->b.names), or_empty(p->a.birth_date),
				or_empty(p->b.birth_date), or_empty(p->a.service_number),
				or_empty(p->b.service_number), or_empty(p->a.nationality),
				or_empty(p->b.nationality), or_empty(p->a.unit), or_empty(p->b.unit),
				or_empty(p->a.camps), or_empty(p->b.camps), or_empty(p->a.status),
				or_empty(p->b.status), evidence, "", "",
			};
			table_add(t, row);
		}
	}
	table_print_csv(t, stdout);
	table_free(t);
}

struct review_args {
	int format;
	long long limit;
};

static const struct cli_option review_options[] = {
	CLI_OPT_FORMAT(struct review_args, format),
	CLI_OPT_INT("limit", struct review_args, limit, 1, CLI_NO_MAX),
	CLI_OPT_END
};

int cli_link_review(struct cli *cli, int argc, char **argv)
{
	struct review_args a = { OUT_TABLE, 0 };
	enum output_format format;
	pt_link_pairs *list = NULL;
	size_t limit;

	if (cli_parse_options(cli, review_options, &a, argc, argv))
		return EXIT_USAGE;
	format = (enum output_format)a.format;
	limit = (size_t)a.limit;
	if (pt_link_review(cli->db, limit, &list))
		return cli_error("link review: %s", pt_db_errmsg(cli->db));
	if (format == OUT_CSV) {
		review_csv(list);
	} else if (format == OUT_JSON) {
		struct json_stream js = { 0 };
		for (size_t i = 0; i < list->count; i++)
			json_stream_item(&js, pair_json(&list->items[i]));
		json_stream_end(&js);
	} else if (list->total == 0) {
		printf("no pairs wait for review\n");
	} else {
		printf("%zu pair%s wait%s for review%s; most useful first\n\n", list->total,
		       list->total == 1 ? "" : "s", list->total == 1 ? "s" : "",
		       list->count < list->total ? " (the first shown)" : "");
		for (size_t i = 0; i < list->count; i++) {
			const pt_link_pair *p = &list->items[i];
			printf("%zu. records %lld and %lld: probability %.3f, weight %+.2f%s\n", i + 1,
			       (long long)p->a.id, (long long)p->b.id, p->probability, p->weight,
			       p->useful ? " (would change who is unaccounted for)" : "");
			print_side_by_side(p, "   ");
			print_waterfall(p, "   ", 0);
			printf("   decide: powtrace link same %lld %lld | powtrace link different "
			       "%lld %lld\n\n", (long long)p->a.id, (long long)p->b.id,
			       (long long)p->a.id, (long long)p->b.id);
		}
	}
	pt_link_pairs_free(list);
	return EXIT_OK;
}

/* ---- explain ---------------------------------------------------------------------------- */

struct format_args {
	int format;
};

static const struct cli_option format_options[] = {
	CLI_OPT_FORMAT(struct format_args, format),
	CLI_OPT_END
};

int cli_link_record_pair(struct cli *cli, const struct cli_list *args, const char *command,
			 int64_t *a, int64_t *b)
{
	if (args->count > 2)
		return cli_usage_error(cli, "two records, A and B ('%s' is a third)", args->items[2]);
	if (args->count < 2)
		return cli_usage_error(cli, "%s needs two record ids, A and B", command);
	if (cli_record_id(cli, args->items[0], a) || cli_record_id(cli, args->items[1], b))
		return EXIT_USAGE;
	if (*a == *b)
		return cli_usage_error(cli, "A and B are the same record (%s)", args->items[0]);
	return 0;
}

int cli_link_explain(struct cli *cli, int argc, char **argv)
{
	struct format_args f = { OUT_TABLE };
	struct cli_list args = { 0 };
	enum output_format format;
	pt_link_pair *p = NULL;
	int64_t a, b;
	int rc;

	rc = cli_parse(cli, format_options, &f, argc, argv, &args);
	if (!rc && f.format == OUT_CSV)
		rc = cli_usage_error(cli, "explain writes a table or json");
	if (!rc)
		rc = cli_link_record_pair(cli, &args, "link explain", &a, &b);
	cli_list_release(&args);
	if (rc)
		return EXIT_USAGE;
	format = (enum output_format)f.format;
	if (pt_link_explain(cli->db, a, b, &p))
		return cli_error("link explain: %s", pt_db_errmsg(cli->db));
	if (format == OUT_JSON) {
		json_t *o = pair_json(p);
		cli_json_print_reals(o);
		json_decref(o);
	} else {
		if (p->veto)
			printf("records %lld and %lld: probability 0: %s (match weight %+.2f without "
			       "it); never linked automatically\n", (long long)a, (long long)b, p->veto,
			       p->weight);
		else
			printf("records %lld and %lld: probability %.4f (match weight %+.2f)\n",
			       (long long)a, (long long)b, p->probability, p->weight);
		printf("now: %s\n", p->together ? "one individual" : "two individuals");
		if (p->decision)
			printf("decision in force: %s\n", p->decision);
		putchar('\n');
		print_side_by_side(p, "");
		putchar('\n');
		print_waterfall(p, "", 1);
	}
	pt_link_pair_free(p);
	return EXIT_OK;
}

/* ---- clusters ----------------------------------------------------------------------------- */

struct clusters_out {
	enum output_format format;
	struct table *table;
	struct json_stream js;
};

static int cluster_row(void *ctx, const pt_link_member *m)
{
	struct clusters_out *o = ctx;
	char ind[32], person[32], records[32];
	if (o->format == OUT_JSON) {
		json_t *x = json_object();
		json_object_set_new(x, "individual", json_integer(m->individual));
		json_object_set_new(x, "person", json_integer(m->person));
		json_object_set_new(x, "source", json_text(m->source));
		json_object_set_new(x, "record_id", json_text(m->record_id));
		json_object_set_new(x, "surname", json_text(m->surname));
		json_object_set_new(x, "given_names", json_text(m->given_names));
		json_object_set_new(x, "records", json_integer(m->records));
		json_stream_item(&o->js, x);
		return 0;
	}
	snprintf(ind, sizeof ind, "%lld", (long long)m->individual);
	snprintf(person, sizeof person, "%lld", (long long)m->person);
	snprintf(records, sizeof records, "%ld", m->records);
	{
		const char *row[] = { ind, person, or_empty(m->source), or_empty(m->record_id),
				      or_empty(m->surname), or_empty(m->given_names), records };
		table_add(o->table, row);
	}
	return 0;
}

struct clusters_args {
	int format, linked;
};

static const struct cli_option clusters_options[] = {
	CLI_OPT_FORMAT(struct clusters_args, format),
	CLI_OPT_FLAG("linked", struct clusters_args, linked),
	CLI_OPT_END
};

int cli_link_clusters(struct cli *cli, int argc, char **argv)
{
	static const char *const headers[] = { "individual", "person", "source", "record_id",
					       "surname", "given_names", "records" };
	struct clusters_args c = { OUT_TABLE, 0 };
	struct clusters_out o;
	int rc;

	memset(&o, 0, sizeof o);
	if (cli_parse_options(cli, clusters_options, &c, argc, argv))
		return EXIT_USAGE;
	o.format = (enum output_format)c.format;
	if (o.format != OUT_JSON)
		o.table = table_new(7, headers);
	rc = pt_link_clusters(cli->db, c.linked, cluster_row, &o);
	if (rc) {
		table_free(o.table);
		return cli_error("link clusters: %s", pt_db_errmsg(cli->db));
	}
	if (o.format == OUT_JSON)
		json_stream_end(&o.js);
	else if (o.format == OUT_CSV)
		table_print_csv(o.table, stdout);
	else
		table_print(o.table, stdout, "");
	table_free(o.table);
	return EXIT_OK;
}

/* ---- model ------------------------------------------------------------------------------ */

int cli_link_model(struct cli *cli, int argc, char **argv)
{
	struct format_args f = { OUT_TABLE };
	enum output_format format;
	pt_link_model *m = NULL;

	if (cli_parse_options(cli, format_options, &f, argc, argv))
		return EXIT_USAGE;
	format = (enum output_format)f.format;
	if (pt_link_model_get(cli->db, &m))
		return cli_error("link model: %s", pt_db_errmsg(cli->db));
	if (format == OUT_JSON) {
		json_t *o = json_object(), *levels = json_array();
		for (size_t i = 0; i < m->level_count; i++) {
			const pt_link_model_level *l = &m->levels[i];
			json_t *x = json_pack("{s:s, s:s}", "comparison", l->comparison, "level", l->level);
			json_object_set_new(x, "m", json_real(l->m));
			json_object_set_new(x, "u", json_real(l->u));
			json_object_set_new(x, "weight", json_real(l->weight));
			json_array_append_new(levels, x);
		}
		json_object_set_new(o, "estimated", json_boolean(m->estimated));
		json_object_set_new(o, "pairs", json_real(m->pairs));
		json_object_set_new(o, "prior", json_real(m->prior));
		json_object_set_new(o, "prior_weight", json_real(m->prior_weight));
		json_object_set_new(o, "auto_threshold", json_real(m->auto_threshold));
		json_object_set_new(o, "review_threshold", json_real(m->review_threshold));
		json_object_set_new(o, "levels", levels);
		cli_json_print_reals(o);
		json_decref(o);
	} else {
		static const char *const headers[] = { "comparison", "level", "m", "u", "weight" };
		struct table *t = table_new(format == OUT_CSV ? 5 : 5, headers);
		for (size_t i = 0; i < m->level_count; i++) {
			const pt_link_model_level *l = &m->levels[i];
			char mm[32], uu[32], w[32];
			snprintf(mm, sizeof mm, "%.4f", l->m);
			snprintf(uu, sizeof uu, "%.4f", l->u);
			snprintf(w, sizeof w, "%+.2f", l->weight);
			{
				const char *row[] = { l->comparison, l->level, mm, uu, w };
				table_add(t, row);
			}
		}
		if (format == OUT_CSV) {
			table_print_csv(t, stdout);
		} else {
			if (m->estimated)
				printf("model estimated from %.0f candidate pairs; prior %.4f (weight %+.2f)\n",
				       m->pairs, m->prior, m->prior_weight);
			else
				printf("no model estimated yet: the starting values; prior %.4f "
				       "(weight %+.2f)\n", m->prior, m->prior_weight);
			printf("thresholds: auto %g, review %g\n\n", m->auto_threshold,
			       m->review_threshold);
			table_print(t, stdout, "");
		}
		table_free(t);
	}
	pt_link_model_free(m);
	return EXIT_OK;
}
