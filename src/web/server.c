/*
 * server.c - the website's HTTP server on GNU libmicrohttpd: the listening
 * socket, the pool of worker threads (each with its own read-only database
 * handle, opened when the thread first needs it), the limits that keep slow
 * or many clients from exhausting the workers, the checks every request
 * passes before a handler sees it (GET and HEAD only, a bounded and
 * well-formed query string), and the security headers of every response.
 *
 * When the database file is replaced (a fresh read-only copy moved over
 * it, README.md), the workers notice within a second and reopen it.
 *
 * Before it listens, the server opens one handle per worker and warms each
 * handle's name search (pt_find_warm(), in parallel): a search then never
 * reads a spelling's names from the file in the middle of a request.
 *
 * A worker reads from one snapshot of the file (one read transaction) for
 * up to WEB_SNAPSHOT_SECONDS, request after request, rather than taking and
 * dropping the file's read locks for each page: starting and ending a read
 * transaction costs system calls and a lock shared by all the workers of
 * the process, a quarter of a dossier page's time. Every page is still
 * read and made anew. A thread of the server (the closer) ends a snapshot
 * that a worker has left open longer, so that an idle server holds no read
 * lock that a writer or a checkpoint would wait for.
 */
#include <errno.h>
#include <netdb.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <microhttpd.h>

#include "web.h"

const char *asset_version(void);

/* how long a worker goes on reading one snapshot of the file: a writer's
 * commit is seen at most this much later (and a replaced file within a
 * second, check_file) */
#define WEB_SNAPSHOT_SECONDS 0.1

struct worker;

struct web_server {
	struct MHD_Daemon *daemon;
	int listen_fd;
	char address[80];
	const char *db_path;
	const char *base;          /* the path of --base-url, "" or "/pow" */
	const char *base_url;
	char base_buf[256];
	pthread_key_t worker_key;
	int key_made;
	pthread_mutex_t open_lock; /* pt_db_open() one at a time */
	/* the file the handles read: when the path names another file, reopen */
	atomic_uint generation;
	atomic_llong checked_at;
	dev_t dev;
	ino_t ino;
	/* the handles opened and warmed at start, for the workers' first use */
	pt_db **warm;
	unsigned warm_count, warm_taken;
	size_t warm_names;
	double warm_seconds;
	/* the workers, for the closer, which ends the snapshots they leave open */
	pthread_mutex_t workers_lock;
	pthread_cond_t closer_wake;
	struct worker *workers;
	pthread_t closer;
	int closer_started, closing;
};

/* a worker thread's handle */
struct worker {
	struct web_server *server;
	pt_db *db;
	unsigned generation;
	/* held while the thread uses db; the closer takes it only when free */
	pthread_mutex_t lock;
	int reading;               /* a pt_db_read_begin() kept from request to request */
	double read_since;
	struct worker *next;       /* the server's list (workers_lock) */
};

