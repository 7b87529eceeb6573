/*
 * svg.c - draws a count as a standalone SVG bar chart: one horizontal bar
 * per value of the first field, stacked by the values of the second, with a
 * title, axis labels, ticks, a legend and the number at the end of each bar.
 * Returns the document as a string; it never writes anywhere.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "reports/reports.h"

#define WIDTH        960
#define BAR_HEIGHT   18
#define BAR_GAP      8
#define MAX_BARS     60
#define MAX_COLOURS  10     /* stacked: colours for the largest values, grey for the rest */
#define LABEL_CHARS  40
#define CHAR_WIDTH   7      /* average width of a 12px sans-serif character */

static const char *const palette[MAX_COLOURS] = {
	"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f",
	"#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac",
};
#define OTHER_COLOUR "#d4d4d4"

struct segment {
	size_t series;     /* index into the series (legend) */
	int64_t count;
	int rank;          /* its place in the legend: segments are drawn in that order */
};

static int compare_segments(const void *pa, const void *pb)
{
	const struct segment *a = pa, *b = pb;
	return (a->rank > b->rank) - (a->rank < b->rank);
}

struct bar {
	const char *label; /* NULL: the persons without a value */
	char *owned;       /* the label of a merged bar */
	int64_t total;
	struct segment *segments;
	size_t segment_count;
	size_t first_row;
};

struct series {
	const char *label;
	int64_t total;
	int colour;        /* index into palette, or -1 for "other" */
};

/* Writes text with XML's special characters escaped; at most max_chars code
 * points (0: no limit), ending in an ellipsis when cut. */
static void put_text(pt__buf *b, const char *s, size_t max_chars)
{
	size_t chars = 0;
	if (!s)
		s = "(none)";
	for (; *s; s++) {
		if (((unsigned char)*s & 0xc0) != 0x80) {
			if (max_chars && chars == max_chars) {
				pt__buf_puts(b, "\xe2\x80\xa6");
				return;
			}
			chars++;
		}
		switch (*s) {
		case '&': pt__buf_puts(b, "&amp;"); break;
		case '<': pt__buf_puts(b, "&lt;"); break;
		case '>': pt__buf_puts(b, "&gt;"); break;
		case '"': pt__buf_puts(b, "&quot;"); break;
		case '\'': pt__buf_puts(b, "&apos;"); break;
		default:
			if ((unsigned char)*s < 0x20)
				pt__buf_putc(b, ' ');
			else
				pt__buf_putc(b, *s);
		}
	}
}

