/*
 * map.c - a map of a camp drawn as inline SVG from coordinates alone: no
 * tile server, no script. Every camp of the database whose place is known
 * is a small dot (the gazetteer's hundreds of camps draw the shape of
 * Germany and the Soviet Union), the camp itself a larger one with its
 * name, over a graticule of latitude and longitude every 10 degrees.
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "web.h"

#define W 640.0
#define H 400.0
#define PI 3.14159265358979323846

struct frame {
	double west, east, south, north, scale_x, scale_y;
};

static double px(const struct frame *f, double lon)
{
	return (lon - f->west) * f->scale_x;
}

static double py(const struct frame *f, double lat)
{
	return (f->north - lat) * f->scale_y;
}

void map_svg(const struct web_request *rq, struct web_response *rs, const char *key,
	     const char *name, double lat, double lon)
{
	struct wbuf *b = &rs->body;
	pt_camp_query query;
	pt_camp_list *list = NULL;
	struct frame f = { lon - 10, lon + 10, lat - 6, lat + 6, 0, 0 };
	double mid, width, height;

	memset(&query, 0, sizeof query);
	query.with_coordinates = 1;
	if (pt_camp_search(rq->db, &query, &list) == PT_OK) {
		for (size_t i = 0; i < list->count; i++) {
			const pt_camp *c = &list->camps[i];
			if (c->lon < f.west) f.west = c->lon;
			if (c->lon > f.east) f.east = c->lon;
			if (c->lat < f.south) f.south = c->lat;
			if (c->lat > f.north) f.north = c->lat;
		}
	}
	f.west = floor(f.west / 10) * 10 - 2;
	f.east = ceil(f.east / 10) * 10 + 2;
	f.south = floor(f.south / 10) * 10 - 2;
	f.north = ceil(f.north / 10) * 10 + 2;
	if (f.north > 90) f.north = 90;
	if (f.south < -90) f.south = -90;
	/* equirectangular, shrunk east-west by the cosine of the middle latitude */
	mid = (f.north + f.south) / 2;
	width = (f.east - f.west) * cos(mid * PI / 180);
	height = f.north - f.south;
	if (width / height > W / H) {
		f.scale_x = W / (f.east - f.west);
		f.scale_y = f.scale_x / cos(mid * PI / 180);
	} else {
		f.scale_y = H / height;
		f.scale_x = f.scale_y * cos(mid * PI / 180);
	}
	wbuf_printf(b, "<figure class=\"map\">\n<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 "
		    "%.0f %.0f\" role=\"img\" aria-labelledby=\"map-title\" width=\"100%%\">\n"
		    "<title id=\"map-title\">Where ", px(&f, f.east), py(&f, f.south));
	esc_html(b, name);
	wbuf_printf(b, " was: %.3f° %s, %.3f° %s</title>\n", fabs(lat), lat >= 0 ? "N" : "S",
		    fabs(lon), lon >= 0 ? "E" : "W");
	wbuf_printf(b, "<rect width=\"%.1f\" height=\"%.1f\" fill=\"#f4f1ea\"/>\n", px(&f, f.east),
		    py(&f, f.south));
	for (double g = ceil(f.west / 10) * 10; g <= f.east; g += 10)
		wbuf_printf(b, "<line x1=\"%.1f\" y1=\"0\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#d8d2c4\"/>"
			    "<text x=\"%.1f\" y=\"%.1f\" font-size=\"10\" fill=\"#555\">%.0f°%s</text>\n",
			    px(&f, g), px(&f, g), py(&f, f.south), px(&f, g) + 2, py(&f, f.south) - 3,
			    fabs(g), g >= 0 ? "E" : "W");
	for (double g = ceil(f.south / 10) * 10; g <= f.north; g += 10)
		wbuf_printf(b, "<line x1=\"0\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#d8d2c4\"/>"
			    "<text x=\"2\" y=\"%.1f\" font-size=\"10\" fill=\"#555\">%.0f°%s</text>\n",
			    py(&f, g), px(&f, f.east), py(&f, g), py(&f, g) - 2, fabs(g), g >= 0 ? "N" : "S");
	wbuf_puts(b, "<g fill=\"#8a8272\">\n");
	for (size_t i = 0; list && i < list->count; i++) {
		const pt_camp *c = &list->camps[i];
		if (!strcmp(c->key, key))
			continue;
		wbuf_printf(b, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"1.8\"/>\n", px(&f, c->lon), py(&f, c->lat));
	}
	wbuf_printf(b, "</g>\n<circle cx=\"%.1f\" cy=\"%.1f\" r=\"7\" fill=\"#b3261e\" stroke=\"#fff\" "
		    "stroke-width=\"2\"/>\n<text x=\"%.1f\" y=\"%.1f\" font-size=\"14\" font-weight=\"bold\" "
		    "fill=\"#1a1a1a\" stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"%s>",
		    px(&f, lon), py(&f, lat), px(&f, lon) + (px(&f, lon) > W * 0.6 ? -10 : 10),
		    py(&f, lat) + 5, px(&f, lon) > W * 0.6 ? " text-anchor=\"end\"" : "");
	esc_html(b, name);
	wbuf_puts(b, "</text>\n</svg>\n<figcaption>");
	esc_html(b, name);
	wbuf_printf(b, " (large dot) among the %zu camps of this database whose place is known. ",
		    list ? list->count : 0);
	wbuf_printf(b, "Coordinates %.4f, %.4f.</figcaption>\n</figure>\n", lat, lon);
	pt_camp_list_free(list);
}
