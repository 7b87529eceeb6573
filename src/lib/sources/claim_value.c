/*
 * claim_value.c - what a claim's value means: claim records brought into
 * their canonical shape (values written as text, populations in one form),
 * the reading of a value (a number, a range, a bound, "none", "some", a
 * fate, or a text), the values it allows under the tolerance for "roughly",
 * and whether two claims can both be true.
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sources/sources.h"

/* ---- numbers ------------------------------------------------------------ */

void pt__number_format(double value, char *buf, size_t size)
{
	if (isinf(value)) {
		snprintf(buf, size, "%s", value < 0 ? "-inf" : "inf");
		return;
	}
	if (value == floor(value) && fabs(value) < 1e15) {
		char digits[32], *out = buf;
		long long v = (long long)value;
		size_t n, used = 0;
		snprintf(digits, sizeof digits, "%lld", v < 0 ? -v : v);
		n = strlen(digits);
		if (v < 0 && used + 1 < size)
			out[used++] = '-';
		for (size_t i = 0; i < n && used + 2 < size; i++) {
			out[used++] = digits[i];
			if ((n - i - 1) % 3 == 0 && i + 1 < n)
				out[used++] = ',';
		}
		out[used] = '\0';
		return;
	}
	snprintf(buf, size, "%.6g", value);
}

/* Reads a number with thousands separators ("23,500", "23 500") at *pp. */
static int read_number(const char **pp, double *out)
{
	const char *p = *pp;
	char digits[64];
	size_t n = 0;
	int seen_digit = 0, seen_dot = 0;

	while (*p && n + 1 < sizeof digits) {
		if (isdigit((unsigned char)*p)) {
			digits[n++] = *p++;
			seen_digit = 1;
		} else if ((*p == ',' || *p == '_' || *p == ' ') && seen_digit && !seen_dot &&
			   isdigit((unsigned char)p[1]) && isdigit((unsigned char)p[2]) &&
			   isdigit((unsigned char)p[3]) && !isdigit((unsigned char)p[4])) {
			p++;
		} else if (*p == '.' && seen_digit && !seen_dot && isdigit((unsigned char)p[1])) {
			digits[n++] = *p++;
			seen_dot = 1;
		} else {
			break;
		}
	}
	if (!seen_digit)
		return 0;
	digits[n] = '\0';
	*out = strtod(digits, NULL);
	*pp = p;
	return 1;
}

static int skip_word(const char **pp, const char *word)
{
	size_t n = strlen(word);
	const char *p = *pp;
	if (strncmp(p, word, n))
		return 0;
	if (isalpha((unsigned char)word[n - 1]) && isalpha((unsigned char)p[n]))
		return 0;
	p += n;
	while (*p == ' ')
		p++;
	*pp = p;
	return 1;
}

struct parsed_value {
	double min, max;
	int has_min, has_max, approximate;
};

/* "~23,500", "some 23,000", "20,000-23,500", "more than 28,000", "up to
 * 20,000", "28,000+": 1 when the whole text is such a value. */
static int parse_value_text(const char *text, struct parsed_value *v)
{
	static const char *const approx[] = {
		"~", "about", "around", "roughly", "approximately", "approx.", "approx", "some",
		"c.", "ca.", "circa", "nearly", "almost", "perhaps", "an estimated", "estimated",
		NULL,
	};
	static const char *const at_least[] = {
		"more than", "over", "at least", "upwards of", "in excess of", "greater than",
		">=", ">", NULL,
	};
	static const char *const at_most[] = {
		"as many as", "up to", "at most", "no more than", "fewer than", "less than",
		"under", "<=", "<", NULL,
	};
	char lower[256];
	const char *p = lower;
	int bound = 0, again = 1;
	size_t n;

	memset(v, 0, sizeof *v);
	for (n = 0; text[n] && n + 1 < sizeof lower; n++)
		lower[n] = (char)tolower((unsigned char)text[n]);
	if (text[n])
		return 0;
	lower[n] = '\0';
	while (*p == ' ')
		p++;
	while (again) {
		again = 0;
		for (const char *const *w = approx; *w; w++)
			if (skip_word(&p, *w)) {
				v->approximate = again = 1;
				break;
			}
		for (const char *const *w = at_least; *w && !again; w++)
			if (skip_word(&p, *w))
				bound = again = 1;
		for (const char *const *w = at_most; *w && !again; w++)
			if (skip_word(&p, *w))
				bound = 2, again = 1;
	}
	if (!read_number(&p, &v->min))
		return 0;
	v->max = v->min;
	while (*p == ' ')
		p++;
	if (*p == '+' && !bound) {
		p++;
		bound = 1;
	} else if (!bound && (*p == '-' || !strncmp(p, "\xe2\x80\x93", 3) || skip_word(&p, "to"))) {
		p += *p == '-' ? 1 : *p == '\xe2' ? 3 : 0;
		while (*p == ' ')
			p++;
		if (*p == '~')
			p++;
		if (!read_number(&p, &v->max) || v->max < v->min)
			return 0;
	}
	while (*p == ' ' || *p == '.')
		p++;
	if (*p)
		return 0;
	v->has_min = bound != 2;
	v->has_max = bound != 1;
	return 1;
}

