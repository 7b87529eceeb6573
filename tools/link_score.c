/*
 * link_score.c - how good a linkage is against the truth: pair precision,
 * recall and F1, and the number of men found against the number there are.
 *
 * usage: link_score TRUTH.csv CLUSTERS.csv [DATABASE]
 *        link_score --answer TRUTH.csv REVIEW.csv
 *
 * TRUTH.csv: source,record_id,man (as gen_registers writes it).
 * CLUSTERS.csv: a header naming the columns `individual`, `source` and
 * `record_id` (as `powtrace link clusters --format csv` writes it; other
 * columns are ignored). Records absent from either file are left out.
 *
 * Prints one line of key=value pairs: records, men, individuals,
 * true_pairs, predicted_pairs, correct_pairs, precision, recall, f1; with
 * DATABASE also unaccounted: the individuals whose status, derived from the
 * events of all their records together (pt_status_derive, in record order),
 * is unaccounted, to set beside the truth's count of men.
 * With --answer: answers a review sheet (`powtrace link review --format
 * csv`) as a reviewer who knew the truth would, writing the sheet for
 * `powtrace link decide` (a, b, decision, note) to standard output.
 * Exit status 1 when a file cannot be read.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "powtrace.h"

struct item {
	char *key;          /* source \x1f record_id */
	long man, cluster;
};

static struct item *items;
static size_t count, cap;

/* Splits a CSV line (no quoted commas in the columns used; quotes removed). */
static int split(char *line, char **cells, int max)
{
	int n = 0;
	char *p = line;
	while (n < max) {
		char *start = p, *w = p;
		int quoted = *p == '"';
		if (quoted) {
			p++;
			for (;;) {
				if (!*p)
					break;
				if (*p == '"' && p[1] == '"') {
					*w++ = '"';
					p += 2;
				} else if (*p == '"') {
					p++;
					break;
				} else {
					*w++ = *p++;
				}
			}
			while (*p && *p != ',')
				p++;
		} else {
			while (*p && *p != ',' && *p != '\r' && *p != '\n')
				*w++ = *p++;
		}
		cells[n++] = start;
		if (*p != ',') {
			*w = '\0';
			break;
		}
		p++;
		*w = '\0';
	}
	return n;
}

static int key_order(const void *x, const void *y)
{
	return strcmp(((const struct item *)x)->key, ((const struct item *)y)->key);
}

static int group_order(const void *x, const void *y)
{
	const struct item *a = x, *b = y;
	if (a->cluster != b->cluster)
		return a->cluster < b->cluster ? -1 : 1;
	return a->man < b->man ? -1 : a->man > b->man;
}

static int man_order(const void *x, const void *y)
{
	const struct item *a = x, *b = y;
	return a->man < b->man ? -1 : a->man > b->man;
}

static char *make_key(const char *source, const char *record_id)
{
	size_t a = strlen(source), b = strlen(record_id);
	char *k = malloc(a + b + 2);
	if (!k)
		exit(1);
	memcpy(k, source, a);
	k[a] = '\x1f';
	memcpy(k + a + 1, record_id, b + 1);
	return k;
}

/* Individuals whose records' events together leave them unaccounted for. */
static long unaccounted(const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *s = NULL;
	pt_status_event *ev = NULL;
	size_t n = 0, ev_cap = 0;
	long found = 0;
	int64_t current = -1;
	int step;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, "SELECT i.individual_id, e.type, e.date, e.date_min, e.date_max "
			       "FROM person_individual i JOIN event e ON e.person_id = i.person_id "
			       "ORDER BY i.individual_id, e.person_id, e.seq", -1, &s, NULL) != SQLITE_OK) {
		fprintf(stderr, "link_score: %s: %s\n", path, sqlite3_errmsg(db));
		sqlite3_close(db);
		return -1;
	}
	for (;;) {
		int64_t ind = -2;
		step = sqlite3_step(s);
		if (step == SQLITE_ROW)
			ind = sqlite3_column_int64(s, 0);
		if (ind != current && n) {
			pt_status status;
			if (pt_status_derive(ev, n, &status, NULL, NULL) == PT_OK &&
			    status == PT_STATUS_UNACCOUNTED)
				found++;
			for (size_t i = 0; i < n; i++)
				free((char *)ev[i].type);
			n = 0;
		}
		if (step != SQLITE_ROW)
			break;
		current = ind;
		if (n == ev_cap) {
			ev_cap = ev_cap ? ev_cap * 2 : 64;
			if (!(ev = realloc(ev, ev_cap * sizeof *ev)))
				exit(1);
		}
		memset(&ev[n], 0, sizeof ev[n]);
		ev[n].type = strdup((const char *)sqlite3_column_text(s, 1));
		ev[n].has_min = sqlite3_column_type(s, 3) != SQLITE_NULL;
		ev[n].has_max = sqlite3_column_type(s, 4) != SQLITE_NULL;
		ev[n].date_min = sqlite3_column_int64(s, 3);
		ev[n].date_max = sqlite3_column_int64(s, 4);
		n++;
	}
	free(ev);
	sqlite3_finalize(s);
	sqlite3_close(db);
	return found;
}

static const char *man_of(const char *source, const char *record_id)
{
	static char buf[32];
	struct item probe, *hit;
	probe.key = make_key(source, record_id);
	hit = bsearch(&probe, items, count, sizeof *items, key_order);
	free(probe.key);
	if (!hit)
		return NULL;
	snprintf(buf, sizeof buf, "%ld", hit->man);
	return buf;
}

