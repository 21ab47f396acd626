#!/bin/sh
# t-act-edit.sh - the editing flow on a real terminal (tmux): the reply
# opens in a scripted $EDITOR, then y sends, e edits again, d keeps a
# draft, q discards after a confirmation; a broken edit is refused and can
# be fixed; a plain reply left as it was made is not sent.
. "$TEST_DATA/t-act-lib.sh"
term_setup
act_setup 006.eml 008.eml

# start ARGS...: stablemate act ARGS... in a fresh terminal.
start() {
	term_start "\"$STABLEMATE\" --notmuch-config \"$NOTMUCH_CONFIG\" --config \"$CONFIG\" act $*; echo \"[exit \$?]\""
}

# (capture-pane drops the spaces that end a line.)
PROMPT="Send this reply? [y]es, [e]dit, [d]raft, [q]uit:"

# Edit, edit again, send.
edits 's/^It breaks.*/It breaks the userspace governor./' \
      '/^Thanks,/i Found by running the governor tests.\n'
start hold --tree 6.12 --reason "'It breaks things.'" 914cc799b28f
wait_for "$PROMPT"
check "the edited reply is shown before the question" "It breaks the userspace governor." \
	"$(screen | grep '^It breaks')"
keys e Enter
wait_count "Send this reply?" 2
keys y Enter
wait_for "[exit 0]"
check "sent after two edits" "hold 914cc799b28f 6.12: sent <ID>" \
	"$(screen | grep '^hold' | sed 's/<.*>/<ID>/')"
check "what was sent is what the editor left" "Please hold off on
914cc799b28f (\"PM / devfreq: governor: Replace sscanf() with kstrtoul() in set_freq_store()\")
for 6.12 for now:

It breaks the userspace governor.

Found by running the governor tests.

Thanks,
Test Maintainer" "$(sed -n '/^Please/,$p' "$FAKE_SENDMAIL_OUTBOX/1.eml")"
check "the editor ran twice" "2" "$(cat "$EDITS/count")"
check "sent: the patch is on hold" "inbox stablemate/hold unread" "$(tags_of 20250818124453.167067654@linuxfoundation.org)"
check "the edit file is gone once sent" "" "$(ls "$XDG_DATA_HOME/stablemate/edits")"

# A broken edit is refused, the text is kept, and a second edit fixes it.
edits 's/^To: .*/Bcc: someone@example.org/' 's/^Bcc: .*/To: stable@vger.kernel.org/'
start hold --tree 5.15 --reason x 914cc799b28f
wait_for "Fix it? [e]dit, [q]uit:"
check "the refusal says why, and only e and q are offered" "stablemate act: line 2: unknown header \"Bcc\" (only From, To, Cc and Subject can be edited)
Fix it? [e]dit, [q]uit:" \
	"$(screen | grep -v '^$')"
keys y Enter
wait_count "Fix it?" 2
keys e Enter
wait_for "$PROMPT"
keys d Enter
wait_for "[exit 0]"
draft=$(ls "$MAIL_DIR"/drafts/cur/*)
check "kept as a draft after the fix" "hold 914cc799b28f 5.15: draft saved as" \
	"$(screen | grep -o "^hold .* draft saved as")"
check "the draft has the fixed header" "To: stable@vger.kernel.org, patches@lists.linux.dev" "$(grep '^To:' "$draft")"
check "a draft changes no tag" "inbox stablemate/hold unread" "$(tags_of 20250804003849.3627024-12-sashal@kernel.org)"

# q asks first: n goes back to the question, y discards the reply.
edits 's/^x$/Discard me./'
start hold --tree 5.15 --reason x 914cc799b28f
wait_for "$PROMPT"
keys q Enter
wait_for "Discard this reply? [y/N]:"
keys n Enter
wait_count "Send this reply?" 2
keys q Enter
wait_count "Discard this reply?" 2
check "n goes back to the question" "2" \
	"$(screen | grep -c '^Discard this reply?')"
keys y Enter
wait_for "[exit 0]"
check "discarded" "hold 914cc799b28f 5.15: discarded" \
	"$(screen | grep '^hold')"
check "nothing more was sent or saved" "1 1" \
	"$(outbox_count) $(ls "$MAIL_DIR"/drafts/cur | wc -l)"
check "the edit files are gone" "" "$(ls "$XDG_DATA_HOME/stablemate/edits")"

# A plain reply the editor leaves as it was made is not sent and not asked
# about (mutt's abort_unmodified); the warning says why.
edits ''
start reply 914cc799b28f
wait_for "[exit 0]"
check "act reply left as made: discarded, with the reason" "reply 914cc799b28f 6.12: discarded
stablemate act: warning: nothing was written below the quote, so nothing was sent (edit the text to reply)
[exit 0]" "$(screen | sed -n '/^reply /,$p' | sed '/^$/d')"
check "nothing sent, no edit file" "1 " "$(outbox_count) $(ls "$XDG_DATA_HOME/stablemate/edits")"

# An editor that fails leaves the text as made too: that is no discard,
# its error is shown and the question asked.
export EDITOR=false
start reply 914cc799b28f
wait_for "$PROMPT"
check "a failed editor is reported, not taken for nothing written" \
	"stablemate act: the editor \"false\" failed (exit status 1); the reply is what the file holds" \
	"$(tmux -S "$SOCKET" capture-pane -p -S - | grep '^stablemate act:')"
keys q Enter
wait_for "Discard this reply? [y/N]:"
keys y Enter
wait_for "[exit 0]"
export EDITOR="sh '$TMP_DIRECTORY/editor.sh'"

test_done
