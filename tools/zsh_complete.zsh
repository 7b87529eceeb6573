#!/usr/bin/env zsh -f
# zsh_complete.zsh DIR LINE... - what zsh's completion offers for each
# command LINE (completed at its end) with the completion functions of DIR
# put first on $fpath: for each LINE, "## LINE" and then one match a line. Used by tools/check_docs.sh to test the
# generated _powtrace. It runs an interactive zsh on a pseudo-terminal
# (zsh/zpty), presses TAB, and catches what the completion system adds by
# wrapping compadd (the technique of zsh-capture-completion, MIT).
emulate -L zsh
zmodload zsh/zpty || exit 1

dir=$1
shift

zpty z zsh -f -i
# the inner shell: TAB completes, each result set is
# framed by a NUL line; compadd prints the matches it is given (no tabs in
# what is typed: a tab would complete)
zpty -w z "fpath=(${(q)dir} \$fpath)"
zpty -w z 'PROMPT= RPROMPT='
zpty -w z 'autoload -U compinit; compinit -u -D'
# (the completion system empties these two arrays after each use)
zpty -w z 'pre-line() { echo -E - $'"'"'\0'"'"'; compprefuncs=(pre-line) }'
zpty -w z 'post-line() { echo -E - $'"'"'\0'"'"'; comppostfuncs=(post-line) }'
zpty -w z 'compprefuncs=(pre-line); comppostfuncs=(post-line)'
zpty -w z "zstyle ':completion:*' list-grouped false; zstyle ':completion:*' insert-tab false"
zpty -w z 'compadd() {
  if [[ ${@[1,(i)(-|--)]} == *-(O|A|D)\ * ]]; then builtin compadd "$@"; return $?; fi
  typeset -a __hits
  builtin compadd -A __hits "$@"
  local -A apre hpre
  zparseopts -E P:=apre p:=hpre
  local h
  for h in $__hits; do echo -E - "$IPREFIX$apre[-P]$hpre[-p]$h"; done
}'
# last: from here on, ENTER runs nothing
zpty -w z "bindkey '^M' undefined; bindkey '^J' undefined; bindkey '^I' complete-word"
integer tog
local out line
for line in "$@"; do
	print -r -- "## $line"
	zpty -w -n z "$line"$'\t'
	tog=0
	# read up to the first NUL line, then print until the second
	while zpty -r z out; do
		if [[ $out == *$'\0'* ]]; then
			(( tog++ )) && break || continue
		fi
		out=${${out//$'\r'/}%$'\n'}
		(( tog )) && [[ -n $out ]] && print -r -- "$out"
	done
	# empty the line for the next one (^U kills it)
	zpty -w -n z $'\C-u'
done
zpty -d z
