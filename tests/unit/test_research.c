/*
 * test_research.c - what a researcher adds: a fact becomes a record of its
 * source joined to the man (never an edit), a search is logged, either is
 * taken back; refusals name the option and change nothing.
 */
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "testdb.h"

static const char people[] =
	"{\"sources\": [{\"key\": \"reg\", \"kind\": \"register\"},\n"
	"  {\"key\": \"obd\", \"kind\": \"dataset\", \"title\": \"OBD Memorial\"}],\n"
	" \"camps\": [{\"key\": \"c1\", \"name\": \"Camp One\", \"type\": \"itl\", \"aliases\": [\"Lager 1\"]}],\n"
	" \"persons\": [\n"
	" {\"record_id\": \"1\", \"source\": \"reg\", \"surname\": \"Kelly\", \"given_names\": \"Frank\",\n"
	"  \"events\": [{\"type\": \"capture\", \"date\": \"1944-09\"}]},\n"
	" {\"record_id\": \"2\", \"source\": \"reg\",\n"
	"  \"names\": [{\"surname\": \"Смирнов\", \"given_names\": \"Пётр\", \"script\": \"Cyrl\"}]}]}\n";

static pt_db *open_people(void)
{
	pt_db *db = NULL;
	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pt_test_import_text(db, "people.json", people), PT_OK);
	return db;
}

static pt_research_fact death(void)
{
	pt_research_fact f;
	memset(&f, 0, sizeof f);
	f.kind = PT_RESEARCH_EVENT;
	f.man = 1;
	f.source = "obd";
	f.locator = "card 4411";
	f.confidence = -1;
	f.event_type = "death";
	f.date = "12.7.53";
	f.camp = "Lager 1";
	f.made_by = "tester";
	return f;
}

static void test_a_fact_is_a_record_of_its_source(void)
{
	pt_db *db = open_people();
	pt_research_fact f = death();
	pt_research_added added;
	char *text;

	CHECK_INT(pt_research_add(db, &f, &added), PT_OK);
	CHECK_INT(added.entry, 1);
	CHECK_INT(added.man, 1);
	CHECK_INT(added.record, 3);
	/* the record: the source's, the man's name, the event with its text */
	text = pt_test_text(db, "SELECT record_source || ':' || record_id || ' ' || surname || ' ' || "
			    "given_names || ' ' || status FROM person WHERE id = 3");
	CHECK_STR(text, "obd:research-1 Kelly Frank died");
	free(text);
	text = pt_test_text(db, "SELECT e.type || ' ' || e.date || ' ' || e.date_original || ' ' || "
			    "c.key FROM event e JOIN camp c ON c.id = e.camp_id WHERE e.person_id = 3");
	CHECK_STR(text, "death 1953-07-12 12.7.53 c1");
	free(text);
	/* joined to the man; the imported record untouched */
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person_individual WHERE individual_id = 1"), 2);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_decision WHERE a = 1 AND b = 3 AND "
				"decision = 'same' AND made_by = 'tester'"), 1);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM event WHERE person_id = 1"), 1);
	pt_db_free(db);
}

static void test_the_log_of_a_man(void)
{
	pt_db *db = open_people();
	pt_research_fact f = death();
	pt_research_search_in s = { 1, "OBD Memorial", "Келли 1915-1925", 0, "none", "tester" };
	pt_research_entries *entries = NULL;
	int64_t entry = 0;

	CHECK_INT(pt_research_add(db, &f, NULL), PT_OK);
	CHECK_INT(pt_research_search(db, &s, &entry), PT_OK);
	CHECK_INT(entry, 2);
	/* any record of the man gives his log: the fact's record too */
	CHECK_INT(pt_research_list(db, 3, 0, &entries), PT_OK);
	CHECK_INT(entries ? entries->count : 0, 2);
	if (entries && entries->count == 2) {
		CHECK_STR(entries->items[0].kind, "event");
		CHECK_STR(entries->items[0].what, "death, 1953-07-12, Lager 1");
		CHECK_STR(entries->items[0].source, "obd");
		CHECK_INT(entries->items[0].found, -1);
		CHECK_STR(entries->items[1].what, "searched OBD Memorial for 'Келли 1915-1925': "
			  "nothing found");
		CHECK_INT(entries->items[1].found, 0);
		CHECK_STR(entries->items[1].man_record, "reg:1");
	}
	pt_research_entries_free(entries);
	char *where = pt_test_text(db, "SELECT where_key FROM research_note WHERE id = 2");
	CHECK_STR(where, "obdmemorial");
	free(where);
	pt_db_free(db);
}

