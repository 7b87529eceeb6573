#!/bin/sh
# run.sh BUILD_DIR - the website's HTTP-level tests: `powtrace serve` on a
# free loopback port, asked with curl. Status codes, security headers on
# every answer, escaping of hostile names (tests/data/web/), JSON equal byte
# for byte to the CLI's for the same question, 405, 404, bounds, limits and
# timeouts, read-only, a replaced file, and the start-up failures. Ends with
# "web: N passed, N failed". PT_VALGRIND=1 runs the server under valgrind.
set -u
export LC_ALL=C.UTF-8
B=${1:-build}
REPO=$(cd "$(dirname "$0")/../.." && pwd -P)
POWTRACE=$(cd "$B" && pwd -P)/powtrace
WORK=$(mktemp -d "${TMPDIR:-/tmp}/powtrace-web.XXXXXX")
. "$REPO/tests/web/server.sh"
trap 'web_cleanup' EXIT
trap 'exit 130' INT TERM

if ! command -v curl >/dev/null 2>&1; then
	echo "skip web: curl is not installed (tools/install-deps.sh installs it)"
	echo "web: 0 passed, 0 failed, 1 skipped"
	exit 0
fi

SERVE_BIN=$POWTRACE
if [ "${PT_VALGRIND:-}" = 1 ]; then
	SERVE_BIN=$WORK/powtrace-valgrind
	printf '#!/bin/sh\nexec valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite --show-leak-kinds=definite --suppressions="%s" "%s" "$@"\n' \
		"$REPO/tests/cli/valgrind.supp" "$POWTRACE" >"$SERVE_BIN"
	chmod +x "$SERVE_BIN"
fi

passed=0 failed=0
ok() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL web: $*"
}
# check NAME COMMAND...: passes when the command succeeds
check() {
	name=$1
	shift
	if "$@"; then ok; else fail "$name"; fi
}

# stop: the server stops on SIGTERM with status 0 (under ASan or valgrind,
# also with no error or leak: their reports end it with another status)
stop() {
	web_stop
	if [ "$SERVER_STATUS" = 0 ]; then
		ok
	else
		fail "$1: the server ended with status $SERVER_STATUS"
		sed 's/^/  /' "$WORK/serve.err" | head -40
	fi
}

DB=$WORK/test.db
if ! web_make_db "$DB"; then
	echo "web: the test database could not be made"
	echo "web: 0 passed, 1 failed"
	exit 1
fi
before=$(sha256sum "$DB" | cut -d' ' -f1)
if ! web_start "$DB" --threads 2; then
	fail "the server did not start: $(cat "$WORK/serve.err")"
	echo "web: $passed passed, $failed failed"
	exit 1
fi

# get PATH [CURL OPTIONS...]: the answer's status in $status, headers in
# $WORK/h, body in $WORK/b
get() {
	path=$1
	shift
	status=$(curl -s --path-as-is -o "$WORK/b" -D "$WORK/h" -w '%{http_code}' "$@" "$URL${path#/}")
}
header() { # header NAME: its value in the last answer
	sed -n "s/^$1: \(.*\)\r\$/\1/Ip" "$WORK/h" | head -1
}
status_is() { [ "$status" = "$1" ] || { echo "  expected $1, got $status" >&2; return 1; }; }
body_has() { grep -qF -- "$1" "$WORK/b"; }
body_lacks() { ! grep -qiF -- "$1" "$WORK/b"; }
secure_headers() {
	[ "$(header Content-Security-Policy)" = "default-src 'none'; style-src 'self'; img-src 'self' data:; script-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'" ] &&
	[ "$(header X-Content-Type-Options)" = nosniff ] &&
	[ "$(header Referrer-Policy)" = no-referrer ] &&
	[ "$(header X-Frame-Options)" = DENY ]
}
no_script() { # no markup from the records came through
	body_lacks "<script>alert" && body_lacks "<img src=x" && body_lacks "onerror=alert(1)>" &&
	body_lacks "<b>Arnhem" && body_lacks "href=\"javascript:" && body_lacks "<script src=//evil"
}
id_of() { # id_of RECORD_ID
	sqlite3 "$DB" "SELECT id FROM person WHERE record_id = '$1'"
}

