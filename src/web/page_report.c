/*
 * page_report.c - "/report/unaccounted" (the men the records leave in
 * captivity or in transit, with the definition, the CLI's filters, a page
 * at a time, and the whole list as CSV: "/report/unaccounted.csv") and
 * "/count" (persons counted by one or two fields, a table and an SVG
 * chart: "/count.svg").
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

#define REPORT_PAGE 50       /* rows of the report a page shows */
#define CSV_PART 1000        /* rows of the CSV read at a time */

const char *web_count_fields(const char *by, pt_count_options *opts);
const char *web_count_options(const struct web_request *rq, pt_count_options *opts);

static void filter_form(const struct web_request *rq, struct web_response *rs, const char *action,
			int with_status, const char *more)
{
	struct wbuf *b = &rs->body;
	wbuf_puts(b, "<form class=\"filters-form\" method=\"get\" action=\"");
	esc_html(b, rq->base);
	wbuf_puts(b, action);
	wbuf_puts(b, "\">\n");
	if (more)
		wbuf_puts(b, more);
	wbuf_puts(b, "<details class=\"filters\"><summary>Filters</summary>\n");
	web_filter_inputs(rq, rs, with_status);
	wbuf_puts(b, "</details>\n<button type=\"submit\">Show</button>\n</form>\n");
}

/* a camp's name as a link: /camp/ takes any of a camp's names */
static void camp_name_link(const struct web_request *rq, struct web_response *rs, const char *name)
{
	if (!name)
		return;
	page_href(rq, rs, "/camp/");
	esc_url(&rs->body, name);
	wbuf_puts(&rs->body, "\">");
	esc_html(&rs->body, name);
	wbuf_puts(&rs->body, "</a>");
}

static void evidence_text(struct wbuf *b, const pt_citation *c)
{
	const char *parts[3] = { c->source_quality, c->information, c->evidence };
	int any = 0;
	esc_html(b, c->source_key);
	if (c->locator) {
		wbuf_puts(b, " ");
		esc_html(b, c->locator);
	}
	wbuf_puts(b, " (");
	for (int i = 0; i < 3; i++)
		if (parts[i]) {
			wbuf_puts(b, any ? "/" : "");
			esc_html(b, parts[i]);
			any = 1;
		}
	if (!any)
		wbuf_puts(b, "not graded");
	wbuf_puts(b, "; on ");
	esc_html(b, c->target);
	wbuf_puts(b, ")");
}

/* How many men a filter leaves in the report, remembered per file: counting
 * them reads 200,000 index entries of a million persons (about 50 ms), and
 * the next page of the same list needs the same number. */
#define TOTALS 64
static struct {
	pthread_mutex_t lock;
	struct { char key[512]; unsigned generation; int64_t total; int used; } slot[TOTALS];
	unsigned next;
} totals = { PTHREAD_MUTEX_INITIALIZER, { { "", 0, 0, 0 } }, 0 };

static int total_get(const char *key, unsigned generation, int64_t *total)
{
	int found = 0;
	if (strlen(key) >= sizeof totals.slot[0].key)
		return 0;
	pthread_mutex_lock(&totals.lock);
	for (unsigned i = 0; i < TOTALS && !found; i++)
		if (totals.slot[i].used && totals.slot[i].generation == generation &&
		    !strcmp(totals.slot[i].key, key)) {
			*total = totals.slot[i].total;
			found = 1;
		}
	pthread_mutex_unlock(&totals.lock);
	return found;
}

static void total_put(const char *key, unsigned generation, int64_t total)
{
	size_t n = strlen(key);
	if (n >= sizeof totals.slot[0].key)
		return;
	pthread_mutex_lock(&totals.lock);
	memcpy(totals.slot[totals.next].key, key, n + 1);
	totals.slot[totals.next].generation = generation;
	totals.slot[totals.next].total = total;
	totals.slot[totals.next].used = 1;
	totals.next = (totals.next + 1) % TOTALS;
	pthread_mutex_unlock(&totals.lock);
}

