/*
 * opt.c - one option parser for every command: a command describes its
 * options in a table (struct cli_option: name, type, where the value goes
 * in the command's own struct of arguments), and cli_parse() reads argv by
 * it, the same way for all: "--name VALUE" and "--name=VALUE", "-n VALUE"
 * for the few short names, "--" ends the options, an option may come
 * before, between or after the arguments, an unknown option or a bad value
 * is a usage error (exit 2) that names it. The tables also tell the man
 * pages' and completions' generator what each option takes
 * (cli_options_dump, tools/gen_docs.sh).
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static void *slot(void *args, const struct cli_option *o)
{
	return (char *)args + o->offset;
}

/* "table, csv or json" from "table|csv|json" */
static void choices_words(const char *choices, char *buf, size_t size)
{
	size_t n = 0, bars = 0, seen = 0;
	for (const char *p = choices; *p; p++)
		bars += *p == '|';
	for (const char *p = choices; *p && n + 6 < size; p++) {
		if (*p != '|') {
			buf[n++] = *p;
			continue;
		}
		seen++;
		memcpy(buf + n, seen == bars ? " or " : ", ", seen == bars ? 4 : 2);
		n += seen == bars ? 4 : 2;
	}
	buf[n] = '\0';
}

static int set_value(struct cli *cli, const struct cli_option *o, void *args, const char *name,
		     const char *value)
{
	switch (o->type) {
	case CLI_TEXT:
		if (!*value && !(o->flags & CLI_EMPTY_OK))
			return cli_usage_error(cli, "%s needs a value", name);
		*(const char **)slot(args, o) = value;
		return 0;
	case CLI_LIST: {
		struct cli_list *list = slot(args, o);
		const char **grown;
		if (!*value)
			return cli_usage_error(cli, "%s needs a value", name);
		if (!(grown = realloc(list->items, (list->count + 1) * sizeof *grown)))
			return cli_error("out of memory"), EXIT_USAGE;
		list->items = grown;
		list->items[list->count++] = value;
		return 0;
	}
	case CLI_INT: {
		char *end;
		long long n;
		errno = 0;
		n = strtoll(value, &end, 10);
		if (errno || end == value || *end || n < o->min || n > o->max) {
			if (o->max == CLI_NO_MAX)
				return cli_usage_error(cli, "%s: '%s' is not a whole number of %lld or more",
						       name, value, o->min);
			return cli_usage_error(cli, "%s: '%s' is not a whole number from %lld to %lld",
					       name, value, o->min, o->max);
		}
		*(long long *)slot(args, o) = n;
		return 0;
	}
	case CLI_CHOICE: {
		const char *p = o->choices;
		size_t len = strlen(value);
		int index = 0;
		char words[256];
		while (p && *p) {
			const char *bar = strchr(p, '|');
			size_t n = bar ? (size_t)(bar - p) : strlen(p);
			if (n == len && !strncmp(p, value, n)) {
				*(int *)slot(args, o) = index;
				return 0;
			}
			index++;
			p = bar ? bar + 1 : NULL;
		}
		choices_words(o->choices, words, sizeof words);
		if (o->flags & CLI_SAY_UNKNOWN)
			return cli_usage_error(cli, "unknown %s '%s' (%s)", o->name, value, words);
		return cli_usage_error(cli, "%s: '%s' is not %s", name, value, words);
	}
	case CLI_FLAG:
		break;
	}
	return 0;
}

static const struct cli_option *find_long(const struct cli_option *opts, const char *name,
					  size_t len)
{
	for (const struct cli_option *o = opts; o && o->name; o++)
		if (strlen(o->name) == len && !strncmp(o->name, name, len))
			return o;
	return NULL;
}

static const struct cli_option *find_short(const struct cli_option *opts, char c)
{
	for (const struct cli_option *o = opts; o && o->name; o++)
		if (o->short_name && o->short_name == c)
			return o;
	return NULL;
}

int cli_parse(struct cli *cli, const struct cli_option *opts, void *args, int argc, char **argv,
	      struct cli_list *positional)
{
	int ended = 0;