static double seconds_now(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void snapshot_end(struct worker *w)
{
	if (w->reading) {
		pt_db_read_end(w->db);
		w->reading = 0;
	}
}

static void worker_free(void *p)
{
	struct worker *w = p;
	struct worker **at;
	if (!w)
		return;
	/* off the list first: the closer holds the list while it looks at a worker */
	pthread_mutex_lock(&w->server->workers_lock);
	for (at = &w->server->workers; *at; at = &(*at)->next)
		if (*at == w) {
			*at = w->next;
			break;
		}
	pthread_mutex_unlock(&w->server->workers_lock);
	snapshot_end(w);
	pt_db_free(w->db);
	pthread_mutex_destroy(&w->lock);
	free(w);
}

/* The closer: every WEB_SNAPSHOT_SECONDS, ends the snapshots that idle
 * workers have kept longer than that. */
static void *closer_run(void *arg)
{
	struct web_server *s = arg;

	pthread_mutex_lock(&s->workers_lock);
	while (!s->closing) {
		struct timespec until;
		double now;
		clock_gettime(CLOCK_MONOTONIC, &until);
		until.tv_nsec += (long)(WEB_SNAPSHOT_SECONDS * 1e9);
		if (until.tv_nsec >= 1000000000L) {
			until.tv_sec++;
			until.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&s->closer_wake, &s->workers_lock, &until);
		now = seconds_now();
		for (struct worker *w = s->workers; w; w = w->next)
			if (pthread_mutex_trylock(&w->lock) == 0) {
				if (w->reading && now - w->read_since >= WEB_SNAPSHOT_SECONDS)
					snapshot_end(w);
				pthread_mutex_unlock(&w->lock);
			}
	}
	pthread_mutex_unlock(&s->workers_lock);
	return NULL;
}

static int closer_start(struct web_server *s)
{
	pthread_condattr_t attr;
	int rc;
	if (pthread_condattr_init(&attr))
		return -1;
	rc = pthread_condattr_setclock(&attr, CLOCK_MONOTONIC) ||
	     pthread_cond_init(&s->closer_wake, &attr);
	pthread_condattr_destroy(&attr);
	if (rc)
		return -1;
	s->closer_started = pthread_create(&s->closer, NULL, closer_run, s) == 0;
	if (!s->closer_started)
		pthread_cond_destroy(&s->closer_wake);
	return s->closer_started ? 0 : -1;
}

static void closer_stop(struct web_server *s)
{
	if (!s->closer_started)
		return;
	pthread_mutex_lock(&s->workers_lock);
	s->closing = 1;
	pthread_cond_signal(&s->closer_wake);
	pthread_mutex_unlock(&s->workers_lock);
	pthread_join(s->closer, NULL);
	pthread_cond_destroy(&s->closer_wake);
	s->closer_started = 0;
}

/* Notices, at most once a second, that the path now names another file. */
static void check_file(struct web_server *s)
{
	long long now = (long long)time(NULL), seen = atomic_load(&s->checked_at);
	struct stat st;

	if (now == seen || !atomic_compare_exchange_strong(&s->checked_at, &seen, now))
		return;
	if (stat(s->db_path, &st) != 0)
		return; /* being replaced: keep the handles we have */
	pthread_mutex_lock(&s->open_lock);
	if (st.st_dev != s->dev || st.st_ino != s->ino) {
		s->dev = st.st_dev;
		s->ino = st.st_ino;
		atomic_fetch_add(&s->generation, 1);
	}
	pthread_mutex_unlock(&s->open_lock);
}

/* This thread's worker, held (worker_leave) until the request is done with
 * its handle, w->db: opened read-only on first use, and again when the file
 * was replaced (the old one is kept if the new will not open); NULL when out
 * of memory. The handle reads the worker's snapshot, begun anew when it is
 * older than WEB_SNAPSHOT_SECONDS. */
static struct worker *worker_enter(struct web_server *s, unsigned *generation_out)
{
	struct worker *w = pthread_getspecific(s->worker_key);
	unsigned generation;
	pt_db *db = NULL;

	if (!w) {
		if (!(w = calloc(1, sizeof *w)))
			return NULL;
		w->server = s;
		if (pthread_mutex_init(&w->lock, NULL)) {
			free(w);
			return NULL;
		}
		if (pthread_setspecific(s->worker_key, w)) {
			pthread_mutex_destroy(&w->lock);
			free(w);
			return NULL;
		}
		pthread_mutex_lock(&s->workers_lock);
		w->next = s->workers;
		s->workers = w;
		pthread_mutex_unlock(&s->workers_lock);
	}
	pthread_mutex_lock(&w->lock);
	check_file(s);
	generation = atomic_load(&s->generation);
	if (w->db && w->generation == generation)
		goto snapshot;
	snapshot_end(w);
	pthread_mutex_lock(&s->open_lock);
	if (generation == 0 && s->warm_taken < s->warm_count) {
		/* one of the handles warmed at start (the file is the same) */
		db = s->warm[s->warm_taken];
		s->warm[s->warm_taken++] = NULL;
		pt_db_free(w->db);
		w->db = db;
		w->generation = generation;
		db = NULL;
	} else if (pt_db_open(&db, s->db_path, PT_OPEN_READONLY) != PT_OK) {
		pt_db_free(db);
		db = NULL;
	}
	pthread_mutex_unlock(&s->open_lock);
	if (db) {
		/* a new file: this worker reads its names once, now, rather than
		 * spelling by spelling in the searches to come */
		(void)pt_find_warm(db, NULL);
		pt_db_free(w->db);
		w->db = db;
		w->generation = generation;
	}
snapshot:
	if (w->db) {
		double now = seconds_now();
		if (w->reading && now - w->read_since >= WEB_SNAPSHOT_SECONDS)
			snapshot_end(w);
		if (!w->reading && pt_db_read_begin(w->db) == PT_OK) {
			w->reading = 1;
			w->read_since = now;
		}
	}
	*generation_out = w->generation;
	return w;
}

static void worker_leave(struct worker *w)
{
	if (w)
		pthread_mutex_unlock(&w->lock);
}

/* ---- the handles warmed at start ---------------------------------------- */

struct warm_job {
	pt_db *db;
	size_t names;
	pthread_t thread;
	int started;
};

static void *warm_one(void *arg)
{
	struct warm_job *j = arg;
	if (pt_find_warm(j->db, &j->names) != PT_OK)
		j->names = 0;   /* what it read is kept; the searches read the rest */
	return NULL;
}

/* Opens `count` handles and warms their name search, each in a thread of
 * its own. A handle that will not open or warm is not fatal: the worker
 * opens its own, as before. */
static void warm_handles(struct web_server *s, unsigned count)
{
	struct warm_job *jobs = calloc(count, sizeof *jobs);
	double start = seconds_now();

	if (!jobs || !(s->warm = calloc(count, sizeof *s->warm))) {
		free(jobs);
		return;
	}
	for (unsigned i = 0; i < count; i++) {
		if (pt_db_open(&jobs[i].db, s->db_path, PT_OPEN_READONLY) != PT_OK) {
			pt_db_free(jobs[i].db);
			jobs[i].db = NULL;
			continue;
		}
		jobs[i].started = pthread_create(&jobs[i].thread, NULL, warm_one, &jobs[i]) == 0;
		if (!jobs[i].started)
			warm_one(&jobs[i]);
	}
	for (unsigned i = 0; i < count; i++) {
		if (jobs[i].started)
			pthread_join(jobs[i].thread, NULL);
		if (jobs[i].db) {
			s->warm[s->warm_count++] = jobs[i].db;
			s->warm_names += jobs[i].names;
		}
	}
	free(jobs);
	s->warm_seconds = seconds_now() - start;
}

void web_warmed(const struct web_server *s, unsigned *handles, size_t *names, double *seconds)
{
	*handles = s->warm_count;
	*names = s->warm_names;
	*seconds = s->warm_seconds;
}

/* ---- heavy answers take turns ------------------------------------------- */

static atomic_int heavy_now;
static int heavy_max = 1;

int web_heavy_enter(void)
{
	if (atomic_fetch_add(&heavy_now, 1) >= heavy_max) {
		atomic_fetch_sub(&heavy_now, 1);
		return -1;
	}
	return 0;
}

void web_heavy_leave(void)
{
	atomic_fetch_sub(&heavy_now, 1);
}

void web_busy(const struct web_request *rq, struct web_response *rs)
{
	page_error(rq, rs, MHD_HTTP_SERVICE_UNAVAILABLE, "Busy",
		   "The server is answering other long questions just now. Try again in a few "
		   "seconds.");
}

/* ---- requests -------------------------------------------------------------- */

struct args_check {
	unsigned count;
	int bad;
};

static enum MHD_Result check_arg(void *cls, enum MHD_ValueKind kind, const char *key,
				 size_t key_size, const char *value, size_t value_size)
{
	struct args_check *c = cls;
	(void)kind;
	if (++c->count > WEB_ARGS_MAX || key_size > 64 || value_size > WEB_ARG_MAX ||
	    !utf8_valid(key, key_size) || (value && !utf8_valid(value, value_size))) {
		c->bad = 1;
		return MHD_NO;
	}
	return MHD_YES;
}

/* the cache's key: the path and the arguments as they came */
static enum MHD_Result key_arg(void *cls, enum MHD_ValueKind kind, const char *key,
			       size_t key_size, const char *value, size_t value_size)
{
	struct wbuf *b = cls;
	(void)kind;
	wbuf_add(b, "\n", 1);
	wbuf_add(b, key, key_size);
	wbuf_add(b, "=", 1);
	if (value)
		wbuf_add(b, value, value_size);
	return MHD_YES;
}

const char *web_arg(const struct web_request *rq, const char *name)
{
	return MHD_lookup_connection_value(rq->connection, MHD_GET_ARGUMENT_KIND, name);
}

long web_arg_number(const struct web_request *rq, const char *name, long fallback, long lo,
		    long hi)
{
	const char *v = web_arg(rq, name);
	long n = 0;
	if (!v || !*v)
		return fallback;
	for (const char *p = v; *p; p++) {
		if (*p < '0' || *p > '9' || n > hi)
			return -1;
		n = n * 10 + (*p - '0');
	}
	return n < lo || n > hi ? -1 : n;
}

static void add_headers(struct MHD_Response *r, const struct web_response *rs)
{
	MHD_add_response_header(r, "Content-Type", rs->type ? rs->type : "text/html; charset=utf-8");
	MHD_add_response_header(r, "Content-Security-Policy", rs->image
		? "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'"
		: "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; "
		  "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
	MHD_add_response_header(r, "X-Content-Type-Options", "nosniff");
	MHD_add_response_header(r, "Referrer-Policy", "no-referrer");
	MHD_add_response_header(r, "X-Frame-Options", "DENY");
	MHD_add_response_header(r, "Cross-Origin-Opener-Policy", "same-origin");
	MHD_add_response_header(r, "Cross-Origin-Resource-Policy", "same-origin");
	MHD_add_response_header(r, "Permissions-Policy",
				"camera=(), microphone=(), geolocation=(), interest-cohort=()");
	MHD_add_response_header(r, "Cache-Control", rs->cache ? rs->cache : "no-cache");
	if (rs->disposition[0])
		MHD_add_response_header(r, "Content-Disposition", rs->disposition);
	if (rs->allow)
		MHD_add_response_header(r, "Allow", rs->allow);
	if (rs->location[0])
		MHD_add_response_header(r, "Location", rs->location);
	if (rs->total[0])
		MHD_add_response_header(r, "X-Total-Count", rs->total);
	if (rs->status == MHD_HTTP_SERVICE_UNAVAILABLE)
		MHD_add_response_header(r, "Retry-After", "5");
	if (rs->cache_state)
		MHD_add_response_header(r, "X-Cache", rs->cache_state);
}

/* a body written a part at a time (struct web_response's next) */
struct stream {
	struct web_server *server;
	int (*next)(void *state, pt_db *db, struct wbuf *out);
	void *state;
	void (*state_free)(void *state);
	struct wbuf part;
	size_t offset;
	int done;
};

static ssize_t stream_read(void *cls, uint64_t pos, char *buf, size_t max)
{
	struct stream *st = cls;
	size_t n;
	(void)pos;
	while (st->offset == st->part.len) {
		pt_db *db;
		int rc;
		if (st->done)
			return MHD_CONTENT_READER_END_OF_STREAM;
		st->part.len = 0;
		st->offset = 0;
		{
			unsigned generation;
			struct worker *w = worker_enter(st->server, &generation);
			db = w ? w->db : NULL;
			rc = db ? st->next(st->state, db, &st->part) : -1;
			worker_leave(w);
		}
		if (rc < 0 || st->part.failed)
			return MHD_CONTENT_READER_END_WITH_ERROR;
		st->done = rc == 0;
	}
	n = st->part.len - st->offset;
	if (n > max)
		n = max;
	memcpy(buf, st->part.data + st->offset, n);
	st->offset += n;
	return (ssize_t)n;
}

static void stream_free(void *cls)
{
	struct stream *st = cls;
	if (st->state_free)
		st->state_free(st->state);
	wbuf_release(&st->part);
	free(st);
}

static enum MHD_Result answer(struct web_server *s, struct MHD_Connection *c,
			      struct web_response *rs)
{
	struct MHD_Response *r;
	enum MHD_Result ret;

	if (rs->body.failed) {
		/* out of memory or past the cap: no half page */
		if (rs->state_free)
			rs->state_free(rs->state);
		rs->next = NULL;
		rs->state = NULL;
		rs->state_free = NULL;
		wbuf_release(&rs->body);
		wbuf_init(&rs->body, 4096);
		rs->status = MHD_HTTP_INTERNAL_SERVER_ERROR;
		rs->type = "text/plain; charset=utf-8";
		rs->disposition[0] = '\0';
		wbuf_puts(&rs->body, "The answer was too large or the server ran out of memory.\n");
	}
	if (rs->next && !rs->body.failed) {
		struct stream *st = calloc(1, sizeof *st);
		if (!st) {
			if (rs->state_free)
				rs->state_free(rs->state);
			wbuf_release(&rs->body);
			return MHD_NO;
		}
		st->server = s;
		st->next = rs->next;
		st->state = rs->state;
		st->state_free = rs->state_free;
		st->part = rs->body;      /* the first part */
		st->part.max = WEB_BODY_MAX;
		memset(&rs->body, 0, sizeof rs->body);
		r = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 64 * 1024, stream_read, st,
						      stream_free);
		if (!r) {
			stream_free(st);
			return MHD_NO;
		}
	} else {
		if (rs->state_free)
			rs->state_free(rs->state);
		if (rs->body.len)
			r = MHD_create_response_from_buffer(rs->body.len, rs->body.data,
							    MHD_RESPMEM_MUST_FREE);
		else
			r = MHD_create_response_from_buffer(0, (void *)"", MHD_RESPMEM_PERSISTENT);
		if (!r) {
			wbuf_release(&rs->body);
			return MHD_NO;
		}
		if (rs->body.len)
			rs->body.data = NULL; /* MHD frees it */
	}
	add_headers(r, rs);
	ret = MHD_queue_response(c, (unsigned)rs->status, r);
	MHD_destroy_response(r);
	wbuf_release(&rs->body);
	return ret;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c, const char *url,
			      const char *method, const char *version, const char *upload_data,
			      size_t *upload_data_size, void **con_cls)
{
	static int marker;
	struct web_server *s = cls;
	struct web_request rq;
	struct web_response rs;
	struct args_check check = { 0, 0 };

	(void)version;
	(void)upload_data;
	/* a GET or HEAD is answered on the second call, once the whole request
	 * is in: answered on the first, libmicrohttpd closes the connection
	 * (it cannot know that no body follows), and keep-alive is lost */
	if (!*con_cls && (!strcmp(method, MHD_HTTP_METHOD_GET) || !strcmp(method, MHD_HTTP_METHOD_HEAD))) {
		*con_cls = &marker;
		return MHD_YES;
	}
	*con_cls = &marker;
	if (*upload_data_size) {
		*upload_data_size = 0; /* a body with a GET: read and ignored */
		return MHD_YES;
	}
	memset(&rq, 0, sizeof rq);
	memset(&rs, 0, sizeof rs);
	wbuf_init(&rs.body, WEB_BODY_MAX);
	rs.status = MHD_HTTP_OK;
	rq.path = url;
	rq.connection = c;
	rq.base = s->base;
	rq.base_url = s->base_url;

	if (strcmp(method, MHD_HTTP_METHOD_GET) && strcmp(method, MHD_HTTP_METHOD_HEAD)) {
		rs.allow = "GET, HEAD";
		page_error(&rq, &rs, MHD_HTTP_METHOD_NOT_ALLOWED, "Method not allowed",
			   "This site only reads: it answers GET and HEAD requests.");
		return answer(s, c, &rs);
	}
	MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, check_arg, &check);
	if (check.bad || !utf8_valid(url, strlen(url))) {
		page_error(&rq, &rs, MHD_HTTP_BAD_REQUEST, "Bad request",
			   "The address is too long, has too many parts, or is not UTF-8.");
		return answer(s, c, &rs);
	}
	if (strcmp(url, "/health") && strncmp(url, "/static/", 8)) {
		struct wbuf key;
		unsigned generation = 0;
		enum MHD_Result ret;
		struct worker *w = worker_enter(s, &generation);
		rq.db = w ? w->db : NULL;
		rq.generation = generation;
		if (!rq.db) {
			worker_leave(w);
			page_error(&rq, &rs, MHD_HTTP_SERVICE_UNAVAILABLE, "Not available",
				   "The database cannot be read just now. Try again in a moment.");
			return answer(s, c, &rs);
		}
		wbuf_init(&key, 64 * 1024);
		wbuf_puts(&key, url);
		MHD_get_connection_values_n(c, MHD_GET_ARGUMENT_KIND, key_arg, &key);
		if (!key.failed && web_cache_get(key.data, generation, &rs)) {
			rs.cache_state = "hit";
		} else {
			web_route(&rq, &rs);
			if (!key.failed)
				web_cache_put(key.data, generation, &rs);
			rs.cache_state = "miss";
		}
		worker_leave(w);
		ret = answer(s, c, &rs);
		wbuf_release(&key);
		return ret;
	}
	web_route(&rq, &rs);
	return answer(s, c, &rs);
}

