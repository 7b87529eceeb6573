/*
 * gedcom.c - persons as GEDCOM for family-tree programs: 5.5.1 (what Gramps
 * 5.1, Ancestry and most programs read) or 7.0. Every name form (the
 * Cyrillic one as an alternative name with its romanisation), sex, birth,
 * the captivity events as EVEN with TYPE, dates and places (camps with their
 * coordinates), rank, unit, service and service number (typed facts and a
 * Military Service event), case status and record reference, and the
 * sources with their repositories, cited with page and quality (QUAY).
 */
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "names/names.h"
#include "records/records.h"

#define GEDCOM_LINE_MAX 240   /* 5.5.1 allows 255 bytes a line: split longer values */

struct ged {
	pt_db *db;
	int v7;
	pt__buf out;
	int64_t *sources;         /* ids of the sources cited, in order of first citation */
	size_t source_count;
	char **repos;             /* archives, as repositories */
	size_t repo_count;
	sqlite3_stmt *person, *names, *events, *cite_person, *cite_name, *cite_event, *source;
	int64_t *men;             /* hash set of the men written, so that each is one
				     INDI (0: an empty slot; ids are positive) */
	size_t man_count, man_cap;
};

/* Adds man to the set; *seen = 1 when he was in it already. */
static int man_seen(struct ged *g, int64_t man, int *seen)
{
	size_t i;
	if ((g->man_count + 1) * 2 > g->man_cap) {
		size_t cap = g->man_cap ? g->man_cap * 2 : 64;
		int64_t *slots = calloc(cap, sizeof *slots);
		if (!slots)
			return PT_ENOMEM;
		for (size_t k = 0; k < g->man_cap; k++)
			if (g->men[k]) {
				for (i = (size_t)((uint64_t)g->men[k] * 0x9E3779B97F4A7C15ULL) & (cap - 1);
				     slots[i]; i = (i + 1) & (cap - 1))
					;
				slots[i] = g->men[k];
			}
		free(g->men);
		g->men = slots;
		g->man_cap = cap;
	}
	for (i = (size_t)((uint64_t)man * 0x9E3779B97F4A7C15ULL) & (g->man_cap - 1); g->men[i];
	     i = (i + 1) & (g->man_cap - 1))
		if (g->men[i] == man) {
			*seen = 1;
			return PT_OK;
		}
	g->men[i] = man;
	g->man_count++;
	*seen = 0;
	return PT_OK;
}

/* ---- lines --------------------------------------------------------------- */

/* One physical line: "LEVEL [@XREF@ ]TAG[ VALUE]", VALUE being v[0..len). */
static void physical(struct ged *g, int level, const char *xref, const char *tag, const char *v,
		     size_t len)
{
	if (xref)
		pt__buf_printf(&g->out, "%d @%s@ %s", level, xref, tag);
	else
		pt__buf_printf(&g->out, "%d %s", level, tag);
	if (len) {
		pt__buf_putc(&g->out, ' ');
		for (size_t i = 0; i < len; i++) {
			/* 5.5.1 doubles every @ of a value, 7 only a leading one */
			if (v[i] == '@' && (!g->v7 || i == 0))
				pt__buf_putc(&g->out, '@');
			pt__buf_putc(&g->out, v[i]);
		}
	}
	pt__buf_putc(&g->out, '\n');
}

/* Whether the grammar lets this tag's value run over CONT lines: the text
 * structures of 5.5.1 (NOTE, TEXT, AUTH, TITL, PUBL, ADDR), and in 7.0 also
 * the Text payloads PAGE and PHRASE. */
static int takes_cont(const struct ged *g, const char *tag)
{
	static const char *const both[] = { "NOTE", "TEXT", "AUTH", "TITL", "PUBL", "ADDR", NULL };
	static const char *const v7[] = { "PAGE", "PHRASE", NULL };
	for (const char *const *t = both; *t; t++)
		if (!strcmp(*t, tag))
			return 1;
	for (const char *const *t = v7; g->v7 && *t; t++)
		if (!strcmp(*t, tag))
			return 1;
	return 0;
}

/* A value as GEDCOM may carry it: a line break (CR LF, CR or LF) stays a
 * line break where the tag takes CONT, else becomes a space; every other
 * control character (C0, DEL, C1) becomes a space, so that no value can
 * start a GEDCOM line of its own ("0 @X1@ INDI") or confuse a reader. */
static char *clean_value(const char *value, int multiline)
{
	pt__buf b = PT__BUF_INIT;
	for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
		if (*p == '\r' || *p == '\n') {
			if (*p == '\r' && p[1] == '\n')
				p++;
			pt__buf_putc(&b, multiline ? '\n' : ' ');
		} else if (*p < 0x20 || *p == 0x7f) {
			pt__buf_putc(&b, ' ');
		} else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			pt__buf_putc(&b, ' '); /* U+0080-U+009F */
			p++;
		} else {
			pt__buf_putc(&b, (char)*p);
		}
	}
	pt__buf_add(&b, "", 0);
	return b.failed ? NULL : pt__buf_detach(&b);
}

