#!/bin/sh
# t-completion.sh - the bash completion (cli/bash-completion/stablemate), as
# bash calls it: COMP_WORDS and COMP_CWORD set, _stablemate run, COMPREPLY
# printed.  Commands and options come from the program's --help, so these
# also fail when the completion stops reading it right.
. "$TEST_DATA/lib.sh"

completion=$TEST_DATA/../cli/bash-completion/stablemate
if ! command -v bash >/dev/null 2>&1; then
	echo "SKIP: no bash"
	exit 77
fi

# complete WORD...: what completing the last WORD offers, on one line;
# "(none)" for nothing.
complete_words() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
		_stablemate; echo "${COMPREPLY[*]:-(none)}"' sh "$completion" "$STABLEMATE" "$@"
}

test_begin_subtest "the commands, from stablemate --help"
test_expect_equal "$(complete_words '')" "list show act checkout help"

test_begin_subtest "stablemate's options, a valued one with = and no space"
test_expect_equal "$(complete_words --de; complete_words --no)" "--demo --demo-dir= --demo-reset
--notmuch-config="

test_begin_subtest "a command's own options, after the command and stablemate's options"
test_expect_equal "$(complete_words --config x.conf checkout --)" "--backport= --help --no-shell --remove --tree="

test_begin_subtest "the values of --format and --backport, after a space or an ="
test_expect_equal "$(complete_words --format j; complete_words list --format = t
	complete_words checkout --backport = d; complete_words checkout --backport '')" "json
text
draft
print draft send"

test_begin_subtest "files and directories where options take them"
mkdir -p dir.d && : >conf.file
test_expect_equal "$(complete_words --config con; complete_words --demo-dir di; complete_words --demo-dir co)" \
	"conf.file
dir.d
(none)"

test_begin_subtest "act's actions, after its own options and their values"
test_expect_equal "$(complete_words act ''; complete_words act -t 6.1 --reason why h; complete_words act approve '')" \
	"approve hold revert drop done untriage reply undo resume
hold
(none)"

test_begin_subtest "... which are those act --help names, and undo and resume"
"$STABLEMATE" act --help | sed -n 's/^ACTION is \(.*\); ID.*/\1/p' | sed 's/,\{0,1\} or /, /' | tr -d , >actual
echo "$(cat actual) undo resume" >actual
test_expect_equal "$(cat actual)" "$(complete_words act '')"

test_begin_subtest "help's commands"
test_expect_equal "$(complete_words help ch; complete_words help list '')" "checkout
(none)"

test_done