# ---- pages, status codes, headers ----------------------------------------
for page in / /person/1 /camp/stalag-iv-b /camp/Мюльберг /camps /report/unaccounted /count \
	/claims/conflicts /source/hollier-blog-gulag /about "/?q=Kelly" "/?q=%D0%9A%D0%B5%D0%BB%D0%BB%D0%B8"; do
	get "$page"
	check "GET $page: 200 text/html with the security headers" \
		sh -c '[ "$1" = 200 ]' - "$status"
	check "GET $page: security headers" secure_headers
	check "GET $page: html" sh -c '[ "$1" = "text/html; charset=utf-8" ]' - "$(header Content-Type)"
	check "GET $page: no inline script or style" sh -c \
		'! grep -qE "<script>|<script [^s]|<style|style=\"| on[a-z]+=\"" "$1"' - "$WORK/b"
done
get "/?q=Kelly"
check "a search lists Frank Kelly" body_has '<a href="/person/1"><bdi>Kelly, Frank</bdi></a>'
get "/?q=%D0%9A%D0%B5%D0%BB%D0%BB%D0%B8"
check "Келли finds Frank Kelly, exact in Cyrillic" body_has '<bdi>Келли, Фрэнк</bdi> (Cyrillic)'
get /person/1
check "the dossier has the Cyrillic name form" body_has '<bdi>Келли, Фрэнк</bdi>'
check "the dossier links the camp" body_has '<a href="/camp/stalag-iv-b">Stalag IV-B</a>'
check "the dossier links the source" body_has '<a href="/source/hollier-blog-gulag">'
check "the dossier offers GEDCOM" body_has 'href="/person/1.ged"'
check "the dossier says why the status" body_has 'returned: return to United Kingdom, 1953'

get /
check "HEAD /: 200" true
status=$(curl -s -I -o "$WORK/h" -w '%{http_code}' "$URL")
check "HEAD /: 200" status_is 200
check "HEAD /: security headers" secure_headers
check "HEAD /: no body" sh -c '[ "$(curl -s -I "$1" | grep -c "<html")" = 0 ]' - "$URL"

for method in POST PUT DELETE PATCH OPTIONS; do
	get / -X "$method" -d 'x=1'
	check "$method /: 405" status_is 405
	check "$method /: Allow: GET, HEAD" sh -c '[ "$1" = "GET, HEAD" ]' - "$(header Allow)"
	check "$method /: security headers" secure_headers
done
get /api/person/1 -X POST
check "POST /api/person/1: 405" status_is 405

for path in /nope /person/ /person/abc /person/0 /person/99999999 /person/1x /person/-1 \
	/camp/no-such-camp /source/no-such-source /static/nope.css /static/../../etc/passwd \
	/../../etc/passwd /static/ /person/1/../../etc/passwd /api/person/99999999 /api/nope; do
	get "$path"
	check "GET $path: 404" status_is 404
	check "GET $path: security headers" secure_headers
	check "GET $path: nothing of the file system" body_lacks "root:x:0"
done

get /static/style.css
check "the stylesheet: 200 text/css" sh -c '[ "$1" = 200 ] && [ "$2" = "text/css; charset=utf-8" ]' - "$status" "$(header Content-Type)"
get /static/app.js
check "the script: 200 javascript" sh -c '[ "$1" = 200 ] && [ "$2" = "text/javascript; charset=utf-8" ]' - "$status" "$(header Content-Type)"
get /health
check "/health: ok" sh -c '[ "$1" = 200 ] && [ "$(cat "$2")" = ok ]' - "$status" "$WORK/b"
get /count.svg?by=status
check "/count.svg: an SVG image" sh -c '[ "$1" = 200 ] && [ "$2" = "image/svg+xml" ]' - "$status" "$(header Content-Type)"
get /person/1.ged
check "/person/1.ged: GEDCOM" sh -c '[ "$1" = 200 ] && head -c 20 "$2" | grep -q "0 HEAD"' - "$status" "$WORK/b"
check "/person/1.ged: a download" sh -c 'echo "$1" | grep -q "^attachment"' - "$(header Content-Disposition)"
get /report/unaccounted.csv
check "the report as CSV" sh -c '[ "$1" = 200 ] && head -1 "$2" | grep -q "^id,surname,given_names,nationality,last_event_type"' - "$status" "$WORK/b"
check "the CSV has every unaccounted man" sh -c '[ $(($(wc -l <"$1") - 1)) = "$2" ]' - "$WORK/b" \
	"$(sqlite3 "$DB" "SELECT count(*) FROM person WHERE status = 'unaccounted'")"