/* Writes a tag and its value: each line of the text after the first on a
 * CONT line (where the tag takes one; elsewhere a line break is a space),
 * and in 5.5.1 a line over GEDCOM_LINE_MAX bytes split on CONC lines (never
 * inside a UTF-8 character, never next to a space). */
static void line(struct ged *g, int level, const char *xref, const char *tag, const char *value)
{
	char *clean;
	const char *p;
	int k = 0;

	if (!value) {
		physical(g, level, xref, tag, NULL, 0);
		return;
	}
	if (!(clean = clean_value(value, takes_cont(g, tag)))) {
		g->out.failed = 1;
		return;
	}
	p = clean;
	for (;;) {
		const char *nl = strchr(p, '\n');
		size_t len = nl ? (size_t)(nl - p) : strlen(p);
		int chunk = 0;
		do {
			size_t take = len;
			if (!g->v7 && take > GEDCOM_LINE_MAX) {
				take = GEDCOM_LINE_MAX;
				while (take > 1 && (((unsigned char)p[take] & 0xc0) == 0x80 ||
						    p[take] == ' ' || p[take - 1] == ' '))
					take--;
			}
			if (chunk)
				physical(g, level + 1, NULL, "CONC", p, take);
			else if (k == 0)
				physical(g, level, xref, tag, p, take);
			else
				physical(g, level + 1, NULL, "CONT", p, take);
			chunk++;
			p += take;
			len -= take;
		} while (len > 0);
		if (!nl)
			break;
		p = nl + 1;
		k++;
	}
	free(clean);
}

/* ---- dates ------------------------------------------------------------------ */

static const char *const months[13] = {
	"", "JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC",
};

