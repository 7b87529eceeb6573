/*
 * page_person.c - "/person/ID": one man's dossier. His names in every
 * script; one timeline of the events of all his records, each with its
 * source; where the records disagree; the status with its reason; the
 * citations with their grades; each record as its source gave it, side by
 * side; links to the camps and sources; downloads (GEDCOM, JSON). And
 * "/person/ID.ged", the GEDCOM file.
 *
 * A man is an individual (record linkage): the page shows his records side by
 * side and one timeline of all their events; the address of one of his
 * records that is not the individual's id leads to his page. A record linked
 * to nothing is a man of its own.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "render/render.h"
#include "web.h"

const char *script_label(const char *script);

struct dossier {
	const pt_individual *man;    /* the man: his records, timeline, status, disagreements */
	pt_person **records;         /* man->records */
	size_t count;
	pt_fate_events **competing;  /* per record, when his status is conflicting; else NULL */
};

/* "12", "12.ged": the id, and whether the GEDCOM file is asked for */
static int64_t parse_id(const char *tail, const char *suffix)
{
	int64_t id = 0;
	size_t n = strlen(tail), s = suffix ? strlen(suffix) : 0;
	if (s) {
		if (n <= s || strcmp(tail + n - s, suffix))
			return -1;
		n -= s;
	}
	if (!n || n > 15)
		return -1;
	for (size_t i = 0; i < n; i++) {
		if (tail[i] < '0' || tail[i] > '9')
			return -1;
		id = id * 10 + (tail[i] - '0');
	}
	return id > 0 ? id : -1;
}

static void text_or(struct wbuf *b, const char *s, const char *otherwise)
{
	if (s && *s)
		esc_html(b, s);
	else
		wbuf_puts(b, otherwise);
}

static void lang_attr(struct wbuf *b, const char *script)
{
	if (script && !strcmp(script, "Cyrl"))
		wbuf_puts(b, " lang=\"ru\"");
}

static void camp_link(const struct web_request *rq, struct web_response *rs, const char *key,
		      const char *name)
{
	if (key) {
		page_href(rq, rs, "/camp/");
		esc_url(&rs->body, key);
		wbuf_puts(&rs->body, "\">");
		esc_html(&rs->body, name ? name : key);
		wbuf_puts(&rs->body, "</a>");
	} else {
		esc_html(&rs->body, name);
	}
}

static void source_link(const struct web_request *rq, struct web_response *rs, const char *key,
			const char *title)
{
	page_href(rq, rs, "/source/");
	esc_url(&rs->body, key);
	wbuf_puts(&rs->body, "\">");
	esc_html(&rs->body, title && *title ? title : key);
	wbuf_puts(&rs->body, "</a>");
}

static void grade(struct wbuf *b, const char *quality, const char *information,
		  const char *evidence, int confidence)
{
	const char *parts[3] = { quality, information, evidence };
	int any = 0;
	for (int i = 0; i < 3; i++)
		if (parts[i]) {
			wbuf_puts(b, any ? " / " : "");
			esc_html(b, parts[i]);
			any = 1;
		}
	if (confidence >= 0) {
		wbuf_puts(b, any ? ", confidence " : "confidence ");
		wbuf_num(b, confidence);
		wbuf_puts(b, " of 4");
	}
	else if (!any)
		wbuf_puts(b, "not graded");
}

/* the record a thing belongs to, when the man has several */
static void record_label(struct wbuf *b, const struct dossier *d, size_t r)
{
	if (d->count > 1) {
		wbuf_puts(b, "<span class=\"record-tag\">record ");
		wbuf_num(b, d->records[r]->id);
		wbuf_puts(b, "</span> ");
	}
}

static void section_names(const struct web_request *rq, struct web_response *rs,
			  const struct dossier *d)
{
	struct wbuf *b = &rs->body;
	(void)rq;
	wbuf_puts(b, "<section aria-labelledby=\"names\">\n<h2 id=\"names\">Names in the records</h2>\n"
		  "<ul class=\"names\">\n");
	for (size_t r = 0; r < d->count; r++) {
		const pt_person *p = d->records[r];
		for (size_t i = 0; i < p->name_count; i++) {
			const pt_name *n = &p->names[i];
			wbuf_puts(b, "<li><span class=\"name\"");
			lang_attr(b, n->script);
			wbuf_puts(b, ">");
			page_name(rs, n->surname, n->given_names);
			wbuf_puts(b, "</span> <span class=\"script\">");
			esc_html(b, script_label(n->script));
			wbuf_puts(b, n->is_primary ? ", as the record names him" : "");
			wbuf_puts(b, "</span> ");
			record_label(b, d, r);
			wbuf_puts(b, "</li>\n");
		}
	}
	wbuf_puts(b, "</ul>\n</section>\n");
}