# ---- the cache: the same answer for the same address ------------------------------
get "/person/16?x=cache"
cp "$WORK/b" "$WORK/first"
check "a first answer is made" sh -c '[ "$1" = miss ]' - "$(header X-Cache)"
get "/person/16?x=cache"
check "the same address again comes from the cache" sh -c '[ "$1" = hit ]' - "$(header X-Cache)"
check "... whole and the same" cmp -s "$WORK/b" "$WORK/first"
check "... with the security headers" secure_headers
get "/person/16?x=cache" -X POST
check "a POST is never answered from the cache" status_is 405
get "/?q=Kelly&x=cache"; get "/?q=Kelly&x=cache"
check "a search asked again comes from the cache" sh -c '[ "$1" = hit ]' - "$(header X-Cache)"
get "/?q=%FF&x=cache"; get "/?q=%FF&x=cache"
check "a refused address is not kept" sh -c '[ "$1" = 400 ] && [ -z "$2" ]' - "$status" "$(header X-Cache)"

# ---- hostile names render as text ------------------------------------------
for rid in H1 H2 H3 H4 H5 H6; do
	id=$(id_of "$rid")
	get "/person/$id"
	check "hostile $rid: 200" status_is 200
	check "hostile $rid: no markup from the record" no_script
	check "hostile $rid: no control characters" sh -c '! LC_ALL=C grep -qP "[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]" "$1"' - "$WORK/b"
done
get "/person/$(id_of H1)"
check "<script> shows as text" body_has '&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;'
check "a place with markup shows as text" body_has '&lt;b&gt;Arnhem&lt;/b&gt;'
get "/person/$(id_of H2)"
check "\"><img onerror> shows as text" body_has '&quot;&gt;&lt;img src=x onerror=alert(1)&gt;'
check "a quote cannot leave an attribute" body_has '&#39; onmouseover=&#39;alert(2)'
check "a hostile camp name is escaped in its link" body_has '<a href="/camp/stalag-xss-camp">Stalag &lt;XSS&gt; &quot;Camp&quot;</a>'
get "/person/$(id_of H3)"
check "a 10 kB text renders whole" sh -c '[ "$(grep -o "A 10 kB text with &lt;markup&gt; &amp; &quot;quotes&quot; in it." "$1" | wc -l)" -ge 200 ]' - "$WORK/b"
get "/person/$(id_of H4)"
check "control characters become U+FFFD" body_has 'Control���[31mRed��Name'
get "/person/$(id_of H6)"
check "a right-to-left override is isolated" body_has "<bdi>$(printf '\342\200\256')evil"
get "/source/hostile-source"
check "a javascript: address is not a link" sh -c 'grep -qF "javascript:alert(document.cookie)" "$1" && ! grep -qF "href=\"javascript" "$1"' - "$WORK/b"
check "a hostile source title is text" body_has '&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt; &amp; &quot;quotes&quot;'
get "/?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E"
check "a hostile search is text in the form" body_has 'value="&lt;script&gt;alert(1)&lt;/script&gt;"'
check "a hostile search: no markup" no_script
get "/?q=Kelly&camp=%22%3E%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E"
check "a hostile camp filter: no markup" no_script
get "/camp/%3Cscript%3Ealert(1)%3C%2Fscript%3E"
check "a hostile camp address: 404, as text" sh -c '[ "$1" = 404 ] && ! grep -qF "<script>alert(1)" "$2"' - "$status" "$WORK/b"
get "/?q=%3Cscript%3E"
check "hostile names in a list of results: no markup" no_script
get "/report/unaccounted"
check "the report: no markup" no_script
get "/camp/stalag-xss-camp"
check "a hostile camp's page: no markup" sh -c '[ "$1" = 200 ] && ! grep -qF "<XSS>" "$2"' - "$status" "$WORK/b"
get "/report/unaccounted.csv"
check "CSV: a value a spreadsheet would read as a formula is quoted and marked" \
	body_has "\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\",\"'+Formula\""

