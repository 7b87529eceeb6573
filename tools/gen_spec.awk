# gen_spec.awk - reads one help text of powtrace and prints what the shell
# completions need to know, one fact a line, fields separated by tabs:
#
#   sub  CMD  WORD                     a subcommand (source add, claims check)
#   pos  CMD  file                     the command's arguments are files
#   opt  CMD  --NAME  KIND  VALUES  DESCRIPTION
#        KIND: flag (no value), value (any), file, or choice (VALUES: the
#        words of "--NAME a|b|c", separated by spaces); "flag?" when only
#        prose names the option, without a value or a list line of its own
#
# cmd="" reads `powtrace --help`: the global options are its option list only
# (its prose names other options as examples). Otherwise every word of the
# help that starts with -- is an option of the command, described by the
# list line that names it. Run by tools/gen_docs.sh; POSIX awk (mawk).

function trim(s) { sub(/^[ \t]+/, "", s); sub(/[ \t]+$/, "", s); return s }

function add_opt(o) {
	if (!(o in kind)) {
		kind[o] = "flag"
		order[++nopt] = o
	}
}

# what follows an option: one space or "=", then the value's first word
function note_value(o, rest,    v, n, parts, i) {
	if (rest !~ /^[ =][^ ]/)
		return
	v = substr(rest, 2)
	sub(/[] ,;)'"].*$/, "", v)
	if (v ~ /^[a-z0-9.]+(\|[a-z0-9.]+)+$/) {
		n = split(v, parts, "|")
		for (i = 1; i <= n; i++)
			if (index(" " choices[o] " ", " " parts[i] " ") == 0)
				choices[o] = (choices[o] == "" ? "" : choices[o] " ") parts[i]
		if (kind[o] == "flag" || kind[o] == "value")
			kind[o] = "choice"
		sure[o] = 1
		return
	}
	if (v ~ /^[A-Z][A-Z0-9_]*/ || v ~ /\.json$/) {
		sure[o] = 1
		if (v ~ /FILE|DIR|\.json$|\.csv$/)
			kind[o] = "file"
		else if (kind[o] == "flag")
			kind[o] = "value"
	}
}

{ sub(/\r$/, ""); line[++n] = $0 }

END {
	for (i = 1; i <= n; i++) {
		s = line[i]
		is_list = s ~ /^  -/
		if (cmd == "" && !is_list)
			continue
		# the usage lines: subcommands and file arguments
		if (cmd != "" && (s ~ /^usage: / || s ~ /^       powtrace /)) {
			u = s
			sub(/^usage: */, "", u)
			u = trim(u)
			sub(/^powtrace \[--db FILE\] /, "", u)
			if (index(u, cmd " ") == 1) {
				w = substr(u, length(cmd) + 2)
				sub(/ .*$/, "", w)
				if (w ~ /^[a-z][a-z-]*$/ && !((w) in subs)) {
					subs[w] = 1
					print "sub\t" cmd "\t" w
				}
				args = u
				# option groups and values go; what stays are the arguments
				gsub(/--[a-z][a-z0-9-]*[ =][A-Z][A-Za-z0-9_.|,[\]]*/, "", args)
				if (args ~ /FILE/ && !pos_file) {
					pos_file = 1
					print "pos\t" cmd "\tfile"
				}
			}
		}
		rest = s
		# "see 'powtrace camps --types'": another command's option
		while (match(rest, /'powtrace [a-z]+ [^']*'/)) {
			w = substr(rest, RSTART + 10, RLENGTH - 11)
			sub(/ .*$/, "", w)
			if (w == cmd)
				break
			rest = substr(rest, 1, RSTART - 1) substr(rest, RSTART + RLENGTH)
		}
		while (match(rest, /--[a-z][a-z0-9-]*/)) {
			o = substr(rest, RSTART, RLENGTH)
			rest = substr(rest, RSTART + RLENGTH)
			if (cmd == "" && !(o in kind) && desc_line(s) != o)
				continue
			add_opt(o)
			note_value(o, rest)
			if (is_list && !(o in desc))
				describe(o, i)
			if (is_list && in_term(s, o))
				sure[o] = 1
		}
	}
	for (k = 1; k <= nopt; k++) {
		o = order[k]
		# a flag named only in prose ("its options --born --camp") may take a
		# value: "flag?" lets the generators take the kind another command
		# gives the option
		printf "opt\t%s\t%s\t%s\t%s\t%s\n", cmd, o, kind[o] (sure[o] ? "" : "?"),
			choices[o], desc[o]
	}
}

# the first option that a list line defines ("  --db FILE   ..." -> --db)
function desc_line(s,    t) {
	t = s
	sub(/^  /, "", t)
	sub(/[ ,].*$/, "", t)
	return t
}

# whether the term of list line s ("  --csv, --json   ...") names option o
function in_term(s, o,    t) {
	t = substr(s, 3)
	if (match(t, /   *[^ ]/))
		t = substr(t, 1, RSTART - 1)
	gsub(/,/, " ", t)
	return index(" " t " ", " " o " ") > 0
}

# the description of option o from the list line i that names it
function describe(o, i,    s, t, d) {
	s = substr(line[i], 3)
	if (match(s, /   *[^ ]/)) {
		t = substr(s, 1, RSTART - 1)
		d = trim(substr(s, RSTART))
	} else {
		t = s
		d = ""
		if (i < n && line[i + 1] ~ /^    /)
			d = trim(line[i + 1])
	}
	# only when the term names it: "--a X   --b Y" describes neither
	if (index(" " t " ", o) == 0 || side_by_side(d))
		return
	desc[o] = d
}

# "--camp NAME   --event TYPE": a list line of options side by side, not a
# description ("--format csv writes cells ..." is one)
function side_by_side(d) {
	return d ~ /^--[a-z0-9-]+( [^ ]+)?$/ || d ~ /^--[a-z0-9-]+( [^ ]+)?   /
}
