/*
 * cell.c - typed values read out of the cells of flat files as archives
 * write them: numbers with thousands separators or a decimal comma ("24 700",
 * "51,446"), nationalities in words ("British", "Brit.", "U.K." -> GB), sex
 * ("male", "männlich", "м"), yes and no in several languages.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/sheet.h"

/* "24 700", "24,700", "51,446" (a decimal comma when `decimal_comma`) */
int pt__cell_number(const char *text, int decimal_comma, double *out)
{
	char buf[64], *end;
	size_t n = 0, commas = 0, dots = 0, after_comma = 0;
	const unsigned char *p = (const unsigned char *)text;

	for (; *p; p++) {
		if (*p == ' ' || *p == '\'' || *p == '_')
			continue;
		if (p[0] == 0xc2 && p[1] == 0xa0) { /* no-break space */
			p++;
			continue;
		}
		if (p[0] == 0xe2 && p[1] == 0x80 && (p[2] == 0xaf || p[2] == 0x89 || p[2] == 0x8b)) {
			p += 2; /* narrow no-break space, thin space, zero-width space */
			continue;
		}
		if (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf) {
			p += 2; /* a stray byte order mark */
			continue;
		}
		if (n + 1 >= sizeof buf)
			return PT_EINVAL;
		if (*p == ',') {
			commas++;
			after_comma = 0;
		} else {
			if (*p == '.')
				dots++;
			if (*p >= '0' && *p <= '9')
				after_comma++;
		}
		buf[n++] = (char)*p;
	}
	buf[n] = '\0';
	if (!n)
		return PT_EINVAL;
	if (commas) {
		/* thousands: "24,700" (three digits after each comma, no decimal
		 * comma expected); else the comma is a decimal point */
		int thousands = !decimal_comma && (dots || after_comma == 3);
		char *w = buf;
		if (!thousands && (commas > 1 || dots))
			return PT_EINVAL;
		for (char *r = buf; *r; r++) {
			if (*r == ',') {
				if (!thousands)
					*w++ = '.';
			} else {
				*w++ = *r;
			}
		}
		*w = '\0';
	}
	errno = 0;
	*out = strtod(buf, &end);
	if (*end || errno || !isfinite(*out) || end == buf)
		return PT_EINVAL;
	return PT_OK;
}

static const struct { const char *code; const char *words; } nationalities[] = {
	{ "GB", " british brit br brt uk unitedkingdom greatbritain britain england english eng "
		"scottish scotland scot welsh wales northernireland gbr britisch englisch englander englaender "
		"engländer anglais britannique британец англичанин великобритания brits britse brytyjski brytyjska angielski angielska brytyjczyk anglik britannique britanniques " },
	{ "US", " american amer usa us unitedstates unitedstatesofamerica amerikanisch amerikaner "
		"americain américain американец сша amerikaans amerikaanse amerykański amerykanski amerykańska amerykanska américaine americaine " },
	{ "AU", " australian australia aus aust austr australier " },
	{ "CA", " canadian canada can cdn kanadier canadees canadese kanadyjski kanadyjska canadien canadienne " },
	{ "NZ", " newzealand newzealander nz nzl newz " },
	{ "ZA", " southafrican southafrica safrican safr rsa " },
	{ "IN", " indian india ind " },
	{ "FR", " french france fra franzose franzosisch französisch francais français française francaise frans franse francuski francuska francuz francja frankreich " },
	{ "PL", " polish poland pol pole polnisch polonais поляк polska polski polak polen pools poolse polonaise pologne polnische " },
	{ "SU", " soviet ussr sssr russian russia sowjetisch russe russisch советский русский "
		"ссср rus russisch sowjetische rosyjski rosyjska radziecki radziecka sowiecki soviétique sovietique " },
	{ "DE", " german germany deutsch deutscher deutsches allemand немец германия ger deu duits duitse niemiecki niemiecka niemiec niemcy allemande allemagne deutsche " },
	{ "AT", " austrian austria osterreich österreich osterreicher österreicher "
		"autrichien aut oostenrijks oostenrijkse austriacki austriacka autrichienne " },
	{ "HU", " hungarian hungary ungar ungarisch hongrois венгр hun " },
	{ "IT", " italian italy italiener italienisch italien ita italiaans italiaanse włoski wloski włoska wloska italienne " },
	{ "NL", " dutch netherlands holland niederlander niederländer nld nederlands nederlandse nederland néerlandais neerlandais néerlandaise holenderski holenderska holender niederländisch niederlandisch " },
	{ "BE", " belgian belgium belgier bel belgisch belgische belge belgijski belgijska belgien " },
	{ "NO", " norwegian norway nor " },
	{ "CS", " czech czechoslovak czechoslovakian tschechisch tschechoslowake " },
	{ "YU", " yugoslav yugoslavian jugoslawe " },
	{ "GR", " greek greece " },
	{ "RO", " romanian rumanian rumanien rumänisch " },
	{ "IE", " irish ireland eire " },
	{ "DK", " danish denmark " },
	{ "JP", " japanese japan " },
	{ NULL, NULL },
};

/* "British", "U.K.", "Brit." -> "GB"; two letters stay; else the text. */
const char *pt__cell_country(const char *v, char *buf, size_t size)
{
	char *key = pt__header_key(v);
	const char *found = v;
	if (!key)
		return v;
	if (strlen(key) >= 2) {
		snprintf(buf, size, " %s ", key);
		for (size_t i = 0; nationalities[i].code; i++)
			if (strstr(nationalities[i].words, buf)) {
				found = nationalities[i].code;
				break;
			}
	}
	free(key);
	return found;
}

const char *pt__cell_sex(const char *v)
{
	static const char *const male = " m male man mann männlich maennlich mannlich masculin "
					"masculine м муж мужской ";
	static const char *const female = " f female woman w weiblich frau feminin féminin "
					  "feminine ж жен женский ";
	static const char *const unknown = " u unknown unbekannt ";
	char buf[64], *key = pt__header_key(v);
	const char *code = v;
	if (!key)
		return v;
	snprintf(buf, sizeof buf, " %s ", key);
	if (strstr(male, buf))
		code = "M";
	else if (strstr(female, buf))
		code = "F";
	else if (strstr(unknown, buf))
		code = "U";
	free(key);
	return code;
}

int pt__cell_bool(const char *v, int *out)
{
	static const char *const yes = " true yes y 1 x ja oui да t ";
	static const char *const no = " false no n 0 nein non нет f ";
	char buf[64], *key = pt__header_key(v);
	int rc = PT_OK;
	if (!key)
		return PT_ENOMEM;
	snprintf(buf, sizeof buf, " %s ", key);
	if (strstr(yes, buf))
		*out = 1;
	else if (strstr(no, buf))
		*out = 0;
	else
		rc = PT_EINVAL;
	free(key);
	return rc;
}
