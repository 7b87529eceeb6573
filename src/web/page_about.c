/*
 * page_about.c - "/about" (what the site holds, how a status is derived,
 * the pages and the JSON API) and "/health" (a fixed answer that touches
 * no database: for a load balancer, and the HTTP stack's own ceiling in the
 * benchmark).
 */
#include "web.h"

void page_health(struct web_request *rq, struct web_response *rs)
{
	(void)rq;
	rs->type = "text/plain; charset=utf-8";
	wbuf_puts(&rs->body, "ok\n");
}

void page_about(struct web_request *rq, struct web_response *rs)
{
	struct wbuf *b = &rs->body;
	page_begin(rq, rs, "About");
	wbuf_puts(b, "<h1>About these records</h1>\n<p>This site publishes a powtrace database "
		  "read-only: records of prisoners of war from Western registers, Soviet registers "
		  "written in Cyrillic, books, memoirs and testimony. Every fact names its source; "
		  "where the sources disagree, the pages show each side.</p>\n"
		  "<h2>How a status is derived</h2>\n<p>From the events the records give, never typed "
		  "in: <em>returned</em> (a repatriation or return is recorded), <em>died</em> (a death "
		  "or burial), <em>unaccounted</em> (the last event leaves him in captivity or in "
		  "transit), <em>conflicting</em> (the records disagree on his fate), "
		  "<em>unknown</em> (no event that bears on his fate).</p>\n<p>");
	esc_html(b, pt_report_unaccounted_definition());
	wbuf_puts(b, "</p>\n<h2>Searching for a name</h2>\n<p>Type the name as you know it, in Latin "
		  "or Cyrillic letters: spelling variants (Kelley, Kelly), nicknames (Frank, Francis), "
		  "initials, names that sound alike, and the ways Soviet clerks wrote Western names "
		  "(Келли, Гарольд) are found, and each result says how it matched.</p>\n"
		  "<h2>For programs: the JSON API</h2>\n<p>The same objects as the powtrace command's "
		  "<code>--format json</code>:</p>\n<ul>\n"
		  "<li><code>/api/find?q=NAME</code> with <code>born</code>, <code>nationality</code>, "
		  "<code>camp</code>, <code>status</code>, <code>unit</code>, <code>number</code>, "
		  "<code>text</code>, <code>limit</code>, <code>offset</code> (the hits to skip: "
		  "<code>offset=20&amp;limit=20</code> is the second page) (<code>q</code> may be "
		  "left out for a search by "
		  "<code>number</code>, <code>unit</code> or <code>text</code>) "
		  "(<code>powtrace find</code>)</li>\n"
		  "<li><code>/api/person/ID</code> (<code>powtrace show ID</code>)</li>\n"
		  "<li><code>/api/camp/KEY</code> (<code>powtrace report camp</code>)</li>\n"
		  "<li><code>/api/report/unaccounted</code> with the filters and <code>page</code>, "
		  "<code>per</code> (<code>powtrace report unaccounted</code>)</li>\n"
		  "<li><code>/api/count?by=FIELD,FIELD</code> with the filters "
		  "(<code>powtrace count</code>)</li>\n"
		  "<li><code>/api/claims/conflicts</code> (<code>powtrace claims conflicts</code>)</li>\n"
		  "<li><code>/api/source/KEY</code> (<code>powtrace xref KEY</code>)</li>\n</ul>\n");
	page_end(rq, rs);
}