static int days_in(int64_t year, int month)
{
	static const int days[13] = { 0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
	return month == 2 && leap ? 29 : days[month];
}

/* A day range (YYYYMMDD) as a GEDCOM date: "1945", "MAY 1945", "8 MAY 1945",
 * or a BET ... AND ... of the two ends. */
static void day_range(pt__buf *b, int64_t min, int64_t max)
{
	int64_t y1 = min / 10000, y2 = max / 10000;
	int m1 = (int)(min / 100 % 100), m2 = (int)(max / 100 % 100);
	int d1 = (int)(min % 100), d2 = (int)(max % 100);

	if (y1 < 1 || y2 > 9999 || m1 < 1 || m1 > 12 || m2 < 1 || m2 > 12)
		return;
	if (y1 == y2 && m1 == 1 && d1 == 1 && m2 == 12 && d2 == 31) {
		pt__buf_printf(b, "%lld", (long long)y1);
	} else if (y1 == y2 && m1 == m2 && d1 == 1 && d2 == days_in(y2, m2)) {
		pt__buf_printf(b, "%s %lld", months[m1], (long long)y1);
	} else if (min == max) {
		pt__buf_printf(b, "%d %s %lld", d1, months[m1], (long long)y1);
	} else {
		/* whole years or months at each end where the range allows */
		if (m1 == 1 && d1 == 1 && m2 == 12 && d2 == 31)
			pt__buf_printf(b, "BET %lld AND %lld", (long long)y1, (long long)y2);
		else if (d1 == 1 && d2 == days_in(y2, m2))
			pt__buf_printf(b, "BET %s %lld AND %s %lld", months[m1], (long long)y1,
				       months[m2], (long long)y2);
		else
			pt__buf_printf(b, "BET %d %s %lld AND %d %s %lld", d1, months[m1],
				       (long long)y1, d2, months[m2], (long long)y2);
	}
}

/* One end of an interval, or a single date, without qualifiers. */
static int simple_date(pt__buf *b, const char *edtf)
{
	pt_date d;
	if (!*edtf || !strcmp(edtf, ".."))
		return 0;
	if (pt_date_parse(&d, edtf, NULL) || !(d.flags & PT_DATE_HAS_MIN) ||
	    !(d.flags & PT_DATE_HAS_MAX))
		return -1;
	day_range(b, d.min, d.max);
	return 1;
}

/* An EDTF date as GEDCOM: 1944-10/1945-04 -> FROM OCT 1944 TO APR 1945 (a
 * period: captivity) or BET OCT 1944 AND APR 1945 (a point in time not
 * known exactly: birth, death); 1945~ -> ABT 1945; 1945? -> EST 1945.
 * Returns 0 and writes nothing when GEDCOM has no form for it. */
static int gedcom_date(pt__buf *b, const char *edtf, int period)
{
	pt_date d;
	const char *slash;
	size_t start = b->len;

	if (!edtf || pt_date_parse(&d, edtf, NULL))
		return 0;
	if ((slash = strchr(d.edtf, '/'))) {
		char left[PT_DATE_TEXT_MAX], right[PT_DATE_TEXT_MAX];
		pt__buf a = PT__BUF_INIT, z = PT__BUF_INIT;
		size_t n = (size_t)(slash - d.edtf);
		int has_a, has_z;
		memcpy(left, d.edtf, n);
		left[n] = '\0';
		memcpy(right, slash + 1, strlen(slash + 1) + 1);
		/* qualifiers on the ends do not survive in GEDCOM; the range does */
		for (char *q = left; *q; q++)
			if (*q == '~' || *q == '?' || *q == '%')
				memmove(q, q + 1, strlen(q)), q--;
		for (char *q = right; *q; q++)
			if (*q == '~' || *q == '?' || *q == '%')
				memmove(q, q + 1, strlen(q)), q--;
		has_a = simple_date(&a, left);
		has_z = simple_date(&z, right);
		if (has_a < 0 || has_z < 0 || (!has_a && !has_z) ||
		    (has_a && strchr(pt__buf_str(&a), 'B')) || (has_z && strchr(pt__buf_str(&z), 'B'))) {
			/* an end that is itself a range: give the whole span */
			pt__buf_release(&a);
			pt__buf_release(&z);
			if ((d.flags & PT_DATE_HAS_MIN) && (d.flags & PT_DATE_HAS_MAX)) {
				day_range(b, d.min, d.max);
				return b->len > start;
			}
			return 0;
		}
		if (has_a && has_z)
			pt__buf_printf(b, period ? "FROM %s TO %s" : "BET %s AND %s", pt__buf_str(&a),
				       pt__buf_str(&z));
		else if (has_a)
			pt__buf_printf(b, period ? "FROM %s" : "AFT %s", pt__buf_str(&a));
		else
			pt__buf_printf(b, period ? "TO %s" : "BEF %s", pt__buf_str(&z));
		pt__buf_release(&a);
		pt__buf_release(&z);
		return 1;
	}
	if (!(d.flags & PT_DATE_HAS_MIN) || !(d.flags & PT_DATE_HAS_MAX))
		return 0;
	{
		pt__buf r = PT__BUF_INIT;
		day_range(&r, d.min, d.max);
		/* a range (194X) is already vague; a date gets ABT or EST */
		if (r.len && strncmp(pt__buf_str(&r), "BET", 3)) {
			if (d.flags & PT_DATE_APPROXIMATE)
				pt__buf_puts(b, "ABT ");
			else if (d.flags & PT_DATE_UNCERTAIN)
				pt__buf_puts(b, "EST ");
		}
		pt__buf_puts(b, pt__buf_str(&r));
		pt__buf_release(&r);
	}
	return b->len > start;
}

/* DATE of an event: converted, or in 5.5.1 a date phrase "(as written)",
 * in 7 a PHRASE. */
static void date_line(struct ged *g, int level, const char *edtf, const char *original,
		      int period)
{
	pt__buf b = PT__BUF_INIT;
	const char *shown = original ? original : edtf;

	if (!edtf && !original)
		return;
	if (edtf && gedcom_date(&b, edtf, period)) {
		line(g, level, NULL, "DATE", pt__buf_str(&b));
		if (g->v7 && original && strcmp(original, edtf))
			line(g, level + 1, NULL, "PHRASE", original);
	} else if (g->v7) {
		line(g, level, NULL, "DATE", NULL);
		line(g, level + 1, NULL, "PHRASE", shown);
	} else {
		pt__buf_reset(&b);
		pt__buf_printf(&b, "(%s)", shown);
		line(g, level, NULL, "DATE", pt__buf_str(&b));
	}
	pt__buf_release(&b);
}

/* ---- sources and citations ------------------------------------------------------ */

static int note_source(struct ged *g, int64_t id)
{
	int64_t *grown;
	for (size_t i = 0; i < g->source_count; i++)
		if (g->sources[i] == id)
			return PT_OK;
	if (!(grown = realloc(g->sources, (g->source_count + 1) * sizeof *grown)))
		return PT_ENOMEM;
	g->sources = grown;
	g->sources[g->source_count++] = id;
	return PT_OK;
}

/* GEDCOM's QUAY (0 unreliable, 1 questionable, 2 secondary, 3 direct and
 * primary) from a citation's confidence (0-4; 4 and 3 are both QUAY 3), or
 * else from its grading; -1 when neither says. */
static int quay(sqlite3_stmt *s)
{
	const char *information = (const char *)sqlite3_column_text(s, 3);
	const char *evidence = (const char *)sqlite3_column_text(s, 4);
	if (sqlite3_column_type(s, 5) != SQLITE_NULL) {
		int c = sqlite3_column_int(s, 5);
		return c > 3 ? 3 : c;
	}
	if (evidence && !strcmp(evidence, "direct"))
		return information && !strcmp(information, "primary") ? 3 : 2;
	if (evidence)
		return 1;
	return -1;
}

/* The citations a statement returns (source_id, locator, quality,
 * information, evidence, confidence, notes), as SOUR structures. */
static int citations(struct ged *g, sqlite3_stmt *s, int64_t id, int level)
{
	int step, rc = PT_OK;

	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t source = sqlite3_column_int64(s, 0);
		const char *locator = (const char *)sqlite3_column_text(s, 1);
		const char *quality = (const char *)sqlite3_column_text(s, 2);
		const char *information = (const char *)sqlite3_column_text(s, 3);
		const char *evidence = (const char *)sqlite3_column_text(s, 4);
		const char *notes = (const char *)sqlite3_column_text(s, 6);
		char xref[32];
		int q = quay(s);
		if ((rc = note_source(g, source)))
			break;
		snprintf(xref, sizeof xref, "@S%lld@", (long long)source);
		pt__buf_printf(&g->out, "%d SOUR %s\n", level, xref);   /* a pointer: as is */
		if (locator)
			line(g, level + 1, NULL, "PAGE", locator);
		if (q >= 0) {
			char qv[4];
			snprintf(qv, sizeof qv, "%d", q);
			line(g, level + 1, NULL, "QUAY", qv);
		}
		if (quality || information || evidence || notes) {
			pt__buf n = PT__BUF_INIT;
			if (quality || information || evidence)
				pt__buf_printf(&n, "Evidence: %s source, %s information, %s evidence",
					       quality ? quality : "ungraded", information ? information : "undetermined",
					       evidence ? evidence : "ungraded");
			if (notes)
				pt__buf_printf(&n, "%s%s", n.len ? "\n" : "", notes);
			line(g, level + 1, NULL, "NOTE", pt__buf_str(&n));
			pt__buf_release(&n);
		}
	}
	if (rc == PT_OK && step != SQLITE_DONE)
		rc = pt__sql_error(g->db, "cannot read the citations");
	sqlite3_reset(s);
	return rc;
}

