/* suites.h - the list of library test suites; one SUITE(name) per tests/unit/test_NAME.c */
SUITE(core)
SUITE(date)
SUITE(db)
SUITE(status)
SUITE(import)
