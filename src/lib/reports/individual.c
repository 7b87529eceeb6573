/*
 * individual.c - the dossier of a man: his records side by side (each read
 * as pt_person_get reads it), one timeline of all their events, every name
 * form, his status from all the events (records/men.c) and the fields on
 * which his records disagree.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "link/link.h"
#include "reports/reports.h"

void pt_individual_free(pt_individual *d)
{
	if (!d)
		return;
	for (size_t i = 0; i < d->record_count; i++)
		pt_person_free(d->records[i]);
	free(d->records);
	free(d->status_reason);
	free(d->timeline);
	free(d->names);
	for (size_t i = 0; i < d->disagreement_count; i++) {
		pt_disagreement *g = &d->disagreements[i];
		for (size_t k = 0; k < g->value_count; k++) {
			free(g->values[k].value);
			free(g->values[k].records);
		}
		free(g->values);
	}
	free(d->disagreements);
	free(d);
}

/* ---- the timeline ------------------------------------------------------ */

struct ordered {
	pt_individual_item item;
	size_t seq;        /* place among all events, record by record */
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
	return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* The events of all records in the order status.c judges them in. */
static int make_timeline(pt_individual *d)
{
	struct ordered *order;
	size_t n = 0;

	for (size_t r = 0; r < d->record_count; r++)
		n += d->records[r]->event_count;
	if (!n)
		return PT_OK;
	if (!(order = calloc(n, sizeof *order)) || !(d->timeline = calloc(n, sizeof *d->timeline))) {
		free(order);
		return PT_ENOMEM;
	}
	n = 0;
	for (size_t r = 0; r < d->record_count; r++) {
		int dated = 0;
		int64_t key = 0;
		for (size_t i = 0; i < d->records[r]->event_count; i++) {
			const pt_event *e = &d->records[r]->events[i];
			pt_date date;
			if (e->date && pt_date_parse(&date, e->date, NULL) == PT_OK &&
			    (date.flags & (PT_DATE_HAS_MIN | PT_DATE_HAS_MAX))) {
				dated = 1;
				key = (date.flags & PT_DATE_HAS_MAX) ? date.max : date.min;
			}
			order[n].item.record = r;
			order[n].item.index = i;
			order[n].seq = n;
			order[n].dated = dated;
			order[n].key = key;
			n++;
		}
	}
	qsort(order, n, sizeof *order, compare_ordered);
	for (size_t k = 0; k < n; k++)
		d->timeline[k] = order[k].item;
	d->timeline_count = n;
	free(order);
	return PT_OK;
}

static int make_names(pt_individual *d)
{
	size_t n = 0;
	for (size_t r = 0; r < d->record_count; r++)
		n += d->records[r]->name_count;
	if (!n)
		return PT_OK;
	if (!(d->names = calloc(n, sizeof *d->names)))
		return PT_ENOMEM;
	for (size_t r = 0; r < d->record_count; r++)
		for (size_t i = 0; i < d->records[r]->name_count; i++) {
			d->names[d->name_count].record = r;
			d->names[d->name_count++].index = i;
		}
	return PT_OK;
}

/* ---- where the records disagree --------------------------------------------- */

/* Adds record r's value to the field's list of values (a new value, or one
 * more record for a value given before); *g is the disagreement being made. */
static int add_value(pt_disagreement *g, const char *value, size_t r, int same_as_existing)
{
	pt_disagreement_value *v;
	size_t *records;

	for (size_t k = 0; k < g->value_count; k++)
		if (same_as_existing < 0 ? !strcasecmp(g->values[k].value, value)
					 : (size_t)same_as_existing == k) {
			v = &g->values[k];
			goto add_record;
		}
	{
		pt_disagreement_value *grown = realloc(g->values, (g->value_count + 1) * sizeof *grown);
		if (!grown)
			return PT_ENOMEM;
		g->values = grown;
		v = &g->values[g->value_count];
		memset(v, 0, sizeof *v);
		if (!(v->value = pt__strdup(value)))
			return PT_ENOMEM;
		g->value_count++;
	}
add_record:
	if (!(records = realloc(v->records, (v->record_count + 1) * sizeof *records)))
		return PT_ENOMEM;
	v->records = records;
	v->records[v->record_count++] = r;
	return PT_OK;
}

static void disagreement_release(pt_disagreement *g)
{
	for (size_t k = 0; k < g->value_count; k++) {
		free(g->values[k].value);
		free(g->values[k].records);
	}
	free(g->values);
	memset(g, 0, sizeof *g);
}

/* Keeps g when it holds two values or more. */
static int keep(pt_individual *d, pt_disagreement *g)
{
	pt_disagreement *grown;
	if (g->value_count < 2) {
		disagreement_release(g);
		return PT_OK;
	}
	if (!(grown = realloc(d->disagreements, (d->disagreement_count + 1) * sizeof *grown))) {
		disagreement_release(g);
		return PT_ENOMEM;
	}
	d->disagreements = grown;
	d->disagreements[d->disagreement_count++] = *g;
	memset(g, 0, sizeof *g);
	return PT_OK;
}

static const char *text_field(const pt_person *p, int field)
{
	switch (field) {
	case 0: return p->sex;
	case 1: return p->nationality;
	case 2: return p->birth_place;
	case 3: return p->service;
	case 4: return p->service_number;
	case 5: return p->rank;
	default: return p->unit;
	}
}

/* Birth dates disagree when two of their ranges cannot both hold: 1920 and
 * 1920-03-02 agree, 1920-03-02 and 1920-02-03 do not. Then every date is
 * listed, each distinct one a value. */
static int birth_dates(pt_individual *d)
{
	pt_disagreement g = { "birth_date", NULL, 0 };
	pt_date *dates = calloc(d->record_count, sizeof *dates);
	int *has = calloc(d->record_count, sizeof *has), disjoint = 0, rc = PT_OK;

	if (!dates || !has) {
		rc = PT_ENOMEM;
		goto cleanup;
	}
	for (size_t r = 0; r < d->record_count; r++) {
		const char *text = d->records[r]->birth_date;
		has[r] = text && pt_date_parse(&dates[r], text, NULL) == PT_OK;
		if (!has[r])
			continue;
		for (size_t q = 0; q < r; q++) {
			int64_t lo_r = dates[r].flags & PT_DATE_HAS_MIN ? dates[r].min : 0;
			int64_t hi_r = dates[r].flags & PT_DATE_HAS_MAX ? dates[r].max : 99991231;
			int64_t lo_q = dates[q].flags & PT_DATE_HAS_MIN ? dates[q].min : 0;
			int64_t hi_q = dates[q].flags & PT_DATE_HAS_MAX ? dates[q].max : 99991231;
			if (has[q] && (lo_r > hi_q || lo_q > hi_r))
				disjoint = 1;
		}
	}
	if (!disjoint)
		goto cleanup;
	for (size_t r = 0; r < d->record_count && !rc; r++)
		if (has[r])
			rc = add_value(&g, dates[r].edtf, r, -1);
	if (!rc)
		rc = keep(d, &g);
cleanup:
	disagreement_release(&g);
	free(dates);
	free(has);
	return rc;
}

static int fates(pt_individual *d)
{
	pt_disagreement g = { "fate", NULL, 0 };
	int rc = PT_OK, returned = 0, died = 0;

	for (size_t r = 0; r < d->record_count; r++) {
		pt_status st = d->records[r]->status;
		returned |= st == PT_STATUS_RETURNED;
		died |= st == PT_STATUS_DIED;
		if (st == PT_STATUS_CONFLICTING)
			returned = died = 1;
	}
	if (!returned || !died)
		return PT_OK;
	for (size_t r = 0; r < d->record_count && !rc; r++) {
		pt_status st = d->records[r]->status;
		if (st == PT_STATUS_RETURNED || st == PT_STATUS_DIED || st == PT_STATUS_CONFLICTING)
			rc = add_value(&g, pt_status_name(st), r, -1);
	}
	if (!rc)
		rc = keep(d, &g);
	disagreement_release(&g);
	return rc;
}

static int disagreements(pt_individual *d)
{
	static const char *const names[] = {
		"sex", "nationality", "birth_place", "service", "service_number", "rank", "unit",
	};
	int rc;

	if (d->record_count < 2)
		return PT_OK;
	for (int f = 0; f < 7; f++) {
		pt_disagreement g = { names[f], NULL, 0 };
		rc = PT_OK;
		for (size_t r = 0; r < d->record_count && !rc; r++) {
			const char *value = text_field(d->records[r], f);
			if (value && *value)
				rc = add_value(&g, value, r, -1);
		}
		if (rc || (rc = keep(d, &g))) {
			disagreement_release(&g);
			return rc;
		}
		if (f == 1 && (rc = birth_dates(d)))   /* birth_date after nationality */
			return rc;
	}
	return fates(d);
}

/* ---- the dossier ------------------------------------------------------------- */

int pt_individual_get(pt_db *db, int64_t id, pt_individual **out)
{
	pt_individual *d = NULL;
	pt_person *first = NULL;
	pt__man_fate fate;
	int64_t individual = 0, first_last_event = 0, *ids = NULL;
	size_t count = 0;
	int rc, transaction = 0;

	*out = NULL;
	memset(&fate, 0, sizeof fate);
	/* one read transaction for the statements of a dossier (some eight):
	 * else each takes and drops the file's shared lock (and the WAL's read
	 * mark) for itself, a fifth of the time of a dossier page */
	if ((rc = pt__read_begin(db, &transaction)))
		return rc;
	/* the record asked for, and whether it is linked to others: most are
	 * not, and then it is the man's only record */
	if ((rc = pt__person_read_linked(db, id, &first, &first_last_event, &individual)))
		goto cleanup;
	if (!individual) {
		if (!(ids = malloc(sizeof *ids))) {
			rc = PT_ENOMEM;
			goto cleanup;
		}
		ids[0] = individual = id;
		count = 1;
	} else if ((rc = pt__individual_members(db, individual, &ids, &count))) {
		goto cleanup;
	}
	if (!(d = calloc(1, sizeof *d)) || !(d->records = calloc(count, sizeof *d->records))) {
		rc = PT_ENOMEM;
		goto cleanup;
	}
	d->id = individual;
	d->last_event = -1;
	for (size_t i = 0; i < count; i++) {
		/* (the event a lone record's stored status rests on comes with it) */
		if (ids[i] == id && first) {
			d->records[i] = first;
			first = NULL;
			if (count == 1)
				fate.last_event_id = first_last_event;
		} else if ((rc = pt__person_read(db, ids[i], &d->records[i],
						 count == 1 ? &fate.last_event_id : NULL))) {
			goto cleanup;
		}
		d->record_count++;
		if (ids[i] == individual)
			d->anchor = i;
	}
	if ((rc = make_timeline(d)) || (rc = make_names(d)) || (rc = disagreements(d)))
		goto cleanup;
	if (count == 1) {
		/* a man of one record: the status stored with it */
		d->status = d->records[0]->status;
		if (d->records[0]->status_reason &&
		    !(d->status_reason = pt__strdup(d->records[0]->status_reason))) {
			rc = PT_ENOMEM;
			goto cleanup;
		}
	} else {
		if ((rc = pt__man_fate_get(db, individual, &fate)))
			goto cleanup;
		d->status = fate.status;
		d->status_reason = fate.reason;
		fate.reason = NULL;
	}
	for (size_t k = 0; k < d->timeline_count && fate.last_event_id; k++) {
		const pt_individual_item *it = &d->timeline[k];
		if (d->records[it->record]->events[it->index].id == fate.last_event_id)
			d->last_event = (long)k;
	}
	*out = d;
	d = NULL;
cleanup:
	pt__man_fate_release(&fate);
	pt_individual_free(d);
	pt_person_free(first);
	free(ids);
	if (rc == PT_ENOMEM)
		pt__error(db, rc, "out of memory");
	pt__read_end(db, transaction);   /* it only read */
	return rc;
}
