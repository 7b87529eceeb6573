/*
 * test_report_page.c - pt_report_unaccounted_page(): the unaccounted list a
 * page at a time (the website's report), against the whole list.
 */
#include <string.h>

#include "harness.h"
#include "population.h"

void suite_report_page(void);

static void test_pages_make_the_whole_list(void)
{
	pt_db *db = NULL;
	struct population pop;
	pt_unaccounted *all = NULL, *page = NULL;
	int64_t total = -1;
	static const char *const gb[] = { "GB" };
	pt_filter f;

	CHECK_INT(pt_db_open(&db, ":memory:", PT_OPEN_CREATE), PT_OK);
	CHECK_INT(pop_generate(db, 300, 9, &pop), PT_OK);
	CHECK_INT(pt_report_unaccounted(db, NULL, &all), PT_OK);
	if (!all || all->row_count < 10) {
		CHECK(all != NULL && all->row_count >= 10);
		goto done;
	}
	/* pages of 7 put together give the whole list, in the same order */
	for (size_t offset = 0; offset < all->row_count + 7; offset += 7) {
		CHECK_INT(pt_report_unaccounted_page(db, NULL, offset, 7, &page, &total), PT_OK);
		if (!page)
			break;
		CHECK_INT(total, (int64_t)all->row_count);
		CHECK_INT(page->row_count, offset >= all->row_count ? 0
			  : all->row_count - offset < 7 ? all->row_count - offset : 7);
		for (size_t i = 0; i < page->row_count; i++) {
			CHECK_INT(page->rows[i].id, all->rows[offset + i].id);
			CHECK_STR(page->rows[i].event_type, all->rows[offset + i].event_type);
			CHECK_INT(page->rows[i].citation_count, all->rows[offset + i].citation_count);
		}
		pt_unaccounted_free(page);
		page = NULL;
	}
	/* limit 0: everything from the offset; no total asked for */
	CHECK_INT(pt_report_unaccounted_page(db, NULL, 3, 0, &page, NULL), PT_OK);
	if (page)
		CHECK_INT(page->row_count, all->row_count - 3);
	pt_unaccounted_free(page);
	page = NULL;
	/* the total follows the filter */
	memset(&f, 0, sizeof f);
	f.nationalities = gb;
	f.nationality_count = 1;
	CHECK_INT(pt_report_unaccounted_page(db, &f, 0, 1, &page, &total), PT_OK);
	{
		int64_t expected = 0;
		for (int i = 0; i < pop.count; i++)
			expected += pop.persons[i].fate == FATE_UNACCOUNTED && pop.persons[i].nationality == 0;
		CHECK_INT(total, expected);
		if (page)
			CHECK_INT(page->row_count, expected ? 1 : 0);
	}
	pt_unaccounted_free(page);
	page = NULL;
	/* a bad filter: refused, nothing returned */
	{
		static const char *const nowhere[] = { "no such camp anywhere" };
		memset(&f, 0, sizeof f);
		f.camps = nowhere;
		f.camp_count = 1;
		CHECK_INT(pt_report_unaccounted_page(db, &f, 0, 10, &page, &total), PT_ENOTFOUND);
		CHECK(page == NULL);
	}
done:
	pt_unaccounted_free(all);
	pop_release(&pop);
	pt_db_free(db);
}

void suite_report_page(void)
{
	RUN(test_pages_make_the_whole_list);
}