/* ---- the listening socket ------------------------------------------------ */

/* "127.0.0.1:8080", "[::1]:8080", "localhost:0" into host and port. */
static int split_listen(const char *spec, char *host, size_t hsize, char *port, size_t psize)
{
	const char *colon;
	size_t hlen;

	if (spec[0] == '[') {
		const char *close = strchr(spec, ']');
		if (!close || close[1] != ':')
			return -1;
		hlen = (size_t)(close - spec - 1);
		spec++;
		colon = close + 1;
	} else {
		colon = strrchr(spec, ':');
		if (!colon || memchr(spec, ':', (size_t)(colon - spec)))
			return -1;
		hlen = (size_t)(colon - spec);
	}
	if (!hlen || hlen >= hsize || !colon[1] || strlen(colon + 1) > 5 || strlen(colon + 1) >= psize)
		return -1;
	for (const char *p = colon + 1; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	if (atol(colon + 1) > 65535)
		return -1;
	memcpy(host, spec, hlen);
	host[hlen] = '\0';
	memcpy(port, colon + 1, strlen(colon + 1) + 1);
	return 0;
}

static int open_socket(struct web_server *s, const char *spec, int *v6, char *err, size_t size)
{
	char host[64], port[8], shown[64];
	struct addrinfo hints, *res = NULL;
	struct sockaddr_storage bound;
	socklen_t len = sizeof bound;
	int fd, on = 1, rc;

	if (split_listen(spec, host, sizeof host, port, sizeof port)) {
		snprintf(err, size, "--listen '%s': give ADDRESS:PORT (127.0.0.1:8080, [::1]:8080, "
			 "0.0.0.0:80; port 0 for any free one)", spec);
		return -2;
	}
	memset(&hints, 0, sizeof hints);
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
	if ((rc = getaddrinfo(host, port, &hints, &res)) != 0) {
		snprintf(err, size, "cannot listen on %s: %s", spec, gai_strerror(rc));
		return -1;
	}
	fd = socket(res->ai_family, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on) ||
	    bind(fd, res->ai_addr, res->ai_addrlen) || listen(fd, 128) ||
	    getsockname(fd, (struct sockaddr *)&bound, &len)) {
		snprintf(err, size, "cannot listen on %s: %s", spec, strerror(errno));
		if (fd >= 0)
			close(fd);
		freeaddrinfo(res);
		return -1;
	}
	*v6 = res->ai_family == AF_INET6;
	freeaddrinfo(res);
	if (getnameinfo((struct sockaddr *)&bound, len, shown, sizeof shown, port, sizeof port,
			NI_NUMERICHOST | NI_NUMERICSERV))
		snprintf(shown, sizeof shown, "%s", host);
	snprintf(s->address, sizeof s->address, *v6 ? "[%s]:%s" : "%s:%s", shown, port);
	s->listen_fd = fd;
	return 0;
}

