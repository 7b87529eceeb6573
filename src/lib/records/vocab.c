/*
 * vocab.c - the vocabulary of the records, each list defined once, here:
 * event types (with the fate each bears on, for the case status), camp
 * types, case statuses, source kinds (with the spellings people write),
 * source relations, sexes, the grades of a citation, and surname
 * particles. The schema's CHECK constraints, the importer's checks, the
 * filters of count and report, the status derivation, the name search and
 * the command line's help all follow these tables (tests/unit/test_vocab.c
 * checks that the schema and the help list exactly these values).
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "records/records.h"

/* ---- event types ------------------------------------------------------------ */

static const struct pt__event_type event_types[] = {
	{ "birth",        PT__FATE_NONE,     0, "Birth" },
	{ "capture",      PT__FATE_CAPTIVE,  1, "Capture" },
	{ "internment",   PT__FATE_CAPTIVE,  1, "Internment" },
	{ "transfer",     PT__FATE_CAPTIVE,  1, "Transfer" },
	{ "liberation",   PT__FATE_CAPTIVE,  1, "Liberation" },
	{ "handover",     PT__FATE_CAPTIVE,  1, "Handover to another power" },
	{ "repatriation", PT__FATE_RETURNED, 1, "Repatriation" },
	{ "release",      PT__FATE_CAPTIVE,  1, "Release" },   /* still in transit */
	{ "return",       PT__FATE_RETURNED, 1, "Return home" },
	{ "death",        PT__FATE_DIED,     1, "Death" },
	{ "burial",       PT__FATE_DIED,     1, "Burial" },
	{ "sighting",     PT__FATE_CAPTIVE,  1, "Sighting" },
	{ "last_seen",    PT__FATE_CAPTIVE,  1, "Last seen" },
};

#define COUNT(a) (sizeof (a) / sizeof *(a))

const struct pt__event_type *pt__event_type(const char *type)
{
	for (size_t i = 0; type && i < COUNT(event_types); i++)
		if (!strcmp(event_types[i].name, type))
			return &event_types[i];
	return NULL;
}

const struct pt__event_type *pt__event_type_at(size_t i)
{
	return i < COUNT(event_types) ? &event_types[i] : NULL;
}

enum pt__fate pt__event_fate(const char *type)
{
	const struct pt__event_type *t = pt__event_type(type);
	return t ? t->fate : PT__FATE_NONE;
}

const char *pt__fate_name(enum pt__fate fate)
{
	switch (fate) {
	case PT__FATE_CAPTIVE:  return "captive";
	case PT__FATE_RETURNED: return "returned";
	case PT__FATE_DIED:     return "died";
	default:                return NULL;
	}
}

/* ---- camp types ------------------------------------------------------------- */

static const pt_camp_type_info camp_types[] = {
	{ "stalag", "Stalag", "DE",
	  "Stammlager: German main camp for enlisted prisoners of war and NCOs, "
	  "designated by Wehrkreis (Roman numeral) and letter, or by number" },
	{ "oflag", "Oflag", "DE",
	  "Offizierslager: German camp for officers" },
	{ "stalag_luft", "Stalag Luft", "DE",
	  "Luftwaffe camp for captured airmen" },
	{ "dulag", "Dulag", "DE",
	  "Durchgangslager: German transit camp; Dulag Luft received captured airmen "
	  "for interrogation" },
	{ "marlag", "Marlag", "DE",
	  "Marinelager: German camp for naval prisoners" },
	{ "milag", "Milag", "DE",
	  "Marine-Internierten-Lager: German camp for interned merchant seamen" },
	{ "nkvd_filtration", "NKVD screening and filtration camp", "SU",
	  "Proverochno-filtratsionny lager (PFL): Soviet camp that screened returning "
	  "prisoners of war, repatriated civilians and soldiers from encirclement" },
	{ "gupvi", "GUPVI prisoner-of-war camp", "SU",
	  "Camp of the NKVD/MVD Main Administration for Prisoners of War and Internees "
	  "(GUPVI), which held foreign prisoners of war and internees" },
	{ "itl", "Corrective labour camp (ITL)", "SU",
	  "Ispravitelno-trudovoy lager: Gulag corrective labour camp; here also the "
	  "special camps (osoblag) of 1948-1954" },
	{ "special", "NKVD special camp", "SU",
	  "Spetslager: NKVD/MVD special camp for internees in the Soviet zone of "
	  "occupied Germany, 1945-1950" },
	{ "transit", "Transit point", NULL,
	  "assembly, transit or exchange point" },
	{ "hospital", "Hospital", NULL, "prisoner-of-war hospital (Lazarett)" },
	{ "other", "Other", NULL,
	  "any other place of captivity (camp point, special settlement, prison)" },
};

