#!/bin/sh
# t-cli.sh - the command line as peers have it: --version, --help that lists
# every command, usage lines that name their command, global options where
# the man page puts them, and README and man page in step with --help.
. "$TEST_DATA/lib.sh"

srcdir=$TEST_DATA/..
version=$(sed -n 's/^AC_INIT(\[stablemate\], \[\([^]]*\)\].*/\1/p' "$srcdir/configure.ac")

test_begin_subtest "--version prints the name and the version"
run_stablemate --version
test_expect_equal "$run_status $(cat "$OUTPUT")" "0 stablemate $version"

test_begin_subtest "--help lists every command, one line each"
run_stablemate --help
test_expect_equal "$(sed -n '/^Commands:/,$p' "$OUTPUT")" "Commands:
  (none)    open the terminal interface
  list      print the patches, narrowed by a notmuch query
  show      print patches in detail: their trees, notices and git
  act       approve, hold, revert, drop, done, untriage, reply to a patch; undo
  checkout  open a conflict-resolution worktree for a patch
  help      this help, or a command's options (help COMMAND)

stablemate COMMAND --help shows the options of a command.
Options given before the command (such as --format) apply to it."

test_begin_subtest "each command's --help names the command in its usage line"
for c in list show act checkout help; do
	"$STABLEMATE" $c --help 2>&1 | sed -n 2p
done >actual
test_expect_equal "$(cat actual)" "  stablemate list [OPTION…] [QUERY]
  stablemate show [OPTION…] ID...
  stablemate act [OPTION…] ACTION ID... | undo | resume [FILE...]
  stablemate checkout [OPTION…] ID
  stablemate help [OPTION…] [COMMAND]"

test_begin_subtest "every --help fits 80 columns, as git's and notmuch's do"
for c in "" list show act checkout help; do
	"$STABLEMATE" $c --help 2>&1 | awk -v c="${c:-stablemate}" 'length($0) > 80 { print c ": " $0 }'
done >actual
test_expect_equal "$(cat actual)" ""

# As git's "did you mean": a swap of two letters is one edit.
test_begin_subtest "a mistyped command or action: the likeliest meaning, as git says it"
for args in lsit chekcout xyz "act aprove x" "act hodl x" "act frob x"; do
	run_stablemate $args
	echo "$run_status $(cat "$OUTPUT" "$ERRORS")"
done >actual
test_expect_equal "$(cat actual)" "2 stablemate: unknown command 'lsit'; did you mean 'list'?
2 stablemate: unknown command 'chekcout'; did you mean 'checkout'?
2 stablemate: unknown command 'xyz' (stablemate --help lists the commands)
2 stablemate act: unknown action 'aprove'; did you mean 'approve'?
2 stablemate act: unknown action 'hodl'; did you mean 'hold'?
2 stablemate act: unknown action 'frob': the actions are approve, hold, revert, drop, done, untriage and reply; or act undo, act resume"

# As git help and notmuch help.
test_begin_subtest "help prints what --help prints, help COMMAND what COMMAND --help prints"
run_stablemate --help
cp "$OUTPUT" expected
for c in list show act checkout help; do
	"$STABLEMATE" $c --help >>expected 2>&1
done
run_stablemate help
for c in list show act checkout help; do
	"$STABLEMATE" help $c >>"$OUTPUT" 2>&1
done
test_expect_equal_file expected "$OUTPUT"

test_begin_subtest "help for a command there is not is bad usage"
run_stablemate help frobnicate
test_expect_equal "$run_status $(cat "$OUTPUT")$(cat "$ERRORS")" \
	"2 stablemate help: unknown command 'frobnicate' (stablemate --help lists the commands)"

make_maildir corpus/018.eml corpus/019.eml corpus/016.eml
make_db

test_begin_subtest "--format before the command is the same as after it"
run_stablemate list --format=json
after=$(cat "$OUTPUT")
run_stablemate --format=json list
test_expect_equal "$run_status $(cat "$OUTPUT")" "0 $after"