/* The path part of --base-url: "https://example.org/pow/" gives "/pow". */
static int base_path(struct web_server *s, const char *url, char *err, size_t size)
{
	const char *p;
	size_t n;

	s->base = "";
	if (!url)
		return 0;
	if ((strncmp(url, "http://", 7) && strncmp(url, "https://", 8)) || strlen(url) > 200 ||
	    strpbrk(url, "\"'<>\\ `{}|^") || !utf8_valid(url, strlen(url))) {
		snprintf(err, size, "--base-url '%s': give the site's address as readers reach it, "
			 "http:// or https://, at most 200 characters", url);
		return -2;
	}
	for (const char *q = url; *q; q++)
		if ((unsigned char)*q < 0x20 || (unsigned char)*q == 0x7f) {
			snprintf(err, size, "--base-url: control characters are not allowed");
			return -2;
		}
	p = strchr(url + (url[4] == 's' ? 8 : 7), '/');
	n = p ? strlen(p) : 0;
	while (n && p[n - 1] == '/')
		n--;
	if (strchr(p ? p : "", '?') || strchr(p ? p : "", '#')) {
		snprintf(err, size, "--base-url '%s': no query or fragment", url);
		return -2;
	}
	snprintf(s->base_buf, sizeof s->base_buf, "%.*s", (int)n, p ? p : "");
	s->base = s->base_buf;
	s->base_url = url;
	return 0;
}

