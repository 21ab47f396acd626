#!/bin/sh
# t-leftover.sh - a reply whose edit never finished (issue 17, fault 9):
# stablemate, or the editor, killed during the edit.  The text stays in
# its edit file, the next run names it (the CLI's act, the TUI's status
# line) and offers it back, and a resumed reply is sent exactly once.
. "$TEST_DATA/t-act-lib.sh"
term_setup
act_setup 006.eml 007.eml 008.eml 043.eml 045.eml 046.eml
HOLD_ID=20250818124453.167067654@linuxfoundation.org
EDIT_DIR="$XDG_DATA_HOME/stablemate/edits"
PROMPT="Send this reply? [y]es, [e]dit, [d]raft, [q]uit:"

# (A trap, not an ignored signal: Ctrl-C stops stablemate, not the shell
# that reports its exit status.)
start_act() {
	term_start "trap : INT; \"$STABLEMATE\" --notmuch-config \"$NOTMUCH_CONFIG\" --config \"$CONFIG\" act $*; echo \"[exit \$?]\""
}
start_tui() {
	term_start "\"$STABLEMATE\" --notmuch-config \"$NOTMUCH_CONFIG\" --config \"$CONFIG\""
}
# The screen with wrapped lines joined.
joined() { tmux -S "$SOCKET" capture-pane -p -J 2>/dev/null; }
# The edit file left (its name is the reply's Message-ID).
left_file() { ls "$EDIT_DIR"/*.eml 2>/dev/null; }

# 1. The CLI: the editor writes, then stablemate is killed under it.
edits 's/^It breaks.*/It breaks the userspace governor./' \
      '/^Thanks,/i Found by running the governor tests.\n'
echo stablemate > "$EDITS/1.kill"
start_act hold --tree 6.12 --reason "'It breaks things.'" 914cc799b28f
wait_for "[exit 137]"
left=$(left_file)
id=$(basename "$left" .eml)
check "the text is kept in its edit file" "It breaks the userspace governor." \
	"$(grep '^It breaks' "$left")"
check "nothing was sent" "0" "$(outbox_count)"
out=$(sm act hold --tree 5.15 --reason x --print 914cc799b28f 2>&1 >/dev/null)
check "the next act names it and says how to resume it" \
"stablemate act: warning: a reply was left unfinished: a hold reply to 914cc799b28f for 6.12 (answering <$HOLD_ID>), in $left; resume it with: stablemate act resume $left" "$out"
start_act resume "$left"
wait_for "$PROMPT"
check "resumed: the editor opens on the text as it was left" \
	"It breaks the userspace governor.
Found by running the governor tests." "$(screen | grep -e '^It breaks' -e '^Found')"
keys y Enter
wait_for "[exit 0]"
check "sent, as the reply the edit file was" "hold 914cc799b28f 6.12: sent <$id>" \
	"$(screen | grep '^hold')"
check "what was sent is the text, answering the same notice" "Message-Id: <$id>
In-Reply-To: <$HOLD_ID>
Please hold off on
914cc799b28f (\"PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()\")
for 6.12 for now:

It breaks the userspace governor.

Found by running the governor tests.

Thanks,
Test Maintainer" "$(sed -n -e '/^Message-Id:/p' -e '/^In-Reply-To:/p' -e '/^Please/,$p' "$FAKE_SENDMAIL_OUTBOX/1.eml")"
check "the patch is on hold" "inbox stablemate/hold unread" "$(tags_of $HOLD_ID)"
check "nothing is left in the edits folder" "" "$(ls "$EDIT_DIR")"
out=$(sm act resume 2>&1)
check "so it cannot be resumed (or sent) again" "stablemate act: no reply was left unfinished
status 1 outbox 1" "$out
status $? outbox $(outbox_count)"

# 2. The editor killed, stablemate alive: it says so and shows what the
# file holds; Ctrl-C at the question leaves the file for the next run,
# and --send sends it once.
edits 's/^It breaks.*/Half of what I meant to say./'
echo editor > "$EDITS/1.kill"
start_act hold --tree 5.15 --reason "'It breaks things.'" 914cc799b28f
wait_for "$PROMPT"
check "the failed editor is named, and the text shown is the file's" \
	"stablemate act: the editor \"sh '$TMP_DIRECTORY/editor.sh'\" failed (killed by signal 9 (Killed)); the reply is what the file holds
Half of what I meant to say." "$(joined | grep -e '^stablemate' -e '^Half')"
keys C-c
wait_for "[exit 130]"
left=$(left_file)
id=$(basename "$left" .eml)
out=$(sm act resume --send "$left" 2>&1)
check "resume --send sends what the file holds" "hold 914cc799b28f 5.15: sent <$id>
Half of what I meant to say.
outbox 2" "$out
$(grep '^Half' "$FAKE_SENDMAIL_OUTBOX/2.eml")
outbox $(outbox_count)"
out=$(sm act resume --send "$left" 2>&1)
check "a second resume finds nothing" "stablemate act: $left is no reply left unfinished
outbox 2" "$out
outbox $(outbox_count)"

# 3. The TUI: stablemate killed during the edit; the next start says so
# and E reopens the reply.  (The two replies sent are notices too.)
edits 's/^It breaks.*/Breaks the governor on 6.16./' \
      's/^Thanks,/Tested on 6.16.1.\n\nThanks,/'
echo stablemate > "$EDITS/1.kill"
start_tui
wait_for "[patches] 1 of 2"
keys h
wait_for "Hold 914cc799b28f, trees: 6.16 6.12 5.15"
keys C-u 6.16 Enter
wait_for "Reason to hold:"
keys "It breaks things." Enter
for i in $(seq 100); do [ -n "$(left_file)" ] && [ "$(cat "$EDITS/count")" = 1 ] && break; sleep 0.1; done
sleep 0.5
left=$(left_file)
id=$(basename "$left" .eml)
start_tui
wait_for "[patches] 1 of 2"
check "the start says what was left, and which key resumes it" \
	"2 patches from 8 notices; 1 reply left unfinished (hold 914cc799b28f, 6.16): E resumes it" \
	"$(screen | tail -n 1 | sed 's/ *$//')"
keys E
wait_for "hold 914cc799b28f (6.16): y send, e edit again, d keep as draft, q discard"
check "E ran the editor on the text as it was left" "2" "$(cat "$EDITS/count")"
keys y
wait_for "hold: 1 sent"
check "sent once, with both edits" "Message-Id: <$id>
Breaks the governor on 6.16.
Tested on 6.16.1.
outbox 3" "$(grep -e '^Message-Id:' -e '^Breaks' -e '^Tested' "$FAKE_SENDMAIL_OUTBOX/3.eml")
outbox $(outbox_count)"
keys E
wait_for "resume: no reply was left unfinished"
check "nothing more was sent" "3" "$(outbox_count)"

test_done
