#!/bin/sh
# t-act-record.sh - a reply that went out is never sent twice: when the
# sent copy, the tag or the history cannot be written the exit status says
# "sent, but not recorded" (3) and the copy never looks unsent; a sent
# folder on another filesystem still gets the copy; a send interrupted by
# a signal is waited for and recorded, and one that could not be (killed
# outright) is reported on the next run and not sent again.
. "$TEST_DATA/t-act-lib.sh"

act_setup 006.eml 008.eml
PM=914cc799b28f
PM_NOTICE=20250818124453.167067654@linuxfoundation.org
reply_id() { sed -n 's/^Message-Id: <\(.*\)>$/\1/p' "$1"; }

# No sent folder can be made: sent, but the copy stays where the draft was,
# no longer flagged as a draft (D) nor tagged as one.
: > "$TMP_DIRECTORY/not-a-folder"
act_config "sent = $TMP_DIRECTORY/not-a-folder/sent"
out=$(sm act hold --tree 6.12 --reason x --send $PM 2>&1; echo "exit $?")
copy=$(ls "$MAIL_DIR"/drafts/cur/*)
check "no sent copy: status 3, and the copy is named" "exit 3
hold 914cc799b28f 6.12: sent <$(reply_id "$copy")>
stablemate act: warning: sent, but no copy was saved in the sent folder: cannot create $TMP_DIRECTORY/not-a-folder/sent/cur: Not a directory; the sent message is $copy" \
	"$(printf '%s\n' "$out" | sort)"
check "... the copy is not flagged as a draft" "S" "${copy##*:2,}"
check "... nor tagged as one" "sent stablemate/sent" "$(tags_of "$(reply_id "$copy")")"
check "... and the patch is tagged" "inbox stablemate/hold unread" "$(tags_of $PM_NOTICE)"
check "the mail went out once" "1" "$(outbox_count)"
sm act undo > /dev/null
rm -rf "$MAIL_DIR/drafts" "$FAKE_SENDMAIL_OUTBOX"
notmuch new --quiet

# The history cannot be written (its path is a folder): status 3.
mkdir -p "$HISTORY.d"
act_config "[history]
path = $HISTORY.d"
out=$(sm act hold --tree 6.12 --reason x --send $PM 2>&1; echo "exit $?")
check "no history: status 3" "exit 3
hold 914cc799b28f 6.12: sent <ID>
stablemate act: warning: sent, but the history was not written: Is a directory" \
	"$(printf '%s\n' "$out" | sed -e 's/<[^>]*>/<ID>/' -e 's/history was not written: .*: \([^:]*\)$/history was not written: \1/' | sort)"
sm act untriage $PM > /dev/null 2>&1
rm -rf "$FAKE_SENDMAIL_OUTBOX"

# A sent folder on another filesystem: the copy is made there, flushed,
# and the draft removed (a rename cannot cross filesystems).
other=$(mktemp -d /dev/shm/stablemate-sent.XXXXXX 2>/dev/null)
if [ -n "$other" ] && [ "$(stat -c %d "$other")" != "$(stat -c %d "$MAIL_DIR")" ]; then
	act_config "sent = $other/sent"
	out=$(sm act hold --tree 6.12 --reason x --send $PM 2>&1; echo "exit $?")
	sent=$(ls "$other"/sent/cur/*)
	check "a sent folder on another filesystem: sent and recorded (outside the mail root, not indexed)" "exit 0
hold 914cc799b28f 6.12: sent <ID>
stablemate act: warning: $sent is saved but not indexed (run notmuch new): cannot index $sent: Error opening $sent: path outside mail root" \
		"$(printf '%s\n' "$out" | sed 's/sent <[^>]*>/sent <ID>/' | sort)"
	check "... the copy is in the sent folder, flagged seen" "S" "$(ls "$other/sent/cur" | sed 's/.*:2,//')"
	check "... with the whole message" "$(cat "$FAKE_SENDMAIL_OUTBOX/1.eml")" "$(cat "$other"/sent/cur/*)"
	check "... and nothing is left in drafts" "" "$(find "$MAIL_DIR/drafts" -type f)"
	rm -rf "$other"
	sm act untriage $PM > /dev/null
else
	rm -rf "$other"
	echo "SKIP: no second filesystem at /dev/shm"
fi
act_config ""
rm -rf "$FAKE_SENDMAIL_OUTBOX"

# Run in the background as the stablemate process itself (not a subshell),
# so that $! is the process that gets the signal.
# SIGTERM while sendmail runs: stablemate waits for it, records the send,
# then ends as the signal asks.
FAKE_SENDMAIL_SLEEP=1 "$STABLEMATE" --notmuch-config "$NOTMUCH_CONFIG" --config "$CONFIG" act hold --tree 6.12 --reason x --send $PM > "$TMP_DIRECTORY/out" 2>&1 &
pid=$!
for i in $(seq 100); do [ -s "$FAKE_SENDMAIL_OUTBOX/running" ] && break; sleep 0.05; done
kill -TERM $pid
wait $pid
status=$?
check "SIGTERM during a send: the send is waited for and recorded" "status 143
hold 914cc799b28f 6.12: sent <ID>
1 sent
inbox stablemate/hold unread" \
	"status $status
$(sed 's/<[^>]*>/<ID>/' "$TMP_DIRECTORY/out")
$(outbox_count) sent
$(tags_of $PM_NOTICE)"
check "... and the history says sent" "914cc799b28f17d369d5b4db3b941957d18157e8	6.12	hold	sent	untriaged" \
	"$(history_lines | tail -1)"
sm act untriage $PM > /dev/null
rm -rf "$FAKE_SENDMAIL_OUTBOX"

# Killed outright (SIGKILL) while sendmail runs: nothing can be recorded
# then, so the next run says so, and does not send that reply again.
FAKE_SENDMAIL_SLEEP=1 "$STABLEMATE" --notmuch-config "$NOTMUCH_CONFIG" --config "$CONFIG" act hold --tree 6.12 --reason x --send $PM > /dev/null 2>&1 &
pid=$!
for i in $(seq 100); do [ -s "$FAKE_SENDMAIL_OUTBOX/running" ] && break; sleep 0.05; done
kill -KILL $pid
wait $pid 2> /dev/null
# The orphaned sendmail finishes on its own.
for i in $(seq 100); do [ "$(outbox_count)" = 1 ] && break; sleep 0.05; done
draft=$(ls "$MAIL_DIR"/drafts/cur/*)
out=$(sm act hold --tree 6.12 --reason x --send $PM 2>&1; echo "exit $?")
check "after SIGKILL: the next run reports the interrupted send and refuses to send it again" "exit 1
hold 914cc799b28f 6.12: not sent
stablemate act: a hold reply to 914cc799b28f for 6.12 was being sent when stablemate was stopped: it may have gone out (Message-Id <$(reply_id "$draft")>, kept in $draft); check your sent mail, then delete $XDG_DATA_HOME/stablemate/sending/$(reply_id "$draft") to send it again
stablemate act: warning: a send was interrupted: a hold reply to 914cc799b28f for 6.12 (Message-Id <$(reply_id "$draft")>, kept in $draft)" \
	"$(printf '%s\n' "$out" | sort)"
check "... the mail went out once" "1" "$(outbox_count)"
rm -f "$XDG_DATA_HOME"/stablemate/sending/*
out=$(sm act hold --tree 6.12 --reason x --send $PM 2>&1; echo "exit $?")
check "... once the user has checked, it can be sent" "exit 0
hold 914cc799b28f 6.12: sent <ID>" "$(printf '%s\n' "$out" | sed 's/<[^>]*>/<ID>/' | sort)"

# The mbox "From " line of --print is asctime's form in ASCII: the day is
# padded with a space (GLib's %e pads with U+2007), the names are English.
from_line=$(LC_ALL=C.UTF-8 sm act hold --tree 6.12 --reason x --print $PM | head -1)
check "the mbox From line is ASCII, the day padded with a space" "ok" \
	"$(printf '%s\n' "$from_line" | LC_ALL=C grep -qE '^From stablemate (Mon|Tue|Wed|Thu|Fri|Sat|Sun) [A-Z][a-z]{2} [ 1-3][0-9] [0-9]{2}:[0-9]{2}:[0-9]{2} [0-9]{4}$' && echo ok || printf '%s\n' "$from_line" | od -c | head -2)"

test_done