static size_t text_chars(const char *s)
{
	size_t n = 0;
	for (s = s ? s : "(none)"; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

static int same_value(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* 1, 2 or 5 times a power of ten, at least max/5 (and at least 1) */
static int64_t tick_step(int64_t max)
{
	double raw = max / 5.0, magnitude;
	if (raw <= 1)
		return 1;
	magnitude = pow(10, floor(log10(raw)));
	if (raw <= magnitude)
		return (int64_t)magnitude;
	if (raw <= 2 * magnitude)
		return (int64_t)(2 * magnitude);
	if (raw <= 5 * magnitude)
		return (int64_t)(5 * magnitude);
	return (int64_t)(10 * magnitude);
}

/* "12,345" */
static void put_number(pt__buf *b, int64_t n)
{
	char digits[32];
	int len = snprintf(digits, sizeof digits, "%lld", (long long)n);
	for (int i = 0; i < len; i++) {
		if (i && digits[i] != '-' && (len - i) % 3 == 0 && digits[i - 1] != '-')
			pt__buf_putc(b, ',');
		pt__buf_putc(b, digits[i]);
	}
}

/* Are the rows in the order of their first values (the count was sorted by
 * value)? Then the bars keep that order; else the longest bar comes first. */
static int sorted_by_value(const pt_count *count)
{
	for (size_t r = 1; r < count->row_count; r++) {
		const char *a = count->rows[r - 1].values[0], *b = count->rows[r].values[0];
		if (!a && b)
			return 0;
		if (a && b && strcmp(a, b) > 0)
			return 0;
	}
	return 1;
}

static int compare_bars(const void *pa, const void *pb)
{
	const struct bar *a = pa, *b = pb;
	if (a->total != b->total)
		return a->total > b->total ? -1 : 1;
	return a->first_row < b->first_row ? -1 : a->first_row > b->first_row;
}

static int compare_series(const void *pa, const void *pb)
{
	const struct series *a = pa, *b = pb;
	if (a->total != b->total)
		return a->total > b->total ? -1 : 1;
	if (!a->label || !b->label)
		return a->label ? -1 : b->label ? 1 : 0;
	return strcmp(a->label, b->label);
}

struct chart {
	struct bar *bars;
	size_t bar_count;
	struct series *series;
	size_t series_count;
};

static void chart_release(struct chart *c)
{
	for (size_t i = 0; i < c->bar_count; i++) {
		free(c->bars[i].segments);
		free(c->bars[i].owned);
	}
	free(c->bars);
	free(c->series);
}

static size_t find_series(const struct chart *c, const char *label)
{
	for (size_t i = 0; i < c->series_count; i++)
		if (same_value(c->series[i].label, label))
			return i;
	return (size_t)-1;
}

/* Groups the rows into bars (first field) and series (second field). */
static int build(const pt_count *count, struct chart *c)
{
	int stacked = count->field_count == 2;

	c->bars = calloc(count->row_count + 1, sizeof *c->bars);
	c->series = calloc(count->row_count + 1, sizeof *c->series);
	if (!c->bars || !c->series)
		return PT_ENOMEM;
	for (size_t r = 0; r < count->row_count; r++) {
		const pt_count_row *row = &count->rows[r];
		struct bar *bar = NULL;
		size_t series = 0;
		for (size_t i = 0; i < c->bar_count && !bar; i++)
			if (same_value(c->bars[i].label, row->values[0]))
				bar = &c->bars[i];
		if (!bar) {
			bar = &c->bars[c->bar_count++];
			bar->label = row->values[0];
			bar->first_row = r;
		}
		if (stacked) {
			series = find_series(c, row->values[1]);
			if (series == (size_t)-1) {
				series = c->series_count++;
				c->series[series].label = row->values[1];
			}
			c->series[series].total += row->count;
		}
		{
			struct segment *grown = realloc(bar->segments,
				(bar->segment_count + 1) * sizeof *grown);
			if (!grown)
				return PT_ENOMEM;
			bar->segments = grown;
			grown[bar->segment_count].series = series;
			grown[bar->segment_count].count = row->count;
			grown[bar->segment_count].rank = 0;
			bar->segment_count++;
		}
		bar->total += row->count;
	}
	if (!sorted_by_value(count))
		qsort(c->bars, c->bar_count, sizeof *c->bars, compare_bars);
	return PT_OK;
}

/* Merges the bars beyond MAX_BARS into one. */
static int merge_tail(struct chart *c)
{
	struct bar *last;
	pt__buf label = PT__BUF_INIT;

	if (c->bar_count <= MAX_BARS)
		return PT_OK;
	last = &c->bars[MAX_BARS - 1];
	pt__buf_printf(&label, "(%zu more values)", c->bar_count - MAX_BARS + 1);
	for (size_t i = MAX_BARS; i < c->bar_count; i++) {
		struct bar *b = &c->bars[i];
		struct segment *grown = realloc(last->segments,
			(last->segment_count + b->segment_count) * sizeof *grown);
		if (!grown) {
			pt__buf_release(&label);
			return PT_ENOMEM;
		}
		last->segments = grown;
		memcpy(grown + last->segment_count, b->segments, b->segment_count * sizeof *grown);
		last->segment_count += b->segment_count;
		last->total += b->total;
		free(b->segments);
		b->segments = NULL;
	}
	c->bar_count = MAX_BARS;
	/* one segment per series in the merged bar */
	{
		size_t series = c->series_count ? c->series_count : 1, n = 0;
		int64_t *sums = calloc(series, sizeof *sums);
		if (!sums) {
			pt__buf_release(&label);
			return PT_ENOMEM;
		}
		for (size_t k = 0; k < last->segment_count; k++)
			sums[last->segments[k].series] += last->segments[k].count;
		for (size_t k = 0; k < series; k++)
			if (sums[k]) {
				last->segments[n].series = k;
				last->segments[n].count = sums[k];
				last->segments[n++].rank = 0;
			}
		last->segment_count = n;
		free(sums);
	}
	free(last->owned);
	last->owned = pt__buf_detach(&label);
	last->label = last->owned ? last->owned : "(more values)";
	return PT_OK;
}

/* Gives the largest series their colours; the rest share "other". Returns
 * the number of legend entries. */
static size_t colour_series(struct chart *c, size_t *order)
{
	struct series *sorted = malloc((c->series_count + 1) * sizeof *sorted);
	size_t entries = 0;

	if (!sorted)
		return 0;
	memcpy(sorted, c->series, c->series_count * sizeof *sorted);
	qsort(sorted, c->series_count, sizeof *sorted, compare_series);
	for (size_t k = 0; k < c->series_count; k++) {
		size_t i = find_series(c, sorted[k].label);
		int fits = c->series_count <= MAX_COLOURS || k < MAX_COLOURS - 1;
		c->series[i].colour = fits ? (int)k : -1;
		if (fits)
			order[entries++] = i;
	}
	free(sorted);
	return entries;
}

static void put_rect(pt__buf *b, double x, double y, double w, double h, const char *fill)
{
	pt__buf_printf(b, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
		       "fill=\"%s\"", x, y, w, h, fill);
}

/* Where things go: worked out from the bars before anything is drawn. */
struct frame {
	int stacked;
	size_t *legend, legend_count;   /* the series that have a colour, in legend order */
	double left, plot_width, top, height, legend_height, x_scale;
	int64_t step, axis_max;
};

/* Colours the series of a stacked chart and orders each bar's segments by
 * them; then measures the labels and the largest bar. */
static int measure(struct chart *c, const char *subtitle, struct frame *f)
{
	size_t label_chars = 4;
	int64_t max = 0;

	if (!(f->legend = calloc(c->series_count + 1, sizeof *f->legend)))
		return PT_ENOMEM;
	if (f->stacked) {
		f->legend_count = colour_series(c, f->legend);
		for (size_t i = 0; i < c->bar_count; i++) {
			struct bar *bar = &c->bars[i];
			for (size_t k = 0; k < bar->segment_count; k++) {
				int colour = c->series[bar->segments[k].series].colour;
				bar->segments[k].rank = colour >= 0 ? colour : MAX_COLOURS;
			}
			qsort(bar->segments, bar->segment_count, sizeof *bar->segments,
			      compare_segments);
		}
	}
	for (size_t i = 0; i < c->bar_count; i++) {
		size_t n = text_chars(c->bars[i].label);
		if (n > label_chars)
			label_chars = n;
		if (c->bars[i].total > max)
			max = c->bars[i].total;
	}
	if (label_chars > LABEL_CHARS)
		label_chars = LABEL_CHARS + 1;
	f->left = 48 + (double)label_chars * CHAR_WIDTH;
	f->plot_width = WIDTH - f->left - 80;
	f->step = tick_step(max);
	f->axis_max = max ? ((max + f->step - 1) / f->step) * f->step : f->step;
	f->x_scale = f->plot_width / (double)f->axis_max;
	f->top = subtitle && *subtitle ? 72 : 56;
	if (f->stacked) {
		/* legend items of up to 24 characters, as many to a line as fit */
		size_t per_line = (size_t)((WIDTH - 40) / 200);
		size_t extra = f->legend_count < c->series_count ? 1 : 0;
		f->legend_height = 22.0 * (double)((f->legend_count + extra + per_line - 1) / per_line)
				   + 22;
	}
	f->height = f->top + f->legend_height + (double)c->bar_count * (BAR_HEIGHT + BAR_GAP) + 70;
	return PT_OK;
}

static void draw_heading(pt__buf *b, const struct frame *f, const char *title,
			 const char *subtitle)
{
	pt__buf_printf(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		       "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%.0f\" "
		       "viewBox=\"0 0 %d %.0f\" font-family=\"DejaVu Sans, Arial, Helvetica, "
		       "sans-serif\" font-size=\"12\">\n", WIDTH, f->height, WIDTH, f->height);
	pt__buf_puts(b, "<title>");
	put_text(b, title, 0);
	pt__buf_puts(b, "</title>\n");
	pt__buf_printf(b, "<rect width=\"%d\" height=\"%.0f\" fill=\"#ffffff\"/>\n", WIDTH,
		       f->height);
	pt__buf_puts(b, "<text x=\"20\" y=\"30\" font-size=\"18\" font-weight=\"bold\">");
	put_text(b, title, 110);
	pt__buf_puts(b, "</text>\n");
	if (subtitle && *subtitle) {
		pt__buf_puts(b, "<text x=\"20\" y=\"52\" font-size=\"12\" fill=\"#444444\">");
		put_text(b, subtitle, 150);
		pt__buf_puts(b, "</text>\n");
	}
}

/* The legend of a stacked chart, under the title; moves the plot down. */
static void draw_legend(pt__buf *b, const struct chart *c, struct frame *f, const char *field1)
{
	size_t per_line = (size_t)((WIDTH - 40) / 200);
	double y = f->top;

	pt__buf_printf(b, "<text x=\"20\" y=\"%.1f\" font-weight=\"bold\">", y + 4);
	put_text(b, field1, 0);
	pt__buf_puts(b, ":</text>\n");
	for (size_t k = 0; k <= f->legend_count; k++) {
		double x = 20 + (double)(k % per_line) * 200;
		double ly = y + 22 + (double)(k / per_line) * 22;
		const char *fill, *label;
		if (k == f->legend_count) {
			if (f->legend_count == c->series_count)
				break;
			fill = OTHER_COLOUR;
			label = "other values";
		} else {
			fill = palette[c->series[f->legend[k]].colour];
			label = c->series[f->legend[k]].label;
		}
		put_rect(b, x, ly - 10, 12, 12, fill);
		pt__buf_puts(b, "/>");
		pt__buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\">", x + 18, ly);
		put_text(b, label, 24);
		pt__buf_puts(b, "</text>\n");
	}
	f->top += f->legend_height;
}

/* Is `field` one under which a person may count more than once? */
static int counts_more_than_once(pt_field field)
{
	return field == PT_FIELD_CAMP || field == PT_FIELD_CAMP_TYPE ||
	       field == PT_FIELD_OPERATOR || field == PT_FIELD_SOURCE;
}

/* The grid, the x axis with its ticks and title, and the y axis title. */
static void draw_axes(pt__buf *b, const struct chart *c, const struct frame *f,
		      const pt_count *count, const char *field0)
{
	double plot_bottom = f->top + (double)c->bar_count * (BAR_HEIGHT + BAR_GAP);

	for (int64_t v = 0; v <= f->axis_max; v += f->step) {
		double x = f->left + (double)v * f->x_scale;
		pt__buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
			       "stroke=\"%s\"/>", x, f->top - 4, x, plot_bottom,
			       v ? "#e6e6e6" : "#333333");
		pt__buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
			       "fill=\"#333333\">", x, plot_bottom + 16);
		put_number(b, v);
		pt__buf_puts(b, "</text>\n");
	}
	pt__buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
		       "stroke=\"#333333\"/>\n", f->left, plot_bottom, f->left + f->plot_width,
		       plot_bottom);
	pt__buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
		       "font-weight=\"bold\">persons%s</text>\n",
		       f->left + f->plot_width / 2, plot_bottom + 40,
		       count->field_count && (counts_more_than_once(count->fields[0]) ||
		       (f->stacked && counts_more_than_once(count->fields[1])))
		       ? " (a person counts once under each of their values)" : "");
	/* y axis title, turned */
	pt__buf_printf(b, "<text transform=\"translate(18 %.1f) rotate(-90)\" "
		       "text-anchor=\"middle\" font-weight=\"bold\">",
		       (f->top + plot_bottom) / 2);
	put_text(b, field0, 0);
	pt__buf_puts(b, "</text>\n");
}

