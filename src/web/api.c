/*
 * api.c - "/api/...": JSON with exactly the objects of the CLI's
 * `--format json`, built by the same functions (src/render/), so that
 * GET /api/person/1 is byte for byte `powtrace show 1 --format json`.
 * A failure is {"error": "..."} with its status.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "web.h"

/* how the CLI writes each document: find, show, claims and xref without the
 * real-number precision that counts, reports and camps use */
#define PLAIN_FLAGS (JSON_INDENT(2) | JSON_PRESERVE_ORDER)

static void send_json(struct web_response *rs, json_t *doc, size_t flags)
{
	char *text = doc ? json_dumps(doc, flags) : NULL;
	rs->type = "application/json; charset=utf-8";
	if (!text) {
		rs->status = 500;
		wbuf_puts(&rs->body, "{\"error\": \"the answer could not be written\"}\n");
	} else {
		wbuf_puts(&rs->body, text);
		wbuf_puts(&rs->body, "\n");
	}
	free(text);
	json_decref(doc);
}

static void api_error(struct web_response *rs, int status, const char *message)
{
	wbuf_release(&rs->body);
	wbuf_init(&rs->body, WEB_BODY_MAX);
	rs->status = status;
	rs->total[0] = '\0';
	send_json(rs, json_pack("{s:s}", "error", message ? message : "error"), PLAIN_FLAGS);
}

/* the status of a library failure */
static int status_of(int rc)
{
	return rc == PT_ENOTFOUND ? 404 : rc == PT_EINVAL ? 400 : 500;
}

static int64_t positive_id(const char *tail)
{
	int64_t id = 0;
	size_t n = strlen(tail);
	if (!n || n > 15)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (tail[i] < '0' || tail[i] > '9')
			return -1;
		id = id * 10 + (tail[i] - '0');
	}
	return id > 0 ? id : -1;
}

void api_find(struct web_request *rq, struct web_response *rs)
{
	const char *q = web_arg(rq, "q"), *from = web_arg(rq, "born_from"), *to = web_arg(rq, "born_to");
	pt_find_options opts = { .limit = 50 };
	pt_find_result *result = NULL;
	char born[2 * WEB_ARG_MAX + 8];
	long limit = web_arg_number(rq, "limit", 50, 1, WEB_API_LIMIT_MAX);
	long offset = web_arg_number(rq, "offset", 0, 0, WEB_RESULTS_MAX);
	json_t *doc;
	int rc;

	opts.number = web_arg(rq, "number");
	opts.text = web_arg(rq, "text");
	opts.unit = web_arg(rq, "unit");
	if ((!q || !*q) && !opts.number && !opts.text && !opts.unit) {
		api_error(rs, 400, "give a name to search for: /api/find?q=NAME (or number, unit, "
			  "text)");
		return;
	}
	if (limit < 0) {
		api_error(rs, 400, "limit: a number of hits from 1 to 1000");
		return;
	}
	if (offset < 0) {
		api_error(rs, 400, "offset: a number of hits to skip from 0 to 1000");
		return;
	}
	opts.born = web_arg(rq, "born");
	if (!opts.born && ((from && *from) || (to && *to))) {
		snprintf(born, sizeof born, "%s/%s", from && *from ? from : "..", to && *to ? to : "..");
		opts.born = born;
	}
	opts.nationality = web_arg(rq, "nationality");
	opts.camp = web_arg(rq, "camp");
	opts.status = web_arg(rq, "status");
	opts.limit = (size_t)limit;
	opts.offset = (size_t)offset;
	rc = pt_person_find(rq->db, q && *q ? q : NULL, &opts, &result);
	if (rc) {
		api_error(rs, status_of(rc), pt_db_errmsg(rq->db));
		return;
	}
	doc = json_array();
	for (size_t i = 0; i < result->count; i++)
		json_array_append_new(doc, render_find_hit(rq->db, &result->hits[i]));
	snprintf(rs->total, sizeof rs->total, "%zu", result->total);
	pt_find_result_free(result);
	send_json(rs, doc, PLAIN_FLAGS);
}

pt_fate_events **web_competing(pt_db *db, const pt_individual *man, int *failed);
void web_competing_free(pt_fate_events **competing, size_t count);