/* "event N" (a citation's target) for event number n, from 1 */
static int is_event_target(const char *target, size_t n)
{
	size_t value = 0;
	if (!target || strncmp(target, "event ", 6) || !target[6])
		return 0;
	for (target += 6; *target; target++) {
		if (*target < '0' || *target > '9' || value > 100000000)
			return 0;
		value = value * 10 + (size_t)(*target - '0');
	}
	return value == n;
}

/* the citations on one event of record r */
static void event_sources(const struct web_request *rq, struct web_response *rs,
			  const pt_person *p, size_t event_index)
{
	int any = 0;
	for (size_t k = 0; k < p->citation_count; k++) {
		const pt_citation *c = &p->citations[k];
		if (!is_event_target(c->target, event_index + 1))
			continue;
		wbuf_puts(&rs->body, any ? "<br>" : "");
		source_link(rq, rs, c->source_key, c->source_key);
		if (c->locator) {
			wbuf_puts(&rs->body, ", ");
			esc_html(&rs->body, c->locator);
		}
		any = 1;
	}
	if (!any) {
		/* the record's own citations stand behind its events */
		for (size_t k = 0; k < p->citation_count; k++)
			if (p->citations[k].target && !strcmp(p->citations[k].target, "person")) {
				wbuf_puts(&rs->body, any ? "<br>" : "");
				source_link(rq, rs, p->citations[k].source_key, p->citations[k].source_key);
				wbuf_puts(&rs->body, " (the record's source)");
				any = 1;
			}
		if (!any)
			wbuf_puts(&rs->body, "no source cited");
	}
}

static void section_timeline(const struct web_request *rq, struct web_response *rs,
			     const struct dossier *d)
{
	struct wbuf *b = &rs->body;
	const pt_individual *man = d->man;

	wbuf_puts(b, "<section aria-labelledby=\"timeline\">\n<h2 id=\"timeline\">Timeline</h2>\n");
	if (!man->timeline_count) {
		wbuf_puts(b, "<p>No events are recorded.</p>\n</section>\n");
		return;
	}
	/* one timeline of every record's events, in time order (the library's) */
	wbuf_puts(b, "<div class=\"scroll\" role=\"region\" aria-labelledby=\"timeline\" tabindex=\"0\">\n"
		  "<table class=\"timeline stack\">\n<thead><tr><th scope=\"col\">Date</th>"
		  "<th scope=\"col\">Event</th><th scope=\"col\">Where</th><th scope=\"col\">Details</th>"
		  "<th scope=\"col\">Source</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < man->timeline_count; i++) {
		size_t r = man->timeline[i].record, k = man->timeline[i].index;
		const pt_person *p;
		const pt_event *e;
		int details = 0;
		if (r >= d->count || k >= d->records[r]->event_count)
			continue;
		p = d->records[r];
		e = &p->events[k];
		wbuf_puts(b, (long)i == man->last_event ? "<tr class=\"last-event\"><td data-label=\"Date\">"
			  : "<tr><td data-label=\"Date\">");
		text_or(b, e->date, "date not recorded");
		if (e->date_original && (!e->date || strcmp(e->date_original, e->date))) {
			wbuf_puts(b, " <span class=\"as-written\">(written “");
			esc_html(b, e->date_original);
			wbuf_puts(b, "”)</span>");
		}
		wbuf_puts(b, "</td><td data-label=\"Event\">");
		record_label(b, d, r);
		esc_html(b, e->type);
		wbuf_puts(b, "</td><td data-label=\"Where\">");
		camp_link(rq, rs, e->camp_key, e->camp);
		if (e->camp && e->place)
			wbuf_puts(b, ", ");
		esc_html(b, e->place);
		wbuf_puts(b, "</td><td data-label=\"Details\">");
		if (e->agent) {
			wbuf_puts(b, "by ");
			esc_html(b, e->agent);
			details = 1;
		}
		if (e->operation) {
			wbuf_puts(b, details ? "; " : "");
			esc_html(b, e->operation);
			details = 1;
		}
		if (e->notes) {
			wbuf_puts(b, details ? "; " : "");
			esc_html(b, e->notes);
		}
		wbuf_puts(b, "</td><td data-label=\"Source\">");
		event_sources(rq, rs, p, k);
		wbuf_puts(b, "</td></tr>\n");
	}
	wbuf_puts(b, "</tbody>\n</table>\n</div>\n</section>\n");
}