static const char *column(sqlite3_stmt *s, int i)
{
	return (const char *)sqlite3_column_text(s, i);
}

static size_t repo_index(struct ged *g, const char *archive)
{
	char **grown;
	for (size_t i = 0; i < g->repo_count; i++)
		if (!strcmp(g->repos[i], archive))
			return i;
	if (!(grown = realloc(g->repos, (g->repo_count + 1) * sizeof *grown)))
		return (size_t)-1;
	g->repos = grown;
	if (!(g->repos[g->repo_count] = pt__strdup(archive)))
		return (size_t)-1;
	return g->repo_count++;
}

static int write_source(struct ged *g, int64_t id)
{
	sqlite3_stmt *s = g->source;
	char xref[32];
	int step;

	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, id);
	if ((step = sqlite3_step(s)) != SQLITE_ROW)
		return step == SQLITE_DONE ? PT_OK : pt__sql_error(g->db, "cannot read a source");
	snprintf(xref, sizeof xref, "S%lld", (long long)id);
	line(g, 0, xref, "SOUR", NULL);
	{
		const char *key = column(s, 0), *kind = column(s, 1), *title = column(s, 2);
		const char *authors = column(s, 3), *date = column(s, 4), *publisher = column(s, 5);
		const char *isbn = column(s, 6), *url = column(s, 7), *archive = column(s, 8);
		const char *reference = column(s, 9), *notes = column(s, 10);
		pt__buf b = PT__BUF_INIT;

		if (authors && *authors == '[') {
			/* a JSON array of names: "A, B and C" */
			json_t *list = json_loads(authors, 0, NULL);
			size_t i, n = json_array_size(list);
			json_t *item;
			json_array_foreach(list, i, item)
				pt__buf_printf(&b, "%s%s", i == 0 ? "" : i + 1 == n ? " and " : ", ",
					       json_string_value(item) ? json_string_value(item) : "");
			json_decref(list);
			if (b.len)
				line(g, 1, NULL, "AUTH", pt__buf_str(&b));
		} else if (authors) {
			line(g, 1, NULL, "AUTH", authors);
		}
		line(g, 1, NULL, "TITL", title ? title : key);
		pt__buf_reset(&b);
		if (publisher || date)
			pt__buf_printf(&b, "%s%s%s", publisher ? publisher : "", publisher && date ? ", " : "",
				       date ? date : "");
		if (b.len)
			line(g, 1, NULL, "PUBL", pt__buf_str(&b));
		if (archive) {
			size_t r = repo_index(g, archive);
			char rx[32];
			if (r == (size_t)-1) {
				pt__buf_release(&b);
				return PT_ENOMEM;
			}
			snprintf(rx, sizeof rx, "@R%zu@", r + 1);
			pt__buf_printf(&g->out, "1 REPO %s\n", rx);
			if (reference)
				line(g, 2, NULL, "CALN", reference);
		}
		pt__buf_reset(&b);
		pt__buf_printf(&b, "powtrace source '%s' (%s)", key, kind);
		if (isbn)
			pt__buf_printf(&b, "\nISBN %s", isbn);
		if (url)
			pt__buf_printf(&b, "\n%s", url);
		if (reference && !archive)
			pt__buf_printf(&b, "\nReference: %s", reference);
		if (notes)
			pt__buf_printf(&b, "\n%s", notes);
		line(g, 1, NULL, "NOTE", pt__buf_str(&b));
		pt__buf_release(&b);
	}
	return PT_OK;
}

/* ---- persons ------------------------------------------------------------------ */