/* One bar: its label, its segments (each with a tooltip when stacked), its total. */
static void draw_bar(pt__buf *b, const struct chart *c, const struct frame *f, size_t i)
{
	const struct bar *bar = &c->bars[i];
	double y = f->top + (double)i * (BAR_HEIGHT + BAR_GAP), x = f->left;

	pt__buf_printf(b, "<g><title>");
	put_text(b, bar->label, 0);
	pt__buf_printf(b, ": %lld</title>\n", (long long)bar->total);
	pt__buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"end\">", f->left - 8,
		       y + BAR_HEIGHT - 5);
	put_text(b, bar->label, LABEL_CHARS);
	pt__buf_puts(b, "</text>\n");
	for (size_t k = 0; k < bar->segment_count; k++) {
		const struct segment *seg = &bar->segments[k];
		double w = (double)seg->count * f->x_scale;
		const char *fill = palette[0];
		if (f->stacked)
			fill = c->series[seg->series].colour >= 0
			       ? palette[c->series[seg->series].colour] : OTHER_COLOUR;
		put_rect(b, x, y, w, BAR_HEIGHT, fill);
		if (f->stacked) {
			pt__buf_puts(b, "><title>");
			put_text(b, bar->label, 0);
			pt__buf_puts(b, ", ");
			put_text(b, c->series[seg->series].label, 0);
			pt__buf_printf(b, ": %lld</title></rect>\n", (long long)seg->count);
		} else {
			pt__buf_puts(b, "/>\n");
		}
		x += w;
	}
	pt__buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" fill=\"#333333\">", x + 6,
		       y + BAR_HEIGHT - 5);
	put_number(b, bar->total);
	pt__buf_puts(b, "</text></g>\n");
}

