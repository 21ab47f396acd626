#!/bin/sh
# t-tui-wait.sh - keys typed while a refresh rebuilds the patches wait for
# it, as keys typed ahead wait in a terminal while a program is busy: an
# action key (here h, hold) is neither refused nor run on a half-built
# list, and the keys typed after it keep their order behind it.  Moving
# is not held.  The refresh is held open by the test's gate (tui/load.h:
# STABLEMATE_TEST_REFRESH_GATE), so that the keys are known to arrive
# while it runs, on any machine.
. "$TEST_DATA/lib.sh"
. "$TEST_DATA/t-tui-lib.sh"

test_expect_success 'fixture database' 'tui_fixtures'

GATE="$TMP_DIRECTORY/refresh-gate"
mkfifo "$GATE"
# open_gate: let the refresh that waits at the gate go on.
open_gate() { timeout 30 sh -c ': >"$1"' sh "$GATE"; }
TUI_ENV="STABLEMATE_TEST_REFRESH_GATE=$GATE"

test_begin_subtest 'moving is not held while a refresh runs'
tui_start
tui_keys R
tui_wait_status 'Refreshing'
tui_keys j
moved=$(tui_title)
open_gate
tui_wait_status 'Up to date'
test_expect_equal "$moved
$(tui_status)" "\
[patches] 2 of 9 · by urgency                                                                                      100%
Up to date"

test_begin_subtest 'an action key typed during a refresh waits for it, then acts on the patch in view'
tui_keys k
before=$(tui_line 2)
tui_keys R
tui_wait_status 'Refreshing'
tui_keys M
tui_keys j
held="$(tui_status)
$(tui_title)
$(tui_line 2)"
open_gate
tui_wait '^\[patches\] 2 of 9'
test_expect_equal "$before
$held
$(tui_status)
$(tui_title)
$(tui_line 2)" "\
 N?                         R  1d 12h  AGE Juergen Gross      xen/events: reset active flag for lateeoi events later
M j: wait for the refresh to end (C-c: drop)                                                               Refreshing...
[patches] 1 of 9 · by urgency                                                                                      100%
 N?                         R  1d 12h  AGE Juergen Gross      xen/events: reset active flag for lateeoi events later

[patches] 2 of 9 · by urgency                                                                                      100%
  ?                         R  1d 12h  AGE Juergen Gross      xen/events: reset active flag for lateeoi events later"

test_begin_subtest 'the read tag written, the next check refreshes'
tui_wait_status 'Refreshing'
open_gate
tui_wait_status '^ *$'
test_expect_equal "$(tui_status)" ""

test_begin_subtest 'while keys wait the terminal is read: C-c drops them, and does not quit'
before="$(tui_title)
$(tui_line 2)"
tui_keys R
tui_wait_status 'Refreshing'
tui_keys M j
tui_wait_status 'M j: wait'
tui_keys C-c
tui_wait_status '2 waiting keys dropped'
dropped=$(tui_status)
open_gate
tui_wait_status 'Up to date'
test_expect_equal "$dropped
$(tui_title)
$(tui_line 2)" "\
2 waiting keys dropped                                                                                     Refreshing...
$before"

test_begin_subtest "a prompt's Enter waits when its answer acts on the patches"
tui_keys k R
tui_wait_status 'Refreshing'
tui_keys :
tui_type toggle-read
tui_keys Enter
held="$(tui_status)
$(tui_line 2)"
open_gate
tui_wait_status 'marked unread'
test_expect_equal "$held
$(tui_line 2)" "\
:toggle-read
  ?                         R  1d 12h  AGE Juergen Gross      xen/events: reset active flag for lateeoi events later
 N?                         R  1d 12h  AGE Juergen Gross      xen/events: reset active flag for lateeoi events later"

test_begin_subtest 'q quits after the refresh of that tag'
tui_wait_status 'Refreshing'
open_gate
tui_wait_status 'marked unread *$'
tui_keys q
tui_exited
test_expect_equal "$(cat "$TMP_DIRECTORY/tui-status")" "0"

test_begin_subtest 'a question that a waiting key opens reads the keys typed after it'
tui_start
tui_keys t
tui_wait '^\[patches\] 1 of 9'
tui_keys R
tui_wait_status 'Refreshing'
tui_keys M Q n
tui_wait_status 'M Q n: wait'
waiting=$(tui_status)
open_gate
tui_wait_status 'Quit: cancelled'
test_expect_equal "$waiting
$(tui_status)
$(tui_line 2)" "\
M Q n: wait for the refresh to end (C-c: drop)                                                             Refreshing...
Quit: cancelled
* ?                         R  1d 12h  AGE Juergen Gross      xen/events: reset active flag for lateeoi events later"

test_done