void page_unaccounted(struct web_request *rq, struct web_response *rs)
{
	struct wbuf *b = &rs->body, q;
	struct web_filter wf;
	pt_unaccounted *report = NULL;
	long page = web_arg_number(rq, "page", 1, 1, 1000000);
	int64_t total = 0;
	int rc;

	web_filter_read(rq, &wf, 0);
	page_begin(rq, rs, "Unaccounted for");
	wbuf_puts(b, "<h1>Unaccounted for</h1>\n<section class=\"definition\" aria-labelledby=\"def\">\n"
		  "<h2 id=\"def\">What this list means</h2>\n<p>");
	esc_html(b, pt_report_unaccounted_definition());
	wbuf_puts(b, "</p>\n</section>\n");
	filter_form(rq, rs, "/report/unaccounted", 0, NULL);
	if (wf.problem || page < 0) {
		rs->status = 400;
		wbuf_puts(b, "<p class=\"notice\" role=\"alert\">");
		esc_html(b, wf.problem ? wf.problem : "There is no such page.");
		wbuf_puts(b, "</p>\n");
		page_end(rq, rs);
		return;
	}
	wbuf_init(&q, 16384);
	web_filter_query(rq, &q, 0);
	{
		int known = total_get(q.data ? q.data : "", rq->generation, &total);
		rc = pt_report_unaccounted_page(rq->db, &wf.filter, (size_t)(page - 1) * REPORT_PAGE,
						REPORT_PAGE, &report, known ? NULL : &total);
		if (!rc && !known)
			total_put(q.data ? q.data : "", rq->generation, total);
	}
	if (rc) {
		wbuf_release(&q);
		rs->status = rc == PT_EINVAL || rc == PT_ENOTFOUND ? 400 : 500;
		wbuf_puts(b, "<p class=\"notice\" role=\"alert\">");
		esc_html(b, pt_db_errmsg(rq->db));
		wbuf_puts(b, "</p>\n");
		page_end(rq, rs);
		return;
	}
	wbuf_puts(b, "<p role=\"status\">");
	page_number(rs, total);
	wbuf_printf(b, " %s. Download the whole list: ", total == 1 ? "man" : "men");
	page_href(rq, rs, "/report/unaccounted.csv");
	wbuf_printf(b, "%s%s\" download>CSV</a>, ", q.len ? "?" : "", q.data ? q.data : "");
	page_href(rq, rs, "/api/report/unaccounted");
	wbuf_printf(b, "%s%s\">JSON</a>.</p>\n", q.len ? "?" : "", q.data ? q.data : "");
	if (report->row_count) {
		wbuf_puts(b, "<div class=\"scroll\" role=\"region\" aria-label=\"The list\" tabindex=\"0\">\n"
			  "<table class=\"stack\">\n<thead><tr><th scope=\"col\">Name</th>"
			  "<th scope=\"col\">Nationality</th><th scope=\"col\">Last known event</th>"
			  "<th scope=\"col\">Date</th><th scope=\"col\">Where</th>"
			  "<th scope=\"col\">Citations</th><th scope=\"col\">Strongest evidence</th>"
			  "</tr></thead>\n<tbody>\n");
		for (size_t i = 0; i < report->row_count; i++) {
			const pt_unaccounted_row *r = &report->rows[i];
			wbuf_puts(b, "<tr><td data-label=\"Name\">");
			page_href(rq, rs, "/person/");
			wbuf_printf(b, "%lld\">", (long long)r->id);
			page_name(rs, r->surname, r->given_names);
			wbuf_puts(b, "</a></td><td data-label=\"Nationality\">");
			esc_html(b, r->nationality);
			wbuf_puts(b, "</td><td data-label=\"Last known event\">");
			esc_html(b, r->event_type);
			wbuf_puts(b, "</td><td data-label=\"Date\">");
			esc_html(b, r->event_date ? r->event_date : r->event_type ? "?" : "");
			wbuf_puts(b, "</td><td data-label=\"Where\">");
			if (r->event_camp)
				camp_name_link(rq, rs, r->event_camp);
			if (r->event_camp && r->event_place)
				wbuf_puts(b, ", ");
			esc_html(b, r->event_place);
			if (!r->event_camp && !r->event_place && r->last_camp) {
				wbuf_puts(b, "last camp: ");
				camp_name_link(rq, rs, r->last_camp);
			}
			wbuf_printf(b, "</td><td data-label=\"Citations\">%lld</td><td data-label=\"Strongest "
				    "evidence\">", (long long)r->citation_count);
			if (r->evidence)
				evidence_text(b, r->evidence);
			else
				wbuf_puts(b, "none");
			wbuf_puts(b, "</td></tr>\n");
		}
		wbuf_puts(b, "</tbody>\n</table>\n</div>\n");
	}
	page_pager(rq, rs, "/report/unaccounted", q.data ? q.data : "", page, REPORT_PAGE, total,
		   total);
	wbuf_release(&q);
	pt_unaccounted_free(report);
	page_end(rq, rs);
}

