/*
 * mapping.c - the flat fields of PRODUCT.md's CSV formats, the archival
 * header spellings recognised without a mapping ("SURNAME", "Christian
 * names", "Army No.", "Regt."), and mapping files (`--mapping MAP.json`):
 * read and checked once, with messages that name the key at fault.
 */
#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uregex.h>

#include "core/dbfile.h"
#include "core/strmap.h"
#include "import/sheet.h"

#define MAX_MAPPING_BYTES (4u << 20)

#define K(k) (1u << PT__KIND_##k)
#define K_PERSON K(PERSON)

/* The six columns of each event type that the flat CSV has (vocab.c's
 * event types whose `flat` is set, in their order: test_vocab.c checks). */
#define EVENT_FIELDS(e, i) \
	{ #e "_date", K_PERSON, PT__FT_DATE, "date", i }, \
	{ #e "_place", K_PERSON, PT__FT_TEXT, "place", i }, \
	{ #e "_camp", K_PERSON, PT__FT_TEXT, "camp", i }, \
	{ #e "_agent", K_PERSON, PT__FT_TEXT, "agent", i }, \
	{ #e "_notes", K_PERSON, PT__FT_TEXT, "notes", i }, \
	{ #e "_operation", K_PERSON, PT__FT_TEXT, "operation", i }

static const pt__field fields[] = {
	/* persons: PRODUCT.md's flat CSV */
	{ "record_id", K_PERSON, PT__FT_TEXT, "record_id", -1 },
	{ "surname", K_PERSON, PT__FT_TEXT, "surname", -1 },
	{ "given_names", K_PERSON, PT__FT_TEXT, "given_names", -1 },
	{ "full_name", K_PERSON, PT__FT_NAME, NULL, -1 },
	{ "name_original", K_PERSON, PT__FT_TEXT, "name_original", -1 },
	{ "sex", K_PERSON, PT__FT_SEX, "sex", -1 },
	{ "nationality", K_PERSON | K(CLAIM), PT__FT_CODE, "nationality", -1 },
	{ "birth_date", K_PERSON, PT__FT_DATE, "birth_date", -1 },
	{ "birth_place", K_PERSON, PT__FT_TEXT, "birth_place", -1 },
	{ "service", K_PERSON, PT__FT_TEXT, "service", -1 },
	{ "service_number", K_PERSON, PT__FT_TEXT, "service_number", -1 },
	{ "rank", K_PERSON, PT__FT_TEXT, "rank", -1 },
	{ "unit", K_PERSON, PT__FT_TEXT, "unit", -1 },
	EVENT_FIELDS(capture, 0), EVENT_FIELDS(internment, 1), EVENT_FIELDS(transfer, 2),
	EVENT_FIELDS(liberation, 3), EVENT_FIELDS(handover, 4), EVENT_FIELDS(repatriation, 5),
	EVENT_FIELDS(release, 6), EVENT_FIELDS(return, 7), EVENT_FIELDS(death, 8),
	EVENT_FIELDS(burial, 9), EVENT_FIELDS(sighting, 10), EVENT_FIELDS(last_seen, 11),
	{ "source", K_PERSON | K(CLAIM), PT__FT_TEXT, "source", -1 },
	{ "source_locator", K_PERSON | K(CLAIM), PT__FT_TEXT, "locator", -1 },
	{ "notes", K_PERSON | K(CAMP) | K(SOURCE) | K(CLAIM) | K(OPERATION) | K(LOCATION),
	  PT__FT_TEXT, "notes", -1 },
	/* keys of camps, sources, claims, operations */
	{ "key", K(CAMP) | K(SOURCE) | K(CLAIM) | K(OPERATION), PT__FT_TEXT, "key", -1 },
	{ "name", K(CAMP) | K(OPERATION), PT__FT_TEXT, "name", -1 },
	{ "type", K(CAMP), PT__FT_TEXT, "type", -1 },
	{ "operator", K(CAMP), PT__FT_CODE, "operator", -1 },
	{ "place", K(CAMP) | K(OPERATION) | K(LOCATION), PT__FT_TEXT, "place", -1 },
	{ "country", K(CAMP), PT__FT_CODE, "country", -1 },
	{ "lat", K(CAMP) | K(LOCATION), PT__FT_NUMBER, "lat", -1 },
	{ "lon", K(CAMP) | K(LOCATION), PT__FT_NUMBER, "lon", -1 },
	{ "period", K(CAMP), PT__FT_DATE, "period", -1 },
	{ "period_start", K(CAMP), PT__FT_DATE, NULL, -1 },
	{ "period_end", K(CAMP), PT__FT_DATE, NULL, -1 },
	{ "verified", K(CAMP), PT__FT_BOOL, "verified", -1 },
	{ "aliases", K(CAMP), PT__FT_LIST, "aliases", -1 },
	{ "kind", K(SOURCE) | K(OPERATION), PT__FT_TEXT, "kind", -1 },
	{ "title", K(SOURCE), PT__FT_TEXT, "title", -1 },
	{ "authors", K(SOURCE), PT__FT_LIST, "authors", -1 },
	{ "date", K(SOURCE) | K(CLAIM) | K(OPERATION), PT__FT_DATE, "date", -1 },
	{ "publisher", K(SOURCE), PT__FT_TEXT, "publisher", -1 },
	{ "isbn", K(SOURCE), PT__FT_TEXT, "isbn", -1 },
	{ "url", K(SOURCE), PT__FT_TEXT, "url", -1 },
	{ "archive", K(SOURCE), PT__FT_TEXT, "archive", -1 },
	{ "reference", K(SOURCE), PT__FT_TEXT, "reference", -1 },
	{ "collection", K(SOURCE), PT__FT_TEXT, "collection", -1 },
	{ "series", K(SOURCE), PT__FT_TEXT, "series", -1 },
	{ "piece", K(SOURCE), PT__FT_TEXT, "piece", -1 },
	{ "fond", K(SOURCE), PT__FT_TEXT, "fond", -1 },
	{ "opis", K(SOURCE), PT__FT_TEXT, "opis", -1 },
	{ "delo", K(SOURCE), PT__FT_TEXT, "delo", -1 },
	{ "cites", K(SOURCE), PT__FT_LIST, "cites", -1 },
	{ "derives_from", K(SOURCE), PT__FT_LIST, "derives_from", -1 },
	{ "transcribes", K(SOURCE), PT__FT_LIST, "transcribes", -1 },
	{ "translates", K(SOURCE), PT__FT_LIST, "translates", -1 },
	{ "question", K(CLAIM), PT__FT_TEXT, "question", -1 },
	{ "metric", K(CLAIM), PT__FT_TEXT, "metric", -1 },
	{ "population", K(CLAIM), PT__FT_TEXT, "population", -1 },
	{ "value", K(CLAIM), PT__FT_NUMBER, "value", -1 },
	{ "value_min", K(CLAIM), PT__FT_NUMBER, "value_min", -1 },
	{ "value_max", K(CLAIM), PT__FT_NUMBER, "value_max", -1 },
	{ "approximate", K(CLAIM), PT__FT_BOOL, "approximate", -1 },
	{ "value_text", K(CLAIM), PT__FT_TEXT, "value_text", -1 },
	{ "text", K(CLAIM), PT__FT_TEXT, "text", -1 },
	/* camp locations */
	{ "camp", K(LOCATION), PT__FT_TEXT, "camp", -1 },
	{ "seq", K(LOCATION), PT__FT_INTEGER, "seq", -1 },
	{ NULL, 0, PT__FT_TEXT, NULL, -1 },
};

#define FIELD_COUNT (sizeof fields / sizeof *fields - 1)

int pt__field_find(pt__kind kind, const char *name)
{
	for (size_t i = 0; i < FIELD_COUNT; i++)
		if ((fields[i].kinds & (1u << kind)) && !strcmp(fields[i].name, name))
			return (int)i;
	return -1;
}

const pt__field *pt__field_get(int index)
{
	return index >= 0 && (size_t)index < FIELD_COUNT ? &fields[index] : NULL;
}

/* ---- headers --------------------------------------------------------- */

char *pt__header_key(const char *header)
{
	size_t n = strlen(header);
	char *key = malloc(n + 1), *w = key;
	if (!key)
		return NULL;
	for (const unsigned char *p = (const unsigned char *)header; *p; p++) {
		if (*p >= 'A' && *p <= 'Z')
			*w++ = (char)(*p + 32);
		else if ((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p >= 0x80)
			*w++ = (char)*p;
	}
	*w = '\0';
	pt__utf8_lower(key);
	/* Latin Extended-A capitals (Ł, Ś, Ż, Ę ...: Polish headers), which
	 * pt__utf8_lower leaves: upper and lower case alternate, with the
	 * parity flipping at U+0139 and U+0179 */
	for (unsigned char *p = (unsigned char *)key; *p; p++) {
		unsigned cp;
		if ((p[0] != 0xc4 && p[0] != 0xc5) || (p[1] & 0xc0) != 0x80)
			continue;
		cp = ((unsigned)(p[0] & 0x1f) << 6) | (p[1] & 0x3f);
		if (cp != 0x130 && ((cp < 0x138 && !(cp & 1)) || (cp >= 0x139 && cp < 0x149 && (cp & 1)) ||
				    (cp >= 0x14a && cp < 0x178 && !(cp & 1)) ||
				    (cp >= 0x179 && cp < 0x17f && (cp & 1)))) {
			cp++;
			p[0] = (unsigned char)(0xc0 | (cp >> 6));
			p[1] = (unsigned char)(0x80 | (cp & 0x3f));
		}
		p++;
	}
	return key;
}

/* Archival spellings of headers, folded as pt__header_key folds them. */
static const struct spelling {
	unsigned kinds;
	const char *field;
	const char *keys; /* space-separated */
} spellings[] = {
	{ K_PERSON, "surname", "surname surnames familyname lastname nachname familienname "
	  "zuname nom nomdefamille фамилия "
	  "achternaam familienaam geslachtsnaam nazwisko patronyme nomdefamille" },
	{ K_PERSON, "given_names", "givenname givennames christianname christiannames "
	  "forename forenames firstname firstnames vorname vornamen prenom prenoms prénom "
	  "prénoms имя "
	  "voornaam voornamen doopnaam doopnamen imię imie imiona prenomusuel" },
	{ K_PERSON, "full_name", "name names fullname nameandinitials nameandforenames "
	  "surnameandforenames surnameandchristiannames namevorname fio фио "
	  "naam volledigenaam naamenvoornamen imięinazwisko imieinazwisko nazwiskoiimię nazwiskoiimie nazwiskoiimiona nometprénom nometprenom nomprénom nomprenom nomcomplet nometprénoms nometprenoms nameundvorname vorundzuname zuundvorname" },
	{ K_PERSON, "record_id", "recordid id no nr number regno registerno registernumber "
	  "cardno cardnumber pownumber powno prisonernumber prisonerno kgfnr "
	  "gefangenennummer erkennungsmarke "
	  "volgnummer nummer lp lfdnr laufendenummer numéro numero n° nº" },
	{ K_PERSON, "service_number", "armyno armynumber serviceno servicenumber "
	  "regimentalno regimentalnumber regtno regtlno officialno officialnumber personalnumber "
	  "serialnumber serialno sn matricule "
	  "stamnummer legernummer numerewidencyjny numérodematricule numerodematricule kennummer" },
	{ K_PERSON, "rank", "rank dienstgrad grade rang звание "
	  "graad stopień stopien" },
	{ K_PERSON, "unit", "unit regt regiment regimentunit unitregiment regimentorunit "
	  "corps battalion squadron einheit truppenteil formation "
	  "eenheid onderdeel jednostka oddział oddzial unité unite régiment" },
	{ K_PERSON, "service", "service branch arm armofservice waffengattung" },
	{ K_PERSON, "nationality", "nationality nation country citizenship "
	  "staatsangehorigkeit staatsangehörigkeit nationalite nationalité "
	  "гражданство национальность "
	  "nationaliteit narodowość narodowosc obywatelstwo" },
	{ K_PERSON, "sex", "sex gender geschlecht пол "
	  "geslacht płeć plec sexe" },
	{ K_PERSON, "birth_date", "dateofbirth born birthdate dob birth yearofbirth "
	  "geburtsdatum geboren gebdatum datedenaissance датарождения годрождения "
	  "geboortedatum dataurodzenia urodzony urodzona urodz néle nele né naissance gebam geburtstag" },
	{ K_PERSON, "birth_place", "placeofbirth birthplace bornat geburtsort "
	  "lieudenaissance месторождения "
	  "geboorteplaats miejsceurodzenia néà lieunaissance" },
	{ K_PERSON, "internment_camp", "camp camps stalag oflag lager campname powcamp "
	  "campofinternment internmentcamp lagerort лагерь "
	  "kamp krijgsgevangenenkamp obóz oboz obózjeniecki obozjeniecki campdeprisonniers kriegsgefangenenlager" },
	{ K_PERSON, "internment_date", "dateofinternment interned internmentdate" },
	{ K_PERSON, "capture_date", "dateofcapture captured capturedate datecaptured "
	  "dateofcapturemissing gefangennahme datumdergefangennahme gefangenam "
	  "датапленения "
	  "datumgevangenneming gevangengenomen gevangenneming dataniewoli wziętydoniewoli wzietydoniewoli dataschwytania datedecapture capturéle capturele faitprisonnierle captivité captivite" },
	{ K_PERSON, "capture_place", "placeofcapture capturedat wherecaptured "
	  "ortdergefangennahme местопленения "
	  "plaatsgevangenneming miejscewzięciadoniewoli miejscewzieciadoniewoli miejsceschwytania lieudecapture capturéà" },
	{ K_PERSON, "liberation_date", "liberated dateofliberation liberationdate befreit "
	  "bevrijd wyzwolony libération" },
	{ K_PERSON, "repatriation_date", "repatriated dateofrepatriation repatriationdate" },
	{ K_PERSON, "release_date", "released dateofrelease releasedate entlassen entlassung "
	  "vrijgelaten datumvrijlating zwolniony datazwolnienia libéréle liberele" },
	{ K_PERSON, "return_date", "returned dateofreturn returndate heimkehr "
	  "teruggekeerd terugkeer powrót powrot datapowrotu retour rapatriéle" },
	{ K_PERSON, "death_date", "died dateofdeath deathdate dod gestorben verstorben "
	  "todesdatum датасмерти "
	  "overleden datumoverlijden overlijdensdatum sterfdatum datasmierci dataśmierci zmarł zmarl zmarła zmarla datededécès datededeces décédéle decedele décès deces gestorbenam" },
	{ K_PERSON, "death_place", "placeofdeath deathplace sterbeort местосмерти "
	  "plaatsoverlijden overlijdensplaats miejsceśmierci miejscesmierci lieudedécès lieudedeces todesort" },
	{ K_PERSON, "burial_place", "buried placeofburial burialplace grave cemetery friedhof" },
	{ K_PERSON, "transfer_camp", "transferredto transfer" },
	{ K_PERSON, "last_seen_date", "lastseen" },
	{ K_PERSON | K(CLAIM), "source", "source sources quelle источник "
	  "bron źródło zrodlo" },
	{ K_PERSON | K(CLAIM), "source_locator", "page folio locator pageno seite blatt "
	  "reference ref" },
	{ K_PERSON | K(CAMP) | K(SOURCE) | K(CLAIM) | K(OPERATION) | K(LOCATION), "notes",
	  "remarks remark notes note comments comment observations anmerkungen "
	  "bemerkungen anmerkung bemerkung remarques примечание примечания "
	  "opmerkingen opmerking uwagi uwaga" },
	{ K(CAMP) | K(LOCATION), "lat", "latitude" },
	{ K(CAMP) | K(LOCATION), "lon", "longitude lng long" },
	{ K(CAMP), "aliases", "alias alsoknownas othernames alternativenames" },
	{ K(SOURCE), "authors", "author" },
	{ K(LOCATION), "seq", "order orderindex" },
	{ K(LOCATION), "place", "description location" },
	{ 0, NULL, NULL },
};

static int in_list(const char *list, const char *key)
{
	size_t n = strlen(key);
	for (const char *p = list; *p;) {
		const char *end = strchr(p, ' ');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len == n && !memcmp(p, key, n))
			return 1;
		p += len;
		while (*p == ' ')
			p++;
	}
	return 0;
}

/* The fields every folded header names, per kind: canonical names first,
 * then the archival spellings, the first one listed winning. Built once per
 * process (it never changes), so that recognising a header is one look-up
 * however many headers a file has. */
static pt__strmap *recognised[PT__KIND_COUNT];
static pthread_once_t recognised_once = PTHREAD_ONCE_INIT;

static void put_new(pt__strmap *m, const char *key, int field, int *failed)
{
	if (*key && pt__strmap_get(m, key) < 0 && pt__strmap_put(m, key, field))
		*failed = 1;
}

static void build_recognised(void)
{
	for (int kind = 0; kind < PT__KIND_COUNT; kind++) {
		pt__strmap *m = pt__strmap_new();
		int failed = !m;
		for (size_t i = 0; i < FIELD_COUNT && !failed; i++) {
			char *canonical;
			if (!(fields[i].kinds & (1u << kind)))
				continue;
			if (!(canonical = pt__header_key(fields[i].name)))
				failed = 1;
			else
				put_new(m, canonical, (int)i, &failed);
			free(canonical);
		}
		for (const struct spelling *sp = spellings; sp->field && !failed; sp++) {
			int f;
			if (!(sp->kinds & (1u << kind)) || (f = pt__field_find((pt__kind)kind, sp->field)) < 0)
				continue;
			for (const char *p = sp->keys; *p && !failed;) {
				size_t len = strcspn(p, " ");
				char key[128];
				if (len && len < sizeof key) {
					memcpy(key, p, len);
					key[len] = '\0';
					put_new(m, key, f, &failed);
				}
				p += len;
				while (*p == ' ')
					p++;
			}
		}
		if (failed) {
			pt__strmap_free(m);
			m = NULL; /* the slow way below, then */
		}
		recognised[kind] = m;
	}
}

int pt__field_recognise(pt__kind kind, const char *header)
{
	char *key = pt__header_key(header);
	int found = -1;

	if (!key)
		return -1;
	pthread_once(&recognised_once, build_recognised);
	if ((unsigned)kind < PT__KIND_COUNT && recognised[kind]) {
		found = (int)pt__strmap_get(recognised[kind], key);
		free(key);
		return found;
	}
	/* the canonical names themselves, folded the same way ("Capture date") */
	for (size_t i = 0; i < FIELD_COUNT && found < 0; i++) {
		char *canonical;
		if (!(fields[i].kinds & (1u << kind)))
			continue;
		canonical = pt__header_key(fields[i].name);
		if (canonical && !strcmp(canonical, key))
			found = (int)i;
		free(canonical);
	}
	for (const struct spelling *s = spellings; s->field && found < 0; s++)
		if ((s->kinds & (1u << kind)) && in_list(s->keys, key))
			found = pt__field_find(kind, s->field);
	free(key);
	return found;
}

const char *pt__header_spellings(size_t i, unsigned *kinds, const char **field)
{
	if (i >= sizeof spellings / sizeof *spellings - 1)
		return NULL;
	*kinds = spellings[i].kinds;
	*field = spellings[i].field;
	return spellings[i].keys;
}

/* ---- mapping files ------------------------------------------------------- */

static int fail(pt_db *db, const char *name, const char *where, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(pt_db *db, const char *name, const char *where, const char *fmt, ...)
{
	pt__buf msg = PT__BUF_INIT;
	va_list ap;
	pt__buf_printf(&msg, "%s: ", name);
	if (where)
		pt__buf_printf(&msg, "%s: ", where);
	va_start(ap, fmt);
	pt__buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	pt__error(db, PT_EINVAL, "%s", pt__buf_str(&msg));
	pt__buf_release(&msg);
	return PT_EINVAL;
}

static int parse_kind(const char *s, pt__kind *out)
{
	for (int k = 0; k < PT__KIND_COUNT; k++)
		if (!strcmp(pt__kind_name((pt__kind)k), s)) {
			*out = (pt__kind)k;
			return PT_OK;
		}
	return PT_EINVAL;
}

/* "dmy", "mdy", "ymd" */
static int parse_order(const char *s)
{
	if (!strcmp(s, "dmy"))
		return PT_DATE_ORDER_DMY;
	if (!strcmp(s, "mdy"))
		return PT_DATE_ORDER_MDY;
	if (!strcmp(s, "ymd"))
		return PT_DATE_ORDER_YMD;
	return -1;
}

static char *dup_string(json_t *v)
{
	return pt__strdup(json_string_value(v));
}

/* "$1" ... in a template; checks that group numbers exist */
static int check_template(const char *t, int groups)
{
	for (const char *p = t; *p; p++)
		if (*p == '$' && p[1] >= '0' && p[1] <= '9' && p[1] - '0' > groups)
			return p[1] - '0';
	return 0;
}

static int read_rules(pt_db *db, const char *name, const char *where, pt__kind kind,
		      json_t *list, pt__column_map *col)
{
	size_t i;
	json_t *item;
	pt__buf at = PT__BUF_INIT;
	int rc = PT_OK;

	if (!json_is_array(list))
		return fail(db, name, where, "expected an array of {\"pattern\": ..., \"fields\": {...}}");
	col->rules = calloc(json_array_size(list) + 1, sizeof *col->rules);
	if (!col->rules)
		return pt__error(db, PT_ENOMEM, "out of memory");
	json_array_foreach(list, i, item) {
		struct pt__rule *rule = &col->rules[col->rule_count++];
		json_t *pattern = json_object_get(item, "pattern");
		json_t *set = json_object_get(item, "fields");
		UErrorCode err = U_ZERO_ERROR;
		UParseError perr;
		const char *fkey;
		json_t *fval;
		size_t k = 0;
		int groups;

		pt__buf_reset(&at);
		pt__buf_printf(&at, "%s[%zu]", where, i + 1);
		if (!json_is_object(item) || !json_is_string(pattern) || !json_is_object(set)) {
			rc = fail(db, name, pt__buf_str(&at),
				  "expected {\"pattern\": \"REGEX\", \"fields\": {\"FIELD\": \"$1\"}}");
			goto cleanup;
		}
		rule->pattern = dup_string(pattern);
		rule->regex = uregex_openC(rule->pattern, 0, &perr, &err);
		if (U_FAILURE(err)) {
			rc = fail(db, name, pt__buf_str(&at), "cannot read pattern '%s': %s (offset %d)",
				  rule->pattern, u_errorName(err), perr.offset);
			goto cleanup;
		}
		/* a pattern such as ^(a+)+$ backtracks for hours on a short cell:
		 * each match gets a bounded number of steps (import_flat.c says
		 * which cell ran out) */
		uregex_setTimeLimit(rule->regex, PT__PATTERN_TIME_LIMIT, &err);
		groups = uregex_groupCount(rule->regex, &err);
		rule->fields = calloc(json_object_size(set) + 1, sizeof *rule->fields);
		rule->templates = calloc(json_object_size(set) + 1, sizeof *rule->templates);
		if (!rule->fields || !rule->templates) {
			rc = pt__error(db, PT_ENOMEM, "out of memory");
			goto cleanup;
		}
		json_object_foreach(set, fkey, fval) {
			int f = pt__field_find(kind, fkey), bad;
			if (f < 0 && strcmp(fkey, "keep")) {
				rc = fail(db, name, pt__buf_str(&at), "unknown field '%s' for %s records",
					  fkey, pt__kind_name(kind));
				goto cleanup;
			}
			if (!json_is_string(fval)) {
				rc = fail(db, name, pt__buf_str(&at), "fields.%s: expected a string "
					  "such as \"$1\"", fkey);
				goto cleanup;
			}
			if ((bad = check_template(json_string_value(fval), groups))) {
				rc = fail(db, name, pt__buf_str(&at), "fields.%s: the pattern has no "
					  "group $%d", fkey, bad);
				goto cleanup;
			}
			rule->fields[k] = f < 0 ? PT__FIELD_KEEP : f;
			rule->templates[k] = dup_string(fval);
			if (!rule->templates[k]) {
				rc = pt__error(db, PT_ENOMEM, "out of memory");
				goto cleanup;
			}
			rule->count = ++k;
		}
	}
cleanup:
	pt__buf_release(&at);
	return rc;
}

static int read_column(pt_db *db, const char *name, pt__kind kind, const char *header,
		       json_t *spec, pt__column_map *col)
{
	static const char *const keys[] = {
		"field", "order", "values", "prefix", "split", "number", "match", "notes", NULL,
	};
	pt__buf where = PT__BUF_INIT;
	const char *field = NULL;
	const char *key;
	json_t *v;
	int rc = PT_OK;

	pt__buf_printf(&where, "columns.%s", header);
	col->header = pt__strdup(header);
	col->header_key = pt__header_key(header);
	col->field = PT__FIELD_KEEP;
	if (!col->header || !col->header_key) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	if (json_is_null(spec)) {
		col->field = PT__FIELD_IGNORE;
		goto cleanup;
	}
	if (json_is_string(spec)) {
		field = json_string_value(spec);
	} else if (json_is_object(spec)) {
		json_object_foreach(spec, key, v) {
			const char *const *k = keys;
			while (*k && strcmp(*k, key))
				k++;
			if (!*k) {
				rc = fail(db, name, pt__buf_str(&where), "unknown key '%s' (expected "
					  "field, order, values, prefix, split, number, match or notes)",
					  key);
				goto cleanup;
			}
		}
		v = json_object_get(spec, "field");
		if (v && !json_is_string(v) && !json_is_null(v)) {
			rc = fail(db, name, pt__buf_str(&where), "field: expected a field name");
			goto cleanup;
		}
		field = v ? json_string_value(v) : "keep";
		if (!field)
			field = "ignore";
	} else {
		rc = fail(db, name, pt__buf_str(&where), "expected a field name or an object");
		goto cleanup;
	}
	if (!strcmp(field, "ignore")) {
		col->field = PT__FIELD_IGNORE;
	} else if (strcmp(field, "keep") && strcmp(field, "extra")) {
		col->field = pt__field_find(kind, field);
		if (col->field < 0) {
			rc = fail(db, name, pt__buf_str(&where), "unknown field '%s' for %s records",
				  field, pt__kind_name(kind));
			goto cleanup;
		}
	}
	if (!json_is_object(spec))
		goto cleanup;
	if ((v = json_object_get(spec, "order"))) {
		const char *o = json_string_value(v);
		if (o && !strcmp(o, "surname_first"))
			col->order = PT__ORDER_SURNAME_FIRST;
		else if (o && !strcmp(o, "given_first"))
			col->order = PT__ORDER_GIVEN_FIRST;
		else if (o && !strcmp(o, "auto"))
			col->order = PT__ORDER_AUTO;
		else {
			rc = fail(db, name, pt__buf_str(&where), "order: expected surname_first, "
				  "given_first or auto");
			goto cleanup;
		}
	}
	if ((v = json_object_get(spec, "values"))) {
		const char *from;
		json_t *to;
		if (!json_is_object(v)) {
			rc = fail(db, name, pt__buf_str(&where), "values: expected an object "
				  "{\"as written\": \"value\"}");
			goto cleanup;
		}
		json_object_foreach(v, from, to)
			if (!json_is_string(to) && !json_is_null(to)) {
				rc = fail(db, name, pt__buf_str(&where), "values.%s: expected a "
					  "string or null", from);
				goto cleanup;
			}
		col->values = json_incref(v);
	}
	if ((v = json_object_get(spec, "prefix"))) {
		if (!json_is_string(v)) {
			rc = fail(db, name, pt__buf_str(&where), "prefix: expected a string");
			goto cleanup;
		}
		col->prefix = dup_string(v);
	}
	if ((v = json_object_get(spec, "split"))) {
		if (!json_is_string(v) || !json_string_length(v)) {
			rc = fail(db, name, pt__buf_str(&where), "split: expected a separator");
			goto cleanup;
		}
		col->split = dup_string(v);
	}
	if ((v = json_object_get(spec, "number"))) {
		if (!json_is_boolean(v)) {
			rc = fail(db, name, pt__buf_str(&where), "number: expected true or false");
			goto cleanup;
		}
		col->number = json_is_true(v);
	}
	if ((v = json_object_get(spec, "match"))) {
		pt__buf_puts(&where, ".match");
		rc = read_rules(db, name, pt__buf_str(&where), kind, v, col);
	}
cleanup:
	pt__buf_release(&where);
	return rc;
}

/* The settings of the file: kind, delimiter, encoding, header line, date
 * order, century. */
static int read_settings(pt_db *db, const char *name, json_t *doc, pt__mapping *m)
{
	json_t *v;

	if ((v = json_object_get(doc, "kind"))) {
		if (!json_is_string(v) || parse_kind(json_string_value(v), &m->kind))
			return fail(db, name, "kind", "expected person, source, camp, claim, operation "
				    "or location");
		m->has_kind = 1;
	}
	if ((v = json_object_get(doc, "delimiter"))) {
		const char *d = json_string_value(v);
		if (d && (!strcmp(d, "tab") || !strcmp(d, "\t")))
			m->delimiter = '\t';
		else if (d && strlen(d) == 1 && strchr(",;|", d[0]))
			m->delimiter = d[0];
		else
			return fail(db, name, "delimiter", "expected \",\", \";\", \"|\" or \"tab\"");
	}
	if ((v = json_object_get(doc, "encoding")) &&
	    (!json_is_string(v) || pt__encoding_parse(json_string_value(v), &m->encoding)))
		return fail(db, name, "encoding", "expected utf-8, utf-16, windows-1252 or latin-1");
	if ((v = json_object_get(doc, "header_line"))) {
		if (!json_is_integer(v) || json_integer_value(v) < 1 || json_integer_value(v) > 1000)
			return fail(db, name, "header_line", "expected a line number from 1 to 1000");
		m->header_line = (long)json_integer_value(v);
	}
	if ((v = json_object_get(doc, "date_order")) &&
	    (!json_is_string(v) || (m->date_order = parse_order(json_string_value(v))) < 0))
		return fail(db, name, "date_order", "expected dmy, mdy or ymd");
	if ((v = json_object_get(doc, "two_digit_years")) && json_is_object(v)) {
		/* by what the date is of: {"birth": 1800, "capture": 1900} */
		const char *role_name;
		json_t *c;
		json_object_foreach(v, role_name, c) {
			pt_date_role role;
			json_int_t century = json_is_integer(c) ? json_integer_value(c) : -1;
			if (pt_date_role_parse(role_name, &role))
				return fail(db, name, "two_digit_years", "unknown date '%s' (expected birth, "
					    "capture, captivity, release, death or other)", role_name);
			if (century > 0 && century < 100)
				century *= 100;
			if (century <= 0 || century % 100 || century > 9900)
				return fail(db, name, "two_digit_years", "%s: expected the century they "
					    "fall in, such as 1900", role_name);
			m->centuries[role] = (int)century;
		}
	} else if (v) {
		json_int_t c = json_is_integer(v) ? json_integer_value(v) : -1;
		if (c > 0 && c < 100)
			c *= 100;
		if (c <= 0 || c % 100 || c > 9900)
			return fail(db, name, "two_digit_years", "expected the century they fall in, "
				    "such as 1900, or one for each kind of date ({\"birth\": 1800})");
		m->century = (int)c;
	}
	return PT_OK;
}

/* "columns": {"header": "field" or {...}} */
static int read_columns(pt_db *db, const char *name, json_t *v, pt__mapping *m)
{
	const char *header;
	json_t *spec;
	int rc;

	if (!json_is_object(v))
		return fail(db, name, "columns", "expected an object {\"header\": \"field\"}");
	m->columns = calloc(json_object_size(v) + 1, sizeof *m->columns);
	if (!m->columns)
		return pt__error(db, PT_ENOMEM, "out of memory");
	json_object_foreach(v, header, spec) {
		m->columns[m->column_count].rank = (int)m->column_count;
		if ((rc = read_column(db, name, m->kind, header, spec, &m->columns[m->column_count++])))
			return rc;
	}
	/* look-ups by header and by folded header, in constant time (a header
	 * of 100,000 columns against a mapping of as many) */
	if (!(m->by_header = pt__strmap_new()) || !(m->by_key = pt__strmap_new()))
		return pt__error(db, PT_ENOMEM, "out of memory");
	for (size_t i = m->column_count; i-- > 0;) /* the first named wins */
		if (pt__strmap_put(m->by_header, m->columns[i].header, (long)i) ||
		    (*m->columns[i].header_key &&
		     pt__strmap_put(m->by_key, m->columns[i].header_key, (long)i)))
			return pt__error(db, PT_ENOMEM, "out of memory");
	return PT_OK;
}

/* "defaults": {"field": "value" or a number or a boolean} */
static int read_defaults(pt_db *db, const char *name, json_t *v, pt__mapping *m)
{
	const char *field;
	json_t *value;

	if (!json_is_object(v))
		return fail(db, name, "defaults", "expected an object {\"field\": \"value\"}");
	m->default_fields = calloc(json_object_size(v) + 1, sizeof *m->default_fields);
	m->default_values = calloc(json_object_size(v) + 1, sizeof *m->default_values);
	if (!m->default_fields || !m->default_values)
		return pt__error(db, PT_ENOMEM, "out of memory");
	json_object_foreach(v, field, value) {
		int f = pt__field_find(m->kind, field);
		char number[64];
		const char *text_value = json_string_value(value);
		if (f < 0)
			return fail(db, name, "defaults", "unknown field '%s' for %s records", field,
				    pt__kind_name(m->kind));
		if (json_is_number(value)) {
			snprintf(number, sizeof number, "%.17g", json_number_value(value));
			text_value = number;
		} else if (json_is_boolean(value)) {
			text_value = json_is_true(value) ? "true" : "false";
		}
		if (!text_value)
			return fail(db, name, "defaults", "%s: expected a string or a number", field);
		m->default_fields[m->default_count] = f;
		if (!(m->default_values[m->default_count++] = pt__strdup(text_value)))
			return pt__error(db, PT_ENOMEM, "out of memory");
	}
	return PT_OK;
}

int pt__mapping_parse(pt_db *db, const char *name, const char *text, size_t len,
		      pt__kind default_kind, pt__mapping **out)
{
	static const char *const keys[] = {
		"kind", "delimiter", "encoding", "header_line", "date_order", "two_digit_years",
		"columns", "defaults", "notes", NULL,
	};
	json_error_t jerr;
	json_t *doc, *v;
	pt__mapping *m = NULL;
	const char *key;
	int rc = PT_OK;
	pt__encoding wide = PT__ENC_UNKNOWN;

	*out = NULL;
	/* a byte order mark, as editors on Windows write one: UTF-8's is
	 * passed over; UTF-16 and UTF-32 are refused by name */
	if (pt__encoding_bom(text, len, &wide) == 3 && wide == PT__ENC_UTF8) {
		text += 3;
		len -= 3;
	} else if (wide != PT__ENC_UNKNOWN || (wide = pt__encoding_sniff(text, len)) != PT__ENC_UNKNOWN) {
		return pt__error(db, PT_EINVAL, "%s: the mapping file is %s; it must be UTF-8 "
				 "(convert it first, e.g. iconv -f %s -t UTF-8)", name,
				 pt__encoding_name(wide), pt__encoding_name(wide));
	}
	doc = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!doc)
		return pt__error(db, PT_EINVAL, "%s:%d: cannot read JSON: %s (column %d)", name,
				 jerr.line, jerr.text, jerr.column);
	if (!json_is_object(doc)) {
		rc = fail(db, name, NULL, "a mapping is a JSON object");
		goto cleanup;
	}
	json_object_foreach(doc, key, v) {
		const char *const *k = keys;
		while (*k && strcmp(*k, key))
			k++;
		if (!*k) {
			rc = fail(db, name, key, "unknown key (expected kind, delimiter, encoding, "
				  "header_line, date_order, two_digit_years, columns or defaults)");
			goto cleanup;
		}
	}
	if (!(m = calloc(1, sizeof *m)) || !(m->path = pt__strdup(name))) {
		rc = pt__error(db, PT_ENOMEM, "out of memory");
		goto cleanup;
	}
	m->kind = default_kind;
	m->date_order = -1;
	{
		pt__sha256 h;
		pt__sha256_init(&h);
		pt__sha256_update(&h, text, len);
		pt__sha256_hex(&h, m->sha256);
	}
	if ((rc = read_settings(db, name, doc, m)) ||
	    ((v = json_object_get(doc, "columns")) && (rc = read_columns(db, name, v, m))) ||
	    ((v = json_object_get(doc, "defaults")) && (rc = read_defaults(db, name, v, m))))
		goto cleanup;
cleanup:
	json_decref(doc);
	if (rc) {
		pt__mapping_free(m);
		return rc;
	}
	*out = m;
	return PT_OK;
}

int pt__mapping_load(pt_db *db, const char *path, pt__kind default_kind, pt__mapping **out)
{
	const char *which = pt__dbfile_which(db, path);
	FILE *f = which ? NULL : fopen(path, "rb");
	pt__buf text = PT__BUF_INIT;
	char chunk[8192];
	size_t n;
	int rc;

	*out = NULL;
	if (which) /* (never opened: closing it would drop SQLite's locks) */
		return pt__error(db, PT_EINVAL, "%s: is %s, not a mapping file", path, which);
	if (!f)
		return pt__error(db, errno == ENOENT ? PT_ENOTFOUND : PT_EIO,
				 "%s: cannot open: %s", path, strerror(errno));
	text.max = MAX_MAPPING_BYTES;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		if (pt__buf_add(&text, chunk, n))
			break;
	fclose(f);
	if (text.failed) {
		pt__buf_release(&text);
		return pt__error(db, PT_EINVAL, "%s: a mapping file larger than %u bytes", path,
				 MAX_MAPPING_BYTES);
	}
	rc = pt__mapping_parse(db, path, text.data ? text.data : "", text.len, default_kind, out);
	pt__buf_release(&text);
	return rc;
}

void pt__mapping_free(pt__mapping *m)
{
	if (!m)
		return;
	for (size_t i = 0; i < m->column_count; i++) {
		pt__column_map *c = &m->columns[i];
		free(c->header);
		free(c->header_key);
		json_decref(c->values);
		free(c->prefix);
		free(c->split);
		for (size_t r = 0; r < c->rule_count; r++) {
			struct pt__rule *rule = &c->rules[r];
			free(rule->pattern);
			if (rule->regex)
				uregex_close(rule->regex);
			for (size_t k = 0; k < rule->count; k++)
				free(rule->templates[k]);
			free(rule->templates);
			free(rule->fields);
		}
		free(c->rules);
	}
	free(m->columns);
	pt__strmap_free(m->by_header);
	pt__strmap_free(m->by_key);
	for (size_t i = 0; i < m->default_count; i++)
		free(m->default_values[i]);
	free(m->default_values);
	free(m->default_fields);
	free(m->path);
	free(m);
}

const pt__column_map *pt__mapping_column(const pt__mapping *m, const char *header)
{
	long i;
	char *key;

	if (!m || !m->column_count)
		return NULL;
	if ((i = pt__strmap_get(m->by_header, header)) >= 0)
		return &m->columns[i];
	if (!(key = pt__header_key(header)))
		return NULL;
	i = *key ? pt__strmap_get(m->by_key, key) : -1;
	free(key);
	return i >= 0 ? &m->columns[i] : NULL;
}
