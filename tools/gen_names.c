/*
 * gen_names.c - writes N made-up prisoner records as JSON Lines for the name
 * search benchmark (tools/bench_find.sh): Western surnames and given names
 * in a long-tailed mix (common names often, a long tail of rarer ones), and
 * for men whose names Soviet clerks often wrote, a second name form in
 * Cyrillic. Deterministic for a given seed. With --events (the website's
 * benchmark, tools/bench_serve.sh) each man also gets a capture, one or two
 * camps of the gazetteer and a fate, so that dossiers have a timeline and
 * some men are unaccounted for. Usage: gen_names [--events] N [SEED]
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* common surnames with the Cyrillic a Soviet register gave them */
static const char *const surnames[][2] = {
	{ "Smith", "Смит" }, { "Jones", "Джонс" }, { "Williams", "Уильямс" }, { "Taylor", "Тейлор" },
	{ "Brown", "Браун" }, { "Davies", "Дэвис" }, { "Evans", "Эванс" }, { "Wilson", "Уилсон" },
	{ "Thomas", "Томас" }, { "Johnson", "Джонсон" }, { "Roberts", "Робертс" },
	{ "Robinson", "Робинсон" }, { "Thompson", "Томпсон" }, { "Wright", "Райт" },
	{ "Walker", "Уокер" }, { "White", "Уайт" }, { "Edwards", "Эдвардс" }, { "Hughes", "Хьюз" },
	{ "Green", "Грин" }, { "Hall", "Холл" }, { "Lewis", "Льюис" }, { "Harris", "Харрис" },
	{ "Clarke", "Кларк" }, { "Jackson", "Джексон" }, { "Wood", "Вуд" }, { "Turner", "Тёрнер" },
	{ "Martin", "Мартин" }, { "Cooper", "Купер" }, { "Hill", "Хилл" }, { "Ward", "Уорд" },
	{ "Morris", "Моррис" }, { "Moore", "Мур" }, { "King", "Кинг" }, { "Baker", "Бейкер" },
	{ "Harrison", "Гаррисон" }, { "Morgan", "Морган" }, { "Allen", "Аллен" }, { "James", "Джеймс" },
	{ "Scott", "Скотт" }, { "Phillips", "Филлипс" }, { "Watson", "Уотсон" }, { "Parker", "Паркер" },
	{ "Price", "Прайс" }, { "Bennett", "Беннетт" }, { "Young", "Янг" }, { "Griffiths", "Гриффитс" },
	{ "Mitchell", "Митчелл" }, { "Kelly", "Келли" }, { "Cook", "Кук" }, { "Carter", "Картер" },
	{ "Richardson", "Ричардсон" }, { "Bailey", "Бейли" }, { "Collins", "Коллинз" },
	{ "Bell", "Белл" }, { "Shaw", "Шоу" }, { "Murphy", "Мерфи" }, { "Miller", "Миллер" },
	{ "Cox", "Кокс" }, { "Marshall", "Маршалл" }, { "Anderson", "Андерсон" },
	{ "Simpson", "Симпсон" }, { "Ellis", "Эллис" }, { "Adams", "Адамс" },
	{ "Wilkinson", "Уилкинсон" }, { "Foster", "Фостер" }, { "Chapman", "Чапмен" },
	{ "Powell", "Пауэлл" }, { "Webb", "Уэбб" }, { "Rogers", "Роджерс" }, { "Gray", "Грей" },
	{ "Mason", "Мейсон" }, { "Hunt", "Хант" }, { "Campbell", "Кэмпбелл" },
	{ "Matthews", "Мэтьюз" }, { "Palmer", "Палмер" }, { "Holmes", "Холмс" },
	{ "Barnes", "Барнс" }, { "Knight", "Найт" }, { "Lloyd", "Ллойд" }, { "Butler", "Батлер" },
	{ "Russell", "Расселл" }, { "Fisher", "Фишер" }, { "Stevens", "Стивенс" },
	{ "Jenkins", "Дженкинс" }, { "Murray", "Мюррей" }, { "Dixon", "Диксон" },
	{ "Graham", "Грэм" }, { "Fletcher", "Флетчер" }, { "Walsh", "Уолш" }, { "Gibson", "Гибсон" },
	{ "Howard", "Говард" }, { "Andrews", "Эндрюс" }, { "Stewart", "Стюарт" },
	{ "Elliott", "Эллиотт" }, { "Reynolds", "Рейнольдс" }, { "Saunders", "Сондерс" },
	{ "Hamilton", "Гамильтон" }, { "Hawkins", "Хокинс" }, { "Dawson", "Доусон" },
	{ "O'Brien", "О'Брайен" }, { "McDonald", "Макдональд" }, { "Mackenzie", "Маккензи" },
	{ "Fitzgerald", "Фицджеральд" }, { "Schmidt", "Шмидт" }, { "Wagner", "Вагнер" },
	{ "Kowalski", "Ковальский" }, { "Newman", "Ньюман" }, { "Wells", "Уэллс" },
	{ "Page", "Пейдж" }, { "Quinn", "Куинн" }, { "Vaughan", "Воган" }, { "Doyle", "Дойл" },
	{ "Fraser", "Фрейзер" }, { "Pennington", "Пеннингтон" }, { "Reid", "Рид" },
};

