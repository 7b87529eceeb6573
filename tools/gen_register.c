/*
 * gen_register.c - writes a deterministic, realistic prisoner register as
 * CSV for the import benchmark: archival headers, names of several
 * nationalities with their spelling variants, camps under their aliases
 * (and a few that no gazetteer holds), archival dates, and about one row in
 * a thousand broken (an impossible or unreadable date, a nationality that is
 * no country, a cell too many).
 *
 * usage: gen_register [--sources] ROWS [SEED] > register.csv
 * The same ROWS and SEED always give the same bytes. With --sources, a last
 * column "Source" gives each row its archival reference, as registers
 * transcribed from many files do ("WO 416/278/1"): a different one on four
 * rows in five, the one of the row before on the fifth.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t state;

static uint64_t next(void)
{
	/* xorshift64* */
	state ^= state >> 12;
	state ^= state << 25;
	state ^= state >> 27;
	return state * 0x2545F4914F6CDD1DULL;
}

static unsigned pick(unsigned n)
{
	return (unsigned)(next() % n);
}

#define COUNT(a) (sizeof a / sizeof *a)

struct people {
	const char *nationality;
	const char *const *surnames;
	size_t surname_count;
	const char *const *given;
	size_t given_count;
	const char *const *units;
	size_t unit_count;
};

static const char *const gb_surnames[] = {
	"Kelly", "KELLY", "Smith", "Smyth", "Jones", "Walker", "O'Neill", "O'Neil", "MacDonald",
	"McDonald", "Taylor", "Brown", "Wilson", "Evans", "Thomas", "Roberts", "Johnson",
	"Pennington", "Hughes", "Edwards", "Wright", "Robinson", "Thompson", "White", "Hall",
};
static const char *const gb_given[] = {
	"Frank", "Harold", "Harold James", "James", "John", "William", "Thomas", "George",
	"Albert Edward", "Arthur", "Frederick", "Charles", "Robert", "Alfred", "Ernest",
};
static const char *const gb_units[] = {
	"2nd Bn Royal Sussex Regt", "1st Bn Border Regt", "RAF", "RASC", "Royal Artillery",
	"2nd Bn South Staffs", "1st Airborne Div", "Royal Engineers", "",
};
static const char *const us_surnames[] = {
	"Miller", "Johnson", "Williams", "Davis", "Anderson", "Martinez", "Kowalski", "Schmidt",
	"O'Brien", "Sullivan", "Moore", "Jackson",
};
static const char *const us_given[] = {
	"Robert", "Joseph", "Edward", "Raymond", "Walter", "Donald", "Richard", "Paul",
};
static const char *const us_units[] = {
	"106th Inf Div", "28th Inf Div", "8th Air Force", "99th Inf Div", "",
};
static const char *const pl_surnames[] = {
	"Kowalski", "Kowalsky", "Nowak", "Wiśniewski", "Wisniewski", "Wójcik", "Lewandowski",
};
static const char *const pl_given[] = { "Jan", "Stanisław", "Stanislaw", "Józef", "Piotr" };
static const char *const fr_surnames[] = { "Dupont", "Martin", "Bernard", "Lefèvre", "Lefevre" };
static const char *const fr_given[] = { "Jean", "Pierre", "Louis", "André", "Andre" };
static const char *const su_surnames[] = {
	"Иванов", "Ivanov", "Petrov", "Петров", "Смирнов", "Smirnov", "Кузнецов",
};
static const char *const su_given[] = { "Иван", "Ivan", "Сергей", "Sergei", "Nikolai" };
static const char *const de_surnames[] = { "Müller", "Mueller", "MÜLLER", "Schmidt", "Schneider" };
static const char *const de_given[] = { "Jürgen", "Juergen", "Hans", "Karl", "Friedrich" };
static const char *const hu_surnames[] = { "Nagy", "Kovács", "Kovacs", "Tóth", "Szabó" };
static const char *const hu_given[] = { "László", "Laszlo", "István", "Istvan", "József" };
static const char *const no_units[] = { "" };

static const struct people peoples[] = {
	{ "British", gb_surnames, COUNT(gb_surnames), gb_given, COUNT(gb_given), gb_units, COUNT(gb_units) },
	{ "Brit.", gb_surnames, COUNT(gb_surnames), gb_given, COUNT(gb_given), gb_units, COUNT(gb_units) },
	{ "GB", gb_surnames, COUNT(gb_surnames), gb_given, COUNT(gb_given), gb_units, COUNT(gb_units) },
	{ "U.K.", gb_surnames, COUNT(gb_surnames), gb_given, COUNT(gb_given), gb_units, COUNT(gb_units) },
	{ "American", us_surnames, COUNT(us_surnames), us_given, COUNT(us_given), us_units, COUNT(us_units) },
	{ "US", us_surnames, COUNT(us_surnames), us_given, COUNT(us_given), us_units, COUNT(us_units) },
	{ "Polish", pl_surnames, COUNT(pl_surnames), pl_given, COUNT(pl_given), no_units, 1 },
	{ "French", fr_surnames, COUNT(fr_surnames), fr_given, COUNT(fr_given), no_units, 1 },
	{ "Soviet", su_surnames, COUNT(su_surnames), su_given, COUNT(su_given), no_units, 1 },
	{ "German", de_surnames, COUNT(de_surnames), de_given, COUNT(de_given), no_units, 1 },
	{ "Hungarian", hu_surnames, COUNT(hu_surnames), hu_given, COUNT(hu_given), no_units, 1 },
};

