/*
 * page_search.c - "/": the search form (a name as a family knows it, in any
 * script; born between two years; nationality; camp; status) and the men it
 * finds, one line each with how the name matched and why, a page at a time.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "web.h"

static const char *const statuses[] = { "returned", "died", "unaccounted", "conflicting", "unknown" };

/* the nationalities offered as suggestions (any ISO code may be typed) */
static const char *const nationalities[][2] = {
	{ "GB", "United Kingdom" }, { "US", "United States" }, { "AU", "Australia" },
	{ "CA", "Canada" }, { "NZ", "New Zealand" }, { "ZA", "South Africa" }, { "IN", "India" },
	{ "FR", "France" }, { "BE", "Belgium" }, { "NL", "Netherlands" }, { "PL", "Poland" },
	{ "CZ", "Czechoslovakia" }, { "IT", "Italy" }, { "DE", "Germany" }, { "AT", "Austria" },
	{ "HU", "Hungary" }, { "RO", "Romania" }, { "SU", "Soviet Union" },
};

const char *script_label(const char *script);

const char *script_label(const char *script)
{
	if (!script)
		return "";
	if (!strcmp(script, "Latn"))
		return "Latin";
	if (!strcmp(script, "Cyrl"))
		return "Cyrillic";
	if (!strcmp(script, "Grek"))
		return "Greek";
	if (!strcmp(script, "Hebr"))
		return "Hebrew";
	if (!strcmp(script, "Arab"))
		return "Arabic";
	return script;
}

struct search {
	const char *q, *born_from, *born_to, *nationality, *camp, *status;
	char born[32];
	char nationality_upper[3];
	const char *problem;       /* what is wrong with the form, or NULL */
	long page;
};

