/*
 * page_camp.c - "/camp/KEY" (a camp by its key or any of its names: its
 * aliases, period, place on a map, the men recorded there by status, the
 * timeline of their events there, what is claimed about it, its sources)
 * and "/camps" (the camps, searched by any name in any script).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

#define MEN_PER_STATUS 100   /* men listed under each status */
#define CAMPS_PAGE 100

static const char *type_label(const char *type)
{
	size_t n;
	const pt_camp_type_info *types = pt_camp_types(&n);
	for (size_t i = 0; type && i < n; i++)
		if (!strcmp(types[i].type, type))
			return types[i].label;
	return type;
}

static void fact(struct wbuf *b, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	wbuf_printf(b, "<dt>%s</dt><dd>", label);
	esc_html(b, value);
	wbuf_puts(b, "</dd>\n");
}

/* the men of the timeline, once each, under their status */
static void men_by_status(const struct web_request *rq, struct web_response *rs,
			  const pt_camp_dossier *d)
{
	static const char *const order[] = { "unaccounted", "conflicting", "died", "returned", "unknown" };
	static const pt_status index[] = { PT_STATUS_UNACCOUNTED, PT_STATUS_CONFLICTING, PT_STATUS_DIED,
					   PT_STATUS_RETURNED, PT_STATUS_UNKNOWN };
	struct wbuf *b = &rs->body;
	int64_t total = 0;

	for (int s = 0; s <= PT_STATUS_CONFLICTING; s++)
		total += d->by_status[s];
	wbuf_puts(b, "<section aria-labelledby=\"men\">\n<h2 id=\"men\">Men recorded here</h2>\n<p>");
	page_number(rs, total);
	wbuf_puts(b, total == 1 ? " man" : " men");
	wbuf_puts(b, " with an event at this camp.</p>\n");
	for (size_t k = 0; k < sizeof order / sizeof *order; k++) {
		int64_t n = d->by_status[index[k]];
		size_t shown = 0;
		int64_t *seen = NULL;
		if (!n)
			continue;
		wbuf_puts(b, "<h3>");
		page_status(rs, order[k]);
		wbuf_puts(b, " ");
		page_number(rs, n);
		wbuf_puts(b, "</h3>\n<ul class=\"men\">\n");
		seen = calloc(MEN_PER_STATUS, sizeof *seen);
		for (size_t t = 0; seen && t < d->timeline_count && shown < MEN_PER_STATUS; t++)
			for (size_t p = 0; p < d->timeline[t].person_count && shown < MEN_PER_STATUS; p++) {
				const pt_person_ref *who = &d->timeline[t].persons[p];
				size_t j;
				if (!who->status || strcmp(who->status, order[k]))
					continue;
				for (j = 0; j < shown && seen[j] != who->id; j++)
					;
				if (j < shown)
					continue;
				seen[shown++] = who->id;
				wbuf_puts(b, "<li>");
				page_href(rq, rs, "/person/");
				wbuf_printf(b, "%lld\">", (long long)who->id);
				page_name(rs, who->surname, who->given_names);
				wbuf_puts(b, "</a>");
				if (who->nationality) {
					wbuf_puts(b, " (");
					esc_html(b, who->nationality);
					wbuf_puts(b, ")");
				}
				wbuf_puts(b, "</li>\n");
			}
		free(seen);
		wbuf_puts(b, "</ul>\n");
		if (n > (int64_t)shown)
			wbuf_printf(b, "<p class=\"hint\">%zu of them listed.</p>\n", shown);
	}
	if (d->by_status[PT_STATUS_UNACCOUNTED]) {
		wbuf_puts(b, "<p>");
		page_href(rq, rs, "/report/unaccounted?camp=");
		esc_url(b, d->camp.key);
		wbuf_puts(b, "\">Every man unaccounted for who was here</a>.</p>\n");
	}
	wbuf_puts(b, "</section>\n");
}