# SQL is data
get "/?q=Robert%27%29%3B%20DROP%20TABLE%20person%3B--"
check "SQL in a name: 200" status_is 200
check "SQL in a name finds the record that has it" body_has "Robert&#39;); DROP TABLE person;--"
get "/api/find?q=x&camp=%27%20OR%201%3D1%20--"
check "SQL in a filter: 404 unknown camp, as JSON" sh -c '[ "$1" = 404 ] && grep -q "\"error\"" "$2"' - "$status" "$WORK/b"
check "the database has all its persons" sh -c '[ "$(sqlite3 "$1" "SELECT count(*) FROM person")" -gt 20 ]' - "$DB"

# ---- JSON: the CLI's, byte for byte -----------------------------------------
same_json() { # same_json PATH CLI ARGS...
	path=$1
	shift
	get "$path"
	"$POWTRACE" --db "$DB" "$@" >"$WORK/cli.json" 2>/dev/null
	if [ "$status" = 200 ] && [ "$(header Content-Type)" = "application/json; charset=utf-8" ] &&
	   cmp -s "$WORK/b" "$WORK/cli.json"; then
		ok
	else
		fail "GET $path is not 'powtrace $*' (status $status)"
		diff "$WORK/cli.json" "$WORK/b" | head -5
	fi
}
same_json /api/person/1 show 1 --format json
same_json /api/person/16 show 16 --format json
same_json "/api/person/$(id_of H1)" show "$(id_of H1)" --format json
same_json "/api/person/$(id_of H3)" show "$(id_of H3)" --format json
same_json "/api/person/$(id_of H4)" show "$(id_of H4)" --format json
same_json "/api/find?q=Kelly" find --format json Kelly
same_json "/api/find?q=%D0%93%D0%B0%D1%80%D0%BE%D0%BB%D1%8C%D0%B4%20%D0%A3%D0%BE%D0%BA%D0%B5%D1%80" find --format json "Гарольд Уокер"
same_json "/api/find?q=Walker&born=1918/1922&nationality=GB&limit=5" find --format json --born 1918/1922 --nationality GB --limit 5 Walker
same_json "/api/find?q=Robert%27%29%3B%20DROP%20TABLE%20person%3B--" find --format json "Robert'); DROP TABLE person;--"
same_json "/api/find?text=liberated" find --format json --text liberated
same_json "/api/find?q=Kelly&text=lewisham" find --format json --text lewisham Kelly
same_json "/api/find?text=NEAR%28%22%2A" find --format json --text 'NEAR("*'
same_json /api/camp/stalag-iv-b report camp stalag-iv-b --format json
same_json "/api/count?by=nationality,status" count --by nationality,status --format json
same_json "/api/count?by=camp&nationality=GB,US" count --by camp --nationality GB,US --format json
same_json "/api/report/unaccounted?per=1000" report unaccounted --format json
same_json "/api/report/unaccounted?per=1000&camp=Stalag%204B" report unaccounted --camp "Stalag 4B" --format json
same_json /api/claims/conflicts claims conflicts --format json
same_json /api/source/hollier-blog-gulag xref hollier-blog-gulag --format json
same_json /api/source/hostile-source xref hostile-source --format json
get "/api/report/unaccounted?per=2&page=2"
check "a page of the report: 2 rows and the total" sh -c '[ "$(grep -c "^    \"id\"" "$1")" = 2 ] && [ "$2" -gt 2 ]' - "$WORK/b" "$(header X-Total-Count)"
get "/api/find"
check "/api/find without a name: 400 JSON" sh -c '[ "$1" = 400 ] && grep -q "\"error\"" "$2"' - "$status" "$WORK/b"
get "/api/person/99999"
check "/api/person/99999: 404 JSON" sh -c '[ "$1" = 404 ] && grep -q "\"error\"" "$2"' - "$status" "$WORK/b"