int web_start(const struct web_config *cfg, struct web_server **out, char *err, size_t size)
{
	struct web_server *s;
	struct stat st;
	pt_db *db = NULL;
	int v6 = 0, rc;
	unsigned flags;

	*out = NULL;
	if (!(s = calloc(1, sizeof *s))) {
		snprintf(err, size, "out of memory");
		return -1;
	}
	s->listen_fd = -1;
	s->db_path = cfg->db_path;
	pthread_mutex_init(&s->open_lock, NULL);
	pthread_mutex_init(&s->workers_lock, NULL);
	if ((rc = base_path(s, cfg->base_url, err, size)))
		goto fail;
	{
		char host[64], port[8];
		if (split_listen(cfg->listen, host, sizeof host, port, sizeof port)) {
			snprintf(err, size, "--listen '%s': give ADDRESS:PORT (127.0.0.1:8080, "
				 "[::1]:8080, 0.0.0.0:80; port 0 for any free one)", cfg->listen);
			rc = -2;
			goto fail;
		}
	}
	/* the file must be a powtrace database: never created, never migrated */
	if (stat(cfg->db_path, &st) != 0) {
		snprintf(err, size, "%s: no database here (%s)", cfg->db_path, strerror(errno));
		rc = -1;
		goto fail;
	}
	if (!S_ISREG(st.st_mode)) {
		snprintf(err, size, "%s: not a powtrace database (not a file)", cfg->db_path);
		rc = -1;
		goto fail;
	}
	if (pt_db_open(&db, cfg->db_path, PT_OPEN_READONLY) != PT_OK) {
		snprintf(err, size, "%s", pt_db_errmsg(db));
		pt_db_free(db);
		rc = -1;
		goto fail;
	}
	pt_db_free(db);
	s->dev = st.st_dev;
	s->ino = st.st_ino;
	if (pthread_key_create(&s->worker_key, worker_free)) {
		snprintf(err, size, "cannot start the workers");
		rc = -1;
		goto fail;
	}
	s->key_made = 1;
	asset_version(); /* computed once, before the workers read it */
	web_cache_init(cfg->cache_bytes);
	heavy_max = cfg->threads > 2 ? (int)cfg->threads / 2 : 1;
	if ((rc = open_socket(s, cfg->listen, &v6, err, size)))
		goto fail;
	if (cfg->warming)
		cfg->warming(cfg->threads);
	warm_handles(s, cfg->threads);
	if (closer_start(s)) {
		snprintf(err, size, "cannot start the workers");
		rc = -1;
		goto fail;
	}
	flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | (v6 ? MHD_USE_IPv6 : 0);
	s->daemon = MHD_start_daemon(flags, 0, NULL, NULL, handle, s,
		MHD_OPTION_LISTEN_SOCKET, s->listen_fd,
		MHD_OPTION_THREAD_POOL_SIZE, cfg->threads,
		MHD_OPTION_CONNECTION_LIMIT, cfg->connection_limit,
		MHD_OPTION_PER_IP_CONNECTION_LIMIT, cfg->per_ip_limit,
		MHD_OPTION_CONNECTION_TIMEOUT, cfg->timeout,
		MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)32768,
		MHD_OPTION_LISTEN_BACKLOG_SIZE, 512u,
		MHD_OPTION_END);
	if (!s->daemon) {
		snprintf(err, size, "cannot start the server on %s", s->address);
		rc = -1;
		goto fail;
	}
	s->listen_fd = -1; /* the daemon closes it when it stops */
	*out = s;
	return 0;
fail:
	web_stop(s);
	return rc;
}

const char *web_address(const struct web_server *s)
{
	return s->address;
}

void web_stop(struct web_server *s)
{
	if (!s)
		return;
	if (s->daemon)
		MHD_stop_daemon(s->daemon); /* joins the workers: their handles close */
	if (s->listen_fd >= 0)
		close(s->listen_fd);
	closer_stop(s);
	if (s->key_made) {
		worker_free(pthread_getspecific(s->worker_key));
		pthread_key_delete(s->worker_key);
		web_cache_free();
	}
	for (unsigned i = 0; s->warm && i < s->warm_count; i++)
		pt_db_free(s->warm[i]);   /* (NULL: a worker took it) */
	free(s->warm);
	pthread_mutex_destroy(&s->open_lock);
	pthread_mutex_destroy(&s->workers_lock);
	free(s);
}