static const char *const given[][2] = {
	{ "John", "Джон" }, { "William", "Уильям" }, { "James", "Джеймс" }, { "George", "Джордж" },
	{ "Charles", "Чарльз" }, { "Thomas", "Томас" }, { "Frederick", "Фредерик" },
	{ "Arthur", "Артур" }, { "Albert", "Альберт" }, { "Robert", "Роберт" },
	{ "Joseph", "Джозеф" }, { "Alfred", "Альфред" }, { "Henry", "Генри" },
	{ "Edward", "Эдвард" }, { "Harold", "Гарольд" }, { "Walter", "Уолтер" },
	{ "Ernest", "Эрнест" }, { "Frank", "Фрэнк" }, { "Richard", "Ричард" },
	{ "Herbert", "Герберт" }, { "Harry", "Гарри" }, { "Leonard", "Леонард" },
	{ "Sidney", "Сидни" }, { "Stanley", "Стэнли" }, { "Reginald", "Реджинальд" },
	{ "Francis", "Фрэнсис" }, { "Percy", "Перси" }, { "Samuel", "Сэмюэл" },
	{ "Alexander", "Александр" }, { "David", "Дэвид" }, { "Peter", "Питер" },
	{ "Kenneth", "Кеннет" }, { "Douglas", "Дуглас" }, { "Patrick", "Патрик" },
	{ "Michael", "Майкл" }, { "Dennis", "Деннис" }, { "Norman", "Норман" },
	{ "Ronald", "Рональд" }, { "Cyril", "Сирил" }, { "Bernard", "Бернард" }, { "Hugh", "Хью" },
	{ "Edwin", "Эдвин" }, { "Ralph", "Ральф" }, { "Eric", "Эрик" }, { "Victor", "Виктор" },
	{ "Jack", "Джек" }, { "Ian", "Иэн" }, { "Gordon", "Гордон" }, { "Leslie", "Лесли" },
	{ "Raymond", "Реймонд" }, { "Donald", "Дональд" }, { "Stephen", "Стивен" },
};

/* parts of rarer surnames: a long tail of names seen a few times each */
static const char *const heads[] = {
	"Ash", "Black", "Brad", "Brook", "Cald", "Carl", "Chat", "Clay", "Cran", "Dal", "Ed",
	"Fair", "Farn", "Gold", "Green", "Hal", "Hart", "Haw", "Hol", "Kings", "Lang", "Lock",
	"Mar", "Mid", "Mill", "New", "North", "Oak", "Pen", "Red", "Rich", "Ros", "Rush", "Sal",
	"Sand", "Shel", "Stan", "Stock", "Sum", "Thorn", "Wal", "West", "Whit", "Wil", "Win", "Wood",
	"Bur", "Craw", "Dun", "Her", "Kel", "Mac", "Mor", "Pres", "Rad", "Sher", "Tal", "Wes",
};
static const char *const tails[] = {
	"ford", "wood", "ley", "ton", "field", "well", "by", "more", "ham", "worth", "combe",
	"cliffe", "den", "dale", "bridge", "stone", "land", "hurst", "wick", "bury", "ridge",
	"shaw", "croft", "thwaite", "low", "ington", "son", "man", "er", "ing", "sey", "ell",
	"ett", "ock", "in", "an", "ley-Smith", "ins", "ard", "ow",
};
static const char *const nations[] = { "GB", "GB", "GB", "GB", "US", "US", "AU", "CA", "NZ", "GB" };