# ---- bounds ------------------------------------------------------------------
long201=$(printf 'a%.0s' $(seq 1 201))
get "/?q=$long201"
check "a name of 201 characters: 400" status_is 400
check "... with a message" body_has "at most 200 characters"
long=$(printf 'a%.0s' $(seq 1 1001))
get "/?q=$long"
check "a value over 1,000 bytes: 400" status_is 400
args=$(i=0; while [ $i -lt 40 ]; do printf 'a%d=1&' $i; i=$((i + 1)); done)
get "/?$args"
check "40 arguments: 400" status_is 400
get "/?q=%FF%FE"
check "a value that is not UTF-8: 400" status_is 400
get "/?q=Kel%00ly"
check "a NUL byte: 400" status_is 400
get "/?q=Kelly&page=999"
check "a page beyond the results a search pages through: 400" status_is 400
get "/?q=Kelly&born_from=19x0"
check "a year that is not a year: 400" status_is 400
get "/api/find?q=Kelly&limit=5000"
check "an API limit over 1,000: 400" status_is 400
get "/api/report/unaccounted?per=0"
check "per=0: 400" status_is 400
get "/api/count?by=nope"
check "count by an unknown field: 400" status_is 400
get "/?q=Kel*&page=50"
check "the last reachable page of a search: 200" status_is 200
huge=$(printf 'b%.0s' $(seq 1 70000))
get "/?q=$huge"
check "a 70 kB address: refused (4xx)" sh -c 'case $1 in 4??) true;; *) false;; esac' - "$status"
get /person/1
check "the server still answers" status_is 200

# ---- read-only ----------------------------------------------------------------
check "serving never changed the database file" sh -c '[ "$(sha256sum "$1" | cut -d" " -f1)" = "$2" ]' - "$DB" "$before"

stop "SIGTERM after the tests"

# ---- limits: connections and idle timeout ---------------------------------------
# Beyond --max-connections the server stops accepting (a client waits in the
# listen queue); an idle client is dropped after --timeout, and the waiting
# one is served.
if web_start "$DB" --threads 1 --max-connections 2 --timeout 2; then
	port=${URL##*:}
	port=${port%/}
	# two idle connections take the two places (bash, for /dev/tcp)
	bash -c 'exec 5<>"/dev/tcp/127.0.0.1/$1" 6<>"/dev/tcp/127.0.0.1/$1"; sleep 8' - "$port" &
	holder=$!
	sleep 0.5
	code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 1 "${URL}health")
	check "a connection beyond --max-connections is not served" sh -c '[ "$1" = 000 ]' - "$code"
	code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "${URL}health")
	check "idle connections are closed after --timeout, then others are served" \
		sh -c '[ "$1" = 200 ]' - "$code"
	kill "$holder" 2>/dev/null
	wait "$holder" 2>/dev/null
	stop "a server of the tests"
else
	fail "the server did not start with limits"
fi

# ---- a replaced file is read anew -----------------------------------------------------
cp "$DB" "$WORK/copy.db"
if web_start "$WORK/copy.db"; then
	hid=$(id_of H1)
	get "/person/$hid"
	check "the copy serves the hostile record" status_is 200
	"$POWTRACE" --db "$WORK/fresh.db" init >/dev/null
	"$POWTRACE" --db "$WORK/fresh.db" import "$REPO/fixtures/sources.json" \
		"$REPO/fixtures/camps.json" "$REPO/fixtures/operations.json" \
		"$REPO/fixtures/persons.json" >/dev/null
	sqlite3 "$WORK/fresh.db" "PRAGMA journal_mode=DELETE" >/dev/null
	mv "$WORK/fresh.db" "$WORK/copy.db"
	sleep 1.5
	get "/person/$hid"; get "/person/$hid"; get "/person/$hid"
	check "after the file is replaced, the new one is served" status_is 404
	stop "a server of the tests"
else
	fail "the server did not start on a copy"
fi