static void coordinate(pt__buf *b, char positive, char negative, double v)
{
	char digits[32];
	size_t n;
	snprintf(digits, sizeof digits, "%.6f", v < 0 ? -v : v);
	n = strlen(digits);
	while (n > 1 && digits[n - 1] == '0')
		digits[--n] = '\0';
	if (digits[n - 1] == '.')
		digits[--n] = '\0';
	pt__buf_printf(b, "%c%s", v < 0 ? negative : positive, digits);
}

/* BGN/PCGN writes a middle dot between letters that would otherwise read as
 * one sound (Fr·enk); a family-tree program shows it as noise. */
static void strip_middle_dots(char *s)
{
	char *w = s;
	if (!s)
		return;
	for (const char *r = s; *r; r++) {
		if ((unsigned char)r[0] == 0xc2 && (unsigned char)r[1] == 0xb7) {
			r++;
			continue;
		}
		*w++ = *r;
	}
	*w = '\0';
}

/* "Frenk /Kelli/": a name in another script romanised (BGN/PCGN); NULL
 * when it has none or out of memory. */
static char *romanise(struct ged *g, const char *surname, const char *given)
{
	char *rs = surname ? pt__romanise(g->db, PT__SCHEME_BGN, surname) : NULL;
	char *rg = given ? pt__romanise(g->db, PT__SCHEME_BGN, given) : NULL;
	pt__buf r = PT__BUF_INIT;

	strip_middle_dots(rs);
	strip_middle_dots(rg);
	if (rg)
		pt__buf_puts(&r, rg);
	if (rs)
		pt__buf_printf(&r, "%s/%s/", rg ? " " : "", rs);
	free(rs);
	free(rg);
	if (r.failed || !r.len) {
		pt__buf_release(&r);
		return NULL;
	}
	return pt__buf_detach(&r);
}

/* The romanised form as a name of its own (an AKA), saying what it is. */
static int romanised_name(struct ged *g, const char *romanised, const char *original)
{
	pt__buf note = PT__BUF_INIT;
	const char *slash = strchr(romanised, '/');
	line(g, 1, NULL, "NAME", romanised);
	line(g, 2, NULL, "TYPE", "aka");
	if (slash && slash > romanised) {
		pt__buf givn = PT__BUF_INIT;
		pt__buf_add(&givn, romanised, (size_t)(slash - romanised - (slash[-1] == ' ')));
		if (givn.len)
			line(g, 2, NULL, "GIVN", pt__buf_str(&givn));
		pt__buf_release(&givn);
	}
	if (slash) {
		pt__buf surn = PT__BUF_INIT;
		const char *end = strchr(slash + 1, '/');
		pt__buf_add(&surn, slash + 1, end ? (size_t)(end - slash - 1) : strlen(slash + 1));
		if (surn.len)
			line(g, 2, NULL, "SURN", pt__buf_str(&surn));
		pt__buf_release(&surn);
	} else {
		line(g, 2, NULL, "GIVN", romanised);
	}
	pt__buf_printf(&note, "Romanised (BGN/PCGN) from %s", original);
	line(g, 2, NULL, "NOTE", pt__buf_str(&note));
	if (note.failed) {
		pt__buf_release(&note);
		return PT_ENOMEM;
	}
	pt__buf_release(&note);
	return PT_OK;
}

/* The name forms of a record; `other` (a record of a man beside the one that
 * names him): every form an AKA. */
static int write_names(struct ged *g, int64_t person_id, int other)
{
	sqlite3_stmt *s = g->names;
	int step, rc = PT_OK;

	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, person_id);
	while ((step = sqlite3_step(s)) == SQLITE_ROW && rc == PT_OK) {
		int64_t name_id = sqlite3_column_int64(s, 0);
		const char *script = column(s, 3), *notes = column(s, 5);
		int primary = sqlite3_column_int(s, 4);
		char *surname = NULL, *given = NULL, *romanised = NULL;
		pt__buf b = PT__BUF_INIT;

		if ((rc = pt__name_split_record(column(s, 1), column(s, 2), &surname, &given)))
			break;
		if (given)
			pt__buf_puts(&b, given);
		if (surname)
			pt__buf_printf(&b, "%s/%s/", given ? " " : "", surname);
		line(g, 1, NULL, "NAME", pt__buf_str(&b));
		if (!primary || other)
			line(g, 2, NULL, "TYPE", g->v7 ? "AKA" : "aka");
		if (given)
			line(g, 2, NULL, "GIVN", given);
		if (surname)
			line(g, 2, NULL, "SURN", surname);
		romanised = script && strcmp(script, "Latn") ? romanise(g, surname, given) : NULL;
		if (romanised && !strcmp(romanised, pt__buf_str(&b))) {
			free(romanised);
			romanised = NULL;
		}
		if (romanised && g->v7) {
			line(g, 2, NULL, "TRAN", romanised);
			line(g, 3, NULL, "LANG", !strcmp(script, "Cyrl") ? "ru-Latn" : "und-Latn");
		}
		if (notes)
			line(g, 2, NULL, "NOTE", notes);
		rc = citations(g, g->cite_name, name_id, 2);
		/* 5.5.1: Gramps 5.1 reports ROMN as a line it does not understand
		 * and drops it; a name of its own, an AKA, it keeps */
		if (rc == PT_OK && romanised && !g->v7)
			rc = romanised_name(g, romanised, pt__buf_str(&b));
		pt__buf_release(&b);
		free(romanised);
		free(surname);
		free(given);
	}
	if (rc == PT_OK && step != SQLITE_DONE && step != SQLITE_ROW)
		rc = pt__sql_error(g->db, "cannot read the names");
	sqlite3_reset(s);
	return rc;
}

