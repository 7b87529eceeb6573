/*
 * page.c - the layout every HTML page shares: the head (no inline script or
 * style: the stylesheet and the small script are the site's own files), a
 * skip link, the site's header and navigation, <main>, the footer; error
 * pages; and the small pieces the pages repeat (names, status badges,
 * pagers, numbers).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "render/render.h"
#include "web.h"

/* the versions of the embedded files, so that browsers may keep them */
const char *asset_version(void);

void page_href(const struct web_request *rq, struct web_response *rs, const char *path)
{
	wbuf_puts(&rs->body, "<a href=\"");
	esc_html(&rs->body, rq->base);
	wbuf_puts(&rs->body, path);
}

void page_begin(const struct web_request *rq, struct web_response *rs, const char *title)
{
	struct wbuf *b = &rs->body;
	static const struct { const char *path, *label; } nav[] = {
		{ "/", "Search" },
		{ "/report/unaccounted", "Unaccounted for" },
		{ "/count", "Counts" },
		{ "/camps", "Camps" },
		{ "/claims/conflicts", "Disputed figures" },
		{ "/about", "About" },
	};

	rs->type = "text/html; charset=utf-8";
	wbuf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		  "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		  "<meta name=\"referrer\" content=\"no-referrer\">\n<title>");
	esc_html(b, title);
	wbuf_puts(b, " · powtrace</title>\n<link rel=\"icon\" href=\"data:,\">\n"
		  "<link rel=\"stylesheet\" href=\"");
	esc_html(b, rq->base);
	wbuf_puts(b, "/static/style.css?v=");
	wbuf_puts(b, asset_version());
	wbuf_puts(b, "\">\n<script src=\"");
	esc_html(b, rq->base);
	wbuf_puts(b, "/static/app.js?v=");
	wbuf_puts(b, asset_version());
	wbuf_puts(b, "\" defer></script>\n");
	if (rq->base_url) {
		wbuf_puts(b, "<link rel=\"canonical\" href=\"");
		esc_html(b, rq->base_url);
		esc_html(b, strcmp(rq->path, "/") ? rq->path : "");
		wbuf_puts(b, "\">\n");
	}
	wbuf_puts(b, "</head>\n<body>\n<a class=\"skip\" href=\"#main\">Skip to the content</a>\n"
		  "<header class=\"site\">\n");
	page_href(rq, rs, "/");
	wbuf_puts(b, "\" class=\"brand\">powtrace</a>\n<nav aria-label=\"Site\">\n<ul>\n");
	for (size_t i = 0; i < sizeof nav / sizeof *nav; i++) {
		int here = !strcmp(rq->path, nav[i].path);
		wbuf_puts(b, "<li>");
		page_href(rq, rs, nav[i].path);
		wbuf_puts(b, here ? "\" aria-current=\"page\">" : "\">");
		wbuf_puts(b, nav[i].label);
		wbuf_puts(b, "</a></li>\n");
	}
	wbuf_puts(b, "</ul>\n</nav>\n</header>\n<main id=\"main\" tabindex=\"-1\">\n");
}

void page_end(const struct web_request *rq, struct web_response *rs)
{
	(void)rq;
	wbuf_puts(&rs->body, "</main>\n<footer class=\"site\">\n<p>powtrace ");
	wbuf_puts(&rs->body, pt_version());
	wbuf_puts(&rs->body, " · a research database of missing prisoners of war, published "
		  "read-only. Every fact on these pages comes from a record and names its source; a "
		  "status is derived from the records, never typed in.</p>\n</footer>\n</body>\n"
		  "</html>\n");
}

void page_error(const struct web_request *rq, struct web_response *rs, int status,
		const char *title, const char *message)
{
	wbuf_release(&rs->body);
	wbuf_init(&rs->body, WEB_BODY_MAX);
	rs->status = status;
	rs->disposition[0] = '\0';
	rs->total[0] = '\0';
	rs->image = 0;
	page_begin(rq, rs, title);
	wbuf_puts(&rs->body, "<h1>");
	esc_html(&rs->body, title);
	wbuf_puts(&rs->body, "</h1>\n<p class=\"notice\" role=\"alert\">");
	esc_html(&rs->body, message);
	wbuf_puts(&rs->body, "</p>\n<p>");
	page_href(rq, rs, "/");
	wbuf_puts(&rs->body, "\">Search the records</a></p>\n");
	page_end(rq, rs);
}

