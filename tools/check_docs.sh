#!/bin/sh
# check_docs.sh BUILD_DIR - checks the man pages and the shell completions
# that tools/gen_docs.sh made in BUILD_DIR against the help texts of
# BUILD_DIR/powtrace: every command of `powtrace --help` and every option
# that a command's help names (a word starting with --) must be in the
# command's man page, in what bash's completion offers and in what zsh's
# offers for it (both run for real: bash with COMP_WORDS set, zsh on a
# pseudo-terminal); every subcommand too. A command that parses with an
# option table must take exactly the options its help names. The pages must format without a
# warning (groff), and `make install` must install the pages, the
# completions and the documentation, and `make uninstall` remove them.
# Ends with "docs: N passed, N failed" (tools/check.sh adds it up).
set -u
B=${1:-build}
BIN=$B/powtrace
COMPLETION=$(cd "$B" && pwd)/completion
export LC_ALL=C.UTF-8
passed=0 failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail() { echo "FAIL docs: $*"; failed=$((failed + 1)); }
pass() { passed=$((passed + 1)); }

if [ ! -f "$B/man/powtrace.1" ] || [ ! -f "$B/completion/powtrace.bash" ]; then
	echo "check_docs: no man pages or completions in $B (make docs)"
	echo "docs: 0 passed, 1 failed"
	exit 1
fi

# the options a help text names: every --word, but not those inside
# 'powtrace OTHER ...', which are another command's
options_of() { # CMD HELPFILE
	sed "s/'powtrace [a-z][a-z]* [^']*'/\n&\n/g" "$2" |
		awk -v cmd="$1" "/^'powtrace / { split(\$0, w, \" \"); if (w[2] != cmd) next } { print }" |
		grep -o -- '--[a-z][a-z0-9-]*' | sort -u
}