/* ---- the whole list as CSV, read a part at a time ------------------------ */

struct csv_state {
	struct web_filter wf;
	size_t offset;
};

static void csv_row(struct wbuf *b, const pt_unaccounted_row *r)
{
	char number[32];
	const char *cells[14];
	struct wbuf sources, grade;

	wbuf_init(&sources, 1 << 20);
	wbuf_init(&grade, 4096);
	for (size_t k = 0; k < r->source_count; k++) {
		wbuf_puts(&sources, k ? ";" : "");
		wbuf_puts(&sources, r->sources[k]);
	}
	if (r->evidence) {
		const char *parts[3] = { r->evidence->source_quality, r->evidence->information,
					 r->evidence->evidence };
		for (int i = 0; i < 3; i++)
			if (parts[i]) {
				wbuf_puts(&grade, grade.len ? "/" : "");
				wbuf_puts(&grade, parts[i]);
			}
		if (r->evidence->confidence >= 0)
			wbuf_printf(&grade, "%sconfidence %d", grade.len ? ", " : "",
				    r->evidence->confidence);
	}
	snprintf(number, sizeof number, "%lld", (long long)r->id);
	cells[0] = number;
	cells[1] = r->surname;
	cells[2] = r->given_names;
	cells[3] = r->nationality;
	cells[4] = r->event_type;
	cells[5] = r->event_date;
	cells[6] = r->event_place;
	cells[7] = r->event_camp;
	cells[8] = r->last_camp;
	cells[9] = NULL;
	cells[10] = sources.data;
	cells[11] = r->evidence ? r->evidence->source_key : NULL;
	cells[12] = r->evidence ? r->evidence->locator : NULL;
	cells[13] = grade.data;
	for (int c = 0; c < 14; c++) {
		if (c)
			wbuf_puts(b, ",");
		if (c == 9)
			wbuf_printf(b, "%lld", (long long)r->citation_count);
		else
			esc_csv(b, cells[c]);
	}
	wbuf_puts(b, "\r\n");
	wbuf_release(&sources);
	wbuf_release(&grade);
}

static int csv_next(void *state, pt_db *db, struct wbuf *out)
{
	struct csv_state *st = state;
	pt_unaccounted *part = NULL;
	size_t n;

	if (pt_report_unaccounted_page(db, &st->wf.filter, st->offset, CSV_PART, &part, NULL))
		return -1;
	for (size_t i = 0; i < part->row_count; i++)
		csv_row(out, &part->rows[i]);
	n = part->row_count;
	st->offset += n;
	pt_unaccounted_free(part);
	return n == CSV_PART;
}

void page_unaccounted_csv(struct web_request *rq, struct web_response *rs)
{
	struct csv_state *st = calloc(1, sizeof *st);
	pt_unaccounted *probe = NULL;
	int rc;

	if (!st) {
		page_error(rq, rs, 500, "Error", "Out of memory.");
		return;
	}
	web_filter_read(rq, &st->wf, 0);
	if (st->wf.problem) {
		page_error(rq, rs, 400, "Bad request", st->wf.problem);
		free(st);
		return;
	}
	/* the filter is checked before the first byte goes out */
	rc = pt_report_unaccounted_page(rq->db, &st->wf.filter, 0, 1, &probe, NULL);
	pt_unaccounted_free(probe);
	if (rc) {
		page_error(rq, rs, rc == PT_EINVAL || rc == PT_ENOTFOUND ? 400 : 500, "Bad request",
			   pt_db_errmsg(rq->db));
		free(st);
		return;
	}
	rs->type = "text/csv; charset=utf-8";
	snprintf(rs->disposition, sizeof rs->disposition,
		 "attachment; filename=\"unaccounted.csv\"");
	wbuf_puts(&rs->body, "id,surname,given_names,nationality,last_event_type,last_event_date,"
		  "last_event_place,last_event_camp,last_camp,citations,sources,evidence_source,"
		  "evidence_locator,evidence_grade\r\n");
	rs->next = csv_next;
	rs->state = st;
	rs->state_free = free;
}

