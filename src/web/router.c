/*
 * router.c - which handler answers which path. The routes are data: a
 * path, whether it is the whole path or a prefix followed by a key (an id,
 * a camp or source key, which may hold a '/'), and the handler. Anything
 * else is 404.
 */
#include <string.h>

#include "web.h"

static const struct route {
	const char *path;
	int prefix;                 /* the path is followed by a key */
	web_handler *handler;
} routes[] = {
	{ "/", 0, page_search },
	{ "/person/", 1, page_person },
	{ "/camp/", 1, page_camp },
	{ "/camps", 0, page_camps },
	{ "/report/unaccounted", 0, page_unaccounted },
	{ "/report/unaccounted.csv", 0, page_unaccounted_csv },
	{ "/count", 0, page_count },
	{ "/count.svg", 0, page_count_svg },
	{ "/claims/conflicts", 0, page_conflicts },
	{ "/source/", 1, page_source },
	{ "/about", 0, page_about },
	{ "/health", 0, page_health },
	{ "/api/find", 0, api_find },
	{ "/api/person/", 1, api_person },
	{ "/api/camp/", 1, api_camp },
	{ "/api/report/unaccounted", 0, api_unaccounted },
	{ "/api/count", 0, api_count },
	{ "/api/claims/conflicts", 0, api_conflicts },
	{ "/api/source/", 1, api_source },
	{ "/static/", 1, asset_static },
};

void web_route(struct web_request *rq, struct web_response *rs)
{
	for (size_t i = 0; i < sizeof routes / sizeof *routes; i++) {
		const struct route *r = &routes[i];
		size_t n = strlen(r->path);
		if (r->prefix ? strncmp(rq->path, r->path, n) || !rq->path[n]
			      : strcmp(rq->path, r->path))
			continue;
		rq->tail = rq->path + n;
		r->handler(rq, rs);
		return;
	}
	page_error(rq, rs, 404, "Not found", "There is no page at this address.");
}