/* ---- claim records on their way in ------------------------------------------- */

static int set_number(json_t *obj, const char *key, double value)
{
	json_t *n = value == floor(value) && fabs(value) < 9e15 ? json_integer((json_int_t)value)
							       : json_real(value);
	return json_object_set_new(obj, key, n);
}

int pt__claim_record_normalize(json_t *record)
{
	static const char *const flat_citation[] = {
		"locator", "source_locator", "source_quality", "information", "evidence",
		"confidence", NULL,
	};
	json_t *v;
	int rc = 0;

	if (!json_is_object(record))
		return PT_OK;

	/* metric: lower case, words joined by '_' */
	v = json_object_get(record, "metric");
	if (json_is_string(v)) {
		char metric[128];
		const char *m = json_string_value(v);
		size_t n = 0;
		for (; *m && n + 1 < sizeof metric; m++)
			metric[n++] = *m == ' ' || *m == '-' ? '_' : (char)tolower((unsigned char)*m);
		metric[n] = '\0';
		if (!*m && strcmp(metric, json_string_value(v)))
			rc |= json_object_set_new(record, "metric", json_string(metric));
	}

	/* a value written as text */
	v = json_object_get(record, "value");
	if (json_is_string(v)) {
		struct parsed_value p;
		if (!json_string_length(v)) {
			rc |= json_object_del(record, "value");
		} else if (parse_value_text(json_string_value(v), &p)) {
			if (p.has_min && p.has_max && p.min == p.max) {
				rc |= set_number(record, "value", p.min);
			} else {
				if (p.has_min)
					rc |= set_number(record, "value_min", p.min);
				if (p.has_max)
					rc |= set_number(record, "value_max", p.max);
				rc |= json_object_del(record, "value");
			}
			if (p.approximate && !json_object_get(record, "approximate"))
				rc |= json_object_set_new(record, "approximate", json_true());
		} else if (!json_object_get(record, "value_text")) {
			rc |= json_object_set(record, "value_text", v);
			rc |= json_object_del(record, "value");
		}
	}
	for (int k = 0; k < 2; k++) {
		const char *key = k ? "value_max" : "value_min";
		struct parsed_value p;
		v = json_object_get(record, key);
		if (json_is_string(v) && !json_string_length(v))
			rc |= json_object_del(record, key);
		else if (json_is_string(v) && parse_value_text(json_string_value(v), &p) &&
			 p.has_min && p.has_max && p.min == p.max)
			rc |= set_number(record, key, p.min);
	}
	v = json_object_get(record, "approximate");
	if (json_is_string(v)) {
		const char *s = json_string_value(v);
		if (!strcmp(s, "true") || !strcmp(s, "yes") || !strcmp(s, "1") || !strcmp(s, "y") ||
		    !strcmp(s, "~"))
			rc |= json_object_set_new(record, "approximate", json_true());
		else if (!*s || !strcmp(s, "false") || !strcmp(s, "no") || !strcmp(s, "0") ||
			 !strcmp(s, "n"))
			rc |= json_object_set_new(record, "approximate", json_false());
	}

	/* nationality and camp at the top join the population */
	for (int k = 0; k < 2; k++) {
		const char *key = k ? "camp" : "nationality";
		json_t *pop;
		v = json_object_get(record, key);
		if (!v)
			continue;
		pop = json_object_get(record, "population");
		if (!pop || json_is_null(pop)) {
			pop = json_object();
			rc |= json_object_set_new(record, "population", pop);
		}
		if (json_is_object(pop) && !json_object_get(pop, key)) {
			if (json_is_string(v) && strchr(json_string_value(v), ';')) {
				json_t *list = json_array();
				const char *p = json_string_value(v);
				while (list && *p) {
					size_t len = strcspn(p, ";");
					const char *a = p, *b = p + len;
					while (a < b && *a == ' ')
						a++;
					while (b > a && b[-1] == ' ')
						b--;
					if (b > a)
						rc |= json_array_append_new(list, json_stringn(a, (size_t)(b - a)));
					p += len + (p[len] ? 1 : 0);
				}
				rc |= list ? json_object_set_new(pop, key, list) : -1;
			} else if (!json_is_string(v) || json_string_length(v)) {
				rc |= json_object_set(pop, key, v);
			}
			rc |= json_object_del(record, key);
		}
	}
	/* a population written as JSON text */
	v = json_object_get(record, "population");
	if (json_is_string(v)) {
		json_t *parsed = json_string_length(v) ? json_loads(json_string_value(v), 0, NULL) : NULL;
		if (!json_string_length(v))
			rc |= json_object_del(record, "population");
		else if (json_is_object(parsed))
			rc |= json_object_set(record, "population", parsed);
		json_decref(parsed);
	}

	/* one citation given as flat fields */
	v = json_object_get(record, "source");
	if (json_is_string(v) && !json_object_get(record, "citation") &&
	    !json_object_get(record, "citations")) {
		json_t *citation = json_object();
		if (!citation)
			return PT_ENOMEM;
		rc |= json_object_set(citation, "source", v);
		rc |= json_object_del(record, "source");
		for (const char *const *f = flat_citation; *f; f++) {
			json_t *x = json_object_get(record, *f);
			const char *to = strcmp(*f, "source_locator") ? *f : "locator";
			if (!x)
				continue;
			if (!strcmp(*f, "confidence") && json_is_string(x)) {
				const char *s = json_string_value(x);
				if (strlen(s) == 1 && *s >= '0' && *s <= '9')
					rc |= json_object_set_new(citation, to, json_integer(*s - '0'));
				else if (*s)
					rc |= json_object_set(citation, to, x);
			} else if (!json_is_string(x) || json_string_length(x)) {
				rc |= json_object_set(citation, to, x);
			}
			rc |= json_object_del(record, *f);
		}
		rc |= json_object_set_new(record, "citation", citation);
	}
	return rc ? PT_ENOMEM : PT_OK;
}