static unsigned long long state;

static unsigned rnd(unsigned n)
{
	state = state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((state >> 33) % n);
}

/* an index from 0 to n-1 with weight 1 / (i + 4): the first of 115 surnames
 * comes out about 7 times in 100 draws, the 115th about one time in 200,
 * much as Smith and the hundredth British surname do */
static unsigned skewed(unsigned n)
{
	double total = 0, u, acc = 0;
	for (unsigned i = 0; i < n; i++)
		total += 1.0 / (i + 4);
	u = (rnd(1000000) + 0.5) / 1000000.0 * total;
	for (unsigned i = 0; i < n; i++) {
		acc += 1.0 / (i + 4);
		if (u <= acc)
			return i;
	}
	return n - 1;
}

/* camps of the gazetteer (their names), and what became of the men */
static const char *const camps[] = {
	"Stalag IV-B", "Stalag III-A", "Stalag VIII-B", "Stalag Luft III", "Stalag XI-B",
	"Oflag 64", "Stalag II-A", "Stalag XX-A",
};

static void print_events(void)
{
	unsigned fate = rnd(10), first = rnd(sizeof camps / sizeof *camps);
	printf(", \"events\": [{\"type\": \"capture\", \"date\": \"194%u-%02u\"}, "
	       "{\"type\": \"internment\", \"date\": \"1944/1945\", \"camp\": \"%s\"}",
	       1 + rnd(4), 1 + rnd(12), camps[first]);
	if (rnd(3) == 0)
		printf(", {\"type\": \"transfer\", \"date\": \"1945-02\", \"camp\": \"%s\"}",
		       camps[(first + 1 + rnd(4)) % (sizeof camps / sizeof *camps)]);
	if (fate < 6)
		printf(", {\"type\": \"liberation\", \"date\": \"1945-04\"}, "
		       "{\"type\": \"repatriation\", \"date\": \"1945-05/1945-06\"}");
	else if (fate < 7)
		printf(", {\"type\": \"death\", \"date\": \"1945-03\"}");
	else if (fate < 9)
		printf(", {\"type\": \"liberation\", \"date\": \"1945-04-23\", \"agent\": \"Red Army\"}");
	else
		printf(", {\"type\": \"return\", \"date\": \"1945-06\"}, {\"type\": \"death\"}");
	printf("]");
}

int main(int argc, char **argv)
{
	int events = argc > 1 && !strcmp(argv[1], "--events");
	long count;

	if (events) {
		argc--;
		argv++;
	}
	count = argc > 1 ? strtol(argv[1], NULL, 10) : 1000;
	unsigned nsur = sizeof surnames / sizeof *surnames, ngiv = sizeof given / sizeof *given;
	unsigned nhead = sizeof heads / sizeof *heads, ntail = sizeof tails / sizeof *tails;

	state = argc > 2 ? strtoull(argv[2], NULL, 10) : 1945;
	if (count < 0) {
		fputs("usage: gen_names N [SEED]\n", stderr);
		return 2;
	}
	for (long i = 0; i < count; i++) {
		int common = rnd(100) < 25;   /* the rest: a long tail of rarer names */
		unsigned s = skewed(nsur), g = skewed(ngiv), g2 = rnd(ngiv);
		int second = rnd(100) < 30, cyrillic = common && rnd(100) < 40;
		char surname[64];
		if (common)
			snprintf(surname, sizeof surname, "%s", surnames[s][0]);
		else
			snprintf(surname, sizeof surname, "%s%s", heads[rnd(nhead)], tails[rnd(ntail)]);
		printf("{\"record_id\": \"G%07ld\", \"source\": null, \"surname\": \"%s\", "
		       "\"given_names\": \"%s%s%s\", \"nationality\": \"%s\", \"birth_date\": \"19%02u\"",
		       i + 1, surname, given[g][0], second ? " " : "", second ? given[g2][0] : "",
		       nations[rnd(10)], 10 + rnd(16));
		if (cyrillic)
			printf(", \"names\": [{\"surname\": \"%s\", \"given_names\": \"%s\"}]",
			       surnames[s][1], given[g][1]);
		if (events)
			print_events();
		printf("}\n");
	}
	return 0;
}
