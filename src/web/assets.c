/*
 * assets.c - "/static/NAME": the stylesheet and the small script, built
 * into the binary (tools/embed_data.c), never read from the file system.
 * Their URLs carry a version (a hash of the content), so browsers may keep
 * them for a day.
 */
#include <stdio.h>
#include <string.h>

#include "web.h"

extern const char web__style_css[], web__app_js[];
extern const size_t web__style_css_len, web__app_js_len;

const char *asset_version(void);

static const struct asset {
	const char *name, *type;
	const char *data;
	const size_t *len;
} assets[] = {
	{ "style.css", "text/css; charset=utf-8", web__style_css, &web__style_css_len },
	{ "app.js", "text/javascript; charset=utf-8", web__app_js, &web__app_js_len },
};

/* FNV-1a of both files: changes when either does */
const char *asset_version(void)
{
	static char version[17];
	static int done;
	if (!done) {
		unsigned long long h = 1469598103934665603ULL;
		for (size_t a = 0; a < sizeof assets / sizeof *assets; a++)
			for (size_t i = 0; i < *assets[a].len; i++)
				h = (h ^ (unsigned char)assets[a].data[i]) * 1099511628211ULL;
		snprintf(version, sizeof version, "%016llx", h);
		done = 1;
	}
	return version;
}

void asset_static(struct web_request *rq, struct web_response *rs)
{
	for (size_t a = 0; a < sizeof assets / sizeof *assets; a++)
		if (!strcmp(rq->tail, assets[a].name)) {
			rs->type = assets[a].type;
			rs->cache = "public, max-age=86400";
			wbuf_add(&rs->body, assets[a].data, *assets[a].len);
			return;
		}
	page_error(rq, rs, 404, "Not found", "There is no such file.");
}
