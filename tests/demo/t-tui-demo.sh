#!/bin/sh
# t-tui-demo.sh - `stablemate --demo` opens the TUI on the demo: the
# README's first command.  The demo's dates count from now, so ages and
# countdowns are checked by form and the rest exactly.
. "$TEST_DATA/lib.sh"
. "$TEST_DATA/t-tui-lib.sh"

TUI_SANITIZE_DUE=1

test_begin_subtest 'stablemate --demo opens the patch list on the demo, with the git marks'
# The marks come from the git worker after the list: wait for the last.
# F: released on 6.1, its Fixes: follow-up is not queued there; !: the
# autosel patch conflicts on 6.6 before any FAILED mail.
tui_start --demo --demo-dir "$TMP_DIRECTORY/demo"
tui_wait '^ N\?F +R' >/dev/null && tui_wait '^ N\?! A' >/dev/null
test_expect_equal "$(tui_screen_squeezed)" "\
*NTG 6.12  6.6  6.1     due  age author             subject
 N?     R   ~R    F     DUE  AGE Tomás Ruiz         usb: widget: validate the descriptor length
 N?     R    R    F     DUE  AGE Mira Olsen         net: acme: fix a NULL dereference in acme_rx()
 N?U         R    S     DUE  AGE Carol Nguyen       mm/pool: fix a leak on the error path
 N?     A    A    A          AGE Dev Patel          fs/demofs: fix an off-by-one in demofs_readdir()
 N?     D    A               AGE Ian Brooks         net: acme: enable the RX checksum offload by default
 N?C    A    A               AGE Carol Nguyen       mm/pool: do not unaccount objects that were never accounted
 N?          D               AGE Ian Brooks         net: acme: use a helper to count received packets
  +     A                    AGE Tomás Ruiz         usb: widget: add the Frobnicator 3000
(29 blank lines)
[patches] 1 of 8 · by urgency                                                                                      100%
8 patches from 35 notices"

test_begin_subtest 'the nearest deadline counts down in hours, red under 24 hours'
# One capture for both the text and its colour: a minute that ticks
# between two captures changes the countdown.
esc=$(printf '\033')
row=$(tmux_ capture-pane -e -p -t 0 | sed -n 2p)
due=$(printf '%s\n' "$row" | sed "s/$esc\[[0-9;]*m//g" | cut -c 21-27 | sed 's/^ *//')
# The countdown's colour: red (31) around it in the escape-coded screen.
red=$(printf '%s\n' "$row" | grep -c "$esc\[31m *$due")
test_expect_equal "$(printf '%s' "$due" | sed -E 's/^(1[0-8]|[0-9])h [0-9]+m$/NNh NNm/') $red" \
	"NNh NNm 1"

test_begin_subtest 'the patch view: each tree with the notice behind it'
tui_keys Enter
test_expect_equal "$(tui_screen | sed -n '1,2p;6,9p' | sed -E 's/[0-9]+[dh] [0-9]+[hm] +/DUE /g')" "\
0fd5cc752ddf usb: widget: validate the descriptor length
Upstream  0fd5cc752ddf3241539838dd6ac71314e190a310
Trees
  6.12 R review    6.12.60     DUE Greg Kroah-Hartman         [PATCH 6.12 087/142] usb: widget: validate the descrip
  6.6  R review    6.6.118     DUE Greg Kroah-Hartman         [PATCH 6.6 061/098] usb: widget: validate the descript
  6.1  F failed                        gregkh@linuxfoundation.org FAILED: patch \"[PATCH] usb: widget: validate the descr"

test_begin_subtest 'the review notice behind a tree opens in the pager'
tui_keys j Enter
test_expect_equal "$(tui_screen | sed -n '1,3p;5,7p')" "\
From: Greg Kroah-Hartman <gregkh@linuxfoundation.org>
To: stable@vger.kernel.org
Cc: Greg Kroah-Hartman <gregkh@linuxfoundation.org>, patches@lists.linux.dev, Tomás Ruiz <tomas.ruiz@example.com>
Subject: [PATCH 6.6 061/098] usb: widget: validate the descriptor length

6.6-stable review patch.  If anyone has any objections, please let me know."

test_begin_subtest 'the patch view predicts the cherry-pick per tree: the NULL dereference fix conflicts on 6.1'
tui_keys q q j Enter
# The dependencies come last, from a blame off the interface's thread.
tui_wait '^  Follow-ups: none' >/dev/null
tui_wait '^ +needs\? [0-9a-f]{12} ' >/dev/null
test_expect_equal "$(tui_screen | sed -n '/^Git$/,/^$/p')" "\
Git
  6.12   applies cleanly on linux-6.12.y
  6.6    applies cleanly on linux-6.6.y
  6.1    conflicts on linux-6.1.y: drivers/net/ethernet/acme/acme_main.c
         needs? 8c11f85e7f22 (\"net: acme: add per-queue statistics\"): missing
  Follow-ups: none in mainline"

# While the TUI is open: the CLI reuses the demo, a reset is refused.
built=$(cat "$TMP_DIRECTORY/demo/.stablemate-demo-built")
test_begin_subtest 'the CLI works on the demo while the TUI has it open, and does not rebuild it'
run_stablemate --demo --demo-dir "$TMP_DIRECTORY/demo" list
test_expect_equal "$run_status $(grep -c '^[0-9a-f]\{40\}  ' "$OUTPUT") $(cat "$TMP_DIRECTORY/demo/.stablemate-demo-built")" \
	"0 8 $built"
test_begin_subtest '--demo-reset is refused while the TUI has the demo open'
run_stablemate --demo-reset --demo-dir "$TMP_DIRECTORY/demo" list
test_expect_equal "$run_status $(sanitize_paths <"$ERRORS")" \
	"2 stablemate: cannot build the demo: the demo in TMP/demo is open in another stablemate; quit it first (or use --demo-dir)"
test_begin_subtest 'the TUI goes on after both, on the same demo'
tui_keys R
tui_wait_status '(Up to date|Refreshed)' >/dev/null
test_expect_equal "$(tui_title | cut -c1-7) $(ls "$TMP_DIRECTORY/demo/mail/cur" | wc -l)" "[patch] 14"

test_begin_subtest 'the demo list and the TUI agree'
tui_keys Q
tui_exited
run_stablemate --demo --demo-dir "$TMP_DIRECTORY/demo" list
test_expect_equal "$(grep -E '^([0-9a-f]{40}|-)  ' "$OUTPUT" | cut -d' ' -f3- |
	sed -e 's/  untriaged.*//' -e 's/  approved.*//')" "\
usb: widget: validate the descriptor length
net: acme: fix a NULL dereference in acme_rx()
mm/pool: fix a leak on the error path
fs/demofs: fix an off-by-one in demofs_readdir()
net: acme: use a helper to count received packets
net: acme: enable the RX checksum offload by default
mm/pool: do not unaccount objects that were never accounted
usb: widget: add the Frobnicator 3000"

test_done