test_begin_subtest "... and a command's own --format wins"
run_stablemate list --format=text
text=$(cat "$OUTPUT")
run_stablemate --format=json list --format=text
test_expect_equal "$run_status $(cat "$OUTPUT")" "0 $text"

test_begin_subtest "an option of stablemate's after the command says where it goes"
for args in "list --config x" "show -v 0fd5" "act --demo approve x" "checkout --demo-dir=d x"; do
	run_stablemate $args
	echo "$run_status $(cat "$OUTPUT" "$ERRORS")"
done >actual
test_expect_equal "$(cat actual)" "2 stablemate list: --config is an option of stablemate, not of list: give it before the command (stablemate --config FILE list ...)
2 stablemate show: --verbose is an option of stablemate, not of show: give it before the command (stablemate --verbose show ...)
2 stablemate act: --demo is an option of stablemate, not of act: give it before the command (stablemate --demo act ...)
2 stablemate checkout: --demo-dir is an option of stablemate, not of checkout: give it before the command (stablemate --demo-dir DIR checkout ...)"

test_begin_subtest "... and one that is no option at all says so as before"
run_stablemate list --colour
test_expect_equal "$run_status $(cat "$ERRORS")" "2 stablemate list: Unknown option --colour"

test_begin_subtest "an unknown format before the command is bad usage"
run_stablemate --format=yaml list
test_expect_equal "$run_status $(cat "$ERRORS")" "2 stablemate: unknown format 'yaml' (text or json)"

# The JSON contract's version, asked for as notmuch's --format-version is.
test_begin_subtest "--format-version=2 (the current one) prints what no version prints"
run_stablemate list --format=json
plain=$(cat "$OUTPUT")
run_stablemate list --format=json --format-version=2
test_expect_equal "$run_status $(cat "$OUTPUT")" "0 $plain"

# Version 2 made "adapted" a map (tree: summary); 1 still gets the list.
test_begin_subtest "--format-version=1: adapted as the list of trees it was"
run_stablemate list --format=json --format-version=1
sed 's/"adapted": \[\],/"adapted": {},/' "$OUTPUT" >actual
printf '%s\n' "$plain" >expected
test_expect_equal_file expected actual

test_begin_subtest "a version too new is refused with notmuch's status 21"
run_stablemate show --format=json --format-version=3 id:x
test_expect_equal "$run_status $(cat "$OUTPUT")$(cat "$ERRORS")" \
	"21 stablemate show: format version 3 is too new (current version is 2)"

test_begin_subtest "a version too old is refused with notmuch's status 20"
run_stablemate list --format-version=0
test_expect_equal "$run_status $(cat "$OUTPUT")$(cat "$ERRORS")" \
	"20 stablemate list: format version 0 is no longer supported (current version is 2)"

# Two FAILED notices whose commit ids share 7 digits, as git's short ids
# sometimes do: a prefix that names both is refused with the candidates.
sed -e 's/faf07e611dfa464b201223a7253e9dc5ee0f3c9e/faf07e6aa0000000000000000000000000000001/g' \
	-e 's/Cap the number of PCR banks/Cap the number of PCR banks again/' \
	-e 's/^Message-ID: <2025122959-dreamt-stank-d6e5@gregkh>/Message-ID: <twin-1@example.org>/' \
	-e 's/^Date: Mon, 29 Dec 2025 12:41:59 +0100/Date: Mon, 29 Dec 2025 13:41:59 +0100/' \
	"$TEST_DATA/corpus/018.eml" >twin.eml
add_message twin.eml
notmuch_new

test_begin_subtest "an ambiguous short id: how long it must be, and the candidates (act)"
run_stablemate act approve --print faf07
test_expect_equal "$run_status $(cat "$OUTPUT")$(cat "$ERRORS")" \
"1 stablemate act: short id 'faf07' is ambiguous: 2 patches begin with it; give at least 8 hex digits
stablemate act: the candidates are:
  faf07e61  tpm: Cap the number of PCR banks
  faf07e6a  tpm: Cap the number of PCR banks again"