static void test_undo_takes_back_and_keeps_the_entry(void)
{
	pt_db *db = open_people();
	pt_research_fact f = death();
	pt_research_entries *entries = NULL;

	CHECK_INT(pt_research_add(db, &f, NULL), PT_OK);
	CHECK_INT(pt_research_undo(db, 1, &entries), PT_OK);
	CHECK(entries && entries->count == 1 && entries->items[0].undone_at);
	pt_research_entries_free(entries);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person"), 2);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM individual_member"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM link_decision WHERE superseded_at IS NULL"), 0);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM research_note WHERE undone_at IS NOT NULL"), 1);
	CHECK_INT(pt_research_list(db, 1, 0, &entries), PT_OK);
	CHECK_INT(entries ? entries->count : 9, 0);
	pt_research_entries_free(entries);
	CHECK_INT(pt_research_list(db, 1, 1, &entries), PT_OK);
	CHECK_INT(entries ? entries->count : 0, 1);
	pt_research_entries_free(entries);
	CHECK_INT(pt_research_undo(db, 1, NULL), PT_ECONFLICT);
	CHECK_INT(pt_research_undo(db, 5, NULL), PT_ENOTFOUND);
	CHECK_STR(pt_db_errmsg(db), "no research entry 5");
	/* added again after the undo: a new entry and record */
	CHECK_INT(pt_research_add(db, &f, NULL), PT_OK);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM person WHERE record_id = 'research-2'"), 1);
	pt_db_free(db);
}

static void test_refusals_change_nothing(void)
{
	pt_db *db = open_people();
	pt_research_fact f = death();
	long long before = pt_test_count(db, "SELECT count(*) FROM research_note") +
			   pt_test_count(db, "SELECT count(*) FROM import_batch");

	f.source = NULL;
	CHECK_INT(pt_research_add(db, &f, NULL), PT_EINVAL);
	f = death();
	f.locator = " ";
	CHECK_INT(pt_research_add(db, &f, NULL), PT_EINVAL);
	f = death();
	f.source = "nope";
	CHECK_INT(pt_research_add(db, &f, NULL), PT_ENOTFOUND);
	f = death();
	f.date = "31.02.1945";
	CHECK_INT(pt_research_add(db, &f, NULL), PT_EINVAL);
	CHECK_STR(pt_db_errmsg(db), "--date: cannot read date '31.02.1945': day 31 out of range "
		  "for 1945-02");
	f = death();
	f.camp = "Camp Two";
	CHECK_INT(pt_research_add(db, &f, NULL), PT_ENOTFOUND);
	f = death();
	f.man = 77;
	CHECK_INT(pt_research_add(db, &f, NULL), PT_ENOTFOUND);
	CHECK_STR(pt_db_errmsg(db), "no man or record 77");
	f = death();
	f.kind = PT_RESEARCH_NAME;
	CHECK_INT(pt_research_add(db, &f, NULL), PT_EINVAL);
	CHECK_INT(pt_test_count(db, "SELECT count(*) FROM research_note") +
		  pt_test_count(db, "SELECT count(*) FROM import_batch"), before);
	pt_db_free(db);
}

static void test_a_name_form_in_its_script(void)
{
	pt_db *db = open_people();
	pt_research_fact f;
	char *text;

	memset(&f, 0, sizeof f);
	f.kind = PT_RESEARCH_NOTE;
	f.man = 2;
	f.source = "obd";
	f.locator = "card 9";
	f.confidence = -1;
	f.text = "a note";
	/* a man known only by a name form of a record: the note's record takes it */
	CHECK_INT(pt_research_add(db, &f, NULL), PT_OK);
	text = pt_test_text(db, "SELECT surname || ' ' || given_names || ' ' || notes FROM person "
			    "WHERE record_id = 'research-1'");
	CHECK_STR(text, "Смирнов Пётр a note");
	free(text);
	/* a Latin name form from a source: the record's name, in its script */
	f.kind = PT_RESEARCH_NAME;
	f.text = NULL;
	f.surname = "Smirnov";
	f.given_names = "Pyotr";
	CHECK_INT(pt_research_add(db, &f, NULL), PT_OK);
	text = pt_test_text(db, "SELECT n.surname || ' ' || n.given_names || ' ' || n.script FROM "
			    "person_name n JOIN person p ON p.id = n.person_id WHERE "
			    "p.record_id = 'research-2'");
	CHECK_STR(text, "Smirnov Pyotr Latn");
	free(text);
	pt_db_free(db);
}

void suite_research(void);
void suite_research(void)
{
	RUN(test_a_fact_is_a_record_of_its_source);
	RUN(test_the_log_of_a_man);
	RUN(test_undo_takes_back_and_keeps_the_entry);
	RUN(test_refusals_change_nothing);
	RUN(test_a_name_form_in_its_script);
}
