#!/bin/sh
# gen_docs.sh BINARY OUTDIR - the man pages and the shell completions of
# powtrace, made from the help the built binary prints, so that neither can
# drift from it:
#
#   OUTDIR/man/powtrace.1            from `powtrace --help`
#   OUTDIR/man/powtrace-CMD.1        from `powtrace CMD --help`, one a command
#   OUTDIR/completion/powtrace.bash  bash completion
#   OUTDIR/completion/_powtrace      zsh completion
#   OUTDIR/completion/spec           what both are made from (one line a fact)
#
# The spec: the commands with their summaries (the command table, as
# `powtrace --help` lists it), each command's subcommands (the word after
# the command in its usage lines), every option its help names (a word
# starting with --), whether the option takes a value and which (the values
# of "--opt a|b|c", a file for a FILE or *.json value), and the option's
# first line of description. tools/check_docs.sh checks the outputs against
# the help texts. POWTRACE_DOCS_DATE (YYYY-MM-DD) fixes the pages' date
# (default: $SOURCE_DATE_EPOCH's, else today's).
set -eu

BIN=$1
OUT=$2
HERE=$(dirname "$0")
export LC_ALL=C.UTF-8

if [ -z "${POWTRACE_DOCS_DATE:-}" ]; then
	if [ -n "${SOURCE_DATE_EPOCH:-}" ]; then
		POWTRACE_DOCS_DATE=$(date -u -d "@$SOURCE_DATE_EPOCH" +%Y-%m-%d)
	else
		POWTRACE_DOCS_DATE=$(date -u +%Y-%m-%d)
	fi
fi
VERSION=$("$BIN" --version | sed -n 's/^powtrace \([^ ]*\).*/\1/p')

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/man" "$tmp/completion" "$tmp/help"

"$BIN" --help > "$tmp/help/powtrace.txt"
# the command table: "  NAME   summary" under "commands:"
awk '/^commands:$/ { on = 1; next } on && /^$/ { exit }
     on && /^  [a-z]/ { name = $1; sub(/^  [^ ]+  */, ""); print name "\t" $0 }' \
	"$tmp/help/powtrace.txt" > "$tmp/commands"
[ -s "$tmp/commands" ] || { echo "gen_docs: no commands in '$BIN --help'" >&2; exit 1; }

see_also="powtrace(1)"
while IFS='	' read -r cmd summary; do
	"$BIN" "$cmd" --help > "$tmp/help/$cmd.txt"
	see_also="$see_also powtrace-$cmd(1)"
done < "$tmp/commands"

# the man pages
awk -v name=powtrace -v summary="a research database for missing prisoner-of-war records" \
	-v version="$VERSION" -v date="$POWTRACE_DOCS_DATE" -v see_also="${see_also#powtrace(1) }" \
	-f "$HERE/gen_man.awk" "$tmp/help/powtrace.txt" > "$tmp/man/powtrace.1"
while IFS='	' read -r cmd summary; do
	awk -v name="powtrace-$cmd" -v summary="$summary" -v version="$VERSION" \
		-v date="$POWTRACE_DOCS_DATE" -v see_also="powtrace(1)" \
		-f "$HERE/gen_man.awk" "$tmp/help/$cmd.txt" > "$tmp/man/powtrace-$cmd.1"
done < "$tmp/commands"

# the spec of the completions
{
	# global options: those of `powtrace --help`
	awk -f "$HERE/gen_spec.awk" -v cmd="" "$tmp/help/powtrace.txt"
	while IFS='	' read -r cmd summary; do
		printf 'cmd\t%s\t%s\n' "$cmd" "$summary"
		# a command that parses with the option table (src/cli/opt.c) says
		# exactly what each option takes: that wins over what the help's
		# words suggest
		POWTRACE_DUMP_OPTIONS=1 "$BIN" "$cmd" --help > "$tmp/help/$cmd.table"
		grep -q '^-' "$tmp/help/$cmd.table" || : > "$tmp/help/$cmd.table"
		awk -f "$HERE/gen_spec.awk" -v cmd="$cmd" "$tmp/help/$cmd.txt" |
			awk -F '\t' -v OFS='\t' -v table="$tmp/help/$cmd.table" '
				BEGIN { while ((getline line < table) > 0) {
					split(line, f, "\t"); kind[f[1]] = f[2]; choices[f[1]] = f[3] } }
				$1 == "opt" && ($3 in kind) { $4 = kind[$3]; $5 = choices[$3] } { print }' 
	done < "$tmp/commands"
} > "$tmp/completion/spec"

awk -v TEMPLATE="$HERE/completion.bash" -f "$HERE/gen_bash.awk" "$tmp/completion/spec" > "$tmp/completion/powtrace.bash"
awk -f "$HERE/gen_zsh.awk" "$tmp/completion/spec" > "$tmp/completion/_powtrace"

# put the new set in place of the old one as a whole
rm -rf "$OUT/man" "$OUT/completion"
mkdir -p "$OUT"
mv "$tmp/man" "$tmp/completion" "$OUT/"