# ---- a database written while it is served ------------------------------------------
# A worker reads one snapshot for a tenth of a second at most: a record
# imported into the file it serves is on the site a moment later, and a
# server left idle holds no read lock, so a checkpoint that must wait for
# every reader (TRUNCATE) gets through.
cp "$DB" "$WORK/live.db"
if web_start "$WORK/live.db" --threads 2 --cache-mb 0; then
	get /person/1; get /person/2; get "/?q=Kelly"
	printf '{"record_id": "live-1", "surname": "Lately", "given_names": "Imported"}\n' >"$WORK/live.jsonl"
	"$POWTRACE" --db "$WORK/live.db" import "$WORK/live.jsonl" >/dev/null
	lid=$(sqlite3 "$WORK/live.db" "SELECT id FROM person WHERE record_id = 'live-1'")
	sleep 0.5
	get "/person/$lid"
	check "a record imported while the site is served is on it a moment later" \
		sh -c '[ "$1" = 200 ] && grep -qF "<bdi>Lately, Imported</bdi>" "$2"' - "$status" "$WORK/b"
	check "a record without a source shows a dash, not an empty link to /source/" \
		sh -c '! grep -qF "/source/\">" "$1" && grep -qF "<td>—</td>" "$1"' - "$WORK/b"
	get /person/1
	sleep 0.5
	check "an idle server holds no read lock: a TRUNCATE checkpoint is not kept waiting" \
		sh -c '[ "$(sqlite3 "$1" "PRAGMA wal_checkpoint(TRUNCATE)")" = "0|0|0" ]' - "$WORK/live.db"
	stop "a server of the tests"
else
	fail "the server did not start on a live copy"
fi

# ---- a man of several records (linkage) ------------------------------------------------
cp "$DB" "$WORK/linked.db"
"$POWTRACE" --db "$WORK/linked.db" link same --by tests --note "the same man, for the test" 1 3 >/dev/null
if web_start "$WORK/linked.db"; then
	get /person/3
	check "a record of another man's page leads there" sh -c '[ "$1" = 301 ] && [ "$2" = /person/1 ]' - "$status" "$(header Location)"
	get /person/1
	check "his records side by side" sh -c 'grep -qF "<th scope=\"col\">Record 1</th><th scope=\"col\">Record 3</th>" "$1"' - "$WORK/b"
	check "one timeline of both records" sh -c 'grep -qF "<span class=\"record-tag\">record 3</span> capture" "$1" && grep -qF "<span class=\"record-tag\">record 1</span> capture" "$1"' - "$WORK/b"
	check "where the records disagree" body_has "birth place: “Lewisham, London” (record 1); “Walsall, Staffordshire” (record 3)"
	get /api/person/3
	"$POWTRACE" --db "$WORK/linked.db" show 3 --format json >"$WORK/cli.json"
	check "the API gives the man as show does" cmp -s "$WORK/b" "$WORK/cli.json"
	stop "a server of the tests"
fi

# ---- a search a page at a time ---------------------------------------------------------
# 47 men of one surname: page 2 shows hits 21-40 of the whole list (the CLI's
# order), page 3 the last 7, a page past the end none; the API's offset too.
"$POWTRACE" --db "$WORK/pages.db" init >/dev/null
i=1
for g in Albert Alfred Arthur Bernard Charles Cyril David Dennis Donald Douglas Edward Edwin \
	Eric Ernest Francis Frank Frederick George Gordon Harold Harry Henry Herbert Hugh Ian \
	Jack James John Joseph Kenneth Leonard Leslie Michael Norman Patrick Percy Peter Ralph \
	Raymond Reginald Richard Robert Ronald Samuel Sidney Stanley Stephen; do
	printf '{"record_id": "p%d", "surname": "Paget", "given_names": "%s"}\n' "$i" "$g"
	i=$((i + 1))
