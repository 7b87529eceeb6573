#!/bin/sh
# bench_serve.sh BUILD_DIR - how fast `powtrace serve` answers on a database
# of 1,000,000 persons: requests per second, p50 and p99 latency (wrk) for a
# man's dossier page, a name search page and the first page of the
# unaccounted-for report, at 16 and 256 connections, beside the same
# server's static /health answer in the same run (the ceiling of the HTTP
# stack: what libmicrohttpd and the machine give when powtrace does
# nothing); errors must be zero. First with the answer cache off
# (--cache-mb 0: every page made anew, for one page asked again and again
# and for a different man or name each time: 20 names of 5 pages, and a
# different name nearly every request from 52 given names and 2,300
# surnames, common and rare, as families' searches are), then with the default cache
# (the same page asked again). Then a 60-second soak of dossiers of
# different men and searches at 64 connections with the server's resident
# memory (RSS) sampled every 5 seconds.
#
# Targets (issue 15, on a 2-core machine): a dossier at 50% or more of the
# static rate, a name search at 500 requests/s or more, p99 at most 50 ms at
# 16 connections. A report, not a test: it prints figures, it does not fail.
#
# The database (tools/gen_names.c --events: the name search's long tail of
# names, a tenth with a Cyrillic form, each man with a capture, camps of the
# gazetteer and a fate) is kept in $PT_BENCH_DIR (default BUILD_DIR/bench)
# and made again only when missing or unreadable by this binary.
# PT_SERVE_SIZE (1000000), PT_SERVE_SECONDS (10 per measurement),
# PT_SERVE_SOAK (60) and PT_SERVE_THREADS (the processors) change the run.
set -eu
B=${1:-build}
N=${PT_SERVE_SIZE:-1000000}
SECONDS_EACH=${PT_SERVE_SECONDS:-10}
SOAK=${PT_SERVE_SOAK:-60}
THREADS=${PT_SERVE_THREADS:-$(nproc)}
DIR=${PT_BENCH_DIR:-$B/bench}
POWTRACE=$B/powtrace
mkdir -p "$DIR"
make -s --no-print-directory "$POWTRACE" "$B/tools/gen_names" >/dev/null
command -v wrk >/dev/null 2>&1 || sh tools/install-deps.sh wrk
command -v wrk >/dev/null 2>&1 || { echo "bench_serve: wrk is needed (apt-get install wrk)"; exit 1; }

db=$DIR/serve-$N.db
if [ ! -s "$db" ] || ! "$POWTRACE" --db "$db" show 1 >/dev/null 2>&1; then
	rm -f "$db" "$db-wal" "$db-shm"
	"$B/tools/gen_names" --events "$N" >"$DIR/serve-$N.jsonl"
	t0=$(date +%s)
	"$POWTRACE" --db "$db" init >/dev/null
	"$POWTRACE" --db "$db" import --quiet "$DIR/serve-$N.jsonl" >/dev/null
	echo "made $db: $N persons in $(( $(date +%s) - t0 )) s"
	rm -f "$DIR/serve-$N.jsonl"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/powtrace-bench-serve.XXXXXX")
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server CACHE_MB: a server with no per-address limit (every client
# here is 127.0.0.1) and room for 256 connections; sets url and pid
start_server() {
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null || true
	fi
	: >"$work/url"
	"$POWTRACE" --db "$db" serve --listen 127.0.0.1:0 --threads "$THREADS" --per-ip 0 \
		--max-connections 1024 --cache-mb "$1" >"$work/url" 2>"$work/err" &
	pid=$!
	# (the address comes once the server has warmed each worker's name
	# search: a second or two on 1,000,000 persons)
	i=0
	while [ ! -s "$work/url" ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i + 1)); done
	url=$(head -1 "$work/url")
	[ -n "$url" ] || { cat "$work/err"; exit 1; }
	url=${url%/}
}

# a man in the middle of the database, with his camps and fate; names that
# families type, common and rare, some in Cyrillic
man=$((N / 2))
search="/?q=Harold%20Walker"
cat >"$work/rotate.lua" <<LUA
local names = { "Harold%20Walker", "John%20Smith", "Frank%20Kelly", "William%20Jones",
  "Thomas%20Brown", "George%20Taylor", "James%20Wilson", "Albert%20Evans", "Arthur%20Hughes",
  "Walter%20Green", "%D0%93%D0%B0%D1%80%D0%BE%D0%BB%D1%8C%D0%B4%20%D0%A3%D0%BE%D0%BA%D0%B5%D1%80",
  "%D0%9A%D0%B5%D0%BB%D0%BB%D0%B8", "Kelley", "Thomson", "Smyth", "McDonald", "O%27Brien",
  "Fitzgerald", "Pennington", "Walk*" }
