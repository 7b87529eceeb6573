/*
 * cmd_link.c - `powtrace link`: compare the new and changed records and link
 * them into individuals (the run), and a person's decisions: `link same`,
 * `link different`, `link decide FILE.csv`. The subcommands that only read
 * (review, explain, clusters, model) are in cmd_link_show.c.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

const char help_link[] =
	"usage: powtrace [--db FILE] link [--auto P] [--review P] [--estimate] [--quiet]\n"
	"                [--format table|json]\n"
	"       powtrace [--db FILE] link review [--limit N] [--format table|csv|json]\n"
	"       powtrace [--db FILE] link decide [--by NAME] FILE.csv\n"
	"       powtrace [--db FILE] link same|different [--by NAME] [--note TEXT] A B\n"
	"       powtrace [--db FILE] link explain [--format table|json] A B\n"
	"       powtrace [--db FILE] link clusters [--linked] [--format table|csv|json]\n"
	"       powtrace [--db FILE] link model [--format table|json]\n\n"
	"A record is one source's account of one man; an individual is the records\n"
	"that are one man. 'powtrace link' compares the records not compared yet\n"
	"(new ones, and ones a re-import changed) with every record, through keys\n"
	"they share (surname keys in any script, birth year, initials, service\n"
	"number, birth date), never all pairs; scores each pair with a\n"
	"Fellegi-Sunter model estimated from the data; links the pairs at or above\n"
	"the auto threshold, queues for review those at or above the review\n"
	"threshold, and remembers the rest as compared. A second run with nothing\n"
	"new changes nothing. No run overturns a person's decision.\n\n"
	"  --auto P        link pairs whose probability is at least P (default 0.9)\n"
	"  --review P      queue pairs from P up to the auto threshold (default 0.4)\n"
	"  --estimate      estimate the model again\n"
	"  --threads N     use N threads for the work in memory (default: one a core,\n"
	"                  at most 4); the links are the same whatever N\n"
	"  --quiet         no progress line on standard error\n\n"
	"subcommands:\n"
	"  review          the pairs waiting for a person, most useful first, each with\n"
	"                  both records and the evidence; --format csv gives a sheet\n"
	"                  to answer in a spreadsheet (fill in 'decision' and 'note')\n"
	"  decide FILE     apply an answered sheet (columns a, b, decision = same or\n"
	"                  different, note), whole or not at all\n"
	"  same A B        records A and B are one man\n"
	"  different A B   records A and B are two men: no individual holds both\n"
	"  explain A B     how the model weighs A against B, comparison by comparison\n"
	"  clusters        every record with its individual (--linked: only records\n"
	"                  that share theirs)\n"
	"  model           the model's m and u for every comparison level\n"
	"  --by NAME       who decides (default: $USER)\n"
	"  --note TEXT     why\n\n"
	"A and B are record ids ('powtrace show' takes them, and 'powtrace unlink A'\n"
	"takes a record out of its individual).\n\n"
	"exit status: 0 done, 1 failure (no such record, a decision that contradicts\n"
	"one in force, a bad sheet), 2 usage error\n";

/* ---- shared by the link subcommands ------------------------------------------------ */

const char *cli_decider(const char *by)
{
	const char *user;
	if (by && *by)
		return by;
	user = getenv("USER");
	return user && *user ? user : "unknown";
}

/* ---- the run ----------------------------------------------------------------------- */

static void progress(void *ctx, const pt_link_progress *p)
{
	int *shown = ctx;
	if (!strcmp(p->phase, "done")) {
		if (*shown)
			fputs("\r\033[K", stderr);
		*shown = 0;
		return;
	}
	if (!strcmp(p->phase, "comparing") && p->total > 0)
		fprintf(stderr, "\r\033[Klink: comparing %ld of %ld pairs, %.0f%%, %.1f s", p->done,
			p->total, 100.0 * p->done / p->total, p->seconds);
	else
		fprintf(stderr, "\r\033[Klink: %s, %.1f s", p->phase, p->seconds);
	fflush(stderr);
	*shown = 1;
}

static int parse_probability(struct cli *cli, const char *name, const char *value, double *out)
{
	char *end;
	errno = 0;
	*out = strtod(value, &end);
	if (*end || end == value || errno || !(*out > 0 && *out <= 1)) {
		cli_usage_error(cli, "--%s needs a probability above 0 and at most 1, not '%s'", name,
				value);
		return -1;
	}
	return 0;
}

struct link_run_args {
	int format, estimate, quiet;
	const char *auto_p, *review_p;
	long long threads;
};