static void competing_events(const struct web_request *rq, struct web_response *rs,
			     const struct dossier *d, size_t r, const pt_fate_events *f)
{
	struct wbuf *b = &rs->body;
	wbuf_puts(b, "<ul class=\"competing\">\n");
	for (size_t i = 0; i < f->count; i++) {
		const pt_fate_event *e = &f->items[i];
		wbuf_puts(b, "<li>");
		record_label(b, d, r);
		wbuf_puts(b, "<strong>");
		esc_html(b, e->type);
		wbuf_puts(b, "</strong> (says he ");
		esc_html(b, e->fate);
		wbuf_puts(b, ")");
		if (e->date) {
			wbuf_puts(b, ", ");
			esc_html(b, e->date);
		}
		if (e->camp || e->place) {
			wbuf_puts(b, ", ");
			esc_html(b, e->camp ? e->camp : e->place);
		}
		wbuf_puts(b, ". ");
		if (!e->citation_count)
			wbuf_puts(b, "No source is cited for it.");
		for (size_t k = 0; k < e->citation_count; k++) {
			const pt_cite *c = &e->citations[k];
			wbuf_puts(b, k ? "; " : "Source: ");
			source_link(rq, rs, c->source_key, c->source_title);
			if (c->locator) {
				wbuf_puts(b, ", ");
				esc_html(b, c->locator);
			}
			wbuf_puts(b, " (");
			grade(b, c->source_quality, c->information, c->evidence, c->confidence);
			wbuf_puts(b, ")");
		}
		wbuf_puts(b, "</li>\n");
	}
	wbuf_puts(b, "</ul>\n");
}

static void section_disagreements(const struct web_request *rq, struct web_response *rs,
				  const struct dossier *d)
{
	struct wbuf *b = &rs->body;
	const pt_individual *man = d->man;
	int any = 0;

	wbuf_puts(b, "<section aria-labelledby=\"disagree\">\n<h2 id=\"disagree\">Where the records "
		  "disagree</h2>\n");
	if (man->disagreement_count) {
		any = 1;
		wbuf_puts(b, "<ul class=\"disagree\">\n");
		for (size_t i = 0; i < man->disagreement_count; i++) {
			const pt_disagreement *g = &man->disagreements[i];
			wbuf_puts(b, "<li>");
			for (const char *c = g->field; *c; c++)   /* "birth_place": "birth place" */
				wbuf_add(b, *c == '_' ? " " : c, 1);
			wbuf_puts(b, ": ");
			for (size_t v = 0; v < g->value_count; v++) {
				wbuf_puts(b, v ? "; " : "");
				wbuf_puts(b, "“");
				esc_html(b, g->values[v].value);
				wbuf_puts(b, "” (");
				for (size_t k = 0; k < g->values[v].record_count; k++) {
					size_t r = g->values[v].records[k];
					wbuf_puts(b, k ? ", record " : "record ");
					wbuf_num(b, r < d->count ? d->records[r]->id : -1);
				}
				wbuf_puts(b, ")");
			}
			wbuf_puts(b, "</li>\n");
		}
		wbuf_puts(b, "</ul>\n");
	}
	for (size_t r = 0; d->competing && r < d->count; r++)
		if (d->competing[r] && d->competing[r]->count) {
			if (any < 2)
				wbuf_puts(b, "<p>The records disagree on his fate. These events compete:</p>\n");
			any = 2;
			competing_events(rq, rs, d, r, d->competing[r]);
		}
	if (!any)
		wbuf_puts(b, d->count > 1 ? "<p>His records agree.</p>\n"
			  : "<p>His record does not contradict itself. Only one record of him is in "
			    "this database.</p>\n");
	wbuf_puts(b, "</section>\n");
}

