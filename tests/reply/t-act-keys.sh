#!/bin/sh
# t-act-keys.sh - the triage keys act on what the user named and sees, on
# a real terminal (tmux 120x40): marks with a limit (the hidden ones are
# asked about, the marks are cleared after), C-c and Escape at each prompt
# and question, the patch view answering the notice under the cursor,
# approve saying that it only tags, and quitting with marks.  The mails
# come out of tests/fake-sendmail and are compared exactly.
. "$TEST_DATA/t-act-lib.sh"
term_setup
act_setup 006.eml 007.eml 008.eml 043.eml 045.eml 046.eml
REVIEW=20250818124453.167067654@linuxfoundation.org
AUTOSEL_515=20250804003849.3627024-12-sashal@kernel.org
TTM_ADDED_61=2023072131-barricade-backwash-96aa@gregkh
TTM_REVIEW=20230721160537.983415194@linuxfoundation.org
# The editor's run: the reason, and the Cc line deleted (with its
# continuation lines): no Cc at all.
edits 's/^x$/Wait for the follow-up fix./
/^Cc:/,/^Subject:/{/^Subject:/!d}'

start() {
	term_start "env $* \"$STABLEMATE\" --notmuch-config \"$NOTMUCH_CONFIG\" --config \"$CONFIG\""
}
status_line() {
	screen | sed -n 40p | sed 's/ *$//'
}
title_line() {
	screen | sed -n 39p | sed 's/ *\(100%\)*$//'
}
# check_status NAME TEXT: the status line is exactly TEXT.
check_status() {
	wait_for "$2" || return
	check "$1" "$2" "$(status_line)"
}
# What each mail sent answers, and the trees its text names.
answered() {
	for f in "$FAKE_SENDMAIL_OUTBOX"/*.eml; do
		[ -f "$f" ] || continue
		echo "$(sed -n 's/^In-Reply-To: //p' "$f") $(unwrap "$f" | sed -n 's/^Please \(hold off on\|drop\) .*) \(for\|from\) \([0-9. and,]*\)\( for now\)*:$/\3/p')"
	done
}

# --- Marks, a limit, C-c and Escape at each step (quick mode) ---
act_config "quick = true"
start
wait_for "[patches] 1 of 2"
# The first screen comes before the load ends, whose message would cover T's.
wait_for "2 patches from 6 notices"
keys T
check_status "T marks both patches" "Marked 2 patches"
keys l; wait_for "Limit:"
keys subject:devfreq Enter
wait_for "subject:devfreq"
check "the title says what is marked" "[patches] 1 of 1 · subject:devfreq · by urgency · 2 marked" "$(title_line)"
keys h
check_status "a hidden marked patch is asked about" \
	"hold: 1 more marked patch is hidden by the limit: a act on all 2, v only the 1 in view, n cancel"
keys C-c
check_status "C-c cancels the question" "hold: cancelled"
check "the marks stay after a cancel" "[patches] 1 of 1 · subject:devfreq · by urgency · 2 marked" "$(title_line)"
keys h; wait_for "hidden by the limit"
keys v
check_status "the trees prompt says the action is on the marks" \
	"Hold, on 1 marked patch, trees (empty: each one's open trees):"
keys C-c
check_status "C-c cancels the trees prompt" \
	"Hold, on 1 marked patch, trees (empty: each one's open trees): cancelled"
keys h; wait_for "hidden by the limit"
keys v; wait_for "Hold, on 1 marked patch"
keys Enter
check_status "then the reason" "Reason to hold:"
keys Escape
check_status "Escape cancels the reason prompt" "Reason to hold: cancelled"
keys h; wait_for "hidden by the limit"
keys v; wait_for "Hold, on 1 marked patch"
keys Enter; wait_for "Reason to hold:"
keys "Breaks scripts." Enter
wait_for "hold 914cc799b28f (6.16): send to "
keys C-c
wait_for "hold 914cc799b28f (6.12): send to "
keys y
wait_for "hold 914cc799b28f (5.15): send to "
keys y
check_status "C-c at a send question sends nothing for that tree" "hold: 2 sent 1 discarded"
check "only the patch in view was answered" "<$REVIEW> 6.12
<$AUTOSEL_515> 5.15" "$(answered)"
check "the hidden marked patch is untouched" "inbox unread" "$(tags_of $TTM_REVIEW)"
# The two replies read back (the user's own: no "New mail").
settle
check "the marks are cleared after the action" "[patches] 1 of 1 · subject:devfreq · by urgency" "$(title_line)"
check "the hold tagged the patch" "inbox stablemate/hold unread" "$(tags_of $REVIEW)"
# One u undoes the whole hold, both trees, and says the mail stays sent.
keys u
check_status "undo after a two-tree hold: one step" \
	"undid hold of 914cc799b28f: untriaged again; the 2 replies sent cannot be recalled"
check "every notice is untriaged again" "inbox unread
inbox unread
inbox unread" "$(for id in $REVIEW $AUTOSEL_515 20250804002335.3613254-27-sashal@kernel.org; do tags_of $id; done)"
settle
keys u
check_status "a second u has nothing left to undo" "undo: nothing to undo"

# Approve with [reply] ack = false says that it only tags, and offers the reply.
keys l C-u Enter
wait_for "[patches] 1 of 2"
keys j a
check_status "approve says what it does" \
	"Approve a590f03d8de7: tag approved, no mail ([reply] ack = false)? y tag, r also reply with an Acked-by, n cancel"
keys y
check_status "and the status line says it again" \
	"approve: 1 patch tagged stablemate/approved, no mail sent (u undoes)"
check "approved" "inbox stablemate/approved unread" "$(tags_of $TTM_REVIEW)"
keys a; wait_for "Approve a590f03d8de7: tag approved"
keys r
check_status "r: approve with a reply, trees first" "Approve a590f03d8de7, trees: 6.4 6.1 5.15"
keys C-u 6.4 Enter
wait_for "approve a590f03d8de7 (6.4): send to "
keys y
check_status "the Acked-by is sent" "approve: 1 sent"
check "it answers the 6.4 review patch" "In-Reply-To: <$TTM_REVIEW>
Acked-by: Test Maintainer <maint@example.org>" \
	"$(grep -e '^In-Reply-To:' -e '^Acked-by:' "$FAKE_SENDMAIL_OUTBOX/3.eml")"

# Quitting with marks asks; n stays, C-c asks again, y quits.  The reply
# just sent is read back first, so that no refresh runs under the questions.
settle
keys T; wait_for "Marked 2 patches"
keys q
check_status "quitting with marks asks" "Quit? 2 patches are marked; y quit, n stay"
keys n
check_status "n stays" "Quit: cancelled"
keys C-c
check_status "C-c quits the same way" "Quit? 2 patches are marked; y quit, n stay"
keys y
for i in $(seq 300); do screen | grep -q "patches\]" || break; sleep 0.1; done
check "y quits" "" "$(screen | grep 'patches\]')"

# --- The patch view answers the notice under the cursor (editor) ---
act_config ""
rm -rf "$FAKE_SENDMAIL_OUTBOX"
start
wait_for "2 patches from"
# The replies sent above are the user's own: they do not make a patch new.
check "age and order count the notifications, not one's own replies" \
	"1y Lifeng Zheng
3y Thomas Hellström" "$(screen | sed -n '2,3p' | grep -o '[0-9]\+[a-z]\+ [^ ]* [^ ]*')"
keys / drm/ttm Enter
keys Enter
wait_for "[patch]"
# Opening a notice in the pager removes "unread", and the file's S flag
# follows (maildir.synchronize_flags), as in notmuch's own clients.
keys Enter
wait_for "[message]"
check "the pager marks the message read in the database" "inbox stablemate/approved" \
	"$(tags_of $TTM_REVIEW)"
check "and its file is flagged seen" "S" \
	"$(notmuch search --output=files id:$TTM_REVIEW | sed 's/.*:2,//')"
check "the other notices stay unread" "inbox stablemate/approved unread" "$(tags_of $TTM_ADDED_61)"
keys q
wait_for "[patch]"
# The read state moved the database: the TUI reads it back (our own write),
# without a word on the status line.
wait_screen "screen | grep 'review-patch' | cut -c1-3" "   "
check "... and says nothing of it on the status line" "" "$(status_line)"
check "the patch view shows it read" "   " "$(screen | grep 'review-patch' | cut -c1-3)"
keys j
keys h
check_status "on the 6.1 tree line: that tree's notice, that tree" \
	"Hold, answering \"Patch \"drm/ttm: Don't leak a resource on...\", trees: 6.1"
keys Enter; wait_for "Reason to hold:"
keys x Enter
wait_for "hold a590f03d8de7 (6.1): y send, e edit again, d keep as draft, q discard"
check "before y: the headers of what y sends, no Cc since its line was deleted" "\
── the reply ──
From: Test Maintainer <maint@example.org>
To: gregkh@linuxfoundation.org,
    andi.shyti@linux.intel.com,
    christian.koenig@amd.com,
    ckoenig.leichtzumerken@gmail.com,
    dri-devel@lists.freedesktop.org,
    nirmoy.das@intel.com,
    thomas.hellstrom@linux.intel.com
Cc:
Subject: Re: Patch \"drm/ttm: Don't leak a resource on swapout move error\" has been added to the 6.1-stable tree
[patch] 7 of 22 · drm/ttm: Don't leak a resource on swapout move error                                             100%
hold a590f03d8de7 (6.1): y send, e edit again, d keep as draft, q discard, b body" \
	"$(screen | sed -n '/── the reply ──/,$p' | sed 's/ *$//')"
keys b
wait_for "q discard, b headers"
check "b shows the whole reply" "From: Test Maintainer <maint@example.org>
To: gregkh@linuxfoundation.org,
    andi.shyti@linux.intel.com,
Wait for the follow-up fix.
hold a590f03d8de7 (6.1): y send, e edit again, d keep as draft, q discard, b headers" "$(screen | sed -n '1,3p;/^Wait/p;$p' | sed 's/ *$//')"
keys b
wait_for "── the reply ──"
keys C-c
check_status "C-c at y/e/d/q asks before discarding" "Discard this reply? y/n"
keys C-c
wait_for "hold a590f03d8de7 (6.1): y send, e edit again, d keep as draft, q discard"
keys y
check_status "then y sends it" "hold: 1 sent"
check "one mail, answering the 6.1 added note" "<$TTM_ADDED_61> 6.1" "$(answered)"
check "with the text as edited, and no Cc" "Wait for the follow-up fix. 0" \
	"$(grep '^Wait' "$FAKE_SENDMAIL_OUTBOX/1.eml") $(grep -c '^Cc:' "$FAKE_SENDMAIL_OUTBOX/1.eml")"

# M marks a whole patch read, and unread again.
keys q
wait_for "[patches]"
keys / drm/ttm Enter
keys M
check_status "M marks the patch read" "1 patch marked read"
check "every notice of it is read" "inbox stablemate/hold
inbox stablemate/hold
inbox stablemate/hold" "$(for id in $TTM_REVIEW $TTM_ADDED_61 2023072120-ageless-fondling-7f72@gregkh; do tags_of $id; done)"
check "the N flag is gone" "  =" "$(screen | grep "drm/ttm" | cut -c1-3)"
keys M
check_status "M again marks it unread" "1 patch marked unread"
check "unread again" "inbox stablemate/hold unread" "$(tags_of $TTM_ADDED_61)"
check "the N flag is back" " N=" "$(screen | grep "drm/ttm" | cut -c1-3)"
keys Q

test_done
