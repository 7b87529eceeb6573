/*
 * page_claims.c - "/claims/conflicts" (published figures and fates that
 * cannot all be true, side by side with their sources) and "/source/KEY"
 * (a source: what it is, what it supports, what it cites and what cites
 * it, what it traces back to, and which of its claims others contradict).
 */
#include <stdio.h>
#include <string.h>

#include "web.h"

const char *web_claim_query(const struct web_request *rq, pt_claim_query *q);

static void source_link(const struct web_request *rq, struct web_response *rs, const char *key,
			const char *title)
{
	if (!key)
		return;
	page_href(rq, rs, "/source/");
	esc_url(&rs->body, key);
	wbuf_puts(&rs->body, "\">");
	esc_html(&rs->body, title && *title ? title : key);
	wbuf_puts(&rs->body, "</a>");
}

static void cite_grade(struct wbuf *b, const pt_cite *c)
{
	const char *parts[3] = { c->source_quality, c->information, c->evidence };
	int any = 0;
	for (int i = 0; i < 3; i++)
		if (parts[i]) {
			wbuf_puts(b, any ? "/" : "");
			esc_html(b, parts[i]);
			any = 1;
		}
	if (!any)
		wbuf_puts(b, "not graded");
}

void page_conflicts(struct web_request *rq, struct web_response *rs)
{
	struct wbuf *b = &rs->body;
	pt_claim_query q;
	pt_conflicts *found = NULL;
	const char *problem = web_claim_query(rq, &q);
	int rc;

	page_begin(rq, rs, "Disputed figures");
	wbuf_puts(b, "<h1>Disputed figures</h1>\n<p class=\"lead\">Claims that sources make about the "
		  "same question, in the same scope, that cannot all be true. An approximate value "
		  "(\"roughly 23,500\") allows 10% either way.</p>\n");
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
	rc = pt_claims_conflicts(rq->db, &q, &found);
	web_heavy_leave();
	if (rc) {
		rs->status = rc == PT_EINVAL ? 400 : 500;
		wbuf_puts(b, "<p class=\"notice\" role=\"alert\">");
		esc_html(b, pt_db_errmsg(rq->db));
		wbuf_puts(b, "</p>\n");
		page_end(rq, rs);
		return;
	}
	if (!found->count)
		wbuf_puts(b, "<p>No claims conflict.</p>\n");
	for (size_t i = 0; i < found->count && i < 500; i++) {
		const pt_conflict *cf = &found->items[i];
		wbuf_printf(b, "<section class=\"conflict\" aria-labelledby=\"c%zu\">\n<h2 id=\"c%zu\">", i, i);
		esc_html(b, cf->question);
		wbuf_puts(b, "</h2>\n<p class=\"scope\">");
		esc_html(b, cf->scope);
		wbuf_puts(b, "</p>\n<div class=\"scroll\" role=\"region\" aria-label=\"Claims\" tabindex=\"0\">\n"
			  "<table class=\"stack\">\n<thead><tr><th scope=\"col\">Claimed</th>"
			  "<th scope=\"col\">Source</th><th scope=\"col\">Where in it</th>"
			  "<th scope=\"col\">Grade</th><th scope=\"col\">Date</th><th scope=\"col\">"
			  "Independent origins</th></tr></thead>\n<tbody>\n");
		for (size_t k = 0; k < cf->member_count; k++) {
			const pt_claim *c = &found->claims->items[cf->members[k]];
			const pt_cite *ct = c->citation_count ? &c->citations[0] : NULL;
			wbuf_puts(b, "<tr><td data-label=\"Claimed\"><strong>");
			esc_html(b, c->value);
			wbuf_puts(b, "</strong>");
			if (c->text) {
				wbuf_puts(b, "<br><q>");
				esc_html(b, c->text);
				wbuf_puts(b, "</q>");
			}
			wbuf_puts(b, "</td><td data-label=\"Source\">");
			if (ct)
				source_link(rq, rs, ct->source_key, ct->source_title);
			else
				wbuf_puts(b, "none");
			wbuf_puts(b, "</td><td data-label=\"Where in it\">");
			esc_html(b, ct ? ct->locator : NULL);
			wbuf_puts(b, "</td><td data-label=\"Grade\">");
			if (ct)
				cite_grade(b, ct);
			wbuf_puts(b, "</td><td data-label=\"Date\">");
			esc_html(b, c->date);
			wbuf_printf(b, "</td><td data-label=\"Independent origins\">%d</td></tr>\n",
				    c->independent_origins);
		}
		wbuf_puts(b, "</tbody>\n</table>\n</div>\n<ul class=\"reasons\">\n");
		for (size_t k = 0; k < cf->pair_count; k++) {
			wbuf_puts(b, "<li>");
			esc_html(b, found->claims->items[cf->pairs[k].a].value);
			wbuf_puts(b, " against ");
			esc_html(b, found->claims->items[cf->pairs[k].b].value);
			wbuf_puts(b, ": ");
			esc_html(b, cf->pairs[k].reason);
			wbuf_puts(b, "</li>\n");
		}
		wbuf_puts(b, "</ul>\n");
		if (cf->related_count) {
			wbuf_puts(b, "<p>Related, not in conflict (the same question in other scopes):</p>\n<ul>\n");
			for (size_t k = 0; k < cf->related_count; k++) {
				const pt_claim *r = &found->claims->items[cf->related[k]];
				wbuf_puts(b, "<li>");
				esc_html(b, r->scope);
				wbuf_puts(b, ": ");
				esc_html(b, r->value);
				if (r->citation_count) {
					wbuf_puts(b, " (");
					source_link(rq, rs, r->citations[0].source_key, r->citations[0].source_key);
					wbuf_puts(b, ")");
				}
				wbuf_puts(b, "</li>\n");
			}
			wbuf_puts(b, "</ul>\n");
		}
		wbuf_puts(b, "</section>\n");
	}
	wbuf_puts(b, "<p>");
	page_href(rq, rs, "/api/claims/conflicts");
	wbuf_puts(b, "\">The same as JSON</a></p>\n");
	pt_conflicts_free(found);
	page_end(rq, rs);
}