static void section_citations(const struct web_request *rq, struct web_response *rs,
			      const struct dossier *d)
{
	struct wbuf *b = &rs->body;
	size_t total = 0;

	wbuf_puts(b, "<section aria-labelledby=\"sources\">\n<h2 id=\"sources\">Sources</h2>\n");
	for (size_t r = 0; r < d->count; r++)
		total += d->records[r]->citation_count;
	if (!total) {
		wbuf_puts(b, "<p>No source is cited.</p>\n</section>\n");
		return;
	}
	wbuf_puts(b, "<p class=\"hint\">How strong each citation is, as genealogists grade evidence: "
		  "the source (original, derivative, authored), the information (primary, "
		  "secondary) and the evidence (direct, indirect, negative).</p>\n"
		  "<div class=\"scroll\" role=\"region\" aria-labelledby=\"sources\" tabindex=\"0\">\n"
		  "<table class=\"stack\">\n<thead><tr><th scope=\"col\">Source</th>"
		  "<th scope=\"col\">Kind</th><th scope=\"col\">Where in it</th>"
		  "<th scope=\"col\">Supports</th><th scope=\"col\">Grade</th></tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < d->count; r++) {
		const pt_person *p = d->records[r];
		for (size_t i = 0; i < p->citation_count; i++) {
			const pt_citation *c = &p->citations[i];
			wbuf_puts(b, "<tr><td data-label=\"Source\">");
			source_link(rq, rs, c->source_key, c->source_title);
			wbuf_puts(b, "</td><td data-label=\"Kind\">");
			esc_html(b, c->source_kind);
			wbuf_puts(b, "</td><td data-label=\"Where in it\">");
			text_or(b, c->locator, "—");
			wbuf_puts(b, "</td><td data-label=\"Supports\">");
			record_label(b, d, r);
			text_or(b, c->target, "");
			wbuf_puts(b, "</td><td data-label=\"Grade\">");
			grade(b, c->source_quality, c->information, c->evidence, c->confidence);
			wbuf_puts(b, "</td></tr>\n");
		}
	}
	wbuf_puts(b, "</tbody>\n</table>\n</div>\n</section>\n");
}

/* the file name of an import, without the folders of the machine it came from */
static const char *base_name(const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	return slash ? slash + 1 : path;
}

static void section_records(const struct web_request *rq, struct web_response *rs,
			    const struct dossier *d)
{
	static const char *const labels[] = {
		"Source", "Reference in it", "Surname", "Given names", "Sex", "Nationality", "Born",
		"Born, as written", "Birth place", "Service", "Service number", "Rank", "Unit", "Notes",
	};
	struct wbuf *b = &rs->body;

	wbuf_puts(b, d->count > 1
		  ? "<section aria-labelledby=\"records\">\n<h2 id=\"records\">Each record as its "
		    "source gave it</h2>\n"
		  : "<section aria-labelledby=\"records\">\n<h2 id=\"records\">The record as the "
		    "source gave it</h2>\n");
	wbuf_puts(b, "<div class=\"scroll\" role=\"region\" aria-labelledby=\"records\" tabindex=\"0\">\n"
		  "<table class=\"records\">\n<thead><tr><td></td>");
	for (size_t r = 0; r < d->count; r++) {
		wbuf_puts(b, "<th scope=\"col\">Record ");
		wbuf_num(b, d->records[r]->id);
		wbuf_puts(b, "</th>");
	}
	wbuf_puts(b, "</tr></thead>\n<tbody>\n");
	for (size_t f = 0; f < sizeof labels / sizeof *labels; f++) {
		wbuf_puts(b, "<tr><th scope=\"row\">");
		wbuf_puts(b, labels[f]);
		wbuf_puts(b, "</th>");
		for (size_t r = 0; r < d->count; r++) {
			const pt_person *p = d->records[r];
			const char *values[] = { p->record_source, p->record_id, p->surname,
				p->given_names, p->sex, p->nationality, p->birth_date,
				p->birth_date_original, p->birth_place, p->service, p->service_number,
				p->rank, p->unit, p->notes };
			wbuf_puts(b, "<td>");
			if (f == 0 && values[f] && *values[f])
				source_link(rq, rs, values[f], values[f]);
			else
				text_or(b, values[f], "—");
			wbuf_puts(b, "</td>");
		}
		wbuf_puts(b, "</tr>\n");
	}
	wbuf_puts(b, "<tr><th scope=\"row\">Imported from</th>");
	for (size_t r = 0; r < d->count; r++) {
		const pt_person *p = d->records[r];
		wbuf_puts(b, "<td>");
		if (p->batch_id) {
			esc_html(b, base_name(p->batch_file));
			wbuf_puts(b, ", line ");
			wbuf_num(b, p->batch_line);
			wbuf_puts(b, " (import ");
			wbuf_num(b, p->batch_id);
			wbuf_puts(b, ")");
		} else {
			wbuf_puts(b, "—");
		}
		wbuf_puts(b, "</td>");
	}
	wbuf_puts(b, "</tr>\n<tr><th scope=\"row\">Other columns</th>");
	for (size_t r = 0; r < d->count; r++) {
		json_t *extra = d->records[r]->extra ? json_loads(d->records[r]->extra, 0, NULL) : NULL;
		const char *key;
		json_t *value;
		int any = 0;
		wbuf_puts(b, "<td>");
		json_object_foreach(extra, key, value) {
			char *dumped = json_is_string(value) ? NULL : json_dumps(value, JSON_ENCODE_ANY);
			wbuf_puts(b, any ? "<br>" : "");
			esc_html(b, key);
			wbuf_puts(b, ": ");
			esc_html(b, dumped ? dumped : json_string_value(value));
			free(dumped);
			any = 1;
		}
		if (!any)
			wbuf_puts(b, "—");
		json_decref(extra);
		wbuf_puts(b, "</td>");
	}
	wbuf_puts(b, "</tr>\n</tbody>\n</table>\n</div>\n</section>\n");
}

