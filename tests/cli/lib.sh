# lib.sh - helpers for the cmd scripts of the command-line cases; run.sh
# loads this file before each cmd. Set-up steps run $POWTRACE directly (not
# under valgrind, to stay fast); the command under test runs `powtrace`.

# load_fixtures [NAME...]: imports fixtures/NAME.json, by default all six in
# their load order, into $POWTRACE_DB; prints nothing unless it fails. Into a
# database that does not exist yet, the first case to load a set of fixtures
# imports them and keeps a copy in $CLI_CACHE that later cases start from.
load_fixtures() {
	[ $# -gt 0 ] || set -- sources camps operations persons invented claims
	# import by a relative name, so that what the database records (and shows)
	# does not depend on where the repository is; cases may read fixtures/ too
	[ -e fixtures ] || ln -s "$FIXTURES" fixtures
	cached=
	if [ -n "${CLI_CACHE:-}" ] && [ ! -e "$POWTRACE_DB" ]; then
		cached=$CLI_CACHE/fixtures-$(echo "$*" | tr ' ' '-').db
		if [ -f "$cached" ]; then
			cp "$cached" "$POWTRACE_DB"
			return
		fi
	fi
	for fixture in "$@"; do
		if ! "$POWTRACE" import "fixtures/$fixture.json" >/dev/null; then
			echo "set-up: cannot import fixtures/$fixture.json" >&2
			return 1
		fi
	done
	if [ -n "$cached" ] && [ ! -e "$POWTRACE_DB-wal" ]; then
		cp "$POWTRACE_DB" "$cached.$$" && mv "$cached.$$" "$cached"
	fi
}

# db_hash [DB]: a hash of the database's content (its SQL dump), or "absent".
db_hash() {
	if [ -e "${1:-$POWTRACE_DB}" ]; then
		sqlite3 "${1:-$POWTRACE_DB}" .dump | sha256sum | cut -d' ' -f1
	else
		echo absent
	fi
}

# file_hash FILE: a hash of the file's bytes, or "absent".
file_hash() {
	if [ -e "$1" ]; then
		sha256sum <"$1" | cut -d' ' -f1
	else
		echo absent
	fi
}

# db_unchanged BEFORE [DB]: prints "database unchanged" when the database's
# content hash is still BEFORE, else "database CHANGED".
db_unchanged() {
	if [ "$(db_hash "${2:-$POWTRACE_DB}")" = "$1" ]; then
		echo "database unchanged"
	else
		echo "database CHANGED"
	fi
}

# file_unchanged BEFORE FILE: the same for a file's bytes.
file_unchanged() {
	if [ "$(file_hash "$2")" = "$1" ]; then
		echo "file unchanged"
	else
		echo "file CHANGED"
	fi
}

# counts [DB]: the number of rows in each table that holds records.
counts() {
	sqlite3 "${1:-$POWTRACE_DB}" "SELECT 'person ' || count(*) FROM person;
		SELECT 'person_name ' || count(*) FROM person_name;
		SELECT 'event ' || count(*) FROM event;
		SELECT 'citation ' || count(*) FROM citation;
		SELECT 'source ' || count(*) FROM source;
		SELECT 'source_link ' || count(*) FROM source_link;
		SELECT 'camp ' || count(*) FROM camp;
		SELECT 'camp_alias ' || count(*) FROM camp_alias;
		SELECT 'operation ' || count(*) FROM operation;
		SELECT 'claim ' || count(*) FROM claim;"
}

# link_registers: a database with the camp gazetteer and the small invented
# registers of fixtures/registers/ (four registers, six men, fourteen records),
# not linked yet; prints nothing unless it fails.
link_registers() {
	[ -e data ] || ln -s "$DATA" data
	[ -e fixtures ] || ln -s "$FIXTURES" fixtures
	"$POWTRACE" init >/dev/null || return 1
	for f in sources.json capture.csv repat.csv soviet.csv dead.csv; do
		if ! "$POWTRACE" import "fixtures/registers/$f" >/dev/null; then
			echo "set-up: cannot import fixtures/registers/$f" >&2
			return 1
		fi
	done
}

# mask_run: the summary of 'powtrace link' with what varies from run to run
# (the time, comparisons per second) written as N.
mask_run() {
	sed -e 's/([0-9.]* comparisons\/s)/(N comparisons\/s)/' -e 's/^time  *[0-9.]* s$/time                   N s/' \
	    -e 's/"seconds": [0-9.e+-]*/"seconds": N/' -e 's/"comparisons_per_second": [0-9.e+-]*/"comparisons_per_second": N/' \
	    -e 's/[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9:]*Z/TIME/g'
}
