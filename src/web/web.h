/*
 * web.h - what the website's files share (`powtrace serve`): the bounded
 * output buffer, escaping for each context, the request and response that
 * the router hands to the page and API handlers, and the page layout.
 *
 * Like the command line, the website is a client of the library: it
 * includes only powtrace.h of the library's headers (and render.h for the
 * JSON objects it shares with the CLI). It opens the database read-only and
 * never writes to it.
 */
#ifndef PT_WEB_H
#define PT_WEB_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "powtrace.h"

/* ---- limits (README.md, "The website") ------------------------------------ */

#define WEB_ARG_MAX        1000   /* bytes of one query-string value */
#define WEB_ARGS_MAX       32     /* query-string values in one request */
#define WEB_NAME_MAX       200    /* characters of a name typed into the search */
#define WEB_PAGE_SIZE      20     /* hits or rows a page shows by default */
#define WEB_PAGE_SIZE_MAX  100    /* ... and at most (per=) */
#define WEB_RESULTS_MAX    1000   /* hits a search pages through, at most */
#define WEB_API_LIMIT_MAX  1000   /* rows one API answer holds, at most */
#define WEB_BODY_MAX       (16u << 20) /* bytes of one response, at most */
#define WEB_TIMELINE_MAX   200    /* events of a camp's timeline a page lists */

/* ---- the server's settings -------------------------------------------------- */

struct web_config {
	const char *db_path;
	const char *listen;        /* "ADDR:PORT", "[v6]:PORT"; port 0: any free port */
	unsigned threads;          /* worker threads, each with its own database handle */
	const char *base_url;      /* "https://example.org/pow", or NULL */
	unsigned connection_limit; /* connections at once, all clients */
	unsigned per_ip_limit;     /* connections at once from one address */
	unsigned timeout;          /* seconds a connection may stay idle */
	size_t cache_bytes;        /* answers kept for the next reader; 0: none */
	/* called (may be NULL) when the socket is bound and the server starts
	 * warming the name search of its `handles`, before it answers */
	void (*warming)(unsigned handles);
};

struct web_server;

/* Checks that the database is a powtrace database (read-only, never created
 * or migrated), binds the address and starts the worker threads. Returns 0,
 * or -1 with a message ("127.0.0.1:8080: address already in use") in err. */
int web_start(const struct web_config *config, struct web_server **out, char *err, size_t size);
/* The address the server listens on, "127.0.0.1:43211" (with the port the
 * system chose for port 0). */
const char *web_address(const struct web_server *server);
/* What warming the name search at start did: the handles warmed, the names
 * they read (all of them), and the seconds it took. */
void web_warmed(const struct web_server *server, unsigned *handles, size_t *names,
		double *seconds);
/* Stops accepting, finishes the requests in flight, closes every handle. */
void web_stop(struct web_server *server);

/* ---- a bounded buffer (buf.c) --------------------------------------------- */

struct wbuf {
	char *data;
	size_t len, cap, max;
	int failed;                /* out of memory, or past max: the rest was dropped */
};

void wbuf_init(struct wbuf *b, size_t max);
/* (buf.c: wbuf_add when it must grow first) */
void wbuf_add_growing(struct wbuf *b, const char *s, size_t n);
/* A page is a few hundred of these: inline, the copy is all that is done
 * while there is room, and the length of a literal is known when compiled. */