-- many: 52 given names x (32 common surnames and 58 x 39 rarer ones made of
-- the generator's parts), the surname first or last: a different name nearly
-- every request, as the families' searches are
local given = { "John", "William", "James", "George", "Charles", "Thomas", "Frederick",
  "Arthur", "Albert", "Robert", "Joseph", "Alfred", "Henry", "Edward", "Harold", "Walter",
  "Ernest", "Frank", "Richard", "Herbert", "Harry", "Leonard", "Sidney", "Stanley",
  "Reginald", "Francis", "Percy", "Samuel", "Alexander", "David", "Peter", "Kenneth",
  "Douglas", "Patrick", "Michael", "Dennis", "Norman", "Ronald", "Cyril", "Bernard", "Hugh",
  "Edwin", "Ralph", "Eric", "Victor", "Jack", "Ian", "Gordon", "Leslie", "Raymond", "Donald",
  "Stephen" }
local common = { "Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson",
  "Thomas", "Johnson", "Roberts", "Robinson", "Thompson", "Wright", "Walker", "White",
  "Edwards", "Hughes", "Green", "Hall", "Lewis", "Harris", "Clarke", "Jackson", "Wood",
  "Turner", "Martin", "Cooper", "Hill", "Ward", "Morris", "Moore" }
local heads = { "Ash", "Black", "Brad", "Brook", "Cald", "Carl", "Chat", "Clay", "Cran", "Dal",
  "Ed", "Fair", "Farn", "Gold", "Green", "Hal", "Hart", "Haw", "Hol", "Kings", "Lang", "Lock",
  "Mar", "Mid", "Mill", "New", "North", "Oak", "Pen", "Red", "Rich", "Ros", "Rush", "Sal",
  "Sand", "Shel", "Stan", "Stock", "Sum", "Thorn", "Wal", "West", "Whit", "Wil", "Win", "Wood",
  "Bur", "Craw", "Dun", "Her", "Kel", "Mac", "Mor", "Pres", "Rad", "Sher", "Tal", "Wes" }
local tails = { "ford", "wood", "ley", "ton", "field", "well", "by", "more", "ham", "worth",
  "combe", "cliffe", "den", "dale", "bridge", "stone", "land", "hurst", "wick", "bury", "ridge",
  "shaw", "croft", "thwaite", "low", "ington", "son", "man", "er", "ing", "sey", "ell", "ett",
  "ock", "in", "an", "ins", "ard", "ow" }
local function many(k)
  local g = given[1 + (k * 7) % #given]
  local s
  if k % 3 == 0 then
    s = common[1 + math.floor(k / 3) % #common]
  else
    s = heads[1 + (k * 11) % #heads] .. tails[1 + (k * 17) % #tails]
  end
  if k % 2 == 0 then
    return "/?q=" .. g .. "%20" .. s
  end
  return "/?q=" .. s .. "%2C%20" .. g
end
local n = 0
local kind = os.getenv("ROTATE")
request = function()
  n = n + 1
  if kind == "many" then
    return wrk.format("GET", many(n))
  end
  if kind == "names" then
    return wrk.format("GET", "/?q=" .. names[1 + n % #names] .. "&page=" .. (1 + math.floor(n / #names) % 5))
  end
  return wrk.format("GET", "/person/" .. (1 + (n * 7919) % $N))
end
LUA

echo "powtrace serve on $N persons, $THREADS worker threads, $(nproc) processors;" \
     "wrk -t2, ${SECONDS_EACH} s each; $(date -u +%Y-%m-%d)"

# measure NAME PATH CONNECTIONS ROTATE TAG: one wrk run, one line of figures
# (a request slower than 10 s counts as an error)
measure() {
	# a fresh server for each run, so that requests still queued from the
	# last one (a client that gives up does not stop a worker) cost it nothing
	start_server "$cache_mb"
	curl -s -o /dev/null "$url${2:-/health}"   # opens the worker's handle; fills the cache
	curl -s -o /dev/null "$url${2:-/health}"
	if [ -n "$4" ]; then
		ROTATE=$4 wrk -t2 -c"$3" -d"${SECONDS_EACH}s" --timeout 10s --latency \
			-s "$work/rotate.lua" "$url" >"$work/wrk" 2>&1 || true
	else
		wrk -t2 -c"$3" -d"${SECONDS_EACH}s" --timeout 10s --latency "$url$2" \
			>"$work/wrk" 2>&1 || true
	fi
	rps=$(sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p' "$work/wrk")
	p50=$(awk '$1 == "50%" { print $2 }' "$work/wrk")
	p99=$(awk '$1 == "99%" { print $2 }' "$work/wrk")
	errors=$(awk '/Socket errors/ { gsub(",", ""); print $4 + $6 + $8 + $10 } /Non-2xx/ { print $NF }' "$work/wrk" |
		awk '{ s += $1 } END { print s + 0 }')
	printf '%-36s %5s %12s %10s %10s %7s\n' "$1" "$3" "$rps" "$p50" "$p99" "$errors"
	echo "$5|$1|$3|$rps|$p99" >>"$work/results"
}

header() {
	printf '%-36s %5s %12s %10s %10s %7s\n' page conns "requests/s" p50 p99 errors
}

# every answer made for each request: what powtrace itself costs
cache_mb=0
start_server 0
for path in /health "/person/$man" "$search" /report/unaccounted; do
	code=$(curl -s -o /dev/null -w '%{http_code}' "$url$path")
	[ "$code" = 200 ] || { echo "bench_serve: $url$path answered $code"; exit 1; }
done
echo
echo "without the cache (--cache-mb 0): every answer made anew"
header
for c in 16 256; do
	measure "static /health" /health "$c" "" nocache
	measure "dossier /person/$man" "/person/$man" "$c" "" nocache
	measure "dossiers, a different man each" "" "$c" men nocache
	measure "name search Harold Walker" "$search" "$c" "" nocache
	measure "name searches, 20 names x 5 pages" "" "$c" names nocache
	measure "name searches, a different name each" "" "$c" many nocache
	measure "unaccounted, page 1" /report/unaccounted "$c" "" nocache
done

# the default: answers kept for the next reader who asks the same
cache_mb=64
echo
echo "with the cache (the default, 64 MB): the same page asked again"
header
for c in 16 256; do
	measure "static /health" /health "$c" "" cache
	measure "dossier /person/$man" "/person/$man" "$c" "" cache
	measure "name search Harold Walker" "$search" "$c" "" cache
	measure "unaccounted, page 1" /report/unaccounted "$c" "" cache
done

echo
awk -F'|' '
	$2 ~ /^static/ { s[$1 "|" $3] = $4 }
	$2 ~ /^dossier \/person/ { d[$1 "|" $3] = $4 }
	$2 ~ /^dossiers/ { dr[$1 "|" $3] = $4 }
	$2 ~ /^name search Harold/ { n[$1 "|" $3] = $4; p[$1 "|" $3] = $5 }
	$2 ~ /^name searches, 20/ { nr[$1 "|" $3] = $4 }
	$2 ~ /^name searches, a different/ { nm[$1 "|" $3] = $4; pm[$1 "|" $3] = $5 }
	END {
		for (k in s) {
			split(k, part, "|")
			printf "%s, %s connections: one dossier %.1f%% of the static rate, ", part[1], part[2], 100 * d[k] / s[k]
			if (k in dr) printf "different dossiers %.1f%%, ", 100 * dr[k] / s[k]
			printf "name search %.0f req/s (p99 %s)", n[k], p[k]
			if (k in nr) printf ", 20 names x 5 pages %.0f req/s", nr[k]
			if (k in nm) printf ", a different name each %.0f req/s (p99 %s)", nm[k], pm[k]
			printf "\n"
		}
	}' "$work/results" | sort
echo "targets: a dossier at 50% or more of the static rate, a name search at 500 req/s or"
echo "more, p99 at most 50 ms at 16 connections"

# the soak: dossiers of different men and searches, RSS every 5 s
cat >"$work/mix.lua" <<LUA
local n = 0
request = function()
  n = n + 1
  if n % 4 == 0 then
    return wrk.format("GET", "$search")
  end
  return wrk.format("GET", "/person/" .. (1 + (n * 7919) % $N))
end
LUA
echo
echo "soak: ${SOAK} s of dossiers of different men and searches at 64 connections, the"
echo "default cache (64 MB); the server's RSS every 5 s (kB):"
start_server 64
wrk -t2 -c64 -d"${SOAK}s" --latency -s "$work/mix.lua" "$url" >"$work/soak" 2>&1 &
wpid=$!
samples=""
while kill -0 "$wpid" 2>/dev/null; do
	samples="$samples $(awk '/^VmRSS/ { print $2 }' "/proc/$pid/status")"
	sleep 5
done
wait "$wpid" || true
echo " $samples"
grep -E "Requests/sec|Socket errors|Non-2xx|^ +(50|99)%" "$work/soak" || true