# what bash's completion offers for the words given (the last is completed)
bash_offers() {
	bash --norc --noprofile -c '
		source "$1"; shift
		COMP_WORDS=("$@"); COMP_CWORD=$(( $# - 1 ))
		COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}
		_powtrace
		printf "%s\n" "${COMPREPLY[@]}"' _ "$COMPLETION/powtrace.bash" powtrace "$@"
}

"$BIN" --help > "$tmp/powtrace.help"
commands=$(awk '/^commands:$/ { on = 1; next } on && /^$/ { exit } on && /^  [a-z]/ { print $1 }' \
	"$tmp/powtrace.help")
[ -n "$commands" ] || fail "no commands in 'powtrace --help'"

# every page formats without a warning
for page in "$B"/man/*.1; do
	if out=$(groff -k -man -Tutf8 -ww -z "$page" 2>&1) && [ -z "$out" ]; then
		pass
	else
		fail "$(basename "$page"): groff: $out"
	fi
done

# the commands: in powtrace(1), in both completions
bash_offers '' > "$tmp/bash.commands"
zsh_lines="powtrace "
for cmd in $commands; do
	"$BIN" "$cmd" --help > "$tmp/$cmd.help"
	if [ -f "$B/man/powtrace-$cmd.1" ] && grep -q "^\\\\fB$cmd\\\\fR\$" "$B/man/powtrace.1"; then
		pass
	else
		fail "$cmd: no page powtrace-$cmd.1, or not listed in powtrace.1"
	fi
	grep -qx -- "$cmd" "$tmp/bash.commands" && pass || fail "$cmd: bash does not complete the command"
	zsh_lines="$zsh_lines
powtrace $cmd --"
done

# each command's options (its own and the global ones), and its subcommands
command -v zsh >/dev/null 2>&1 || echo "check_docs: zsh is not installed; its completion is not run"
if command -v zsh >/dev/null 2>&1; then
	subs_lines=""
	for cmd in $commands; do
		for sub in $(sed -n "s/^\\(usage:\\|      \\) *powtrace \\[--db FILE\\] $cmd \\([a-z][a-z-]*\\)\\( .*\\)\\{0,1\\}\$/\\2/p" \
				"$tmp/$cmd.help" | sort -u); do
			subs_lines="$subs_lines
powtrace $cmd "
			break
		done
	done
	# shellcheck disable=SC2086
	(IFS='
'; exec timeout 60 zsh -f tools/zsh_complete.zsh "$B/completion" $zsh_lines $subs_lines) \
		> "$tmp/zsh.out" 2>&1 || fail "zsh: the completion test did not finish: $(tail -3 "$tmp/zsh.out")"
fi
# the matches zsh offered for one line ("## LINE" then one a line)
zsh_offers() {
	awk -v want="## $1" '$0 == want { on = 1; next } /^## / { on = 0 } on' "$tmp/zsh.out" 2>/dev/null
}

zsh_offers "powtrace " > "$tmp/zsh.commands"
for cmd in $commands; do
	if command -v zsh >/dev/null 2>&1; then
		grep -qx -- "$cmd" "$tmp/zsh.commands" && pass || fail "$cmd: zsh does not complete the command"
	fi
	bash_offers "$cmd" -- > "$tmp/bash.opts"
	zsh_offers "powtrace $cmd --" > "$tmp/zsh.opts"
	for opt in $(options_of "$cmd" "$tmp/$cmd.help"); do
		grep -qF -- "\\-\\-${opt#--}" "$B/man/powtrace-$cmd.1" && pass ||
			fail "$cmd $opt: not in powtrace-$cmd.1"
		grep -qx -- "$opt" "$tmp/bash.opts" && pass || fail "$cmd $opt: bash does not complete it"
		if command -v zsh >/dev/null 2>&1; then
			grep -qx -- "$opt" "$tmp/zsh.opts" && pass || fail "$cmd $opt: zsh does not complete it"
		fi
	done
	for sub in $(sed -n "s/^\\(usage:\\|      \\) *powtrace \\[--db FILE\\] $cmd \\([a-z][a-z-]*\\)\\( .*\\)\\{0,1\\}\$/\\2/p" \
			"$tmp/$cmd.help" | sort -u); do
		bash_offers "$cmd" '' | grep -qx -- "$sub" && pass ||
			fail "$cmd $sub: bash does not complete the subcommand"
		if command -v zsh >/dev/null 2>&1; then
			zsh_offers "powtrace $cmd " | grep -qx -- "$sub" && pass ||
				fail "$cmd $sub: zsh does not complete the subcommand"
		fi
	done
done
# a command that parses with an option table (src/cli/opt.c): the table and
# the help name the same options
for cmd in $commands; do
	POWTRACE_DUMP_OPTIONS=1 "$BIN" "$cmd" --help | sed -n 's/^\(--[a-z0-9-]*\)	.*/\1/p' |
		sort -u > "$tmp/table"
	[ -s "$tmp/table" ] || continue
	options_of "$cmd" "$tmp/$cmd.help" | grep -vx -e --db -e --help -e --busy-timeout \
		-e --csv-raw -e --version > "$tmp/named"
	missing=$(comm -23 "$tmp/table" "$tmp/named" | tr '\n' ' ')
	extra=$(comm -13 "$tmp/table" "$tmp/named" | tr '\n' ' ')
	[ -z "$missing" ] && pass || fail "$cmd: options its help does not name: $missing"
	[ -z "$extra" ] && pass || fail "$cmd: options its help names but it does not take: $extra"
done

# the global options, in powtrace(1) and after any command
for opt in $(awk '/^options:$/ { on = 1; next } on && /^$/ { exit } on && /^  --/ { print $1 }' \
		"$tmp/powtrace.help"); do
	grep -qF -- "\\-\\-${opt#--}" "$B/man/powtrace.1" && pass || fail "$opt: not in powtrace.1"
	bash_offers -- | grep -qx -- "$opt" && pass || fail "$opt: bash does not complete it"
done

# values: a choice, a file, --opt=value, and no option offered for a value
bash_offers count --format '' | tr '\n' ' ' | grep -qx 'table csv json svg ' && pass ||
	fail "bash: count --format offers $(bash_offers count --format '' | tr '\n' ' ')"
bash_offers count --format=j | grep -qx -- '--format=json' && pass ||
	fail "bash: count --format=j offers $(bash_offers count --format=j | tr '\n' ' ')"
(cd "$tmp" && : > kelly.ged && bash_offers --db kel) | grep -qx 'kelly.ged' && pass ||
	fail "bash: --db does not complete a file name"
[ -z "$(bash_offers find --camp '')" ] && pass || fail "bash: find --camp offers something"

# make install puts everything in place, make uninstall takes it away
dest=$tmp/dest
if make -s --no-print-directory install DESTDIR="$dest" PREFIX=/usr B="$B" > "$tmp/install.out" 2>&1; then
	for f in bin/powtrace share/man/man1/powtrace.1 share/bash-completion/completions/powtrace \
			share/zsh/site-functions/_powtrace share/doc/powtrace/README.md; do
		[ -f "$dest/usr/$f" ] && pass || fail "make install: no $f"
	done
	for cmd in $commands; do
		[ -f "$dest/usr/share/man/man1/powtrace-$cmd.1" ] && pass ||
			fail "make install: no powtrace-$cmd.1"
	done
	if MANPATH=$dest/usr/share/man MANWIDTH=80 man powtrace-find 2>/dev/null | grep -q -- '--born'; then
		pass
	else
		fail "man powtrace-find does not show the installed page"
	fi
	make -s --no-print-directory uninstall DESTDIR="$dest" PREFIX=/usr B="$B" > "$tmp/install.out" 2>&1
	left=$(find "$dest" -type f | sed "s|^$dest/||")
	[ -z "$left" ] && pass || fail "make uninstall left: $left"
else
	fail "make install: $(cat "$tmp/install.out")"
fi

echo "docs: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
