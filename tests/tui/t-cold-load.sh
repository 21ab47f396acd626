#!/bin/sh
# t-cold-load.sh - the TUI's load of a query with no index yet runs in a
# process of its own ("stablemate __index", which writes the index; the
# TUI then loads that as a warm start does, so that a first scan's
# leftovers do not stay in the TUI's memory: doc/bench.md).  The list, the
# warnings and the index are those of a load in the TUI's own process; the
# process ends when the TUI quits; when it cannot write the index, the TUI
# loads in its own process.  A load is held up for real by a message that
# notmuch indexed and that has become a FIFO.
. "$TEST_DATA/lib.sh"
. "$TEST_DATA/t-tui-lib.sh"

test_expect_success 'fixture database, a message that cannot be read' '
	tui_fixtures &&
	add_message corpus/103.eml held.eml &&
	notmuch_new &&
	rm "$MAIL_DIR/new/held.eml" && mkdir "$MAIL_DIR/new/held.eml"
'

# index_processes: the "__index" processes the TUI in the terminal has
# started and that run now, one line each: "PARENT __index", PARENT the
# name of the process that started it (the TUI runs itself again, as
# /proc/self/exe).
index_processes() {
	pane=$(tmux_ display-message -p -t 0 '#{pane_pid}')
	ps -eo pid=,ppid=,comm=,args= | awk -v pane="$pane" '
	{ parent[$1] = $2; name[$1] = $3; line[$1] = $0 }
	END {
		for (p in line)
			if (line[p] ~ / __index$/ && parent[parent[p]] == pane)
				print name[parent[p]], "__index"
	}'
}

test_begin_subtest 'a cold load: the whole list, and what it could not read'
tui_start
cold=$(tui_screen_squeezed)
test_expect_equal "$(echo "$cold" | tail -n 2 | sed 's/^9 patches from 16 notices (.*\.\.\. /9 patches from 16 notices (... /')
$(tui_log_last | sed "s|$MAIL_DIR|MAIL|")" "\
[patches] 1 of 9 · by urgency                                                                                      100%
9 patches from 16 notices (... (S: in full)
9 patches from 16 notices (1 unreadable: cannot read MAIL/new/held.eml: not a regular file; message skipped)"

test_begin_subtest '... its index is there: list reads no message'
"$STABLEMATE" --verbose list >/dev/null 2>err
test_expect_equal "$(grep messages: err)" \
	"stablemate: 17 messages: 0 read, 0 parsed, 16 from cache, 1 skipped"

# The first screen's notices were handed to the index process in a file
# beside the index (sm_store_hand_over): gone once the whole list is in.
test_begin_subtest '... and no hand-over of the first screen is left'
test_expect_equal "$(cd "$XDG_CACHE_HOME/stablemate/index" && find . -type f | sed 's|^\./[^/]*/[0-9a-f]*||' | sort)" ".smi"

test_begin_subtest '... and a warm start shows the same screen'
tui_start
test_expect_equal "$(tui_screen_squeezed)" "$cold"

test_begin_subtest '__index: the progress, then the index'
rm -rf "$XDG_CACHE_HOME/stablemate"
"$STABLEMATE" __index >out 2>err
echo "status $?" >>out
"$STABLEMATE" --verbose list >/dev/null 2>>err
test_expect_equal "$(cat out err | sed "s|$MAIL_DIR|MAIL|")" "\
17 17
status 0
stablemate: warning: cannot read MAIL/new/held.eml: not a regular file; message skipped
stablemate: 17 messages: 0 read, 0 parsed, 16 from cache, 1 skipped"

test_begin_subtest '__index: a bad query fails with a one-line reason'
"$STABLEMATE" __index 'date:foo..bar' >out 2>err
echo "status $?" >>err
test_expect_equal "$(cat out err)" "\
stablemate: bad query: Didn't understand date specification 'foo'
status 1"

test_begin_subtest 'the load runs in a process of its own, which ends when the TUI quits'
held=$MAIL_DIR/new/held.eml
# The first screen reads the held message too: let that read through
# (it finds no regular file); the index process's read then waits.  The
# two start together, so one opening of the FIFO may let both through:
# then the index is written at once, and the TUI starts again (what is
# tested is that a waiting index process ends with the TUI).
attempt=0 running=
while [ $attempt -lt 5 ] && [ -z "$running" ]; do
	attempt=$((attempt + 1))
	rm -rf "$XDG_CACHE_HOME/stablemate" "$held"
	mkfifo "$held"
	tui_launch
	timeout 10 sh -c ": >'$held'"
	i=0
	while [ $i -lt 100 ] && [ -z "$(index_processes)" ] &&
		[ -z "$(find "$XDG_CACHE_HOME/stablemate/index" -name '*.smi' 2>/dev/null)" ]; do
		sleep 0.1
		i=$((i + 1))
	done
	running=$(index_processes)
done
tui_keys Q
tui_exited
i=0
while [ $i -lt 100 ] && [ -n "$(index_processes)" ]; do sleep 0.1; i=$((i + 1)); done
test_expect_equal "$running / $(index_processes)" "stablemate __index / "

test_begin_subtest 'no index can be written: the TUI loads in its own process'
rm -rf "$MAIL_DIR/new/held.eml"
: >"$TMP_DIRECTORY/not-a-directory"
TUI_ENV="XDG_CACHE_HOME=$TMP_DIRECTORY/not-a-directory" tui_start
test_expect_equal "$(tui_title | sed 's/ *$//')" "[patches] 1 of 9 · by urgency                                                                                      100%"
test_done