static int write_events(struct ged *g, int64_t person_id)
{
	sqlite3_stmt *s = g->events;
	int step, rc = PT_OK;

	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, person_id);
	while (rc == PT_OK && (step = sqlite3_step(s)) == SQLITE_ROW) {
		int64_t event_id = sqlite3_column_int64(s, 0);
		const char *type = column(s, 1), *date = column(s, 2), *original = column(s, 3);
		const char *place = column(s, 4), *agent = column(s, 5), *notes = column(s, 6);
		const char *camp = column(s, 7), *camp_place = column(s, 8), *operation = column(s, 11);
		int point = !strcmp(type, "birth") || !strcmp(type, "death") || !strcmp(type, "burial");
		pt__buf b = PT__BUF_INIT;

		if (!strcmp(type, "birth"))
			line(g, 1, NULL, "BIRT", NULL);
		else if (!strcmp(type, "death"))
			line(g, 1, NULL, "DEAT", NULL);
		else if (!strcmp(type, "burial"))
			line(g, 1, NULL, "BURI", NULL);
		else {
			line(g, 1, NULL, "EVEN", NULL);
			line(g, 2, NULL, "TYPE", pt__event_type(type) ? pt__event_type(type)->label
								   : type);
		}
		date_line(g, 2, date, original, !point);
		if (camp) {
			pt__buf_printf(&b, "%s%s%s", camp, camp_place ? ", " : "", camp_place ? camp_place : "");
			line(g, 2, NULL, "PLAC", pt__buf_str(&b));
			if (sqlite3_column_type(s, 9) != SQLITE_NULL && sqlite3_column_type(s, 10) != SQLITE_NULL) {
				pt__buf c = PT__BUF_INIT;
				line(g, 3, NULL, "MAP", NULL);
				coordinate(&c, 'N', 'S', sqlite3_column_double(s, 9));
				line(g, 4, NULL, "LATI", pt__buf_str(&c));
				pt__buf_reset(&c);
				coordinate(&c, 'E', 'W', sqlite3_column_double(s, 10));
				line(g, 4, NULL, "LONG", pt__buf_str(&c));
				pt__buf_release(&c);
			}
		} else if (place) {
			line(g, 2, NULL, "PLAC", place);
		}
		if (agent)
			line(g, 2, NULL, "AGNC", agent);
		pt__buf_reset(&b);
		if (camp && place)
			pt__buf_printf(&b, "Place: %s", place);
		if (operation)
			pt__buf_printf(&b, "%sOperation: %s", b.len ? "\n" : "", operation);
		if (notes)
			pt__buf_printf(&b, "%s%s", b.len ? "\n" : "", notes);
		if (b.len)
			line(g, 2, NULL, "NOTE", pt__buf_str(&b));
		pt__buf_release(&b);
		rc = citations(g, g->cite_event, event_id, 2);
	}
	if (rc == PT_OK && step != SQLITE_DONE)
		rc = pt__sql_error(g->db, "cannot read the events");
	sqlite3_reset(s);
	return rc;
}

/* Service, rank, unit and service number, each a fact of its own type
 * (FACT with TYPE: Gramps 5.1 keeps them as attributes "Rank", "Unit",
 * ...), and all of them once more as the description of a Military Service
 * event (Gramps' own event type). GEDCOM 7 gives the service number as IDNO,
 * whose TYPE it requires; Gramps 5.1 reports IDNO with TYPE as an error, so
 * 5.5.1 gives it as a FACT too. */
static int military_facts(struct ged *g, const char *service, const char *number,
			  const char *rank, const char *unit)
{
	static const char *const types[] = { "Rank", "Unit", "Service", "Service number" };
	const char *values[] = { rank, unit, service, number };
	pt__buf b = PT__BUF_INIT;

	for (size_t i = 0; i < 3; i++)
		if (values[i])
			pt__buf_printf(&b, "%s%s", b.len ? ", " : "", values[i]);
	if (b.failed)
		return PT_ENOMEM;
	if (b.len) {
		line(g, 1, NULL, "EVEN", pt__buf_str(&b));
		line(g, 2, NULL, "TYPE", "Military Service");
	}
	pt__buf_release(&b);
	for (size_t i = 0; i < 4; i++) {
		if (!values[i])
			continue;
		line(g, 1, NULL, i == 3 && g->v7 ? "IDNO" : "FACT", values[i]);
		line(g, 2, NULL, "TYPE", types[i]);
	}
	return PT_OK;
}

