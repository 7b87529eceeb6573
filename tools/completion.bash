# The fixed part of powtrace's bash completion: tools/gen_docs.sh puts the
# tables made from the help texts above it (_powtrace_commands, ...).

_powtrace()
{
	local cur=${COMP_WORDS[COMP_CWORD]} opt= cmd= sub= w how prefix= i ended=
	COMPREPLY=()

	# the command and subcommand so far; an option's value is not one
	for ((i = 1; i < COMP_CWORD; i++)); do
		w=${COMP_WORDS[i]}
		if [[ -n $ended ]]; then
			[[ -z $cmd ]] && cmd=$w
			continue
		fi
		case $w in
		--) ended=1; continue ;;
		--*=*) continue ;;
		-*)
			if [[ -n $(_powtrace_value "$cmd" "$w") ]]; then
				# the value follows, after a "=" when bash split --opt=value
				((i++))
				[[ ${COMP_WORDS[i]} == = ]] && ((i++))
			fi
			continue ;;
		esac
		if [[ -z $cmd ]]; then
			cmd=$w
		elif [[ -z $sub && -n $(_powtrace_subcommands "$cmd") ]]; then
			sub=$w
		fi
	done

	# the word being completed may be an option's value: "--opt VALUE",
	# "--opt=VALUE" (bash splits it at "=" as COMP_WORDBREAKS says, or not)
	if [[ -z $ended ]]; then
		if [[ $cur == --*=* ]]; then
			opt=${cur%%=*}
			prefix=$opt=
			cur=${cur#*=}
		elif [[ $cur == = && ${COMP_WORDS[COMP_CWORD-1]} == --* ]]; then
			opt=${COMP_WORDS[COMP_CWORD-1]}
			cur=
		elif [[ ${COMP_WORDS[COMP_CWORD-1]} == = && ${COMP_WORDS[COMP_CWORD-2]} == --* ]]; then
			opt=${COMP_WORDS[COMP_CWORD-2]}
		elif [[ ${COMP_WORDS[COMP_CWORD-1]} == -* ]]; then
			opt=${COMP_WORDS[COMP_CWORD-1]}
		fi
		if [[ -n $opt ]]; then
			how=$(_powtrace_value "$cmd" "$opt")
			case $how in
			file)
				compopt -o filenames 2>/dev/null
				COMPREPLY=($(compgen -f -- "$cur"))
				[[ -n $prefix ]] && COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
				return 0 ;;
			any)
				return 0 ;;
			choice\ *)
				COMPREPLY=($(compgen -W "${how#choice }" -- "$cur"))
				[[ -n $prefix ]] && COMPREPLY=("${COMPREPLY[@]/#/$prefix}")
				return 0 ;;
			esac
		fi
		if [[ $cur == -* ]]; then
			COMPREPLY=($(compgen -W "$_powtrace_global $(_powtrace_options "$cmd")" -- "$cur"))
			return 0
		fi
	fi
	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$_powtrace_commands" -- "$cur"))
	elif [[ -z $sub && -n $(_powtrace_subcommands "$cmd") ]]; then
		COMPREPLY=($(compgen -W "$(_powtrace_subcommands "$cmd")" -- "$cur"))
	elif _powtrace_file_arguments "$cmd"; then
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
	return 0
}

complete -F _powtrace powtrace