/* ---- populations ------------------------------------------------------- */

static int compare_strings(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* A camp named by key or alias, as its key; NULL when unknown (an alias
 * that names two camps names neither). */
static char *camp_key(pt_db *db, const char *name)
{
	pt__camp_finder *f = NULL;
	char *key = NULL;
	int64_t ids[1];
	size_t count = 0;

	if (pt__camp_finder_open(db, &f))
		return NULL;
	if (pt__camp_lookup(f, name, PT__CAMP_BY_KEY | PT__CAMP_BY_FOLDED, ids, 1, &count,
			    NULL) == PT_OK && count == 1)
		key = pt__camp_key_of(f, ids[0]);
	pt__camp_finder_free(f);
	return key;
}

/* One member of the population: a string, or a list of strings sorted
 * without repeats (a list of one becomes its string). */
static int canonical_member(pt_db *db, const char *key, json_t *value, json_t **out,
			    const char **problem, char **bad)
{
	int nationality = !strcmp(key, "nationality"), camp = !strcmp(key, "camp");
	const char **items = NULL;
	char **owned = NULL;
	size_t count = 0, n = json_is_array(value) ? json_array_size(value) : 1;
	json_t *item;
	int rc = PT_OK;

	*out = NULL;
	if (!json_is_string(value) && !json_is_array(value)) {
		*out = json_incref(value);
		return PT_OK;
	}
	items = calloc(n ? n : 1, sizeof *items);
	owned = calloc(n ? n : 1, sizeof *owned);
	if (!items || !owned) {
		rc = PT_ENOMEM;
		goto cleanup;
	}
	for (size_t i = 0; i < n; i++) {
		item = json_is_array(value) ? json_array_get(value, i) : value;
		if (!json_is_string(item)) {
			*problem = "expected text or a list of texts in";
			if (!(*bad = pt__strdup(key)))
				rc = PT_ENOMEM;
			goto cleanup;
		}
		items[count] = json_string_value(item);
		if (nationality) {
			const char *c = items[count];
			if (strlen(c) != 2 || !isalpha((unsigned char)c[0]) || !isalpha((unsigned char)c[1])) {
				*problem = "nationality is not an ISO 3166 alpha-2 code (such as GB, US, SU):";
				if (!(*bad = pt__strdup(c)))
					rc = PT_ENOMEM;
				goto cleanup;
			}
			if (!(owned[count] = pt__strdup(c))) {
				rc = PT_ENOMEM;
				goto cleanup;
			}
			owned[count][0] = (char)toupper((unsigned char)c[0]);
			owned[count][1] = (char)toupper((unsigned char)c[1]);
			items[count] = owned[count];
		} else if (camp && (owned[count] = camp_key(db, items[count]))) {
			items[count] = owned[count];
		}
		if (*items[count])
			count++;
	}
	qsort(items, count, sizeof *items, compare_strings);
	if (count == 1) {
		*out = json_string(items[0]);
	} else if (count > 1) {
		*out = json_array();
		for (size_t i = 0; *out && i < count; i++)
			if (i == 0 || strcmp(items[i], items[i - 1]))
				json_array_append_new(*out, json_string(items[i]));
		if (*out && json_array_size(*out) == 1) {
			json_t *one = json_incref(json_array_get(*out, 0));
			json_decref(*out);
			*out = one;
		}
	}
	if (count && !*out)
		rc = PT_ENOMEM;
cleanup:
	for (size_t i = 0; owned && i < n; i++)
		free(owned[i]);
	free(owned);
	free(items);
	return rc;
}

int pt__population_canonical(pt_db *db, json_t *population, char **out,
			     const char **problem, char **problem_value)
{
	json_t *canonical = json_object(), *value, *member;
	const char *key;
	int rc = PT_OK;

	*out = NULL;
	*problem = NULL;
	*problem_value = NULL;
	if (!canonical)
		return PT_ENOMEM;
	json_object_foreach(population, key, value) {
		if ((rc = canonical_member(db, key, value, &member, problem, problem_value)) || *problem)
			break;
		if (member && json_object_set_new(canonical, key, member)) {
			rc = PT_ENOMEM;
			break;
		}
	}
	if (rc == PT_OK && !*problem && json_object_size(canonical) &&
	    !(*out = json_dumps(canonical, JSON_COMPACT | JSON_SORT_KEYS)))
		rc = PT_ENOMEM;
	json_decref(canonical);
	return rc;
}

/* ---- reading a claim's value ---------------------------------------------- */

enum text_class { T_TEXT, T_NONE, T_SOME, T_RETURNED, T_DIED, T_REMAINED };

/* Lower-case words of the text, single spaces, no punctuation. */
static void fold_words(const char *text, char *out, size_t size)
{
	size_t n = 0;
	int space = 1;
	for (; *text && n + 2 < size; text++) {
		unsigned char c = (unsigned char)*text;
		if (isalnum(c) || c >= 0x80 || c == '\'') {
			out[n++] = (char)tolower(c);
			space = 0;
		} else if (!space) {
			out[n++] = ' ';
			space = 1;
		}
	}
	while (n > 0 && out[n - 1] == ' ')
		n--;
	out[n] = '\0';
}

static int has_phrase(const char *words, const char *phrase)
{
	size_t n = strlen(phrase);
	for (const char *p = words; (p = strstr(p, phrase)); p++)
		if ((p == words || p[-1] == ' ') && (p[n] == ' ' || !p[n]))
			return 1;
	return 0;
}

static enum text_class classify(const char *text)
{
	static const char *const none[] = {
		"none", "no", "zero", "nil", "nobody", "no one", "not any", "0", NULL,
	};
	static const char *const some[] = {
		"some", "yes", "a few", "few", "several", "many", NULL,
	};
	static const char *const remained[] = {
		"never returned", "never repatriated", "not repatriated", "not returned",
		"did not return", "never came home", "remained", "stayed", "still held", NULL,
	};
	static const char *const died[] = {
		"died", "dead", "death", "killed", "executed", "perished", "shot", "deceased", NULL,
	};
	static const char *const returned[] = {
		"returned", "repatriated", "came home", "came back", "return", NULL,
	};
	char words[512];
	int classes = 0;
	enum text_class found = T_TEXT;

	if (!text)
		return T_TEXT;
	fold_words(text, words, sizeof words);
	for (const char *const *w = none; *w; w++)
		if (!strcmp(words, *w))
			return T_NONE;
	for (const char *const *w = some; *w; w++)
		if (!strcmp(words, *w) || (!strncmp(words, *w, strlen(*w)) &&
					   words[strlen(*w)] == ' ' && !strcmp(*w, "some")))
			return T_SOME;
	if (!strncmp(words, "no evidence", 11) || !strncmp(words, "no proof", 8) ||
	    !strncmp(words, "unknown", 7) || !strncmp(words, "not known", 9))
		return T_TEXT;
	for (const char *const *w = remained; *w; w++)
		if (has_phrase(words, *w)) {
			classes++;
			found = T_REMAINED;
			break;
		}
	if (found != T_REMAINED) {
		for (const char *const *w = returned; *w; w++)
			if (has_phrase(words, *w)) {
				classes++;
				found = T_RETURNED;
				break;
			}
	}
	for (const char *const *w = died; *w; w++)
		if (has_phrase(words, *w)) {
			classes++;
			found = T_DIED;
			break;
		}
	return classes == 1 ? found : T_TEXT;
}

/* "retained (nationality US)" */
static char *scope_text(const char *metric, const char *population)
{
	pt__buf b = PT__BUF_INIT;
	json_t *pop = population ? json_loads(population, 0, NULL) : NULL, *value;
	const char *key;
	int first = 1;

	pt__buf_puts(&b, metric ? metric : "(no metric)");
	if (json_is_object(pop) && json_object_size(pop)) {
		const char **keys = calloc(json_object_size(pop), sizeof *keys);
		size_t n = 0;
		if (keys) {
			json_object_foreach(pop, key, value)
				keys[n++] = key;
			qsort(keys, n, sizeof *keys, compare_strings);
			pt__buf_puts(&b, " (");
			for (size_t i = 0; i < n; i++) {
				value = json_object_get(pop, keys[i]);
				pt__buf_printf(&b, "%s%s ", first ? "" : "; ", keys[i]);
				first = 0;
				if (json_is_string(value)) {
					pt__buf_puts(&b, json_string_value(value));
				} else if (json_is_array(value)) {
					size_t j;
					json_t *item;
					json_array_foreach(value, j, item) {
						char *t = json_is_string(item) ? NULL
							: json_dumps(item, JSON_ENCODE_ANY | JSON_COMPACT);
						pt__buf_printf(&b, "%s%s", j ? ", " : "",
							       t ? t : json_string_value(item));
						free(t);
					}
				} else {
					char *t = json_dumps(value, JSON_ENCODE_ANY | JSON_COMPACT);
					pt__buf_puts(&b, t ? t : "?");
					free(t);
				}
			}
			pt__buf_putc(&b, ')');
			free(keys);
		}
	}
	json_decref(pop);
	if (b.failed) {
		pt__buf_release(&b);
		return NULL;
	}
	return pt__buf_detach(&b);
}

int pt__claim_read_value(pt_claim *c, double tolerance)
{
	pt__buf b = PT__BUF_INIT;
	char lo[48], hi[48];
	double t = (tolerance < 0 ? PT_TOLERANCE_DEFAULT : tolerance) / 100.0;
	enum text_class cls = T_TEXT;

	c->fate = NULL;
	c->comparable = 1;
	if (c->has_min || c->has_max) {
		pt__number_format(c->value_min, lo, sizeof lo);
		pt__number_format(c->value_max, hi, sizeof hi);
		if (c->has_min && c->has_max && c->value_min == c->value_max) {
			c->reading = "number";
			pt__buf_printf(&b, "%s%s", c->approximate ? "~" : "", lo);
		} else if (c->has_min && c->has_max) {
			c->reading = "range";
			pt__buf_printf(&b, "%s%s-%s", c->approximate ? "~" : "", lo, hi);
		} else if (c->has_min) {
			c->reading = "at least";
			pt__buf_printf(&b, "at least %s%s", c->approximate ? "~" : "", lo);
		} else {
			c->reading = "at most";
			pt__buf_printf(&b, "at most %s%s", c->approximate ? "~" : "", hi);
		}
		c->low = c->has_min ? c->value_min : -HUGE_VAL;
		c->high = c->has_max ? c->value_max : HUGE_VAL;
		if (c->value_text)
			pt__buf_printf(&b, " (%s)", c->value_text);
	} else {
		cls = classify(c->value_text);
		pt__buf_puts(&b, c->value_text ? c->value_text : "");
		switch (cls) {
		case T_NONE:     c->reading = "none"; c->low = c->high = 0; break;
		case T_SOME:     c->reading = "some"; c->low = 1; c->high = HUGE_VAL; break;
		case T_RETURNED: c->reading = "fate"; c->fate = "returned"; break;
		case T_DIED:     c->reading = "fate"; c->fate = "died"; break;
		case T_REMAINED: c->reading = "fate"; c->fate = "remained"; break;
		default:         c->reading = "text"; break;
		}
		if (cls != T_NONE && cls != T_SOME)
			c->comparable = 0;
	}
	if (c->comparable && c->approximate) {
		if (!isinf(c->low))
			c->low -= fabs(c->low) * t;
		if (!isinf(c->high))
			c->high += fabs(c->high) * t;
	}
	free(c->value);
	free(c->scope);
	c->value = pt__buf_detach(&b);
	c->scope = scope_text(c->metric, c->population);
	return c->value && c->scope ? PT_OK : PT_ENOMEM;
}

/* "21,150-25,850", "exactly 119", "28,000 or more" */
static void allowed_text(const pt_claim *c, char *buf, size_t size)
{
	char lo[48], hi[48];
	pt__number_format(c->low, lo, sizeof lo);
	pt__number_format(c->high, hi, sizeof hi);
	if (isinf(c->high) && isinf(c->low))
		snprintf(buf, size, "any number");
	else if (isinf(c->high))
		snprintf(buf, size, "%s or more", lo);
	else if (isinf(c->low))
		snprintf(buf, size, "up to %s", hi);
	else if (c->low == c->high)
		snprintf(buf, size, "exactly %s", lo);
	else
		snprintf(buf, size, "%s-%s", lo, hi);
}

int pt__claims_conflict(const pt_claim *a, const pt_claim *b, const char **kind, char **reason)
{
	pt__buf why = PT__BUF_INIT;

	*reason = NULL;
	*kind = NULL;
	if (a->comparable && b->comparable) {
		char ra[96], rb[96];
		if (a->high >= b->low && b->high >= a->low)
			return 0;
		*kind = (!strcmp(a->reading, "none") || !strcmp(b->reading, "none")) &&
			(!strcmp(a->reading, "some") || !strcmp(b->reading, "some"))
			? "none and some" : "numbers";
		allowed_text(a, ra, sizeof ra);
		allowed_text(b, rb, sizeof rb);
		pt__buf_printf(&why, "%s (%s) and %s (%s) do not overlap", a->value, ra, b->value, rb);
	} else if (a->fate && b->fate) {
		/* "never returned" is true of one who died in captivity */
		if (!strcmp(a->fate, b->fate) || (strcmp(a->fate, "returned") && strcmp(b->fate, "returned")))
			return 0;
		*kind = "fates";
		pt__buf_printf(&why, "'%s' (%s) and '%s' (%s) exclude each other", a->value, a->fate,
			       b->value, b->fate);
	} else {
		return 0;
	}
	if (why.failed) {
		pt__buf_release(&why);
		return PT_ENOMEM;
	}
	*reason = pt__buf_detach(&why);
	return 1;
}
