#!/bin/sh
# bench_claims.sh BUILD_DIR - how fast `powtrace claims conflicts` and
# `powtrace claims unsupported` are on 10,000 and 100,000 generated claims
# (half as many sources, linked in chains of five with a circle every
# hundred sources), next to the sqlite3 shell running hand-written queries
# for the nearest answers on the same database in the same run: a self-join
# for the numeric conflicts (10% either way for approximate values), and a
# recursive walk of source_link for the sources each claim draws on.
#
# Each figure is the best of $BENCH_RUNS runs (default 3) of wall time, with
# the peak memory of that run. BENCH_SIZES overrides the sizes, BENCH_DIR
# keeps the files. A report, not a test: it prints figures and ratios.
set -eu
B=${1:-build}
RUNS=${BENCH_RUNS:-3}
SIZES=${BENCH_SIZES:-"10000 100000"}

command -v sqlite3 >/dev/null || { echo "bench_claims: the sqlite3 shell is needed"; exit 1; }
[ -x /usr/bin/time ] || { echo "bench_claims: /usr/bin/time is needed (apt-get install time)"; exit 1; }
make -s --no-print-directory "$B/powtrace" >/dev/null

if [ -n "${BENCH_DIR:-}" ]; then
	dir=$BENCH_DIR
	mkdir -p "$dir"
else
	dir=$(mktemp -d "${TMPDIR:-/tmp}/powtrace-bench.XXXXXX")
	trap 'rm -rf "$dir"' EXIT
fi
cp "$B/powtrace" "$dir/powtrace"
PT=$dir/powtrace

# claims on one question and scope whose ranges, widened by 10% when
# approximate, do not overlap
CONFLICTS_SQL="
WITH r AS (
  SELECT id, question, metric, population,
         CASE WHEN value_min IS NULL THEN -1e300
              WHEN approximate THEN value_min - abs(value_min) * 0.1 ELSE value_min END AS lo,
         CASE WHEN value_max IS NULL THEN 1e300
              WHEN approximate THEN value_max + abs(value_max) * 0.1 ELSE value_max END AS hi
  FROM claim WHERE value_min IS NOT NULL OR value_max IS NOT NULL)
SELECT a.question, a.id, b.id FROM r a JOIN r b
  ON b.question = a.question AND b.id > a.id AND b.metric IS a.metric
 AND b.population IS a.population AND (a.hi < b.lo OR b.hi < a.lo)
ORDER BY a.question, a.id, b.id;"

# the sources each claim's citations draw on, following every link (UNION
# ends circles), and the claims that reach only one source with no link
UNSUPPORTED_SQL="
WITH RECURSIVE reach(claim_id, source_id) AS (
  SELECT claim_id, source_id FROM citation WHERE claim_id IS NOT NULL
  UNION
  SELECT r.claim_id, l.target_id FROM reach r JOIN source_link l ON l.source_id = r.source_id)
SELECT c.key, count(DISTINCT r.source_id) AS sources
FROM claim c LEFT JOIN reach r ON r.claim_id = c.id
WHERE r.source_id IS NULL OR NOT EXISTS (SELECT 1 FROM source_link WHERE source_id = r.source_id)
GROUP BY c.id HAVING count(DISTINCT r.source_id) < 2
ORDER BY c.key;"

best() {
	best_s= best_kb=
	i=0
	while [ $i -lt "$RUNS" ]; do
		/usr/bin/time -f "%e %M" -o "$dir/time" "$@" >"$dir/out" 2>"$dir/err" || {
			echo "bench_claims: failed: $*" >&2
			cat "$dir/err" >&2
			exit 1
		}
		read -r s kb <"$dir/time"
		if [ -z "$best_s" ] || awk "BEGIN { exit !($s < $best_s) }"; then
			best_s=$s best_kb=$kb
		fi
		i=$((i + 1))
	done
	echo "$best_s $best_kb"
}

ratio() {
	awk "BEGIN { if ($2 > 0) printf \"%.2f\", $1 / $2; else print \"-\" }"
}

# generate N: sources s0..s(N/2-1), each citing the one before it within a
# chain of five; every hundredth chain's head cites its tail (a circle);
# claims c0..c(N-1), ten to a question in three scopes, 1-3 citations each
generate() {
	awk -v n="$1" 'BEGIN {
		srand(1945); ns = int(n / 2)
		printf "{\"sources\": [\n"
		for (i = 0; i < ns; i++) {
			printf "%s{\"key\": \"s%d\", \"kind\": \"%s\"", i ? ",\n" : "", i, i % 5 ? "web" : "archival_file"
			if (i % 5) printf ", \"cites\": [\"s%d\"]", i - 1
			else if (i % 500 == 0 && i + 4 < ns) printf ", \"cites\": [\"s%d\"]", i + 4
			printf "}"
		}
		printf "\n], \"claims\": [\n"
		split("US GB AU", nat, " ")
		for (i = 0; i < n; i++) {
			q = int(i / 10); v = 1000 + int(rand() * 30000)
			printf "%s{\"key\": \"c%d\", \"question\": \"q%d\", \"metric\": \"retained\", ", i ? ",\n" : "", i, q
			printf "\"population\": {\"nationality\": \"%s\"}, \"value\": %d, \"approximate\": %s, ", nat[i % 3 + 1], v, rand() < 0.5 ? "true" : "false"
			printf "\"citations\": [{\"source\": \"s%d\", \"source_quality\": \"%s\"}", int(rand() * ns), rand() < 0.3 ? "original" : "derivative"
			if (rand() < 0.5) printf ", {\"source\": \"s%d\"}", int(rand() * ns)
			printf "]}"
		}
		printf "\n]}\n"
	}'
}

echo "claims: best of $RUNS runs; wall seconds and peak memory (max RSS)"
printf '%-9s %-24s %10s %10s %10s %10s %8s\n' claims query powtrace "peak KB" sqlite3 "peak KB" ratio
for n in $SIZES; do
	db=$dir/claims-$n.db
	rm -f "$db" "$db-wal" "$db-shm"
	generate "$n" >"$dir/claims-$n.json"
	"$PT" --db "$db" import "$dir/claims-$n.json" >/dev/null
	set -- $(best "$PT" --db "$db" claims conflicts --format json)
	pt_s=$1 pt_kb=$2
	set -- $(best sqlite3 "$db" "$CONFLICTS_SQL")
	printf '%-9s %-24s %10s %10s %10s %10s %8s\n' "$n" "claims conflicts" "$pt_s" "$pt_kb" "$1" "$2" "$(ratio "$pt_s" "$1")"
	set -- $(best "$PT" --db "$db" claims unsupported --format json)
	pt_s=$1 pt_kb=$2
	set -- $(best sqlite3 "$db" "$UNSUPPORTED_SQL")
	printf '%-9s %-24s %10s %10s %10s %10s %8s\n' "$n" "claims unsupported" "$pt_s" "$pt_kb" "$1" "$2" "$(ratio "$pt_s" "$1")"
done
echo "ratio: powtrace time / sqlite3 time. powtrace does more than the queries: it reads every"
echo "value (text values, fates, bounds), names the origins, grades and circles, and prints JSON."