test_begin_subtest "... (checkout), and the length it names is enough"
run_stablemate checkout --no-shell faf07e6
head -1 "$ERRORS" >actual
run_stablemate act done --print faf07e61
echo "$run_status $(cat "$OUTPUT")" >>actual
test_expect_equal "$(cat actual)" "stablemate checkout: short id 'faf07e6' is ambiguous: 2 patches begin with it; give at least 8 hex digits
0 done faf07e611dfa: would tag 3 messages stablemate/done"

# (newest first: the first patch has a backport of a later date)
test_begin_subtest "show prints every patch a short id names"
run_stablemate show faf07
test_expect_equal "$run_status $(grep '^subject' "$OUTPUT")" "0 subject   tpm: Cap the number of PCR banks
subject   tpm: Cap the number of PCR banks again"

test_begin_subtest "show ID ID...: each patch once, in the order named, a blank line between"
run_stablemate show faf07e6a faf07e61 faf07e6a
test_expect_equal "$run_status $(grep -e '^subject' -e '^$' "$OUTPUT" | uniq)" "0 subject   tpm: Cap the number of PCR banks again

subject   tpm: Cap the number of PCR banks"

test_begin_subtest "... the same in JSON, as one document"
run_stablemate show --format=json faf07e6a faf07e61
test_expect_equal "$run_status $(grep -c '^      "upstream": "faf07e6' "$OUTPUT") $(grep -c '^{' "$OUTPUT")" "0 2 1"

test_begin_subtest "... and with an ID that names none, as git show: nothing but why"
run_stablemate show faf07e61 deadbeef
test_expect_equal "$run_status $(cat "$OUTPUT" "$ERRORS")" "1 stablemate show: no patch matches 'deadbeef'"

test_begin_subtest "words for an ID: how to look for them instead"
run_stablemate show "PCR banks"
test_expect_equal "$run_status $(cat "$ERRORS")" \
	"1 stablemate show: no patch matches 'PCR banks': an ID is a commit id prefix or a message-id; to find a patch by its subject: stablemate list 'subject:\"PCR banks\"'"

test_begin_subtest "... which finds it"
run_stablemate list 'subject:"PCR banks"'
test_expect_equal "$run_status $(cut -c1-12 "$OUTPUT")" "0 faf07e611dfa
faf07e6aa000"

test_begin_subtest "a prefix shorter than 4 digits says how long it must be"
run_stablemate show faf
test_expect_equal "$run_status $(cat "$ERRORS")" \
	"1 stablemate show: 'faf' is too short: give at least 4 hex digits of the commit id, or a message-id"

test_begin_subtest "README, the man page and --help agree on commands, options, keys and files"
python3 "$TEST_DATA/docs-drift.py" "$STABLEMATE" "$srcdir" >actual 2>&1
test_expect_equal "$(cat actual)" ""

# groff-base comes with man-db; without it there is nothing to check.
if command -v groff >/dev/null 2>&1; then
	test_begin_subtest "the man page renders with no groff warning"
	groff -man -ww -z "$srcdir/doc/stablemate.1" >actual 2>&1
	test_expect_equal "$(cat actual)" ""
fi

# A copy of the documents and sources to break, one fault of each kind.
drift_copy() {
	rm -rf drift && mkdir -p drift/doc drift/keymaps
	cp "$srcdir/doc/stablemate.1" drift/doc/
	cp "$srcdir/README.md" drift/
	cp "$srcdir/keymaps/default.keys" "$srcdir/keymaps/mutt.keys" drift/keymaps/
	for d in core cli tui demo; do ln -s "$srcdir/$d" drift/$d; done
}
drift_check() {
	python3 "$TEST_DATA/docs-drift.py" "$STABLEMATE" drift 2>&1
}

test_begin_subtest "the drift check notices an option the SYNOPSIS lacks, or one no command takes"
drift_copy
sed -i -e 's/^\.RB \[ \\-\\-no\\-shell \]$/.RB [ \\-\\-no\\-shells ]/' drift/doc/stablemate.1
sed -i -e 's/ \[--ack\]//' drift/README.md
test_expect_equal "$(drift_check)" "README commands: stablemate act --ack
man SYNOPSIS: stablemate checkout --no-shell
man SYNOPSIS: stablemate checkout takes no --no-shells"

test_begin_subtest "... a command --help has and the documents lack, or the other way"
drift_copy
sed -i -e '/^stablemate \[OPTION...\] show /d' drift/README.md
sed -i -e 's/^\.B act undo$/.B act undo\n.br\n.B stablemate\n.RI [ OPTION ...]\n.B redo/' drift/doc/stablemate.1
test_expect_equal "$(drift_check)" "man SYNOPSIS: command redo is not in stablemate --help
README commands: command show
README commands: stablemate show --format
README commands: stablemate show --format-version"

test_begin_subtest "... a global option, a short option and a default path"
drift_copy
sed -i -e 's/^\.BR \\-v ", " \\-\\-verbose$/.B \\-\\-verbose/' \
	-e 's|\$XDG_CACHE_HOME/stablemate/demo|~/.cache/stablemate/demo|' \
	-e 's/^\.BI \\-\\-keymap " FILE"$/.BI \\-\\-keymaps " FILE"/' drift/doc/stablemate.1
sed -i -e 's/^\(Options: .*\)`--demo-dir DIR`, /\1/' drift/README.md
test_expect_equal "$(drift_check)" "README Options: stablemate --demo-dir
man OPTIONS: stablemate --keymap
man OPTIONS: stablemate takes no --keymaps
man OPTIONS: stablemate -v (--verbose)
man page: stablemate --help says \$XDG_CACHE_HOME/stablemate/demo
man FILES: \$XDG_CACHE_HOME/stablemate/demo/"

test_begin_subtest "... a key bound and not documented, or documented and not bound"
drift_copy
echo 'bind list Z zoom' >>drift/keymaps/default.keys
echo 'bind pager   ^           move-first            # mutt: top' >>drift/keymaps/mutt.keys
sed -i -e 's/^| `x` | done | |$/| `x`, `Y` | done | |/' drift/README.md
sed -i -e 's/^\.BR U ", " u$/.BR U ", " u ", " C\\-z/' drift/doc/stablemate.1
test_expect_equal "$(drift_check)" "man KEY BINDINGS: key Z (zoom)
README key bindings: key Z (zoom)
man KEY BINDINGS: key C-z is bound to nothing
README key bindings: key Y is bound to nothing
man KEY BINDINGS (mutt.keys): key ^ (move-first)
README mutt.keys: key ^ (move-first)"

test_begin_subtest "... a file the sources make that FILES does not name"
drift_copy
sed -i -e 's|^\.I \$XDG_DATA_HOME/stablemate/sending/$|.I $XDG_DATA_HOME/stablemate/sent/|' \
	-e 's|^\.I \$XDG_CACHE_HOME/stablemate/git/$|.I $XDG_CACHE_HOME/stablemate/gits/|' drift/doc/stablemate.1
test_expect_equal "$(drift_check)" "man FILES: \$XDG_CACHE_HOME/stablemate/git/
man FILES: \$XDG_DATA_HOME/stablemate/sending"

test_begin_subtest "... a config key the sources read and a document lacks, or one nothing reads"
drift_copy
sed -i -e 's/^\.B \[reply\] quick$/.B [reply] quiet/' drift/doc/stablemate.1
sed -i -e 's/^| `\[reply\] ack` | `false` |$/| `[reply] ack`, `colour` | `false` |/' drift/README.md
test_expect_equal "$(drift_check)" "man CONFIGURATION: [reply] quick
man CONFIGURATION: [reply] quiet is not in the other document
man CONFIGURATION: [reply] quiet is read nowhere
README config: [reply] colour is not in the other document
README config: [reply] colour is read nowhere"

test_begin_subtest "... and a variable the sources read or set that ENVIRONMENT does not name"
drift_copy
sed -i -e '/^\.B NO_COLOR$/d' -e 's/^\.BR STABLEMATE_WORKTREE ", " /.BR /' drift/doc/stablemate.1
test_expect_equal "$(drift_check)" "man ENVIRONMENT: NO_COLOR
man ENVIRONMENT: STABLEMATE_WORKTREE"

test_done