static int answer(const char *review)
{
	static char line[1 << 16];
	char *cells[64];
	int col[6], n;
	static const char *const names[6] = { "a", "b", "a_source", "a_record_id", "b_source",
					      "b_record_id" };
	FILE *f = fopen(review, "r");
	if (!f) {
		perror(review);
		return 1;
	}
	if (!fgets(line, sizeof line, f)) {
		fclose(f);
		return 1;
	}
	n = split(line, cells, 64);
	for (int k = 0; k < 6; k++) {
		col[k] = -1;
		for (int i = 0; i < n; i++)
			if (!strcmp(cells[i], names[k]))
				col[k] = i;
		if (col[k] < 0) {
			fprintf(stderr, "link_score: %s: no column %s\n", review, names[k]);
			fclose(f);
			return 1;
		}
	}
	puts("a,b,decision,note");
	while (fgets(line, sizeof line, f)) {
		char man_a[32];
		const char *m;
		if ((n = split(line, cells, 64)) < 6)
			continue;
		if (!(m = man_of(cells[col[2]], cells[col[3]])))
			continue;
		snprintf(man_a, sizeof man_a, "%s", m);
		if (!(m = man_of(cells[col[4]], cells[col[5]])))
			continue;
		printf("%s,%s,%s,the truth\n", cells[col[0]], cells[col[1]],
		       strcmp(man_a, m) ? "different" : "same");
	}
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	static char line[1 << 16];
	char *cells[64];
	FILE *f;
	int c_ind = -1, c_src = -1, c_rec = -1, n;
	double true_pairs = 0, pred_pairs = 0, good = 0, p, r;
	long men = 0, clusters = 0, matched = 0;

	int answering = argc == 4 && !strcmp(argv[1], "--answer");
	if (argc != 3 && argc != 4) {
		fputs("usage: link_score TRUTH.csv CLUSTERS.csv [DATABASE]\n"
		      "       link_score --answer TRUTH.csv REVIEW.csv\n", stderr);
		return 2;
	}
	if (answering) {
		argv++;
		argc--;
	}
	if (!(f = fopen(argv[1], "r"))) {
		perror(argv[1]);
		return 1;
	}
	if (!fgets(line, sizeof line, f)) {
		fclose(f);
		return 1;
	}
	while (fgets(line, sizeof line, f)) {
		if ((n = split(line, cells, 64)) < 3)
			continue;
		if (count == cap) {
			cap = cap ? cap * 2 : 4096;
			if (!(items = realloc(items, cap * sizeof *items)))
				return 1;
		}
		items[count].key = make_key(cells[0], cells[1]);
		items[count].man = strtol(cells[2], NULL, 10);
		items[count].cluster = -1;
		count++;
	}
	fclose(f);
	if (count > 0)
		qsort(items, count, sizeof *items, key_order);
	if (answering)
		return answer(argv[2]);

	if (!(f = fopen(argv[2], "r"))) {
		perror(argv[2]);
		return 1;
	}
	if (!fgets(line, sizeof line, f)) {
		fclose(f);
		return 1;
	}
	n = split(line, cells, 64);
	for (int i = 0; i < n; i++) {
		if (!strcmp(cells[i], "individual"))
			c_ind = i;
		else if (!strcmp(cells[i], "source"))
			c_src = i;
		else if (!strcmp(cells[i], "record_id"))
			c_rec = i;
	}
	if (c_ind < 0 || c_src < 0 || c_rec < 0) {
		fprintf(stderr, "link_score: %s: no individual, source or record_id column\n", argv[2]);
		return 1;
	}
	while (fgets(line, sizeof line, f)) {
		struct item probe, *hit;
		if ((n = split(line, cells, 64)) <= c_rec || n <= c_ind || n <= c_src)
			continue;
		probe.key = make_key(cells[c_src], cells[c_rec]);
		hit = bsearch(&probe, items, count, sizeof *items, key_order);
		if (hit) {
			hit->cluster = strtol(cells[c_ind], NULL, 10);
			matched++;
		}
		free(probe.key);
	}
	fclose(f);
	/* keep the records both files hold */
	{
		size_t w = 0;
		for (size_t i = 0; i < count; i++) {
			if (items[i].cluster >= 0)
				items[w++] = items[i];
			else
				free(items[i].key);
		}
		count = w;
	}
	if (count > 0)
		qsort(items, count, sizeof *items, group_order);
	for (size_t i = 0, j; i < count; i = j) {
		double in_cluster = 0;
		for (j = i; j < count && items[j].cluster == items[i].cluster; j++)
			in_cluster++;
		pred_pairs += in_cluster * (in_cluster - 1) / 2;
		clusters++;
		for (size_t k = i, l; k < j; k = l) {
			double same = 0;
			for (l = k; l < j && items[l].man == items[k].man; l++)
				same++;
			good += same * (same - 1) / 2;
		}
	}
	if (count > 0)
		qsort(items, count, sizeof *items, man_order);
	for (size_t i = 0, j; i < count; i = j) {
		double m = 0;
		for (j = i; j < count && items[j].man == items[i].man; j++)
			m++;
		true_pairs += m * (m - 1) / 2;
		men++;
	}
	p = pred_pairs > 0 ? good / pred_pairs : 1;
	r = true_pairs > 0 ? good / true_pairs : 1;
	printf("records=%zu men=%ld individuals=%ld true_pairs=%.0f predicted_pairs=%.0f "
	       "correct_pairs=%.0f precision=%.4f recall=%.4f f1=%.4f", count, men, clusters,
	       true_pairs, pred_pairs, good, p, r, p + r > 0 ? 2 * p * r / (p + r) : 0);
	if (argc == 4) {
		long u = unaccounted(argv[3]);
		if (u < 0)
			return 1;
		printf(" unaccounted=%ld", u);
	}
	putchar('\n');
	for (size_t i = 0; i < count; i++)
		free(items[i].key);
	free(items);
	return 0;
}