static void dossier_page(const struct web_request *rq, struct web_response *rs,
			 const struct dossier *d)
{
	struct wbuf *b = &rs->body;
	const pt_person *p = d->records[d->man->anchor < d->count ? d->man->anchor : 0];
	/* his name as every client shows it (page_man_name), in the title and
	 * the heading */
	char *title = render_name_text(rq->db, p->surname, p->given_names, p->names,
				       p->name_count);

	page_begin(rq, rs, title ? title : "(no name)");
	wbuf_puts(b, "<article class=\"dossier\">\n<h1><span class=\"name\"");
	lang_attr(b, p->name_count ? p->names[0].script : NULL);
	wbuf_puts(b, "><bdi>");
	esc_html(b, title ? title : "(no name)");
	free(title);
	wbuf_puts(b, "</bdi></span></h1>\n<p class=\"facts\">");
	page_status(rs, pt_status_name(d->man->status));
	if (p->nationality) {
		wbuf_puts(b, " <span>nationality ");
		esc_html(b, p->nationality);
		wbuf_puts(b, "</span>");
	}
	if (p->rank || p->service) {
		wbuf_puts(b, " <span>");
		esc_html(b, p->rank);
		wbuf_puts(b, p->rank && p->service ? ", " : "");
		esc_html(b, p->service);
		wbuf_puts(b, "</span>");
	}
	if (p->birth_date || p->birth_place) {
		wbuf_puts(b, " <span>born ");
		esc_html(b, p->birth_date);
		wbuf_puts(b, p->birth_date && p->birth_place ? ", " : "");
		esc_html(b, p->birth_place);
		wbuf_puts(b, "</span>");
	}
	wbuf_puts(b, "</p>\n<section class=\"status-box\" aria-labelledby=\"status\">\n"
		  "<h2 id=\"status\">What the records say became of him</h2>\n<p>");
	page_status(rs, pt_status_name(d->man->status));
	wbuf_puts(b, " ");
	esc_html(b, d->man->status_reason);
	wbuf_puts(b, "</p>\n<p class=\"hint\">The status is derived from the recorded events, never "
		  "typed in. \"Unaccounted\" means these records leave him in captivity or in "
		  "transit, not that nobody ever accounted for him.</p>\n</section>\n");
	if (p->notes) {
		wbuf_puts(b, "<section aria-labelledby=\"notes\">\n<h2 id=\"notes\">Notes</h2>\n<p class=\"notes\">");
		esc_html(b, p->notes);
		wbuf_puts(b, "</p>\n</section>\n");
	}
	section_names(rq, rs, d);
	section_timeline(rq, rs, d);
	section_disagreements(rq, rs, d);
	section_citations(rq, rs, d);
	section_records(rq, rs, d);
	wbuf_puts(b, "<section aria-labelledby=\"downloads\">\n<h2 id=\"downloads\">Downloads</h2>\n<ul>\n<li>");
	page_href(rq, rs, "/person/");
	wbuf_num(b, d->man->id);
	wbuf_puts(b, ".ged\" download>GEDCOM 5.5.1</a>, for a family-tree program (");
	page_href(rq, rs, "/person/");
	wbuf_num(b, d->man->id);
	wbuf_puts(b, ".ged?version=7\" download>GEDCOM 7</a>)</li>\n<li>");
	page_href(rq, rs, "/api/person/");
	wbuf_num(b, d->man->id);
	wbuf_puts(b, "\">JSON</a>, the same as <code>powtrace show ");
	wbuf_num(b, d->man->id);
	wbuf_puts(b, " --format json</code></li>\n</ul>\n</section>\n</article>\n");
	page_end(rq, rs);
}

