#!/bin/sh
# check_layering.sh BUILD_DIR - checks the library's layout (src/README.md):
#  1. the folders of src/lib stand in one order, and a file includes and
#     calls only its own folder and the folders below it;
#  2. no circle of calls between the files of one folder;
#  3. the command line (src/cli) and other clients include no library header
#     but powtrace.h;
#  4. the library exports no symbol outside pt_ (SQLite's checksymbols).
# Calls are read from the object files (nm), includes from the sources.
# Prints one line per offence and "layering: N passed, N failed".
set -u
export LC_ALL=C
B=${1:-build}
cd "$(dirname "$0")/.." || exit 2

# bottom first; the handle's open/free (src/lib/*.c) is above them all
ORDER="core dates records names sources link reports import export research"
rank() {
	case $1 in
	gen) echo 0; return ;;   # embedded data (schema, gazetteer, name tables)
	top) echo 99; return ;;
	esac
	r=1
	for f in $ORDER; do
		[ "$f" = "$1" ] && { echo $r; return; }
		r=$((r + 1))
	done
	echo -1
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
failed=0 passed=0
fail() { echo "layering: $*"; failed=$((failed + 1)); }

# the folder of a library file: src/lib/FOLDER/x.c -> FOLDER; src/lib/x.c -> top
folder_of() {
	case $1 in
	src/lib/*/*) f=${1#src/lib/}; echo "${f%%/*}" ;;
	src/lib/*) echo top ;;
	*/gen/*) echo gen ;;
	esac
}

# 1a. every folder is in the order
for d in src/lib/*/; do
	d=${d%/}; d=${d#src/lib/}
	[ "$(rank "$d")" -ge 0 ] || fail "src/lib/$d: a folder that ORDER in tools/check_layering.sh does not place"
done

# the words read from the files below are no patterns
set -f

# 1b. includes go down
for file in $(find src/lib -name '*.[ch]' | sort); do
	from=$(folder_of "$file"); rf=$(rank "$from")
	for inc in $(sed -n 's/^#include "\([a-z_]*\)\/[a-z_]*\.h"/\1/p' "$file"); do
		ri=$(rank "$inc")
		if [ "$ri" -lt 0 ]; then
			fail "$file: includes a header of '$inc', which is no folder of the library"
		elif [ "$ri" -gt "$rf" ]; then
			fail "$file: includes $inc/, above its own folder $from/"
		else
			passed=$((passed + 1))
		fi
	done
done

# 3. clients include powtrace.h only
for file in $(find src -path src/lib -prune -o -name '*.[ch]' -print | sort); do
	for inc in $(sed -n 's/^#include "\([^"]*\)"/\1/p' "$file"); do
		case $inc in
		core/* | dates/* | records/* | names/* | sources/* | link/* | reports/* | import/* | export/* | research/*)
			fail "$file: a client of the library includes its internal header $inc" ;;
		*) passed=$((passed + 1)) ;;
		esac
	done
done

# 1c and 2. calls, from the object files
objs=$(find "$B/src/lib" "$B/gen" -name '*.o' 2>/dev/null | sort)
if [ -z "$objs" ]; then
	echo "layering: no object files under $B (build first)"
	exit 2
fi
for o in $objs; do
	src=${o#"$B"/}; src=${src%.o}
	nm "$o" | awk -v f="$src" '$2 ~ /^[TDBRC]$/ { print $3, f }'
done | sort -k1,1 >"$tmp/defs"
for o in $objs; do
	src=${o#"$B"/}; src=${src%.o}
	nm "$o" | awk -v f="$src" '$1 == "U" { print $2, f }'
done | sort -k1,1 >"$tmp/uses"
# "caller callee symbol"
join "$tmp/uses" "$tmp/defs" | awk '$2 != $3 { print $2, $3, $1 }' | sort -u >"$tmp/edges"
while read -r caller callee sym; do
	fc=$(folder_of "$caller"); fd=$(folder_of "$callee")
	if [ "$(rank "$fd")" -gt "$(rank "$fc")" ]; then
		fail "$caller.c calls $sym of $callee.c, a folder above its own"
	else
		passed=$((passed + 1))
	fi
done <"$tmp/edges"
# circles: the file graph of each folder sorts topologically
awk '{ print $1, $2 }' "$tmp/edges" | sort -u >"$tmp/pairs"
if ! tsort "$tmp/pairs" >/dev/null 2>"$tmp/loops"; then
	grep -v 'input contains a loop' "$tmp/loops" | sed 's/^tsort: //' | sort -u | tr '\n' ' ' >"$tmp/loop"
	fail "circles of calls between these files: $(cat "$tmp/loop")"
else
	passed=$((passed + 1))
fi

# 4. exported names
nm -g --defined-only "$B/libpowtrace.a" 2>/dev/null |
	awk 'NF == 3 && $3 !~ /^pt_/ && $3 !~ /^__(odr_asan|asan|ubsan|sancov)/ { print $3 }' |
	sort -u >"$tmp/foreign"   # (the sanitizers' own symbols are theirs)
if [ -s "$tmp/foreign" ]; then
	fail "the library exports names outside pt_: $(tr '\n' ' ' <"$tmp/foreign")"
else
	passed=$((passed + 1))
fi

echo "layering: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