static void timeline(const struct web_request *rq, struct web_response *rs, const pt_camp_dossier *d)
{
	struct wbuf *b = &rs->body;
	wbuf_puts(b, "<section aria-labelledby=\"timeline\">\n<h2 id=\"timeline\">Timeline of events "
		  "here</h2>\n");
	if (!d->timeline_count) {
		wbuf_puts(b, "<p>None recorded.</p>\n</section>\n");
		return;
	}
	wbuf_puts(b, "<div class=\"scroll\" role=\"region\" aria-labelledby=\"timeline\" tabindex=\"0\">\n"
		  "<table class=\"stack\">\n<thead><tr><th scope=\"col\">Date</th><th scope=\"col\">Event"
		  "</th><th scope=\"col\">Men</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < d->timeline_count && i < WEB_TIMELINE_MAX; i++) {
		const pt_timeline_entry *e = &d->timeline[i];
		wbuf_puts(b, "<tr><td data-label=\"Date\">");
		esc_html(b, e->date ? e->date : "undated");
		wbuf_puts(b, "</td><td data-label=\"Event\">");
		esc_html(b, e->type);
		wbuf_puts(b, "</td><td data-label=\"Men\">");
		for (size_t k = 0; k < e->person_count && k < 10; k++) {
			wbuf_puts(b, k ? "; " : "");
			page_href(rq, rs, "/person/");
			wbuf_printf(b, "%lld\">", (long long)e->persons[k].id);
			page_name(rs, e->persons[k].surname, e->persons[k].given_names);
			wbuf_puts(b, "</a>");
		}
		if (e->person_count > 10)
			wbuf_printf(b, "; and %zu more", e->person_count - 10);
		wbuf_puts(b, "</td></tr>\n");
	}
	wbuf_puts(b, "</tbody>\n</table>\n</div>\n");
	if (d->timeline_count > WEB_TIMELINE_MAX)
		wbuf_printf(b, "<p class=\"hint\">The first %d dates of %zu.</p>\n", WEB_TIMELINE_MAX,
			    d->timeline_count);
	wbuf_puts(b, "</section>\n");
}

static void claims(const struct web_request *rq, struct web_response *rs, const pt_camp_dossier *d)
{
	struct wbuf *b = &rs->body;
	if (!d->claim_count)
		return;
	wbuf_puts(b, "<section aria-labelledby=\"claims\">\n<h2 id=\"claims\">What is claimed about "
		  "it</h2>\n<ul class=\"claims\">\n");
	for (size_t i = 0; i < d->claim_count && i < 500; i++) {
		const pt_camp_claim *c = &d->claims[i];
		wbuf_puts(b, "<li>");
		if (c->as_of || c->date) {
			esc_html(b, c->as_of ? c->as_of : c->date);
			wbuf_puts(b, ": ");
		}
		esc_html(b, c->metric);
		wbuf_puts(b, " ");
		if (c->has_value) {
			wbuf_puts(b, c->approximate ? "about " : "");
			page_number(rs, (int64_t)c->value_min);
			if (c->value_max != c->value_min) {
				wbuf_puts(b, "–");
				page_number(rs, (int64_t)c->value_max);
			}
		} else {
			esc_html(b, c->value_text);
		}
		if (c->source) {
			wbuf_puts(b, " (");
			page_href(rq, rs, "/source/");
			esc_url(b, c->source);
			wbuf_puts(b, "\">");
			esc_html(b, c->source);
			wbuf_puts(b, "</a>");
			if (c->locator) {
				wbuf_puts(b, ", ");
				esc_html(b, c->locator);
			}
			wbuf_puts(b, ")");
		}
		if (c->text) {
			wbuf_puts(b, ": “");
			esc_html(b, c->text);
			wbuf_puts(b, "”");
		}
		wbuf_puts(b, "</li>\n");
	}
	wbuf_puts(b, "</ul>\n</section>\n");
}