static int is_year(const char *s)
{
	if (strlen(s) != 4)
		return 0;
	for (int i = 0; i < 4; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static const char *blank_to_null(const char *s)
{
	if (!s)
		return NULL;
	while (*s == ' ')
		s++;
	return *s ? s : NULL;
}

/* Reads and checks the form's values. */
static void read_form(const struct web_request *rq, struct search *f)
{
	memset(f, 0, sizeof *f);
	f->q = blank_to_null(web_arg(rq, "q"));
	f->born_from = blank_to_null(web_arg(rq, "born_from"));
	f->born_to = blank_to_null(web_arg(rq, "born_to"));
	f->nationality = blank_to_null(web_arg(rq, "nationality"));
	f->camp = blank_to_null(web_arg(rq, "camp"));
	f->status = blank_to_null(web_arg(rq, "status"));
	f->page = web_arg_number(rq, "page", 1, 1, WEB_RESULTS_MAX / WEB_PAGE_SIZE);

	if (f->q && utf8_length(f->q) > WEB_NAME_MAX)
		f->problem = "The name is too long: type at most 200 characters.";
	else if ((f->born_from && !is_year(f->born_from)) || (f->born_to && !is_year(f->born_to)))
		f->problem = "Type a year of birth as four digits, such as 1920.";
	else if (f->born_from && f->born_to && strcmp(f->born_from, f->born_to) > 0)
		f->problem = "The first year of birth comes after the second.";
	else if (f->nationality && (strlen(f->nationality) != 2 ||
		 !strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", f->nationality[0]) ||
		 !strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", f->nationality[1])))
		f->problem = "Choose a nationality as its two-letter code, such as GB.";
	else if (f->camp && utf8_length(f->camp) > WEB_NAME_MAX)
		f->problem = "The camp's name is too long.";
	else if (f->page < 0)
		f->problem = "There is no such page of results.";
	if (f->status) {
		size_t i;
		for (i = 0; i < sizeof statuses / sizeof *statuses && strcmp(f->status, statuses[i]); i++)
			;
		if (i == sizeof statuses / sizeof *statuses)
			f->problem = "Choose a status from the list.";
	}
	if (f->born_from || f->born_to)
		snprintf(f->born, sizeof f->born, "%s/%s", f->born_from ? f->born_from : "..",
			 f->born_to ? f->born_to : "..");
	if (f->nationality && strlen(f->nationality) == 2) {
		f->nationality_upper[0] = (char)(f->nationality[0] & ~0x20);
		f->nationality_upper[1] = (char)(f->nationality[1] & ~0x20);
	}
}

static void input(struct wbuf *b, const char *id, const char *label, const char *value,
		  const char *extra)
{
	wbuf_printf(b, "<div class=\"field\"><label for=\"%s\">%s</label>\n"
		    "<input id=\"%s\" name=\"%s\" value=\"", id, label, id, id);
	esc_html(b, value);
	wbuf_printf(b, "\"%s></div>\n", extra);
}

static void print_form(const struct web_request *rq, struct web_response *rs, const struct search *f)
{
	struct wbuf *b = &rs->body;
	int filters = f->born_from || f->born_to || f->nationality || f->camp || f->status;

	wbuf_puts(b, "<form class=\"search\" method=\"get\" action=\"");
	esc_html(b, rq->base);
	wbuf_puts(b, "/\" role=\"search\">\n<div class=\"field name\">"
		  "<label for=\"q\">Name</label>\n<input id=\"q\" name=\"q\" type=\"search\" "
		  "maxlength=\"200\" autocomplete=\"off\" autocapitalize=\"words\" spellcheck=\"false\" "
		  "aria-describedby=\"q-hint\" value=\"");
	esc_html(b, f->q);
	wbuf_puts(b, "\">\n<p id=\"q-hint\" class=\"hint\">As you know it, in any script: "
		  "Frank Kelly, Kelly Frank, F. Kelly, Келли. Spelling variants, nicknames and "
		  "sound-alikes are found too; * stands for any letters.</p></div>\n");
	wbuf_printf(b, "<details class=\"filters\"%s><summary>More filters</summary>\n"
		    "<fieldset><legend>Born between</legend>\n", filters ? " open" : "");
	input(b, "born_from", "From year", f->born_from,
	      " inputmode=\"numeric\" pattern=\"[0-9]{4}\" maxlength=\"4\" placeholder=\"1915\"");
	input(b, "born_to", "To year", f->born_to,
	      " inputmode=\"numeric\" pattern=\"[0-9]{4}\" maxlength=\"4\" placeholder=\"1925\"");
	wbuf_puts(b, "</fieldset>\n");
	input(b, "nationality", "Nationality (the force he served)", f->nationality,
	      " list=\"nationalities\" maxlength=\"2\" autocapitalize=\"characters\" "
	      "placeholder=\"GB\"");
	wbuf_puts(b, "<datalist id=\"nationalities\">\n");
	for (size_t i = 0; i < sizeof nationalities / sizeof *nationalities; i++)
		wbuf_printf(b, "<option value=\"%s\">%s</option>\n", nationalities[i][0],
			    nationalities[i][1]);
	wbuf_puts(b, "</datalist>\n");
	input(b, "camp", "Camp (any of its names)", f->camp,
	      " maxlength=\"200\" placeholder=\"Stalag IV-B\"");
	wbuf_puts(b, "<div class=\"field\"><label for=\"status\">Status</label>\n"
		  "<select id=\"status\" name=\"status\">\n<option value=\"\">any</option>\n");
	for (size_t i = 0; i < sizeof statuses / sizeof *statuses; i++)
		wbuf_printf(b, "<option%s>%s</option>\n",
			    f->status && !strcmp(f->status, statuses[i]) ? " selected" : "", statuses[i]);
	wbuf_puts(b, "</select></div>\n</details>\n<button type=\"submit\">Search</button>\n</form>\n");
}

/* "q=Kelly&amp;nationality=GB": the form's values for the pager's links */
static void form_query(struct wbuf *q, const struct search *f)
{
	const char *names[] = { "q", "born_from", "born_to", "nationality", "camp", "status" };
	const char *values[] = { f->q, f->born_from, f->born_to, f->nationality, f->camp, f->status };
	for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
		if (!values[i])
			continue;
		wbuf_printf(q, "%s%s=", q->len ? "&amp;" : "", names[i]);
		esc_url(q, values[i]);
	}
}

static void print_hit(const struct web_request *rq, struct web_response *rs, const pt_find_hit *h)
{
	struct wbuf *b = &rs->body;
	wbuf_puts(b, "<li>\n<h3 class=\"hit-name\">");
	page_href(rq, rs, "/person/");
	wbuf_printf(b, "%lld\">", (long long)h->person_id);
	{
		pt_name matched = { .surname = h->form_surname, .given_names = h->form_given_names };
		page_man_name(rq, rs, h->surname, h->given_names, &matched, 1);
	}
	wbuf_puts(b, "</a></h3>\n<p class=\"facts\">");
	page_status(rs, pt_status_name(h->status));
	if (h->nationality) {
		wbuf_puts(b, " <span>nationality ");
		esc_html(b, h->nationality);
		wbuf_puts(b, "</span>");
	}
	if (h->birth_date) {
		wbuf_puts(b, " <span>born ");
		esc_html(b, h->birth_date);
		wbuf_puts(b, "</span>");
	}
	wbuf_printf(b, " <span>record %lld</span></p>\n<p class=\"match\"><span class=\"match-%s\">%s "
		    "match</span>, score %d: as the record writes it, ", (long long)h->person_id,
		    pt_match_name(h->match), pt_match_name(h->match), h->score);
	page_name(rs, h->form_surname, h->form_given_names);
	if (h->form_script) {
		wbuf_puts(b, " (");
		esc_html(b, script_label(h->form_script));
		wbuf_puts(b, ")");
	}
	wbuf_puts(b, ".</p>\n<p class=\"why\">Why: ");
	esc_html(b, h->why);
	wbuf_puts(b, "</p>\n</li>\n");
}

void page_search(struct web_request *rq, struct web_response *rs)
{
	struct search f;
	struct wbuf *b = &rs->body;
	pt_find_options opts;
	pt_find_result *result = NULL;
	int rc;

	read_form(rq, &f);
	page_begin(rq, rs, f.q ? f.q : "Search");
	wbuf_puts(b, "<h1>Find a prisoner of war</h1>\n<p class=\"lead\">Search the records of "
		  "prisoners of war who went missing at the end of the Second World War and in the "
		  "Soviet camps after it: Western registers, Soviet registers written in Cyrillic, "
		  "books and testimony.</p>\n");
	print_form(rq, rs, &f);
	if (f.problem) {
		rs->status = 400;
		wbuf_puts(b, "<p class=\"notice\" role=\"alert\">");
		esc_html(b, f.problem);
		wbuf_puts(b, "</p>\n");
		goto done;
	}
	if (!f.q)
		goto done;
	memset(&opts, 0, sizeof opts);
	opts.born = f.born[0] ? f.born : NULL;
	opts.nationality = f.nationality ? f.nationality_upper : NULL;
	opts.camp = f.camp;
	opts.status = f.status;
	/* exactly the page's hits: the library ranks them and counts the rest */
	opts.offset = (size_t)(f.page - 1) * WEB_PAGE_SIZE;
	opts.limit = WEB_PAGE_SIZE;
	rc = pt_person_find(rq->db, f.q, &opts, &result);
	wbuf_puts(b, "<section aria-labelledby=\"results\">\n<h2 id=\"results\">Results</h2>\n");
	if (rc == PT_EINVAL || rc == PT_ENOTFOUND) {
		rs->status = 400;
		wbuf_puts(b, "<p class=\"notice\" role=\"alert\">");
		esc_html(b, pt_db_errmsg(rq->db));
		wbuf_puts(b, "</p>\n</section>\n");
		goto done;
	}
	if (rc) {
		rs->status = 500;
		wbuf_puts(b, "<p class=\"notice\" role=\"alert\">The search failed.</p>\n</section>\n");
		goto done;
	}
	wbuf_puts(b, "<p class=\"read-as\">Searched for ");
	esc_html(b, result->read_as);
	if (result->also_tried) {
		wbuf_puts(b, "; also tried ");
		esc_html(b, result->also_tried);
	}
	wbuf_puts(b, ".</p>\n");
	for (size_t i = 0; i < result->note_count; i++) {
		wbuf_puts(b, "<p class=\"hint\">Note: ");
		esc_html(b, result->notes[i]);
		wbuf_puts(b, "</p>\n");
	}
	if (!result->total) {
		wbuf_puts(b, "<p class=\"notice\" role=\"status\">No one found. Try fewer filters, only "
			  "the surname, or a pattern such as Kel*.</p>\n");
	} else {
		size_t first = (size_t)(f.page - 1) * WEB_PAGE_SIZE;
		struct wbuf q;
		wbuf_printf(b, "<p role=\"status\">%zu %s found.</p>\n", result->total,
			    result->total == 1 ? "man" : "men");
		if (!result->count) {
			wbuf_puts(b, "<p class=\"notice\">There are not so many results.</p>\n");
		} else {
			wbuf_printf(b, "<ol class=\"results\" start=\"%zu\">\n", first + 1);
			for (size_t i = 0; i < result->count; i++)
				print_hit(rq, rs, &result->hits[i]);
			wbuf_puts(b, "</ol>\n");
		}
		wbuf_init(&q, 8192);
		form_query(&q, &f);
		page_pager(rq, rs, "/", q.data ? q.data : "", f.page, WEB_PAGE_SIZE,
			   (int64_t)result->total, WEB_RESULTS_MAX);
		wbuf_release(&q);
		wbuf_puts(b, "<p class=\"hint\">The same results as JSON: ");
		page_href(rq, rs, "/api/find?");
		wbuf_init(&q, 8192);
		form_query(&q, &f);
		wbuf_puts(b, q.data ? q.data : "");
		wbuf_release(&q);
		wbuf_puts(b, "\">/api/find</a>.</p>\n");
	}
	wbuf_puts(b, "</section>\n");
done:
	pt_find_result_free(result);
	page_end(rq, rs);
}