void api_person(struct web_request *rq, struct web_response *rs)
{
	int64_t id = positive_id(rq->tail);
	pt_individual *man = NULL;
	pt_fate_events **competing = NULL;
	pt_research_entries *research = NULL;
	int rc, failed = 0;

	if (id <= 0) {
		api_error(rs, 404, "a man's address is /api/person/ and a number");
		return;
	}
	/* any record's id names its man, as for `powtrace show`; his dossier,
	 * the evidence on his fate and the research log in one read */
	if ((rc = pt_db_read_begin(rq->db))) {
		api_error(rs, status_of(rc), pt_db_errmsg(rq->db));
		return;
	}
	if ((rc = pt_individual_get(rq->db, id, &man))) {
		pt_db_read_end(rq->db);
		api_error(rs, status_of(rc), pt_db_errmsg(rq->db));
		return;
	}
	competing = web_competing(rq->db, man, &failed);
	if (!failed && pt_research_list(rq->db, id, 0, &research))
		failed = 1;
	pt_db_read_end(rq->db);
	if (failed)
		api_error(rs, 500, pt_db_errmsg(rq->db));
	else
		send_json(rs, render_individual(man, (const pt_fate_events *const *)competing,
						research), PLAIN_FLAGS);
	pt_research_entries_free(research);
	web_competing_free(competing, man->record_count);
	pt_individual_free(man);
}

void api_camp(struct web_request *rq, struct web_response *rs)
{
	pt_camp_dossier *dossier = NULL;
	int rc;

	if (web_heavy_enter()) {
		api_error(rs, 503, "busy: try again in a few seconds");
		return;
	}
	rc = pt_report_camp(rq->db, rq->tail, &dossier);
	web_heavy_leave();
	if (rc)
		api_error(rs, status_of(rc), pt_db_errmsg(rq->db));
	else
		send_json(rs, render_camp_dossier(dossier), RENDER_JSON_FLAGS);
	pt_camp_dossier_free(dossier);
}

void api_unaccounted(struct web_request *rq, struct web_response *rs)
{
	struct web_filter wf;
	pt_unaccounted *report = NULL;
	long page = web_arg_number(rq, "page", 1, 1, 1000000);
	long per = web_arg_number(rq, "per", 100, 1, WEB_API_LIMIT_MAX);
	int64_t total = 0;
	int rc;

	web_filter_read(rq, &wf, 0);
	if (wf.problem || page < 0 || per < 0) {
		api_error(rs, 400, wf.problem ? wf.problem : "page: 1 or more; per: 1 to 1000");
		return;
	}
	rc = pt_report_unaccounted_page(rq->db, &wf.filter, (size_t)(page - 1) * (size_t)per,
					(size_t)per, &report, &total);
	if (rc) {
		api_error(rs, status_of(rc), pt_db_errmsg(rq->db));
		return;
	}
	snprintf(rs->total, sizeof rs->total, "%lld", (long long)total);
	send_json(rs, render_unaccounted(report), RENDER_JSON_FLAGS);
	pt_unaccounted_free(report);
}

/* by=nationality,camp into opts; a message when it is wrong */
const char *web_count_fields(const char *by, pt_count_options *opts);

const char *web_count_fields(const char *by, pt_count_options *opts)
{
	const char *start = by;
	if (!by || !*by)
		return NULL;
	for (;;) {
		const char *end = strchr(start, ',');
		size_t len = end ? (size_t)(end - start) : strlen(start);
		char name[32];
		pt_field field;
		if (!len || len >= sizeof name)
			return "by: unknown field";
		memcpy(name, start, len);
		name[len] = '\0';
		if (pt_field_parse(name, &field))
			return "by: unknown field (nationality, camp, camp_type, operator, last_camp, "
			       "status, last_event, year, unit, source)";
		for (size_t f = 0; f < opts->field_count; f++)
			if (opts->fields[f] == field)
				return "by: a field is given twice";
		if (opts->field_count == PT_COUNT_MAX_FIELDS)
			return "by: at most 4 fields";
		opts->fields[opts->field_count++] = field;
		if (!end)
			return NULL;
		start = end + 1;
	}
}

