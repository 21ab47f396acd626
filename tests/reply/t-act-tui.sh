#!/bin/sh
# t-act-tui.sh - the triage keys in the TUI, on a real terminal (tmux
# 120x40) with a scripted $EDITOR: hold with a tree choice, a reason and
# two edits; done and undo; quick mode; a sendmail that fails.
. "$TEST_DATA/t-act-lib.sh"
term_setup
act_setup 006.eml 007.eml 008.eml 043.eml 045.eml 046.eml
HOLD_ID=20250818124453.167067654@linuxfoundation.org
TTM_ID=20230721160537.983415194@linuxfoundation.org
edits 's/^It breaks.*/It breaks the userspace governor./' \
      's/^Thanks,/Tested on 6.12.43.\n\nThanks,/'

# start [VAR=VALUE...]: the TUI in a fresh terminal.
start() {
	term_start "env $* \"$STABLEMATE\" --notmuch-config \"$NOTMUCH_CONFIG\" --config \"$CONFIG\""
}

start
wait_for "[patches] 1 of 2"

# h on the first patch: the trees prompt offers the open ones.
keys h
wait_for "Hold 914cc799b28f, trees: 6.16 6.12 5.15"
keys C-u 6.12 Enter
wait_for "Reason to hold:"
keys "It breaks things." Enter
wait_for "hold 914cc799b28f (6.12): y send, e edit again, d keep as draft, q discard"
keys e
for i in $(seq 100); do [ "$(cat "$EDITS/count")" = 2 ] && break; sleep 0.1; done
wait_for "hold 914cc799b28f (6.12): y send, e edit again, d keep as draft, q discard"
check "edited twice, nothing sent yet" "2 0" "$(cat "$EDITS/count") $(outbox_count)"
keys y
# (A wait that times out fails the test.)  The TUI then reads the new
# mail (the reply, no news: the user's own) and the new tags; triage keys
# wait until it has.
wait_for "hold: 1 sent"
settle
check "the reply went to the review patch, as edited" "In-Reply-To: <$HOLD_ID>
Please hold off on
914cc799b28f (\"PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()\")
for 6.12 for now:

It breaks the userspace governor.

Tested on 6.12.43.

Thanks,
Test Maintainer" "$(sed -n -e '/^In-Reply-To:/p' -e '/^Please/,$p' "$FAKE_SENDMAIL_OUTBOX/1.eml")"
check "the patch is on hold" "inbox stablemate/hold unread" "$(tags_of $HOLD_ID)"

# x on the second patch, then u puts the tags back.
keys j x
wait_for "done: 1 patch tagged stablemate/done, no mail sent (u undoes)"
settle
check "done tags the patch" "inbox stablemate/done unread" "$(tags_of $TTM_ID)"
keys u
wait_for "undid done of a590f03d8de7: untriaged again"
check "undo removes the tag" "inbox unread" "$(tags_of $TTM_ID)"
# The patch view shows the log, tag-only actions included.
keys Enter
wait_for "  did   "
check "the patch view shows what was done" \
"  did   DATE done tagged 6.4,6.1,5.15
  did   DATE undo tagged 6.4,6.1,5.15" \
	"$(screen | grep '^  did   ' | sed 's/^\(  did   \)[0-9-]* [0-9:]* */\1DATE /')"
keys q

# A broken edit: the question is the error alone and takes only e and q;
# the edit again fixes it; q asks, then discards.
edits 's/^To: .*/Bcc: someone@example.org/' 's/^Bcc: .*/To: stable@vger.kernel.org/'
keys h
wait_for "Hold a590f03d8de7, trees: 6.4 6.1 5.15"
keys C-u 5.15 Enter
wait_for "Reason to hold:"
keys x Enter
wait_for "e edit again, q discard"
check "an unreadable edit: only e and q, the error named" \
	"line 2: unknown header \"Bcc\" (only From, To, Cc and Subject can be edited) — e edit again, q discard" \
	"$(screen | grep -v '^ *$' | tail -1 | sed 's/ *$//')"
keys e
wait_for "hold a590f03d8de7 (5.15): y send"
check "the edit that mends it: the question without the last edit's error" \
	"hold a590f03d8de7 (5.15): y send, e edit again, d keep as draft, q discard, b body" \
	"$(screen | grep -v '^ *$' | tail -1 | sed 's/ *$//')"
keys q
wait_for "Discard this reply? y/n"
keys y
wait_for "hold: 1 discarded"
check "a discarded reply: nothing sent, nothing tagged" "1 inbox unread" "$(outbox_count) $(tags_of $TTM_ID)"

# Quick mode: no editor, one key per reply; n discards.
act_config "quick = true"
start
wait_for "[patches] 1 of 2"
keys j D
wait_for "Drop a590f03d8de7, trees: 6.4 6.1 5.15"
keys Enter
wait_for "Reason to drop:"
keys "Needs a prerequisite." Enter
wait_for "drop a590f03d8de7 (6.4): send to "
keys y
wait_for "drop a590f03d8de7 (6.1): send to "
keys n
wait_for "drop a590f03d8de7 (5.15): send to "
keys y
wait_for "drop: 2 sent 1 discarded"
check "quick mode sends the template unchanged" "Please drop
a590f03d8de7 (\"drm/ttm: Don't leak a resource on swapout move error\")
from 5.15:

Needs a prerequisite." "$(sed -n '/^Please/,/^Needs/p' "$FAKE_SENDMAIL_OUTBOX/3.eml")"
check "the editor did not run" "2" "$(cat "$EDITS/count")"
check "dropped" "inbox stablemate/drop unread" "$(tags_of $TTM_ID)"

# A sendmail that fails: the error shows, the reply is a draft.
start FAKE_SENDMAIL_FAIL=75
wait_for "[patches] 1 of 2"
keys / devfreq Enter h
wait_for "Hold 914cc799b28f, trees: 6.16 6.12 5.15"
keys C-u 5.15 Enter
wait_for "Reason to hold:"
keys "x" Enter
wait_for "send to "
keys y
# The command path is cut on the status line when the build path is long (distcheck).
wait_for "hold: 1 kept as draft; not sent: \""
check "the reply is a draft, nothing more was sent" "1 3" \
	"$(ls "$MAIL_DIR"/drafts/cur | wc -l) $(outbox_count)"

test_done