/* The facts of one record: sex (the first record's), birth, events,
 * nationality, service, its reference, its status (status_note), notes and
 * the citations on it. For a man of several records each record writes its
 * facts (GEDCOM keeps several BIRT or NATI as the evidence gives them) and
 * the status, of all his records, comes once after them. */
static int write_record_facts(struct ged *g, int64_t id, int first, int status_note)
{
	sqlite3_stmt *s = g->person;
	int step, rc;

	sqlite3_reset(s);
	sqlite3_bind_int64(s, 1, id);
	if ((step = sqlite3_step(s)) != SQLITE_ROW) {
		sqlite3_reset(s);
		if (step == SQLITE_DONE)
			return pt__error(g->db, PT_ENOTFOUND, "no person %lld", (long long)id);
		return pt__sql_error(g->db, "cannot read a person");
	}
	{
		const char *record_source = column(s, 1), *record_id = column(s, 2);
		const char *sex = column(s, 5), *nationality = column(s, 6);
		const char *birth = column(s, 7), *birth_place = column(s, 8);
		const char *service = column(s, 9), *number = column(s, 10), *rank = column(s, 11);
		const char *unit = column(s, 12), *notes = column(s, 13), *status = column(s, 14);
		const char *reason = column(s, 15);
		pt__buf b = PT__BUF_INIT;

		if (sex && first)
			line(g, 1, NULL, "SEX", sex);
		if (birth || birth_place) {
			line(g, 1, NULL, "BIRT", NULL);
			date_line(g, 2, birth, NULL, 0);
			if (birth_place)
				line(g, 2, NULL, "PLAC", birth_place);
		}
		if ((rc = write_events(g, id)))
			return rc;
		if (nationality)
			line(g, 1, NULL, "NATI", nationality);
		if ((rc = military_facts(g, service, number, rank, unit)))
			return rc;
		if (record_id) {
			line(g, 1, NULL, "REFN", record_id);
			if (record_source && *record_source)
				line(g, 2, NULL, "TYPE", record_source);
		}
		pt__buf_reset(&b);
		if (status_note) {
			/* the reason says the status first: "returned: return to ..., 1953" */
			pt__buf_printf(&b, "Case status (powtrace): %s",
				       reason ? reason : status ? status : "unknown");
			line(g, 1, NULL, "NOTE", pt__buf_str(&b));
		}
		if (notes)
			line(g, 1, NULL, "NOTE", notes);
		pt__buf_release(&b);
	}
	sqlite3_reset(s);
	return citations(g, g->cite_person, id, 1);
}

/* One INDI per man: the man of record `id`, written once however many of
 * his records are asked for. */
static int write_person(struct ged *g, int64_t id)
{
	int64_t man = 0, *records = NULL;
	size_t count = 0, anchor = 0;
	char xref[32];
	int rc;

	if ((rc = pt_individual_of(g->db, id, &man)) == PT_ENOTFOUND)
		return pt__error(g->db, PT_ENOTFOUND, "no person %lld", (long long)id);
	if (rc)
		return rc;
	{
		int seen = 0;
		if (man_seen(g, man, &seen))
			return pt__error(g->db, PT_ENOMEM, "out of memory");
		if (seen)
			return PT_OK;
	}
	if ((rc = pt_individual_records(g->db, man, &records, &count)))
		return rc;
	for (size_t r = 0; r < count; r++)
		if (records[r] == man)
			anchor = r;
	snprintf(xref, sizeof xref, "I%lld", (long long)man);
	line(g, 0, xref, "INDI", NULL);
	/* every name form: the anchor record's first, the others' as AKA */
	if ((rc = write_names(g, records[anchor], 0)))
		goto cleanup;
	for (size_t r = 0; r < count && !rc; r++)
		if (r != anchor)
			rc = write_names(g, records[r], 1);
	if (rc)
		goto cleanup;
	if (count == 1) {
		rc = write_record_facts(g, records[0], 1, 1);
		goto cleanup;
	}
	if ((rc = write_record_facts(g, records[anchor], 1, 0)))
		goto cleanup;
	for (size_t r = 0; r < count && !rc; r++)
		if (r != anchor)
			rc = write_record_facts(g, records[r], 0, 0);
	if (!rc) {
		/* the status of all his records */
		pt__man_fate fate;
		pt__buf b = PT__BUF_INIT;
		if ((rc = pt__man_fate_get(g->db, man, &fate)))
			goto cleanup;
		pt__buf_printf(&b, "Case status (powtrace): %s", fate.reason ? fate.reason
			       : pt_status_name(fate.status));
		line(g, 1, NULL, "NOTE", pt__buf_str(&b));
		pt__buf_reset(&b);
		pt__buf_printf(&b, "One man in %zu records (powtrace individual %lld): records",
			       count, (long long)man);
		for (size_t r = 0; r < count; r++)
			pt__buf_printf(&b, "%s %lld", r ? "," : "", (long long)records[r]);
		line(g, 1, NULL, "NOTE", pt__buf_str(&b));
		pt__buf_release(&b);
		pt__man_fate_release(&fate);
	}
cleanup:
	free(records);
	return rc;
}

