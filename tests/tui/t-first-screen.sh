#!/bin/sh
# t-first-screen.sh - the TUI's first screen, drawn from the patch index
# before the load has ended, is the screen the whole list shows once it
# has: the same rows in the same (urgency) order, only the title's
# "· loading" and the status line differ.  The load is held up for real:
# a message that notmuch indexed has become a FIFO, so reading it blocks
# until the test opens the other end (and then is skipped, as any
# unreadable file: a warning), while the first screen needs no file at all.
. "$TEST_DATA/lib.sh"
. "$TEST_DATA/t-tui-lib.sh"

test_expect_success 'fixture database, its index written by a first load' '
	tui_fixtures &&
	"$STABLEMATE" list >/dev/null &&
	add_message corpus/103.eml held.eml &&
	notmuch_new &&
	rm "$MAIL_DIR/new/held.eml" && mkfifo "$MAIL_DIR/new/held.eml"
'

test_begin_subtest 'the first screen comes from the index while the load waits on a file'
held=$MAIL_DIR/new/held.eml
tui_launch
tui_wait '· loading' >/dev/null
tui_settle
first=$(tui_screen_squeezed)
# Every row (t-tui.sh checks their order on the whole list).
test_expect_equal "$(echo "$first" | sed -n '2,39p' | grep -c '^ N?'; echo "$first" | tail -n 3)" "\
9
(28 blank lines)
[patches] 1 of 9 · by urgency · loading                                                                            100%
                                                                                                              Loading..."

test_begin_subtest 'once the load ends, the whole list shows the same rows'
# Opening the FIFO's other end lets the reader go on (it then finds no
# regular file and skips the message).
timeout 10 sh -c ": > '$held'"
tui_wait_status 'patches from' >/dev/null
whole=$(tui_screen_squeezed)
test_expect_equal "$(echo "$whole" | head -n 11)" "$(echo "$first" | head -n 11)"

test_begin_subtest '... and says what it could not read, in full in the message log'
test_expect_equal "$(echo "$whole" | tail -n 2 | sed 's/^9 patches from 16 notices (.*\.\.\. /9 patches from 16 notices (... /')
$(tui_log_last | sed "s|$MAIL_DIR|MAIL|")" "\
[patches] 1 of 9 · by urgency                                                                                      100%
9 patches from 16 notices (... (S: in full)
9 patches from 16 notices (1 unreadable: cannot read MAIL/new/held.eml: not a regular file; message skipped)"
test_done