static void gedcom(struct web_request *rq, struct web_response *rs, int64_t id)
{
	const char *version = web_arg(rq, "version");
	pt_gedcom_options opts = { 5, NULL };
	char *text = NULL;
	size_t len = 0;
	int rc;

	if (version && strcmp(version, "5") && strcmp(version, "5.5.1") && strcmp(version, "7")) {
		page_error(rq, rs, 400, "Bad request", "GEDCOM version 5.5.1 or 7.");
		return;
	}
	if (version && !strcmp(version, "7"))
		opts.version = 7;
	rc = pt_gedcom_export(rq->db, &id, 1, &opts, &text, &len);
	if (rc == PT_ENOTFOUND) {
		page_error(rq, rs, 404, "Not found", "There is no record with this number.");
	} else if (rc) {
		page_error(rq, rs, 500, "Error", "The GEDCOM file could not be made.");
	} else {
		rs->type = "text/plain; charset=utf-8";
		snprintf(rs->disposition, sizeof rs->disposition,
			 "attachment; filename=\"powtrace-%lld.ged\"", (long long)id);
		wbuf_add(&rs->body, text, len);
	}
	pt_free(text);
}

/* The competing fate events of each record, when the man's status is
 * conflicting, as `powtrace show` (cmd_show.c) gathers them, from the
 * records already read. NULL when not. */
pt_fate_events **web_competing(pt_db *db, const pt_individual *man, int *failed);

pt_fate_events **web_competing(pt_db *db, const pt_individual *man, int *failed)
{
	pt_fate_events **competing;
	*failed = 0;
	if (man->status != PT_STATUS_CONFLICTING)
		return NULL;
	if (!(competing = calloc(man->record_count, sizeof *competing))) {
		*failed = 1;
		return NULL;
	}
	for (size_t r = 0; r < man->record_count; r++) {
		const pt_person *p = man->records[r];
		if (p->status != PT_STATUS_CONFLICTING && man->record_count > 1 &&
		    p->status != PT_STATUS_RETURNED && p->status != PT_STATUS_DIED)
			continue;
		if (pt_person_fate_events_of(db, p, &competing[r]))
			*failed = 1;
	}
	return competing;
}

void web_competing_free(pt_fate_events **competing, size_t count);

void web_competing_free(pt_fate_events **competing, size_t count)
{
	for (size_t r = 0; competing && r < count; r++)
		pt_fate_events_free(competing[r]);
	free(competing);
}

void page_person(struct web_request *rq, struct web_response *rs)
{
	int64_t id = parse_id(rq->tail, NULL), ged = parse_id(rq->tail, ".ged");
	pt_individual *man = NULL;
	struct dossier d = { NULL, NULL, 0, NULL };
	int rc, failed = 0;

	if (ged > 0) {
		gedcom(rq, rs, ged);
		return;
	}
	if (id <= 0) {
		page_error(rq, rs, 404, "Not found", "A man's address is /person/ and a number.");
		return;
	}
	/* a man is an individual: every record that linkage says is his; and
	 * the evidence on his fate, read in the same read transaction */
	if ((rc = pt_db_read_begin(rq->db))) {
		page_error(rq, rs, 500, "Error", "The record could not be read.");
		return;
	}
	rc = pt_individual_get(rq->db, id, &man);
	if (rc == PT_OK && man->id == id)
		d.competing = web_competing(rq->db, man, &failed);
	pt_db_read_end(rq->db);
	if (rc == PT_ENOTFOUND) {
		page_error(rq, rs, 404, "Not found", "There is no record with this number.");
		return;
	}
	if (rc) {
		page_error(rq, rs, 500, "Error", "The record could not be read.");
		return;
	}
	if (man->id != id) {
		/* the record of a man whose id is another: one address for each man */
		snprintf(rs->location, sizeof rs->location, "%s/person/%lld", rq->base,
			 (long long)man->id);
		page_error(rq, rs, 301, "Moved", "This record is part of another man's page.");
		pt_individual_free(man);
		return;
	}
	d.man = man;
	d.records = man->records;
	d.count = man->record_count;
	if (failed)
		page_error(rq, rs, 500, "Error", "The record could not be read.");
	else
		dossier_page(rq, rs, &d);
	web_competing_free(d.competing, man->record_count);
	pt_individual_free(man);
}