/* ---- counts ------------------------------------------------------------------ */

static const char *const field_names[] = {
	"nationality", "camp", "camp_type", "operator", "last_camp", "status", "last_event", "year",
	"unit", "source",
};

static void field_select(struct wbuf *b, const char *id, const char *label, const char *chosen,
			 int optional)
{
	wbuf_printf(b, "<div class=\"field\"><label for=\"%s\">%s</label>\n<select id=\"%s\" "
		    "name=\"%s\">\n", id, label, id, id);
	if (optional)
		wbuf_puts(b, "<option value=\"\">(none)</option>\n");
	for (size_t i = 0; i < sizeof field_names / sizeof *field_names; i++)
		wbuf_printf(b, "<option%s>%s</option>\n",
			    chosen && !strcmp(chosen, field_names[i]) ? " selected" : "", field_names[i]);
	wbuf_puts(b, "</select></div>\n");
}

/* "by" from the form's two fields (by1, by2) or as the API gives it */
static void count_by(const struct web_request *rq, char *by, size_t size)
{
	const char *given = web_arg(rq, "by"), *one = web_arg(rq, "by1"), *two = web_arg(rq, "by2");
	if (given && *given)
		snprintf(by, size, "%s", given);
	else
		snprintf(by, size, "%s%s%s", one && *one ? one : "status",
			 two && *two ? "," : "", two && *two ? two : "");
}

static const char *read_count(const struct web_request *rq, struct web_filter *wf,
			      pt_count_options *opts, char *by, size_t size)
{
	const char *problem;
	memset(opts, 0, sizeof *opts);
	web_filter_read(rq, wf, 1);
	count_by(rq, by, size);
	if ((problem = wf->problem) || (problem = web_count_fields(by, opts)) ||
	    (problem = web_count_options(rq, opts)))
		return problem;
	if (opts->field_count > 2)
		return "count by one or two fields here";
	opts->filter = wf->filter;
	return NULL;
}

