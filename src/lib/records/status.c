/*
 * status.c - derives a person's case status from their events, as
 * PRODUCT.md defines it, and says why in words.
 *
 * The chronology: events sort by their latest possible day; an undated event
 * keeps its place in the record (it sorts with the event before it).
 * returned     a repatriation or return event (a release alone is not enough:
 *              the person is then still in transit)
 * died         a death or burial event
 * conflicting  both, unless the death is known to come after the return
 * unaccounted  otherwise, when the last event leaves the person in captivity
 *              or in transit
 * unknown      no event that bears on fate
 *
 * A man of several records (an individual) is judged on the events of all
 * of them at once: an undated event keeps its place in its own record, and
 * the reason names the record each event it cites comes from.
 */
#include <stdlib.h>
#include <string.h>

#include "records/records.h"

struct ordered {
	size_t index;
	int dated;
	int64_t key;
};

static int compare_ordered(const void *a, const void *b)
{
	const struct ordered *x = a, *y = b;
	if (x->dated != y->dated)
		return x->dated < y->dated ? -1 : 1;
	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->index < y->index ? -1 : x->index > y->index;
}

/* "liberation at Stalag IV-B, 1945-04-23", and " (LABEL)" when the event's
 * record has a label (a man of several records: which record says so) */
static void describe(pt__buf *b, const pt_status_event *e, const char *label)
{
	const char *where = e->camp ? e->camp : e->place;
	if (!b)
		return;    /* the status only: no reason asked for */
	pt__buf_puts(b, e->type);
	if (where) {
		pt__buf_puts(b, pt__event_fate(e->type) == PT__FATE_RETURNED ? " to " : " at ");
		pt__buf_puts(b, where);
	}
	if (e->date) {
		pt__buf_puts(b, ", ");
		pt__buf_puts(b, e->date);
	}
	if (label) {
		pt__buf_puts(b, " (");
		pt__buf_puts(b, label);
		pt__buf_puts(b, ")");
	}
}

int pt_status_derive(const pt_status_event *events, size_t count,
		     pt_status *status_out, char **reason_out, long *last_out)
{
	return pt__status_derive_records(events, NULL, NULL, count, status_out, reason_out,
					 last_out);
}

int pt__status_derive_records(const pt_status_event *events, const size_t *record_of,
			      const char *const *labels, size_t count, pt_status *status_out,
			      char **reason_out, long *last_out)
{
	struct ordered *order = NULL;
	pt__buf reason = PT__BUF_INIT;
	pt_status status = PT_STATUS_UNKNOWN;
	long last = -1, last_return = -1, first_death = -1, last_captive = -1;
	int dated = 0;
	int64_t key = 0;
	size_t n = 0;
	pt__buf *rb = reason_out ? &reason : NULL;  /* NULL: no reason asked for */

	if (count) {
		order = calloc(count, sizeof *order);
		if (!order)
			return PT_ENOMEM;
	}
	for (size_t i = 0; i < count; i++) {
		const pt_status_event *e = &events[i];
		if (record_of && i && record_of[i] != record_of[i - 1])
			dated = 0, key = 0;  /* an undated event follows its own record's */
		if (e->has_max || e->has_min) {
			dated = 1;
			key = e->has_max ? e->date_max : e->date_min;
		}
		order[n].index = i;
		order[n].dated = dated;
		order[n].key = key;
		n++;
	}
	if (n)
		qsort(order, n, sizeof *order, compare_ordered);

	for (size_t k = 0; k < n; k++) {
		long i = (long)order[k].index;
		switch (pt__event_fate(events[i].type)) {
		case PT__FATE_RETURNED: last_return = i; last = i; break;
		case PT__FATE_DIED:     if (first_death < 0) first_death = i; last = i; break;
		case PT__FATE_CAPTIVE:  last_captive = i; last = i; break;
		case PT__FATE_NONE:     break;
		}
	}

#define LABEL(i) (labels && record_of ? labels[record_of[i]] : NULL)
#define PUT(text) do { if (rb) pt__buf_puts(rb, text); } while (0)
	if (last_return >= 0 && first_death >= 0) {
		const pt_status_event *r = &events[last_return], *d = &events[first_death];
		if (d->has_min && r->has_max && d->date_min > r->date_max) {
			status = PT_STATUS_RETURNED;
			PUT("returned: ");
			describe(rb, r, LABEL(last_return));
			PUT("; the later ");
			describe(rb, d, LABEL(first_death));
			PUT(" came after the return");
		} else {
			status = PT_STATUS_CONFLICTING;
			PUT("records disagree: ");
			describe(rb, r, LABEL(last_return));
			PUT(" against ");
			describe(rb, d, LABEL(first_death));
		}
	} else if (first_death >= 0) {
		status = PT_STATUS_DIED;
		PUT("died: ");
		describe(rb, &events[first_death], LABEL(first_death));
	} else if (last_return >= 0) {
		status = PT_STATUS_RETURNED;
		PUT("returned: ");
		describe(rb, &events[last_return], LABEL(last_return));
	} else if (last_captive >= 0) {
		status = PT_STATUS_UNACCOUNTED;
		PUT("last record: ");
		describe(rb, &events[last_captive], LABEL(last_captive));
		PUT("; nothing later says the person came home or died");
	} else {
		PUT("no event that bears on fate");
	}
#undef PUT
#undef LABEL
	free(order);

	if (reason.failed) {
		pt__buf_release(&reason);
		return PT_ENOMEM;
	}
	*status_out = status;
	if (last_out)
		*last_out = last;
	if (reason_out)
		*reason_out = pt__buf_detach(&reason);
	else
		pt__buf_release(&reason);
	return PT_OK;
}