int pt_gedcom_export(pt_db *db, const int64_t *ids, size_t count, const pt_gedcom_options *opts,
		     char **out, size_t *len)
{
	static const char cite[] = "SELECT source_id, locator, source_quality, information, evidence, "
				   "confidence, notes FROM citation WHERE %s = ?1 ORDER BY id";
	struct ged g;
	char sql[256];
	int rc;

	*out = NULL;
	if (len)
		*len = 0;
	memset(&g, 0, sizeof g);
	g.db = db;
	g.v7 = opts && opts->version == 7;
	if (opts && opts->version && opts->version != 5 && opts->version != 7)
		return pt__error(db, PT_EINVAL, "GEDCOM version %d: powtrace writes 5 (5.5.1) or 7 (7.0)",
				 opts->version);
	g.out.max = 1u << 30;
	if ((rc = pt__prepare(db, &g.person, "SELECT id, record_source, record_id, surname, "
			      "given_names, sex, nationality, birth_date, birth_place, service, "
			      "service_number, rank, unit, notes, status, status_reason FROM person "
			      "WHERE id = ?1")) ||
	    (rc = pt__prepare(db, &g.names, "SELECT id, surname, given_names, script, is_primary, "
			      "notes FROM person_name WHERE person_id = ?1 ORDER BY is_primary DESC, seq")) ||
	    (rc = pt__prepare(db, &g.events, "SELECT e.id, e.type, e.date, e.date_original, e.place, "
			      "e.agent, e.notes, c.name, c.place, c.lat, c.lon, o.name FROM event e "
			      "LEFT JOIN camp c ON c.id = e.camp_id LEFT JOIN operation o ON "
			      "o.id = e.operation_id WHERE e.person_id = ?1 ORDER BY e.seq")) ||
	    (rc = pt__prepare(db, &g.source, "SELECT key, kind, title, authors, date, publisher, "
			      "isbn, url, archive, reference, notes FROM source WHERE id = ?1")))
		goto cleanup;
	snprintf(sql, sizeof sql, cite, "person_id");
	if ((rc = pt__prepare(db, &g.cite_person, sql)))
		goto cleanup;
	snprintf(sql, sizeof sql, cite, "name_id");
	if ((rc = pt__prepare(db, &g.cite_name, sql)))
		goto cleanup;
	snprintf(sql, sizeof sql, cite, "event_id");
	if ((rc = pt__prepare(db, &g.cite_event, sql)))
		goto cleanup;

	/* the header */
	line(&g, 0, NULL, "HEAD", NULL);
	if (g.v7) {
		line(&g, 1, NULL, "GEDC", NULL);
		line(&g, 2, NULL, "VERS", "7.0");
	}
	line(&g, 1, NULL, "SOUR", "POWTRACE");
	line(&g, 2, NULL, "VERS", PT_VERSION);
	line(&g, 2, NULL, "NAME", "powtrace");
	if (!g.v7)
		line(&g, 1, NULL, "DEST", "ANY");
	if (opts && opts->date && *opts->date)
		line(&g, 1, NULL, "DATE", opts->date);
	if (!g.v7) {
		pt__buf_puts(&g.out, "1 SUBM @U1@\n");
		line(&g, 1, NULL, "GEDC", NULL);
		line(&g, 2, NULL, "VERS", "5.5.1");
		line(&g, 2, NULL, "FORM", "LINEAGE-LINKED");
		line(&g, 1, NULL, "CHAR", "UTF-8");
	}
	line(&g, 1, NULL, "NOTE", "Prisoners of war and their captivity, exported from a powtrace "
	     "database. Events that GEDCOM has no tag for (capture, internment, liberation, "
	     "repatriation, ...) are EVEN records with a TYPE.");
	if (!g.v7) {
		line(&g, 0, "U1", "SUBM", NULL);
		line(&g, 1, NULL, "NAME", "powtrace");
	}
	for (size_t i = 0; i < count; i++)
		if ((rc = write_person(&g, ids[i])))
			goto cleanup;
	for (size_t i = 0; i < g.source_count; i++)
		if ((rc = write_source(&g, g.sources[i])))
			goto cleanup;
	for (size_t i = 0; i < g.repo_count; i++) {
		char xref[32];
		snprintf(xref, sizeof xref, "R%zu", i + 1);
		line(&g, 0, xref, "REPO", NULL);
		line(&g, 1, NULL, "NAME", g.repos[i]);
	}
	line(&g, 0, NULL, "TRLR", NULL);
	if (g.out.failed) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if (len)
		*len = g.out.len;
	*out = pt__buf_detach(&g.out);
	rc = PT_OK;
cleanup:
	sqlite3_finalize(g.person);
	sqlite3_finalize(g.names);
	sqlite3_finalize(g.events);
	sqlite3_finalize(g.cite_person);
	sqlite3_finalize(g.cite_name);
	sqlite3_finalize(g.cite_event);
	sqlite3_finalize(g.source);
	free(g.sources);
	free(g.men);
	for (size_t i = 0; i < g.repo_count; i++)
		free(g.repos[i]);
	free(g.repos);
	pt__buf_release(&g.out);
	return rc;
}