int pt_chart_svg(const pt_count *count, const char *title, const char *subtitle,
		 char **svg_out)
{
	struct chart c = { 0 };
	struct frame f = { 0 };
	pt__buf b = PT__BUF_INIT;
	int rc;

	*svg_out = NULL;
	if (!count || count->field_count < 1 || count->field_count > 2)
		return PT_EINVAL;
	f.stacked = count->field_count == 2;
	if ((rc = build(count, &c)) || (rc = merge_tail(&c)) || (rc = measure(&c, subtitle, &f)))
		goto cleanup;
	draw_heading(&b, &f, title, subtitle);
	if (f.stacked)
		draw_legend(&b, &c, &f, pt_field_name(count->fields[1]));
	draw_axes(&b, &c, &f, count, pt_field_name(count->fields[0]));
	for (size_t i = 0; i < c.bar_count; i++)
		draw_bar(&b, &c, &f, i);
	if (!c.bar_count)
		pt__buf_printf(&b, "<text x=\"%.1f\" y=\"%.1f\">no persons match</text>\n",
			       f.left + 8, f.top + 14);
	pt__buf_puts(&b, "</svg>\n");
	if (b.failed) {
		rc = PT_ENOMEM;
		goto cleanup;
	}
	*svg_out = pt__buf_detach(&b);
	rc = *svg_out ? PT_OK : PT_ENOMEM;
cleanup:
	chart_release(&c);
	free(f.legend);
	pt__buf_release(&b);
	return rc;
}