done >"$WORK/pages.jsonl"
"$POWTRACE" --db "$WORK/pages.db" import "$WORK/pages.jsonl" >/dev/null
# ids_of FILE: the hits' ids of a JSON answer (or of a page's links), one a line
ids_of() { sed -n 's/^    "id": \([0-9]*\),$/\1/p' "$1"; }
page_ids() { sed -n 's|^<h3 class="hit-name"><a href="/person/\([0-9]*\)">.*|\1|p' "$1"; }
if web_start "$WORK/pages.db"; then
	"$POWTRACE" --db "$WORK/pages.db" find Paget --limit 0 --format json >"$WORK/all.json"
	ids_of "$WORK/all.json" >"$WORK/all.ids"
	check "the CLI finds the 47 men" sh -c '[ "$(wc -l <"$1")" = 47 ]' - "$WORK/all.ids"
	get "/?q=Paget&page=2"
	page_ids "$WORK/b" >"$WORK/page.ids"
	check "page 2 of a search: 200, numbered from 21" sh -c '[ "$1" = 200 ] && grep -qF "<ol class=\"results\" start=\"21\">" "$2"' - "$status" "$WORK/b"
	check "page 2 of a search: hits 21-40 of the whole list" sh -c 'sed -n 21,40p "$1" | cmp -s - "$2"' - "$WORK/all.ids" "$WORK/page.ids"
	check "page 2 of a search: the total" body_has "47 men found."
	get "/?q=Paget&page=3"
	page_ids "$WORK/b" >"$WORK/page.ids"
	check "page 3 of a search: the last 7" sh -c 'sed -n 41,47p "$1" | cmp -s - "$2"' - "$WORK/all.ids" "$WORK/page.ids"
	get "/?q=Paget&page=4"
	check "a page past the end: 200, no hits, says so" sh -c '[ "$1" = 200 ] && grep -qF "There are not so many results." "$2" && ! grep -qF "hit-name" "$2"' - "$status" "$WORK/b"
	get "/?q=Paget&page=0"
	check "page 0: 400" status_is 400
	get "/?q=Paget&page=51"
	check "a page beyond 1,000 hits: 400" status_is 400
	get "/?q=Paget&page=-1"
	check "a negative page: 400" status_is 400
	get "/api/find?q=Paget&offset=20&limit=20"
	ids_of "$WORK/b" >"$WORK/page.ids"
	check "the API's offset: hits 21-40, the total of all" sh -c '[ "$1" = 200 ] && [ "$2" = 47 ] && sed -n 21,40p "$3" | cmp -s - "$4"' - "$status" "$(header X-Total-Count)" "$WORK/all.ids" "$WORK/page.ids"
	get "/api/find?q=Paget&offset=47"
	check "the API's offset past the end: an empty list" sh -c '[ "$1" = 200 ] && [ "$(cat "$2")" = "[]" ]' - "$status" "$WORK/b"
	get "/api/find?q=Paget&offset=1001"
	check "an API offset over 1,000: 400" status_is 400
	get "/api/find?q=Paget&offset=x"
	check "an API offset that is not a number: 400" status_is 400
	stop "a server of the tests"
else
	fail "the server did not start for the pages"
fi

# ---- start-up failures ---------------------------------------------------------------
echo "not a database" >"$WORK/text.db"
"$POWTRACE" --db "$WORK/text.db" serve --listen 127.0.0.1:0 >/dev/null 2>"$WORK/err"
check "a file that is not a database: exit 1" sh -c '[ "$1" = 1 ] && grep -q "not a powtrace database" "$2"' - $? "$WORK/err"
"$POWTRACE" --db "$WORK/none.db" serve --listen 127.0.0.1:0 >/dev/null 2>"$WORK/err"
check "no database: exit 1, nothing created" sh -c '[ "$1" = 1 ] && grep -q "no database here" "$2" && [ ! -e "$3" ]' - $? "$WORK/err" "$WORK/none.db"
if web_start "$DB"; then
	port=${URL##*:}
	port=${port%/}
	"$POWTRACE" --db "$DB" serve --listen "127.0.0.1:$port" >/dev/null 2>"$WORK/err"
	check "a port in use: exit 1 with the reason" sh -c '[ "$1" = 1 ] && grep -q "cannot listen on 127.0.0.1:[0-9]*: Address already in use" "$2"' - $? "$WORK/err"
	stop "a server of the tests"
fi

echo "web: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
