/*
 * filter.c - the person filter of the count and report pages and their
 * API, read from the query string as the CLI reads its options:
 * nationality, camp, status, event, source (commas separate alternatives;
 * not in a camp's name) and between (an EDTF range).
 */
#include <string.h>

#include "web.h"

static const char *const names[] = { "nationality", "camp", "status", "event", "source" };
static const char *const labels[] = {
	"Nationality (GB, US, ...)", "Camp (any of its names)", "Status", "Event type (capture, ...)",
	"Source (its key)",
};

void web_filter_read(const struct web_request *rq, struct web_filter *wf, int with_status)
{
	memset(wf, 0, sizeof *wf);
	for (int k = 0; k < 5; k++) {
		const char *v = web_arg(rq, names[k]);
		char *p;
		size_t n = 0;
		if (k == 2 && !with_status)
			continue;
		if (!v)
			continue;
		memcpy(wf->text[k], v, strlen(v) + 1);
		p = wf->text[k];
		for (;;) {
			char *end = k == 1 ? NULL : strchr(p, ',');
			char *last;
			if (end)
				*end = '\0';
			while (*p == ' ')
				p++;
			last = p + strlen(p);
			while (last > p && last[-1] == ' ')
				*--last = '\0';
			if (*p) {
				if (n == WEB_FILTER_VALUES) {
					wf->problem = "at most 8 alternatives in one filter";
					break;
				}
				wf->values[k][n++] = p;
			}
			if (!end)
				break;
			p = end + 1;
		}
		switch (n ? k : -1) {
		case 0: wf->filter.nationalities = wf->values[0]; wf->filter.nationality_count = n; break;
		case 1: wf->filter.camps = wf->values[1]; wf->filter.camp_count = n; break;
		case 2: wf->filter.statuses = wf->values[2]; wf->filter.status_count = n; break;
		case 3: wf->filter.event_types = wf->values[3]; wf->filter.event_type_count = n; break;
		case 4: wf->filter.sources = wf->values[4]; wf->filter.source_count = n; break;
		default: break;
		}
	}
	{
		const char *between = web_arg(rq, "between");
		if (between && *between)
			wf->filter.between = between;
	}
}

static void query_add(struct wbuf *q, const char *name, const char *value)
{
	if (!value || !*value)
		return;
	wbuf_printf(q, "%s%s=", q->len ? "&amp;" : "", name);
	esc_url(q, value);
}

void web_filter_query(const struct web_request *rq, struct wbuf *q, int with_status)
{
	for (int k = 0; k < 5; k++)
		if (k != 2 || with_status)
			query_add(q, names[k], web_arg(rq, names[k]));
	query_add(q, "between", web_arg(rq, "between"));
}

void web_filter_inputs(const struct web_request *rq, struct web_response *rs, int with_status)
{
	struct wbuf *b = &rs->body;
	for (int k = 0; k < 5; k++) {
		if (k == 2 && !with_status)
			continue;
		wbuf_printf(b, "<div class=\"field\"><label for=\"f-%s\">%s</label>\n<input id=\"f-%s\" "
			    "name=\"%s\" maxlength=\"200\" value=\"", names[k], labels[k], names[k],
			    names[k]);
		esc_html(b, web_arg(rq, names[k]));
		wbuf_puts(b, "\"></div>\n");
	}
	wbuf_puts(b, "<div class=\"field\"><label for=\"f-between\">An event between (EDTF: 1945, "
		  "1945-04/1945-05)</label>\n<input id=\"f-between\" name=\"between\" maxlength=\"64\" "
		  "value=\"");
	esc_html(b, web_arg(rq, "between"));
	wbuf_puts(b, "\"></div>\n");
}