const pt_camp_type_info *pt_camp_types(size_t *count_out)
{
	*count_out = COUNT(camp_types);
	return camp_types;
}

/* ---- case statuses ----------------------------------------------------------- */

/* in the order the schema, the help and the messages list them */
static const struct { const char *name; pt_status status; } statuses[] = {
	{ "returned", PT_STATUS_RETURNED }, { "died", PT_STATUS_DIED },
	{ "unaccounted", PT_STATUS_UNACCOUNTED }, { "conflicting", PT_STATUS_CONFLICTING },
	{ "unknown", PT_STATUS_UNKNOWN },
};

const char *pt_status_name(pt_status status)
{
	for (size_t i = 0; i < COUNT(statuses); i++)
		if (statuses[i].status == status)
			return statuses[i].name;
	return "unknown";
}

int pt_status_parse(const char *name, pt_status *out)
{
	for (size_t i = 0; name && i < COUNT(statuses); i++)
		if (!strcmp(statuses[i].name, name)) {
			if (out)
				*out = statuses[i].status;
			return PT_OK;
		}
	return PT_EINVAL;
}

/* ---- source kinds --------------------------------------------------------------- */

static const char *const source_kinds[] = {
	"book", "article", "archival_file", "register", "report", "testimony", "web", "dataset",
};

const char *pt__source_kind(const char *text)
{
	/* the spellings people write for a kind, besides its own name */
	static const struct { const char *spelling, *kind; } spellings[] = {
		{ "archival file", "archival_file" }, { "archival-file", "archival_file" },
		{ "archive", "archival_file" }, { "file", "archival_file" },
		{ "official_report", "report" }, { "official report", "report" },
		{ "official-report", "report" },
		{ "web page", "web" }, { "web_page", "web" }, { "web-page", "web" },
		{ "webpage", "web" },
		{ "data set", "dataset" }, { "data_set", "dataset" },
	};
	char folded[32];
	size_t n;

	if (!text)
		return NULL;
	while (*text == ' ')
		text++;
	for (n = 0; text[n] && n + 1 < sizeof folded; n++)
		folded[n] = (char)tolower((unsigned char)text[n]);
	if (text[n])
		return NULL;
	while (n > 0 && folded[n - 1] == ' ')
		n--;
	folded[n] = '\0';
	for (size_t i = 0; i < COUNT(source_kinds); i++)
		if (!strcmp(source_kinds[i], folded))
			return source_kinds[i];
	for (size_t i = 0; i < COUNT(spellings); i++)
		if (!strcmp(spellings[i].spelling, folded))
			return spellings[i].kind;
	return NULL;
}

/* ---- the other closed lists ------------------------------------------------------ */

static const char *const source_relations[] = {
	"cites", "derives_from", "transcribes", "translates",
};
_Static_assert(COUNT(source_relations) == PT__SOURCE_RELATIONS, "PT__SOURCE_RELATIONS");
static const char *const sexes[] = { "M", "F", "U" };
static const char *const source_qualities[] = { "original", "derivative", "authored" };
static const char *const informations[] = { "primary", "secondary", "undetermined" };
static const char *const evidences[] = { "direct", "indirect", "negative" };