static const struct cli_option link_run_options[] = {
	CLI_OPT_FORMAT(struct link_run_args, format),
	CLI_OPT_TEXT("auto", struct link_run_args, auto_p),
	CLI_OPT_TEXT("review", struct link_run_args, review_p),
	CLI_OPT_INT("threads", struct link_run_args, threads, 1, 64),
	CLI_OPT_FLAG("estimate", struct link_run_args, estimate),
	CLI_OPT_FLAG("quiet", struct link_run_args, quiet),
	CLI_OPT_END
};

static int link_run(struct cli *cli, int argc, char **argv)
{
	struct link_run_args a = { .format = OUT_TABLE };
	struct cli_list args = { 0 };
	enum output_format format;
	pt_link_options opts;
	pt_link_summary s;
	int shown = 0, rc;

	memset(&opts, 0, sizeof opts);
	rc = cli_parse(cli, link_run_options, &a, argc, argv, &args);
	if (!rc && args.count)
		rc = cli_usage_error(cli, "unknown subcommand '%s'", args.items[0]);
	cli_list_release(&args);
	if (rc)
		return EXIT_USAGE;
	format = (enum output_format)a.format;
	if (format == OUT_CSV)
		return cli_usage_error(cli, "the run's summary is a table or json");
	if ((a.auto_p && parse_probability(cli, "auto", a.auto_p, &opts.auto_threshold)) ||
	    (a.review_p && parse_probability(cli, "review", a.review_p, &opts.review_threshold)))
		return EXIT_USAGE;
	opts.threads = (int)a.threads;
	opts.estimate = a.estimate;
	if (opts.review_threshold > 0 && opts.auto_threshold > 0 &&
	    opts.review_threshold > opts.auto_threshold)
		return cli_usage_error(cli, "--review (%g) is above --auto (%g)", opts.review_threshold,
				       opts.auto_threshold);
	if (opts.review_threshold > PT_LINK_AUTO_DEFAULT && opts.auto_threshold == 0)
		return cli_usage_error(cli, "--review (%g) is above the auto threshold (%g)",
				       opts.review_threshold, PT_LINK_AUTO_DEFAULT);
	opts.made_by = cli_decider(NULL);
	if (!a.quiet && isatty(STDERR_FILENO)) {
		opts.progress = progress;
		opts.progress_ctx = &shown;
	}
	rc = pt_link_run(cli->db, &opts, &s);
	if (shown)
		fputs("\r\033[K", stderr);
	if (rc)
		return cli_error("link: %s", pt_db_errmsg(cli->db));
	if (format == OUT_JSON) {
		json_t *o = json_pack("{s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I, s:I}",
			"records", (json_int_t)s.records,
			"records_compared", (json_int_t)s.records_compared,
			"candidate_pairs", (json_int_t)s.candidate_pairs,
			"vetoed", (json_int_t)s.vetoed,
			"links", (json_int_t)s.links,
			"superseded", (json_int_t)s.superseded,
			"review", (json_int_t)s.review,
			"review_total", (json_int_t)s.review_total,
			"individuals", (json_int_t)s.individuals,
			"run", (json_int_t)s.run_id);
		json_object_set_new(o, "seconds", json_real(s.seconds));
		json_object_set_new(o, "comparisons_per_second", json_real(s.comparisons_per_second));
		json_object_set_new(o, "auto_threshold", json_real(s.auto_threshold));
		json_object_set_new(o, "review_threshold", json_real(s.review_threshold));
		json_object_set_new(o, "estimated", json_boolean(s.estimated));
		cli_json_print_reals(o);
		json_decref(o);
		return EXIT_OK;
	}
	if (s.records_compared == 0) {
		printf("nothing to compare: every record was compared and none changed since\n");
		printf("records %ld, individuals %ld, pairs waiting for review %ld\n", s.records,
		       s.individuals, s.review_total);
		return EXIT_OK;
	}
	printf("records compared       %ld of %ld\n", s.records_compared, s.records);
	printf("candidate pairs        %ld (%.0f comparisons/s)\n", s.candidate_pairs,
	       s.comparisons_per_second);
	if (s.vetoed)
		printf("vetoed by events       %ld\n", s.vetoed);
	if (s.superseded)
		printf("links taken back       %ld (records changed since they were compared)\n",
		       s.superseded);
	printf("links made             %ld (probability >= %g)\n", s.links, s.auto_threshold);
	printf("pairs for review       %ld (probability >= %g; %ld waiting in all)\n", s.review,
	       s.review_threshold, s.review_total);
	printf("individuals            %ld\n", s.individuals);
	printf("model                  %s\n", s.estimated ? "estimated by this run" : "as stored");
	printf("time                   %.2f s\n", s.seconds);
	return EXIT_OK;
}

/* ---- a person's decisions --------------------------------------------------------------- */

struct decide_args {
	const char *by, *note;
};