static inline void wbuf_add(struct wbuf *b, const char *s, size_t n)
{
	if (b->len + n < b->cap && !b->failed) {
		memcpy(b->data + b->len, s, n);
		b->len += n;
		b->data[b->len] = '\0';
		return;
	}
	wbuf_add_growing(b, s, n);
}
static inline void wbuf_puts(struct wbuf *b, const char *s)
{
	wbuf_add(b, s, strlen(s));
}
/* n in decimal: a page's numbers without a printf each (a dossier has dozens) */
void wbuf_num(struct wbuf *b, long long n);
void wbuf_printf(struct wbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void wbuf_release(struct wbuf *b);

/* ---- escaping (escape.c) ---------------------------------------------------- */

/* Text for HTML content and for attribute values in double quotes: & < > "
 * ' as character references; control characters (but tab and newline),
 * U+FFFE/U+FFFF and bytes that are not UTF-8 as U+FFFD. NULL writes nothing. */
void esc_html(struct wbuf *b, const char *s);
/* A value for a URL's path segment or query: every byte but A-Z a-z 0-9
 * - . _ ~ percent-encoded. */
void esc_url(struct wbuf *b, const char *s);
/* A CSV cell (RFC 4180), with a value that a spreadsheet would read as a
 * formula (= + - @ at the start, or a tab or carriage return) prefixed by '. */
void esc_csv(struct wbuf *b, const char *s);
/* 1 when the n bytes are UTF-8 without NUL. */
int utf8_valid(const char *s, size_t n);
/* Characters (code points) of a UTF-8 string. */
size_t utf8_length(const char *s);

/* ---- requests and responses (server.c, router.c) ------------------------- */

struct web_request {
	const char *path;          /* the decoded path, "/person/12" */
	const char *tail;          /* what follows the route's prefix: "12" */
	void *connection;          /* the libmicrohttpd connection */
	pt_db *db;                 /* this worker's read-only handle */
	const char *base;          /* the path prefix of --base-url ("" or "/pow") */
	const char *base_url;      /* --base-url as given, or NULL */
	unsigned generation;       /* which file the handle reads (it changes when replaced) */
};

struct web_response {
	int status;
	const char *type;          /* Content-Type */
	struct wbuf body;
	char disposition[160];     /* Content-Disposition, or "" */
	const char *cache;         /* Cache-Control; NULL: "no-cache" */
	const char *allow;         /* Allow (405), or NULL */
	char location[128];        /* Location of a redirect, or "" */
	char cached_type[64];      /* the Content-Type of an answer from the cache */
	const char *cache_state;   /* X-Cache: "hit" or "miss"; NULL: not cacheable */
	int image;                 /* an SVG image: its CSP allows its own style attributes */
	char total[24];            /* X-Total-Count of a paged API answer, or "" */
	/* a body too long to hold (a whole report as CSV): written a part at a
	 * time after the first part in `body`. next() appends the next part to
	 * out with the worker's handle, and returns 1 (more follows), 0 (that was
	 * the last) or -1 (failed: the connection is closed). */
	int (*next)(void *state, pt_db *db, struct wbuf *out);
	void *state;
	void (*state_free)(void *state);
};

/* Heavy answers (counts over every record, whole reports, camp dossiers)
 * take a turn: at most half the workers (at least one) at once, so that the
 * searches and dossiers of others go on. 0 when the caller may go ahead
 * (and must call web_heavy_leave), -1 when it should answer 503. */
int web_heavy_enter(void);
void web_heavy_leave(void);
/* A 503 page saying the server is busy, with Retry-After. */
void web_busy(const struct web_request *rq, struct web_response *rs);

/* ---- answers kept for the next reader (cache.c) ---------------------------- */

/* At most max_bytes of answers, least recently used first out; 0: none. */
void web_cache_init(size_t max_bytes);
void web_cache_free(void);
/* The answer kept for `key` made from file `generation` into rs: 1, or 0
 * when there is none. */
int web_cache_get(const char *key, unsigned generation, struct web_response *rs);
/* Keeps a 200 or 404 answer that is whole (not streamed, not a download). */
void web_cache_put(const char *key, unsigned generation, const struct web_response *rs);

/* ---- the person filter of counts and reports (filter.c) ------------------- */

#define WEB_FILTER_VALUES 8   /* alternatives of one filter (GB,US,...) */

struct web_filter {
	pt_filter filter;
	const char *values[5][WEB_FILTER_VALUES];
	char text[5][WEB_ARG_MAX + 1];
	const char *problem;       /* what is wrong with the arguments, or NULL */
};

/* Reads nationality, camp, status (when with_status), event, source and
 * between from the query string into wf->filter (the CLI's filters; commas
 * separate alternatives, but for camp). */
void web_filter_read(const struct web_request *rq, struct web_filter *wf, int with_status);
/* The same arguments again, for links: "nationality=GB&amp;camp=..." */
void web_filter_query(const struct web_request *rq, struct wbuf *q, int with_status);
/* The filter's inputs, for a form (values as given). */
void web_filter_inputs(const struct web_request *rq, struct web_response *rs, int with_status);

/* A query-string value, or NULL when absent; the router has checked that
 * every value is UTF-8 without NUL and within WEB_ARG_MAX. */
const char *web_arg(const struct web_request *rq, const char *name);
/* The value of a positive whole-number argument in [lo, hi]; `fallback`
 * when absent; -1 when present but not such a number. */
long web_arg_number(const struct web_request *rq, const char *name, long fallback, long lo,
		    long hi);

/* Answers a request: the router (router.c) picks the handler by path. */
void web_route(struct web_request *rq, struct web_response *rs);

typedef void web_handler(struct web_request *rq, struct web_response *rs);

/* pages (page_*.c) and the API (api.c) */
web_handler page_search, page_person, page_person_gedcom, page_camp, page_camps;
web_handler page_unaccounted, page_unaccounted_csv, page_count, page_count_svg;
web_handler page_conflicts, page_source, page_health, page_about;
web_handler api_find, api_person, api_camp, api_unaccounted, api_count, api_conflicts,
	api_source;
/* embedded files (assets.c): "/static/NAME" */
web_handler asset_static;

/* ---- the page layout (page.c) ----------------------------------------------- */

/* Starts an HTML page: head, the site's header and navigation, <main>.
 * `title` is text (escaped here). */
void page_begin(const struct web_request *rq, struct web_response *rs, const char *title);
/* Ends <main> and the page. */
void page_end(const struct web_request *rq, struct web_response *rs);
/* A whole page that says what went wrong, with its status. */
void page_error(const struct web_request *rq, struct web_response *rs, int status,
		const char *title, const char *message);
/* An internal link's start: `<a href="BASE/PATH` (PATH is trusted text),
 * the caller adds escaped parts and `">`. */
void page_href(const struct web_request *rq, struct web_response *rs, const char *path);
/* "Kelly, Frank" escaped, or "(no name)"; in <bdi> so that a name written
 * right to left cannot turn the text around it. */
void page_name(struct web_response *rs, const char *surname, const char *given_names);
/* A man's name as every client shows it (render_name_text): a record named
 * only in Cyrillic by that name, with its romanisation beside it. */
void page_man_name(const struct web_request *rq, struct web_response *rs, const char *surname,
		   const char *given_names, const pt_name *names, size_t name_count);
/* The status as a labelled badge. */
void page_status(struct web_response *rs, const char *status);
/* Previous/next links for a list shown a page at a time: `query` holds the
 * list's other arguments (already escaped, "&"-joined, may be ""). */
void page_pager(const struct web_request *rq, struct web_response *rs, const char *path,
		const char *query, long page, long per, int64_t total, int64_t reachable);
/* "1,234" */
void page_number(struct web_response *rs, int64_t n);

/* ---- SVG (map.c) -------------------------------------------------------------- */

/* A map of camps as an inline SVG: every camp of the database with known
 * coordinates as a small dot, the camp `key` larger and named, a graticule
 * of latitude and longitude. */
void map_svg(const struct web_request *rq, struct web_response *rs, const char *key,
	     const char *name, double lat, double lon);

#endif