/* year_of and sort, as the CLI's --year-of and --sort */
const char *web_count_options(const struct web_request *rq, pt_count_options *opts);

const char *web_count_options(const struct web_request *rq, pt_count_options *opts)
{
	const char *year_of = web_arg(rq, "year_of"), *sort = web_arg(rq, "sort");
	if (year_of && *year_of) {
		if (!strcmp(year_of, "capture"))
			opts->year_of = PT_YEAR_OF_CAPTURE;
		else if (!strcmp(year_of, "liberation"))
			opts->year_of = PT_YEAR_OF_LIBERATION;
		else if (!strcmp(year_of, "last"))
			opts->year_of = PT_YEAR_OF_LAST;
		else
			return "year_of: capture, liberation or last";
	}
	if (sort && *sort) {
		if (strcmp(sort, "count") && strcmp(sort, "value"))
			return "sort: count or value";
		opts->sort_by_value = !strcmp(sort, "value");
	} else if (opts->field_count && opts->fields[0] == PT_FIELD_YEAR) {
		opts->sort_by_value = 1;
	}
	return NULL;
}

void api_count(struct web_request *rq, struct web_response *rs)
{
	struct web_filter wf;
	pt_count_options opts;
	pt_count *count = NULL;
	const char *problem, *percent = web_arg(rq, "percent");
	int rc;

	memset(&opts, 0, sizeof opts);
	web_filter_read(rq, &wf, 1);
	if ((problem = wf.problem) || (problem = web_count_fields(web_arg(rq, "by"), &opts)) ||
	    (problem = web_count_options(rq, &opts))) {
		api_error(rs, 400, problem);
		return;
	}
	opts.filter = wf.filter;
	if (web_heavy_enter()) {
		api_error(rs, 503, "busy: try again in a few seconds");
		return;
	}
	rc = pt_count_run(rq->db, &opts, &count);
	web_heavy_leave();
	if (rc)
		api_error(rs, status_of(rc), pt_db_errmsg(rq->db));
	else
		send_json(rs, render_count(count, percent && strcmp(percent, "0") && *percent),
			  RENDER_JSON_FLAGS);
	pt_count_free(count);
}

/* question, metric, nationality, source and tolerance, as the CLI's claims filters */
const char *web_claim_query(const struct web_request *rq, pt_claim_query *q);

const char *web_claim_query(const struct web_request *rq, pt_claim_query *q)
{
	const char *tolerance = web_arg(rq, "tolerance");
	memset(q, 0, sizeof *q);
	q->tolerance = -1;
	q->question = web_arg(rq, "question");
	q->metric = web_arg(rq, "metric");
	q->nationality = web_arg(rq, "nationality");
	q->source = web_arg(rq, "source");
	if (tolerance && *tolerance) {
		char *end;
		q->tolerance = strtod(tolerance, &end);
		if (end == tolerance || *end || !(q->tolerance >= 0 && q->tolerance <= 100))
			return "tolerance: a percentage from 0 to 100";
	}
	return NULL;
}

void api_conflicts(struct web_request *rq, struct web_response *rs)
{
	pt_claim_query q;
	pt_conflicts *found = NULL;
	const char *problem = web_claim_query(rq, &q);
	json_t *doc;
	int rc;

	if (problem) {
		api_error(rs, 400, problem);
		return;
	}
	if (web_heavy_enter()) {
		api_error(rs, 503, "busy: try again in a few seconds");
		return;
	}
	rc = pt_claims_conflicts(rq->db, &q, &found);
	web_heavy_leave();
	if (rc) {
		api_error(rs, status_of(rc), pt_db_errmsg(rq->db));
		return;
	}
	doc = json_array();
	for (size_t i = 0; i < found->count; i++)
		json_array_append_new(doc, render_conflict(found, i));
	send_json(rs, doc, PLAIN_FLAGS);
	pt_conflicts_free(found);
}

void api_source(struct web_request *rq, struct web_response *rs)
{
	pt_xref *xref = NULL;
	int rc = pt_xref_get(rq->db, rq->tail, -1, &xref);
	if (rc)
		api_error(rs, status_of(rc), pt_db_errmsg(rq->db));
	else
		send_json(rs, render_xref(xref), PLAIN_FLAGS);
	pt_xref_free(xref);
}