static const struct cli_option decide_pair_options[] = {
	CLI_OPT_TEXT("by", struct decide_args, by),
	CLI_OPT_TEXT("note", struct decide_args, note),
	CLI_OPT_END
};

static const struct cli_option decide_file_options[] = {
	CLI_OPT_TEXT("by", struct decide_args, by),
	CLI_OPT_END
};

static int link_decide_pair(struct cli *cli, int argc, char **argv, pt_link_verdict verdict)
{
	struct decide_args a = { NULL, NULL };
	struct cli_list args = { 0 };
	char command[32];
	const char *by, *note;
	pt_link_decision_in d;
	int rc;

	memset(&d, 0, sizeof d);
	snprintf(command, sizeof command, "link %s", pt_link_verdict_name(verdict));
	rc = cli_parse(cli, decide_pair_options, &a, argc, argv, &args);
	if (!rc)
		rc = cli_link_record_pair(cli, &args, command, &d.a, &d.b);
	cli_list_release(&args);
	if (rc)
		return EXIT_USAGE;
	by = a.by;
	note = a.note;
	d.verdict = verdict;
	d.note = note;
	if (pt_link_decide(cli->db, &d, cli_decider(by)))
		return cli_error("link %s: %s", pt_link_verdict_name(verdict), pt_db_errmsg(cli->db));
	{
		int64_t ia = 0, ib = 0;
		pt_individual_of(cli->db, d.a, &ia);
		pt_individual_of(cli->db, d.b, &ib);
		if (ia == ib)
			printf("records %lld and %lld: %s; both are individual %lld\n",
			       (long long)d.a, (long long)d.b, pt_link_verdict_name(verdict),
			       (long long)ia);
		else
			printf("records %lld and %lld: %s; individuals %lld and %lld\n",
			       (long long)d.a, (long long)d.b, pt_link_verdict_name(verdict),
			       (long long)ia, (long long)ib);
	}
	return EXIT_OK;
}

static int link_decide_file(struct cli *cli, int argc, char **argv)
{
	struct decide_args a = { NULL, NULL };
	struct cli_list args = { 0 };
	const char *file = NULL, *by;
	char *problems = NULL;
	size_t applied = 0;
	int rc;

	rc = cli_parse(cli, decide_file_options, &a, argc, argv, &args);
	if (!rc && args.count > 1)
		rc = cli_usage_error(cli, "one sheet at a time ('%s' and '%s')", args.items[0],
				     args.items[1]);
	file = args.count ? args.items[0] : NULL;
	cli_list_release(&args);
	if (rc)
		return EXIT_USAGE;
	by = a.by;
	if (!file)
		return cli_usage_error(cli, "link decide needs a sheet (FILE.csv, as 'link review "
				       "--format csv' writes it)");
	rc = pt_link_decide_file(cli->db, file, cli_decider(by), &applied, &problems);
	if (rc) {
		if (problems && *problems) {
			char *line = problems, *nl;
			while (line && *line) {
				nl = strchr(line, '\n');
				if (nl)
					*nl = '\0';
				fprintf(stderr, "powtrace: %s\n", line);
				line = nl ? nl + 1 : NULL;
			}
		} else {
			cli_error("%s", pt_db_errmsg(cli->db));
		}
		pt_free(problems);
		fprintf(stderr, "powtrace: %s: nothing decided (a sheet is applied whole or not "
			"at all)\n", file);
		return EXIT_FAIL;
	}
	pt_free(problems);
	printf("%s: %zu decision%s applied\n", file, applied, applied == 1 ? "" : "s");
	return EXIT_OK;
}

int cmd_link(struct cli *cli, int argc, char **argv)
{
	const char *sub = argc > 1 && argv[1][0] != '-' ? argv[1] : NULL;
	if (!sub)
		return link_run(cli, argc, argv);
	if (!strcmp(sub, "same"))
		return link_decide_pair(cli, argc - 1, argv + 1, PT_LINK_SAME);
	if (!strcmp(sub, "different"))
		return link_decide_pair(cli, argc - 1, argv + 1, PT_LINK_DIFFERENT);
	if (!strcmp(sub, "decide"))
		return link_decide_file(cli, argc - 1, argv + 1);
	if (!strcmp(sub, "review"))
		return cli_link_review(cli, argc - 1, argv + 1);
	if (!strcmp(sub, "explain"))
		return cli_link_explain(cli, argc - 1, argv + 1);
	if (!strcmp(sub, "clusters"))
		return cli_link_clusters(cli, argc - 1, argv + 1);
	if (!strcmp(sub, "model"))
		return cli_link_model(cli, argc - 1, argv + 1);
	return cli_usage_error(cli, "unknown subcommand '%s' (review, decide, same, different, "
			       "explain, clusters, model)", sub);
}
