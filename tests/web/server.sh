# server.sh - sourced by the website's tests: makes the test database (the
# fixtures, then the hostile records of tests/data/web/) and starts and stops
# `powtrace serve` on a free port of the loopback address.
#
# web_make_db DB          the database, made with the binary in $POWTRACE
# web_start DB [OPTS...]  starts the server; sets URL ("http://127.0.0.1:PORT/")
#                         and SERVER_PID; the server is killed on exit
# web_stop                stops it with SIGTERM and sets SERVER_STATUS

web_make_db() {
	"$POWTRACE" --db "$1" init >/dev/null &&
	"$POWTRACE" --db "$1" import "$REPO/fixtures/sources.json" "$REPO/fixtures/camps.json" \
		"$REPO/fixtures/operations.json" "$REPO/fixtures/persons.json" \
		"$REPO/fixtures/invented.json" "$REPO/fixtures/claims.json" >/dev/null &&
	"$POWTRACE" --db "$1" import "$REPO/tests/data/web/hostile-sources.json" \
		"$REPO/tests/data/web/hostile-persons.json" >/dev/null
}

SERVER_PID=
web_start() {
	db=$1
	shift
	: >"$WORK/url"
	"$SERVE_BIN" --db "$db" serve --listen 127.0.0.1:0 "$@" >"$WORK/url" 2>"$WORK/serve.err" &
	SERVER_PID=$!
	i=0
	while [ ! -s "$WORK/url" ] && [ $i -lt 300 ]; do
		kill -0 "$SERVER_PID" 2>/dev/null || break
		sleep 0.1
		i=$((i + 1))
	done
	URL=$(head -1 "$WORK/url")
	[ -n "$URL" ]
}

web_stop() {
	SERVER_STATUS=
	[ -n "$SERVER_PID" ] || return 0
	kill -TERM "$SERVER_PID" 2>/dev/null
	wait "$SERVER_PID"
	SERVER_STATUS=$?
	SERVER_PID=
}

web_cleanup() {
	if [ -n "$SERVER_PID" ]; then
		kill -KILL "$SERVER_PID" 2>/dev/null
		wait "$SERVER_PID" 2>/dev/null
	fi
	[ "${PT_KEEP:-}" = 1 ] || rm -rf "$WORK"
}
