/*
 * cmd_serve.c - `powtrace serve`: publishes the database read-only as a
 * website (src/web/) until SIGINT or SIGTERM, which stop it cleanly.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "web/web.h"

const char help_serve[] =
	"usage: powtrace [--db FILE] serve [--listen ADDR:PORT] [--threads N]\n"
	"                [--base-url URL] [--max-connections N] [--per-ip N] [--timeout S]\n"
	"                [--cache-mb N]\n\n"
	"Publishes the database as a website for families and researchers: a name\n"
	"search in any script, one page per man with his sources, camps, the\n"
	"unaccounted-for report, counts, disputed figures, sources, and a JSON API\n"
	"with the keys of the commands' JSON output (README.md, \"The website\").\n"
	"The database is opened read-only: serve never creates, migrates or writes\n"
	"it. When the file is replaced (a new copy moved over it), the site reads\n"
	"the new one within a second.\n\n"
	"options:\n"
	"  --listen ADDR:PORT    where to listen (default 127.0.0.1:8080; [::1]:8080;\n"
	"                        port 0: any free port). The address is printed.\n"
	"  --threads N           worker threads, each with its own database handle\n"
	"                        (default: the number of processors)\n"
	"  --base-url URL        the address readers use, when a proxy serves the site\n"
	"                        under a path (https://example.org/pow): links use it\n"
	"  --max-connections N   connections at once (default 512)\n"
	"  --per-ip N            connections at once from one address (default 256;\n"
	"                        0: no limit, for a site behind a reverse proxy)\n"
	"  --timeout S           seconds an idle connection is kept (default 15)\n"
	"  --cache-mb N          megabytes of answers kept for the next reader who asks\n"
	"                        the same (default 64; 0: none)\n\n"
	"SIGINT (Ctrl-C) or SIGTERM stops the server: requests in flight finish.\n"
	"exit status: 0 stopped by a signal, 1 cannot start (port taken, not a\n"
	"powtrace database), 2 usage error\n";

struct serve_args {
	const char *listen, *base_url;
	long long threads, connection_limit, per_ip_limit, timeout, cache_mb;
};

const struct cli_option serve_options[] = {
	CLI_OPT_TEXT("listen", struct serve_args, listen),
	CLI_OPT_TEXT("base-url", struct serve_args, base_url),
	CLI_OPT_INT("threads", struct serve_args, threads, 1, 256),
	CLI_OPT_INT("max-connections", struct serve_args, connection_limit, 1, 100000),
	CLI_OPT_INT("per-ip", struct serve_args, per_ip_limit, 0, 100000),
	CLI_OPT_INT("timeout", struct serve_args, timeout, 1, 3600),
	CLI_OPT_INT("cache-mb", struct serve_args, cache_mb, 0, 65536),
	CLI_OPT_END
};

static void say_warming(unsigned handles)
{
	fprintf(stderr, "powtrace: serve: warming the name search of %u handle%s "
		"(reading every surname's names once) before answering\n", handles,
		handles == 1 ? "" : "s");
}

int cmd_serve(struct cli *cli, int argc, char **argv)
{
	struct web_config cfg;
	struct web_server *server = NULL;
	sigset_t stop, old;
	char err[512];
	long cpus = sysconf(_SC_NPROCESSORS_ONLN);
	struct serve_args a = {
		.listen = "127.0.0.1:8080",
		.threads = cpus > 0 && cpus < 64 ? cpus : 2,
		.connection_limit = 512, .per_ip_limit = 256, .timeout = 15, .cache_mb = 64,
	};
	int sig = 0, rc;

	if (cli_parse_options(cli, serve_options, &a, argc, argv))
		return EXIT_USAGE;
	memset(&cfg, 0, sizeof cfg);
	cfg.db_path = cli->db_path;
	cfg.listen = a.listen;
	cfg.base_url = a.base_url;
	cfg.threads = (unsigned)a.threads;
	cfg.connection_limit = (unsigned)a.connection_limit;
	cfg.per_ip_limit = (unsigned)a.per_ip_limit;
	cfg.timeout = (unsigned)a.timeout;
	cfg.warming = say_warming;
	cfg.cache_bytes = (size_t)a.cache_mb << 20;
	/* the workers inherit a mask that leaves SIGINT and SIGTERM to this thread */
	sigemptyset(&stop);
	sigaddset(&stop, SIGINT);
	sigaddset(&stop, SIGTERM);
	signal(SIGPIPE, SIG_IGN);
	pthread_sigmask(SIG_BLOCK, &stop, &old);
	rc = web_start(&cfg, &server, err, sizeof err);
	if (rc) {
		pthread_sigmask(SIG_SETMASK, &old, NULL);
		if (rc == -2)
			return cli_usage_error(cli, "%s", err);
		return cli_error("serve: %s", err);
	}
	{
		/* the address, at once: a script that started serve waits for it */
		FILE *out = cli_data_out();
		fprintf(out, "http://%s/\n", web_address(server));
		fflush(out);
	}
	{
		unsigned handles;
		size_t names;
		double seconds;
		web_warmed(server, &handles, &names, &seconds);
		fprintf(stderr, "powtrace: serve: the name search of %u handle%s read %zu names "
			"in %.1f s\n", handles, handles == 1 ? "" : "s", names, seconds);
	}
	fprintf(stderr, "powtrace: serving %s read-only at http://%s/ with %u threads; "
		"Ctrl-C stops\n", cfg.db_path, web_address(server), cfg.threads);
	while (sigwait(&stop, &sig) != 0)
		;
	fprintf(stderr, "powtrace: serve: %s: stopping\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	web_stop(server);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return EXIT_OK;
}
