# gen_man.awk - turns the text of `powtrace --help` or `powtrace COMMAND --help`
# into a man page (roff, man macros), so that the pages say what the help says
# and never drift from it. tools/gen_docs.sh runs it for every command.
#
#   awk -v name=powtrace-find -v summary='find persons ...' -v version=0.1.0 \
#       -v date=2026-11-25 -v see_also='powtrace(1)' -f tools/gen_man.awk HELP.txt
#
# What the help texts look like (the conventions of src/cli/cmd_*.c):
#   usage: powtrace ... ; "       powtrace ..." lines go on   -> SYNOPSIS
#   a line at the left margin: a paragraph's text             -> DESCRIPTION
#   "options:" (or another short word or two, then a colon, alone) before an
#   indented list                                             -> .SH / .SS heading
#   "  TERM   description" (two spaces in, two or more after)  -> .TP item;
#   deeper lines continue the description
#   "exit status: ..."                                        -> EXIT STATUS
# Written for POSIX awk (mawk): no gensub, no regex intervals.

function rtrim(s) { sub(/[ \t]+$/, "", s); return s }
function ltrim(s) { sub(/^[ \t]+/, "", s); return s }

# roff-escapes text: backslashes, the dashes of options (\-, so that a
# copied option is typed right), and a control character at a line's start
function esc(s,    out, i, c, prev, next_c, n) {
	gsub(/\\/, "\\e", s)
	out = ""
	n = length(s)
	prev = ""
	for (i = 1; i <= n; i++) {
		c = substr(s, i, 1)
		next_c = substr(s, i + 1, 1)
		if (c == "-" && (next_c == "-" || prev == "-" || prev == "" || prev ~ /[ \[(|,'"=]/))
			out = out "\\-"
		else
			out = out c
		prev = c
	}
	if (out ~ /^[.']/)
		out = "\\&" out
	return out
}

# a term of a definition list: options bold, their values italic
function term(s,    n, parts, i, out, w) {
	n = split(s, parts, " ")
	out = ""
	for (i = 1; i <= n; i++) {
		w = parts[i]
		if (i > 1)
			out = out " "
		if (i == 1 || w ~ /^-/)
			out = out "\\fB" esc(w) "\\fR"
		else
			out = out "\\fI" esc(w) "\\fR"
	}
	return out
}

# "--camp NAME   --event TYPE": options side by side, not a term and its
# description ("--csv-raw   --format csv writes cells ..." is one)
function side_by_side(d) {
	return d ~ /^--[a-z0-9-]+( [^ ]+)?$/ || d ~ /^--[a-z0-9-]+( [^ ]+)?   /
}

function emit(s) { body[++nbody] = s }

function end_block() {
	if (in_nf) { emit(".fi"); emit(".RE"); in_nf = 0 }
}

# a block kept as the help lays it out, indented
function start_block() {
	emit(".RS")
	emit(".nf")
	in_nf = 1
}

# before text at the left margin: a new paragraph after a blank line or a list
function para() {
	end_block()
	if (need_pp || in_list) { emit(".PP"); need_pp = 0; in_list = 0 }
}

function heading(s,    h) {
	h = s
	sub(/:$/, "", h)
	end_block()
	need_pp = 0
	in_list = 0
	if (h == "options") { emit(".SH OPTIONS"); return }
	if (h == "commands") { emit(".SH COMMANDS"); return }
	emit(".SS " toupper(substr(h, 1, 1)) substr(h, 2))
}

# a short label of its own before an indented list ("fields:", "kinds of key:")
function is_heading(i,    s, words) {
	s = line[i]
	if (s !~ /^[a-z][a-z ]*:$/)
		return 0
	if (i > 1 && line[i - 1] != "")
		return 0
	words = split(s, tmp, " ")
	return words <= 3 && i < nlines && line[i + 1] ~ /^  /
}

{ sub(/\r$/, ""); line[++nlines] = rtrim($0) }

END {
	nsyn = 0
	in_usage = 0
	for (i = 1; i <= nlines; i++) {
		s = line[i]
		# usage lines: the synopsis (every usage block of the text), and in the
		# body too when it is not the first (export's second part)
		if (s ~ /^usage: / || (in_usage && s ~ /^   /)) {
			if (s ~ /^usage: /) {
				end_block()
				in_usage = seen_body ? 2 : 1
				if (in_usage == 2) { emit(".PP"); start_block() }
			}
			# as the help lays it out, less the width of "usage: "
			synopsis[++nsyn] = substr(s, 8)
			if (in_usage == 2)
				emit(esc(s))
			continue
		}
		if (in_usage && s == "") {
			end_block()
			in_usage = 0
			need_pp = 1
			continue
		}
		in_usage = 0
		seen_body = 1
		if (s == "") {
			end_block()
			need_pp = 1
			continue
		}
		if (s ~ /^exit status:/) {
			end_block()
			emit(".SH EXIT STATUS")
			need_pp = 0
			in_list = 0
			t = s
			sub(/^exit status: */, "", t)
			if (t != "")
				emit(esc(t))
			continue
		}
		if (is_heading(i)) {
			heading(s)
			continue
		}
		if (s ~ /^  [^ ]/) {
			# a definition: TERM, two spaces or more, its description
			t = substr(s, 3)
			d = ""
			if (match(t, /   *[^ ]/)) {
				d = substr(t, RSTART)
				t = substr(t, 1, RSTART - 1)
				d = ltrim(d)
				# the column the help puts descriptions at (at most 20)
				indent = RSTART + RLENGTH - 2
				if (indent > 20)
					indent = 20
			} else if (!in_list) {
				indent = 7
			}
			if (t ~ /^-/ && (side_by_side(d) || (in_nf && d == ""))) {
				# a line of several options side by side: keep it as it is
				if (!in_nf) { para(); start_block() }
				emit(esc(ltrim(s)))
				in_list = 1
				continue
			}
			end_block()
			need_pp = 0
			emit(".TP " indent "n")
			emit(term(t))
			if (d != "")
				emit(esc(d))
			in_list = 1
			continue
		}
		if (s ~ /^   /) {
			if (in_list && !in_nf) {   # the description goes on
				emit(esc(ltrim(s)))
				continue
			}
			if (!in_nf) { para(); start_block() }
			emit(esc(s))
			continue
		}
		para()
		emit(esc(s))
	}
	end_block()

	up = toupper(name)
	printf ".\\\" Generated by tools/gen_docs.sh from 'powtrace%s --help'; do not edit.\n",
		name == "powtrace" ? "" : " " substr(name, 10)
	printf ".TH %s 1 \"%s\" \"powtrace %s\" \"powtrace manual\"\n", up, date, version
	# no hyphenation, ragged right: names and options stay whole
	print ".nh"
	print ".ad l"
	print ".SH NAME"
	print esc(name) " \\- " esc(summary)
	print ".SH SYNOPSIS"
	print ".nf"
	for (k = 1; k <= nsyn; k++) {
		u = synopsis[k]
		if (u ~ /^powtrace /)
			print "\\fBpowtrace\\fR" esc(substr(u, 9))
		else
			print "\\&" esc(u)
	}
	print ".fi"
	print ".SH DESCRIPTION"
	for (k = 1; k <= nbody; k++) {
		# no paragraph macro straight after a section heading
		if (body[k] == ".PP" && k > 1 && body[k - 1] ~ /^\.S[HS] /)
			continue
		if (body[k] == ".PP" && (k == 1 || k == nbody))
			continue
		print body[k]
	}
	n = split(see_also, refs, " ")
	if (n > 0) {
		print ".SH SEE ALSO"
		out = ""
		for (k = 1; k <= n; k++) {
			r = refs[k]
			sect = r
			sub(/^[^(]*/, "", sect)
			sub(/\(.*$/, "", r)
			# \% keeps "powtrace-find" from breaking at its hyphen
			out = out (k > 1 ? ",\n" : "") "\\fB\\%" esc(r) "\\fR" sect
		}
		print out
	}
}