/* Surname particles, lower case: the words before a surname that belong to
 * it ("van der Berg", "O Brien", "St. John", "vom Rath"). */
static const char *const particles[] = {
	"ab", "af", "al", "am", "ap", "av", "d", "da", "das", "de", "degli", "dei", "del",
	"della", "den", "der", "des", "di", "do", "dos", "du", "el", "fitz", "im", "l", "la",
	"le", "les", "lo", "m", "mac", "mc", "o", "san", "st", "ste", "saint", "sainte",
	"te", "ten", "ter", "van", "vande", "vander", "vom", "von", "zu", "zum", "zur",
};

int pt__surname_particle(const char *word, size_t len)
{
	char lower[16];

	if (len && word[len - 1] == '.')  /* "St.", "Ste." */
		len--;
	if (!len || len >= sizeof lower)
		return 0;
	for (size_t i = 0; i < len; i++)
		lower[i] = (char)((word[i] >= 'A' && word[i] <= 'Z') ? word[i] + 32 : word[i]);
	lower[len] = '\0';
	for (size_t i = 0; i < COUNT(particles); i++)
		if (!strcmp(particles[i], lower))
			return 1;
	return 0;
}

/* ---- every list by its number ----------------------------------------------------- */

size_t pt__vocab_count(enum pt__vocab vocab)
{
	switch (vocab) {
	case PT__VOCAB_EVENT_TYPE:      return COUNT(event_types);
	case PT__VOCAB_CAMP_TYPE:       return COUNT(camp_types);
	case PT__VOCAB_STATUS:          return COUNT(statuses);
	case PT__VOCAB_SOURCE_KIND:     return COUNT(source_kinds);
	case PT__VOCAB_SOURCE_RELATION: return COUNT(source_relations);
	case PT__VOCAB_SEX:             return COUNT(sexes);
	case PT__VOCAB_SOURCE_QUALITY:  return COUNT(source_qualities);
	case PT__VOCAB_INFORMATION:     return COUNT(informations);
	case PT__VOCAB_EVIDENCE:        return COUNT(evidences);
	case PT__VOCAB_PARTICLE:        return COUNT(particles);
	default:                        return 0;
	}
}

const char *pt__vocab_value(enum pt__vocab vocab, size_t i)
{
	if (i >= pt__vocab_count(vocab))
		return NULL;
	switch (vocab) {
	case PT__VOCAB_EVENT_TYPE:      return event_types[i].name;
	case PT__VOCAB_CAMP_TYPE:       return camp_types[i].type;
	case PT__VOCAB_STATUS:          return statuses[i].name;
	case PT__VOCAB_SOURCE_KIND:     return source_kinds[i];
	case PT__VOCAB_SOURCE_RELATION: return source_relations[i];
	case PT__VOCAB_SEX:             return sexes[i];
	case PT__VOCAB_SOURCE_QUALITY:  return source_qualities[i];
	case PT__VOCAB_INFORMATION:     return informations[i];
	case PT__VOCAB_EVIDENCE:        return evidences[i];
	case PT__VOCAB_PARTICLE:        return particles[i];
	default:                        return NULL;
	}
}

const char *pt__vocab_find(enum pt__vocab vocab, const char *value)
{
	const char *v;
	for (size_t i = 0; value && (v = pt__vocab_value(vocab, i)); i++)
		if (!strcmp(v, value))
			return v;
	return NULL;
}

int pt__vocab_list(enum pt__vocab vocab, const char *last, pt__buf *out)
{
	size_t n = pt__vocab_count(vocab);
	for (size_t i = 0; i < n; i++)
		pt__buf_printf(out, "%s%s", !i ? "" : i + 1 < n ? ", " : last,
			       pt__vocab_value(vocab, i));
	return out->failed ? PT_ENOMEM : PT_OK;
}
