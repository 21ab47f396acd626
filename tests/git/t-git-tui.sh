#!/bin/sh
# t-git-tui.sh - the git keys in the TUI, on a real terminal (tmux 120x40)
# with a scripted $SHELL and $EDITOR: d asks for the dependencies picked
# in the list; c opens the worktree, the shell gives up and the worktree
# is removed, then c again, the shell resolves and commits, and the
# backport goes out through the reply path (its first edit broken: e and q
# only, then fixed).
. "$TEST_DATA/t-git-lib.sh"
term_setup
git_setup
# The backport's first edit is broken (a Bcc), the second fixes it.
edits 's/^Thanks,/Thanks a lot,/' 's/^To: /Bcc: /' 's/^Bcc: /To: /'
# What the shell does is in a file, so that one TUI can try both.
shell_script shell 'echo "shell in $PWD for $STABLEMATE_TREE: $(cat ../mode)" >> ../log
if [ "$(cat ../mode)" = abort ]; then git cherry-pick --abort
else '"$RESOLVE"'; fi'
mkdir -p "$WORKTREES" && echo abort > "$WORKTREES/mode"

term_start "env SHELL='$TMP_DIRECTORY/shell.sh' \"$STABLEMATE\" --notmuch-config \"$NOTMUCH_CONFIG\" --config \"$CONFIG\""
wait_for "[patches] 1 of 1"
# The load done (c while mail is read says "busy", and the load's own
# message would cover it).
settle
keys c

# c: the tree where it FAILED is offered; the shell gives up.
wait_for "Checkout on tree: 6.1"
keys Enter
wait_for "$DEREF12 on 6.1: abandoned: remove the worktree and its branch? y/n"
check "the shell ran in the worktree" "shell in $WORKTREES/$DEREF12-6.1 for 6.1: abort" \
	"$(cat "$WORKTREES/log")"
keys y
wait_for "removed $WORKTREES/$DEREF12-6.1 and stablemate/6.1/$DEREF12"
check "the worktree and its branch are gone" "gone" \
	"$(test -e "$WORKTREES/$DEREF12-6.1" || git -C "$REPO" branch --list 'stablemate/*' | grep -q . || echo gone)"

# d: the candidates, the missing one picked; the request goes out.
keys d
wait_for "Ask for dependencies on tree: 6.1"
keys Enter
wait_for "[ ] 0123456789ab"
check "the candidates, the useful one picked" "[x] 1adedf6271a6 (\"net: foo: store setup values in a table\")  6.1: missing  [blame, notice]
[ ] 0123456789ab (\"net: foo: a commit this repository does not have\")  6.1: not in the repository  [notice]" \
	"$(screen | grep '^\[')"
keys Enter
wait_for "dependencies of $DEREF12 on 6.1: y send, e edit again, d keep as draft, q discard"
check "the request's question: no preview above it, no b" "0
dependencies of $DEREF12 on 6.1: y send, e edit again, d keep as draft, q discard" \
	"$(screen | grep -c '── the reply ──'; screen | grep -v '^ *$' | tail -1 | sed 's/ *$//')"
keys y
wait_for "dependencies of $DEREF12 on 6.1: sent"
check "the request, as edited, in reply to the FAILED notice" "To: gregkh@example.org, alice@example.org, Bob Maintainer <bob@example.org>
Cc: stable@vger.kernel.org, Carol Reviewer <carol@example.org>
Subject: Re: FAILED: patch \"[PATCH] net: foo: fix null deref in foo_setup\" failed to apply to 6.1-stable tree
In-Reply-To: <$FAILED_ID>

Please also take
1adedf6271a6 (\"net: foo: store setup values in a table\") first.

Thanks a lot,
Test Maintainer" \
	"$(sed '/^$/q' "$FAKE_SENDMAIL_OUTBOX/1.eml" | unfold | grep -E '^(To|Cc|Subject|In-Reply-To):'; echo; sed -n '/^Please/,$p' "$FAKE_SENDMAIL_OUTBOX/1.eml")"

# c again: a new worktree; the shell resolves and commits; the backport.
echo resolve > "$WORKTREES/mode"
settle
keys c
wait_for "Checkout on tree: 6.1"
keys Enter
wait_for "Mail the backport to stable? y/n"
keys y
wait_for "backport of $DEREF12 to 6.1: e edit again, q discard"
check "an unreadable edit: only e and q, the backport named" \
	"backport of $DEREF12 to 6.1: e edit again, q discard" \
	"$(screen | grep -v '^ *$' | tail -1 | sed 's/ *$//')"
keys e
wait_for "backport of $DEREF12 to 6.1: y send, e edit again, d keep as draft, q discard"
check "the backport's question: no preview above it, no b" "0
backport of $DEREF12 to 6.1: y send, e edit again, d keep as draft, q discard" \
	"$(screen | grep -c '── the reply ──'; screen | grep -v '^ *$' | tail -1 | sed 's/ *$//')"
keys y
wait_for "backport of $DEREF12 to 6.1: sent"
check "the backport went to the list, in reply to the notice" "To: stable@vger.kernel.org
Cc: alice@example.org, Bob Maintainer <bob@example.org>, Carol Reviewer <carol@example.org>
Subject: [PATCH 6.1.y] net: foo: fix null deref in foo_setup
In-Reply-To: <$FAILED_ID>
commit $DEREF upstream." \
	"$(sed '/^$/q' "$FAKE_SENDMAIL_OUTBOX/2.eml" | unfold | grep -E '^(To|Cc|Subject|In-Reply-To):'; grep '^commit ' "$FAKE_SENDMAIL_OUTBOX/2.eml")"
check "three edits, two mails" "3 2" "$(cat "$EDITS/count") $(outbox_count)"
keys q
test_done