/* camps under the spellings registers use; the last ones are in no gazetteer */
static const char *const camps[] = {
	"Stalag IV-B", "Stalag 4B", "STALAG IVB", "Stalag IV B", "Mühlberg", "Muehlberg",
	"Stalag III-A", "Stalag 3A", "Luckenwalde", "Oflag 64", "Oflag LXIV", "Stalag Luft I",
	"Stalag Luft 1", "Barth", "Stalag IV-B", "Stalag IV-B", "Stalag VIII-B", "Stalag 8B",
	"Stalag XX-A", "Stalag 20A", "",
};

static const char *const places[] = {
	"Arnhem", "Dunkirk", "Calais", "Tobruk", "Crete", "St Valery", "Bastogne", "Caen", "",
};

static const char *const ranks[] = { "Pte", "L/Cpl", "Cpl", "Sgt", "Gnr", "Spr", "F/Sgt", "Lt", "" };

static const char *const remarks[] = {
	"", "", "", "", "", "", "liberated by Red Army", "sick in Revier", "transferred",
	"\"arrived from Stalag 344, 12.3.45\"", "see also card index", "repatriated 1945",
};

static const char *const months[] = {
	"Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.", "Dec.",
};

static void birth_date(char *buf, size_t size)
{
	int y = 1900 + 5 + (int)pick(25), m = 1 + (int)pick(12), d = 1 + (int)pick(28);
	switch (pick(6)) {
	case 0: snprintf(buf, size, "%d.%d.%02d", d, m, y % 100); break;
	case 1: snprintf(buf, size, "%02d/%02d/%d", d, m, y); break;
	case 2: snprintf(buf, size, "%s %d", months[m - 1], y); break;
	case 3: snprintf(buf, size, "c. %d", y); break;
	case 4: snprintf(buf, size, "%d", y); break;
	default: snprintf(buf, size, "%d-%02d-%02d", y, m, d); break;
	}
}

static void capture_date(char *buf, size_t size)
{
	int y = 1940 + (int)pick(6), m = 1 + (int)pick(12), d = 1 + (int)pick(28);
	switch (pick(6)) {
	case 0: snprintf(buf, size, "%d.%d.%02d", d, m, y % 100); break;
	case 1: snprintf(buf, size, "%s %d", months[m - 1], y); break;
	case 2: snprintf(buf, size, "?.%d.%d", m, y); break;
	case 3: snprintf(buf, size, "%d%s %s %d", d, d == 1 ? "st" : d == 2 ? "nd" : d == 3 ? "rd" : "th",
			 months[m - 1], y); break;
	case 4: snprintf(buf, size, "spring %d", y); break;
	default: snprintf(buf, size, "%d-%02d-%02d", y, m, d); break;
	}
}

int main(int argc, char **argv)
{
	long rows, i;
	char birth[64], capture[64], source[64] = "";
	int sources = argc > 1 && !strcmp(argv[1], "--sources");

	if (sources) {
		argc--;
		argv++;
	}
	if (argc < 2 || (rows = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: gen_register [--sources] ROWS [SEED] > register.csv\n");
		return 2;
	}
	state = argc > 2 ? strtoull(argv[2], NULL, 10) : 1945;
	if (!state)
		state = 1;
	printf("Register No.,SURNAME,Christian names,Army No.,Rank,Regt.,Nationality,"
	       "Date of birth,Date of capture,Place of capture,Camp,Remarks%s\n",
	       sources ? ",Source" : "");
	for (i = 1; i <= rows; i++) {
		const struct people *p = &peoples[pick(COUNT(peoples))];
		const char *nationality = p->nationality;
		unsigned broken = pick(1000);

		birth_date(birth, sizeof birth);
		capture_date(capture, sizeof capture);
		if (broken == 0)
			snprintf(birth, sizeof birth, "31.02.19%02u", 10 + pick(20));
		else if (broken == 1)
			snprintf(capture, sizeof capture, "soon after D-Day");
		else if (broken == 2)
			nationality = "Martian";
		if (sources && (!source[0] || pick(5)))
			snprintf(source, sizeof source, ",WO 416/%ld/%ld", i / 100 + 1, i % 100 + 1);
		printf("R%07ld,%s,%s,%u,%s,%s,%s,%s,%s,%s,%s,%s%s%s\n", i,
		       p->surnames[pick((unsigned)p->surname_count)],
		       p->given[pick((unsigned)p->given_count)],
		       1000000 + pick(9000000), ranks[pick(COUNT(ranks))],
		       p->units[pick((unsigned)p->unit_count)], nationality, birth, capture,
		       places[pick(COUNT(places))], camps[pick(COUNT(camps))],
		       remarks[pick(COUNT(remarks))], sources ? source : "",
		       broken == 3 ? ",one cell too many" : "");
	}
	return ferror(stdout) ? 1 : 0;
}