	for (int i = 1; i < argc; i++) {
		const char *arg = argv[i], *value = NULL;
		const struct cli_option *o;
		char name[96];

		if (ended || arg[0] != '-' || !arg[1]) {   /* "-" is standard input */
			const char **grown = realloc(positional->items,
						     (positional->count + 1) * sizeof *grown);
			if (!grown)
				return cli_error("out of memory"), EXIT_USAGE;
			positional->items = grown;
			positional->items[positional->count++] = arg;
			continue;
		}
		if (!strcmp(arg, "--")) {
			ended = 1;
			continue;
		}
		if (arg[1] == '-') {
			const char *eq = strchr(arg + 2, '=');
			size_t len = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
			o = find_long(opts, arg + 2, len);
			snprintf(name, sizeof name, "--%.*s", (int)len, arg + 2);
			if (eq)
				value = eq + 1;
		} else {
			/* a short name: "-n 5" or "-n5"; a negative number is an argument */
			if (arg[1] >= '0' && arg[1] <= '9') {
				const char **grown = realloc(positional->items,
							     (positional->count + 1) * sizeof *grown);
				if (!grown)
					return cli_error("out of memory"), EXIT_USAGE;
				positional->items = grown;
				positional->items[positional->count++] = arg;
				continue;
			}
			o = find_short(opts, arg[1]);
			snprintf(name, sizeof name, "-%c", arg[1]);
			if (o && arg[2])
				value = arg + 2;
			if (o && o->type == CLI_FLAG && arg[2])
				o = NULL;   /* "-xyz": no bundles */
		}
		if (!o)
			return cli_usage_error(cli, "unknown option '%s'", arg);
		if (o->type == CLI_FLAG) {
			if (value)
				return cli_usage_error(cli, "option '%s' takes no value", name);
			*(int *)slot(args, o) = 1;
			continue;
		}
		if (!value) {
			if (i + 1 >= argc)
				return cli_usage_error(cli, "option '%s' needs a value", name);
			value = argv[++i];
		}
		if (set_value(cli, o, args, name, value))
			return EXIT_USAGE;
	}
	return 0;
}

int cli_parse_options(struct cli *cli, const struct cli_option *opts, void *args, int argc,
		      char **argv)
{
	struct cli_list positional = { 0 };
	int rc = cli_parse(cli, opts, args, argc, argv, &positional);
	if (!rc && positional.count)
		rc = cli_usage_error(cli, "unexpected argument '%s'", positional.items[0]);
	cli_list_release(&positional);
	return rc ? EXIT_USAGE : 0;
}

void cli_list_release(struct cli_list *list)
{
	free(list->items);
	list->items = NULL;
	list->count = 0;
}

void cli_options_dump(const struct cli_option *opts, FILE *f)
{
	static const char *const types[] = {
		[CLI_FLAG] = "flag", [CLI_TEXT] = "value", [CLI_LIST] = "value",
		[CLI_INT] = "value", [CLI_CHOICE] = "choice",
	};
	for (const struct cli_option *o = opts; o && o->name; o++) {
		char choices[256] = "";
		if (o->type == CLI_CHOICE)
			for (size_t k = 0; o->choices[k] && k + 1 < sizeof choices; k++)
				choices[k] = o->choices[k] == '|' ? ' ' : o->choices[k];
		fprintf(f, "--%s\t%s\t%s\n", o->name,
			(o->flags & CLI_IS_FILE) ? "file" : types[o->type], choices);
		if (o->short_name)
			fprintf(f, "-%c\t%s\t%s\n", o->short_name,
				(o->flags & CLI_IS_FILE) ? "file" : types[o->type], choices);
	}
}

/* A record id as an argument ("12"): a positive number, or a usage error. */
int cli_record_id(struct cli *cli, const char *arg, int64_t *out)
{
	char *end;
	long long v;
	errno = 0;
	v = strtoll(arg, &end, 10);
	if (*end || end == arg || errno || v <= 0) {
		cli_usage_error(cli, "'%s' is not a record id", arg);
		return -1;
	}
	*out = v;
	return 0;
}
