#!/bin/sh
# run.sh BUILD_DIR [CASE...] - runs the command-line cases in tests/cli/cases/
# against BUILD_DIR/powtrace and ends with "cli: N passed, N failed".
#
# Each case is a directory cases/NNNN-short-name/ holding `cmd` (a sh script,
# run in a fresh temporary directory with lib.sh's helpers loaded), and the
# expected `stdout`, `stderr` (missing: empty) and `status` (missing: 0);
# `stdin` (optional) is fed to cmd, `skip-unless` (optional) names a path
# under the shared data directory without which the case is skipped.
# README.md in this directory says more.
#
# Environment: PT_VALGRIND=1 runs `powtrace` under valgrind; PT_UPDATE=1
# rewrites the expected files from what the cases print (read the diff before
# you keep it); PT_KEEP=1 keeps the temporary directories; PT_SHARED_DATA
# is the shared data directory (default: ../shared/data beside the repository).
# CASE arguments are shell patterns that select cases by name ('9*', '2001-*').
set -u
export LC_ALL=C

if [ $# -lt 1 ]; then
	echo "usage: sh tests/cli/run.sh BUILD_DIR [CASE...]" >&2
	exit 2
fi
build=$1
shift

here=$(cd "$(dirname "$0")" && pwd -P) || exit 2
REPO=$(cd "$here/../.." && pwd -P) || exit 2
if [ ! -x "$build/powtrace" ]; then
	echo "cli: $build/powtrace not found (build it with make)" >&2
	exit 2
fi
POWTRACE=$(cd "$build" && pwd -P)/powtrace

if [ -n "${PT_SHARED_DATA:-}" ]; then
	shared_shown=$PT_SHARED_DATA
	case $PT_SHARED_DATA in
	/*) ;;
	*) PT_SHARED_DATA=$PWD/$PT_SHARED_DATA ;;
	esac
	export PT_SHARED_DATA
	shared=$PT_SHARED_DATA
else
	shared_shown=../shared/data
	shared=$REPO/../shared/data
fi

# the newest schema version, written $SCHEMA in what the cases print, so
# that a new migration does not change their expected output
schema=$("$POWTRACE" --version | sed -n 's/.*database schema \([0-9]*\).*/\1/p')

work=$(mktemp -d "${TMPDIR:-/tmp}/powtrace-cli.XXXXXX") || exit 2
work=$(cd "$work" && pwd -P)
if [ "${PT_KEEP:-}" = 1 ]; then
	echo "cli: keeping $work"
else
	trap 'rm -rf "$work"' EXIT
fi
trap 'exit 130' INT TERM

# `powtrace` in the cases runs this wrapper, so that PT_VALGRIND reaches
# every command under test.
mkdir "$work/bin" "$work/cache"
{
	echo '#!/bin/sh'
	if [ "${PT_VALGRIND:-}" = 1 ]; then
		printf 'exec valgrind -q --error-exitcode=99 --leak-check=full --suppressions="%s" "%s" "$@"\n' \
			"$here/valgrind.supp" "$POWTRACE"
	else
		printf 'exec "%s" "$@"\n' "$POWTRACE"
	fi
} >"$work/bin/powtrace"
chmod +x "$work/bin/powtrace"

# seconds before a case is stopped (status 124): long enough for a sanitizer
# build on a busy machine, so that only a hang trips it
limit=600
[ "${PT_VALGRIND:-}" = 1 ] && limit=3600
timeout=
command -v timeout >/dev/null 2>&1 && timeout="timeout $limit"

# a path as a sed pattern
sed_quote() {
	printf '%s\n' "$1" | sed 's/[]\/$*.^[]/\\&/g'
}
q_repo=$(sed_quote "$REPO")
q_shared=
[ -d "$shared" ] && q_shared=$(sed_quote "$(cd "$shared" && pwd -P)")

selected() {
	[ $# -eq 0 ] && return 0
	for pattern in "$@"; do
		# shellcheck disable=SC2254 # the arguments are patterns
		case $name in
		$pattern) return 0 ;;
		esac
	done
	return 1
}

# expected file, actual file, label: 0 if they match, else the diff
compare() {
	if [ -f "$1" ]; then
		cmp -s "$1" "$2" && return 0
		diff -u -L "expected $3" -L "actual $3" "$1" "$2"
	else
		[ -s "$2" ] || return 0
		diff -u -L "expected $3 (none)" -L "actual $3" /dev/null "$2"
	fi
	return 1
}

# writes the actual output as the expected file (none when empty)
update() {
	if [ -s "$2" ]; then
		cmp -s "$1" "$2" 2>/dev/null || { cp "$2" "$1"; changed=1; }
	elif [ -f "$1" ]; then
		rm -f "$1"
		changed=1
	fi
}

passed=0 failed=0 skipped=0
for dir in "$here"/cases/*/; do
	dir=${dir%/}
	name=${dir##*/}
	[ -f "$dir/cmd" ] || continue
	selected "$@" || continue

	if [ -f "$dir/skip-unless" ]; then
		need=$(sed -n '1s/[[:space:]]*$//p' "$dir/skip-unless")
		if [ ! -d "$shared" ]; then
			echo "skip $name: $shared_shown not found"
			skipped=$((skipped + 1))
			continue
		elif [ ! -e "$shared/$need" ]; then
			echo "skip $name: $shared_shown/$need not found"
			skipped=$((skipped + 1))
			continue
		fi
	fi

	tmp=$work/$name
	out=$work/$name.out
	mkdir "$tmp" "$out"
	input=/dev/null
	[ -f "$dir/stdin" ] && input=$dir/stdin
	(
		cd "$tmp" || exit 97
		PATH=$work/bin:$PATH FIXTURES=$REPO/fixtures
		DATA=$REPO/tests/data POWTRACE_DB=$tmp/test.db CLI_LIB=$here/lib.sh
		CLI_CACHE=$work/cache
		export PATH POWTRACE FIXTURES DATA REPO POWTRACE_DB CLI_LIB CLI_CACHE
		# shellcheck disable=SC2016 # expanded by the inner shell
		exec $timeout sh -c '. "$CLI_LIB" && . "$1"' sh "$dir/cmd"
	) <"$input" >"$out/stdout.raw" 2>"$out/stderr.raw"
	echo $? >"$out/status"

	q_tmp=$(sed_quote "$tmp")
	for stream in stdout stderr; do
		sed -e "s/$q_tmp/\$TMP/g" ${q_shared:+-e "s/$q_shared/\$SHARED/g"} \
		    -e "s/$q_repo/\$REPO/g" \
		    -e "s/schema version $schema\([^0-9]\)/schema version \$SCHEMA\1/g" \
		    -e "s/schema version $schema\$/schema version \$SCHEMA/" \
		    -e "s/database schema $schema)/database schema \$SCHEMA)/g" \
		    -e "s/powtrace's ($schema)/powtrace's (\$SCHEMA)/g" \
		    -e "s/supports ($schema)/supports (\$SCHEMA)/g" \
		    -e "s/^user_version $schema\$/user_version \$SCHEMA/" \
		    "$out/$stream.raw" >"$out/$stream"
	done

	if [ "${PT_UPDATE:-}" = 1 ]; then
		changed=0
		update "$dir/stdout" "$out/stdout"
		update "$dir/stderr" "$out/stderr"
		if [ "$(cat "$out/status")" = 0 ]; then
			[ -f "$dir/status" ] && { rm -f "$dir/status"; changed=1; }
		else
			update "$dir/status" "$out/status"
		fi
		[ $changed = 1 ] && echo "updated $name"
		passed=$((passed + 1))
		continue
	fi

	expected_status=$dir/status
	[ -f "$expected_status" ] || { echo 0 >"$out/status.expected"; expected_status=$out/status.expected; }
	report=$(
		compare "$dir/stdout" "$out/stdout" stdout
		compare "$dir/stderr" "$out/stderr" stderr
		compare "$expected_status" "$out/status" status
	)
	if [ -z "$report" ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		echo "FAIL $name"
		printf '%s\n' "$report" | sed 's/^/    /'
	fi
done

if [ $skipped -gt 0 ]; then
	echo "cli: $passed passed, $failed failed, $skipped skipped"
else
	echo "cli: $passed passed, $failed failed"
fi
[ $failed -eq 0 ]