static void row(struct wbuf *b, const char *label, const char *value)
{
	if (!value || !*value)
		return;
	wbuf_printf(b, "<dt>%s</dt><dd>", label);
	esc_html(b, value);
	wbuf_puts(b, "</dd>\n");
}

static void links(const struct web_request *rq, struct web_response *rs, const char *id,
		  const char *heading, const pt_xref_link *items, size_t count)
{
	struct wbuf *b = &rs->body;
	wbuf_printf(b, "<section aria-labelledby=\"%s\">\n<h2 id=\"%s\">%s</h2>\n", id, id, heading);
	if (!count) {
		wbuf_puts(b, "<p>None.</p>\n</section>\n");
		return;
	}
	wbuf_puts(b, "<ul>\n");
	for (size_t i = 0; i < count && i < 1000; i++) {
		wbuf_puts(b, "<li>");
		source_link(rq, rs, items[i].key, items[i].title);
		wbuf_puts(b, " <span class=\"hint\">");
		esc_html(b, items[i].relation);
		if (items[i].depth > 1) {
			wbuf_puts(b, ", through ");
			esc_html(b, items[i].via);
		}
		wbuf_puts(b, "</span></li>\n");
	}
	wbuf_puts(b, "</ul>\n</section>\n");
}

void page_source(struct web_request *rq, struct web_response *rs)
{
	struct wbuf *b = &rs->body;
	pt_xref *x = NULL;
	const pt_source *s;
	int rc = pt_xref_get(rq->db, rq->tail, -1, &x);

	if (rc == PT_ENOTFOUND || rc == PT_EINVAL) {
		page_error(rq, rs, 404, "Not found", "There is no source with this key.");
		pt_xref_free(x);
		return;
	}
	if (rc) {
		page_error(rq, rs, 500, "Error", "The source could not be read.");
		pt_xref_free(x);
		return;
	}
	s = x->source;
	page_begin(rq, rs, s->title ? s->title : s->key);
	wbuf_puts(b, "<article class=\"source\">\n<h1>");
	esc_html(b, s->title ? s->title : s->key);
	wbuf_puts(b, "</h1>\n<dl class=\"facts-list\">\n");
	row(b, "Kind", s->kind);
	if (s->author_count) {
		wbuf_puts(b, "<dt>By</dt><dd>");
		for (size_t i = 0; i < s->author_count; i++) {
			wbuf_puts(b, i ? "; " : "");
			esc_html(b, s->authors[i]);
		}
		wbuf_puts(b, "</dd>\n");
	}
	row(b, "Date", s->date);
	row(b, "Publisher", s->publisher);
	row(b, "ISBN", s->isbn);
	row(b, "Archive", s->archive);
	row(b, "Reference", s->reference);
	if (s->url) {
		wbuf_puts(b, "<dt>Address</dt><dd>");
		/* a link only to the web: never javascript: or data: from a record */
		if (!strncmp(s->url, "https://", 8) || !strncmp(s->url, "http://", 7)) {
			wbuf_puts(b, "<a rel=\"nofollow noopener noreferrer\" href=\"");
			esc_html(b, s->url);
			wbuf_puts(b, "\">");
			esc_html(b, s->url);
			wbuf_puts(b, "</a>");
		} else {
			esc_html(b, s->url);
		}
		wbuf_puts(b, "</dd>\n");
	}
	row(b, "Key", s->key);
	row(b, "Notes", s->notes);
	wbuf_printf(b, "<dt>Records from it</dt><dd>%ld</dd>\n</dl>\n", x->record_count);
	wbuf_puts(b, "<section aria-labelledby=\"supports\">\n<h2 id=\"supports\">What it supports</h2>\n");
	if (!x->support_count)
		wbuf_puts(b, "<p>Nothing cites it.</p>\n");
	else
		wbuf_puts(b, "<ul>\n");
	for (size_t i = 0; i < x->support_count && i < 1000; i++) {
		const pt_xref_support *u = &x->supports[i];
		wbuf_puts(b, "<li>");
		esc_html(b, u->type);
		wbuf_puts(b, ": ");
		if (!strcmp(u->type, "person")) {
			page_href(rq, rs, "/person/");
			wbuf_printf(b, "%lld\">", (long long)u->id);
			esc_html(b, u->label);
			wbuf_puts(b, "</a>");
		} else if (!strcmp(u->type, "camp") && u->key) {
			page_href(rq, rs, "/camp/");
			esc_url(b, u->key);
			wbuf_puts(b, "\">");
			esc_html(b, u->label);
			wbuf_puts(b, "</a>");
		} else {
			esc_html(b, u->label);
		}
		if (u->cite.locator) {
			wbuf_puts(b, ", ");
			esc_html(b, u->cite.locator);
		}
		wbuf_puts(b, " <span class=\"hint\">(");
		cite_grade(b, &u->cite);
		wbuf_puts(b, ")</span></li>\n");
	}
	if (x->support_count > 1000)
		wbuf_printf(b, "<li>and %zu more</li>\n", x->support_count - 1000);
	if (x->support_count)
		wbuf_puts(b, "</ul>\n");
	wbuf_puts(b, "</section>\n");
	links(rq, rs, "cites", "What it cites", x->cites, x->cites_count);
	links(rq, rs, "cited-by", "What cites it", x->cited_by, x->cited_by_count);
	wbuf_puts(b, "<section aria-labelledby=\"origins\">\n<h2 id=\"origins\">What it traces back to"
		  "</h2>\n<ul>\n");
	for (size_t i = 0; i < x->origin_count; i++) {
		wbuf_puts(b, "<li>");
		esc_html(b, x->origins[i]);
		wbuf_puts(b, "</li>\n");
	}
	wbuf_puts(b, "</ul>\n");
	if (x->circle_count) {
		wbuf_puts(b, "<p>It is part of a citation circle: ");
		for (size_t i = 0; i < x->circle_count; i++) {
			wbuf_puts(b, i ? " → " : "");
			esc_html(b, x->circle[i]);
		}
		wbuf_puts(b, ".</p>\n");
	}
	wbuf_puts(b, "</section>\n");
	if (x->contradicted_count) {
		wbuf_puts(b, "<section aria-labelledby=\"contradicted\">\n<h2 id=\"contradicted\">Its claims "
			  "that others contradict</h2>\n<ul>\n");
		for (size_t i = 0; i < x->contradicted_count; i++) {
			const pt_xref_contradiction *c = &x->contradicted[i];
			wbuf_puts(b, "<li>");
			esc_html(b, c->value);
			wbuf_puts(b, " against ");
			esc_html(b, c->other_value);
			wbuf_puts(b, " (");
			esc_html(b, c->other_sources);
			wbuf_puts(b, "): ");
			esc_html(b, c->reason);
			wbuf_puts(b, "</li>\n");
		}
		wbuf_puts(b, "</ul>\n</section>\n");
	}
	wbuf_puts(b, "<p>");
	page_href(rq, rs, "/api/source/");
	esc_url(b, s->key);
	wbuf_puts(b, "\">This source as JSON</a></p>\n</article>\n");
	pt_xref_free(x);
	page_end(rq, rs);
}