void page_count(struct web_request *rq, struct web_response *rs)
{
	struct wbuf *b = &rs->body, q, more;
	struct web_filter wf;
	pt_count_options opts;
	pt_count *count = NULL;
	char by[WEB_ARG_MAX + 1];
	const char *problem = read_count(rq, &wf, &opts, by, sizeof by);
	const char *by2 = opts.field_count > 1 ? pt_field_name(opts.fields[1]) : NULL;
	int rc;

	page_begin(rq, rs, "Counts");
	wbuf_puts(b, "<h1>Counts</h1>\n<p class=\"lead\">Persons counted by what the records say. A "
		  "man held in several camps counts once under each camp, so those rows can add up "
		  "to more than the total.</p>\n");
	wbuf_init(&more, 8192);
	field_select(&more, "by1", "Count by", opts.field_count ? pt_field_name(opts.fields[0])
							      : "status", 0);
	field_select(&more, "by2", "and by", by2, 1);
	filter_form(rq, rs, "/count", 1, more.data);
	wbuf_release(&more);
	if (problem) {
		rs->status = 400;
		wbuf_puts(b, "<p class=\"notice\" role=\"alert\">");
		esc_html(b, problem);
		wbuf_puts(b, "</p>\n");
		page_end(rq, rs);
		return;
	}
	if (web_heavy_enter()) {
		web_busy(rq, rs);
		return;
	}
	rc = pt_count_run(rq->db, &opts, &count);
	web_heavy_leave();
	if (rc) {
		rs->status = rc == PT_EINVAL || rc == PT_ENOTFOUND ? 400 : 500;
		wbuf_puts(b, "<p class=\"notice\" role=\"alert\">");
		esc_html(b, pt_db_errmsg(rq->db));
		wbuf_puts(b, "</p>\n");
		page_end(rq, rs);
		return;
	}
	wbuf_init(&q, 16384);
	wbuf_puts(&q, "by=");
	esc_url(&q, by);
	web_filter_query(rq, &q, 1);
	wbuf_puts(b, "<figure class=\"chart\">\n<img src=\"");
	esc_html(b, rq->base);
	wbuf_printf(b, "/count.svg?%s\" alt=\"A bar chart of the table below\">\n"
		    "<figcaption>The same counts as the table. ", q.data);
	page_href(rq, rs, "/api/count?");
	wbuf_printf(b, "%s\">JSON</a>.</figcaption>\n</figure>\n", q.data);
	wbuf_puts(b, "<div class=\"scroll\" role=\"region\" aria-label=\"Counts\" tabindex=\"0\">\n"
		  "<table class=\"counts\">\n<thead><tr>");
	for (size_t f = 0; f < count->field_count; f++) {
		wbuf_puts(b, "<th scope=\"col\">");
		esc_html(b, pt_field_name(count->fields[f]));
		wbuf_puts(b, "</th>");
	}
	wbuf_puts(b, "<th scope=\"col\" class=\"num\">persons</th></tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < count->row_count && r < 1000; r++) {
		wbuf_puts(b, "<tr>");
		for (size_t f = 0; f < count->field_count; f++) {
			const char *v = count->rows[r].values[f];
			wbuf_puts(b, "<td>");
			if (v && (count->fields[f] == PT_FIELD_CAMP || count->fields[f] == PT_FIELD_LAST_CAMP))
				camp_name_link(rq, rs, v);
			else
				esc_html(b, v ? v : "(none)");
			wbuf_puts(b, "</td>");
		}
		wbuf_puts(b, "<td class=\"num\">");
		page_number(rs, count->rows[r].count);
		wbuf_puts(b, "</td></tr>\n");
	}
	wbuf_printf(b, "</tbody>\n<tfoot><tr><th scope=\"row\" colspan=\"%zu\">total (each person once)"
		    "</th><td class=\"num\">", count->field_count);
	page_number(rs, count->total);
	wbuf_puts(b, "</td></tr></tfoot>\n</table>\n</div>\n");
	if (count->row_count > 1000)
		wbuf_puts(b, "<p class=\"hint\">The first 1,000 rows; the JSON has them all.</p>\n");
	wbuf_release(&q);
	pt_count_free(count);
	page_end(rq, rs);
}

void page_count_svg(struct web_request *rq, struct web_response *rs)
{
	struct web_filter wf;
	pt_count_options opts;
	pt_count *count = NULL;
	char by[WEB_ARG_MAX + 1], *svg = NULL;
	const char *problem = read_count(rq, &wf, &opts, by, sizeof by);
	struct wbuf title;
	int rc;

	if (problem) {
		page_error(rq, rs, 400, "Bad request", problem);
		return;
	}
	if (web_heavy_enter()) {
		web_busy(rq, rs);
		return;
	}
	rc = pt_count_run(rq->db, &opts, &count);
	web_heavy_leave();
	if (rc) {
		page_error(rq, rs, rc == PT_EINVAL || rc == PT_ENOTFOUND ? 400 : 500, "Bad request",
			   pt_db_errmsg(rq->db));
		return;
	}
	wbuf_init(&title, 4096);
	wbuf_printf(&title, "Persons by %s%s%s", pt_field_name(count->fields[0]),
		    count->field_count > 1 ? " and " : "",
		    count->field_count > 1 ? pt_field_name(count->fields[1]) : "");
	rc = pt_chart_svg(count, title.data, NULL, &svg);
	if (rc) {
		page_error(rq, rs, 500, "Error", "The chart could not be drawn.");
	} else {
		rs->type = "image/svg+xml";
		rs->image = 1;
		wbuf_puts(&rs->body, svg);
	}
	pt_free(svg);
	wbuf_release(&title);
	pt_count_free(count);
}