void page_camp(struct web_request *rq, struct web_response *rs)
{
	struct wbuf *b = &rs->body;
	pt_camp_dossier *d = NULL;
	const pt_camp *c;
	char coordinates[64];
	int rc;

	if (utf8_length(rq->tail) > WEB_NAME_MAX) {
		page_error(rq, rs, 404, "Not found", "There is no camp of that name.");
		return;
	}
	if (web_heavy_enter()) {
		web_busy(rq, rs);
		return;
	}
	rc = pt_report_camp(rq->db, rq->tail, &d);
	web_heavy_leave();
	if (rc == PT_ENOTFOUND || rc == PT_EINVAL) {
		page_error(rq, rs, 404, "Not found", pt_db_errmsg(rq->db));
		return;
	}
	if (rc) {
		page_error(rq, rs, 500, "Error", "The camp could not be read.");
		return;
	}
	c = &d->camp;
	page_begin(rq, rs, c->name);
	wbuf_puts(b, "<article class=\"camp\">\n<h1>");
	esc_html(b, c->name);
	wbuf_puts(b, "</h1>\n<dl class=\"facts-list\">\n");
	fact(b, "Type", type_label(c->type));
	fact(b, "Run by", c->operator_code);
	fact(b, "Place", c->place);
	fact(b, "Country today", c->country);
	if (c->has_coordinates) {
		snprintf(coordinates, sizeof coordinates, "%.4f, %.4f", c->lat, c->lon);
		fact(b, "Coordinates", coordinates);
	}
	fact(b, "Period", c->period ? c->period : "not recorded");
	fact(b, "Verified", c->verified ? "yes" : "no: an unidentified or placeholder camp");
	if (c->alias_count) {
		wbuf_puts(b, "<dt>Also called</dt><dd><ul class=\"aliases\">");
		for (size_t i = 0; i < c->alias_count; i++) {
			wbuf_puts(b, "<li>");
			esc_html(b, c->aliases[i]);
			wbuf_puts(b, "</li>");
		}
		wbuf_puts(b, "</ul></dd>\n");
	}
	fact(b, "Key", c->key);
	wbuf_puts(b, "</dl>\n");
	if (c->notes) {
		wbuf_puts(b, "<p class=\"notes\">");
		esc_html(b, c->notes);
		wbuf_puts(b, "</p>\n");
	}
	if (c->has_coordinates)
		map_svg(rq, rs, c->key, c->name, c->lat, c->lon);
	men_by_status(rq, rs, d);
	timeline(rq, rs, d);
	claims(rq, rs, d);
	wbuf_puts(b, "<section aria-labelledby=\"camp-sources\">\n<h2 id=\"camp-sources\">Sources of "
		  "this entry</h2>\n");
	if (!d->citation_count)
		wbuf_puts(b, "<p>None cited.</p>\n");
	else
		wbuf_puts(b, "<ul>\n");
	for (size_t i = 0; i < d->citation_count; i++) {
		wbuf_puts(b, "<li>");
		page_href(rq, rs, "/source/");
		esc_url(b, d->citations[i].source_key);
		wbuf_puts(b, "\">");
		esc_html(b, d->citations[i].source_title ? d->citations[i].source_title
							 : d->citations[i].source_key);
		wbuf_puts(b, "</a>");
		if (d->citations[i].locator) {
			wbuf_puts(b, ", ");
			esc_html(b, d->citations[i].locator);
		}
		wbuf_puts(b, "</li>\n");
	}
	if (d->citation_count)
		wbuf_puts(b, "</ul>\n");
	wbuf_puts(b, "</section>\n<p>");
	page_href(rq, rs, "/api/camp/");
	esc_url(b, c->key);
	wbuf_puts(b, "\">This camp as JSON</a></p>\n</article>\n");
	pt_camp_dossier_free(d);
	page_end(rq, rs);
}

void page_camps(struct web_request *rq, struct web_response *rs)
{
	struct wbuf *b = &rs->body, q;
	pt_camp_query query;
	pt_camp_list *list = NULL;
	const char *text = web_arg(rq, "q");
	long page = web_arg_number(rq, "page", 1, 1, 100000);

	memset(&query, 0, sizeof query);
	query.text = text && *text ? text : NULL;
	page_begin(rq, rs, "Camps");
	wbuf_puts(b, "<h1>Camps</h1>\n<form method=\"get\" action=\"");
	esc_html(b, rq->base);
	wbuf_puts(b, "/camps\" role=\"search\">\n<div class=\"field\"><label for=\"camp-q\">Any name of "
		  "the camp, in any script</label>\n<input id=\"camp-q\" name=\"q\" type=\"search\" "
		  "maxlength=\"200\" value=\"");
	esc_html(b, text);
	wbuf_puts(b, "\"></div>\n<button type=\"submit\">Find</button>\n</form>\n");
	if (page < 0 || (text && utf8_length(text) > WEB_NAME_MAX)) {
		rs->status = 400;
		wbuf_puts(b, "<p class=\"notice\" role=\"alert\">Type at most 200 characters.</p>\n");
		page_end(rq, rs);
		return;
	}
	if (pt_camp_search(rq->db, &query, &list)) {
		rs->status = 500;
		wbuf_puts(b, "<p class=\"notice\" role=\"alert\">The camps could not be read.</p>\n");
		page_end(rq, rs);
		return;
	}
	wbuf_printf(b, "<p role=\"status\">%zu %s.</p>\n<ul class=\"camps\">\n", list->count,
		    list->count == 1 ? "camp" : "camps");
	for (size_t i = (size_t)(page - 1) * CAMPS_PAGE; i < list->count && i < (size_t)page * CAMPS_PAGE; i++) {
		const pt_camp *c = &list->camps[i];
		wbuf_puts(b, "<li>");
		page_href(rq, rs, "/camp/");
		esc_url(b, c->key);
		wbuf_puts(b, "\">");
		esc_html(b, c->name);
		wbuf_puts(b, "</a> <span class=\"hint\">");
		esc_html(b, type_label(c->type));
		if (c->place) {
			wbuf_puts(b, ", ");
			esc_html(b, c->place);
		}
		wbuf_puts(b, "</span></li>\n");
	}
	wbuf_puts(b, "</ul>\n");
	wbuf_init(&q, 4096);
	if (query.text) {
		wbuf_puts(&q, "q=");
		esc_url(&q, query.text);
	}
	page_pager(rq, rs, "/camps", q.data ? q.data : "", page, CAMPS_PAGE, (int64_t)list->count,
		   (int64_t)list->count);
	wbuf_release(&q);
	pt_camp_list_free(list);
	page_end(rq, rs);
}