void page_name(struct web_response *rs, const char *surname, const char *given_names)
{
	struct wbuf *b = &rs->body;
	int has_surname = surname && *surname, has_given = given_names && *given_names;
	wbuf_puts(b, "<bdi>");
	if (!has_surname && !has_given)
		wbuf_puts(b, "(no name)");
	esc_html(b, has_surname ? surname : NULL);
	if (has_surname && has_given)
		wbuf_puts(b, ", ");
	esc_html(b, has_given ? given_names : NULL);
	wbuf_puts(b, "</bdi>");
}

void page_man_name(const struct web_request *rq, struct web_response *rs, const char *surname,
		   const char *given_names, const pt_name *names, size_t name_count)
{
	char *name = render_name_text(rq->db, surname, given_names, names, name_count);
	wbuf_puts(&rs->body, "<bdi>");
	esc_html(&rs->body, name ? name : "(no name)");
	wbuf_puts(&rs->body, "</bdi>");
	free(name);
}

void page_status(struct web_response *rs, const char *status)
{
	static const char *const known[] = { "returned", "died", "unaccounted", "conflicting", "unknown" };
	const char *cls = "unknown";
	for (size_t i = 0; i < sizeof known / sizeof *known; i++)
		if (status && !strcmp(status, known[i]))
			cls = known[i];
	wbuf_puts(&rs->body, "<span class=\"status status-");
	wbuf_puts(&rs->body, cls);
	wbuf_puts(&rs->body, "\">");
	esc_html(&rs->body, status ? status : "unknown");
	wbuf_puts(&rs->body, "</span>");
}

void page_number(struct web_response *rs, int64_t n)
{
	char digits[32], out[48];
	size_t len, k = 0;
	int negative = n < 0;
	unsigned long long v = negative ? 0ULL - (unsigned long long)n : (unsigned long long)n;

	len = (size_t)snprintf(digits, sizeof digits, "%llu", v);
	if (negative)
		out[k++] = '-';
	for (size_t i = 0; i < len; i++) {
		if (i && (len - i) % 3 == 0)
			out[k++] = ',';
		out[k++] = digits[i];
	}
	wbuf_add(&rs->body, out, k);
}

void page_pager(const struct web_request *rq, struct web_response *rs, const char *path,
		const char *query, long page, long per, int64_t total, int64_t reachable)
{
	struct wbuf *b = &rs->body;
	int64_t first = (int64_t)(page - 1) * per + 1, last = first + per - 1;
	int64_t pages_reachable = (reachable + per - 1) / per;

	if (last > total)
		last = total;
	if (total <= per && page == 1)
		return;
	wbuf_puts(b, "<nav class=\"pager\" aria-label=\"Pages\">\n<p>");
	if (first <= total) {
		wbuf_puts(b, "Showing ");
		page_number(rs, first);
		wbuf_puts(b, "–");
		page_number(rs, last);
		wbuf_puts(b, " of ");
		page_number(rs, total);
	}
	wbuf_puts(b, "</p>\n<ul>\n");
	if (page > 1) {
		wbuf_puts(b, "<li>");
		page_href(rq, rs, path);
		wbuf_printf(b, "?%s%spage=%ld\" rel=\"prev\">Previous page</a></li>\n", query,
			    *query ? "&amp;" : "", page - 1);
	}
	if (page < pages_reachable && last < total) {
		wbuf_puts(b, "<li>");
		page_href(rq, rs, path);
		wbuf_printf(b, "?%s%spage=%ld\" rel=\"next\">Next page</a></li>\n", query,
			    *query ? "&amp;" : "", page + 1);
	}
	wbuf_puts(b, "</ul>\n");
	if (total > reachable && page >= pages_reachable)
		wbuf_puts(b, "<p class=\"hint\">Only the first results can be paged through; "
			  "narrow the search to see the rest.</p>\n");
	wbuf_puts(b, "</nav>\n");
}
